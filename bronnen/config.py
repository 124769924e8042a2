"""The one place where `jgz.toml` is read and checked (spec/bediening.md).

The configuration is strict: an unknown section or key, a wrong type or an impossible value is
refused with a Dutch message that names the file, the section and the key, and says what is
allowed. A typo in a privacy threshold must never fall back to a default without a word. The
defaults live in `SCHEMA`, nowhere else.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bronnen.referentie import gemeenten


class ConfigFout(Exception):
    """The configuration is wrong; the message says what to do (in Dutch)."""


_VERPLICHT = object()


@dataclass(frozen=True)
class Sleutel:
    """One key of the configuration: its type, its default and, in Dutch, what is allowed."""

    soort: type
    standaard: object
    toegestaan: str


_PAD = "een pad (tekst; relatief aan de map van jgz.toml)"
_GETAL = "een geheel getal van minstens 1"

SCHEMA: dict[str, dict[str, Sleutel]] = {
    "organisatie": {"naam": Sleutel(str, _VERPLICHT, "de naam van de organisatie (tekst)")},
    "paden": {
        "inbox": Sleutel(str, "data/inbox", _PAD),
        "database": Sleutel(str, "data/jgz.duckdb", _PAD),
        "uitvoer": Sleutel(str, "uitvoer", _PAD),
        "teksten": Sleutel(str, None, _PAD),
    },
    "regio": {
        "naam": Sleutel(str, _VERPLICHT, "de naam van de regio (tekst)"),
        "regiomanager": Sleutel(str, "", "naam en e-mail van de regiomanager (tekst)"),
        "gemeenten": Sleutel(list, _VERPLICHT, 'een lijst CBS-gemeentecodes, zoals ["GM0505", "GM0482"]'),
    },
    "publicatie": {
        "min_noemer": Sleutel(int, 10, _GETAL),
        "min_aantal": Sleutel(int, 5, _GETAL),
    },
    "thema": {"naam": Sleutel(str, "nieuwkomers", '"nieuwkomers" (het enige thema met indicatoren)')},
    "factsheets": {"werkers": Sleutel(int, 2, _GETAL)},
    "duckdb": {"geheugen": Sleutel(str, None, 'een hoeveelheid geheugen, zoals "8GB" of "4096MB"')},
}
LIJSTEN = {"regio"}  # sections written as an array of tables: [[regio]]
THEMAS = ("nieuwkomers",)
_GEHEUGEN = re.compile(r"\d+(\.\d+)? ?(MB|GB|MiB|GiB)")
_GEMEENTECODE = re.compile(r"GM[0-9]{4}", re.IGNORECASE)
# files of the outbox itself: a regio folder may not take their name
_OUTBOX_BESTANDEN = {"index.html", "manifest.csv"}


def veilige_mapnaam(naam: str) -> str:
    """The folder name for a configured name (a regio in the outbox): one safe path component.

    Any text is allowed as a name; its folder name has no `/` or `\\` (they become `-`), no `..`,
    no leading dot or space, no control or invisible character, at most 100 characters. Raises
    ValueError when nothing is left.
    """
    tekens = []
    for c in unicodedata.normalize("NFC", str(naam)):
        soort = unicodedata.category(c)
        if c in "/\\":
            tekens.append("-")
        elif soort[0] == "C" or soort in ("Zl", "Zp"):
            continue  # control, format (bidi overrides, zero width), surrogate, private, unassigned
        else:
            tekens.append(" " if soort == "Zs" else c)
    tekst = re.sub(r"\.{2,}", ".", "".join(tekens))
    tekst = re.sub(r" {2,}", " ", tekst).strip(" .")
    tekst = tekst[:100].rstrip(" .")
    if not tekst:
        raise ValueError(f"geen bruikbare mapnaam in {toon(naam)}")
    return tekst


def toon(waarde: object, lengte: int = 60) -> str:
    """A configured value for a message: quoted, control characters removed, shortened."""
    tekst = "".join(c for c in str(waarde) if c.isprintable())
    if len(tekst) > lengte:
        tekst = tekst[: lengte - 1] + "…"
    return f"'{tekst}'" if isinstance(waarde, str) else tekst


@dataclass(frozen=True)
class Regio:
    naam: str
    regiomanager: str
    gemeenten: tuple[str, ...]

    @property
    def map(self) -> str:
        """The regio's folder name in the outbox."""
        return veilige_mapnaam(self.naam)


@dataclass(frozen=True)
class Config:
    pad: Path
    organisatie: str
    inbox: Path
    database: Path
    uitvoer: Path
    teksten: Path | None
    regios: tuple[Regio, ...]
    min_noemer: int
    min_aantal: int
    thema: str
    factsheet_werkers: int
    duckdb_geheugen: str | None  # DuckDB memory_limit, e.g. "8GB"; None: DuckDB's default (80% of RAM)

    @property
    def gemeenten(self) -> tuple[str, ...]:
        """All gemeenten of the werkgebied in configuration order."""
        return tuple(g for r in self.regios for g in r.gemeenten)

    def regio_van(self, gemeente: str) -> Regio:
        for r in self.regios:
            if gemeente in r.gemeenten:
                return r
        raise KeyError(gemeente)

    @property
    def dagster_home(self) -> Path:
        return self.database.parent / "dagster"


def zoek_config(pad: str | os.PathLike | None = None) -> Path:
    """--config PATH, else $JGZ_CONFIG, else ./jgz.toml."""
    if pad:
        return Path(pad)
    if os.environ.get("JGZ_CONFIG"):
        return Path(os.environ["JGZ_CONFIG"])
    return Path("jgz.toml")


def laad_config(pad: str | os.PathLike | None = None) -> Config:
    """Load and check the configuration; raises ConfigFout with a Dutch message."""
    bestand = zoek_config(pad).resolve()
    try:
        tekst = bestand.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as e:
        raise ConfigFout(
            f"Configuratiebestand {bestand} niet gevonden. Geef het op met --config PAD of "
            "$JGZ_CONFIG, of start in de map met jgz.toml."
        ) from e
    except PermissionError as e:
        raise ConfigFout(f"Configuratiebestand {bestand} is niet leesbaar; controleer de rechten.") from e
    except UnicodeDecodeError as e:
        raise ConfigFout(f"{bestand}: geen UTF-8-tekst. Sla het bestand op als UTF-8.") from e
    except OSError as e:
        raise ConfigFout(f"Configuratiebestand {bestand} kan niet gelezen worden ({e.strerror or e}).") from e
    try:
        data = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as e:
        raise ConfigFout(f"{bestand}: geen geldige TOML ({e}). Herstel de syntaxis.") from e
    return config_uit_dict(data, bestand)


def _suggestie(naam: str, mogelijk) -> str:
    dichtbij = difflib.get_close_matches(naam, list(mogelijk), n=1)
    return f" Bedoelt u {dichtbij[0]}?" if dichtbij else ""


def _waarde(bestand: Path, plek: str, tabel: dict, sleutel: str, spec: Sleutel):
    """The checked value of `sleutel` in `tabel` (or its default); `plek` names the section."""
    if sleutel not in tabel:
        if spec.standaard is _VERPLICHT:
            raise ConfigFout(f"{bestand}: {plek} {sleutel} ontbreekt; vul het in: {spec.toegestaan}.")
        return spec.standaard
    waarde = tabel[sleutel]
    goed = isinstance(waarde, spec.soort) and not (spec.soort is int and isinstance(waarde, bool))
    if goed and spec.soort is str and not waarde.strip():
        goed = False
    if goed and spec.soort is int and waarde < 1:
        goed = False
    if not goed:
        raise ConfigFout(f"{bestand}: {plek} {sleutel} moet {spec.toegestaan} zijn (nu: {toon(waarde)}).")
    return waarde


def _sectie(bestand: Path, naam: str, tabel: object, plek: str) -> dict:
    """Refuse a section that is not a table, and unknown keys in it."""
    if not isinstance(tabel, dict):
        vorm = f"[[{naam}]]" if naam in LIJSTEN else f"[{naam}]"
        raise ConfigFout(f"{bestand}: {plek} moet een tabel zijn, geschreven als {vorm} met sleutels eronder.")
    toegestaan = SCHEMA[naam]
    for sleutel in tabel:
        if sleutel not in toegestaan:
            raise ConfigFout(
                f"{bestand}: onbekende sleutel {toon(sleutel)} in {plek}.{_suggestie(sleutel, toegestaan)} "
                f"Toegestaan: {', '.join(toegestaan)}."
            )
    return tabel


def config_uit_dict(data: dict, bestand: Path) -> Config:
    """Build a Config from parsed TOML; relative paths are relative to the file's folder."""
    for naam in data:
        if naam not in SCHEMA:
            raise ConfigFout(
                f"{bestand}: onbekende sectie [{toon(naam)[1:-1]}].{_suggestie(naam, SCHEMA)} "
                f"Toegestaan: {', '.join(f'[[{s}]]' if s in LIJSTEN else f'[{s}]' for s in SCHEMA)}."
            )
    # every section's shape and keys first: a misspelt key is named before the key it should have
    # been is reported missing
    tabellen = {n: _sectie(bestand, n, data.get(n, {}), f"[{n}]") for n in SCHEMA if n not in LIJSTEN}
    secties = {
        naam: {k: _waarde(bestand, f"[{naam}]", tabel, k, s) for k, s in SCHEMA[naam].items()}
        for naam, tabel in tabellen.items()
    }

    organisatie = secties["organisatie"]["naam"].strip()
    if _GEMEENTECODE.fullmatch(organisatie):
        raise ConfigFout(
            f"{bestand}: [organisatie] naam {toon(organisatie)} lijkt een gemeentecode; de naam van de "
            "organisatie is de code van het werkgebied in de cijfers. Kies een andere naam."
        )
    basis = bestand.parent

    def pad(sleutel: str) -> Path | None:
        waarde = secties["paden"][sleutel]
        if waarde is None:
            return None
        p = Path(os.path.expanduser(waarde))
        return p if p.is_absolute() else (basis / p)

    regios = _regios(bestand, data.get("regio"), organisatie)
    geheugen = secties["duckdb"]["geheugen"]
    if geheugen is not None and not _GEHEUGEN.fullmatch(geheugen.strip()):
        spec = SCHEMA["duckdb"]["geheugen"]
        raise ConfigFout(f"{bestand}: [duckdb] geheugen moet {spec.toegestaan} zijn (nu: {toon(geheugen)}).")
    thema = secties["thema"]["naam"]
    if thema not in THEMAS:
        raise ConfigFout(
            f"{bestand}: [thema] naam {toon(thema)} is onbekend; beschikbaar: {', '.join(THEMAS)}. Een nieuw "
            "thema vraagt eerst om zijn indicatoren in modellen/."
        )
    return Config(
        pad=bestand,
        organisatie=organisatie,
        inbox=pad("inbox"),
        database=pad("database"),
        uitvoer=pad("uitvoer"),
        teksten=pad("teksten"),
        regios=regios,
        min_noemer=secties["publicatie"]["min_noemer"],
        min_aantal=secties["publicatie"]["min_aantal"],
        thema=thema,
        factsheet_werkers=secties["factsheets"]["werkers"],
        duckdb_geheugen=geheugen.strip() if geheugen else None,
    )


def _regios(bestand: Path, ruw: object, organisatie: str) -> tuple[Regio, ...]:
    """The [[regio]] tables: names that are safe as folders and distinct, each gemeente in one regio."""
    if ruw is None or ruw == []:
        raise ConfigFout(f"{bestand}: geen [[regio]] opgegeven. Noem minstens één regio met gemeenten.")
    if not isinstance(ruw, list):
        raise ConfigFout(f"{bestand}: regio moet een lijst van tabellen zijn, geschreven als [[regio]].")
    bekend = gemeenten()
    regios: list[Regio] = []
    namen: dict[str, str] = {}  # casefolded name or folder -> name
    gezien: dict[str, str] = {}  # gemeente -> regio
    for i, r in enumerate(ruw, start=1):
        plek = f"[[regio]] nummer {i}"
        tabel = _sectie(bestand, "regio", r, plek)
        spec = SCHEMA["regio"]
        naam = _waarde(bestand, plek, tabel, "naam", spec["naam"]).strip()
        plek = f"[[regio]] nummer {i} (naam = {toon(naam)})"
        manager = _waarde(bestand, plek, tabel, "regiomanager", spec["regiomanager"])
        codes = _waarde(bestand, plek, tabel, "gemeenten", spec["gemeenten"])
        if _GEMEENTECODE.fullmatch(naam) or naam.upper() in bekend:
            raise ConfigFout(
                f"{bestand}: {plek}: de naam lijkt een gemeentecode, zodat de cijfers van de regio en de "
                "gemeente door elkaar zouden lopen. Kies een andere naam voor de regio."
            )
        if naam.casefold() == organisatie.casefold():
            raise ConfigFout(
                f"{bestand}: {plek}: de regio heeft dezelfde naam als de organisatie ([organisatie] naam); "
                "kies een andere naam."
            )
        try:
            map_ = veilige_mapnaam(naam)
        except ValueError as e:
            raise ConfigFout(
                f"{bestand}: {plek}: van deze naam blijft geen mapnaam over (alleen leestekens of "
                "onzichtbare tekens). Kies een naam met letters of cijfers."
            ) from e
        if map_.casefold() in _OUTBOX_BESTANDEN:
            raise ConfigFout(f"{bestand}: {plek}: die naam is gereserveerd voor de outbox; kies een andere naam.")
        for sleutel in (naam.casefold(), "map:" + map_.casefold()):
            if sleutel in namen:
                raise ConfigFout(
                    f"{bestand}: {plek}: de regio heeft dezelfde naam (of mapnaam {toon(map_)}) als regio "
                    f"{toon(namen[sleutel])}. Geef elke regio een eigen naam."
                )
            namen[sleutel] = naam
        if not codes:
            raise ConfigFout(f"{bestand}: {plek}: de regio heeft geen gemeenten; noem ze in gemeenten.")
        for code in codes:
            if not isinstance(code, str) or code not in bekend:
                raise ConfigFout(
                    f"{bestand}: {plek}: gemeenten noemt {toon(code)}, die geen bestaande gemeentecode is "
                    "(CBS-code zoals GM0505, gemeenten 2025). Controleer de code."
                )
            if code in gezien:
                raise ConfigFout(
                    f"{bestand}: gemeente {code} ({bekend[code].naam}) staat in twee regio's: "
                    f"{toon(gezien[code])} en {toon(naam)}. Een gemeente hoort bij precies één regio."
                )
            gezien[code] = naam
        regios.append(Regio(naam, manager, tuple(codes)))
    return tuple(regios)
