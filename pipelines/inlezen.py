"""Dagster assets for ingest: which export, and the typed records in intern.* with quarantine."""

from pathlib import Path

import dagster as dg

from bronnen.export import ExportGeweigerd, controleer_organisatie, open_export
from bronnen.inbox import nieuwste_nieuwe
from bronnen.inlezen import AlIngelezen, lees_in
from bronnen.pseudoniem import sleutel
from pipelines.resources import JgzOmgeving
from pipelines.voortgang import meld


class ExportKeuze(dg.Config):
    export: str = ""  # path of a folder or .zip; empty: the newest new export in the inbox
    forceer: bool = False  # accept an export older than the newest ingested one


def controleer_schrijfbaar(cfg) -> None:
    """Fail fast, before any work, when the database folder or the outbox cannot be written."""
    import tempfile

    for naam, map_ in (
        ("de map van het DuckDB-bestand", cfg.database.parent),
        ("de outbox", cfg.uitvoer / "factsheets"),
    ):
        try:
            map_.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=map_, prefix=".schrijftest-"):
                pass
        except OSError as e:
            raise dg.Failure(
                f"Kan niet schrijven in {naam} ({map_}): {e.strerror or e}. Controleer [paden] in "
                f"{cfg.pad} en de rechten en ruimte op de schijf; er is niets veranderd."
            ) from e


def bekende_exports(jgz: JgzOmgeving) -> set[str]:
    con = jgz.gepubliceerd()
    if con is None:
        return set()
    try:
        return {r[0] for r in con.execute("select export_id from beheer.exports").fetchall()}
    except Exception:  # a published file without beheer tables: nothing known
        return set()
    finally:
        con.close()


@dg.asset(
    group_name="inlezen",
    description="De BDS-export van deze run: opgegeven, of de nieuwste nieuwe export in de inbox.",
)
def bds_export(context: dg.AssetExecutionContext, config: ExportKeuze, jgz: JgzOmgeving) -> dict:
    cfg = jgz.config()
    controleer_schrijfbaar(cfg)
    if config.export:
        pad = Path(config.export)
    else:
        kandidaat = nieuwste_nieuwe(cfg.inbox, bekende_exports(jgz))
        if kandidaat is None:
            raise dg.Failure(f"Geen nieuwe export in de inbox {cfg.inbox}.")
        pad = kandidaat.pad
    try:
        with open_export(pad, werkmap=cfg.database.parent) as e:
            m = e.manifest
        controleer_organisatie(m, cfg.organisatie, config.forceer)
    except ExportGeweigerd as fout:
        raise dg.Failure(f"Export geweigerd: {fout}") from fout
    context.add_output_metadata(
        {
            "export": pad.name,
            "organisatie": m.organisatie,
            "bds_versie": m.bds_versie,
            "aanmaakdatum": m.aanmaakdatum.isoformat(),
            "rijen": m.rijen,
            "sha256": m.sha256,
        }
    )
    return {
        "pad": str(pad.resolve()),
        "export_id": m.sha256,
        "aanmaakdatum": m.aanmaakdatum.isoformat(),
        "forceer": config.forceer,
    }


def _tabel(kop: list[str], rijen: list[tuple]) -> dg.MetadataValue:
    regels = ["| " + " | ".join(kop) + " |", "|" + "---|" * len(kop)]
    regels += ["| " + " | ".join(str(v) for v in r) + " |" for r in rijen]
    return dg.MetadataValue.md("\n".join(regels))


@dg.asset(
    group_name="inlezen",
    description=(
        "Gecontroleerde, gepseudonimiseerde records in intern.kinderen, adressen, activiteiten, "
        "vaccinaties en scholen; ongeldige rijen in beheer.kwarantaine."
    ),
)
def intern_records(context: dg.AssetExecutionContext, jgz: JgzOmgeving, bds_export: dict) -> dg.MaterializeResult:
    cfg = jgz.config()
    con = jgz.werkbestand(context.run_id)
    try:
        with open_export(bds_export["pad"], werkmap=cfg.database.parent) as e:
            verslag = lees_in(con, e, sleutel(cfg.database), bds_export["forceer"], cfg.database.parent, meld)
        aantallen = {
            t: con.execute(f"select count(*) from intern.{t}").fetchone()[0]
            for t in ("kinderen", "adressen", "activiteiten", "vaccinaties", "scholen")
        }
    except (ExportGeweigerd, AlIngelezen) as fout:
        raise dg.Failure(str(fout)) from fout
    finally:
        con.close()
    meld("afstemming: " + ", ".join(f"{naam} {aantal:,}".replace(",", ".") for naam, aantal in verslag.afstemming()))
    return dg.MaterializeResult(
        metadata={
            "afstemming": _tabel(["uitkomst", "rijen"], verslag.afstemming()),
            "afstemming_sluit": verslag.sluit,
            "kwarantaine_per_reden": _tabel(["code", "reden", "rijen"], [(c, r, n) for c, r, n in verslag.per_reden]),
            "gekwarantaineerd": verslag.gekwarantaineerd,
            **{f"rijen_{t}": n for t, n in aantallen.items()},
        }
    )


@dg.asset_check(
    asset=intern_records,
    blocking=True,
    description="gelezen = opgeslagen + kwarantaine + ontdubbeld + weggelaten",
)
def afstemming_sluit(context: dg.AssetCheckExecutionContext, jgz: JgzOmgeving) -> dg.AssetCheckResult:
    con = jgz.werkbestand(context.run.run_id)
    try:
        rij = con.execute(
            """
            select rijen, opgeslagen + gekwarantaineerd + ontdubbeld + weggelaten_privacy
                          + weggelaten_ongebruikt
            from beheer.huidige_export
            """
        ).fetchone()
    finally:
        con.close()
    return dg.AssetCheckResult(
        passed=bool(rij and rij[0] == rij[1]),
        metadata={"gelezen": rij[0] if rij else 0, "som": rij[1] if rij else 0},
    )


@dg.asset_check(
    asset=intern_records,
    description="Aandeel kinderen zonder bekende woongemeente op de aanmaakdatum (waarschuwing boven 2%)",
)
def woongemeente_bekend(context: dg.AssetCheckExecutionContext, jgz: JgzOmgeving) -> dg.AssetCheckResult:
    con = jgz.werkbestand(context.run.run_id)
    try:
        kinderen, zonder = con.execute(
            "select kinderen, kinderen_zonder_woongemeente from beheer.huidige_export"
        ).fetchone()
    finally:
        con.close()
    aandeel = zonder / kinderen if kinderen else 0.0
    return dg.AssetCheckResult(
        passed=aandeel <= 0.02,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "kinderen": kinderen,
            "zonder_woongemeente": zonder,
            "aandeel": round(aandeel, 4),
        },
    )
