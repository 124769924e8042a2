"""The sections of a factsheet as Markdown (with raw HTML or typst where layout needs it), from the
published figures and the metadata. Every user or configuration text goes through `veilig`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from factsheets import document, grafieken, kaart, opmaak, veilig
from factsheets import teksten as tk
from factsheets.gegevens import Gegevens
from modellen.metadata import kerncijfers, thema_indicatoren  # kerncijfers: `kerncijfer = true` in the metadata

__all__ = ["Inhoud", "kerncijfers"]

MAX_OPVALLEND = 5
BEGIN_TEKENS = 420  # the page-1 lines of the regiomanager's text


def html_tekst(s: object) -> str:
    return veilig.html_tekst(s)


def typst_tekst(s: object) -> str:
    """A typst string literal."""
    return veilig.typst_tekst(s)


def md_tekst(s: object) -> str:
    """Literal text inside Markdown."""
    return veilig.markdown_tekst(s)


def kort(m: dict) -> str:
    """A title short enough for a tile or a chart row: the metadata's titel, or its label when the
    titel is long ('Kinderen met een verzuimconsult per 1.000 kinderen van 4 tot 18 jaar')."""
    if len(m["titel"]) <= 40:
        return m["titel"]
    return m["label"][0].upper() + m["label"][1:]


def eenheid_woord(indicator: str) -> str:
    return "afspraken" if indicator.startswith("noshow") else "kinderen"


def leeftijd(indicator: str) -> str | None:
    """'2 jaar' from 'vaccinatie_dktp_2j'."""
    m = re.search(r"_(\d+)j$", indicator)
    return f"{m.group(1)} jaar" if m else None


@dataclass
class Tegel:
    indicator: str
    titel: str
    waarde: str
    regels: list[str]  # plain text lines (interval, counts, norm, comparison, trend)
    vergelijking: str  # words, '' when none
    vorm: str
    kleur: str
    sparkline: str  # SVG, '' when fewer than two years
    voorlopig: bool


class Inhoud:
    def __init__(self, g: Gegevens, teksten: str | Path | None = None):
        self.g = g
        self.teksten = teksten or g.teksten or None
        self.thema_naam = g.thema.capitalize()
        self.thema_indicatoren = thema_indicatoren(g.thema)

    # -- header -----------------------------------------------------------------------------------
    def _periode_tekst(self) -> str:
        return opmaak.periode(self.g.periode)

    def kop(self) -> str:
        """Organisation, title, periode, regio, date of the data and the locator map."""
        g = self.g
        codes = [c for c, _, _ in g.gebieden]
        namen = {c: n for c, n, _ in g.gebieden}
        kaartje = kaart.locator(codes, g.gemeente, namen)
        onder = f"{self._periode_tekst()} · regio {g.regio} · gegevens tot en met {opmaak.datum(g.aanmaakdatum)}"
        if document.formaat() == "html":
            return (
                '```{=html}\n<header class="kop"><div class="kop-tekst">'
                f'<p class="organisatie">{html_tekst(g.organisatie)}</p>'
                f"<h1>Jeugdgezondheid in {html_tekst(g.gemeente_naam)}</h1>"
                f'<p class="ondertitel">{html_tekst(onder)}</p></div>'
                f'<figure class="kaartje">{kaartje}<figcaption>{html_tekst(kaart.BRON)}</figcaption></figure>'
                "</header>\n```\n"
            )
        return (
            "```{=typst}\n"
            f"#jgz-kop({typst_tekst(g.organisatie)}, {typst_tekst('Jeugdgezondheid in ' + g.gemeente_naam)}, "
            f"{typst_tekst(onder)}, {document._typst_string(kaartje)}, {typst_tekst(kaart.BRON)})\n```\n"
        )

    # -- page 1: tiles ------------------------------------------------------------------------------
    def _kern(self) -> list[str]:
        return [i for i in kerncijfers(self.g.thema) if i in self.g.meta]

    def tegel(self, i: str) -> Tegel:
        g = self.g
        m = g.meta[i]
        rij = g.rij(i)
        periode = g.periode_van(i) or g.periode
        titel = kort(m) if m["thema"] != "vaccinatie" else f"Vaccinatie {m['titel']}"
        regels: list[str] = []
        if m["thema"] == "vaccinatie":
            regels.append(f"peildatum 1 januari {periode}")
        jaren = g.jaren_van(i, 5)
        reeks = g.reeks(i, jaren)
        spark = grafieken.sparkline(
            [None if r is None or r.onderdrukt else r.waarde for r in reeks],
            [r is not None and not r.volledig for r in reeks],
        )
        if rij is None:
            return Tegel(i, titel, opmaak.STREEP, ["geen cijfer voor deze periode"], "", "", "#8c8c8c", "", False)
        if rij.onderdrukt:
            regels.append(f"niet getoond: {tk.reden_tekst(rij.reden or '', g)}")
            if rij.noemer is not None:
                regels.append(f"{opmaak.getal(rij.noemer)} {eenheid_woord(i)} in de noemer")
            return Tegel(i, titel, opmaak.STREEP, regels, "", "", "#8c8c8c", spark, not rij.volledig)
        eenheid = m["eenheid"]
        regels.append(f"95%-interval {opmaak.interval(rij.ci_onder, rij.ci_boven, eenheid)}")
        if rij.teller is not None and rij.noemer is not None:
            if i.startswith("verzuim_per_1000"):
                regels.append(
                    f"{opmaak.getal(rij.teller)} van de {opmaak.getal(rij.noemer)} kinderen van 4 tot 18 jaar"
                )
            else:
                regels.append(f"{opmaak.getal(rij.teller)} van de {opmaak.getal(rij.noemer)} {eenheid_woord(i)}")
            if m["thema"] == "vaccinatie":
                niet = rij.noemer - rij.teller
                regels.append(f"{opmaak.getal(niet)} kinderen van {leeftijd(i)} niet volledig gevaccineerd")
        norm = tk.norm_woord(rij, m.get("doelwaarde"))
        if norm:
            regels.append(norm)
        vorm, kleur = tk.symbool(rij)
        vergelijking = ""
        if rij.vergelijking is not None:
            vergelijking = tk.vergelijking_woord(rij)
            oordeel = tk.oordeel_woord(rij, m["polariteit"])
            if oordeel:
                vergelijking += f" ({oordeel})"
        trend = tk.trend_woord(rij)
        if g.periode_type == "kwartaal" and m["thema"] != "vaccinatie":
            regels.append("trend: alleen per jaar")
        elif trend != opmaak.STREEP:
            regels.append(f"trend {jaren[0]}–{jaren[-1]}: {trend}")
        return Tegel(
            # per 1000: the unit is in the title, the tile shows the number
            i,
            titel,
            opmaak.waarde(rij.waarde, eenheid).replace(" per 1.000", ""),
            regels,
            vergelijking,
            vorm,
            kleur,
            spark,
            not rij.volledig,
        )

    def tegels(self) -> str:
        tegels = [self.tegel(i) for i in self._kern()]
        if document.formaat() == "html":
            delen = ['```{=html}\n<div class="tegels">']
            for t in tegels:
                regels = "".join(f"<span>{html_tekst(r)}</span>" for r in t.regels)
                verg = (
                    f'<span class="vergelijking" style="color:{t.kleur}">'
                    f'<b aria-hidden="true">{t.vorm}</b> {html_tekst(t.vergelijking)}</span>'
                    if t.vergelijking
                    else ""
                )
                voorlopig = '<span class="voorlopig">voorlopig</span>' if t.voorlopig else ""
                delen.append(
                    f'<div class="tegel" style="border-left-color:{t.kleur}">'
                    f'<span class="tegel-titel">{html_tekst(t.titel)}</span>{voorlopig}'
                    f'<span class="tegel-waarde">{html_tekst(t.waarde)}</span>'
                    f'<span class="spark">{t.sparkline}</span>{regels}{verg}</div>'
                )
            delen.append("</div>\n```\n")
            return "".join(delen)
        cellen = []
        for t in tegels:
            spark = f'image(bytes({document._typst_string(t.sparkline)}), format: "svg")' if t.sparkline else "none"
            regels = ", ".join(typst_tekst(r) for r in t.regels)
            cellen.append(
                f"jgz-tegel({typst_tekst(t.titel)}, {typst_tekst(t.waarde)}, ({regels},), "
                f'{typst_tekst(t.vergelijking)}, {typst_tekst(t.vorm)}, rgb("{t.kleur}"), {spark}, '
                f"{'true' if t.voorlopig else 'false'})"
            )
        return "```{=typst}\n#grid(columns: (1fr, 1fr, 1fr), gutter: 6pt,\n  " + ",\n  ".join(cellen) + ")\n```\n"

    # -- page 1: what stands out -------------------------------------------------------------------------
    def opvallend(self) -> list[str]:
        """At most five sentences, the most important first: below the norm, then unfavourable
        and favourable comparisons, then rising or falling trends of indicators with a polarity."""
        g = self.g
        volgorde = self._kern() + [i for i in g.meta if i not in self._kern()]
        onder_norm, slechter, beter, trends, ook_onder = [], [], [], [], []
        for i in volgorde:
            m = g.meta[i]
            rij = g.rij(i)
            if rij is None or rij.onderdrukt or rij.waarde is None:
                continue
            naam = f"Vaccinatie {m['titel']}" if m["thema"] == "vaccinatie" else m["titel"]
            waarde = opmaak.waarde(rij.waarde, m["eenheid"])
            norm = tk.norm_woord(rij, m.get("doelwaarde"))
            if norm.startswith("onder") and i in self._kern():
                zin = f"{naam} is {waarde}, {norm}"
                if m["thema"] == "vaccinatie" and rij.teller is not None and rij.noemer is not None:
                    zin += (
                        f": {opmaak.getal(rij.noemer - rij.teller)} kinderen van {leeftijd(i)} "
                        "zijn niet volledig gevaccineerd"
                    )
                onder_norm.append(zin + ".")
            elif norm.startswith("onder"):
                ook_onder.append(f"{m['titel']} ({waarde})")
            if m["polariteit"] != "geen" and rij.oordeel in ("beter", "slechter"):
                zin = (
                    f"{naam} ({waarde}) is {tk.vergelijking_woord(rij)}: "
                    f"{'gunstig' if rij.oordeel == 'beter' else 'ongunstig'}."
                )
                (beter if rij.oordeel == "beter" else slechter).append(zin)
            if m["polariteit"] != "geen" and rij.trend in ("stijgend", "dalend"):
                goed = (rij.trend == "stijgend") == (m["polariteit"] == "hoog is goed")
                jaren = g.jaren_van(i, 5)
                trends.append(
                    f"{naam} is {rij.trend} over {jaren[0]}–{jaren[-1]} ({'gunstig' if goed else 'ongunstig'})."
                )
        if ook_onder:  # the other figures below their norm in one sentence, not one each
            onder_norm.append(
                f"Ook onder de norm: {', '.join(ook_onder[:-1])}{' en ' if len(ook_onder) > 1 else ''}{ook_onder[-1]}."
            )
        return (onder_norm + slechter + beter + trends)[:MAX_OPVALLEND]

    def wat_valt_op(self) -> str:
        zinnen = self.opvallend()
        if not zinnen:
            return (
                "### Wat valt op\n\nNiets springt eruit: geen cijfer onder de norm, geen duidelijk verschil "
                "met de rest van het werkgebied en geen duidelijke stijging of daling.\n"
            )
        return "### Wat valt op\n\n" + "\n".join(f"- {md_tekst(z)}" for z in zinnen) + "\n"

    # -- the regiomanager's text ------------------------------------------------------------------------
    def _verhaal(self) -> str | None:
        return tk.lees_tekst(self.teksten, self.g.periode, self.g.gemeente)

    def vertellen_begin(self) -> str:
        """The first lines of the regiomanager's text on page 1, with a pointer to the rest."""
        tekst = self._verhaal()
        if not tekst:
            return ""
        alinea = next((a for a in re.split(r"\n\s*\n", tekst) if a.strip() and not a.lstrip().startswith("#")), "")
        # the cleaned text is Markdown: drop its emphasis marks, then undo its backslash escapes, since
        # md_tekst escapes the plain text once more (else a reader sees "\\[" for "[")
        platte = re.sub(r"(?<!\\)[*_`>#]", "", alinea)
        platte = " ".join(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", platte).split())
        if len(platte) > BEGIN_TEKENS:
            platte = platte[:BEGIN_TEKENS].rsplit(" ", 1)[0] + " …"
        return (
            f"### Van de regiomanager\n\n{md_tekst(platte)}\n\n*Het hele verhaal staat verderop onder ‘Vertellen’.*\n"
        )

    def oogopslag(self) -> str:
        return (
            "## In één oogopslag\n\n"
            + self.tegels()
            + "\n"
            + self.legenda()
            + "\n"
            + self.wat_valt_op()
            + "\n"
            + self.vertellen_begin()
        )

    def legenda(self) -> str:
        return (
            "[▲ hoger, ▼ lager, ● niet duidelijk anders dan de rest van het werkgebied; blauw is gunstig, "
            "oranje ongunstig, grijs niet duidelijk anders, paars zonder oordeel. Het lijntje toont de "
            "laatste vijf jaar.]{.voetnoot}\n"
        )

    # -- sections -----------------------------------------------------------------------------------
    def bereik_tekst(self) -> str:
        return (
            tk.zin(self.g, "bereik_zuigelingen", "het bereik in het eerste levensjaar")
            + " "
            + tk.zin(self.g, "bereik_13_14_jaar", "het bereik onder 13/14-jarigen")
        )

    def vaccinatie_tekst(self) -> str:
        g = self.g
        if g.vacc_periode is None:
            return "Er zijn nog geen vaccinatiecijfers voor deze periode."
        y = int(g.vacc_periode)
        rij = g.rij("vaccinatie_dktp_2j")
        tekst = (
            f"Vaccinatiegraad op peildatum 1 januari {y}: de vaccinaties tot en met {y - 1} tellen mee. "
            f"Op 2 jaar gaat het om kinderen geboren in {y - 3}, op 5 jaar om kinderen geboren in {y - 6}, "
            f"op 10 jaar geboren in {y - 11}. "
        )
        if rij is not None and not rij.volledig:
            tekst += (
                "**Voorlopig:** de export is van minder dan drie maanden na de peildatum; er kunnen nog "
                "vaccinaties worden nageregistreerd. "
            )
        tekst += tk.zin(g, "vaccinatie_dktp_2j", "de vaccinatiegraad DKTP op 2 jaar")
        dktp = g.rij("vaccinatie_dktp_2j")
        if dktp is not None and not dktp.onderdrukt and dktp.teller is not None and dktp.noemer is not None:
            tekst += f" {opmaak.getal(dktp.noemer - dktp.teller)} kinderen van 2 jaar zijn niet volledig gevaccineerd."
        return tekst + " " + tk.zin(g, "vaccinatie_bmr1_2j", "de vaccinatiegraad BMR op 2 jaar")

    def vaccinatie_tabel(self) -> str:
        """Per vaccination: value, interval, werkgebied, comparison, norm and the count not
        vaccinated (noemer minus teller of the same published row)."""
        g = self.g
        regels = [
            f"| Vaccinatie | {md_tekst(g.gemeente_naam)} | 95%-interval | Werkgebied | Norm | "
            "Niet volledig gevaccineerd | Tegenover de rest van het werkgebied |",
            "|:--------------|------:|:---------:|------:|:----------|------:|:--------------|",
        ]
        aanwezig = [i for i in grafieken.VACCINATIE if i in g.meta and (g.rij(i) or g.rij(i, "werkgebied"))]
        # one note when the whole verslagjaar is provisional, not a word on every row
        alle_voorlopig = bool(aanwezig) and all(g.rij(i) is not None and not g.rij(i).volledig for i in aanwezig)
        for i in aanwezig:
            m = g.meta[i]
            rij, wg = g.rij(i), g.rij(i, "werkgebied")
            niet = opmaak.STREEP
            if rij is not None and not rij.onderdrukt and rij.teller is not None and rij.noemer is not None:
                niet = opmaak.getal(rij.noemer - rij.teller)
            norm = tk.norm_woord(rij, m.get("doelwaarde")).replace("haalt de norm van", "gehaald") or opmaak.STREEP
            norm = norm.replace("onder de norm van", "niet gehaald,")
            voorlopig = rij is not None and not rij.volledig and not alle_voorlopig
            regels.append(
                f"| {m['titel']}{' (voorlopig)' if voorlopig else ''} | "
                f"{tk.waarde_cel(rij, m['eenheid'])} | {tk.interval_cel(rij, m['eenheid'])} | "
                f"{tk.waarde_cel(wg, m['eenheid'])} | {norm} | {niet} | {tk.vergelijking_cel(rij, m['polariteit'])} |"
            )
        weg = [g.meta[i]["titel"] for i in grafieken.VACCINATIE if i in g.meta and i not in aanwezig]
        noot = tk.voetnoten(g, aanwezig)
        if alle_voorlopig:
            noot += f"\n[Alle cijfers van verslagjaar {g.vacc_periode} zijn voorlopig.]{{.voetnoot}}\n"
        if weg:
            noot += (
                f"\n[Niet in dit verslagjaar (dit cohort kreeg deze vaccinatie niet op deze leeftijd): "
                f"{', '.join(weg)}.]{{.voetnoot}}\n"
            )
        return "\n".join(regels) + "\n\n" + noot

    def afspraken_tekst(self) -> str:
        return (
            tk.zin(self.g, "noshow", "het aandeel afspraken waarbij het kind zonder bericht niet verscheen")
            + " De grafiek toont de laatste acht kwartalen; een kwartaal zonder stip is niet getoond "
            "(de reden staat erbij)."
        )

    def verzuim_van_toepassing(self) -> bool:
        return self.g.rij("verzuim_per_1000") is not None or self.g.rij("verzuim_per_1000", "werkgebied") is not None

    def verzuim_tekst(self) -> str:
        g = self.g
        if not self.verzuim_van_toepassing():
            jaren = sorted(k[3] for k in g.rijen if k[0] == "verzuim_per_1000" and k[2] == "jaar")
            vanaf = f" vanaf {jaren[0]}" if jaren else ""
            return (
                f"Schoolverzuim (M@ZL) wordt in dit werkgebied geregistreerd{vanaf}; voor "
                f"{self._periode_tekst()} zijn er daarom geen cijfers."
            )
        return tk.zin(g, "verzuim_per_1000", "het aantal kinderen met een verzuimconsult (M@ZL)") + (
            " Meer consulten kan ook betekenen dat verzuim beter wordt opgemerkt; daarom geven we hier geen oordeel."
        )

    def thema_kop(self) -> str:
        g = self.g
        delen = [
            f"## Thema: {self.thema_naam.lower()}\n\n",
            tk.zin(g, self.thema_indicatoren[0], "het aandeel nieuwkomers"),
        ]
        if len(self.thema_indicatoren) > 1:
            delen.append(
                " "
                + tk.zin(
                    g,
                    self.thema_indicatoren[1],
                    "het aandeel nieuwkomers dat de JGZ sinds de vestiging zag",
                )
            )
        return "".join(delen) + "\n"

    def thema_tabel(self) -> str:
        tekst = document.samen(tk.tabel(self.g, self.thema_indicatoren, self.thema_naam))
        thema_tekst = tk.lees_tekst(self.teksten, self.g.periode, "thema")
        if thema_tekst:
            tekst += "\n" + thema_tekst + "\n"
        return tekst

    def vertellen(self) -> str:
        tekst = self._verhaal()
        if not tekst:
            return ""
        return f"## Vertellen {{#vertellen}}\n\n::: {{.vertellen}}\n{tekst}\n:::\n"

    def vergelijking_tekst(self) -> str:
        g = self.g
        return (
            f"Per indicator de spreiding over de gemeenten van het werkgebied met een gepubliceerd cijfer: "
            f"lichtgrijs van de laagste tot de hoogste gemeente, donkergrijs de middelste helft, de zwarte "
            f"streep het werkgebied. Het teken is {md_tekst(g.gemeente_naam)}: ▲ hoger, ▼ lager, ● niet "
            "duidelijk anders dan de rest van het werkgebied; blauw gunstig, oranje ongunstig, grijs niet "
            "duidelijk anders, paars zonder oordeel. Elke regel heeft zijn eigen schaal. Er is geen rangorde."
        )

    def vergelijking_tabel(self) -> str:
        g = self.g
        regels = [
            f"| Indicator | {md_tekst(g.gemeente_naam)} | Werkgebied | Laagste gemeente | Hoogste gemeente | "
            "Tegenover de rest van het werkgebied |",
            "|:----------------|-------:|-------:|-------:|-------:|:---------------|",
        ]
        for i in grafieken.spine_indicatoren(g):
            m = g.meta[i]
            laag, _, _, hoog = grafieken.spreiding(g, i)
            rij = g.rij(i)
            regels.append(
                f"| {kort(m)} | {tk.waarde_cel(rij, m['eenheid'])} | "
                f"{tk.waarde_cel(g.rij(i, 'werkgebied'), m['eenheid'])} | {opmaak.waarde(laag, m['eenheid'])} | "
                f"{opmaak.waarde(hoog, m['eenheid'])} | {tk.vergelijking_cel(rij, m['polariteit'])} |"
            )
        return "\n".join(regels) + "\n\n" + tk.voetnoten(g, grafieken.spine_indicatoren(g))

    def toelichting(self) -> str:
        g = self.g
        # reference material: smaller type in two columns in the PDF (raw typst, ignored in HTML)
        regels = [
            "```{=typst}\n#set text(size: 7pt)\n#show: columns.with(2, gutter: 1.2em)\n```\n",
            "**Definities** (uit de metadata van de indicatoren).\n",
        ]
        for m in g.meta.values():
            norm = ""
            if m.get("doelwaarde") is not None:
                norm = f" Norm: {opmaak.procent(m['doelwaarde']).replace(',0', '')}."
            regels.append(f"- *{m['titel']}*: {m['omschrijving']}{norm}")
        regels.append("")
        regels.append(
            f"**Bron.** Digitaal dossier JGZ van {md_tekst(g.organisatie)}, export van "
            f"{opmaak.datum(g.aanmaakdatum)} (BDS {md_tekst(g.bds_versie)}). Een periode die na die datum "
            "eindigt, is nog niet volledig; een vaccinatiecijfer is voorlopig tot drie maanden na de peildatum."
        )
        regels.append("")
        regels.append(
            f"**Te weinig waarnemingen.** Een cijfer met minder dan {g.min_noemer} kinderen of afspraken in de "
            f"noemer wordt niet getoond; een teller van 1 tot {g.min_aantal - 1} evenmin (minder dan "
            f"{g.min_aantal}). Soms wordt een cijfer afgeschermd om een ander cijfer te beschermen. Een "
            "streepje (–) betekent: niet getoond. Het interval is een 95%-betrouwbaarheidsinterval (Wilson)."
        )
        regels.append("")
        regels.append(
            "**Niet duidelijk anders.** De gemeente wordt vergeleken met de rest van het werkgebied (het "
            "werkgebied zonder deze gemeente). ‘Niet duidelijk anders’ betekent dat het verschil binnen "
            "wat toeval kan geven valt (het 95%-interval van het verschil, Newcombe, bevat nul): het is "
            "geen bewijs dat er geen verschil is. Gunstig of ongunstig hangt af van de richting die goed "
            "is; bij schoolverzuim en nieuwkomers is er geen oordeel. Een trend (stijgend, dalend) is "
            "getoetst over de laatste vijf jaar (Cochran-Armitage, 99,8%)."
        )
        regels.append("")
        totaal = sum(n for _, n in g.kwarantaine)
        kwaliteit = (
            f"**Datakwaliteit.** Bij het inlezen zijn {opmaak.getal(totaal)} ongeldige gegevens apart gezet"
            + (": " + ", ".join(f"{md_tekst(r)} ({opmaak.getal(n)})" for r, n in g.kwarantaine[:6]) if totaal else "")
            + "."
        )
        if g.zonder_woongemeente is not None:
            kwaliteit += (
                f" {opmaak.getal(g.zonder_woongemeente)} kinderen hadden geen bekende woongemeente en tellen "
                "in geen enkel gebied mee."
            )
        regels.append(kwaliteit)
        regels.append("")
        regels.append(f"**Contact.** Vragen over deze factsheet: {self._contact()}.")
        return "\n".join(regels) + "\n"

    def _contact(self) -> str:
        return md_tekst(self.g.regiomanager or f"de regiomanager van regio {self.g.regio}")

    # -- text alternatives ------------------------------------------------------------------------
    def alt(self, grafiek: str) -> str:
        g = self.g
        lijsten = {
            "bereik": grafieken.BEREIK,
            "vaccinatie": grafieken.VACCINATIE,
            "verzuim": grafieken.VERZUIM_AANDELEN,
            "vergelijking": grafieken.spine_indicatoren(g),
        }
        if grafiek in lijsten:
            delen = []
            for i in lijsten[grafiek]:
                if i not in g.meta or (g.rij(i) is None and g.rij(i, "werkgebied") is None):
                    continue
                m = g.meta[i]
                delen.append(
                    f"{m['label']}: {g.gemeente_naam} {tk.waarde_cel(g.rij(i), m['eenheid'])}, "
                    f"werkgebied {tk.waarde_cel(g.rij(i, 'werkgebied'), m['eenheid'])}"
                )
            return "; ".join(delen)
        if grafiek == "noshow":
            kw = g.kwartalen(8)
            return f"No-show per kwartaal van {kw[0]} tot {kw[-1]}: " + "; ".join(
                f"{k}: {tk.waarde_cel(g.rij('noshow', periode=k), 'proportie')}" for k in kw
            )
        if grafiek in ("bereik_reeks", "vaccinatie_reeks"):
            return "Per indicator het verloop per jaar van de gemeente en het werkgebied; de cijfers staan in de tabel."
        if grafiek == "nieuwkomers":
            return "; ".join(
                f"{j}: {tk.waarde_cel(g.rij('nieuwkomers_aandeel', periode=j), 'proportie')}" for j in g.jaren(5)
            )
        return grafiek
