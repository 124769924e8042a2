"""Unit tests without a database: the renderer's parsing (lees_qmd, verwerk_divs), the number and
date formats (opmaak), the words of a comparison, the maps."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from factsheets import kaart, opmaak
from factsheets import teksten as tk
from factsheets.gegevens import Rij
from factsheets.renderer import QMD, Cel, RenderFout, lees_qmd, verwerk_divs

ROOT = Path(__file__).resolve().parents[2]


def _qmd(tmp_path: Path, tekst: str) -> Path:
    pad = tmp_path / "t.qmd"
    pad.write_text(tekst, encoding="utf-8")
    return pad


# -- lees_qmd ---------------------------------------------------------------------------------------


def test_lees_qmd_front_matter_cellen_en_opties(tmp_path):
    qmd = lees_qmd(
        _qmd(
            tmp_path,
            "---\ntitle: x\nparams:\n  periode: '2024'\n---\n\nTekst\n\n```{python}\n#| label: a\n#| output: asis\n"
            '#| fig-cap: "Een bijschrift"\nprint(1)\n#| dit is code, geen optie\n```\n\nNa\n',
        )
    )
    assert qmd.meta["params"] == {"periode": "2024"}
    cellen = [d for d in qmd.delen if isinstance(d, Cel)]
    assert len(cellen) == 1
    assert cellen[0].opties == {"label": "a", "output": "asis", "fig-cap": "Een bijschrift"}
    assert cellen[0].bron == "print(1)\n#| dit is code, geen optie"  # options only before the code
    assert cellen[0].regel == 9
    assert "Tekst" in qmd.delen[0] and "Na" in qmd.delen[-1]


@pytest.mark.parametrize(
    ("tekst", "woorden"),
    [
        ("```{r}\n1\n```\n", ["regel 1", "'r'"]),
        ("```{python}\n#| code-fold: true\n1\n```\n", ["regel 1", "code-fold"]),  # the cell's first line
        ("{{< pagebreak >}}\n", ["regel 1", "shortcodes"]),
        ("::: {.panel-tabset}\nx\n:::\n", ["regel 1", "panel-tabset"]),
        ("::: {.callout-fancy}\nx\n:::\n", ["regel 1", "callout-fancy"]),
        ("---\ntitle: x\n", ["front matter"]),
    ],
)
def test_lees_qmd_weigert_wat_niet_kan_met_een_duidelijke_melding(tmp_path, tekst, woorden):
    with pytest.raises(RenderFout) as e:
        lees_qmd(_qmd(tmp_path, tekst))
    for w in woorden:
        assert w in str(e.value)
    assert "t.qmd" in str(e.value)


def test_het_echte_document_wordt_gelezen():
    qmd = lees_qmd(QMD)
    labels = [d.label for d in qmd.delen if isinstance(d, Cel)]
    assert labels[1:4] == ["laden", "kop", "oogopslag"]
    assert "parameters" in qmd.delen[1].opties["tags"]
    assert qmd.meta["execute"]["plotly-connected"] is False


# -- verwerk_divs -----------------------------------------------------------------------------------


def test_content_visible_en_hidden_per_formaat():
    md = (
        '::: {.content-visible when-format="html"}\nalleen html\n:::\n'
        '::: {.content-hidden when-format="html"}\nalleen pdf\n:::\n'
        '::: {.content-visible unless-format="typst"}\nniet typst\n:::\n'
        "gewoon\n"
    )
    html = verwerk_divs(md, "html")
    typst = verwerk_divs(md, "typst")
    assert "alleen html" in html and "alleen pdf" not in html and "niet typst" in html
    assert "alleen html" not in typst and "alleen pdf" in typst and "niet typst" not in typst
    assert "gewoon" in html and "gewoon" in typst
    assert ":::" not in html.replace("::: {", "")  # no stray fences left


def test_geneste_divs_en_verborgen_callout():
    md = '::: {.content-visible when-format="typst"}\n::: {.callout-note}\nweg in html\n:::\n:::\nna\n'
    assert verwerk_divs(md, "html").strip() == "na"
    assert "weg in html" in verwerk_divs(md, "typst")


def test_callout_per_formaat_met_eigen_typst_functie():
    md = '::: {.callout-note title="Let op"}\nInhoud\n:::\n'
    typst = verwerk_divs(md, "typst")
    # the project's own block (jgz-kader), never Quarto's `callout`, which it would clash with
    assert '#jgz-kader(titel: "Let op")[' in typst and "#callout(" not in typst
    assert typst.strip().endswith("]\n```")
    html = verwerk_divs(md, "html")
    assert "::: {.callout .callout-note}" in html and "[Let op]{.callout-titel}" in html


def test_geen_fences_binnen_code_of_raw_blokken():
    md = "```{=typst}\n:::\n```\n::: {.vertellen}\nx\n:::\n"
    assert verwerk_divs(md, "typst") == md


# -- opmaak -----------------------------------------------------------------------------------------


def test_getallen_procenten_en_datums():
    assert opmaak.getal(1234567) == "1.234.567"
    assert opmaak.getal(None) == "–"
    assert opmaak.procent(0.943) == "94,3%"
    assert opmaak.procent(1.0) == "100,0%"
    assert opmaak.per_1000(12.5) == "12,5 per 1.000"
    assert opmaak.waarde(0.05, "proportie") == "5,0%"
    assert opmaak.waarde(22.25, "per 1000") == "22,2 per 1.000"  # half to even at one decimal, like f-strings
    assert opmaak.interval(0.921, 0.958, "proportie") == "92,1–95,8%"
    assert opmaak.interval(10.2, 14.9, "per 1000") == "10,2–14,9 per 1.000"
    assert opmaak.interval(None, 0.5, "proportie") == "–"
    assert opmaak.datum(date(2025, 2, 3)) == "3 februari 2025"
    assert opmaak.periode("2024-Q3") == "derde kwartaal 2024"
    assert opmaak.periode("2024-11") == "november 2024"
    assert opmaak.periode("2024") == "2024"


# -- words, shapes and colours of a comparison -----------------------------------------------------


def _rij(**kw) -> Rij:
    basis = dict(
        indicator="x", gebied_type="gemeente", gebied_code="GM0505", periode_type="jaar", periode="2024",
        volledig=True, teller=81, noemer=90, waarde=0.9, ci_onder=0.8, ci_boven=0.95, vergelijking=None,
        oordeel=None, norm=None, trend=None, onderdrukt=False, reden=None,
    )  # fmt: skip
    basis.update(kw)
    return Rij(**basis)


def test_vergelijking_in_woorden_met_vorm_en_kleur():
    lager = _rij(vergelijking="lager", oordeel="slechter")
    assert tk.vergelijking_woord(lager) == "lager dan de rest van het werkgebied"
    assert tk.symbool(lager) == ("▼", "#D55E00")
    assert tk.vergelijking_cel(lager, "hoog is goed") == "▼ lager (ongunstig)"
    zelfde = _rij(vergelijking="niet duidelijk anders", oordeel="niet duidelijk anders")
    assert tk.vergelijking_woord(zelfde) == "niet duidelijk anders dan de rest van het werkgebied"
    assert tk.symbool(zelfde)[0] == "●"
    # version 1's word is read as its version 2 successor
    assert tk.vergelijking_woord(_rij(vergelijking="gelijk")) == tk.vergelijking_woord(zelfde)
    assert tk.vergelijking_cel(_rij(vergelijking="hoger", oordeel="geen oordeel"), "geen") == "▲ hoger"
    assert tk.trend_woord(_rij(trend="geen verandering")) == "geen duidelijke trend"


def test_norm_uit_de_kolom_of_uit_teller_en_noemer():
    assert tk.norm_woord(_rij(norm="niet gehaald", waarde=0.85), 0.9) == "onder de norm van 90%"
    # without the column: plain double arithmetic on teller / noemer, so 9/10 against 0.90 is met
    assert tk.norm_woord(_rij(teller=9, noemer=10, waarde=0.9), 0.9) == "haalt de norm van 90%"
    assert tk.norm_woord(_rij(teller=85, noemer=100, waarde=0.85), 0.95) == "onder de norm van 95%"
    assert tk.norm_woord(_rij(), None) == ""
    assert tk.norm_woord(_rij(onderdrukt=True, teller=None, waarde=None), 0.9) == ""


# -- maps -------------------------------------------------------------------------------------------


def test_kaartje_vult_de_eigen_gemeente_en_noemt_de_bron():
    codes = ["GM0505", "GM0482", "GM0523"]
    svg = kaart.locator(codes, "GM0505", {"GM0505": "Dordrecht"})
    assert svg.startswith("<svg") and svg.count("<path") == 3
    assert svg.count(kaart.EIGEN) == 1
    kaartje = kaart.choropleet(codes, {"GM0505": "#08519c", "GM0523": kaart.ONDERDRUKT}, {}, [("#08519c", "a")])
    assert "url(#gearceerd)" in kaartje and kaart.BRON in kaartje
    assert "<script" not in kaartje and "http" not in kaartje.replace("http://www.w3.org/2000/svg", "")


def test_kaartlegenda_nooit_voorbij_de_hoogste_waarde():
    from factsheets.overzicht import KLASSEN, _legenda

    # every gemeente at 100%: one class, one value (the demo's legend read "100,0% – 200,0%")
    assert _legenda([1.0, 1.0, 1.0], "proportie") == [(KLASSEN[0], "100,0%")]
    assert _legenda([22.6, 22.6], "per 1000") == [(KLASSEN[0], "22,6 per 1.000")]
    # five equal steps from the lowest to the highest value; only classes that hold a gemeente
    assert _legenda([0.80, 0.85, 0.90], "proportie") == [
        (KLASSEN[0], "80,0% – 82,0%"),
        (KLASSEN[2], "84,0% – 86,0%"),
        (KLASSEN[4], "88,0% – 90,0%"),
    ]


def test_begin_van_het_verhaal_zonder_zichtbare_backslashes(tmp_path):
    """The page-1 lines come from the cleaned (escaped) Markdown and are escaped once more: undo the
    first escaping, or a reader sees '\\[' where the regiomanager wrote '['."""
    from factsheets.inhoud import Inhoud

    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "GM0505.md").write_text("In Dordrecht (zie [de wijk]) is 50% *bereikt*.\n\nRest.\n")

    class G:
        periode = "2024"
        gemeente = "GM0505"

    inhoud = Inhoud.__new__(Inhoud)
    inhoud.g, inhoud.teksten = G(), tmp_path
    md = inhoud.vertellen_begin()
    assert "\\\\" not in md
    assert "\\[de wijk\\]" in md  # escaped once: literal text, no link
    assert "bereikt" in md and "*" not in md.split("\n\n")[1]


# -- static images: the batch's cache is found in every kernel ---------------------------------------

# what real Quarto's Jupyter setup runs before the document (resources/jupyter/lang/python/setup.py)
_QUARTO_SETUP = """
import plotly.io as pio
for template in pio.templates.keys():
    pio.templates[template].layout.margin = dict(t=30, r=0, b=0, l=0)
"""


def kleine_grafiek():
    import plotly.graph_objects as go

    from factsheets import grafieken

    return grafieken._opmaak(go.Figure(go.Bar(x=[0.5], y=["a"], orientation="h")), 100)


def test_sleutel_van_een_grafiek_hangt_niet_af_van_de_kernel():
    # The batch makes every static image once and the document finds it by the figure's key. In real
    # Quarto's kernel every plotly template had its margin set to 0 and the template's keys came out in
    # another order, so no key matched and each PDF made all its charts again with kaleido.
    from factsheets import document

    code = (
        f"{_QUARTO_SETUP}\nfrom factsheets import document\n"
        "from tests.factsheets.test_eenheden import kleine_grafiek\n"
        "print(document.sleutel(kleine_grafiek()))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.strip() == document.sleutel(kleine_grafiek())


@pytest.mark.traag  # kaleido and Chromium: about 5 s
def test_statische_grafiek_uit_de_batch_of_anders_met_kaleido(tmp_path, monkeypatch):
    from factsheets import document

    fig = kleine_grafiek()
    monkeypatch.delenv("JGZ_GRAFIEKEN", raising=False)
    assert b"<svg" in document.statisch(fig)[:200]  # not in a batch: made here, with kaleido
    document.maak_statisch([fig], tmp_path)  # the batch: every figure with one Chromium
    pad = tmp_path / f"{document.sleutel(fig)}.svg"
    assert b"<svg" in pad.read_bytes()[:200]
    pad.write_bytes(b"<svg>uit de batch</svg>")
    monkeypatch.setenv("JGZ_GRAFIEKEN", str(tmp_path))
    assert document.statisch(fig) == b"<svg>uit de batch</svg>"
