"""Synthetic BDS exports: realistic enough for real-looking factsheets, deterministic for a seed.

Children are generated in batches with numpy and polars (no per-child Python loop), so a million
children take minutes. The same seed gives the same children in a BDS 3.2.x and a 4.0.x export: a
3.2 export writes every activity with 3.x codes, a 4.0 export only those before the system switched
to 4.0 (`OVERSTAP_40`), as a real dossier system does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from bronnen.referentie import REFERENTIE, lees_csv

OVERSTAP_40 = date(2022, 1, 1)
BATCH = 50_000
BUITEN_WERKGEBIED = "GM0599"  # Rotterdam: where some children move to

# Old GBA codes that were merged into a demo gemeente: written on addresses before the merger.
OUDE_CODES = {
    "GM1963": ["0585", "0611", "0588", "0584", "0617"],
    "GM1978": ["1927", "0689"],
}

# (offset in days, jitter in days, kind BDS 4.0, kind BDS 3.x, reach age group)
CONTACTEN = [
    (14, 10, "37", "02", 0),
    (28, 7, "37", "03", 0),
    (56, 10, "37", "04", 0),
    (91, 10, "37", "05", 0),
    (122, 10, "37", "06", 0),
    (183, 14, "37", "07", 0),
    (228, 14, "38", "08", 0),
    (274, 14, "38", "09", 0),
    (335, 14, "38", "10", 0),
    (426, 21, "39", "11", 1),
    (548, 30, "39", "12", 1),
    (730, 30, "39", "13", 1),
    (1095, 30, "39", "14", 1),
    (1424, 30, "39", "15", 1),
    (2100, 100, "40", "16", 2),
    (3835, 100, "40", "17", 3),
    (5020, 100, "41", "19", 4),
    # a contact after the 18th birthday (the JGZ's age range has ended): in no no-show figure
    (6640, 100, "41", "19", 4),
]
BEREIK_BASIS = np.array([0.975, 0.93, 0.90, 0.87, 0.82])
# outcome codes (W0690) that exist in both BDS generations, with their chance given no reach
UITKOMST_NIET = (["02", "03", "07", "08"], [0.45, 0.35, 0.12, 0.08])
STATUS_3X = {
    "01": ("01", None),
    "02": ("02", "02"),
    "03": ("02", "01"),
    "07": ("02", "03"),
    "08": ("02", None),
}
LANDEN = ["5010", "6014", "5049", "6030", "7044", "6043", "5022", "5037", "7047", "6037"]
SOORT_VO = ["02", "05", "06", "08", "10", "11", "16", "18"]
# M@ZL registration starts in this year: no verzuimconsult before it (the schoolverzuim startjaar)
VERZUIM_START = date(2022, 1, 1)
VROEGE_BMR = 0.03  # share with BMR (and MenC) before the first birthday
GEEN_KLEUTERBOOSTER = 0.06  # share without the DKTP booster at 4
GEEN_NEGENJAAR = 0.08  # share without the DTP and BMR at 9
ZONDER_SCHOOL = 0.04  # share without any registered school (thuiszitters, unregistered)
SCHOLEN = ["De Linde", "Het Kompas", "De Regenboog", "Oranje Nassau", "De Wielewaal", "Het Anker"]


@dataclass(frozen=True)
class Instellingen:
    kinderen: int = 20_000
    seed: int = 2025
    bds_versie: str = "4.0.1"
    aanmaakdatum: date = date(2025, 2, 3)
    met_fouten: bool = False
    organisatie: str = "JGZ Zuid-Holland Zuid"
    gemeenten: tuple[str, ...] = (
        "GM0482", "GM0505", "GM0531", "GM0590", "GM0610", "GM0642",
        "GM0512", "GM0523", "GM1963", "GM1978",
    )  # fmt: skip


def _gemeente_info(gemeenten: tuple[str, ...]) -> pl.DataFrame:
    info = {r["gemeentecode"]: r for r in lees_csv(REFERENTIE / "generator_gemeenten.csv")}
    rijen = []
    for i, g in enumerate(gemeenten):
        r = info.get(g, {"inwoners": "30000", "pc4_van": "1000", "pc4_tot": "1099", "biblebelt": "0"})
        rijen.append(
            {
                "g": i,
                "code": g,
                "inwoners": int(r["inwoners"]),
                "pc4_van": int(r["pc4_van"]),
                "pc4_tot": int(r["pc4_tot"]),
                "biblebelt": r["biblebelt"] == "1",
            }
        )
    return pl.DataFrame(rijen)


def _datum_tekst(kolom: pl.Expr) -> pl.Expr:
    return kolom.dt.strftime("%Y%m%d")


def _dagen(d: date) -> int:
    return (d - date(1970, 1, 1)).days


class _Batch:
    """One batch of children and everything recorded about them, as element rows."""

    def __init__(self, inst: Instellingen, start: int, n: int, ginfo: pl.DataFrame):
        self.inst = inst
        self.rng = np.random.default_rng([inst.seed, start])
        self.start = start
        self.n = n
        self.ginfo = ginfo
        self.aanmaak = _dagen(inst.aanmaakdatum)
        self.versie3 = inst.bds_versie.startswith("3.")
        self.blokken: list[pl.DataFrame] = []

    # -- helpers ---------------------------------------------------------------------------
    def _u(self, k: int | None = None) -> np.ndarray:
        return self.rng.random(self.n if k is None else k)

    def rijen(
        self,
        df: pl.DataFrame,
        element: str,
        waarde: pl.Expr,
        groep: str = "",
        instantie: pl.Expr | None = None,
        activiteit: pl.Expr | None = None,
    ) -> None:
        """Append element rows for every row of df (which has column `kind`)."""
        self.blokken.append(
            df.select(
                pl.col("kind"),
                (activiteit if activiteit is not None else pl.lit("")).alias("activiteit"),
                pl.lit(groep).alias("groep"),
                (instantie.cast(pl.String) if instantie is not None else pl.lit("")).alias("instantie"),
                pl.lit(element).alias("element"),
                waarde.cast(pl.String).alias("waarde"),
            )
        )

    # -- children ---------------------------------------------------------------------------
    def kinderen(self) -> pl.DataFrame:
        n, rng = self.n, self.rng
        gewicht = self.ginfo["inwoners"].to_numpy().astype(float)
        g = rng.choice(len(gewicht), size=n, p=gewicht / gewicht.sum())
        leeftijd = rng.integers(1, int(19 * 365.25), size=n)
        gb = self.aanmaak - leeftijd
        geslacht = rng.choice(["1", "2", "0", "3"], size=n, p=[0.49, 0.49, 0.01, 0.01])
        dordrecht = self.ginfo["code"].to_numpy()[g] == "GM0505"
        nieuwkomer = self._u() < np.where(dordrecht, 0.09, 0.05)
        vestiging = np.where(nieuwkomer, gb + (self._u() * leeftijd).astype(int) + 1, -1)
        vestiging = np.minimum(vestiging, self.aanmaak)
        emigrant = self._u() < 0.012
        vertrek = np.where(emigrant, np.maximum(gb, vestiging) + 1 + (self._u() * leeftijd * 0.9).astype(int), -1)
        vertrek = np.where(vertrek > self.aanmaak, -1, vertrek)
        terug = (vertrek > 0) & ~nieuwkomer & (self._u() < 0.2) & (vertrek + 200 < self.aanmaak)
        vestiging = np.where(terug, vertrek + 60 + (self._u() * 120).astype(int), vestiging)
        overleden = self._u() < 0.002
        overlijden = np.where(overleden, gb + (self._u() * leeftijd).astype(int), -1)
        eind = np.full(n, self.aanmaak)
        eind = np.where((vertrek > 0) & ~terug, np.minimum(eind, vertrek), eind)
        eind = np.where(overlijden > 0, np.minimum(eind, overlijden), eind)
        begin = np.where((vestiging > 0) & ~terug, vestiging, gb)
        df = pl.DataFrame(
            {
                "kind": np.arange(self.start, self.start + n),
                "g": g,
                "gb": gb,
                "geslacht": geslacht,
                "vestiging": vestiging,
                "vertrek": vertrek,
                "overlijden": overlijden,
                "begin": begin,
                "eind": eind,
                "asiel": nieuwkomer & (self._u() < 0.3),
                "land": rng.choice(LANDEN, size=n),
                "weigeraar": self._u() < np.where(self.ginfo["biblebelt"].to_numpy()[g], 0.09, 0.02),
                "gedeeltelijk": self._u() < 0.05,
                "bereikfactor": 0.93 + 0.07 * self._u(),
                "bsn": rng.integers(100_000_000, 999_999_999, size=n),
            }
        ).with_columns(
            pl.from_epoch(pl.col(c), time_unit="d").alias(c + "_d")
            for c in ("gb", "vestiging", "vertrek", "overlijden")
        )
        return df

    def dossier(self, k: pl.DataFrame) -> None:
        self.rijen(k, "7", pl.col("bsn"))
        self.rijen(k, "696", pl.lit("01"))
        self.rijen(k, "19", pl.col("geslacht"))
        self.rijen(k, "20", _datum_tekst(pl.col("gb_d")))
        self.rijen(k.filter(pl.col("overlijden") > 0), "21", _datum_tekst(pl.col("overlijden_d")))
        nk = k.filter(pl.col("vestiging") > 0)
        self.rijen(nk.filter(pl.col("vertrek") < 0), "26", pl.col("land"))
        self.rijen(nk, "27", _datum_tekst(pl.col("vestiging_d")))
        self.rijen(nk, "28", pl.when(pl.col("asiel")).then(pl.lit("true")).otherwise(pl.lit("false")))
        self.rijen(k.filter(pl.col("vertrek") > 0), "29", _datum_tekst(pl.col("vertrek_d")))
        status = self.rng.choice(["01", "02", "03"], size=len(k), p=[0.96, 0.025, 0.015])
        ks = k.with_columns(pl.Series("status", status))
        self.rijen(ks, "1197", pl.col("status"), groep="G093", instantie=pl.lit(1))
        einde = k.filter((pl.col("overlijden") > 0) | ((pl.col("vertrek") > 0) & (pl.col("eind") < self.aanmaak)))
        einde = einde.with_columns(
            pl.when(pl.col("overlijden") > 0).then(pl.lit("03")).otherwise(pl.lit("02")).alias("reden"),
            pl.from_epoch(pl.col("eind"), time_unit="d").alias("eind_d"),
        )
        self.rijen(einde, "487", pl.col("reden"), groep="G092", instantie=pl.lit(1))
        self.rijen(einde, "488", _datum_tekst(pl.col("eind_d")), groep="G092", instantie=pl.lit(1))
        # an element the pipeline does not use (lengte), counted and dropped
        meting = k.filter(pl.Series(self._u(len(k)) < 0.1))
        self.rijen(meting, "235", pl.lit("78"))

    def adressen(self, k: pl.DataFrame) -> None:
        n = len(k)
        verhuist = (self._u(n) < 0.13) & ((k["eind"] - k["begin"]).to_numpy() > 90)
        moment = (
            k["begin"].to_numpy()
            + 30
            + (self._u(n) * np.maximum(k["eind"].to_numpy() - k["begin"].to_numpy() - 60, 1)).astype(int)
        )
        ng = len(self.ginfo)
        naar = np.where(self._u(n) < 0.25, ng, self.rng.integers(0, ng, size=n))
        pc_van = np.append(self.ginfo["pc4_van"].to_numpy(), 3011)
        pc_tot = np.append(self.ginfo["pc4_tot"].to_numpy(), 3089)
        codes = np.append(self.ginfo["code"].to_numpy(), BUITEN_WERKGEBIED)
        letters = np.array(list("ABCDEFGHJKLMNPRSTVWXZ"))

        def postcode(gi: np.ndarray) -> np.ndarray:
            pc = pc_van[gi] + (self._u(len(gi)) * (pc_tot[gi] - pc_van[gi] + 1)).astype(int)
            return np.char.add(
                pc.astype(str),
                np.char.add(self.rng.choice(letters, len(gi)), self.rng.choice(letters, len(gi))),
            )

        gi = k["g"].to_numpy()
        gba = np.array([c[2:] for c in codes])[gi]
        voor2019 = k["begin"].to_numpy() < _dagen(date(2019, 1, 1))
        for gcode, oude in OUDE_CODES.items():
            mask = voor2019 & (codes[gi] == gcode)
            gba[mask] = self.rng.choice(oude, size=int(mask.sum()))
        a1 = k.with_columns(
            pl.Series("gba", gba),
            pl.Series("pc", postcode(gi)),
            pl.from_epoch(pl.col("begin"), time_unit="d").alias("begin_d"),
            pl.from_epoch(pl.Series(np.where(verhuist, moment, 0)), time_unit="d").alias("einde_d"),
        ).with_columns(pl.when(pl.Series(verhuist)).then(pl.col("einde_d")).otherwise(None).alias("einde_d"))
        self._adres(a1, 1)
        a2 = k.filter(pl.Series(verhuist)).with_columns(
            pl.Series("gi", naar[verhuist]),
        )
        a2 = a2.with_columns(
            pl.Series("gcode", codes[a2["gi"].to_numpy()], dtype=pl.String),  # also when nobody moved
            pl.Series("pc", postcode(a2["gi"].to_numpy())),
            pl.from_epoch(pl.Series(moment[verhuist]), time_unit="d").alias("begin_d"),
            pl.lit(None, dtype=pl.Date).alias("einde_d"),
        ).with_columns(pl.col("gcode").str.slice(2).alias("gba"))
        self._adres(a2, 2)

    def _adres(self, a: pl.DataFrame, instantie: int) -> None:
        inst = pl.lit(instantie)
        self.rijen(a, "8", pl.lit("01"), "G001", inst)
        self.rijen(a, "9", pl.col("gba"), "G001", inst)
        self.rijen(a, "11", pl.lit("Dorpsstraat"), "G001", inst)
        self.rijen(a, "12", pl.lit("1"), "G001", inst)
        self.rijen(a, "16", pl.col("pc"), "G001", inst)
        self.rijen(a, "1453", _datum_tekst(pl.col("begin_d")), "G001", inst)
        self.rijen(
            a.filter(pl.col("einde_d").is_not_null()),
            "1454",
            _datum_tekst(pl.col("einde_d")),
            "G001",
            inst,
        )

    # -- activities ---------------------------------------------------------------------------
    def contacten(self, k: pl.DataFrame) -> pl.DataFrame:
        schema = pl.DataFrame(
            {
                "offset": [c[0] for c in CONTACTEN],
                "jitter": [c[1] for c in CONTACTEN],
                "soort40": [c[2] for c in CONTACTEN],
                "soort3": [c[3] for c in CONTACTEN],
                "groep": [c[4] for c in CONTACTEN],
            }
        )
        c = k.select("kind", "gb", "begin", "eind", "bereikfactor").join(schema, how="cross")
        m = len(c)
        c = c.with_columns(
            (pl.col("gb") + pl.col("offset") + (pl.Series(self._u(m)) * pl.col("jitter")).cast(pl.Int64)).alias("dag"),
        ).filter((pl.col("dag") >= pl.col("begin")) & (pl.col("dag") <= pl.col("eind")))
        m = len(c)
        kans = BEREIK_BASIS[c["groep"].to_numpy()] * c["bereikfactor"].to_numpy()
        trek = self._u(m)
        niet = self.rng.choice(UITKOMST_NIET[0], size=m, p=UITKOMST_NIET[1])
        gepland = self._u(m) < 0.6  # a missed contact is often not recorded as an appointment at all
        uitkomst = np.where(trek < kans, "01", np.where(gepland, niet, ""))
        c = c.with_columns(pl.Series("uitkomst", uitkomst)).filter(pl.col("uitkomst") != "")
        # a no-show or cancellation is often followed by a new appointment that does take place
        opnieuw = c.filter(pl.col("uitkomst").is_in(["02", "03"]))
        opnieuw = opnieuw.filter(pl.Series(self._u(len(opnieuw)) < 0.6))
        opnieuw = opnieuw.with_columns(
            (pl.col("dag") + 14 + (pl.Series(self._u(len(opnieuw))) * 28).cast(pl.Int64)).alias("dag"),
            pl.lit("01").alias("uitkomst"),
        ).filter(pl.col("dag") <= pl.col("eind"))
        c = pl.concat([c, opnieuw])
        return c.select("kind", "dag", "soort40", "soort3", "uitkomst")

    def intakes(self, k: pl.DataFrame) -> pl.DataFrame:
        nk = k.filter((pl.col("vestiging") > 0) & (pl.col("vertrek") < 0))
        nk = nk.filter(pl.Series(self._u(len(nk)) < 0.8))
        nk = nk.with_columns(
            (pl.col("vestiging") + 20 + (pl.Series(self._u(len(nk))) * 100).cast(pl.Int64)).alias("dag")
        ).filter(pl.col("dag") <= pl.col("eind"))
        return nk.select(
            "kind",
            "dag",
            pl.lit("22").alias("soort40"),
            pl.lit("27").alias("soort3"),
            pl.lit("01").alias("uitkomst"),
            pl.lit("40").alias("indicatie"),
        )

    def verzuim(self, k: pl.DataFrame) -> pl.DataFrame:
        venster_start = max(self.aanmaak - 3 * 365, _dagen(VERZUIM_START))
        v = k.with_columns(
            pl.max_horizontal(pl.col("gb") + 4 * 365 + 30, pl.col("begin"), pl.lit(venster_start)).alias("van"),
            pl.min_horizontal(pl.col("gb") + 18 * 365 - 1, pl.col("eind")).alias("tot"),
        ).filter(pl.col("tot") > pl.col("van"))
        jaren = (v["tot"] - v["van"]).to_numpy() / 365.25
        oud = (self.aanmaak - v["gb"].to_numpy()) > 12 * 365
        aantal = self.rng.poisson(jaren * np.where(oud, 0.045, 0.015))
        v = v.with_columns(pl.Series("aantal", aantal)).filter(pl.col("aantal") > 0)
        v = v.select("kind", "van", "tot", pl.int_ranges(0, pl.col("aantal")).alias("i")).explode("i")
        m = len(v)
        v = v.with_columns(
            (pl.col("van") + (pl.Series(self._u(m)) * (pl.col("tot") - pl.col("van"))).cast(pl.Int64)).alias("dag"),
            pl.Series("uitkomst", np.where(self._u(m) < 0.9, "01", "02")),
            pl.Series("verzuim", np.where(self._u(m) < 0.6, "02", "01")),
            pl.Series(
                "advies",
                self.rng.choice(["01", "02", "03", "04"], size=m, p=[0.55, 0.25, 0.1, 0.1]),
            ),
        )
        return v.select(
            "kind",
            "dag",
            pl.lit("22").alias("soort40"),
            pl.lit("23").alias("soort3"),
            "uitkomst",
            pl.lit("48").alias("indicatie"),
            "verzuim",
            "advies",
        )

    def vaccinaties(self, k: pl.DataFrame) -> pl.DataFrame:
        """Doses by the Dutch schedule per birth cohort: (kind, dag, vaccin)."""
        geb = k["gb"].to_numpy()
        jaar = pl.from_epoch(k["gb"], time_unit="d").dt.year().to_numpy()
        jongen = k["geslacht"].to_numpy() == "1"
        meisje = k["geslacht"].to_numpy() == "2"
        na2020 = geb >= _dagen(date(2020, 1, 1))
        acwy14m = geb >= _dagen(date(2017, 5, 1))
        m = 30.44
        doses: list[tuple[np.ndarray, np.ndarray, str]] = []

        def dosis(mask: np.ndarray, dag: np.ndarray, vaccin: str) -> None:
            doses.append((np.nonzero(mask)[0], dag[mask], vaccin))

        n = len(k)
        alle = np.ones(n, bool)
        # a few children get BMR and MenC before their first birthday (travel, an outbreak): those doses
        # do not count and are repeated at 14 months, but not by everyone
        vroeg = self._u(n) < VROEGE_BMR
        herhaald = ~vroeg | (self._u(n) > 0.3)
        # some miss the kleuterbooster or the 9-year doses
        kleuterbooster = self._u(n) > GEEN_KLEUTERBOOSTER
        negenjaar = self._u(n) > GEEN_NEGENJAAR
        for maanden in (3, 5, 11):
            dosis(na2020, geb + int(maanden * m), "11")
        for maanden in (2, 3, 4, 11):
            dosis(~na2020, geb + int(maanden * m), "11")
        for maanden in (2, 4, 11):
            dosis(alle, geb + int(maanden * m), "08")
        dosis(vroeg, geb + int(9 * m), "04")
        dosis(vroeg & ~acwy14m, geb + int(9 * m), "06")
        dosis(herhaald, geb + int(14 * m), "04")
        dosis(herhaald & acwy14m, geb + int(14 * m), "28")
        dosis(herhaald & ~acwy14m, geb + int(14 * m), "06")
        dosis(kleuterbooster, geb + 4 * 365 + 30, "01")
        dosis(negenjaar, geb + 9 * 365 + 60, "02")
        dosis(negenjaar, geb + 9 * 365 + 60, "04")
        # late starters: most newcomers who arrive between their 1st and 12th birthday get a catch-up
        # series soon after the vestiging (their scheduled doses before it are not in the dossier)
        vestiging = k["vestiging"].to_numpy()
        laat = (vestiging >= geb + 365) & (vestiging < geb + 12 * 365) & (self._u(n) < 0.75)
        jong = vestiging < geb + 5 * 365
        inhaal = vestiging + 45
        for na in (0, 60, 240):
            dosis(laat & jong, inhaal + na, "11")
            dosis(laat & ~jong, inhaal + na, "02")
        for na in (0, 180):
            dosis(laat & (vestiging < geb + 2 * 365), inhaal + na, "08")
            dosis(laat, inhaal + na, "04")
        dosis(laat & jong, inhaal, "28")
        jaar10 = jaar + 10
        voorjaar = pl.Series([date(int(j), 3, 1) for j in np.unique(jaar10)])
        d_voor = dict(zip(np.unique(jaar10), (voorjaar.dt.epoch("d")).to_numpy(), strict=True))
        start10 = np.vectorize(d_voor.get)(jaar10) if len(jaar10) else jaar10
        hpv = meisje | (jongen & (jaar >= 2012))
        dosis(hpv, start10, "09")
        dosis(hpv, start10 + 190, "09")
        dosis(alle, geb + 14 * 365 + 90, "28")

        idx = np.concatenate([d[0] for d in doses])
        dag = np.concatenate([d[1] for d in doses])
        vaccin = np.concatenate([np.full(len(d[0]), d[2]) for d in doses])
        t = len(idx)
        dag = dag + (self._u(t) * 21).astype(int)
        weigeraar = k["weigeraar"].to_numpy()[idx]
        gedeeltelijk = k["gedeeltelijk"].to_numpy()[idx]
        krijgt = ~weigeraar & np.where(gedeeltelijk, self._u(t) > 0.35, self._u(t) > 0.01)
        begin = k["begin"].to_numpy()[idx]
        eind = k["eind"].to_numpy()[idx]
        krijgt &= (dag >= begin) & (dag <= eind)
        v = pl.DataFrame({"kind": k["kind"].to_numpy()[idx], "dag": dag, "vaccin": vaccin, "bezwaar": ""})
        v = v.filter(pl.Series(krijgt))
        # some refusers have their objection registered on a vaccination record
        bezwaar = k.filter(pl.col("weigeraar"))
        bezwaar = bezwaar.filter(pl.Series(self._u(len(bezwaar)) < 0.4))
        bezwaar = (
            bezwaar.select(
                "kind",
                (pl.col("gb") + 92).alias("dag"),
                pl.lit("11").alias("vaccin"),
                pl.lit("2").alias("bezwaar"),
                "eind",
            )
            .filter(pl.col("dag") <= pl.col("eind"))
            .drop("eind")
        )
        return pl.concat([v, bezwaar])

    def activiteiten(self, k: pl.DataFrame) -> None:
        leeg = {"indicatie": pl.String, "verzuim": pl.String, "advies": pl.String}
        delen = [self.contacten(k), self.intakes(k), self.verzuim(k)]
        vac = self.vaccinaties(k)
        va = (
            vac.select("kind", "dag")
            .unique()
            .with_columns(
                pl.lit("98").alias("soort40"),
                pl.lit("18").alias("soort3"),
                pl.lit("01").alias("uitkomst"),
            )
        )
        delen.append(va)
        act = pl.concat(
            [
                d.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in leeg.items() if c not in d.columns).select(
                    "kind", "dag", "soort40", "soort3", "uitkomst", *leeg
                )
                for d in delen
            ],
        ).sort("kind", "dag", "soort40")
        act = act.with_columns(
            (pl.lit("A") + (pl.int_range(pl.len()).over("kind") + 1).cast(pl.String)).alias("aid"),
            pl.from_epoch(pl.col("dag"), time_unit="d").alias("datum"),
        )
        oud = pl.lit(self.versie3) | (pl.col("datum") < OVERSTAP_40)
        a = pl.col("aid")
        self.rijen(act, "724", _datum_tekst(pl.col("datum")), activiteit=a)
        self.rijen(
            act,
            "494",
            pl.when(oud).then(pl.col("soort3")).otherwise(pl.col("soort40")),
            activiteit=a,
        )
        nieuw = act.filter(~oud)
        self.rijen(nieuw, "1605", pl.col("uitkomst"), activiteit=a)
        self.rijen(nieuw, "1577", pl.lit("03"), activiteit=a)
        self.rijen(
            nieuw,
            "1599",
            pl.when(pl.col("soort40") == "22").then(pl.lit("01")).otherwise(pl.lit("02")),
            activiteit=a,
        )
        oude = act.filter(oud)
        self.rijen(
            oude,
            "725",
            pl.col("uitkomst").replace_strict({c: s[0] for c, s in STATUS_3X.items()}),
            activiteit=a,
        )
        met495 = oude.filter(pl.col("uitkomst").is_in(["02", "03", "07"]))
        self.rijen(
            met495,
            "495",
            pl.col("uitkomst").replace_strict({c: s[1] for c, s in STATUS_3X.items() if s[1]}, default=None),
            activiteit=a,
        )
        ind = act.filter(pl.col("indicatie").is_not_null())
        self.rijen(ind, "1424", pl.col("indicatie"), activiteit=a)
        vz = act.filter(pl.col("verzuim").is_not_null())
        self.rijen(vz, "1423", pl.lit("01"), activiteit=a)
        self.rijen(vz, "1601", pl.col("verzuim"), activiteit=a)
        self.rijen(vz, "1603", pl.col("advies"), activiteit=a)
        vrij = vz.filter(pl.Series(self._u(len(vz)) < 0.3))
        self.rijen(vrij, "1602", pl.lit("Leerling meldt zich vaak ziek na het weekend"), activiteit=a)
        naam = act.filter(pl.Series(self._u(len(act)) < 0.05))
        self.rijen(naam, "1501", pl.lit("J. de Vries"), activiteit=a)
        # vaccinations: G076 instances within the activity of their date
        vac = vac.join(act.filter(pl.col("soort40") == "98").select("kind", "dag", "aid"), on=["kind", "dag"])
        vac = vac.sort("kind", "dag", "vaccin").with_columns(
            (pl.int_range(pl.len()).over("kind", "dag") + 1).alias("inst"),
            pl.from_epoch(pl.col("dag"), time_unit="d").alias("datum"),
        )
        i = pl.col("inst")
        self.rijen(vac, "1409", _datum_tekst(pl.col("datum")), "G076", i, a)
        self.rijen(vac, "461", pl.col("vaccin"), "G076", i, a)
        gegeven = vac.filter(pl.col("bezwaar") == "")
        self.rijen(
            gegeven,
            "472",
            pl.lit("PV") + (pl.col("dag") % 9000 + 1000).cast(pl.String),
            "G076",
            i,
            a,
        )
        self.rijen(gegeven, "686", pl.lit("01"), "G076", i, a)
        self.rijen(vac.filter(pl.col("bezwaar") != ""), "683", pl.col("bezwaar"), "G076", i, a)
        self.rijen(
            gegeven.filter(pl.Series(self._u(len(gegeven)) < 0.05)),
            "1410",
            pl.lit("A. Jansen"),
            "G076",
            i,
            a,
        )

    def scholen(self, k: pl.DataFrame) -> None:
        n = len(k)
        gb = pl.from_epoch(k["gb"], time_unit="d")
        jaar = gb.dt.year().to_numpy()
        po_start = np.maximum(k["gb"].to_numpy() + 4 * 365 + 1, k["begin"].to_numpy())
        # primary school ends on 1 August in the year the child turns 12 or 13
        eind_jaar = jaar + 12 + (gb.dt.month().to_numpy() >= 10)
        po_eind = pl.select(pl.date(pl.Series(eind_jaar), 8, 1).dt.epoch("d")).to_series().to_numpy()
        vo_eind = po_eind + 365 * self.rng.choice([4, 5, 6], size=n, p=[0.45, 0.35, 0.2])
        mbo = self._u(n) < 0.4
        brin = np.char.add(
            self.rng.integers(10, 99, size=n).astype(str),
            self.rng.choice(["AB", "CD", "EF", "GH", "KL"], size=n),
        )
        soort_po = np.where(self._u(n) < 0.03, "15", "01")
        soort_vo = np.where(self._u(n) < 0.01, "17", self.rng.choice(SOORT_VO, size=n))  # a few REC schools
        s = k.with_columns(
            pl.Series("po_start", po_start),
            pl.Series("po_eind", po_eind),
            pl.Series("vo_eind", vo_eind),
            pl.Series("mbo", mbo),
            pl.Series("brin", brin),
            pl.Series("soort_po", soort_po),
            pl.Series("soort_vo", soort_vo),
            pl.Series("naam", self.rng.choice(SCHOLEN, size=n)),
        )
        a = self.aanmaak
        s = s.filter(pl.Series(self._u(n) >= ZONDER_SCHOOL))  # some children have no school in the dossier
        po = s.filter((pl.col("po_start") <= a) & (pl.col("po_start") <= pl.col("eind")))
        self._school(
            po,
            1,
            pl.col("soort_po"),
            pl.lit("Basisschool ") + pl.col("naam"),
            "po_start",
            "po_eind",
            pl.lit("1"),
        )
        vo = s.filter(pl.col("po_eind") <= a)
        self._school(
            vo,
            2,
            pl.col("soort_vo"),
            pl.lit("Scholengemeenschap ") + pl.col("naam"),
            "po_eind",
            "vo_eind",
            pl.lit("1"),
        )
        mb = s.filter(pl.col("mbo") & (pl.col("vo_eind") <= a))
        self._school(mb, 3, pl.lit("12"), pl.lit("ROC Da Vinci"), "vo_eind", None, pl.lit("1"))

    def _school(self, s, instantie, soort, naam, van, tot, klas) -> None:
        inst = pl.lit(instantie)
        s = s.with_columns(pl.from_epoch(pl.col(van), time_unit="d").alias("van_d"))
        self.rijen(s, "605", pl.col("brin"), "G008", inst)
        self.rijen(s, "1532", naam, "G008", inst)
        self.rijen(s, "58", soort, "G008", inst)
        self.rijen(s, "717", klas, "G008", inst)
        self.rijen(s, "1473", _datum_tekst(pl.col("van_d")), "G008", inst)
        if tot:
            e = s.filter(pl.col(tot) <= self.aanmaak).with_columns(
                pl.from_epoch(pl.col(tot), time_unit="d").alias("tot_d")
            )
            self.rijen(e, "1474", _datum_tekst(pl.col("tot_d")), "G008", inst)

    def maak(self) -> pl.DataFrame:
        k = self.kinderen()
        self.dossier(k)
        self.adressen(k)
        self.activiteiten(k)
        self.scholen(k)
        rijen = pl.concat(self.blokken).sort("kind", maintain_order=True)
        return rijen.with_columns((pl.lit("JZ") + pl.col("kind").cast(pl.String).str.zfill(8)).alias("dossier")).select(
            "dossier", "activiteit", "groep", "instantie", "element", "waarde"
        )


def _foutrijen(inst: Instellingen, eerste: pl.DataFrame) -> tuple[list[list[str]], list[str]]:
    """Every row-level bad-input case of the contract, on children of the first batch.

    Returns records and extra raw lines (already formatted, for cases the CSV writer cannot make).
    """
    d = eerste["dossier"].unique().sort().to_list()
    gb = dict(eerste.filter(pl.col("element") == "20").select("dossier", "waarde").iter_rows())
    rec: list[list[str]] = [
        # structural (quarantined per row)
        [d[0], "", "", "", "9999999999999999", "x"],  # element not an integer that exists: unused
        ["", "", "", "", "19", "1"],  # empty dossier
        ["D" * 16, "", "", "", "19", "1"],  # dossier longer than 15
        [d[0], "", "", "", "19a", "1"],  # element not an integer
        [d[0], "", "G001", "0", "8", "01"],  # instantie 0
        [d[0], "", "G001", "een", "8", "01"],  # instantie not an integer
        # wrong place
        [d[1], "X1", "", "", "19", "1"],  # dossier element with an activity
        [d[1], "", "", "", "724", "20240101"],  # activity element without activity
        [d[1], "", "", "", "9", "0505"],  # address element without its group
        [d[1], "", "G008", "1", "9", "0505"],  # address element in the school group
        # invalid values
        [d[2], "", "G001", "7", "1453", "20240231"],  # date that does not exist
        [d[2], "", "G001", "7", "8", "1"],  # code outside the value domain (01)
        [d[2], "", "G001", "7", "9", "9999"],  # unknown gemeente: the address stays
        [d[2], "", "", "", "28", "ja"],  # boolean
        [d[2], "", "", "", "696", ""],  # empty value
        [d[2], "", "G001", "8", "9", "0788"],  # split gemeente (Haaren)
        [d[2], "", "G001", "8", "8", "01"],
        # dossiers quarantined by their geboortedatum
        ["FOUT0001", "", "", "", "19", "1"],  # missing geboortedatum
        ["FOUT0002", "", "", "", "20", "20200230"],  # invalid geboortedatum
        ["FOUT0003", "", "", "", "20", "20200101"],
        ["FOUT0003", "", "", "", "20", "20200102"],  # conflicting
        ["FOUT0004", "", "", "", "20", "20991231"],  # after aanmaakdatum
        ["FOUT0004", "", "G001", "1", "9", "0505"],
        # activities quarantined
        [d[3], "FA1", "", "", "494", "37"],  # no date
        [d[3], "FA2", "", "", "724", "20240101"],
        [d[3], "FA2", "", "", "494", "37"],
        [d[3], "FA2", "", "", "494", "38"],  # two kinds
        [d[3], "FA3", "", "", "724", "20991231"],
        [d[3], "FA3", "", "", "494", "37"],  # after aanmaakdatum
        [d[3], "FA4", "", "", "724", "19000101"],
        [d[3], "FA4", "", "", "494", "37"],  # before birth
        # conflicting single-valued element
        [d[4], "", "", "", "19", "1"],
        [d[4], "", "", "", "19", "2"],
        # vaccination without vaccine
        [d[4], "FV1", "", "", "724", gb[d[4]]],
        [d[4], "FV1", "", "", "494", "98"],
        [d[4], "FV1", "", "", "1605", "01"],
        [d[4], "FV1", "G076", "1", "1409", gb[d[4]]],
        # exact duplicate of a real row, and the same value spelled differently (both stored)
        [d[5], "", "", "", "20", gb[d[5]]],
        [d[5], "", "", "", "20", f"{gb[d[5]][:4]}-{gb[d[5]][4:6]}-{gb[d[5]][6:]}"],
        # privacy: a name, a BSN and free text in unexpected places
        [d[5], "", "G001", "1", "10", "Dordrecht"],
        [d[5], "", "", "", "695", "JZ00000005"],
    ]
    extra = [
        f'{d[6]};"";"";"";"1532";"tekst met ; en ""aanhalingstekens"""',  # quoted, wrong place
        f'{d[6]};;G008;9;1532;"School\nmet regeleinde"',  # value spanning two lines
        f"{d[6]};;;;19",  # too few fields
        f"{d[6]};;;;19;1;extra",  # too many fields
        f"{d[6]};;G008;8;1532;" + "Lange schoolnaam " * 4000,  # a line over 64 KiB: quarantined, never read
        "",  # a blank line: skipped, not counted
        f'{d[6]};;G008;7;1532;"School zonder sluitend aanhalingsteken',  # a quote that never closes
    ]
    return rec, extra


def genereer(doel: str | Path, inst: Instellingen, voortgang=None) -> dict:
    """Write a synthetic export (manifest.json + elementen.csv) to folder `doel`."""
    doel = Path(doel)
    doel.mkdir(parents=True, exist_ok=True)
    ginfo = _gemeente_info(inst.gemeenten)
    pad = doel / "elementen.csv"
    rijen = 0
    with pad.open("wb") as f:
        f.write(b"dossier;activiteit;groep;instantie;element;waarde\n")
        eerste = None
        for start in range(0, inst.kinderen, BATCH):
            n = min(BATCH, inst.kinderen - start)
            df = _Batch(inst, start, n, ginfo).maak()
            if eerste is None:
                eerste = df
            df.write_csv(f, separator=";", include_header=False, quote_style="never")
            rijen += len(df)
            if voortgang:
                voortgang(start + n, inst.kinderen)
        if inst.met_fouten and eerste is not None:
            rec, extra = _foutrijen(inst, eerste)
            for r in rec:
                f.write((";".join(r) + "\n").encode("utf-8"))
            rijen += len(rec)
            for regel in extra:
                f.write((regel + "\n").encode("utf-8"))
                rijen += 1 if regel else 0
            # one exact duplicate of a real row
            dubbel = eerste.row(0)
            f.write((";".join(v or "" for v in dubbel) + "\n").encode("utf-8"))
            rijen += 1
    h = hashlib.sha256()
    with pad.open("rb") as f:
        while blok := f.read(16 * 1024 * 1024):
            h.update(blok)
    manifest = {
        "formaat": "bds-export/1",
        "organisatie": inst.organisatie,
        "bds_versie": inst.bds_versie,
        "aanmaakdatum": inst.aanmaakdatum.isoformat(),
        "codering": "utf-8",
        "bestanden": [{"naam": "elementen.csv", "rijen": rijen, "sha256": h.hexdigest()}],
    }
    (doel / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest
