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
# plotly.js "basic" (scatter, bar; the same version as plotly.py's full bundle), vendored: the full
# bundle alone is 4.8 MB, over the 2 MB an HTML factsheet may weigh
PLOTLYJS = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
BREEDTE = 760  # px of a static chart: the text width of an A4 page at the PDF's scale
_staat = {"plotlyjs": False}


def begin() -> str:
    """Start of a document: forget what the previous document in this kernel did; in HTML, return
    plotly.js as a raw block for the top of the document (printed, not displayed: a displayed
    text/html output makes real Quarto add require.js and jQuery from a CDN)."""
    _staat["plotlyjs"] = False
    if formaat() != "html":
        return ""
    _staat["plotlyjs"] = True
    return "```{=html}\n<script>" + PLOTLYJS.read_text(encoding="utf-8") + "</script>\n```\n"


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
    """Content hash of a figure: the key of its static image in the batch cache.

    Over the figure's JSON with sorted keys: plotly writes the keys in the order they were set,
    which is not the same in every kernel (real Quarto's and the project's renderer)."""
    kanoniek = json.dumps(json.loads(fig.to_json()), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(kanoniek.encode("utf-8")).hexdigest()[:24]


def statisch(fig: go.Figure) -> bytes:
    """The figure as SVG: from the batch cache, or made now (kaleido)."""
    cache = os.environ.get("JGZ_GRAFIEKEN")
    if cache:
        pad = Path(cache) / f"{sleutel(fig)}.svg"
        if pad.is_file():
            return pad.read_bytes()
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    import plotly.io as pio

    return pio.to_image(fig, format="svg", width=BREEDTE, height=fig.layout.height or 300)


# Plotly.toImage for a list of figure specs, one after the other in the same page
_TEKEN = """async (specs) => {
    const uit = [];
    for (const s of specs) {
        uit.push(await Plotly.toImage({data: s.data, layout: s.layout, config: {mathjax: null}},
            {format: 'svg', width: s.breedte, height: s.hoogte}));
    }
    return uit;
}"""
PER_KEER = 25  # figures per call: bounds the memory of the returned images


def maak_statisch(figuren: list[go.Figure], cache: Path) -> None:
    """Write the static images (SVG) of many figures with one Chromium and one page.

    plotly.js is loaded once (inline, no network) and draws every figure with Plotly.toImage, the
    same call kaleido makes, so the images are identical; kaleido's per-figure setup (about 0.35 s
    a figure) is what this avoids.
    """
    from urllib.parse import unquote

    from playwright.sync_api import sync_playwright

    cache.mkdir(parents=True, exist_ok=True)
    te_doen: dict[Path, go.Figure] = {}
    for fig in figuren:
        pad = cache / f"{sleutel(fig)}.svg"
        if not pad.exists():
            te_doen[pad] = fig
    if not te_doen:
        return
    opdrachten = []
    for pad, fig in te_doen.items():
        spec = json.loads(fig.to_json())
        spec["breedte"] = BREEDTE
        spec["hoogte"] = fig.layout.height or 300
        opdrachten.append((pad, spec))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("BROWSER_PATH", CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            pagina = browser.new_page()
            pagina.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
            pagina.add_script_tag(content=PLOTLYJS.read_text(encoding="utf-8"))
            for i in range(0, len(opdrachten), PER_KEER):
                deel = opdrachten[i : i + PER_KEER]
                beelden = pagina.evaluate(_TEKEN, [spec for _, spec in deel])
                for (pad, _), beeld in zip(deel, beelden, strict=True):
                    tijdelijk = pad.with_suffix(".deel")
                    tijdelijk.write_text(unquote(beeld.split(",", 1)[1]), encoding="utf-8")
                    tijdelijk.replace(pad)
        finally:
            browser.close()


def _typst_string(s: str) -> str:
    """A typst string literal (typst's escapes: backslash, quote, newline)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "") + '"'


def grafiek(fig: go.Figure, naam: str, alt: str, bijschrift: str = "", pdf: bool = True) -> str:
    """A chart as Markdown for the cell to print (`output: asis`): in HTML the interactive chart
    (plotly.js is already on the page, see `begin`), using the page's width; in PDF the static SVG,
    or nothing with `pdf=False` (a chart whose figures the table beside it already gives, left
    out so that the PDF keeps to four pages). The text alternative goes with it in both."""

    if formaat() == "html":
        import plotly.io as pio

        # a dict copy (no second validation); a little taller on screen than on paper
        spec = fig.to_plotly_json()
        spec["layout"] = {**spec["layout"], "autosize": True, "height": round((fig.layout.height or 300) * 1.3)}
        spec["layout"].pop("width", None)
        div = pio.to_html(
            spec,
            validate=False,
            full_html=False,
            include_plotlyjs=False,
            div_id=f"grafiek-{naam}",
            default_width="100%",
            default_height=f"{spec['layout']['height']}px",
            config={
                "displaylogo": False,
                "responsive": True,
                "displayModeBar": False,
            },
        )
        cap = f"<figcaption>{html.escape(bijschrift)}</figcaption>" if bijschrift else ""
        return (
            f'```{{=html}}\n<figure class="grafiek" role="img" aria-label="{html.escape(alt)}">'
            f"{div}{cap}</figure>\n```\n"
        )
    if not pdf:
        return ""
    svg = statisch(fig).decode("utf-8")
    cap = f", caption: {_typst_string(bijschrift)}" if bijschrift else ""
    return (
        f'```{{=typst}}\n#figure(image(bytes({_typst_string(svg)}), format: "svg", width: 100%, '
        f"alt: {_typst_string(alt)}){cap})\n```\n"
    )


def svg(inhoud: str, breedte_typst: str = "100%") -> str:
    """A small SVG (map, sparkline) as a raw block for the format."""
    if formaat() == "html":
        return f"```{{=html}}\n{inhoud}\n```\n"
    return f'```{{=typst}}\n#image(bytes({_typst_string(inhoud)}), format: "svg", width: {breedte_typst})\n```\n'


def samen(markdown: str) -> str:
    """Keep a table and its footnotes on one page (PDF); a plain block in HTML."""
    if formaat() == "html":
        return f"::: {{.samen}}\n{markdown}\n:::\n"
    return f"```{{=typst}}\n#block(breakable: false)[\n```\n{markdown}\n```{{=typst}}\n]\n```\n"
