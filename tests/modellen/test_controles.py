"""The guards of the figures: each check passes on a good hand-made table and fails on a bad one."""

from datetime import date

import duckdb
import pytest

from bronnen.config import config_uit_dict
from modellen import controles
from modellen.bouw import WAARDEN_KOLOMMEN, schrijf_indicatoren

REGIOS = [("A", ["GM0505", "GM0482"]), ("B", ["GM0642"])]
ORG = "Org"


@pytest.fixture
def cfg(tmp_path):
    return config_uit_dict(
        {
            "organisatie": {"naam": ORG},
            "paden": {"database": "jgz.duckdb"},
            "regio": [{"naam": r, "gemeenten": gs} for r, gs in REGIOS],
        },
        tmp_path / "jgz.toml",
    )


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema intern")
    con.execute("create schema publicatie")
    schrijf_indicatoren(con)  # the real metadata: schaal, bereik window, vaccination age limit
    con.execute("create table intern.kinderen (geboortedatum date)")
    return con


def _schrijf(con, tabel, rijen):
    """A table with the contract's columns; every row a dict over defaults."""
    con.execute(f"drop table if exists {tabel}")
    con.execute(f"create table {tabel} (" + ", ".join(f"{k} {t}" for k, t, _ in WAARDEN_KOLOMMEN) + ")")
    kolommen = [k for k, _, _ in WAARDEN_KOLOMMEN]
    for r in rijen:
        rij = dict.fromkeys(kolommen) | {"periode_type": "jaar", "periode": "2024", "volledig": True} | r
        rij.setdefault("onderdrukt", False)
        if rij["onderdrukt"] is None:
            rij["onderdrukt"] = False
        con.execute(
            f"insert into {tabel} ({', '.join(kolommen)}) values ({', '.join('?' for _ in kolommen)})",
            [rij[k] for k in kolommen],
        )


def _gebieden(indicator, gemeenten: dict[str, tuple[int, int]], **rest):
    """Rows of one table: the gemeenten, the regio sums and the werkgebied sum."""
    rijen = [
        {"indicator": indicator, "gebied_type": "gemeente", "gebied_code": g, "teller": t, "noemer": n}
        for g, (t, n) in gemeenten.items()
    ]  # noqa: E501
    for regio, gs in REGIOS:
        t, n = sum(gemeenten[g][0] for g in gs), sum(gemeenten[g][1] for g in gs)
        rijen.append({"indicator": indicator, "gebied_type": "regio", "gebied_code": regio, "teller": t, "noemer": n})
    t, n = sum(v[0] for v in gemeenten.values()), sum(v[1] for v in gemeenten.values())
    rijen.append({"indicator": indicator, "gebied_type": "werkgebied", "gebied_code": ORG, "teller": t, "noemer": n})
    return [r | rest for r in rijen]


GOED = {"GM0505": (40, 50), "GM0482": (30, 40), "GM0642": (20, 30)}


def test_waarde_in_bereik(con, cfg):
    _schrijf(
        con,
        "intern.indicatorwaarden",
        [
            {"indicator": "bereik_peuters", "gebied_code": "GM0505", "waarde": 1.0},
            {"indicator": "verzuim_per_1000", "gebied_code": "GM0505", "waarde": 999.0},
        ],
    )
    assert controles.waarde_in_bereik(con, "intern.indicatorwaarden", cfg) == []
    _schrijf(
        con,
        "intern.indicatorwaarden",
        [
            {"indicator": "bereik_peuters", "gebied_code": "GM0505", "waarde": 1.01},  # a proportion above 1
            {"indicator": "verzuim_per_1000", "gebied_code": "GM0505", "waarde": 1000.5},
            {"indicator": "verzuim_per_1000", "gebied_code": "GM0482", "waarde": -0.1},
        ],
    )
    assert len(controles.waarde_in_bereik(con, "intern.indicatorwaarden", cfg)) == 3


def test_interval_bevat_waarde(con, cfg):
    _schrijf(con, "intern.indicatorwaarden", [{"indicator": "x", "waarde": 0.5, "ci_onder": 0.4, "ci_boven": 0.6}])
    assert controles.interval_bevat_waarde(con, "intern.indicatorwaarden", cfg) == []
    _schrijf(
        con,
        "intern.indicatorwaarden",
        [
            {"indicator": "x", "waarde": 0.7, "ci_onder": 0.4, "ci_boven": 0.6},
            {"indicator": "x", "waarde": 0.5, "ci_onder": None, "ci_boven": 0.6},
        ],
    )
    assert len(controles.interval_bevat_waarde(con, "intern.indicatorwaarden", cfg)) == 2


def test_werkgebied_is_som(con, cfg):
    _schrijf(con, "intern.indicatorwaarden", _gebieden("bereik_peuters", GOED))
    assert controles.werkgebied_is_som(con, "intern.indicatorwaarden", cfg) == []
    slecht = _gebieden("bereik_peuters", GOED)
    for r in slecht:
        if r["gebied_code"] == "A":
            r["noemer"] += 1  # regio A is not the sum of its gemeenten
        if r["gebied_code"] == ORG:
            r["teller"] -= 1
    _schrijf(con, "intern.indicatorwaarden", slecht)
    assert len(controles.werkgebied_is_som(con, "intern.indicatorwaarden", cfg)) == 2


def test_alleen_geconfigureerde_gemeenten(con, cfg):
    _schrijf(con, "intern.indicatorwaarden", _gebieden("bereik_peuters", GOED))
    assert controles.alleen_geconfigureerde_gemeenten(con, "intern.indicatorwaarden", cfg) == []
    rijen = [r for r in _gebieden("bereik_peuters", GOED) if r["gebied_code"] != "GM0642"]
    rijen.append({"indicator": "bereik_peuters", "gebied_type": "gemeente", "gebied_code": "GM0599"})
    _schrijf(con, "intern.indicatorwaarden", rijen)
    assert controles.alleen_geconfigureerde_gemeenten(con, "intern.indicatorwaarden", cfg) == [
        "gemeente GM0599 staat niet in de configuratie",
        "gemeente GM0642 ontbreekt",
    ]


def test_noemer_plausibel(con, cfg):
    # 3 children born in 2021: the peuters of 2024 (born 2020-2021) and the 2j-vaccination of 2024 (2021)
    con.executemany("insert into intern.kinderen values (?)", [[date(2021, m, 1)] for m in (1, 5, 9)])
    rij = {"gebied_type": "werkgebied", "gebied_code": ORG, "periode": "2024"}
    _schrijf(
        con,
        "intern.indicatorwaarden",
        [rij | {"indicator": "bereik_peuters", "noemer": 3}, rij | {"indicator": "vaccinatie_dktp_2j", "noemer": 3}],
    )
    assert controles.noemer_plausibel(con, "intern.indicatorwaarden", cfg) == []
    _schrijf(
        con,
        "intern.indicatorwaarden",
        [rij | {"indicator": "bereik_peuters", "noemer": 4}, rij | {"indicator": "vaccinatie_dktp_2j", "noemer": 4}],
    )
    assert len(controles.noemer_plausibel(con, "intern.indicatorwaarden", cfg)) == 2


def test_publicatie_onderdrukt_leeg(con, cfg):
    klein = {"indicator": "x", "gebied_code": "GM0505", "onderdrukt": True, "reden": "kleine aantallen", "noemer": 40}
    weinig = {"indicator": "x", "gebied_code": "GM0482", "onderdrukt": True, "reden": "te weinig waarnemingen"}
    _schrijf(con, "publicatie.indicatorwaarden", [klein, weinig])
    assert controles.publicatie_onderdrukt_leeg(con, "publicatie.indicatorwaarden", cfg) == []
    _schrijf(
        con,
        "publicatie.indicatorwaarden",
        [klein | {"norm": "gehaald"}, weinig | {"noemer": 8}, weinig | {"gebied_code": "GM0642", "trend": "dalend"}],
    )
    assert len(controles.publicatie_onderdrukt_leeg(con, "publicatie.indicatorwaarden", cfg)) == 3


def _noshow(gemeenten_0_4, gemeenten_4_18):
    som = {g: tuple(a + b for a, b in zip(gemeenten_0_4[g], gemeenten_4_18[g], strict=True)) for g in gemeenten_0_4}
    return _gebieden("noshow", som) + _gebieden("noshow_0_4", gemeenten_0_4) + _gebieden("noshow_4_18", gemeenten_4_18)


def test_noshow_banden_tellen_op(con, cfg):
    jong = {"GM0505": (9, 100), "GM0482": (8, 90), "GM0642": (3, 20)}
    oud = {"GM0505": (1, 50), "GM0482": (0, 0), "GM0642": (6, 60)}
    _schrijf(con, "intern.indicatorwaarden", _noshow(jong, oud))
    assert controles.noshow_banden_tellen_op(con, "intern.indicatorwaarden", cfg) == []
    # version 1: noshow counted appointments after the 18th birthday too, so it was more than the sum
    rijen = _noshow(jong, oud)
    for r in rijen:
        if r["indicator"] == "noshow" and r["gebied_code"] == "GM0505":
            r["teller"] += 1
            r["noemer"] += 3
    rijen = [r for r in rijen if not (r["indicator"] == "noshow_4_18" and r["gebied_code"] == "B")]
    _schrijf(con, "intern.indicatorwaarden", rijen)
    fouten = controles.noshow_banden_tellen_op(con, "intern.indicatorwaarden", cfg)
    assert fouten == [
        "noshow GM0505 2024: teller 11, som van noshow_0_4 + noshow_4_18 10",
        "noshow GM0505 2024: noemer 153, som van noshow_0_4 + noshow_4_18 150",
        "noshow B 2024: geen rij noshow_4_18",
    ]


DELEN = ["verzuim_aandeel_po", "verzuim_aandeel_vo", "verzuim_aandeel_mbo", "verzuim_aandeel_overig"]


def _verzuim(kinderen: dict[str, int], aandelen: dict[str, list[int]]):
    rijen = _gebieden("verzuim_per_1000", {g: (k, 1000) for g, k in kinderen.items()})
    for i, ind in enumerate(DELEN):
        rijen += _gebieden(ind, {g: (aandelen[g][i], kinderen[g]) for g in kinderen})
    return rijen


def test_verzuim_aandelen_tellen_op(con, cfg):
    kinderen = {"GM0505": 40, "GM0482": 12, "GM0642": 0}
    aandelen = {"GM0505": [20, 15, 3, 2], "GM0482": [0, 10, 2, 0], "GM0642": [0, 0, 0, 0]}
    _schrijf(con, "intern.indicatorwaarden", _verzuim(kinderen, aandelen))
    assert controles.verzuim_aandelen_tellen_op(con, "intern.indicatorwaarden", cfg) == []
    # version 1: children without a school were in the noemer of the three shares but in no teller
    rijen = [r for r in _verzuim(kinderen, aandelen) if r["indicator"] != "verzuim_aandeel_overig"]
    for r in rijen:
        if r["indicator"] == "verzuim_aandeel_po" and r["gebied_code"] == "GM0482":
            r["noemer"] = 13  # not the teller of verzuim_per_1000
    _schrijf(con, "intern.indicatorwaarden", rijen)
    fouten = controles.verzuim_aandelen_tellen_op(con, "intern.indicatorwaarden", cfg)
    assert "verzuim_per_1000 GM0505 2024: geen rij verzuim_aandeel_overig" in fouten
    assert "verzuim_aandeel_po GM0482 2024: noemer 13, teller van verzuim_per_1000 12" in fouten
    # with the overig share present but a teller off by one
    rijen = _verzuim(kinderen, aandelen | {"GM0505": [20, 15, 3, 1]})
    _schrijf(con, "intern.indicatorwaarden", rijen)
    assert controles.verzuim_aandelen_tellen_op(con, "intern.indicatorwaarden", cfg) == [
        "verzuim_per_1000 GM0505 2024: teller 40, som van verzuim_aandeel_po + verzuim_aandeel_vo + "
        "verzuim_aandeel_mbo + verzuim_aandeel_overig 39",
        "verzuim_per_1000 A 2024: teller 52, som van verzuim_aandeel_po + verzuim_aandeel_vo + "
        "verzuim_aandeel_mbo + verzuim_aandeel_overig 51",
        "verzuim_per_1000 Org 2024: teller 52, som van verzuim_aandeel_po + verzuim_aandeel_vo + "
        "verzuim_aandeel_mbo + verzuim_aandeel_overig 51",
    ]


def _reeks(trend_2024, weg=None, zonder=None, gemeente="GM0505"):
    rijen = []
    for jaar in range(2019, 2025):
        if jaar == zonder:
            continue
        r = {"indicator": "bereik_peuters", "gebied_type": "gemeente", "gebied_code": gemeente, "periode": str(jaar)}
        if jaar == weg:
            r |= {"onderdrukt": True, "reden": "te weinig waarnemingen"}
        elif jaar == 2024:
            r |= {"trend": trend_2024}
        rijen.append(r)
    return rijen


def test_trend_op_gepubliceerde_jaren(con, cfg):
    tabel = "publicatie.indicatorwaarden"
    _schrijf(
        con, tabel, _reeks("stijgend") + _reeks(None, 2021, gemeente="GM0482") + _reeks(None, None, 2020, "GM0642")
    )
    assert controles.trend_op_gepubliceerde_jaren(con, tabel, cfg) == []
    _schrijf(con, tabel, _reeks("stijgend", weg=2021))
    assert controles.trend_op_gepubliceerde_jaren(con, tabel, cfg) == [
        "bereik_peuters GM0505 2024: trend op 4 gepubliceerde jaren in plaats van 5"
    ]
    _schrijf(con, tabel, _reeks("niet te berekenen", zonder=2020))  # a missing year
    assert len(controles.trend_op_gepubliceerde_jaren(con, tabel, cfg)) == 1
    kwartaal = {"indicator": "bereik_peuters", "gebied_code": "GM0505", "periode_type": "kwartaal"}
    _schrijf(con, tabel, [kwartaal | {"periode": "2024-Q1", "trend": "dalend"}])
    assert len(controles.trend_op_gepubliceerde_jaren(con, tabel, cfg)) == 1
