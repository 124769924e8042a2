"""The same factsheet.qmd in the real Quarto CLI (1.10): HTML and PDF render from the project's
environment, offline and self-contained, with the same sections as the project's renderer."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from factsheets.uitvoer import render_batch
from tests.factsheets.test_factsheets import _bestanden, _pdf_tekst, controleer_in_chromium

QUARTO = os.environ.get("QUARTO") or shutil.which("quarto")
pytestmark = [
    pytest.mark.traag,
    pytest.mark.skipif(
        QUARTO is None,
        reason=(
            "Quarto-CLI niet gevonden, echte-Quarto-test overgeslagen. Inschakelen: bouw Quarto 1.10 offline met "
            "`bash /work/shared/tools/quarto/build.sh QUARTO_MIRROR /opt/quarto STD_MIRROR` (zie "
            "shared/tools/quarto/README.md) en zet /opt/quarto/bin/quarto op PATH of in $QUARTO."
        ),
    ),
]


def _secties(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", "", h).split()) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)]


def test_echte_quarto_html_en_pdf_met_dezelfde_secties(batch, database, teksten, tmp_path, monkeypatch):
    # the production path with real Quarto (JGZ_RENDERER=quarto): the batch makes the static images
    # once, then `quarto render` per format; -P periode:2024 arrives in the document as a number
    monkeypatch.setenv("JGZ_RENDERER", "quarto")
    monkeypatch.setenv("QUARTO", QUARTO)
    monkeypatch.setenv("QUARTO_PYTHON", sys.executable)
    (resultaat,) = render_batch(database, "2024", tmp_path / "2024", ["GM0505"], teksten)
    assert resultaat.fout is None, resultaat.fout
    html_doel = next(p for p in resultaat.bestanden if p.suffix == ".html")
    pdf_doel = next(p for p in resultaat.bestanden if p.suffix == ".pdf")

    _, eigen_pdf, eigen_html = _bestanden(batch, "GM0505")
    quarto_html = html_doel.read_text(encoding="utf-8")
    verwacht = _secties(eigen_html.read_text(encoding="utf-8"))
    assert "In één oogopslag" in verwacht and "Toelichting" in verwacht
    assert _secties(quarto_html) == verwacht
    # no document title taken from a heading, no require.js/jQuery, nothing from a CDN
    assert '<h1 class="title"' not in quarto_html
    assert "Jeugdgezondheid in Dordrecht</h1>" in quarto_html
    assert not re.search(r"<script[^>]+src=\"https?:", quarto_html)
    assert "require.min.js" not in quarto_html and "jquery" not in quarto_html.lower()
    assert quarto_html.count("Plotly.newPlot") == 8
    assert html_doel.stat().st_size < 2_000_000
    # offline in Chromium: no errors, no requests, every chart drawn at the page's width, below the title
    controleer_in_chromium(html_doel)

    # the PDF from the project's typst template: its tiles and its sections in the same order
    pdf_tekst = _pdf_tekst(pdf_doel)
    info = subprocess.run(["pdfinfo", str(pdf_doel)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595(\.\d+)? x 841", info), info
    eigen = _pdf_tekst(eigen_pdf)
    positie = len(pdf_tekst.split("\f")[0]) if verwacht[0] != "In één oogopslag" else 0
    for s in verwacht:  # each section after the one before it
        gevonden = pdf_tekst.find(s, positie)
        assert gevonden >= 0, (s, positie)
        positie = gevonden + len(s)
    for s in verwacht:
        assert s in eigen
    assert "niet volledig gevaccineerd" in pdf_tekst.split("\f")[0]
