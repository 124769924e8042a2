"""The rendered factsheets: figures equal to the publication layer, nothing withheld leaks, the HTML
works in a real browser without network, the PDF has 2 to 4 A4 pages, renders are reproducible."""

import json
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from factsheets import opmaak
from factsheets.gegevens import laad
from factsheets.uitvoer import render_batch
from tests.factsheets.conftest import GEMEENTEN


def _bestanden(batch, gemeente):
    doel, resultaten = batch
    r = next(r for r in resultaten if r.gemeente == gemeente)
    pdf = next(p for p in r.bestanden if p.suffix == ".pdf")
    html = next(p for p in r.bestanden if p.suffix == ".html")
    return r, pdf, html


def _pdf_tekst(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _zichtbare_html(html: Path) -> str:
    tekst = html.read_text(encoding="utf-8")
    tekst = re.sub(r"<script.*?</script>", " ", tekst, flags=re.S)
    tekst = re.sub(r"<style.*?</style>", " ", tekst, flags=re.S)
    return re.sub(r"<[^>]+>", " ", tekst)


def _getoonde_rijen(database, gemeente):
    """Every figure the factsheet shows: each indicator of its period, gemeente and werkgebied."""
    g = laad(database, gemeente, "2024")
    for i, m in g.meta.items():
        for gebied in ("gemeente", "werkgebied"):
            rij = g.rij(i, gebied)
            if rij is not None:
                yield m, rij


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_naam_en_elk_cijfer_gelijk_aan_publicatie(batch, database, gemeente):
    r, pdf, html = _bestanden(batch, gemeente)
    pdf_tekst, html_tekst = _pdf_tekst(pdf), _zichtbare_html(html)
    for tekst in (pdf_tekst, html_tekst):
        assert r.naam in tekst
    gezien = 0
    for m, rij in _getoonde_rijen(database, gemeente):
        if rij.onderdrukt or rij.waarde is None:
            continue
        verwacht = opmaak.waarde(rij.waarde, m["eenheid"]).replace(" per 1.000", "")
        assert verwacht in html_tekst, (m["indicator"], rij.gebied_type, verwacht)
        assert verwacht in pdf_tekst, (m["indicator"], rij.gebied_type, verwacht)
        gezien += 1
    assert gezien > 20


def test_onderdrukt_cijfer_toont_streep_met_reden(batch, database):
    # Hardinxveld-Giessendam is small: some figures are withheld
    r, pdf, html = _bestanden(batch, "GM0523")
    onderdrukt = [
        (m, rij) for m, rij in _getoonde_rijen(database, "GM0523") if rij.onderdrukt and rij.gebied_type == "gemeente"
    ]
    assert onderdrukt, "de fixture moet minstens één onderdrukt cijfer hebben"
    for tekst in (_pdf_tekst(pdf), _zichtbare_html(html)):
        assert "–¹" in tekst or "–²" in tekst or "–³" in tekst
        redenen = {rij.reden for _, rij in onderdrukt}
        woorden = {
            "te weinig waarnemingen": "te weinig waarnemingen",
            "kleine aantallen": "minder dan 5",
            "complementaire onderdrukking": "afgeschermd om een ander cijfer te beschermen",
        }
        for reden in redenen:
            assert woorden[reden] in re.sub(r"\s+", " ", tekst), reden


def _grafiekgetallen(html: Path) -> list[float]:
    """Every number in the data of every plotly chart embedded in the HTML."""
    tekst = html.read_text(encoding="utf-8")
    getallen: list[float] = []
    for m in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*(\[.*?\]),\s*\{', tekst, flags=re.S):
        data = json.loads(m.group(1))
        for trace in data:
            for sleutel in ("x", "y", "customdata", "text", "z"):
                waarde = trace.get(sleutel)
                if isinstance(waarde, dict):
                    raise AssertionError(f"gecodeerde array in {sleutel}: niet te controleren")
                for v in waarde or []:
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        getallen.append(float(v))
    return getallen


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_grafiekdata_bestaat_in_publicatie(batch, database, gemeente):
    _, _, html = _bestanden(batch, gemeente)
    getallen = _grafiekgetallen(html)
    assert len(getallen) > 50
    con = duckdb.connect(str(database), read_only=True)
    organisatie = con.execute("select any_value(organisatie) from beheer.gebieden").fetchone()[0]
    gepubliceerd = set()
    for rij in con.execute(
        "select teller, noemer, waarde, ci_onder, ci_boven from publicatie.indicatorwaarden where gebied_code in (?, ?)",  # noqa: E501
        [gemeente, organisatie],
    ).fetchall():
        gepubliceerd |= {float(v) for v in rij if v is not None}
    for v in getallen:
        assert v in gepubliceerd, v


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_pdf_heeft_2_tot_4_a4_paginas(batch, gemeente):
    _, pdf, _ = _bestanden(batch, gemeente)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    paginas = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= paginas <= 4
    assert re.search(r"Page size:\s+595(\.\d+)? x 841", info), info


def test_html_in_chromium_zonder_fouten_en_netwerk(batch):
    from playwright import sync_api as playwright

    _, _, html = _bestanden(batch, "GM0505")
    fouten, verzoeken = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        pagina = browser.new_page()
        pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
        pagina.on("pageerror", lambda e: fouten.append(str(e)))
        pagina.on("request", lambda r: verzoeken.append(r.url))
        pagina.goto(html.as_uri())
        pagina.wait_for_load_state("load")
        pagina.wait_for_timeout(500)
        grafieken = pagina.locator(".js-plotly-plot").count()
        getekend = pagina.locator(".js-plotly-plot .main-svg").count()
        punten = pagina.locator(".js-plotly-plot .scatterlayer .point").count()
        browser.close()
    assert not fouten, fouten
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in verzoeken), verzoeken
    assert grafieken == 6
    assert getekend >= 6 and punten > 40


def test_vertellen_en_thema_tekst(batch):
    _, _, html = _bestanden(batch, "GM0505")
    tekst = _zichtbare_html(html)
    assert "Vertellen" in tekst and "Dordrecht-West" in tekst
    assert "Thema 2024: nieuwkomers" in tekst
    _, _, html2 = _bestanden(batch, "GM0523")
    assert "Vertellen" not in _zichtbare_html(html2)  # no text for this gemeente: left out cleanly


def test_outbox_index_en_manifest(batch):
    doel, resultaten = batch
    index = (doel / "index.html").read_text()
    manifest = (doel / "manifest.csv").read_text().splitlines()
    assert manifest[0].startswith("gemeente,gemeente_naam,regio,bestand,sha256")
    assert len(manifest) == 1 + 2 * len(resultaten)
    for r in resultaten:
        for p in r.bestanden:
            assert str(p.relative_to(doel)) in index
            assert p.parent.parent == doel  # {periode}/{regio}/{GMxxxx}-{naam}


def test_twee_renders_geven_dezelfde_bestanden(batch, database, teksten, tmp_path):
    doel, _ = batch
    tweede = render_batch(database, "2024", tmp_path / "2024", ["GM0505"], teksten)
    for p in tweede[0].bestanden:
        eerste = doel / p.relative_to(tmp_path / "2024")
        if p.suffix == ".html":
            assert p.read_bytes() == eerste.read_bytes()
        else:
            assert _pdf_tekst(p) == _pdf_tekst(eerste)


def test_mislukte_gemeente_stopt_de_rest_niet(database, teksten, tmp_path, monkeypatch):
    from factsheets import renderer

    echte = renderer.Renderer.render

    def soms_fout(self, params, *a, **kw):
        if params["gemeente"] == "GM0523":
            raise renderer.RenderFout("kunstmatige fout")
        return echte(self, params, *a, **kw)

    monkeypatch.setattr(renderer.Renderer, "render", soms_fout)
    resultaten = render_batch(database, "2024", tmp_path / "2024", GEMEENTEN, teksten)
    assert [r.fout is None for r in resultaten] == [True, False]
    index = (tmp_path / "2024" / "index.html").read_text()
    assert "Niet gelukt" in index and "Hardinxveld-Giessendam" in index
