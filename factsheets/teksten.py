"""Generated sentences and tables that read naturally for any value, suppressed or missing."""

from __future__ import annotations

from pathlib import Path

from factsheets import opmaak, veilig
from factsheets.gegevens import Gegevens, Rij

# version 2 words; version 1's 'gelijk' and 'geen verandering' are read as their v2 successors
REST = "de rest van het werkgebied"
VERGELIJKING = {
    "hoger": f"hoger dan {REST}",
    "lager": f"lager dan {REST}",
    "niet duidelijk anders": f"niet duidelijk anders dan {REST}",
    "gelijk": f"niet duidelijk anders dan {REST}",
}
OORDEEL = {
    "beter": f"gunstiger dan {REST}",
    "slechter": f"ongunstiger dan {REST}",
    "niet duidelijk anders": f"niet duidelijk anders dan {REST}",
    "gelijk": f"niet duidelijk anders dan {REST}",
}
TREND = {
    "stijgend": "stijgend",
    "dalend": "dalend",
    "geen duidelijke trend": "geen duidelijke trend",
    "geen verandering": "geen duidelijke trend",
    "niet te berekenen": "niet te berekenen",
}
# shape (direction) and colour (judgement), colour-blind safe (Okabe-Ito)
SYMBOOL = {"hoger": "▲", "lager": "▼", "niet duidelijk anders": "●", "gelijk": "●"}
KLEUR = {
    "beter": "#0072B2",
    "slechter": "#D55E00",
    "niet duidelijk anders": "#8c8c8c",
    "gelijk": "#8c8c8c",
    "geen oordeel": "#6a3d9a",
}
MERKTEKENS = {
    "te weinig waarnemingen": "¹",
    "kleine aantallen": "²",
    "complementaire onderdrukking": "³",
}


def reden_tekst(reden: str, g: Gegevens) -> str:
    return {
        "te weinig waarnemingen": f"te weinig waarnemingen (minder dan {g.min_noemer} in de noemer)",
        "kleine aantallen": f"minder dan {g.min_aantal}",
        "complementaire onderdrukking": "afgeschermd om een ander cijfer te beschermen",
    }.get(reden, reden)


def vergelijking_kort(rij: Rij | None) -> str:
    """'hoger', 'lager', 'niet duidelijk anders' (against the rest of the werkgebied); '–' when unknown."""
    if rij is None or rij.vergelijking is None:
        return opmaak.STREEP
    return "niet duidelijk anders" if rij.vergelijking == "gelijk" else rij.vergelijking


def vergelijking_woord(rij: Rij | None, polariteit: str | None = None) -> str:
    """The comparison in words: 'lager dan de rest van het werkgebied'; '–' when unknown."""
    if rij is None or rij.vergelijking is None:
        return opmaak.STREEP
    return VERGELIJKING.get(rij.vergelijking, rij.vergelijking)


def oordeel_woord(rij: Rij | None, polariteit: str) -> str:
    """'gunstig' / 'ongunstig' where the indicator has a polarity, else ''."""
    if rij is None or polariteit == "geen" or rij.oordeel in (None, "geen oordeel"):
        return ""
    return {"beter": "gunstig", "slechter": "ongunstig"}.get(rij.oordeel, "")


def symbool(rij: Rij | None) -> tuple[str, str]:
    """(shape, colour) of a comparison: the shape says the direction, the colour the judgement."""
    if rij is None or rij.vergelijking is None:
        return "", "#8c8c8c"
    if rij.vergelijking in ("niet duidelijk anders", "gelijk"):
        return SYMBOOL[rij.vergelijking], KLEUR["niet duidelijk anders"]
    return SYMBOOL.get(rij.vergelijking, ""), KLEUR.get(rij.oordeel or "geen oordeel", KLEUR["geen oordeel"])


def trend_woord(rij: Rij | None) -> str:
    if rij is None or rij.trend is None:
        return opmaak.STREEP
    return TREND.get(rij.trend, rij.trend)


def norm_woord(rij: Rij | None, doelwaarde: float | None) -> str:
    """'onder de norm van 90%' / 'haalt de norm van 90%', or '' without a doelwaarde or value.

    Read from the publication layer's `norm`; where that column is not there yet, from the
    published teller and noemer against the doelwaarde (the spec's rule: plain double arithmetic).
    """
    if rij is None or doelwaarde is None or rij.onderdrukt or rij.waarde is None:
        return ""
    norm = rij.norm
    if norm is None and rij.teller is not None and rij.noemer:
        norm = "gehaald" if rij.teller / rij.noemer >= doelwaarde else "niet gehaald"
    grens = opmaak.procent(doelwaarde).replace(",0", "")
    if norm == "gehaald":
        return f"haalt de norm van {grens}"
    if norm == "niet gehaald":
        return f"onder de norm van {grens}"
    return ""


def waarde_cel(rij: Rij | None, eenheid: str) -> str:
    """The value as shown, or '–' with the mark of its reason."""
    if rij is None:
        return opmaak.STREEP
    if rij.onderdrukt:
        return opmaak.STREEP + MERKTEKENS.get(rij.reden or "", "")
    return opmaak.waarde(rij.waarde, eenheid)


def interval_cel(rij: Rij | None, eenheid: str) -> str:
    if rij is None or rij.onderdrukt:
        return opmaak.STREEP
    return opmaak.interval(rij.ci_onder, rij.ci_boven, eenheid)


def zin(g: Gegevens, indicator: str, onderwerp: str | None = None) -> str:
    """One sentence about an indicator for this gemeente, for any value."""
    m = g.meta[indicator]
    eenheid = m["eenheid"]
    rij, wg = g.rij(indicator), g.rij(indicator, "werkgebied")
    periode = opmaak.periode(g.periode_van(indicator) or g.periode)
    wat = onderwerp or m["label"]
    if rij is None or (rij.noemer == 0 and not rij.onderdrukt):
        return f"Voor {wat} zijn er in {g.gemeente_naam} in {periode} geen kinderen in de noemer."
    if rij.onderdrukt:
        return (
            f"Het cijfer voor {wat} in {g.gemeente_naam} ({periode}) wordt niet getoond: "
            f"{reden_tekst(rij.reden or '', g)}."
        )
    tekst = (
        f"In {g.gemeente_naam} was {wat} in {periode} {opmaak.waarde(rij.waarde, eenheid)} "
        f"(95%-interval {opmaak.interval(rij.ci_onder, rij.ci_boven, eenheid)})"
    )
    if wg is not None and not wg.onderdrukt and wg.waarde is not None:
        tekst += f"; in het hele werkgebied {opmaak.waarde(wg.waarde, eenheid)}"
    tekst += "."
    if rij.vergelijking is not None:
        tekst += f" Dat is {vergelijking_woord(rij)}"
        oordeel = oordeel_woord(rij, m["polariteit"])
        tekst += f" ({oordeel})." if oordeel else "."
    if rij.trend in ("stijgend", "dalend"):
        tekst += f" Over de laatste vijf jaar is de ontwikkeling {rij.trend}."
    return tekst


def tabel(g: Gegevens, indicatoren: list[str], kop: str = "Indicator", veld: str = "label") -> str:
    """A Markdown table: indicator, value, interval, comparison, trend; withheld shown as '–'."""
    regels = [
        f"| {kop} | {g.gemeente_naam} | 95%-interval | Werkgebied | Tegenover de rest van het werkgebied | Trend |",
        # the dashes give the column widths (pandoc: relative to their lengths)
        "|:---------------|-------:|:---------:|-------:|:---------------|:-----------|",
    ]
    aanwezig = [i for i in indicators_of(g, indicatoren) if g.rij(i) or g.rij(i, "werkgebied")]
    for i in aanwezig:
        m = g.meta[i]
        rij, wg = g.rij(i), g.rij(i, "werkgebied")
        regels.append(
            f"| {m[veld]} | {waarde_cel(rij, m['eenheid'])} | {interval_cel(rij, m['eenheid'])} | "
            f"{waarde_cel(wg, m['eenheid'])} | {vergelijking_cel(rij, m['polariteit'])} | {trend_woord(rij)} |"
        )
    if not aanwezig:
        return f"[Voor {opmaak.periode(g.periode)} zijn er geen cijfers voor deze indicatoren.]{{.voetnoot}}\n"
    weg = [g.meta[i][veld] for i in indicators_of(g, indicatoren) if i not in aanwezig]
    noot = ""
    if weg:
        noot = f"\n[Niet van toepassing in deze periode (geen cijfer): {', '.join(weg)}.]{{.voetnoot}}\n"
    return "\n".join(regels) + "\n\n" + voetnoten(g, indicatoren) + noot


def vergelijking_cel(rij: Rij | None, polariteit: str) -> str:
    """'▼ lager (ongunstig)': shape, direction and judgement in words (the colour is in the tiles)."""
    kort = vergelijking_kort(rij)
    if kort == opmaak.STREEP:
        return kort
    vorm, _ = symbool(rij)
    oordeel = oordeel_woord(rij, polariteit)
    return f"{vorm} {kort}" + (f" ({oordeel})" if oordeel else "")


def indicators_of(g: Gegevens, indicatoren: list[str]) -> list[str]:
    return [i for i in indicatoren if i in g.meta]


def voetnoten(g: Gegevens, indicatoren: list[str]) -> str:
    """The reasons in words for every mark used in a table."""
    redenen = []
    for i in indicators_of(g, indicatoren):
        for rij in (g.rij(i), g.rij(i, "werkgebied")):
            if rij is not None and rij.onderdrukt and rij.reden not in redenen:
                redenen.append(rij.reden)
    if not redenen:
        return ""
    delen = [f"{MERKTEKENS.get(r, '')} {reden_tekst(r, g)}" for r in redenen]
    return "[" + "; ".join(delen) + ".]{.voetnoot}\n"


def lees_tekst(teksten: str | Path | None, periode: str, naam: str) -> str | None:
    """A regiomanager's or theme text from {teksten}/{periode}/{naam}.md, if present, made safe
    (factsheets/veilig.py: no raw HTML/typst, images, links; cut when too long)."""
    tekst = veilig.lees_schone_tekst(teksten, periode, naam)
    if tekst is None:
        return None
    veilig.waarschuw(tekst.meldingen)
    return tekst.markdown or None
