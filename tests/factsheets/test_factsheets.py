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


def _grafiekgetallen_per_grafiek_tekst(tekst: str) -> dict[str, list[float]]:
    """Every number in the data of every plotly chart embedded in an HTML text, per chart id."""
    uit: dict[str, list[float]] = {}
    for m in re.finditer(r'Plotly\.newPlot\(\s*"([^"]+)",\s*(\[.*?\]),\s*\{', tekst, flags=re.S):
        getallen = uit.setdefault(m.group(1), [])
        for trace in json.loads(m.group(2)):
            for sleutel in ("x", "y", "customdata", "text", "z", "error_x", "error_y"):
                waarde = trace.get(sleutel)
                if isinstance(waarde, dict):
                    raise AssertionError(f"gecodeerde array of foutbalk in {sleutel}: niet te controleren")
                for v in waarde or []:
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        getallen.append(float(v))
    return uit


def _grafiekgetallen_per_grafiek(html: Path) -> dict[str, list[float]]:
    return _grafiekgetallen_per_grafiek_tekst(html.read_text(encoding="utf-8"))


def _gepubliceerd(database, codes: list[str] | None, velden: str) -> set[float]:
    """Every published number in `velden` of the areas `codes` (None: every gemeente)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        if codes is None:
            rijen = con.execute(
                f"select {velden} from publicatie.indicatorwaarden where gebied_type = 'gemeente'"
            ).fetchall()
        else:
            rijen = con.execute(
                f"select {velden} from publicatie.indicatorwaarden where gebied_code in (select unnest(?))", [codes]
            ).fetchall()
    finally:
        con.close()
    return {float(v) for rij in rijen for v in rij if v is not None}


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_grafiekdata_bestaat_in_publicatie(batch, database, gemeente):
    """Every number in every chart is a published figure of this gemeente, its regio or the
    werkgebied; the spine chart may also hold the published values of other gemeenten (their
    spread), and nothing else (no derived number, no withheld value)."""
    _, _, html = _bestanden(batch, gemeente)
    per_grafiek = _grafiekgetallen_per_grafiek(html)
    assert len(per_grafiek) == 8, sorted(per_grafiek)
    assert sum(len(v) for v in per_grafiek.values()) > 50
    g = laad(database, gemeente, "2024")
    eigen = _gepubliceerd(database, [gemeente, g.regio, g.organisatie], "teller, noemer, waarde, ci_onder, ci_boven")
    gemeenten = _gepubliceerd(database, None, "waarde")
    for naam, getallen in per_grafiek.items():
        toegestaan = eigen | gemeenten if naam == "grafiek-vergelijking" else eigen
        for v in getallen:
            assert v in toegestaan, (naam, v)


def test_grafiekdata_test_kan_falen():
    # the parser finds numbers in a chart's data, so the test above can fail on a derived one
    html = '<script>Plotly.newPlot("grafiek-x", [{"x": [0.123456], "y": ["a"]}], {"height": 1})</script>'
    assert _grafiekgetallen_per_grafiek_tekst(html) == {"grafiek-x": [0.123456]}


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_pdf_hoogstens_4_paginas_plus_een_met_definities(batch, gemeente):
    _, pdf, _ = _bestanden(batch, gemeente)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    paginas = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(r"Page size:\s+595(\.\d+)? x 841", info), info
    # spec: at most 4 pages plus at most one page of definitions (the Toelichting, on its own page)
    teksten = _pdf_tekst(pdf).split("\f")
    toelichting = [i for i, t in enumerate(teksten) if t.lstrip().startswith("Toelichting")]
    assert toelichting == [paginas - 1], (paginas, toelichting)
    assert 2 <= paginas - 1 <= 4
    assert "In één oogopslag" in teksten[0]


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_html_onder_2_mb(batch, gemeente):
    _, _, html = _bestanden(batch, gemeente)
    assert html.stat().st_size < 2_000_000


def bekijk_in_chromium(html: Path) -> dict:
    """Open a factsheet offline in Chromium (1280 px wide) and report what a reader would see."""
    from playwright import sync_api as playwright

    fouten, verzoeken = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        pagina = browser.new_page(viewport={"width": 1280, "height": 900})
        pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
        pagina.on("pageerror", lambda e: fouten.append(str(e)))
        pagina.on("request", lambda r: verzoeken.append(r.url))
        pagina.goto(html.as_uri())
        pagina.wait_for_load_state("load")
        pagina.wait_for_timeout(500)
        grafieken = pagina.locator(".js-plotly-plot")
        uit = {
            "fouten": fouten,
            "verzoeken": verzoeken,
            "kaart": pagina.locator(".kaartje svg path").count(),
            "grafieken": grafieken.count(),
            "getekend": pagina.locator(".js-plotly-plot .main-svg").count(),
            "punten": pagina.locator(".js-plotly-plot .scatterlayer .point").count(),
            "breedtes": [grafieken.nth(i).bounding_box()["width"] for i in range(grafieken.count())],
            "kop_y": pagina.locator("h1").first.bounding_box()["y"],
            "eerste_grafiek_y": grafieken.first.bounding_box()["y"],
        }
        browser.close()
    return uit


def controleer_in_chromium(html: Path) -> None:
    z = bekijk_in_chromium(html)
    assert not z["fouten"], z["fouten"]
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in z["verzoeken"]), z["verzoeken"]
    assert z["kaart"] == 10  # the werkgebied's gemeenten on the locator map
    assert z["grafieken"] == 8
    assert z["getekend"] >= 8 and z["punten"] > 40
    # the charts use the page's width (not a fixed 720 px) and none jumps above the title
    assert min(z["breedtes"]) > 900, z["breedtes"]
    assert z["kop_y"] < z["eerste_grafiek_y"]


def test_html_in_chromium_zonder_fouten_en_netwerk(batch):
    _, _, html = _bestanden(batch, "GM0505")
    controleer_in_chromium(html)


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


def _pagina_een(pdf: Path) -> str:
    tekst = subprocess.run(
        ["pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the tiles' text in reading order; a name broken at its hyphen joined again
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", tekst))


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_pagina_een_elk_kerncijfer_met_aantallen_norm_en_vergelijking(batch, database, gemeente):
    """Page 1 of the PDF: every kerncijfer with its value, its counts in words, the norm where there
    is one and the comparison in words (spec: factsheet.md, Content 1)."""
    from factsheets import teksten as tk
    from factsheets.inhoud import kerncijfers

    _, pdf, _ = _bestanden(batch, gemeente)
    tekst = _pagina_een(pdf)
    g = laad(database, gemeente, "2024")
    assert f"Jeugdgezondheid in {g.gemeente_naam}" in tekst
    assert "Wat valt op" in tekst
    gecontroleerd = 0
    for i in kerncijfers(g.thema):
        m, rij = g.meta[i], g.rij(i)
        if rij is None:
            assert "geen cijfer voor deze periode" in tekst
            continue
        if rij.onderdrukt:
            assert tk.reden_tekst(rij.reden, g) in tekst, i
            continue
        assert opmaak.waarde(rij.waarde, m["eenheid"]).replace(" per 1.000", "") in tekst, i
        assert f"{opmaak.getal(rij.teller)} van de {opmaak.getal(rij.noemer)}" in tekst, i
        if m["thema"] == "vaccinatie":
            assert f"{opmaak.getal(rij.noemer - rij.teller)} kinderen van 2 jaar niet volledig gevaccineerd" in tekst
        if m.get("doelwaarde") is not None:
            woord = "haalt de norm van" if rij.waarde >= m["doelwaarde"] else "onder de norm van"
            assert f"{woord} {opmaak.procent(m['doelwaarde']).replace(',0', '')}" in tekst, i
        if rij.vergelijking is not None:
            assert tk.vergelijking_woord(rij) in tekst, i
        gecontroleerd += 1
    assert gecontroleerd >= 4


def test_wat_valt_op_hoogstens_vijf_belangrijkste_eerst(database):
    from factsheets.inhoud import MAX_OPVALLEND, Inhoud

    for gemeente in GEMEENTEN:
        f = Inhoud(laad(database, gemeente, "2024"))
        zinnen = f.opvallend()
        assert len(zinnen) <= MAX_OPVALLEND
        soorten = ["norm" if "onder de norm" in z else "trend" if " over 20" in z else "vergelijking" for z in zinnen]
        # below the norm first, trends last
        assert soorten == sorted(soorten, key=["norm", "vergelijking", "trend"].index), zinnen


def test_overzicht_per_regio_tabel_kaarten_links_en_datum(batch, database):
    from factsheets.inhoud import kerncijfers

    doel, resultaten = batch
    index = (doel / "index.html").read_text(encoding="utf-8")
    g = laad(database, "GM0505", "2024")
    assert "gegevens tot en met 3 februari 2025".lower() in index.lower()
    for regio in {r for _, _, r in g.gebieden}:
        assert f"<h2>{regio}</h2>" in index
    for _, naam, _ in g.gebieden:  # every gemeente of the werkgebied in its regio's table
        assert f'<th scope="row">{naam}</th>' in index
    # value and comparison in words (with its shape) for a published key figure
    rij = g.rij("vaccinatie_dktp_2j")
    assert opmaak.waarde(rij.waarde, "proportie") in index
    assert "niet duidelijk anders" in index or "lager" in index or "hoger" in index
    # one choropleth map per key indicator, with a legend and the attribution
    assert index.count('<figure class="kaart">') == len(kerncijfers(g.thema))
    assert index.count("Kaart: CBS / Kadaster (PDOK), CC-BY 4.0") >= len(kerncijfers(g.thema))
    # self-contained: no script, nothing fetched
    assert "<script" not in index and "src=" not in index and "@import" not in index
    for r in resultaten:
        for p in r.bestanden:
            assert f'href="{p.relative_to(doel)}"' in index


def test_overzicht_toont_onderdrukte_gemeente_als_zodanig(batch, database):
    doel, _ = batch
    index = (doel / "index.html").read_text(encoding="utf-8")
    con = duckdb.connect(str(database), read_only=True)
    onderdrukt = con.execute(
        "select count(*) from publicatie.indicatorwaarden where gebied_type = 'gemeente' and onderdrukt "
        "and indicator = 'noshow' and periode_type = 'jaar' and periode = '2024'"
    ).fetchone()[0]
    con.close()
    if onderdrukt:
        assert "url(#gearceerd)" in index and "niet getoond" in index


def test_overzicht_in_chromium_zonder_fouten_en_netwerk_met_kaarten(batch):
    from playwright import sync_api as playwright

    doel, _ = batch
    fouten, verzoeken = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        pagina = browser.new_page()
        pagina.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
        pagina.on("pageerror", lambda e: fouten.append(str(e)))
        pagina.on("request", lambda r: verzoeken.append(r.url))
        pagina.goto((doel / "index.html").as_uri())
        pagina.wait_for_load_state("load")
        kaarten = pagina.locator("figure.kaart svg")
        aantal = kaarten.count()
        getekend = [kaarten.nth(i).bounding_box() for i in range(aantal)]
        paden = pagina.locator("figure.kaart svg path").count()
        browser.close()
    assert not fouten, fouten
    assert all(u.startswith(("file:", "data:", "about:")) for u in verzoeken), verzoeken
    assert aantal == 6 and all(b and b["width"] > 100 and b["height"] > 100 for b in getekend)
    assert paden == 6 * 10


def test_jgz_teksten_schrijft_concepten_en_overschrijft_nooit(database, tmp_path):
    from factsheets.concepten import schrijf_concepten
    from pipelines.cli import maak_parser

    assert maak_parser().parse_args(["teksten", "--periode", "2024-Q3"]).periode == "2024-Q3"
    eigen = tmp_path / "2024" / "GM0505.md"
    eigen.parent.mkdir()
    eigen.write_text("Mijn eigen verhaal.\n", encoding="utf-8")
    periode, geschreven, bewaard = schrijf_concepten(database, tmp_path, "2024")
    assert periode == "2024"
    assert bewaard == [eigen] and len(geschreven) == 9
    assert eigen.read_text(encoding="utf-8") == "Mijn eigen verhaal.\n"
    concept = (tmp_path / "2024" / "GM0523.md").read_text(encoding="utf-8")
    assert concept.startswith("*Concept voor Hardinxveld-Giessendam, 2024")
    assert "Wat valt op in de cijfers:" in concept
    # a second run writes nothing; the standard periode is the last complete year of the export
    assert schrijf_concepten(database, tmp_path)[:2] == ("2024", [])
    with pytest.raises(ValueError, match="2024-Q3"):
        schrijf_concepten(database, tmp_path, "2024-13")


def test_kwartaalfactsheet(database, teksten, tmp_path):
    """A quarter (spec: the quarter's figures and the latest verslagjaar whose peildatum has passed)."""
    r = render_batch(database, "2024-Q3", tmp_path / "2024-Q3", ["GM0505"], teksten)[0]
    assert r.fout is None, r.fout
    pdf = next(p for p in r.bestanden if p.suffix == ".pdf")
    html = next(p for p in r.bestanden if p.suffix == ".html")
    tekst = re.sub(r"\s+", " ", _pdf_tekst(pdf))
    assert "derde kwartaal 2024" in tekst
    assert "peildatum 1 januari 2024" in tekst  # verslagjaar 2024: its peildatum passed before the quarter
    assert "trend: alleen per jaar" in tekst
    g = laad(database, "GM0505", "2024-Q3")
    noshow = g.rij("noshow")
    assert noshow.periode == "2024-Q3"
    if not noshow.onderdrukt:
        assert opmaak.waarde(noshow.waarde, "proportie") in tekst
    grafieken = _grafiekgetallen_per_grafiek(html)
    assert "grafiek-noshow" in grafieken
    assert '"2024 K3"' in html.read_text(encoding="utf-8") and '"2024 K4"' not in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_tabel_en_voetnoot_op_dezelfde_pagina(batch, database, gemeente):
    """Spec: a table and its footnotes stay on one page. Every page with a mark (–¹, –², –³) in a
    table also carries the footnote that explains that mark."""
    from factsheets import teksten as tk

    _, pdf, _ = _bestanden(batch, gemeente)
    g = laad(database, gemeente, "2024")
    gezien = 0
    for pagina in _pdf_tekst(pdf).split("\f"):
        platte = re.sub(r"\s+", " ", pagina)
        for reden, merk in tk.MERKTEKENS.items():
            if f"–{merk}" in platte:
                assert f"{merk} {tk.reden_tekst(reden, g)}" in platte, (reden, platte[:200])
                gezien += 1
    if gemeente == "GM0523":
        assert gezien, "de kleine gemeente moet minstens één onderdrukt cijfer in een tabel hebben"


def test_document_vindt_de_teksten_zelf_en_neemt_periode_als_getal(database):
    """Spec: with gemeente, periode and database alone the document finds the texts folder (from the
    settings stored in the database), and `-P periode:2024` may arrive as a number."""
    from factsheets.inhoud import Inhoud

    g = laad(database, "GM0505", 2024)
    assert g.periode == "2024"
    assert g.teksten and g.teksten.endswith("factsheets/teksten")
    assert "weg naar het consultatiebureau" in Inhoud(g).vertellen_begin()
