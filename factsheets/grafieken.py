"""plotly charts for the factsheet, built only from publicatie rows of the gemeente and the
werkgebied. Trace data holds published values only (plain lists, no derived numbers), so nothing
withheld can be read back from a chart; intervals are drawn from their published bounds."""

from __future__ import annotations

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
VERZUIM_AANDELEN = ["verzuim_aandeel_po", "verzuim_aandeel_vo", "verzuim_aandeel_mbo"]


def _waarde(rij: Rij | None) -> float | None:
    return None if rij is None or rij.onderdrukt else rij.waarde


def _opmaak(fig: go.Figure, hoogte: int, procent: bool = True, titel_x: str = "") -> go.Figure:
    fig.update_layout(
        height=hoogte,
        width=720,
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
    return _opmaak(fig, 66 + 22 * len(indicatoren), procent)


def bereik(g: Gegevens) -> go.Figure:
    return stippen(g, BEREIK)


def vaccinatie(g: Gegevens) -> go.Figure:
    fig = stippen(g, VACCINATIE, referenties=(0.90, 0.95), veld="titel")
    return fig


def noshow(g: Gegevens) -> go.Figure:
    """No-show per month over the last 24 months, gemeente (with interval band) and werkgebied."""
    maanden = g.maanden(24)
    x = [opmaak.maand_kort(m) for m in maanden]
    gem = g.reeks("noshow", maanden)
    wg = g.reeks("noshow", maanden, "werkgebied")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[None if r is None or r.onderdrukt else r.ci_boven for r in gem],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[None if r is None or r.onderdrukt else r.ci_onder for r in gem],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(0,114,178,0.15)",
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
            marker={"symbol": "diamond"},
            hovertemplate="werkgebied: %{y:.1%}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[_waarde(r) for r in gem],
            mode="lines+markers",
            name=g.gemeente_naam,
            line={"color": GEMEENTE},
            hovertemplate=f"{g.gemeente_naam}: %{{y:.1%}}<extra></extra>",
        )
    )
    _opmaak(fig, 215)
    fig.update_xaxes(tickformat=None, showgrid=False, tickangle=-45, nticks=12)
    fig.update_yaxes(tickformat=".0%", showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    return fig


def verzuim(g: Gegevens) -> go.Figure:
    return stippen(g, VERZUIM_AANDELEN)


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
    _opmaak(fig, 185)
    fig.update_xaxes(type="category", tickformat=None, showgrid=False)
    fig.update_yaxes(tickformat=".1%", showgrid=True, gridcolor="#e5e5e5", rangemode="tozero")
    return fig


VERGELIJKING = [
    "bereik_zuigelingen",
    "bereik_peuters",
    "bereik_5_6_jaar",
    "vaccinatie_dktp_2j",
    "vaccinatie_bmr1_2j",
    "vaccinatie_hpv_meisjes_11j",
    "noshow",
    "nieuwkomers_in_beeld",
]


def rang(g: Gegevens, indicator: str) -> tuple[int, int] | None:
    """(place, number of gemeenten with a published value); 1 = most favourable (or highest)."""
    p = g.periode_van(indicator)
    waarden = g.gemeenten_waarden.get((indicator, p), [])
    eigen = dict(waarden).get(g.gemeente)
    if eigen is None:
        return None
    laag_is_goed = g.meta[indicator]["polariteit"] == "laag is goed"
    beter = [w for _, w in waarden if (w < eigen if laag_is_goed else w > eigen)]
    return len(beter) + 1, len(waarden)


def vergelijking(g: Gegevens) -> go.Figure:
    """This gemeente among the gemeenten of the werkgebied: its value against the werkgebied, with
    its place written in the label (other gemeenten's values are not in the chart)."""
    fig = stippen(g, VERGELIJKING, veld="titel")
    labels = []
    for i in VERGELIJKING:
        r = rang(g, i)
        plaats = f" ({r[0]}e van {r[1]})" if r else ""
        labels.append(g.meta[i]["titel"] + plaats)
    oude = [g.meta[i]["titel"] for i in VERGELIJKING]
    for trace in fig.data:
        if trace.y is not None:
            trace.y = [labels[oude.index(y)] if y in oude else y for y in trace.y]
    fig.update_yaxes(categoryarray=labels, tickvals=labels, ticktext=labels)
    return fig


GRAFIEKEN = {
    "bereik": bereik,
    "vaccinatie": vaccinatie,
    "noshow": noshow,
    "verzuim": verzuim,
    "nieuwkomers": nieuwkomers,
    "vergelijking": vergelijking,
}


def alle(g: Gegevens) -> dict[str, go.Figure]:
    """Every chart of one factsheet (the renderer makes their static images in one batch)."""
    return {naam: maak(g) for naam, maak in GRAFIEKEN.items()}
