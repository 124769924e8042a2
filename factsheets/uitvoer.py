"""A batch of factsheets into an outbox: per periode and regio the PDF and HTML, an index.html and
a manifest.csv with checksums. One kernel and one Chromium serve the batch; a failed gemeente does
not stop the others."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from bronnen.config import veilige_mapnaam
from bronnen.csv_veilig import csv_cel
from factsheets import document, grafieken, opmaak
from factsheets.gegevens import laad
from factsheets.overzicht import overzicht_html
from factsheets.renderer import QMD, Renderer, RenderFout


@dataclass
class Resultaat:
    gemeente: str
    naam: str
    regio: str
    bestanden: list[Path]
    fout: str | None = None


def bestandsnaam(gemeente: str, naam: str) -> str:
    return f"{gemeente}-{naam}"


def gemeenten_in(database: Path) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(
            "select gemeente_code, gemeente_naam, regio from beheer.gebieden order by volgorde"
        ).fetchall()
    finally:
        con.close()


def quarto() -> str | None:
    """The Quarto CLI, when installed: $QUARTO, else `quarto` on PATH."""
    return os.environ.get("QUARTO") or shutil.which("quarto")


def kies_quarto() -> str | None:
    """The Quarto CLI when the batch should use it (JGZ_RENDERER=quarto), else None: the project's
    own renderer. Not simply "Quarto when installed": a batch is one kernel for every gemeente,
    while each `quarto render` starts its own kernel (about ten times slower per factsheet)."""
    keuze = os.environ.get("JGZ_RENDERER", "eigen").strip().lower()
    if keuze not in ("eigen", "quarto"):
        raise ValueError(f"JGZ_RENDERER={keuze!r} onbekend: kies 'eigen' (standaard) of 'quarto'.")
    if keuze == "eigen":
        return None
    programma = quarto()
    if programma is None:
        raise ValueError(
            "JGZ_RENDERER=quarto, maar de Quarto-CLI is niet gevonden (zet $QUARTO of zet quarto op PATH)."
        )
    return programma


DOCUMENT_BESTANDEN = ("factsheet.qmd", "stijl.css", "typst-template.typ", "typst-show.typ")


class QuartoRenderer:
    """Renders with the real Quarto CLI: the same .qmd and parameters, in a private copy of the
    document folder (Quarto writes its intermediate files beside the document), with the project's
    Python as QUARTO_PYTHON and the batch's static images."""

    def __init__(self, programma: str):
        self.programma = programma
        self.map = Path(tempfile.mkdtemp(prefix="jgz-quarto-"))
        for naam in DOCUMENT_BESTANDEN:
            shutil.copy2(QMD.parent / naam, self.map / naam)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.map, ignore_errors=True)

    def render(
        self,
        params,
        html_doel: Path,
        pdf_doel: Path,
        titel: str,
        organisatie: str,
        cache: Path | None = None,
        formaten: tuple[str, ...] = ("html", "pdf"),
    ):
        omgeving = dict(os.environ, BROWSER_PATH=os.environ.get("BROWSER_PATH", document.CHROMIUM))
        omgeving.setdefault("QUARTO_PYTHON", sys.executable)
        if cache is not None:
            omgeving["JGZ_GRAFIEKEN"] = str(cache)
        html_doel.parent.mkdir(parents=True, exist_ok=True)
        for formaat, doel in (("html", html_doel), ("typst", pdf_doel)):
            if (formaat if formaat == "html" else "pdf") not in formaten:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                uit = "factsheet.html" if formaat == "html" else "factsheet.pdf"
                args = [self.programma, "render", str(self.map / "factsheet.qmd"), "--to", formaat]
                args += ["--output-dir", tmp]
                for k, v in params.items():
                    if v != "":
                        args += ["-P", f"{k}:{v}"]
                r = subprocess.run(args, capture_output=True, text=True, env=omgeving, cwd=self.map)
                if r.returncode != 0 or not (Path(tmp) / uit).exists():
                    raise RenderFout(f"quarto render ({formaat}) faalde: {r.stderr[-800:]}")
                shutil.move(str(Path(tmp) / uit), doel)


def _render_deel(
    database: Path,
    periode: str,
    doel: Path,
    kies: list[tuple[str, str, str]],
    teksten: Path | None,
    cache: Path,
    klaar: Path | None = None,
) -> list[Resultaat]:
    """Render some gemeenten with one kernel (in a worker process, or in this one); with the
    Quarto CLI when it is installed, else with the project's own renderer.

    All HTML first: it needs no static images, so it runs while the batch makes them. The PDFs
    follow once the file `klaar` exists (the batch's images are done).
    """
    ouder = os.getppid()
    programma = kies_quarto()
    taken = []
    for code, naam, regio in kies:
        map_ = doel / veilige_mapnaam(regio)  # a regio name is any text; its folder is made safe
        taken.append(
            (
                code,
                naam,
                regio,
                map_ / f"{bestandsnaam(code, naam)}.html",
                map_ / f"{bestandsnaam(code, naam)}.pdf",
                {"gemeente": code, "periode": periode, "database": str(database), "teksten": str(teksten or "")},
            )
        )
    fouten: dict[str, str] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        organisatie = con.execute("select any_value(organisatie) from beheer.gebieden").fetchone()[0]
    finally:
        con.close()
    with QuartoRenderer(programma) if programma else Renderer() as r:
        for formaat in ("html", "pdf"):
            if formaat == "pdf" and klaar is not None:
                while not klaar.exists():
                    if os.getppid() != ouder:  # the batch died (killed): do not wait forever
                        raise SystemExit(1)
                    time.sleep(0.05)
            for code, naam, _, html_pad, pdf_pad, params in taken:
                if code in fouten:
                    continue
                try:
                    titel = f"Jeugdgezondheid in {naam} – {opmaak.periode(periode)}"
                    r.render(params, html_pad, pdf_pad, titel, organisatie, cache, formaten=(formaat,))
                except Exception as e:  # noqa: BLE001 - one failed gemeente does not stop the rest
                    fouten[code] = f"{type(e).__name__}: {e}"
    resultaten = []
    for code, naam, regio, html_pad, pdf_pad, _ in taken:
        if code in fouten:
            for p in (html_pad, pdf_pad):
                p.unlink(missing_ok=True)
            resultaten.append(Resultaat(code, naam, regio, [], fouten[code]))
        else:
            resultaten.append(Resultaat(code, naam, regio, [pdf_pad, html_pad]))
    return resultaten


def _statisch(figuren: list, cache: Path, meld) -> None:
    try:
        document.maak_statisch(figuren, cache)
    except Exception as e:  # noqa: BLE001 - without the batch images each PDF makes its own (slower)
        meld(f"statische grafieken voor de hele batch mislukt ({type(e).__name__}: {e}); elke PDF maakt ze zelf")


def render_batch(
    database: Path,
    periode: str,
    doel: Path,
    gemeenten: list[str] | None = None,
    teksten: Path | None = None,
    voortgang=None,
    werkers: int = 1,
) -> list[Resultaat]:
    """Render factsheets for `gemeenten` (default: all) into doel/{regio}/; returns per gemeente.

    The static chart images of the whole batch are made first with one Chromium and one page. With
    `werkers` > 1 the gemeenten are split over that many processes, each with one kernel; the order
    of the results follows the configuration.
    """
    meld = voortgang or (lambda _: None)
    # the document runs in its own folder: hand it absolute paths
    database = Path(database).resolve()
    teksten = Path(teksten).resolve() if teksten else None
    alle = gemeenten_in(database)
    kies = [g for g in alle if gemeenten is None or g[0] in gemeenten]
    resultaten: list[Resultaat] = []
    with tempfile.TemporaryDirectory(prefix="jgz-grafieken-") as tmp:
        cache = Path(tmp)
        figuren = []
        for code, _, _ in kies:
            try:
                figuren += list(grafieken.alle(laad(database, code, periode)).values())
            except Exception:  # noqa: BLE001 - the render below reports this gemeente's error
                pass
        meld(f"{len(figuren)} grafieken als afbeelding voor {len(kies)} factsheets")
        werkers = max(1, min(werkers, len(kies)))
        if werkers == 1:
            _statisch(figuren, cache, meld)
            resultaten = _render_deel(database, periode, doel, kies, teksten, cache)
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            klaar = cache / ".klaar"
            delen = [kies[i::werkers] for i in range(werkers)]
            with ProcessPoolExecutor(max_workers=werkers, mp_context=mp.get_context("spawn")) as pool:
                taken = [pool.submit(_render_deel, database, periode, doel, d, teksten, cache, klaar) for d in delen]
                try:
                    # the workers render the HTML meanwhile
                    _statisch(figuren, cache, meld)
                finally:
                    klaar.touch()
                per_code = {r.gemeente: r for t in taken for r in t.result()}
            resultaten = [per_code[code] for code, _, _ in kies]
        for r in resultaten:
            meld(f"factsheet {r.gemeente} {r.naam}" + (f" MISLUKT: {r.fout}" if r.fout else ""))
    schrijf_index(doel, periode, resultaten, database)
    return resultaten


def _sha(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def schrijf_index(doel: Path, periode: str, resultaten: list[Resultaat], database: Path) -> None:
    """index.html (all factsheets, failed gemeenten named) and manifest.csv with checksums."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        organisatie, aanmaak, export_id = con.execute(
            "select g.organisatie, e.aanmaakdatum, e.export_id from beheer.huidige_export e, "
            "(select any_value(organisatie) as organisatie from beheer.gebieden) g"
        ).fetchone()
    finally:
        con.close()
    nu = datetime.now().isoformat(timespec="seconds")
    doel.mkdir(parents=True, exist_ok=True)
    with (doel / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "gemeente",
                "gemeente_naam",
                "regio",
                "bestand",
                "sha256",
                "data_export",
                "aanmaakdatum",
                "gegenereerd_op",
            ]
        )
        for r in resultaten:
            for p in r.bestanden:
                w.writerow(
                    [
                        r.gemeente,
                        csv_cel(r.naam),
                        csv_cel(r.regio),  # a configured name: no spreadsheet formula (bronnen/csv_veilig.py)
                        csv_cel(str(p.relative_to(doel))),
                        _sha(p),
                        export_id[:16],
                        aanmaak.isoformat(),
                        nu,
                    ]
                )
    # every gemeente of the werkgebied, also those not rendered in this batch (no links then)
    per_code = {r.gemeente: r for r in resultaten}
    regels = []
    for code, naam, regio in gemeenten_in(database):
        r = per_code.get(code)
        links = [(p.suffix[1:].upper(), str(p.relative_to(doel))) for p in r.bestanden] if r else []
        regels.append((code, naam, regio, links, r.fout if r else None))
    (doel / "index.html").write_text(overzicht_html(database, periode, regels), encoding="utf-8")


def vervang_bestanden(nieuw: Path, live: Path, database: Path) -> None:
    """Put the files of a partial batch into the published outbox and rebuild its index."""
    import os

    for bestand in nieuw.rglob("*"):
        if bestand.is_file() and bestand.suffix in (".pdf", ".html") and bestand.parent != nieuw:
            doel = live / bestand.relative_to(nieuw)
            doel.parent.mkdir(parents=True, exist_ok=True)
            os.replace(bestand, doel)
    resultaten = []
    for code, naam, regio in gemeenten_in(database):
        paden = [live / veilige_mapnaam(regio) / f"{bestandsnaam(code, naam)}{s}" for s in (".pdf", ".html")]
        aanwezig = [p for p in paden if p.exists()]
        fout = None if len(aanwezig) == 2 else "niet beschikbaar"
        resultaten.append(Resultaat(code, naam, regio, aanwezig if not fout else [], fout))
    schrijf_index(live, live.name, resultaten, database)
