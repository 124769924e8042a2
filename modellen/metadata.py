"""Indicator metadata: one TOML file per indicator in modellen/indicatoren/.

Everything that defines an indicator lives in its file: the texts, the polarity, the doelwaarde, the
per-1000 scale, whether it is a kerncijfer, and its rules (bereik window, age band, vaccination sets,
cohorts, school types, newcomer windows). The SQL reads the rules from staging tables loaded from
these files (modellen/bouw.py), the data dictionary intern.indicatoren is written from them, and the
factsheets, checks and aggregate export ask the accessor functions below. Nothing is written twice.

The loader is strict: an unknown key, a missing key or a wrong type is refused with a Dutch message
that names the file and the key (MetadataFout is a ConfigFout, so the command line shows it as a
message, never as a traceback).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from bronnen.config import ConfigFout

MAP = Path(__file__).parent / "indicatoren"

POLARITEITEN = ("hoog is goed", "laag is goed", "geen")
THEMAS = ("bereik", "vaccinatie", "afspraken", "verzuim", "nieuwkomers")
# Themes on every factsheet; the others are chosen in jgz.toml ([thema] naam).
VASTE_THEMAS = ("bereik", "vaccinatie", "afspraken", "verzuim")
PERIODETYPEN = ("jaar", "kwartaal", "maand")
EENHEDEN = {1: "proportie", 1000: "per 1000"}
GESLACHTEN = {"1": "jongens", "2": "meisjes"}
# A late start: the first dose of a set on or after this birthday; then n_laat doses suffice (the
# SQL reads it from staging.vaccinatie_sets.laat_vanaf).
LAAT_VANAF_JAREN = 1


class MetadataFout(ConfigFout):
    """A metadata file that is not valid; the message is Dutch and names the file and the key."""


# -- the schema -------------------------------------------------------------------------------------
# key -> (check, Dutch description of the expected type, required). Every key is documented in the
# README ("Een indicator toevoegen") and reaches intern.indicatoren or a staging table (see GEBRUIK).


def _str(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _nat(v: Any) -> bool:
    return _int(v) and v >= 0


def _pos(v: Any) -> bool:
    return _int(v) and v >= 1


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _lijst(elem: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, list) and all(elem(x) for x in v)


def _een_van(*keuzes: Any) -> Callable[[Any], bool]:
    return lambda v: v in keuzes and type(v) is type(keuzes[0])


def _fractie(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= 1


def _code(v: Any) -> bool:
    return isinstance(v, str) and v.isdigit() and len(v) == 2


Sleutel = tuple[Callable[[Any], bool], str, bool]

ALGEMEEN: dict[str, Sleutel] = {
    "id": (_str, "tekst gelijk aan de bestandsnaam", True),
    "titel": (_str, "tekst", True),
    "label": (_str, "tekst (korte naam voor grafieken)", True),
    "thema": (_een_van(*THEMAS), "een van: " + ", ".join(THEMAS), True),
    "omschrijving": (_str, "tekst", False),
    "teller": (_str, "tekst", False),
    "noemer": (_str, "tekst", False),
    "schaal": (_een_van(*EENHEDEN), "1 of 1000 (waarde en interval maal de schaal)", False),
    "polariteit": (_een_van(*POLARITEITEN), "een van: " + ", ".join(POLARITEITEN), True),
    "doelwaarde": (_fractie, "een getal groter dan 0 en hoogstens 1", False),
    "bron_doelwaarde": (_str, "tekst", False),
    "kerncijfer": (_bool, "true of false", False),
    "bds_elementen": (_lijst(_pos), "een lijst van gehele getallen (BDS-ElementID's)", True),
    "periodetypen": (
        lambda v: _lijst(_een_van(*PERIODETYPEN))(v) and len(v) > 0 and len(set(v)) == len(v),
        "een lijst met jaar, kwartaal en/of maand",
        True,
    ),
    "toelichting": (_str, "tekst", False),
    "volgorde": (_nat, "een geheel getal", True),
    # groups for suppression (modellen/onderdrukking.py reads them)
    "delen": (_lijst(_str), "een lijst van indicator-id's", False),
    "groep_kolommen": (
        lambda v: _lijst(_een_van("teller", "noemer"))(v) and len(v) > 0,
        'een lijst met "teller" en/of "noemer"',
        False,
    ),
    "noemer_is_teller_van": (_str, "een indicator-id", False),
    # rule tables (checked below)
    "venster": (lambda v: isinstance(v, dict), "een tabel [venster]", False),
    "leeftijd": (lambda v: isinstance(v, dict), "een tabel [leeftijd]", False),
    "vaccinatie": (lambda v: isinstance(v, dict), "een tabel [vaccinatie]", False),
    "school": (lambda v: isinstance(v, dict), "een tabel [school]", False),
    "nieuwkomer": (lambda v: isinstance(v, dict), "een tabel [nieuwkomer]", False),
}
VENSTER: dict[str, Sleutel] = {
    "van_jaren": (_nat, "een geheel getal >= 0", True),
    "van_dagen": (_nat, "een geheel getal >= 0", False),
    "tot_jaren": (_pos, "een geheel getal >= 1", True),
}
LEEFTIJD: dict[str, Sleutel] = {
    "van_jaren": (_nat, "een geheel getal >= 0", True),
    "tot_jaren": (_pos, "een geheel getal >= 1", True),
}
VACCINATIE: dict[str, Sleutel] = {
    "leeftijd": (_pos, "een geheel getal >= 1 (leeftijdsgrens A in jaren)", True),
    "geslacht": (_een_van(*GESLACHTEN), '"1" (jongens) of "2" (meisjes)', False),
    "cohort_vanaf": (_pos, "een geboortejaar", False),
    "cohort_tot": (_pos, "een geboortejaar (tot en met)", False),
    "onderdelen": (_lijst(_str), "een lijst van indicator-id's", False),
    "set": (
        lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
        "[[vaccinatie.set]]-tabellen",
        False,
    ),
}
VACCINSET: dict[str, Sleutel] = {
    "naam": (_str, "tekst", True),
    "componenten": (lambda v: _lijst(_str)(v) and len(v) > 0, "een lijst van componenten", True),
    "n": (_pos, "een geheel getal >= 1", True),
    "n_laat": (_pos, "een geheel getal >= 1", True),
    "min_leeftijd": (_nat, "een geheel getal >= 0 (jaren)", False),
    "booster": (_pos, "een geheel getal >= 1 (jaren)", False),
}
SCHOOL: dict[str, Sleutel] = {
    "soorten": (
        lambda v: _lijst(_code)(v) and len(v) > 0,
        'een lijst van codes soort onderwijs (58), zoals "01"',
        False,
    ),
    "overig": (_bool, "true of false", False),
}
NIEUWKOMER: dict[str, Sleutel] = {
    "maanden": (_pos, "een geheel getal >= 1", False),
    "min_dagen": (_nat, "een geheel getal >= 0", False),
}
TABELLEN = {"venster": VENSTER, "leeftijd": LEEFTIJD, "school": SCHOOL, "nieuwkomer": NIEUWKOMER}

# Where each key ends up: a column of intern.indicatoren (the data dictionary) and, for a rule, the
# staging table the SQL reads it from. test_elke_sleutel_wordt_gebruikt checks every destination.
GEBRUIK: dict[str, tuple[str, ...]] = {
    "id": ("intern.indicatoren.indicator", "staging.indicator_meta.indicator"),
    "titel": ("intern.indicatoren.titel",),
    "label": ("intern.indicatoren.label",),
    "thema": ("intern.indicatoren.thema", "staging.indicator_meta.thema"),
    "omschrijving": ("intern.indicatoren.omschrijving",),
    "teller": ("intern.indicatoren.teller",),
    "noemer": ("intern.indicatoren.noemer",),
    "schaal": ("intern.indicatoren.schaal",),
    "polariteit": ("intern.indicatoren.polariteit",),
    "doelwaarde": ("intern.indicatoren.doelwaarde",),
    "bron_doelwaarde": ("intern.indicatoren.bron_doelwaarde",),
    "kerncijfer": ("intern.indicatoren.kerncijfer",),
    "bds_elementen": ("intern.indicatoren.bds_elementen",),
    "periodetypen": ("intern.indicatoren.periodetypen", "staging.indicator_meta.periodetypen"),
    "toelichting": ("intern.indicatoren.toelichting",),
    "volgorde": ("intern.indicatoren.volgorde",),
    "delen": ("intern.indicatoren.delen",),
    "groep_kolommen": ("intern.indicatoren.groep_kolommen",),
    "noemer_is_teller_van": ("intern.indicatoren.noemer_is_teller_van",),
    "venster.van_jaren": ("intern.indicatoren.venster_van_jaren", "staging.bereik_vensters.van_jaren"),
    "venster.van_dagen": ("intern.indicatoren.venster_van_dagen", "staging.bereik_vensters.van_dagen"),
    "venster.tot_jaren": ("intern.indicatoren.venster_tot_jaren", "staging.bereik_vensters.tot_jaren"),
    "leeftijd.van_jaren": ("intern.indicatoren.leeftijd_van_jaren", "staging.leeftijdsgrenzen.van_jaren"),
    "leeftijd.tot_jaren": ("intern.indicatoren.leeftijd_tot_jaren", "staging.leeftijdsgrenzen.tot_jaren"),
    "vaccinatie.leeftijd": ("intern.indicatoren.vaccinatie_leeftijd", "staging.vaccinatie_indicatoren.leeftijd"),
    "vaccinatie.geslacht": ("intern.indicatoren.geslacht", "staging.vaccinatie_indicatoren.geslacht"),
    "vaccinatie.cohort_vanaf": ("intern.indicatoren.cohort_vanaf", "staging.vaccinatie_indicatoren.cohort_vanaf"),
    "vaccinatie.cohort_tot": ("intern.indicatoren.cohort_tot", "staging.vaccinatie_indicatoren.cohort_tot"),
    "vaccinatie.onderdelen": ("intern.indicatoren.onderdelen", "staging.vaccinatie_onderdelen.onderdeel"),
    "vaccinatie.set.naam": ("intern.indicatoren.vaccinsets",),
    "vaccinatie.set.componenten": ("intern.indicatoren.vaccinsets", "staging.vaccinatie_sets.componenten"),
    "vaccinatie.set.n": ("intern.indicatoren.vaccinsets", "staging.vaccinatie_sets.n"),
    "vaccinatie.set.n_laat": ("intern.indicatoren.vaccinsets", "staging.vaccinatie_sets.n_laat"),
    "vaccinatie.set.min_leeftijd": ("intern.indicatoren.vaccinsets", "staging.vaccinatie_sets.min_leeftijd"),
    "vaccinatie.set.booster": ("intern.indicatoren.vaccinsets", "staging.vaccinatie_sets.booster"),
    "school.soorten": ("intern.indicatoren.soorten_onderwijs", "staging.schoolsoorten.soort"),
    "school.overig": ("intern.indicatoren.soorten_overig", "staging.schoolsoorten.overig"),
    "nieuwkomer.maanden": ("intern.indicatoren.nieuwkomer_maanden", "staging.nieuwkomer_regels.maanden"),
    "nieuwkomer.min_dagen": ("intern.indicatoren.nieuwkomer_min_dagen", "staging.nieuwkomer_regels.min_dagen"),
}


def sleutels() -> list[str]:
    """Every key a metadata file may hold, with its table as prefix (venster.tot_jaren)."""
    uit = [k for k in ALGEMEEN if k not in TABELLEN and k != "vaccinatie"]
    uit += [f"{t}.{k}" for t, schema in TABELLEN.items() for k in schema]
    uit += [f"vaccinatie.{k}" for k in VACCINATIE if k != "set"]
    return uit + [f"vaccinatie.set.{k}" for k in VACCINSET]


def _fout(bestand: str, sleutel: str, tekst: str) -> MetadataFout:
    return MetadataFout(f"modellen/indicatoren/{bestand}: '{sleutel}' {tekst}. Pas het bestand aan en probeer opnieuw.")


def _controleer(bestand: str, data: dict, schema: dict[str, Sleutel], pad: str = "") -> None:
    for sleutel in data:
        if sleutel not in schema:
            bekend = ", ".join(schema)
            raise _fout(bestand, pad + sleutel, f"is een onbekende sleutel (bekend hier: {bekend})")
    for sleutel, (check, verwacht, verplicht) in schema.items():
        if sleutel not in data:
            if verplicht:
                raise _fout(bestand, pad + sleutel, "ontbreekt")
            continue
        if not check(data[sleutel]):
            raise _fout(bestand, pad + sleutel, f"heeft de waarde {data[sleutel]!r}; verwacht: {verwacht}")


def _controleer_regels(bestand: str, m: dict) -> None:
    """The rule tables: present where the theme needs them, absent elsewhere, and consistent."""
    for naam, schema in TABELLEN.items():
        if naam in m:
            _controleer(bestand, m[naam], schema, naam + ".")
    thema = m["thema"]
    nodig = {"bereik": "venster", "vaccinatie": "vaccinatie"}
    for t, tabel in nodig.items():
        if (thema == t) != (tabel in m):
            raise _fout(bestand, tabel, f"hoort {'wel' if thema == t else 'niet'} bij een indicator van thema {thema}")
    if "school" in m and thema != "verzuim":
        raise _fout(bestand, "school", f"hoort niet bij een indicator van thema {thema}")
    if "school" in m and ("soorten" in m["school"]) == bool(m["school"].get("overig")):
        raise _fout(bestand, "school", "moet óf soorten óf overig = true hebben")
    if "venster" in m:
        v = m["venster"]
        if (v["tot_jaren"], 0) <= (v["van_jaren"], v.get("van_dagen", 0)):
            raise _fout(bestand, "venster", "eindigt niet na zijn begin")
    if "leeftijd" in m and m["leeftijd"]["tot_jaren"] <= m["leeftijd"]["van_jaren"]:
        raise _fout(bestand, "leeftijd", "eindigt niet na zijn begin")
    if "vaccinatie" in m:
        v = m["vaccinatie"]
        _controleer(bestand, v, VACCINATIE, "vaccinatie.")
        if ("set" in v) == ("onderdelen" in v):
            raise _fout(bestand, "vaccinatie", "moet óf [[vaccinatie.set]]-tabellen óf onderdelen hebben")
        if "periodetypen" in m and m["periodetypen"] != ["jaar"]:
            raise _fout(bestand, "periodetypen", 'is voor vaccinatiegraad altijd ["jaar"]')
        if "cohort_vanaf" in v and "cohort_tot" in v and v["cohort_tot"] < v["cohort_vanaf"]:
            raise _fout(bestand, "vaccinatie.cohort_tot", "ligt voor cohort_vanaf")
        for i, s in enumerate(v.get("set", []), start=1):
            pad = f"vaccinatie.set[{i}]."
            _controleer(bestand, s, VACCINSET, pad)
            if s["n_laat"] > s["n"]:
                raise _fout(bestand, pad + "n_laat", "is groter dan n")
            if s.get("min_leeftijd", 0) >= v["leeftijd"] or s.get("booster", 0) >= v["leeftijd"]:
                raise _fout(bestand, pad + "booster", "ligt niet voor de leeftijdsgrens")
            _controleer_componenten(bestand, pad + "componenten", s["componenten"])


def _controleer_componenten(bestand: str, sleutel: str, componenten: list[str]) -> None:
    from bronnen.referentie import vaccinsoorten

    soorten = vaccinsoorten()
    bekend = set().union(*soorten.values())
    onbekend = [c for c in componenten if c not in bekend]
    if onbekend:
        raise _fout(bestand, sleutel, f"noemt onbekende componenten {onbekend} (bekend: {', '.join(sorted(bekend))})")


def laad(map_: Path = MAP) -> dict[str, dict]:
    """Read and check every metadata file in `map_`; returns metadata by id in `volgorde`.

    Texts that follow from the rules (teller, noemer and omschrijving of bereik and vaccinatiegraad,
    the eenheid) are generated here, so that the rule is written once.
    """
    uit: dict[str, dict] = {}
    for pad in sorted(map_.glob("*.toml")):
        try:
            meta = tomllib.loads(pad.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise MetadataFout(f"modellen/indicatoren/{pad.name}: geen geldige TOML ({e}).") from None
        _controleer(pad.name, meta, ALGEMEEN)
        if meta["id"] != pad.stem:
            raise _fout(pad.name, "id", f"'{meta['id']}' past niet bij de bestandsnaam")
        _controleer_regels(pad.name, meta)
        uit[meta["id"]] = meta
    _controleer_verwijzingen(uit)
    for i, m in uit.items():
        m.setdefault("schaal", 1)
        m["eenheid"] = EENHEDEN[m["schaal"]]
        m.setdefault("kerncijfer", False)
        _vul_teksten(i, m, uit)
        for sleutel in ("omschrijving", "teller", "noemer"):
            if sleutel not in m:
                raise _fout(f"{i}.toml", sleutel, "ontbreekt")
    return dict(sorted(uit.items(), key=lambda kv: (kv[1]["volgorde"], kv[0])))


def _controleer_verwijzingen(alle: dict[str, dict]) -> None:
    scholen = {i: m["school"] for i, m in alle.items() if "school" in m}
    if scholen and sum(bool(s.get("overig")) for s in scholen.values()) != 1:
        raise MetadataFout(
            "modellen/indicatoren: precies één indicator van schoolsoorten moet [school] overig = true hebben "
            f"(nu: {', '.join(i for i, s in scholen.items() if s.get('overig')) or 'geen'})."
        )
    gezien: dict[str, str] = {}
    for i, s in scholen.items():
        for code in s.get("soorten", []):
            if code in gezien:
                raise _fout(f"{i}.toml", "school.soorten", f"noemt {code}, dat ook bij {gezien[code]} staat")
            gezien[code] = i
    for i, m in alle.items():
        verwijzingen = [("delen", d) for d in m.get("delen", [])]
        if "noemer_is_teller_van" in m:
            verwijzingen.append(("noemer_is_teller_van", m["noemer_is_teller_van"]))
        for o in m.get("vaccinatie", {}).get("onderdelen", []):
            verwijzingen.append(("vaccinatie.onderdelen", o))
            if o in alle and "set" not in alle[o].get("vaccinatie", {}):
                raise _fout(f"{i}.toml", "vaccinatie.onderdelen", f"noemt {o}, dat zelf geen [[vaccinatie.set]] heeft")
            if o in alle and alle[o]["vaccinatie"]["leeftijd"] != m["vaccinatie"]["leeftijd"]:
                raise _fout(f"{i}.toml", "vaccinatie.onderdelen", f"noemt {o}, met een andere leeftijdsgrens")
        for sleutel, doel in verwijzingen:
            if doel not in alle:
                raise _fout(f"{i}.toml", sleutel, f"noemt '{doel}', maar er is geen indicator met dat id")


@cache
def indicatoren() -> dict[str, dict]:
    """All indicator metadata by id, in the order of their `volgorde` (read once per process)."""
    return laad(MAP)


# -- accessors --------------------------------------------------------------------------------------


def indicator(i: str) -> dict:
    """The metadata of one indicator."""
    return indicatoren()[i]


def schaal(meta: dict | str) -> int:
    """1000 for indicators per 1000, else 1 (metadata dict or id)."""
    m = indicator(meta) if isinstance(meta, str) else meta
    return m.get("schaal", 1)


def doelwaarde(i: str) -> float | None:
    """The doelwaarde (a proportion), or None when the indicator has none."""
    return indicator(i).get("doelwaarde")


def doelwaarden(thema: str | None = None) -> list[float]:
    """The distinct doelwaarden (e.g. the 90% and 95% lines of the vaccination chart)."""
    return sorted(
        {m["doelwaarde"] for m in indicatoren().values() if "doelwaarde" in m and thema in (None, m["thema"])}
    )


def kerncijfers(thema: str) -> list[str]:
    """The leading indicators of a factsheet in `volgorde`: the kerncijfers of the fixed themes and
    those of the chosen theme (jgz.toml [thema] naam)."""
    return [
        i for i, m in indicatoren().items() if m["kerncijfer"] and (m["thema"] in VASTE_THEMAS or m["thema"] == thema)
    ]


def thema_indicatoren(thema: str) -> list[str]:
    """The indicators of one theme, in `volgorde`."""
    return [i for i, m in indicatoren().items() if m["thema"] == thema]


def bereik_venster(i: str) -> tuple[int, int, int]:
    """(van_jaren, van_dagen, tot_jaren) of a bereik indicator: the window [van, tot)."""
    v = indicator(i)["venster"]
    return v["van_jaren"], v.get("van_dagen", 0), v["tot_jaren"]


def vaccinatie_sets(i: str) -> list[dict]:
    """The sets of a vaccination indicator with their rules (a composite one: those of its parts).
    Each set: naam, componenten, n, n_laat, min_leeftijd (0 when none), booster (None when none)."""
    v = indicator(i)["vaccinatie"]
    if "onderdelen" in v:
        return [s for o in v["onderdelen"] for s in vaccinatie_sets(o)]
    return [
        {
            "naam": s["naam"],
            "componenten": list(s["componenten"]),
            "n": s["n"],
            "n_laat": s["n_laat"],
            "min_leeftijd": s.get("min_leeftijd", 0),
            "booster": s.get("booster"),
        }
        for s in v["set"]
    ]


def vaccinatie_leeftijd(i: str) -> int:
    """Age limit A in years: the cohort of verslagjaar Y is born in Y - A - 1."""
    return indicator(i)["vaccinatie"]["leeftijd"]


def cohort(i: str, verslagjaar: int) -> int:
    """The birth cohort of a vaccination indicator in verslagjaar Y: Y - A - 1."""
    return verslagjaar - vaccinatie_leeftijd(i) - 1


def heeft_cohort(i: str, verslagjaar: int) -> bool:
    """Whether a vaccination indicator has a row for this verslagjaar (its cohort within range)."""
    v = indicator(i)["vaccinatie"]
    c = cohort(i, verslagjaar)
    return v.get("cohort_vanaf", c) <= c <= v.get("cohort_tot", c)


# -- words ------------------------------------------------------------------------------------------

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
VACCINATIE_TOELICHTING = (
    "Niet nagebootst van het RIVM-algoritme: minimale intervallen tussen doses (elke dosis telt, hoe kort "
    "na de vorige ook); het zuigelingenschema van 3 doses na kinkhoestvaccinatie van de moeder tijdens de "
    "zwangerschap, dat het RIVM per kind beoordeelt (hier geldt voor elk kind hetzelfde aantal); en het "
    "vervallen van eerdere doses na een late eerste hervaccinatie. Deze cijfers komen uit het JGZ-dossier en "
    "wijken af van de RIVM-cijfers uit Praeventis (toestemming voor gegevensuitwisseling, anonieme "
    "vaccinaties, verhuizingen)."
)
DOSIS_TEKST = (
    "Een dosis: een vaccinatie (G076) met datum (1409) en vaccinsoort (461) die alle componenten van de set "
    "bevat, zonder bezwaar (683); meerdere vaccinaties van dezelfde set op één dag tellen als één dosis. "
    "Soort en uitkomst van de activiteit spelen geen rol."
)
# Contact met kind (K): the normalised kinds of activity (494, W0188) of a contact with the child. A
# common term of the spec, not a rule of one indicator: the SQL macro is_contact reads it from
# staging.contactsoorten, and texts write it as {contactsoorten}.
CONTACTSOORTEN = ("01", "20", "22", "35", "37", "38", "39", "40", "41")


def _duur(jaren: int, dagen: int = 0) -> str:
    if jaren and dagen:
        return f"{jaren} jaar en {dagen} dagen"
    return f"{dagen} dagen" if dagen else f"{jaren} jaar"


def _en(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def _of(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " of " + delen[-1]


def _set_tekst(s: dict) -> str:
    doses = f"{s['n']} {'dosis' if s['n'] == 1 else 'doses'}"
    tekst = f"{s['naam']} (componenten {' '.join(s['componenten'])}): minstens {doses}"
    if s["n_laat"] != s["n"]:
        tekst += f", of {s['n_laat']} bij een late start (eerste dosis op of na de {LAAT_VANAF_JAREN}e verjaardag)"
    if s["min_leeftijd"]:
        tekst += f"; alleen doses op of na de {s['min_leeftijd']}e verjaardag tellen"
    if s["booster"]:
        tekst += f"; minstens één van die doses op of na de {s['booster']}e verjaardag"
    return tekst


def _cohorten(v: dict) -> str:
    if "cohort_vanaf" in v and "cohort_tot" in v:
        return f" Alleen voor kinderen geboren van {v['cohort_vanaf']} tot en met {v['cohort_tot']}."
    if "cohort_vanaf" in v:
        return f" Alleen voor kinderen geboren in {v['cohort_vanaf']} of later."
    if "cohort_tot" in v:
        return f" Alleen voor kinderen geboren in {v['cohort_tot']} of eerder."
    return ""


TEKSTVELDEN = ("titel", "label", "omschrijving", "teller", "noemer", "toelichting")


def _vul_teksten(i: str, m: dict, alle: dict[str, dict]) -> None:
    """Generate the texts that follow from the rules (bereik, vaccinatiegraad, school types), and fill
    placeholders such as {leeftijd[tot_jaren]} in the written texts from the rule tables."""
    for veld in TEKSTVELDEN:
        if veld in m:
            try:
                m[veld] = m[veld].format(
                    **{k: v for k, v in m.items() if isinstance(v, dict)}, contactsoorten=_of(list(CONTACTSOORTEN))
                )
            except (KeyError, IndexError, ValueError) as e:
                raise _fout(f"{i}.toml", veld, f"verwijst naar {e}, dat niet in dit bestand staat") from None
    if "school" in m:
        if "soorten" in m["school"]:
            wat = f"wier school (G008) op die datum soort onderwijs (58) {_of(m['school']['soorten'])} heeft"
        else:
            andere = sorted({c for a in alle.values() for c in a.get("school", {}).get("soorten", [])})
            wat = (
                "die op die datum geen school (G008) hebben, of een school zonder geldige soort onderwijs (58) of "
                f"met een andere soort dan {_of(andere)}"
            )
        m.setdefault(
            "teller",
            f"Kinderen uit de noemer {wat}; die datum is die van hun eerste gerealiseerde verzuimconsult in de "
            "periode. De school op een datum: de schoolinstantie waarvan de periode die datum bevat (zonder "
            "startdatum: sinds de geboorte), de laatste start, bij gelijke start de hoogste instantie.",
        )
    if "venster" in m:
        van, dagen, tot = m["venster"]["van_jaren"], m["venster"].get("van_dagen", 0), m["venster"]["tot_jaren"]
        m.setdefault(
            "omschrijving",
            f"Aandeel kinderen dat de JGZ zag in de leeftijd van {_duur(van, dagen)} tot {_duur(tot)}: kinderen "
            "die in de periode het einde van dat leeftijdsvenster bereikten, met minstens één gerealiseerd "
            "contact in het venster.",
        )
        m.setdefault(
            "teller",
            "Kinderen uit de noemer met minstens één gerealiseerde activiteit (status 01) van soort activiteit "
            f"(494, genormaliseerd) {_of(list(CONTACTSOORTEN))}, gedateerd vanaf geboortedatum + "
            f"{_duur(van, dagen)} tot geboortedatum + {_duur(tot)}.",
        )
        m.setdefault(
            "noemer",
            f"Kinderen bij wie de laatste dag van het venster (geboortedatum + {_duur(tot)} - 1 dag) in de periode "
            "valt (en niet na de aanmaakdatum), die die dag in Nederland wonen, geteld in hun woongemeente van "
            "die dag.",
        )
    if "vaccinatie" in m:
        v = m["vaccinatie"]
        a = v["leeftijd"]
        sets = [s for o in v["onderdelen"] for s in _sets_uit(alle[o])] if "onderdelen" in v else _sets_uit(m)
        wie = GESLACHTEN.get(v.get("geslacht", ""), "kinderen")
        tegen = _en([s["naam"] for s in sets])
        m.setdefault(
            "omschrijving",
            f"Aandeel {wie} van het geboortecohort verslagjaar - {a + 1} dat vóór de {a}e verjaardag volledig "
            f"gevaccineerd is tegen {tegen}, met de stand op 1 januari van het verslagjaar (RIVM-methode).",
        )
        m.setdefault(
            "teller",
            f"Kinderen uit de noemer die vóór hun {a}e verjaardag volledig zijn voor "
            + ("elk van deze sets: " if len(sets) > 1 else "")
            + "; ".join(_set_tekst(s) for s in sets)
            + f". {DOSIS_TEKST}",
        )
        geslacht = (
            f" Alleen {wie} (geslacht 19 = {v['geslacht']}); kinderen met geslacht 0, 3 of onbekend tellen niet mee."
            if "geslacht" in v
            else ""
        )
        m.setdefault(
            "noemer",
            f"Kinderen geboren in verslagjaar - {a + 1}, op 1 januari van het verslagjaar (de peildatum) in "
            f"Nederland, geteld in hun woongemeente van die dag.{geslacht}{_cohorten(v)}",
        )
        eigen = m.get("toelichting")
        m["toelichting"] = VACCINATIE_TOELICHTING + (f" {eigen}" if eigen else "")


def _sets_uit(m: dict) -> list[dict]:
    return [
        {
            "naam": s["naam"],
            "componenten": s["componenten"],
            "n": s["n"],
            "n_laat": s["n_laat"],
            "min_leeftijd": s.get("min_leeftijd", 0),
            "booster": s.get("booster"),
        }
        for s in m["vaccinatie"]["set"]
    ]


def _periode_einde(periode: str) -> date:
    """The last day of a period written as 2024, 2024-Q3 or 2024-11."""
    if "-Q" in periode:
        jaar, k = periode.split("-Q")
        maand = int(k) * 3
    elif "-" in periode:
        jaar, mm = periode.split("-")
        maand = int(mm)
    else:
        jaar, maand = periode, 12
    volgende = date(int(jaar) + (maand == 12), maand % 12 + 1, 1)
    return date.fromordinal(volgende.toordinal() - 1)


def definitie(i: str, periode: str) -> str:
    """What is counted in one period, in words a reader understands, e.g. for vaccinatie_bmr1_2j in
    2025: 'gevaccineerd vóór de 2e verjaardag; kinderen geboren in 2022, peildatum 1 januari 2025'."""
    m = indicator(i)
    if "vaccinatie" in m:
        v = m["vaccinatie"]
        jaar = int(periode[:4])
        wie = GESLACHTEN.get(v.get("geslacht", ""), "kinderen")
        return (
            f"gevaccineerd vóór de {v['leeftijd']}e verjaardag; {wie} geboren in {cohort(i, jaar)}, "
            f"peildatum 1 januari {jaar}"
        )
    einde = _periode_einde(periode)
    dag = f"{einde.day} {MAANDEN[einde.month - 1]} {einde.year}"
    if "venster" in m:
        van, dagen, tot = bereik_venster(i)
        return (
            f"minstens één contact vanaf {_duur(van, dagen)} tot {_duur(tot)}; kinderen van wie de dag vóór de "
            f"{tot}e verjaardag in de periode tot en met {dag} valt"
        )
    if m["thema"] == "afspraken":
        l = m["leeftijd"]  # noqa: E741
        return f"afspraken met kinderen van {l['van_jaren']} tot {l['tot_jaren']} jaar, tot en met {dag}"
    if i == "verzuim_per_1000":
        l = m["leeftijd"]  # noqa: E741
        return (
            f"kinderen met een verzuimconsult per 1.000 kinderen van {l['van_jaren']} tot {l['tot_jaren']} jaar "
            f"op {dag}"
        )
    return f"{m['label']}, periode tot en met {dag}"
