"""Generated sentences and tables that read naturally for any value, suppressed or missing."""

from __future__ import annotations

from pathlib import Path

from factsheets import opmaak, veilig
from factsheets.gegevens import Gegevens, Rij

VERGELIJKING_WOORDEN = {
    "beter": "gunstiger dan in het werkgebied",
    "slechter": "ongunstiger dan in het werkgebied",
    "gelijk": "niet duidelijk anders dan in het werkgebied",
}
RICHTING_WOORDEN = {
    "hoger": "hoger dan in het werkgebied",
    "lager": "lager dan in het werkgebied",
    "gelijk": "niet duidelijk anders dan in het werkgebied",
}
TREND_WOORDEN = {
    "stijgend": "stijgend",
    "dalend": "dalend",
    "geen verandering": "geen verandering",
    "niet te berekenen": "niet te berekenen",
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


def vergelijking_woord(rij: Rij | None, polariteit: str) -> str:
    """beter/gelijk/slechter, or hoger/lager where there is no judgement; '–' when unknown."""
    if rij is None or rij.vergelijking is None:
        return opmaak.STREEP
    if polariteit == "geen":
        return rij.vergelijking
    return rij.oordeel or opmaak.STREEP


def trend_woord(rij: Rij | None) -> str:
    if rij is None or rij.trend is None:
        return opmaak.STREEP
    return TREND_WOORDEN.get(rij.trend, rij.trend)


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
        woorden = RICHTING_WOORDEN if m["polariteit"] == "geen" else VERGELIJKING_WOORDEN
        sleutel = rij.vergelijking if m["polariteit"] == "geen" else rij.oordeel
        tekst += f" Dat is {woorden.get(sleutel, sleutel)}."
    if rij.trend in ("stijgend", "dalend"):
        tekst += f" Over de laatste jaren is de ontwikkeling {rij.trend}."
    return tekst


def tabel(g: Gegevens, indicatoren: list[str], kop: str = "Indicator", veld: str = "label") -> str:
    """A Markdown table: indicator, value, interval, comparison, trend; withheld shown as '–'."""
    regels = [
        f"| {kop} | {g.gemeente_naam} | 95%-interval | Werkgebied | Vergeleken met werkgebied | Trend |",
        "|:---|---:|:---:|---:|:---|:---|",
    ]
    for i in indicators_of(g, indicatoren):
        m = g.meta[i]
        rij, wg = g.rij(i), g.rij(i, "werkgebied")
        regels.append(
            f"| {m[veld]} | {waarde_cel(rij, m['eenheid'])} | {interval_cel(rij, m['eenheid'])} | "
            f"{waarde_cel(wg, m['eenheid'])} | {vergelijking_woord(rij, m['polariteit'])} | {trend_woord(rij)} |"
        )
    return "\n".join(regels) + "\n\n" + voetnoten(g, indicatoren)


def indicators_of(g: Gegevens, indicatoren: list[str]) -> list[str]:
    return [i for i in indicatoren if i in g.meta]


def voetnoten(g: Gegevens, indicatoren: list[str]) -> str:
    """The reasons in words for every mark used in a table."""
    redenen = []
    for i in indicatoren:
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
    if not teksten:
        return None
    pad = Path(teksten) / periode / f"{naam}.md"
    if not pad.is_file():
        return None
    tekst = veilig.schone_markdown(pad.read_text(encoding="utf-8", errors="replace"), f"{periode}/{pad.name}")
    veilig.waarschuw(tekst.meldingen)
    return tekst.markdown or None
