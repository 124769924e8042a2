"""What a factsheet shows, read from the published DuckDB file: publicatie.indicatorwaarden only
for figures; indicator metadata, areas and data-quality counts for the explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from bronnen.config import SCHEMA
from bronnen.referentie import gemeenten
from modellen.perioden import vaccinatie_verslagjaar

VELDEN = (
    "indicator", "gebied_type", "gebied_code", "periode_type", "periode", "volledig", "teller",
    "noemer", "waarde", "ci_onder", "ci_boven", "vergelijking", "oordeel", "norm", "trend",
    "onderdrukt", "reden",
)  # fmt: skip


@dataclass(frozen=True)
class Rij:
    indicator: str
    gebied_type: str
    gebied_code: str
    periode_type: str
    periode: str
    volledig: bool
    teller: int | None
    noemer: int | None
    waarde: float | None
    ci_onder: float | None
    ci_boven: float | None
    vergelijking: str | None
    oordeel: str | None
    norm: str | None
    trend: str | None
    onderdrukt: bool
    reden: str | None


@dataclass
class Gegevens:
    """Everything one factsheet needs, loaded once from the database."""

    gemeente: str
    gemeente_naam: str
    regio: str
    organisatie: str
    periode: str
    vacc_periode: str | None
    aanmaakdatum: date
    bds_versie: str
    min_noemer: int
    min_aantal: int
    thema: str
    meta: dict[str, dict]
    rijen: dict[tuple[str, str, str, str], Rij] = field(default_factory=dict)
    aantal_gemeenten: int = 0
    kwarantaine: list[tuple[str, int]] = field(default_factory=list)
    gemeenten_waarden: dict[tuple[str, str], list[tuple[str, float]]] = field(default_factory=dict)
    regiomanager: str | None = None
    teksten: str | None = None
    gebieden: list[tuple[str, str, str]] = field(default_factory=list)  # (code, naam, regio)
    zonder_woongemeente: int | None = None

    @property
    def periode_type(self) -> str:
        return "kwartaal" if "-Q" in self.periode else "jaar"

    def periode_van(self, indicator: str) -> str | None:
        """The period shown for an indicator: vaccinatiegraad by its verslagjaar."""
        return self.vacc_periode if self.meta[indicator]["thema"] == "vaccinatie" else self.periode

    def rij(
        self,
        indicator: str,
        gebied: str = "gemeente",
        periode: str | None = None,
        periode_type: str | None = None,
    ) -> Rij | None:
        code = {"gemeente": self.gemeente, "regio": self.regio, "werkgebied": self.organisatie}[gebied]
        p = periode or self.periode_van(indicator)
        if p is None:
            return None
        pt = periode_type or ("jaar" if len(p) == 4 else "kwartaal" if "-Q" in p else "maand")
        return self.rijen.get((indicator, code, pt, p))

    def reeks(self, indicator: str, perioden: list[str], gebied: str = "gemeente") -> list[Rij | None]:
        return [self.rij(indicator, gebied, p) for p in perioden]

    def maanden(self, aantal: int = 24) -> list[str]:
        """The last `aantal` complete-or-running months up to the end of the factsheet's period."""
        alle = sorted({k[3] for k in self.rijen if k[2] == "maand"})
        eind = _laatste_maand(self.periode)
        return [m for m in alle if m <= eind][-aantal:]

    def jaren(self, aantal: int = 5, tot_en_met: str | None = None) -> list[str]:
        """The last `aantal` consecutive years up to the factsheet's year (or `tot_en_met`)."""
        eind = int(tot_en_met or self.periode[:4])
        return [str(j) for j in range(eind - aantal + 1, eind + 1)]

    def jaren_van(self, indicator: str, aantal: int = 5) -> list[str]:
        """The years of an indicator's series: verslagjaren for vaccinatiegraad."""
        return self.jaren(aantal, (self.periode_van(indicator) or self.periode)[:4])

    def kwartalen(self, aantal: int = 8) -> list[str]:
        """The last `aantal` quarters up to the end of the factsheet's period."""
        if "-Q" in self.periode:
            jaar, k = (int(x) for x in self.periode.split("-Q"))
        else:
            jaar, k = int(self.periode), 4
        uit = []
        for _ in range(aantal):
            uit.append(f"{jaar}-Q{k}")
            jaar, k = (jaar, k - 1) if k > 1 else (jaar - 1, 4)
        return uit[::-1]


def _laatste_maand(periode: str) -> str:
    if "-Q" in periode:
        jaar, k = periode.split("-Q")
        return f"{jaar}-{int(k) * 3:02d}"
    return f"{periode[:4]}-12"


def _kolommen(velden: tuple[str, ...], bestaand: set[str]) -> str:
    """The select list; a column the publication layer does not (yet) have is read as NULL."""
    return ", ".join(v if v in bestaand else f"null as {v}" for v in velden)


_CACHE: dict[tuple, Gegevens] = {}
CACHE_GROOTTE = 128  # gemeenten kept per process (a few hundred kB each)


def laad(database: str | Path, gemeente: str, periode: str | int) -> Gegevens:
    """Read the published figures for `gemeente`, its regio and the werkgebied.

    `periode` may arrive as a number (Quarto reads `-P periode:2024` as YAML). The result of the
    last call is kept for the same file (path, size and modification time) and parameters: a
    kernel renders each factsheet twice (HTML, then PDF) and reads the file once; the batch reads
    every gemeente once for its static charts."""
    periode = str(periode)
    stat = Path(database).stat()
    sleutel = (str(Path(database).resolve()), stat.st_size, stat.st_mtime_ns, gemeente, periode)
    if sleutel in _CACHE:
        _CACHE[sleutel] = _CACHE.pop(sleutel)  # most recently used last
        return _CACHE[sleutel]
    g = _laad(database, gemeente, periode)
    while len(_CACHE) >= CACHE_GROOTTE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[sleutel] = g
    return g


def _laad(database: str | Path, gemeente: str, periode: str) -> Gegevens:
    con = duckdb.connect(str(database), read_only=True)
    try:
        organisatie, regio, regiomanager = con.execute(
            "select organisatie, regio, regiomanager from beheer.gebieden where gemeente_code = ?",
            [gemeente],
        ).fetchone() or (None, None, None)
        if organisatie is None:
            raise ValueError(f"Gemeente {gemeente} hoort niet bij het werkgebied van dit bestand.")
        instellingen = dict(con.execute("select sleutel, waarde from beheer.instellingen").fetchall())
        aanmaak, versie = con.execute("select aanmaakdatum, bds_versie from beheer.huidige_export").fetchone()
        meta = {}
        for r in con.execute("select * from intern.indicatoren order by volgorde").fetchall():
            kolommen = [d[0] for d in con.description]
            m = dict(zip(kolommen, r, strict=True))
            meta[m["indicator"]] = m
        bestaand = {
            r[0]
            for r in con.execute(
                "select column_name from duckdb_columns() "
                "where schema_name = 'publicatie' and table_name = 'indicatorwaarden'"
            ).fetchall()
        }
        rijen = {}
        for r in con.execute(
            f"select {_kolommen(VELDEN, bestaand)} from publicatie.indicatorwaarden where gebied_code in (?, ?, ?)",
            [gemeente, regio, organisatie],
        ).fetchall():
            rij = Rij(*r)
            rijen[(rij.indicator, rij.gebied_code, rij.periode_type, rij.periode)] = rij
        kwarantaine = con.execute(
            """
            select reden, count(*) from beheer.kwarantaine
            where export_id = (select export_id from beheer.huidige_export)
            group by 1 order by 2 desc
            """
        ).fetchall()
        gebieden = con.execute(
            "select gemeente_code, gemeente_naam, regio from beheer.gebieden order by volgorde"
        ).fetchall()
        aantal = len(gebieden)
        export_kolommen = {r[1] for r in con.execute("pragma table_info('beheer.exports')").fetchall()}
        zonder = None
        if "kinderen_zonder_woongemeente" in export_kolommen:
            zonder = con.execute("select kinderen_zonder_woongemeente from beheer.huidige_export").fetchone()[0]
        # published values of every gemeente, for the spread in the spine chart (never a rank)
        pt = "kwartaal" if "-Q" in periode else "jaar"
        vacc = _vacc_periode(periode, aanmaak)
        waarden: dict[tuple[str, str], list[tuple[str, float]]] = {}
        for ind, code, p, w in con.execute(
            """
            select distinct indicator, gebied_code, periode, waarde from publicatie.indicatorwaarden
            where gebied_type = 'gemeente' and waarde is not null
              and ((periode_type = 'jaar' and periode in (?, ?)) or (periode_type = ? and periode = ?))
            """,
            [periode[:4], vacc or "", pt, periode],
        ).fetchall():
            waarden.setdefault((ind, p), []).append((code, w))
    finally:
        con.close()
    return Gegevens(
        gemeente=gemeente,
        gemeente_naam=gemeenten()[gemeente].naam if gemeente in gemeenten() else gemeente,
        regio=regio,
        organisatie=organisatie,
        periode=periode,
        vacc_periode=vacc,
        aanmaakdatum=aanmaak,
        bds_versie=versie,
        # a database from before beheer.instellingen held every key: the configuration's defaults
        min_noemer=int(instellingen.get("min_noemer", SCHEMA["publicatie"]["min_noemer"].standaard)),
        min_aantal=int(instellingen.get("min_aantal", SCHEMA["publicatie"]["min_aantal"].standaard)),
        thema=instellingen.get("thema", SCHEMA["thema"]["naam"].standaard),
        meta=meta,
        rijen=rijen,
        aantal_gemeenten=aantal,
        kwarantaine=kwarantaine,
        gemeenten_waarden=waarden,
        regiomanager=regiomanager or None,
        teksten=instellingen.get("teksten") or None,
        gebieden=gebieden,
        zonder_woongemeente=zonder,
    )


def _vacc_periode(periode: str, aanmaak: date) -> str | None:
    """Vaccinatiegraad: the verslagjaar that belongs to `periode` (the rule lives in modellen.perioden)."""
    return vaccinatie_verslagjaar(str(periode), aanmaak)
