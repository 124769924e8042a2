"""Helpers the cells of factsheet.qmd call: the target format, showing a chart, static images.

The document picks interactive (HTML) or static (PDF) charts by the target format that Quarto (or
the project's renderer, the same way) announces in QUARTO_EXECUTE_INFO. Static images come from the
batch cache the renderer filled beforehand (JGZ_GRAFIEKEN, with one Chromium for the whole batch),
or are made here with kaleido when a figure is not in it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from pathlib import Path

import plotly.graph_objects as go

CHROMIUM = "/usr/bin/chromium"
_staat = {"plotlyjs": False}


def begin() -> None:
    """Start of a document: forget what the previous document in this kernel did."""
    _staat["plotlyjs"] = False


def formaat() -> str:
    """'html' or 'typst' (PDF), from QUARTO_EXECUTE_INFO; html when unknown."""
    pad = os.environ.get("QUARTO_EXECUTE_INFO")
    if pad and Path(pad).is_file():
        info = json.loads(Path(pad).read_text(encoding="utf-8"))
        fmt = info.get("format", {})
        basis = fmt.get("identifier", {}).get("base-format") or fmt.get("pandoc", {}).get("to", "html")
        return "html" if str(basis).startswith("html") else "typst"
    return "html"


def sleutel(fig: go.Figure) -> str:
    """Content hash of a figure: the key of its static image in the batch cache."""
    return hashlib.sha256(fig.to_json().encode("utf-8")).hexdigest()[:24]


def statisch(fig: go.Figure) -> bytes:
    """The figure as PNG: from the batch cache, or made now."""
    cache = os.environ.get("JGZ_GRAFIEKEN")
    if cache:
        pad = Path(cache) / f"{sleutel(fig)}.png"
        if pad.is_file():
            return pad.read_bytes()
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    import plotly.io as pio

    return pio.to_image(fig, format="png", width=fig.layout.width or 720, height=fig.layout.height or 300, scale=2)


# Plotly.toImage for a list of figure specs, one after the other in the same page
_TEKEN = """async (specs) => {
    const uit = [];
    for (const s of specs) {
        uit.push(await Plotly.toImage({data: s.data, layout: s.layout, config: {mathjax: null}},
            {format: 'png', width: s.breedte, height: s.hoogte, scale: 2}));
    }
    return uit;
}"""
PER_KEER = 25  # figures per call: bounds the memory of the returned images


def maak_statisch(figuren: list[go.Figure], cache: Path) -> None:
    """Write the static images (PNG, scale 2) of many figures with one Chromium and one page.

    plotly.js is loaded once (inline, no network) and draws every figure with Plotly.toImage, the
    same call kaleido makes, so the images are identical; kaleido's per-figure setup (about 0.35 s
    a figure) is what this avoids.
    """
    import base64

    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs

    cache.mkdir(parents=True, exist_ok=True)
    te_doen: dict[Path, go.Figure] = {}
    for fig in figuren:
        pad = cache / f"{sleutel(fig)}.png"
        if not pad.exists():
            te_doen[pad] = fig
    if not te_doen:
        return
    opdrachten = []
    for pad, fig in te_doen.items():
        spec = json.loads(fig.to_json())
        spec["breedte"] = fig.layout.width or 720
        spec["hoogte"] = fig.layout.height or 300
        opdrachten.append((pad, spec))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("BROWSER_PATH", CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            pagina = browser.new_page()
            pagina.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
            pagina.add_script_tag(content=get_plotlyjs())
            for i in range(0, len(opdrachten), PER_KEER):
                deel = opdrachten[i : i + PER_KEER]
                beelden = pagina.evaluate(_TEKEN, [spec for _, spec in deel])
                for (pad, _), beeld in zip(deel, beelden, strict=True):
                    tijdelijk = pad.with_suffix(".deel")
                    tijdelijk.write_bytes(base64.b64decode(beeld.split(",", 1)[1]))
                    tijdelijk.replace(pad)
        finally:
            browser.close()


def toon(fig: go.Figure, naam: str, alt: str) -> None:
    """Show a chart: interactive with plotly.js inline (no CDN) in HTML, a PNG in PDF."""
    from IPython.display import HTML, Image, display

    if formaat() == "html":
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=not _staat["plotlyjs"],
            div_id=f"grafiek-{naam}",
            config={
                "displaylogo": False,
                "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d"],
            },
        )
        _staat["plotlyjs"] = True
        display(HTML(f'<figure class="grafiek" role="img" aria-label="{html.escape(alt)}">{div}</figure>'))
    else:
        display(Image(data=statisch(fig), format="png"))
