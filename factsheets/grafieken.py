"""plotly charts for the factsheet, built only from publicatie rows of the gemeente and the
werkgebied. Trace data holds published values only (plain lists, no derived numbers), so nothing
withheld can be read back from a chart; intervals are drawn from their published bounds."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import plotly.graph_objects as go

from factsheets import opmaak
from factsheets.gegevens import Gegevens, Rij

# Okabe-Ito, safe for colour-blind readers
GEMEENTE = "#0072B2"
WERKGEBIED = "#E69F00"
LIJN = "#555555"
LETTER = "DejaVu Sans, Arial, sans-serif"

BEREIK = [
    "bereik_zuigelingen",
    "bereik_peuters",
    "bereik_5_6_jaar",
    "bereik_10_11_jaar",
    "bereik_13_14_jaar",
]
VACCINATIE = [
    "vaccinatie_dktp_2j", "vaccinatie_hib_2j", "vaccinatie_hepb_2j", "vaccinatie_pneu_2j",
    "vaccinatie_bmr1_2j", "vaccinatie_menc_2j", "vaccinatie_volledig_2j", "vaccinatie_dktp_5j",
    "vaccinatie_dtp_10j", "vaccinatie_bmr2_10j", "vaccinatie_hpv_meisjes_11j",
    "vaccinatie_hpv_jongens_11j", "vaccinatie_menacwy_15j",
]  # fmt: skip
VERZUIM_AANDELEN = ["verzuim_aandeel_po", "verzuim_aandeel_vo", "verzuim_aandeel_mbo", "verzuim_aandeel_overig"]


def _waarde(rij: Rij | None) -> float | None:
    return None if rij is None or rij.onderdrukt else rij.waarde


@cache
def sjabloon() -> go.layout.Template:
    """plotly's own "plotly" template as shipped, read from its package data.

    Not `pio.templates`: whoever runs the document can change those, and real Quarto's Jupyter
    setup does (every template's margin set to 0). A chart must not depend on the kernel it is made
    in: the same figure then gives the same key in the batch's image cache (document.sleutel) in
    both renderers, and looks the same.
    """
    tekst = resources.files("plotly").joinpath("package_data/templates/plotly.json").read_text(encoding="utf-8")
    return go.layout.Template(json.loads(tekst))


def _opmaak(fig: go.Figure, hoogte: int, procent: bool = True, titel_x: str = "") -> go.Figure:
    # no fixed width: the HTML chart fills the page, the static image is made at document.BREEDTE
    fig.update_layout(
        template=sjabloon(),
        height=hoogte,
        margin={"l": 10, "r": 20, "t": 30, "b": 30},
        font={"family": LETTER, "size": 12, "color": "#222222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        hoverlabel={"font": {"family": LETTER}},
        separators=",.",
    )
    fig.update_xaxes(
        showgrid=True,
        gridcolor="#e5e5e5",
        zeroline=False,
        title_text=titel_x,
        tickformat=".0%" if procent else ",.0f",
    )
    fig.update_yaxes(showgrid=False, automargin=True)
    return fig


def stippen(g: Gegevens, indicatoren: list[str], referenties: tuple[float, ...] = (), veld: str = "label") -> go.Figure:
    """Dot plot: the gemeente with its 95% interval against the werkgebied, one row per indicator."""
    labels = [g.meta[i][veld] for i in indicatoren]
    gem = [g.rij(i) for i in indicatoren]
    wg = [g.rij(i, "werkgebied") for i in indicatoren]
    procent = all(g.meta[i]["eenheid"] != "per 1000" for i in indicatoren)
    fmt = ".1%" if procent else ",.1f"
    lijn_x: list[float | None] = []
    lijn_y: list[str | None] = []
    for label, rij in zip(labels, gem, strict=True):
        if rij is not None and not rij.onderdrukt and rij.ci_onder is not None:
            lijn_x += [rij.ci_onder, rij.ci_boven, None]
            lijn_y += [label, label, None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=lijn_x,
            y=lijn_y,
            mode="lines",
            line={"color": GEMEENTE, "width": 3},
            opacity=0.45,
            name="95%-interval",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[_waarde(r) for r in wg],
            y=labels,
            mode="markers",
            name="werkgebied",
            marker={
                "symbol": "diamond",
                "size": 11,
                "color": WERKGEBIED,
                "line": {"color": "#7a5200", "width": 1},
            },
            hovertemplate=f"werkgebied: %{{x:{fmt}}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[_waarde(r) for r in gem],
            y=labels,
            mode="markers",
            name=g.gemeente_naam,
            marker={"symbol": "circle", "size": 11, "color": GEMEENTE},
            hovertemplate=f"{g.gemeente_naam}: %{{x:{fmt}}}<extra></extra>",
        )
    )
    for ref in referenties:
        fig.add_shape(
            type="line",
            x0=ref,
            x1=ref,
            yref="paper",
            y0=0,
            y1=1,
            line={"color": LIJN, "dash": "dash", "width": 1},
        )
        fig.add_annotation(
            x=ref,
            yref="paper",
            y=1.0,
            text=opmaak.procent(ref).replace(",0", ""),
            showarrow=False,
            yanchor="bottom",
            font={"size": 10, "color": LIJN},
        )
    # every category labelled (plotly would skip some on a short chart)
    fig.update_yaxes(
        autorange="reversed",
        categoryorder="array",
        categoryarray=labels,
        tickmode="array",
        tickvals=labels,
        ticktext=labels,
    )
    return _opmaak(fig, 56 + 16 * len(indicatoren), procent)


def bereik(g: Gegevens) -> go.Figure:
    return stippen(g, BEREIK)


def _as(naam: str, k: int) -> str:
    """Axis reference of panel k (1-based): 'x', 'x2', ... (layout key: 'xaxis', 'xaxis2', ...)."""
    return naam if k == 1 else f"{naam}{k}"


def _reeks_lijnen(g: Gegevens, indicator: str, jaren: list[str], k: int, legenda: bool) -> list[dict]:
    """Gemeente and werkgebied over the years in one small panel; a withheld year is a gap."""
    sporen = []
    for gebied, kleur, streep, symbool in (
        ("werkgebied", WERKGEBIED, "dot", "diamond"),
        ("gemeente", GEMEENTE, "solid", "circle"),
    ):
        rijen = g.reeks(indicator, jaren, gebied)
        naam = g.gemeente_naam if gebied == "gemeente" else "werkgebied"
        # a provisional year (volledig false) has an open marker
        open_ = [r is not None and not r.volledig for r in rijen]
        sporen.append(
            {
                "type": "scatter",
                "x": jaren,
                "y": [_waarde(r) for r in rijen],
                "xaxis": _as("x", k),
                "yaxis": "y",
                "mode": "lines+markers",
                "name": naam,
                "legendgroup": gebied,
                "showlegend": legenda,
                "line": {"color": kleur, "dash": streep, "width": 2},
                "marker": {"symbol": [f"{symbool}-open" if o else symbool for o in open_], "size": 6, "color": kleur},
                "hovertemplate": f"{naam} %{{x}}: %{{y:.1%}}<extra></extra>",
            }
        )
    return sporen


def reeksen(g: Gegevens, indicatoren: list[str], aantal: int = 10, hoogte: int = 125) -> go.Figure:
    """Small multiples: per indicator the yearly series of gemeente and werkgebied, side by side
    with one shared y axis (panels laid out by hand: plotly's make_subplots costs ~0.3 s a chart)."""
    aanwezig = [i for i in indicatoren if any(g.reeks(i, g.jaren_van(i, aantal), "werkgebied"))]
    n = max(1, len(aanwezig))
    tussen = 0.03
    breedte = (1 - tussen * (n - 1)) / n
    sporen: list[dict] = []
    layout: dict = {"annotations": []}
    for k, i in enumerate(aanwezig, start=1):
        jaren = [j for j in g.jaren_van(i, aantal) if g.rij(i, "werkgebied", j) or g.rij(i, periode=j)]
        sporen += _reeks_lijnen(g, i, jaren, k, legenda=k == 1)
        x0 = (k - 1) * (breedte + tussen)
        layout[_as("xaxis", k)] = {"domain": [max(0.0, round(x0, 6)), min(1.0, round(x0 + breedte, 6))], "anchor": "y"}
        layout["annotations"].append(
            {"text": g.meta[i]["label"], "x": x0 + breedte / 2, "y": 1.0, "xref": "paper", "yref": "paper",
             "xanchor": "center", "yanchor": "bottom", "showarrow": False, "font": {"size": 11}}
        )  # fmt: skip
    fig = go.Figure(data=sporen, layout=layout)
    _opmaak(fig, hoogte)
    # no legend (it collided with the panel titles): the caption says which line is which
    fig.update_layout(margin={"l": 10, "r": 10, "t": 25, "b": 25}, showlegend=False)
    fig.update_xaxes(type="category", tickformat=None, showgrid=False, nticks=3, tickangle=0, tickfont={"size": 9})
    fig.update_yaxes(tickformat=".0%", showgrid=True, gridcolor="#e5e5e5")
    return fig


def bereik_reeks(g: Gegevens) -> go.Figure:
    return reeksen(g, BEREIK)


ONDERGRENS = 0.5  # the vaccination axis: 50-100% for every gemeente, so two factsheets compare side by side
VACCINATIE_REEKS = ["vaccinatie_dktp_2j", "vaccinatie_bmr1_2j", "vaccinatie_dtp_10j", "vaccinatie_hpv_meisjes_11j"]


def vaccinatie(g: Gegevens) -> go.Figure:
    """Every vaccination on one fixed axis (0-100%, the same for every gemeente), 90% and 95% lines."""
    aanwezig = [i for i in VACCINATIE if g.rij(i) or g.rij(i, "werkgebied")]
    fig = stippen(g, aanwezig, referenties=(0.90, 0.95), veld="titel")
    fig.update_xaxes(range=[ONDERGRENS, 1.005], dtick=0.05, autorange=False)
    # a value below the fixed axis: an arrow with its value at the left edge (the point itself is
    # off the axis); the axis stays the same for every gemeente
    for i in aanwezig:
        for gebied, kleur in (("gemeente", GEMEENTE), ("werkgebied", WERKGEBIED)):
            w = _waarde(g.rij(i, gebied))
            if w is not None and w < ONDERGRENS:
                fig.add_annotation(
                    x=ONDERGRENS, y=g.meta[i]["titel"], xanchor="left", showarrow=False,
                    text=f"◄ {opmaak.procent(w)}", font={"size": 10, "color": kleur},
                )  # fmt: skip
    return fig


def vaccinatie_reeks(g: Gegevens) -> go.Figure:
    fig = reeksen(g, VACCINATIE_REEKS, hoogte=125)
    fig.update_yaxes(range=[0.5, 1.0], autorange=False)
    return fig


def noshow(g: Gegevens) -> go.Figure:
    """No-show per quarter over the last eight quarters: the gemeente as points with their interval
    (no line, so nothing is drawn across a withheld quarter), the werkgebied as a dotted line; a
    withheld quarter is an explained gap."""
    kwartalen = g.kwartalen(8)
    x = [k.replace("-Q", " K") for k in kwartalen]
    gem = g.reeks("noshow", kwartalen)
    wg = g.reeks("noshow", kwartalen, "werkgebied")
    fig = go.Figure()
    lijn_x: list[str | None] = []
    lijn_y: list[float | None] = []
    for xi, r in zip(x, gem, strict=True):
        if r is not None and not r.onderdrukt and r.ci_onder is not None:
            lijn_x += [xi, xi, None]
            lijn_y += [r.ci_onder, r.ci_boven, None]
    fig.add_trace(
        go.Scatter(
            x=lijn_x,
            y=lijn_y,
            mode="lines",
            line={"color": GEMEENTE, "width": 3},
            opacity=0.45,
            name="95%-interval",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[_waarde(r) for r in wg],
            mode="lines+markers",
            name="werkgebied",
            line={"color": WERKGEBIED, "dash": "dot"},
            marker={"symbol": "diamond", "size": 8},
            hovertemplate="werkgebied %{x}: %{y:.1%}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[_waarde(r) for r in gem],
            mode="markers",
            name=g.gemeente_naam,
            marker={"size": 10, "color": GEMEENTE},
            hovertemplate=f"{g.gemeente_naam} %{{x}}: %{{y:.1%}}<extra></extra>",
        )
    )
    from factsheets.teksten import MERKTEKENS

    for xi, r in zip(x, gem, strict=True):
        if r is None or r.onderdrukt:
            merk = "geen cijfer" if r is None else "niet getoond" + MERKTEKENS.get(r.reden or "", "")
            fig.add_annotation(
                x=xi, yref="paper", y=0.04, text=merk, showarrow=False, font={"size": 10, "color": LIJN}, textangle=-90,
                yanchor="bottom",
            )  # fmt: skip
    _opmaak(fig, 165)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x, tickformat=None, showgrid=False)
    fig.update_yaxes(tickformat=".0%", showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    return fig


def verzuim(g: Gegevens) -> go.Figure:
    return stippen(g, [i for i in VERZUIM_AANDELEN if i in g.meta])


def nieuwkomers(g: Gegevens) -> go.Figure:
    """Share of newcomers over the last five years, gemeente and werkgebied."""
    jaren = g.jaren(5)
    gem = g.reeks("nieuwkomers_aandeel", jaren)
    wg = g.reeks("nieuwkomers_aandeel", jaren, "werkgebied")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=jaren,
            y=[_waarde(r) for r in wg],
            mode="lines+markers",
            name="werkgebied",
            line={"color": WERKGEBIED, "dash": "dot"},
            marker={"symbol": "diamond", "size": 9},
            hovertemplate="werkgebied %{x}: %{y:.1%}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=jaren,
            y=[_waarde(r) for r in gem],
            mode="lines+markers",
            name=g.gemeente_naam,
            line={"color": GEMEENTE},
            marker={"size": 9},
            hovertemplate=f"{g.gemeente_naam} %{{x}}: %{{y:.1%}}<extra></extra>",
        )
    )
    _opmaak(fig, 120)
    fig.update_xaxes(type="category", tickformat=None, showgrid=False)
    fig.update_yaxes(tickformat=".1%", showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    return fig


VERGELIJKING = [
    "bereik_zuigelingen",
    "bereik_peuters",
    "bereik_5_6_jaar",
    "bereik_10_11_jaar",
    "bereik_13_14_jaar",
    "vaccinatie_dktp_2j",
    "vaccinatie_bmr1_2j",
    "vaccinatie_hpv_meisjes_11j",
    "noshow",
    "verzuim_per_1000",
    "nieuwkomers_in_beeld",
]
SYMBOOL = {"hoger": "triangle-up", "lager": "triangle-down", "niet duidelijk anders": "circle", "gelijk": "circle"}


def spreiding(g: Gegevens, indicator: str) -> tuple[float, float, float, float] | None:
    """(lowest, lower quartile, upper quartile, highest) of the published values of the
    werkgebied's gemeenten. The quartiles are the values at the nearest ranks, so every number is
    a published figure of some gemeente, never an interpolation."""
    waarden = sorted(w for _, w in g.gemeenten_waarden.get((indicator, g.periode_van(indicator)), []))
    if len(waarden) < 2:
        return None
    n = len(waarden)

    def rang(q: float) -> float:
        return waarden[max(0, min(n - 1, round(q * (n - 1))))]

    return waarden[0], rang(0.25), rang(0.75), waarden[-1]


def spine_indicatoren(g: Gegevens) -> list[str]:
    return [i for i in VERGELIJKING if i in g.meta and spreiding(g, i) is not None]


def vergelijking(g: Gegevens) -> go.Figure:
    """Spine chart (after Fingertips' local profiles): per indicator the spread of the werkgebied's
    gemeenten (lowest to highest, light; the middle half, dark), the werkgebied's value (a black
    bar) and this gemeente as a marker whose shape says its comparison with the rest of the
    werkgebied and whose colour says whether that is favourable. Each row has its own scale (its
    own x axis; rows laid out by hand, see `reeksen`)."""
    from factsheets import teksten as tk
    from factsheets.inhoud import kort

    rijen = spine_indicatoren(g)
    n = max(1, len(rijen))
    sporen: list[dict] = []
    layout: dict = {}
    hoogte_rij = 1 / n
    for k, i in enumerate(rijen, start=1):
        m = g.meta[i]
        laag, q1, q3, hoog = spreiding(g, i)
        label = kort(m)
        fmt = ".1%" if m["eenheid"] != "per 1000" else ",.1f"
        assen = {"xaxis": _as("x", k), "yaxis": _as("y", k)}
        sporen += [
            {"type": "scatter", "x": [laag, hoog], "y": [label, label], "mode": "lines",
             "line": {"color": "#dcdcdc", "width": 12}, "name": "laagste tot hoogste gemeente",
             "legendgroup": "spreiding", "showlegend": k == 1, "hoverinfo": "skip", **assen},
            {"type": "scatter", "x": [q1, q3], "y": [label, label], "mode": "lines",
             "line": {"color": "#a6a6a6", "width": 12}, "name": "middelste helft", "legendgroup": "midden",
             "showlegend": k == 1, "hoverinfo": "skip", **assen},
            {"type": "scatter", "x": [_waarde(g.rij(i, "werkgebied"))], "y": [label], "mode": "markers",
             "name": "werkgebied", "legendgroup": "wg", "showlegend": k == 1,
             "marker": {"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#222222"}},
             "hovertemplate": f"werkgebied: %{{x:{fmt}}}<extra></extra>", **assen},
        ]  # fmt: skip
        rij = g.rij(i)
        eigen = _waarde(rij)
        if eigen is not None:
            _, kleur = tk.symbool(rij)
            sporen.append(
                {"type": "scatter", "x": [eigen], "y": [label], "mode": "markers", "name": g.gemeente_naam,
                 "showlegend": False, "text": [tk.vergelijking_woord(rij)],
                 "marker": {"symbol": SYMBOOL.get(rij.vergelijking or "", "circle"), "size": 13, "color": kleur,
                            "line": {"color": "white", "width": 1}},
                 "hovertemplate": f"{g.gemeente_naam}: %{{x:{fmt}}}, %{{text}}<extra></extra>", **assen}
            )  # fmt: skip
        marge = (hoog - laag) * 0.08 or 0.01
        boven = 1 - (k - 1) * hoogte_rij
        layout[_as("xaxis", k)] = {"range": [laag - marge, hoog + marge], "anchor": _as("y", k)}
        layout[_as("yaxis", k)] = {
            "domain": [max(0.0, round(boven - hoogte_rij, 6)), min(1.0, round(boven, 6))],
            "anchor": _as("x", k),
        }
    fig = go.Figure(data=sporen, layout=layout)
    _opmaak(fig, 34 + 21 * n)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, fixedrange=True)
    fig.update_yaxes(showgrid=False, fixedrange=True, tickfont={"size": 11})
    fig.update_layout(margin={"l": 10, "r": 10, "t": 28, "b": 4}, legend={"y": 1.0, "yanchor": "bottom"})
    return fig


def sparkline(waarden: list[float | None], voorlopig: list[bool] | None = None, breedte: int = 84,
              hoogte: int = 22) -> str:  # fmt: skip
    """A five-year sparkline as a small SVG: a gap where a year is withheld, the last year a dot
    (open when provisional). Scaled to its own range: it shows the shape, the numbers are beside it."""
    punten = [(i, w) for i, w in enumerate(waarden) if w is not None]
    if len(punten) < 2:
        return ""
    laag, hoog = min(w for _, w in punten), max(w for _, w in punten)
    span = (hoog - laag) or 1.0
    stap = (breedte - 8) / max(1, len(waarden) - 1)

    def xy(i: int, w: float) -> tuple[float, float]:
        return 4 + i * stap, hoogte - 4 - (w - laag) / span * (hoogte - 8)

    delen, stuk = [], []
    for i, w in enumerate(waarden + [None]):
        if w is None:
            if len(stuk) > 1:
                delen.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in stuk))
            stuk = []
        else:
            stuk.append(xy(i, w))
    lijnen = "".join(f'<polyline points="{p}" fill="none" stroke="{GEMEENTE}" stroke-width="1.6"/>' for p in delen)
    li, lw = punten[-1]
    x, y = xy(li, lw)
    open_ = bool(voorlopig and voorlopig[li])
    punt = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{"white" if open_ else GEMEENTE}" stroke="{GEMEENTE}"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{hoogte}" '
        f'viewBox="0 0 {breedte} {hoogte}" aria-hidden="true">{lijnen}{punt}</svg>'
    )


_FIGUREN: dict[tuple[int, str], tuple[Gegevens, go.Figure]] = {}


def figuur(naam: str, g: Gegevens) -> go.Figure:
    """Chart `naam` for these figures, built once per process: the PDF pass of a document reuses
    the figures of its HTML pass (`laad` hands both the same Gegevens). Callers must not change
    the figure (document.grafiek copies it before adapting it to the page)."""
    sleutel = (id(g), naam)
    bewaard = _FIGUREN.get(sleutel)
    if bewaard is not None and bewaard[0] is g:
        return bewaard[1]
    fig = GRAFIEKEN[naam](g)
    while len(_FIGUREN) >= 128 * len(GRAFIEKEN):
        _FIGUREN.pop(next(iter(_FIGUREN)))
    _FIGUREN[sleutel] = (g, fig)
    return fig


GRAFIEKEN = {
    "bereik": bereik,
    "bereik_reeks": bereik_reeks,
    "vaccinatie": vaccinatie,
    "vaccinatie_reeks": vaccinatie_reeks,
    "noshow": noshow,
    "verzuim": verzuim,
    "nieuwkomers": nieuwkomers,
    "vergelijking": vergelijking,
}


ALLEEN_HTML = {"bereik", "verzuim"}  # their tables give the same figures; the PDF keeps to four pages


def alle(g: Gegevens) -> dict[str, go.Figure]:
    """Every chart of one factsheet's PDF (the renderer makes their static images in one batch)."""
    return {naam: figuur(naam, g) for naam in GRAFIEKEN if naam not in ALLEEN_HTML}
