"""The one place where `jgz.toml` is read and checked."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bronnen.referentie import gemeenten


class ConfigFout(Exception):
    """The configuration is wrong; the message says what to do (in Dutch)."""


@dataclass(frozen=True)
class Regio:
    naam: str
    regiomanager: str
    gemeenten: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    pad: Path
    organisatie: str
    inbox: Path
    database: Path
    uitvoer: Path
    teksten: Path | None
    regios: tuple[Regio, ...]
    min_noemer: int = 10
    min_aantal: int = 5
    thema: str = "nieuwkomers"
    factsheet_werkers: int = 2
    duckdb_geheugen: str | None = None  # DuckDB memory_limit, e.g. "8GB"; None: DuckDB's default (80% of RAM)
    extra: dict = field(default_factory=dict)

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
    if not bestand.is_file():
        raise ConfigFout(
            f"Configuratiebestand {bestand} niet gevonden. Geef het op met --config PAD of "
            "$JGZ_CONFIG, of start in de map met jgz.toml."
        )
    try:
        data = tomllib.loads(bestand.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigFout(f"{bestand}: geen geldige TOML ({e}). Herstel de syntaxis.") from e
    return config_uit_dict(data, bestand)


def _tekst(data: dict, sectie: str, sleutel: str, bestand: Path, standaard: str | None = None):
    waarde = data.get(sectie, {}).get(sleutel, standaard)
    if not isinstance(waarde, str) or not waarde.strip():
        raise ConfigFout(f"{bestand}: [{sectie}] {sleutel} ontbreekt of is leeg. Vul het in.")
    return waarde


def _geheel(data: dict, sectie: str, sleutel: str, standaard: int, bestand: Path) -> int:
    waarde = data.get(sectie, {}).get(sleutel, standaard)
    if not isinstance(waarde, int) or isinstance(waarde, bool) or waarde < 1:
        raise ConfigFout(f"{bestand}: [{sectie}] {sleutel} moet een geheel getal van minstens 1 zijn (nu: {waarde!r}).")
    return waarde


def config_uit_dict(data: dict, bestand: Path) -> Config:
    """Build a Config from parsed TOML; relative paths are relative to the file's folder."""
    basis = bestand.parent
    organisatie = _tekst(data, "organisatie", "naam", bestand)

    def pad(sleutel: str, standaard: str | None) -> Path | None:
        waarde = data.get("paden", {}).get(sleutel, standaard)
        if waarde is None:
            return None
        p = Path(os.path.expanduser(str(waarde)))
        return p if p.is_absolute() else (basis / p)

    bekend = gemeenten()
    regios: list[Regio] = []
    gezien: dict[str, str] = {}
    ruwe_regios = data.get("regio", [])
    if not isinstance(ruwe_regios, list) or not ruwe_regios:
        raise ConfigFout(f"{bestand}: geen [[regio]] opgegeven. Noem minstens één regio met gemeenten.")
    for i, r in enumerate(ruwe_regios, start=1):
        naam = r.get("naam")
        if not isinstance(naam, str) or not naam.strip():
            raise ConfigFout(f"{bestand}: regio nummer {i} heeft geen naam.")
        if any(x.naam == naam for x in regios):
            raise ConfigFout(f"{bestand}: de regio '{naam}' staat er twee keer in.")
        if naam == organisatie:
            raise ConfigFout(f"{bestand}: regio '{naam}' heeft dezelfde naam als de organisatie; kies een andere naam.")
        codes = r.get("gemeenten", [])
        if not isinstance(codes, list) or not codes:
            raise ConfigFout(f"{bestand}: regio '{naam}' heeft geen gemeenten.")
        for code in codes:
            if code not in bekend:
                raise ConfigFout(
                    f"{bestand}: regio '{naam}' noemt gemeente '{code}', die geen bestaande "
                    "gemeentecode is (CBS-code zoals GM0505, gemeenten 2025). Controleer de code."
                )
            if code in gezien:
                raise ConfigFout(
                    f"{bestand}: gemeente {code} ({bekend[code].naam}) staat in twee regio's: "
                    f"'{gezien[code]}' en '{naam}'. Een gemeente hoort bij precies één regio."
                )
            gezien[code] = naam
        regios.append(Regio(naam, str(r.get("regiomanager", "")), tuple(codes)))

    werkers = _geheel(data, "factsheets", "werkers", 2, bestand)
    geheugen = data.get("duckdb", {}).get("geheugen")
    if geheugen is not None and (
        not isinstance(geheugen, str) or not re.fullmatch(r"\d+(\.\d+)? ?(MB|GB|MiB|GiB)", geheugen.strip())
    ):
        raise ConfigFout(
            f'{bestand}: [duckdb] geheugen moet een hoeveelheid zijn zoals "8GB" of "4096MB" (nu: {geheugen!r}).'
        )
    min_noemer = _geheel(data, "publicatie", "min_noemer", 10, bestand)
    min_aantal = _geheel(data, "publicatie", "min_aantal", 5, bestand)
    thema = data.get("thema", {}).get("naam", "nieuwkomers")
    if thema != "nieuwkomers":
        raise ConfigFout(
            f"{bestand}: thema '{thema}' is onbekend; beschikbaar: nieuwkomers. Een nieuw thema "
            "vraagt eerst om zijn indicatoren in modellen/."
        )
    return Config(
        pad=bestand,
        organisatie=organisatie,
        inbox=pad("inbox", "data/inbox"),
        database=pad("database", "data/jgz.duckdb"),
        uitvoer=pad("uitvoer", "uitvoer"),
        teksten=pad("teksten", None),
        regios=tuple(regios),
        min_noemer=min_noemer,
        min_aantal=min_aantal,
        thema=thema,
        factsheet_werkers=werkers,
        duckdb_geheugen=geheugen.strip() if geheugen else None,
    )
