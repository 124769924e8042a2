"""Helpers the cells of factsheet.qmd call: the target format, showing a chart, static images.

The document picks interactive (HTML) or static (PDF) charts by the target format that Quarto (or
the project's renderer, the same way) announces in QUARTO_EXECUTE_INFO. Static images come from the
batch cache the renderer filled beforehand (JGZ_GRAFIEKEN), or are made here with kaleido.
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


def maak_statisch(figuren: list[go.Figure], cache: Path, tabbladen: int = 1) -> None:
    """Write the static images of many figures in one kaleido session: one Chromium, MathJax off
    (it would come from a CDN), `tabbladen` tabs rendering side by side."""
    import asyncio

    import kaleido

    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    cache.mkdir(parents=True, exist_ok=True)
    te_doen = {}
    for fig in figuren:
        pad = cache / f"{sleutel(fig)}.png"
        if not pad.exists():
            te_doen[pad] = fig
    if not te_doen:
        return
    opdrachten = [
        {
            "fig": fig,
            "path": str(pad),
            "opts": {
                "format": "png",
                "width": fig.layout.width or 720,
                "height": fig.layout.height or 300,
                "scale": 2,
            },
        }
        for pad, fig in te_doen.items()
    ]

    async def schrijf() -> None:
        async with kaleido.Kaleido(n=tabbladen, mathjax=False) as k:
            await k.write_fig_from_object(opdrachten)

    asyncio.run(schrijf())


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
