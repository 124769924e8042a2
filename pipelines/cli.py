"""The `jgz` command line (Dutch): genereer, valideer, run, demo, exporteer-aggregaten.

Exit codes: 0 success, 1 wrong input or configuration (with a message that says what to do),
2 usage error. Scripts and schedulers rely on these.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_FOUT, EXIT_GEBRUIK = 0, 1, 2
MIN_KINDEREN_MET_FOUTEN = 10  # the fault cases use the first dossiers of the export


class Gebruikersfout(Exception):
    """Something the user can mend (a path, DAGSTER_HOME, a busy database); the message is Dutch."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse asks with prefix "" for the usage inside a subcommand's prog: keep that empty
        return super().add_usage(usage, actions, groups, "Gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *a, **kw):
        kw.setdefault("formatter_class", _Formatter)
        kw.setdefault("add_help", False)
        eigen_help = not kw.get("parents")
        super().__init__(*a, **kw)
        if eigen_help:
            self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
        self._optionals.title = "opties"
        self._positionals.title = "argumenten"

    def error(self, message: str):
        self.print_usage(sys.stderr)
        vertaald = (
            message.replace("the following arguments are required", "verplicht argument ontbreekt")
            .replace("unrecognized arguments", "onbekende argumenten")
            .replace("invalid choice", "ongeldige keuze")
            .replace("expected one argument", "verwacht één waarde")
            .replace("invalid int value", "geen geheel getal")
            .replace("argument ", "")
        )
        print(f"{self.prog}: fout: {vertaald}", file=sys.stderr)
        sys.exit(EXIT_GEBRUIK)


def zichtbaar(tekst: str) -> str:
    """Text for the terminal: control characters (escape sequences from an export or a
    configuration) removed, line breaks and tabs kept."""
    return "".join(c for c in str(tekst) if c.isprintable() or c in "\n\t")


def _schrijf(tekst: str = "") -> None:
    print(zichtbaar(tekst), flush=True)


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _datum(tekst: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen datum (JJJJ-MM-DD)") from e


def _aantal(tekst: str) -> int:
    try:
        n = int(tekst)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen geheel getal") from e
    if n < 1:
        raise argparse.ArgumentTypeError(f"minstens 1 kind, niet {n}")
    return n


def _periode(tekst: str) -> str:
    """--periode: `YYYY` or `YYYY-Qn`, checked before anything runs (it becomes a folder name)."""
    from modellen.perioden import PeriodeFout, controleer_periode

    try:
        return controleer_periode(tekst)
    except PeriodeFout as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _config(args):
    from bronnen.config import laad_config

    return laad_config(args.config)


# -- genereer -------------------------------------------------------------------------------------


def cmd_genereer(args) -> int:
    from bronnen.config import zoek_config
    from bronnen.genereer import Instellingen, genereer

    if args.met_fouten and args.kinderen < MIN_KINDEREN_MET_FOUTEN:
        print(
            f"jgz genereer: fout: --met-fouten vraagt minstens {MIN_KINDEREN_MET_FOUTEN} kinderen "
            f"(de foutgevallen gebruiken de eerste dossiers), niet {args.kinderen}.",
            file=sys.stderr,
        )
        return EXIT_GEBRUIK
    gemeenten = Instellingen.gemeenten
    organisatie = Instellingen.organisatie
    if args.config or os.environ.get("JGZ_CONFIG") or zoek_config().is_file():
        # a configuration that is there must be right; only without one the demo werkgebied is used
        cfg = _config(args)
        gemeenten, organisatie = cfg.gemeenten, cfg.organisatie
    doel = Path(args.doel)
    if doel.exists() and not doel.is_dir():
        raise Gebruikersfout(f"{doel} is een bestaand bestand. Kies een nieuwe (of lege) map voor de export.")
    if doel.is_dir() and any(doel.iterdir()):
        # never write between someone's files (`jgz genereer /etc`)
        raise Gebruikersfout(f"De map {doel} is niet leeg. Kies een nieuwe (of lege) map voor de export.")
    inst = Instellingen(
        kinderen=args.kinderen,
        seed=args.seed,
        bds_versie=args.bds_versie,
        aanmaakdatum=args.aanmaakdatum,
        met_fouten=args.met_fouten,
        organisatie=organisatie,
        gemeenten=tuple(gemeenten),
    )
    start = time.time()

    def voortgang(klaar: int, totaal: int) -> None:
        _schrijf(f"  {_getal(klaar)} van {_getal(totaal)} kinderen")

    _schrijf(f"Synthetische export genereren: {_getal(args.kinderen)} kinderen, BDS {args.bds_versie}")
    nieuw = not doel.exists()
    try:
        m = genereer(doel, inst, voortgang)
    except OSError as fout:
        # what was written is removed: the folder was new or empty
        if nieuw:
            shutil.rmtree(doel, ignore_errors=True)
        else:
            for p in ("elementen.csv", "manifest.json"):
                (doel / p).unlink(missing_ok=True)
        raise Gebruikersfout(f"Kan de export niet schrijven in {doel}: {os_fout(fout)}.") from fout
    _schrijf(
        f"Klaar in {time.time() - start:.1f} s: {args.doel} ({_getal(m['bestanden'][0]['rijen'])} rijen, "
        f"aanmaakdatum {inst.aanmaakdatum:%d-%m-%Y})"
    )
    return EXIT_OK


# -- valideer -------------------------------------------------------------------------------------


def druk_verslag(verslag) -> None:
    m = verslag.export.manifest
    naam = m.bestandsnaam
    _schrijf(
        f"Export {verslag.export.bron.name}: {m.organisatie}, BDS {m.bds_versie}, aanmaakdatum {m.aanmaakdatum:%d-%m-%Y}"  # noqa: E501
    )
    _schrijf("")
    _schrijf("Afstemming van de datarijen:")
    for tekst, n in verslag.afstemming():
        _schrijf(f"  {tekst:<34} {_getal(n):>12}")
    som = verslag.gelezen - (
        verslag.opgeslagen
        + verslag.gekwarantaineerd
        + verslag.ontdubbeld
        + verslag.weggelaten_privacy
        + verslag.weggelaten_ongebruikt
    )
    _schrijf(f"  {'sluit' if verslag.sluit else 'SLUIT NIET'}: verschil {som}")
    if verslag.per_reden:
        _schrijf("")
        _schrijf("In kwarantaine, per reden (bestand, regel):")
        for code, reden, n in verslag.per_reden:
            regels = ", ".join(str(r) for r in verslag.voorbeelden.get(code, []))
            meer = " ..." if n > len(verslag.voorbeelden.get(code, [])) else ""
            _schrijf(f"  {_getal(n):>8}  {reden} [{code}]: {naam}, regel {regels}{meer}")
    if verslag.ongebruikte_elementen:
        _schrijf("")
        _schrijf(
            "Niet gebruikte elementen (geteld en weggelaten): "
            + ", ".join(f"{e} ({_getal(n)})" for e, n in verslag.ongebruikte_elementen[:15])
        )


def cmd_valideer(args) -> int:
    import duckdb

    from bronnen.config import ConfigFout
    from bronnen.export import ExportGeweigerd, controleer_organisatie, open_export
    from bronnen.inlezen import controleer, controleer_omvang

    try:
        cfg = _config(args)
        geheugen, organisatie = cfg.duckdb_geheugen, cfg.organisatie
    except ConfigFout:
        cfg = geheugen = organisatie = None  # validating needs no configuration
    start = time.time()
    try:
        with open_export(args.export) as export:
            if organisatie:  # `jgz run` refuses another organisation's export unless forced
                controleer_organisatie(export.manifest, organisatie)
            with tempfile.TemporaryDirectory(prefix="jgz-valideer-") as tmp:
                # a large export spills to a private folder (0700) that is removed afterwards
                con = duckdb.connect(config={"temp_directory": tmp, **({"memory_limit": geheugen} if geheugen else {})})
                verslag = controleer(con, export, voortgang=lambda t: _schrijf(f"  {t} ..."))
                # as `jgz run` would: no dossiers, or fewer than half of the published export's
                controleer_omvang(con, export, _vorige_omvang(cfg))
                con.close()
    except ExportGeweigerd as fout:
        _schrijf(f"Export geweigerd: {fout}")
        return EXIT_FOUT
    druk_verslag(verslag)
    _schrijf("")
    _schrijf(f"De export wordt geaccepteerd ({time.time() - start:.1f} s). Er is niets ingelezen.")
    return EXIT_OK


def _vorige_omvang(cfg):
    """(aanmaakdatum, kinderen) of the published database's newest export, read-only; None without one."""
    import duckdb

    from bronnen.inlezen import vorige_omvang

    if cfg is None or not cfg.database.exists():
        return None
    try:
        con = duckdb.connect(str(cfg.database), read_only=True)
    except duckdb.Error:
        return None  # held by a run: validate without the comparison
    try:
        return vorige_omvang(con)
    except duckdb.Error:
        return None
    finally:
        con.close()


# -- run ------------------------------------------------------------------------------------------


def _dagster_home(cfg) -> None:
    """DAGSTER_HOME (default: dagster/ beside the database), checked before Dagster starts."""
    waarde = os.environ.get("DAGSTER_HOME")
    home = Path(waarde) if waarde else cfg.dagster_home
    if not home.is_absolute():
        raise Gebruikersfout(
            f"DAGSTER_HOME ({waarde}) moet een absoluut pad zijn, zoals /srv/jgz/dagster. Pas het aan, of maak "
            f"het leeg: dan bewaart Dagster zijn gegevens in {cfg.dagster_home}."
        )
    try:
        home.mkdir(parents=True, exist_ok=True)
        from pipelines.werk import privé_dagster

        privé_dagster(home)  # Dagster's storage holds run metadata: owner only (bds-export.md)
        yaml = home / "dagster.yaml"
        if not yaml.exists():
            yaml.write_text("telemetry:\n  enabled: false\n")
        with tempfile.NamedTemporaryFile(dir=home, prefix=".schrijftest-"):
            pass
    except OSError as fout:
        raise Gebruikersfout(
            f"Dagster kan zijn gegevens niet bewaren in {home} (DAGSTER_HOME): {os_fout(fout)}. Kies een beschrijfbare "
            f"map, of maak DAGSTER_HOME leeg (standaard: {cfg.dagster_home})."
        ) from fout
    os.environ["DAGSTER_HOME"] = str(home)


def voer_run_uit(cfg, export: Path, periode: str | None, forceer: bool, factsheets: bool = True) -> int:
    """Run the whole pipeline for `export` through Dagster (in process); returns the exit code.

    Without `factsheets` the job `cijferrun` publishes the database and leaves the outbox as it is.
    """
    _dagster_home(cfg)
    # the code location reads the configuration too (factsheet partitions = configured gemeenten)
    os.environ["JGZ_CONFIG"] = str(cfg.pad)
    from bronnen.pseudoniem import SleutelFout, sleutel
    from pipelines.werk import RunBezig, runslot

    try:
        sleutel(cfg.database)  # a missing key is made now; a short one is refused before anything runs
    except SleutelFout as fout:
        _schrijf(str(fout))
        return EXIT_FOUT

    try:
        with runslot(cfg.database):
            pass  # a quick look: refuse at once, before Dagster starts, when a run is busy
    except RunBezig as fout:
        _schrijf(str(fout))
        return EXIT_FOUT
    import dagster as dg

    from pipelines import voortgang
    from pipelines.definitions import defs

    job = defs.resolve_job_def("maandrun" if factsheets else "cijferrun")
    run_config = {
        "ops": {"bds_export": {"config": {"export": str(export), "forceer": forceer}}},
        "resources": {"jgz": {"config": {"config_pad": str(cfg.pad), "periode": periode or ""}}},
        # the command line prints its own Dutch progress; the full log is in Dagster's run history
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
    }
    from pipelines.factsheets import alle_gemeenten_tags

    voortgang.luister(lambda t: _schrijf(f"  {t}"))
    start = time.time()
    # one run for all gemeenten (single-run backfill): one kernel and one Chromium for the batch
    tags = alle_gemeenten_tags() if factsheets else {}
    try:
        try:
            instance = dg.DagsterInstance.get()
        except Exception as fout:  # noqa: BLE001 - a broken dagster.yaml or storage: say where
            regel = zichtbaar(str(fout).strip().splitlines()[0] if str(fout).strip() else type(fout).__name__)
            raise Gebruikersfout(
                f"Dagster kan zijn opslag in {os.environ['DAGSTER_HOME']} (DAGSTER_HOME) niet openen: {regel[:200]}. "
                "Controleer dagster.yaml in die map, of maak DAGSTER_HOME leeg."
            ) from fout
        with instance:
            resultaat = job.execute_in_process(
                run_config=run_config, instance=instance, raise_on_error=False, tags=tags
            )
    finally:
        voortgang.stop()
    if not resultaat.success:
        fout = _eerste_fout(resultaat, cfg.database)
        _schrijf(f"De run is mislukt: {fout}")
        from pipelines.werk import publicatie_stand

        _schrijf(
            publicatie_stand(cfg.database)
            or "Er is niets gepubliceerd; het vorige DuckDB-bestand en de uitvoer zijn ongewijzigd."
        )
        return EXIT_FOUT
    _schrijf(f"Run klaar in {time.time() - start:.1f} s (Dagster-run {resultaat.run_id[:8]}).")
    _schrijf(f"DuckDB-bestand: {cfg.database}")
    if not factsheets:
        _schrijf("Geen factsheets gemaakt (--zonder-factsheets); de outbox is ongewijzigd.")
        return EXIT_OK
    mislukt = _mislukte_factsheets(cfg, resultaat.run_id)
    if mislukt:
        _schrijf(f"Mislukte factsheets: {mislukt}. De rest is gepubliceerd; zie index.html.")
        return EXIT_FOUT
    return EXIT_OK


def _mislukte_factsheets(cfg, run_id: str) -> str | None:
    import duckdb

    con = duckdb.connect(str(cfg.database), read_only=True)
    try:
        rij = con.execute("select mislukte_factsheets from beheer.runs where run_id = ?", [run_id]).fetchone()
    finally:
        con.close()
    return rij[0] if rij else None


VOL = ("No space left", "File too large", "Disk quota", "disk is full", "Errno 28", "Errno 27", "Errno 122")
SCHRIJFFOUTEN = (*VOL, "Permission denied", "Read-only file system", "Not a directory")
SLOT = "Could not set lock on file"


def vertaal_fout(tekst: str, database: Path | None = None) -> str | None:
    """A Dutch explanation for a known cause in an (English) error text, or None."""
    if SLOT in tekst:
        return (
            f"Het DuckDB-bestand{f' {database}' if database else ''} is geopend door een ander programma dat "
            "erin schrijft. Sluit dat programma (of open het bestand alleen-lezen) en start opnieuw."
        )
    if m := re.search(r"Table with name \"?([\w.]+)\"? does not exist", tekst):
        return (
            f"Het DuckDB-bestand{f' {database}' if database else ''} mist de tabel of view {m.group(1)}: het is "
            "gemaakt met een oudere versie van jgz of is onvolledig. De volgende `jgz run` met een nieuwe export "
            "maakt het opnieuw."
        )
    if any(s in tekst for s in VOL):
        return "De schijf is vol: maak ruimte (of kies in jgz.toml [paden] een schijf met ruimte) en start opnieuw."
    if any(s in tekst for s in SCHRIJFFOUTEN):
        return (
            "Er kon niet geschreven worden: de schijf is vol of de map is niet beschrijfbaar. Maak ruimte of "
            "controleer de rechten en de paden in jgz.toml."
        )
    return None


_OSFOUTEN = {
    errno.ENOSPC: "de schijf is vol; maak ruimte en probeer opnieuw",
    errno.EDQUOT: "de schijf is vol (quotum bereikt); maak ruimte en probeer opnieuw",
    errno.EFBIG: "het bestand wordt te groot voor de schijf; maak ruimte en probeer opnieuw",
    errno.EACCES: "geen rechten; kies een map waarin u mag schrijven",
    errno.EPERM: "geen rechten; kies een map waarin u mag schrijven",
    errno.EROFS: "het bestandssysteem is alleen-lezen; kies een andere map",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EISDIR: "het pad is een map, geen bestand",
    errno.ENOENT: "bestaat niet",
}


def os_fout(fout: OSError) -> str:
    """An OSError in Dutch: what is wrong, and with which path."""
    tekst = _OSFOUTEN.get(fout.errno) or vertaal_fout(str(fout)) or (fout.strerror or type(fout).__name__)
    return f"{fout.filename}: {tekst}" if fout.filename else tekst


def _eigen_fout(fout):
    """The first error in the chain that is not one of Dagster's wrappers (our own message)."""
    keten = []
    while fout is not None:
        keten.append(fout)
        fout = fout.cause
    for f in keten:
        if f.cls_name == "Failure" or not f.cls_name.startswith("Dagster"):
            return f, keten
    return keten[-1], keten


def _eerste_fout(resultaat, database: Path | None = None) -> str:
    """What went wrong in a failed run, in Dutch: a failed step, a resource that could not start (the
    run lock), or a blocking check."""
    for e in resultaat.all_events:
        data = e.event_specific_data
        fout = getattr(data, "error", None)
        if e.is_step_failure and e.step_failure_data:
            fout = e.step_failure_data.error
        if fout is not None and e.event_type_value in ("STEP_FAILURE", "RESOURCE_INIT_FAILURE", "PIPELINE_FAILURE"):
            eigen, keten = _eigen_fout(fout)
            regels = (eigen.message or "").strip().splitlines()
            tekst = regels[0] if regels else eigen.cls_name
            # Dagster writes "module.Class: message"; the user needs the message
            tekst = re.sub(r"^[\w.]+(Error|Exception|Failure|Bezig): ", "", tekst)
            if eigen.cls_name == "RunBezig":
                return tekst
            uitleg = vertaal_fout(" ".join(f.message or "" for f in keten), database)
            return f"{tekst} — {uitleg}" if uitleg else tekst
        if e.event_type_value == "ASSET_CHECK_EVALUATION":
            if data and not data.passed and data.blocking:
                return f"controle {data.check_name} faalt"
    return "onbekende fout; zie de Dagster-UI (make dev)"


def cmd_run(args) -> int:
    from bronnen.export import ExportGeweigerd, open_export
    from bronnen.inbox import kandidaten, nieuwste_nieuwe
    from pipelines.werk import RunBezig

    cfg = _config(args)
    from pipelines.werk import PublicatieOnderbroken, rond_publicatie_af

    try:
        if afgemaakt := rond_publicatie_af(cfg.database):  # before "al ingelezen": finish it first
            _schrijf(afgemaakt)
    except PublicatieOnderbroken as fout:
        _schrijf(str(fout))
        return EXIT_FOUT
    bekend = _bekende_exports(cfg)
    if args.export:
        export = Path(args.export)
    else:
        k = nieuwste_nieuwe(cfg.inbox, bekend)
        onleesbaar = [c.pad.name for c in kandidaten(cfg.inbox) if not c.export_id]
        if onleesbaar:
            _schrijf("Let op, onleesbaar in de inbox (geen geldig manifest): " + ", ".join(onleesbaar))
        if k is None:
            _schrijf(f"Geen nieuwe export in de inbox {cfg.inbox}; er is niets te doen.")
            return EXIT_OK
        export = k.pad
    try:
        with open_export(export, werkmap=None) as e:
            if e.export_id in bekend:
                _schrijf(f"De export {export.name} is al ingelezen (zelfde sha256); er verandert niets.")
                return EXIT_OK
    except ExportGeweigerd as fout:
        _schrijf(f"Export geweigerd: {fout}")
        return EXIT_FOUT
    _schrijf(f"Run met export {export}")
    try:
        return voer_run_uit(cfg, export, args.periode, args.forceer, not args.zonder_factsheets)
    except RunBezig as fout:
        _schrijf(str(fout))
        return EXIT_FOUT


def _bekende_exports(cfg) -> set[str]:
    import duckdb

    if not cfg.database.exists():
        return set()
    try:
        con = duckdb.connect(str(cfg.database), read_only=True)
    except duckdb.Error as fout:
        raise Gebruikersfout(
            vertaal_fout(str(fout), cfg.database) or f"Het DuckDB-bestand {cfg.database} kan niet geopend worden."
        ) from fout
    try:
        return {r[0] for r in con.execute("select export_id from beheer.exports").fetchall()}
    except duckdb.Error:
        return set()  # a file without beheer.exports: nothing ingested yet
    finally:
        con.close()


# -- demo -----------------------------------------------------------------------------------------


def cmd_demo(args) -> int:
    cfg = _config(args)
    doel = cfg.inbox / f"demo-export-{args.aanmaakdatum.isoformat()}"
    if not (doel / "manifest.json").exists():
        ns = argparse.Namespace(
            config=args.config,
            kinderen=args.kinderen,
            seed=args.seed,
            bds_versie="4.0.1",
            aanmaakdatum=args.aanmaakdatum,
            met_fouten=False,
            doel=str(doel),
        )
        cmd_genereer(ns)
    else:
        _schrijf(f"Demo-export bestaat al: {doel}")
    if doel.resolve() and _demo_al_ingelezen(cfg, doel):
        _schrijf("De demo-export is al ingelezen; het DuckDB-bestand is actueel.")
        code = EXIT_OK
    else:
        code = voer_run_uit(cfg, doel, None, forceer=True)
    if code == EXIT_OK:
        _toon_resultaat(cfg)
    return code


def _demo_al_ingelezen(cfg, doel: Path) -> bool:
    from bronnen.export import ExportGeweigerd, lees_manifest

    try:
        return lees_manifest(doel).sha256 in _bekende_exports(cfg)  # the one manifest reader
    except ExportGeweigerd:
        return False


def _toon_resultaat(cfg) -> None:
    import duckdb

    con = duckdb.connect(str(cfg.database), read_only=True)
    try:
        for schema, tabel in con.execute(
            "select schema_name, table_name from duckdb_tables() order by 1, 2"
        ).fetchall():
            n = con.execute(f"select count(*) from {schema}.{tabel}").fetchone()[0]
            _schrijf(f"  {schema}.{tabel:<24} {_getal(n):>12} rijen")
    finally:
        con.close()
    _schrijf(f"DuckDB-bestand: {cfg.database}")
    index = sorted((cfg.uitvoer / "factsheets").glob("*/index.html"))
    if index:
        _schrijf(f"Factsheets: {index[-1]}")


# -- exporteer-aggregaten -------------------------------------------------------------------------


def cmd_exporteer_aggregaten(args) -> int:
    from modellen.aggregaten import exporteer

    cfg = _config(args)
    doel = Path(args.doel) if args.doel else cfg.uitvoer / "aggregaten"
    if doel.exists() and not doel.is_dir():
        raise Gebruikersfout(f"{doel} is een bestaand bestand, geen map. Geef een map op voor de aggregaten.")
    vorige = [p.name for p in (doel / "indicatorwaarden.csv", doel / "manifest.json") if p.exists()]
    try:
        bestanden = exporteer(cfg, doel)
    except FileNotFoundError as fout:
        _schrijf(str(fout))
        return EXIT_FOUT
    except OSError as fout:
        raise Gebruikersfout(f"Kan de aggregaten niet schrijven in {doel}: {os_fout(fout)}.") from fout
    if vorige:
        _schrijf(f"De vorige aggregaten in {doel} zijn vervangen.")
    for b in bestanden:
        _schrijf(f"  {b}")
    return EXIT_OK


# -- teksten -------------------------------------------------------------------------------------


def cmd_teksten(args) -> int:
    from factsheets.concepten import schrijf_concepten

    cfg = _config(args)
    if cfg.teksten is None or not cfg.database.exists():
        _schrijf(f"{cfg.pad}: geen map voor teksten ([paden] teksten) of nog geen database; draai eerst `jgz run`.")
        return EXIT_FOUT
    try:
        periode, geschreven, bewaard = schrijf_concepten(cfg.database, cfg.teksten, args.periode)
    except ValueError as fout:
        _schrijf(str(fout))
        return EXIT_FOUT
    _schrijf(f"Concepten {periode} in {cfg.teksten / periode}: {len(geschreven)} nieuw, {len(bewaard)} bestonden al.")
    for pad in geschreven:
        _schrijf(f"  {pad.name}")
    return EXIT_OK


# -- main -----------------------------------------------------------------------------------------


def maak_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jgz",
        description=(
            "Maandelijkse BDS-export van de JGZ naar indicatoren en factsheets per gemeente.\n\n"
            "Voorbeeld:\n  jgz genereer --kinderen 20000 data/inbox/export-2025-02\n"
            "  jgz valideer data/inbox/export-2025-02\n  jgz run"
        ),
    )
    p.add_argument("--config", metavar="PAD", help="jgz.toml (anders $JGZ_CONFIG of ./jgz.toml)")
    sub = p.add_subparsers(dest="opdracht", title="opdrachten", metavar="OPDRACHT", parser_class=_Parser)
    # --config may also follow the command (`jgz run --config X`); SUPPRESS keeps the one given before
    algemeen = _Parser(add_help=False)
    algemeen.add_argument("--config", metavar="PAD", default=argparse.SUPPRESS, help="jgz.toml (zie jgz --help)")

    g = sub.add_parser(
        "genereer",
        parents=[algemeen],
        help="schrijf een synthetische export",
        description="Schrijft een synthetische BDS-export (manifest.json en elementen.csv) naar map DOEL.\n\n"
        "Voorbeeld:\n  jgz genereer --kinderen 5000 --seed 7 --bds-versie 3.2.7 /tmp/export",
    )
    g.add_argument(
        "--kinderen",
        type=_aantal,
        default=20_000,
        metavar="N",
        help="aantal kinderen (standaard 20000)",
    )
    g.add_argument(
        "--seed",
        type=int,
        default=2025,
        metavar="S",
        help="startwaarde van het toeval (standaard 2025)",
    )
    g.add_argument(
        "--bds-versie",
        default="4.0.1",
        choices=["3.2.7", "4.0.1"],
        help="BDS-versie (standaard 4.0.1)",
    )
    g.add_argument(
        "--aanmaakdatum",
        type=_datum,
        default=date(2025, 2, 3),
        metavar="D",
        help="JJJJ-MM-DD (standaard 2025-02-03)",
    )
    g.add_argument("--met-fouten", action="store_true", help="voeg elk foutgeval uit het exportcontract toe")
    g.add_argument("doel", metavar="DOEL", help="map waarin de export komt")
    g.set_defaults(functie=cmd_genereer)

    v = sub.add_parser(
        "valideer",
        parents=[algemeen],
        help="controleer een export zonder iets in te lezen",
        description="Controleert een export volledig en toont het verslag; leest niets in.\n"
        "Eindigt met code 1 als de export geweigerd zou worden.\n\nVoorbeeld:\n  jgz valideer data/inbox/export-2025-02.zip",  # noqa: E501
    )
    v.add_argument("export", metavar="EXPORT", help="exportmap of .zip")
    v.set_defaults(functie=cmd_valideer)

    r = sub.add_parser(
        "run",
        parents=[algemeen],
        help="lees een export in en maak alles wat ervan afhangt",
        description="Leest EXPORT in (of de nieuwste nieuwe export in de inbox) en maakt via Dagster\n"
        "de indicatoren, de publicatie en de factsheets.\n\nVoorbeeld:\n  jgz run --export data/inbox/export-2025-02 --periode 2024",  # noqa: E501
    )
    r.add_argument(
        "--export",
        metavar="EXPORT",
        help="exportmap of .zip (standaard: nieuwste nieuwe in de inbox)",
    )
    r.add_argument(
        "--periode",
        type=_periode,
        metavar="P",
        help="periode van de factsheets, bv. 2024 of 2024-Q3 (standaard: laatste volledige jaar)",
    )
    r.add_argument(
        "--forceer",
        action="store_true",
        help="accepteer een export die ouder is dan de nieuwste ingelezen export",
    )
    r.add_argument(
        "--zonder-factsheets",
        action="store_true",
        help="alleen inlezen en de cijfers publiceren; de factsheets in de outbox blijven zoals ze zijn",
    )
    r.set_defaults(functie=cmd_run)

    d = sub.add_parser(
        "demo",
        parents=[algemeen],
        help="genereer de demo-export en voer alles uit",
        description="Genereert de demo-export (vaste seed, 20.000+ kinderen) in de inbox en voert de hele run uit.\n\n"
        "Voorbeeld:\n  jgz demo",
    )
    d.add_argument(
        "--aanmaakdatum",
        type=_datum,
        default=date(2025, 2, 3),
        metavar="D",
        help="JJJJ-MM-DD (standaard 2025-02-03)",
    )
    d.add_argument(
        "--kinderen",
        type=_aantal,
        default=25_000,
        metavar="N",
        help="aantal kinderen (standaard 25000)",
    )
    d.add_argument("--seed", type=int, default=2025, metavar="S", help=argparse.SUPPRESS)
    d.set_defaults(functie=cmd_demo)

    a = sub.add_parser(
        "exporteer-aggregaten",
        parents=[algemeen],
        help="schrijf de gepubliceerde cijfers voor benchmarking",
        description="Schrijft publicatie.indicatorwaarden als parquet en CSV met een manifest, zonder\n"
        "gegevens op kindniveau.\n\nVoorbeeld:\n  jgz exporteer-aggregaten uitvoer/aggregaten",
    )
    a.add_argument("doel", nargs="?", metavar="DOEL", help="map (standaard: uitvoer/aggregaten)")
    a.set_defaults(functie=cmd_exporteer_aggregaten)

    t = sub.add_parser(
        "teksten",
        help="schrijf concepttekst per gemeente voor de regiomanager",
        description="Schrijft voor elke gemeente zonder tekst een concept {teksten}/{periode}/{GMxxxx}.md met\n"
        "wat opvalt in de cijfers. Een bestaande tekst wordt nooit overschreven.\n\n"
        "Voorbeeld:\n  jgz teksten --periode 2024",
    )
    t.add_argument(
        "--periode", type=_periode, metavar="P", help="bv. 2024 of 2024-Q3 (standaard: laatste volledige jaar)"
    )
    t.set_defaults(functie=cmd_teksten)
    return p


def main(argv: list[str] | None = None) -> int:
    from bronnen.config import ConfigFout
    from modellen.metadata import MetadataFout, indicatoren
    from pipelines.werk import RunBezig

    parser = maak_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "functie", None):
        parser.print_help()
        return EXIT_GEBRUIK
    try:
        indicatoren()  # a broken indicator metadata file is a message now, not a failure halfway a run
        return args.functie(args)
    except MetadataFout as fout:
        _schrijf(f"Fout in de indicatordefinities: {fout}")
        return EXIT_FOUT
    except ConfigFout as fout:
        _schrijf(f"Configuratiefout: {fout}")
    except (Gebruikersfout, RunBezig) as fout:
        _schrijf(str(fout))
    except KeyboardInterrupt:
        _schrijf("Afgebroken.")
    except OSError as fout:
        # a full disk, a folder without rights, a path that is a file: said in Dutch, never a traceback
        _schrijf(f"Kan niet lezen of schrijven: {os_fout(fout)}.")
    except Exception as fout:  # noqa: BLE001 - the last resort: a bug, said without the values involved
        import traceback

        plek = traceback.extract_tb(fout.__traceback__)[-1]
        uitleg = vertaal_fout(str(fout))
        if uitleg:
            _schrijf(uitleg)
        else:
            # the message itself is not printed: it may quote a value from an export
            _schrijf(
                f"Onverwachte fout ({type(fout).__name__} in {Path(plek.filename).name}, regel {plek.lineno}). "
                "Dit is een fout in jgz: meld het, met de opdracht die u gaf."
            )
    return EXIT_FOUT


if __name__ == "__main__":
    sys.exit(main())
