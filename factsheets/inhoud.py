"""The sections of a factsheet as Markdown, from the published figures and the metadata."""

from __future__ import annotations

from pathlib import Path

from factsheets import grafieken, opmaak
from factsheets import teksten as tk
from factsheets.gegevens import Gegevens
from factsheets.veilig import markdown_tekst as md_tekst

KERNCIJFERS = [
    "bereik_zuigelingen",
    "vaccinatie_dktp_2j",
    "vaccinatie_bmr1_2j",
    "noshow",
    "verzuim_per_1000",
]
THEMA = {"nieuwkomers": ("Nieuwkomers", ["nieuwkomers_aandeel", "nieuwkomers_in_beeld"])}


def kerncijfers(thema: str) -> list[str]:
    """The leading indicators of a factsheet: the fixed ones and the theme's main figure."""
    return KERNCIJFERS + THEMA[thema][1][:1]


class Inhoud:
    def __init__(self, g: Gegevens, teksten: str | Path | None = None):
        self.g = g
        self.teksten = teksten or None
        self.thema_naam, self.thema_indicatoren = THEMA[g.thema]

    # -- header and key figures -----------------------------------------------------------------
    def kop(self) -> str:
        g = self.g
        periode = opmaak.periode(g.periode)
        return (
            f"# Jeugdgezondheid in {g.gemeente_naam}\n\n"
            f"[{md_tekst(g.organisatie)} · {periode} · regio {md_tekst(g.regio)} · gegevens tot en met "
            f"{opmaak.datum(g.aanmaakdatum)}]{{.ondertitel}}\n"
        )

    def _kern(self) -> list[str]:
        return kerncijfers(self.g.thema)

    def kerncijfers(self) -> str:
        g = self.g
        tegels = []
        for i in self._kern():
            m = g.meta[i]
            rij = g.rij(i)
            periode = g.periode_van(i) or g.periode
            titel = m["titel"] if m["thema"] != "vaccinatie" else f"Vaccinatie {m['label']}, 1 januari {periode}"
            if rij is not None and rij.onderdrukt:
                waarde = f"{opmaak.STREEP} ({tk.reden_tekst(rij.reden or '', g)})"
            else:
                waarde = tk.waarde_cel(rij, m["eenheid"])
            woord = tk.vergelijking_woord(rij, m["polariteit"])
            tegels.append(
                "::: {.tegel}\n"
                f"[{titel}]{{.tegel-titel}}\n[{waarde}]{{.tegel-waarde}}\n"
                f"[95%-interval {tk.interval_cel(rij, m['eenheid'])}]{{.tegel-interval}}\n"
                f"[Vergeleken met werkgebied: {woord} · trend: {tk.trend_woord(rij)}]{{.tegel-oordeel}}\n"
                ":::\n"
            )
        html = '::: {.content-visible when-format="html"}\n::: {.tegels}\n' + "\n".join(tegels) + ":::\n:::\n"
        tabel = (
            '::: {.content-hidden when-format="html"}\n' + tk.tabel(g, self._kern(), "Kerncijfer", "titel") + ":::\n"
        )
        return html + "\n" + tabel

    # -- sections -----------------------------------------------------------------------------
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
        return (
            f"Vaccinatiegraad op peildatum 1 januari {g.vacc_periode} (de vaccinaties tot en met "
            f"{int(g.vacc_periode) - 1} tellen mee). "
            + tk.zin(g, "vaccinatie_dktp_2j", "de vaccinatiegraad DKTP op 2 jaar")
            + " "
            + tk.zin(g, "vaccinatie_bmr1_2j", "de vaccinatiegraad BMR op 2 jaar")
        )

    def afspraken_tekst(self) -> str:
        return tk.zin(self.g, "noshow", "het aandeel afspraken waarbij het kind zonder bericht niet verscheen")

    def verzuim_tekst(self) -> str:
        return tk.zin(self.g, "verzuim_per_1000", "het aantal kinderen met een verzuimconsult (M@ZL)") + (
            " Meer consulten kan ook betekenen dat verzuim beter wordt opgemerkt; daarom geven we hier geen oordeel."
        )

    def thema_kop(self) -> str:
        g = self.g
        delen = [
            f"## Thema: {self.thema_naam.lower()}\n",
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
        tekst = tk.tabel(self.g, self.thema_indicatoren, self.thema_naam)
        thema_tekst = tk.lees_tekst(self.teksten, self.g.periode, "thema")
        if thema_tekst:
            tekst += "\n" + thema_tekst + "\n"
        return tekst

    def vertellen(self) -> str:
        tekst = tk.lees_tekst(self.teksten, self.g.periode, self.g.gemeente)
        if not tekst:
            return ""
        return f"## Vertellen\n\n::: {{.vertellen}}\n{tekst}\n:::\n"

    def vergelijking_tekst(self) -> str:
        g = self.g
        return (
            f"Per indicator staat {g.gemeente_naam} tegenover het werkgebied; tussen haakjes de plaats "
            f"onder de gemeenten van het werkgebied met een gepubliceerd cijfer (1 = gunstigst, of bij "
            f"nieuwkomers in beeld: hoogst). De cijfers van andere gemeenten staan in hun eigen factsheet."
        )

    def toelichting(self) -> str:
        g = self.g
        # the explanation is reference material: smaller type in the PDF (raw typst, ignored in HTML)
        regels = [
            "```{=typst}\n#set text(size: 7.5pt)\n#show: columns.with(2, gutter: 1.2em)\n```\n",
            "**Definities.** Alle definities komen uit de metadata van de indicatoren.\n",
        ]
        for m in g.meta.values():
            regels.append(f"- *{m['titel']}*: {m['omschrijving']}")
        regels.append("")
        regels.append(
            f"**Bron.** Digitaal dossier JGZ van {md_tekst(g.organisatie)}, export van "
            f"{opmaak.datum(g.aanmaakdatum)} (BDS {g.bds_versie}). Een periode die na die datum eindigt, "
            "is nog niet volledig."
        )
        regels.append("")
        regels.append(
            f"**Kleine aantallen.** Een cijfer met minder dan {g.min_noemer} kinderen of afspraken in de "
            f"noemer wordt niet getoond (te weinig waarnemingen); een teller van 1 tot {g.min_aantal - 1} "
            f"evenmin (minder dan {g.min_aantal}). Soms wordt een cijfer afgeschermd om een ander cijfer "
            "te beschermen. Een streepje (–) betekent: niet getoond. Het interval is een 95%-"
            "betrouwbaarheidsinterval (Wilson); 'vergeleken met werkgebied' zegt of het werkgebied buiten "
            "dat interval valt. De trend is getoetst over de laatste vijf volledige jaren (Cochran-Armitage)."
        )
        regels.append("")
        if g.kwarantaine:
            totaal = sum(n for _, n in g.kwarantaine)
            delen = ", ".join(f"{r} ({opmaak.getal(n)})" for r, n in g.kwarantaine[:6])
            regels.append(
                f"**Datakwaliteit.** Bij het inlezen zijn {opmaak.getal(totaal)} ongeldige gegevens apart gezet: {delen}."  # noqa: E501
            )
        else:
            regels.append("**Datakwaliteit.** Bij het inlezen zijn geen ongeldige gegevens gevonden.")
        regels.append("")
        regels.append(f"**Contact.** Vragen over deze factsheet: {self._contact()}.")
        return "\n".join(regels) + "\n"

    def _contact(self) -> str:
        if self.g.regiomanager:
            return md_tekst(self.g.regiomanager)
        return f"de regiomanager van regio {md_tekst(self.g.regio)}"

    # -- text alternatives ------------------------------------------------------------------------
    def alt(self, grafiek: str) -> str:
        g = self.g
        lijsten = {
            "bereik": grafieken.BEREIK,
            "vaccinatie": grafieken.VACCINATIE,
            "verzuim": grafieken.VERZUIM_AANDELEN,
            "vergelijking": grafieken.VERGELIJKING,
        }
        if grafiek in lijsten:
            delen = []
            for i in lijsten[grafiek]:
                m = g.meta[i]
                delen.append(
                    f"{m['label']}: {g.gemeente_naam} {tk.waarde_cel(g.rij(i), m['eenheid'])}, "
                    f"werkgebied {tk.waarde_cel(g.rij(i, 'werkgebied'), m['eenheid'])}"
                )
            return "; ".join(delen)
        if grafiek == "noshow":
            maanden = g.maanden(24)
            return (
                f"No-show per maand van {opmaak.maand_kort(maanden[0])} tot {opmaak.maand_kort(maanden[-1])}"
                if maanden
                else "No-show per maand"
            )
        if grafiek == "nieuwkomers":
            return "; ".join(
                f"{j}: {tk.waarde_cel(g.rij('nieuwkomers_aandeel', periode=j), 'proportie')}" for j in g.jaren(5)
            )
        return grafiek
