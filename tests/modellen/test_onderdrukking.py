"""Suppression (spec version 2): the rules by hand, the leaks of version 1 closed, the pass order,
the publication model, and a property test on random tables with the indicator groups."""

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modellen.bouw import WAARDEN_KOLOMMEN, bouw_publicatie
from modellen.metadata import indicatoren
from modellen.onderdrukking import COMPLEMENTAIR, KLEIN, TE_WEINIG, gekoppeld, indicatorgroepen, onderdruk

REGIOS = [("A", ["GM01", "GM02", "GM03"]), ("B", ["GM04", "GM05"])]
GEMEENTEN = [g for _, gs in REGIOS for g in gs]
WG = "Org"


def _tabel(gemeenten: dict[str, tuple[int, int]], indicator="bereik_zuigelingen", periode="2024"):
    """Rows for one table: gemeenten (teller, noemer) and their regio and werkgebied sums."""
    rijen = []
    for g, (t, n) in gemeenten.items():
        rijen.append(
            {
                "indicator": indicator,
                "gebied_type": "gemeente",
                "gebied_code": g,
                "periode_type": "jaar",
                "periode": periode,
                "teller": t,
                "noemer": n,
            }
        )
    for regio, gs in REGIOS:
        rijen.append(
            {
                "indicator": indicator,
                "gebied_type": "regio",
                "gebied_code": regio,
                "periode_type": "jaar",
                "periode": periode,
                "teller": sum(gemeenten[g][0] for g in gs),
                "noemer": sum(gemeenten[g][1] for g in gs),
            }
        )
    rijen.append(
        {
            "indicator": indicator,
            "gebied_type": "werkgebied",
            "gebied_code": WG,
            "periode_type": "jaar",
            "periode": periode,
            "teller": sum(t for t, _ in gemeenten.values()),
            "noemer": sum(n for _, n in gemeenten.values()),
        }
    )
    return rijen


def _uit(besluit, code, indicator="bereik_zuigelingen", periode="2024"):
    gtype = "gemeente" if code.startswith("GM") else ("werkgebied" if code == WG else "regio")
    return besluit[(indicator, gtype, code, "jaar", periode)]


def test_niets_onderdrukt_bij_grote_aantallen():
    b = onderdruk(_tabel({g: (50, 100) for g in ["GM01", "GM02", "GM03", "GM04", "GM05"]}), REGIOS, WG, 10, 5)
    assert all(v == (False, None) for v in b.values())


def test_te_weinig_waarnemingen_en_complementair_in_de_regio():
    # GM01 noemer 8 < 10: withheld; in regio A the next smallest noemer (GM03, 40) goes too
    b = onderdruk(
        _tabel(
            {
                "GM01": (6, 8),
                "GM02": (30, 50),
                "GM03": (30, 40),
                "GM04": (50, 100),
                "GM05": (50, 100),
            }
        ),
        REGIOS,
        WG,
        10,
        5,
    )
    assert _uit(b, "GM01") == (True, TE_WEINIG)
    assert _uit(b, "GM03") == (True, COMPLEMENTAIR)
    assert _uit(b, "GM02") == (False, None)
    assert _uit(b, "A") == (False, None) and _uit(b, WG) == (False, None)


def test_kleine_aantallen_houdt_noemer_en_trekt_complementair_door():
    # GM04 teller 3: teller withheld. Regio B teller column: GM05 withheld entirely; then the
    # noemer column has exactly one withheld (GM05): GM04 goes entirely, also complementair.
    b = onderdruk(
        _tabel(
            {
                "GM01": (50, 100),
                "GM02": (50, 100),
                "GM03": (50, 100),
                "GM04": (3, 100),
                "GM05": (50, 200),
            }
        ),
        REGIOS,
        WG,
        10,
        5,
    )
    assert _uit(b, "GM05") == (True, COMPLEMENTAIR)
    assert _uit(b, "GM04") == (True, COMPLEMENTAIR)
    assert _uit(b, "B") == (False, None)


def test_klein_complement_wordt_niet_onderdrukt():
    b = onderdruk(
        _tabel(
            {
                "GM01": (98, 100),
                "GM02": (50, 100),
                "GM03": (50, 100),
                "GM04": (50, 100),
                "GM05": (0, 100),
            }
        ),
        REGIOS,
        WG,
        10,
        5,
    )
    assert _uit(b, "GM01") == (False, None)
    assert _uit(b, "GM05") == (False, None)  # teller 0 is not a small number


def test_gelijke_noemers_laagste_code():
    b = onderdruk(
        _tabel(
            {
                "GM01": (6, 8),
                "GM02": (30, 40),
                "GM03": (30, 40),
                "GM04": (50, 100),
                "GM05": (50, 100),
            }
        ),
        REGIOS,
        WG,
        10,
        5,
    )
    assert _uit(b, "GM02") == (True, COMPLEMENTAIR) and _uit(b, "GM03") == (False, None)


def test_werkgebied_over_regios():
    # regio B as a whole is withheld (noemer 9): the werkgebied over regio's needs regio A withheld
    b = onderdruk(
        _tabel(
            {
                "GM01": (50, 100),
                "GM02": (50, 100),
                "GM03": (50, 100),
                "GM04": (2, 4),
                "GM05": (2, 5),
            }
        ),
        REGIOS,
        WG,
        10,
        5,
    )
    assert _uit(b, "B") == (True, TE_WEINIG)
    assert _uit(b, "A") == (True, COMPLEMENTAIR)
    # version 2 (spec rule 3: "exactly one of its members, the total included"): regio A is now the
    # only withheld member of its own group, so one of its gemeenten goes too (noemers tie at 100:
    # lowest code). Version 1 left GM01-GM03 published, and A = their sum, B = werkgebied - A.
    assert _uit(b, "GM01") == (True, COMPLEMENTAIR)
    assert _uit(b, "GM02") == (False, None) and _uit(b, "GM03") == (False, None)


def test_gekoppelde_verzuimrijen():
    gem = {
        "GM01": (6, 500),
        "GM02": (30, 500),
        "GM03": (40, 500),
        "GM04": (50, 500),
        "GM05": (50, 500),
    }
    rijen = _tabel(gem, "verzuim_per_1000")
    # noemer of the aandeel rows = teller of verzuim_per_1000
    for ind, deel in (
        ("verzuim_aandeel_po", 0.5),
        ("verzuim_aandeel_vo", 0.5),
        ("verzuim_aandeel_mbo", 0.0),
    ):
        rijen += _tabel({g: (int(t * deel), t) for g, (t, _) in gem.items()}, ind)
    # make GM01's per_1000 teller withheld (kleine aantallen)
    rijen = [
        dict(r, teller=3) if r["indicator"] == "verzuim_per_1000" and r["gebied_code"] == "GM01" else r for r in rijen
    ]
    for r in rijen:
        if r["indicator"] == "verzuim_per_1000" and r["gebied_code"] in ("A", WG):
            r["teller"] -= 3
        if r["indicator"].startswith("verzuim_aandeel") and r["gebied_code"] == "GM01":
            r["noemer"], r["teller"] = 3, min(r["teller"], 3)
    b = onderdruk(rijen, REGIOS, WG, 10, 5)
    # GM01's teller (3) goes; regio A then takes GM02 entirely (teller column), after which the
    # noemer column takes GM01 entirely: both "complementaire onderdrukking"
    assert _uit(b, "GM01", "verzuim_per_1000") == (True, COMPLEMENTAIR)
    assert _uit(b, "GM02", "verzuim_per_1000") == (True, COMPLEMENTAIR)
    # rule 4: the linked rows of GM02 (noemer 30 >= 10, published on their own) follow with the
    # same reden; GM01's had noemer 3 and were already withheld entirely under rule 1
    for ind in ("verzuim_aandeel_po", "verzuim_aandeel_vo", "verzuim_aandeel_mbo"):
        assert _uit(b, "GM02", ind) == (True, COMPLEMENTAIR)
        assert _uit(b, "GM01", ind) == (True, TE_WEINIG)


def _rijen(gemeenten: dict[str, tuple[int, int]], regios, indicator, periode="2024"):
    """Rows of one table for any configuration: gemeenten and their regio and werkgebied sums."""
    rijen = []

    def rij(gtype, code, t, n):
        rijen.append(
            {
                "indicator": indicator,
                "gebied_type": gtype,
                "gebied_code": code,
                "periode_type": "jaar",
                "periode": periode,
                "teller": t,
                "noemer": n,
            }
        )

    for g, (t, n) in gemeenten.items():
        rij("gemeente", g, t, n)
    for regio, gs in regios:
        rij("regio", regio, sum(gemeenten[g][0] for g in gs), sum(gemeenten[g][1] for g in gs))
    rij("werkgebied", WG, sum(t for t, _ in gemeenten.values()), sum(n for _, n in gemeenten.values()))
    return rijen


def _b(besluit, indicator, code, periode="2024"):
    gtype = "gemeente" if code.startswith("GM") else ("werkgebied" if code == WG else "regio")
    return besluit[(indicator, gtype, code, "jaar", periode)]


VERZUIM_DELEN = ["verzuim_aandeel_po", "verzuim_aandeel_vo", "verzuim_aandeel_mbo", "verzuim_aandeel_overig"]


def test_groepen_en_koppelingen_staan_in_de_metadata():
    # one place for every rule: the groups of rule 3 and the links of rule 4 come from the TOML files
    assert indicatorgroepen() == [
        ("noshow", ["noshow_0_4", "noshow_4_18"], ["teller", "noemer"]),
        ("verzuim_per_1000", VERZUIM_DELEN, ["teller"]),
    ]
    koppelingen = dict(gekoppeld())
    for deel in VERZUIM_DELEN:
        if deel in indicatoren():  # verzuim_aandeel_overig arrives with the definitions of issue 12
            assert koppelingen.get(deel) == "verzuim_per_1000", deel


def test_lek_v1_noshow_band_terug_te_rekenen():
    """Version 1: noshow 9 published, noshow_0_4 8 published, noshow_4_18 withheld: 9 - 8 = 1.

    Hand-computed, pass 1 (a): table noshow_4_18, regio A teller: only GM01 (teller 1, kleine
    aantallen) withheld -> the smallest noemer of GM02, GM03 (100, 100: lowest code) GM02 goes
    entirely; regio A noemer: only GM02 -> GM01 (noemer still published, 100) and GM03 (100) tie:
    GM01 goes entirely. (c) GM01's no-show group, teller column: only noshow_4_18 withheld ->
    noshow_0_4 goes (the total is never chosen); likewise GM02. Pass 2 changes nothing.
    """
    gem_0_4 = {g: (8 if g == "GM01" else 20, 100) for g in GEMEENTEN}
    gem_4_18 = {g: (1 if g == "GM01" else 20, 100) for g in GEMEENTEN}
    gem = {g: (gem_0_4[g][0] + gem_4_18[g][0], 200) for g in GEMEENTEN}
    rijen = (
        _rijen(gem, REGIOS, "noshow") + _rijen(gem_0_4, REGIOS, "noshow_0_4") + _rijen(gem_4_18, REGIOS, "noshow_4_18")
    )
    b = onderdruk(rijen, REGIOS, WG, 10, 5)
    assert _b(b, "noshow", "GM01") == (False, None)  # teller 9 stays published
    assert _b(b, "noshow_4_18", "GM01") == (True, COMPLEMENTAIR)  # was kleine aantallen
    assert _b(b, "noshow_4_18", "GM02") == (True, COMPLEMENTAIR)
    assert _b(b, "noshow_0_4", "GM01") == (True, COMPLEMENTAIR)  # the leak is closed
    assert _b(b, "noshow_0_4", "GM02") == (True, COMPLEMENTAIR)
    for ind in ("noshow", "noshow_0_4", "noshow_4_18"):
        for code in ("GM03", "GM04", "GM05", "A", "B", WG):
            assert _b(b, ind, code) == (False, None), (ind, code)


def test_lek_v1_regio_als_complement():
    """Version 1: regio A withheld as a complement while GM01-GM03 were published (A = their sum)."""
    gem = {"GM01": (50, 100), "GM02": (50, 100), "GM03": (50, 100), "GM04": (2, 4), "GM05": (2, 5)}
    b = onderdruk(_rijen(gem, REGIOS, "bereik_zuigelingen"), REGIOS, WG, 10, 5)
    assert _b(b, "bereik_zuigelingen", "A") == (True, COMPLEMENTAIR)
    assert any(_b(b, "bereik_zuigelingen", g)[0] for g in ("GM01", "GM02", "GM03"))


def test_volgorde_regio_voor_werkgebied():
    # GM01 noemer 8: withheld. Regio A comes first and takes GM03 (40 < 50). Had the werkgebied over
    # the gemeenten come first, it would have taken GM04 (noemer 30, the smallest of all).
    gem = {"GM01": (6, 8), "GM02": (30, 50), "GM03": (30, 40), "GM04": (20, 30), "GM05": (50, 100)}
    b = onderdruk(_rijen(gem, REGIOS, "bereik_zuigelingen"), REGIOS, WG, 10, 5)
    assert _b(b, "bereik_zuigelingen", "GM03") == (True, COMPLEMENTAIR)
    assert _b(b, "bereik_zuigelingen", "GM04") == (False, None)
    assert _b(b, "bereik_zuigelingen", "GM02") == (False, None)


REGIOS_C = [("A", ["GM01", "GM02", "GM03"]), ("B", ["GM04", "GM05"]), ("C", ["GM06"])]


def test_regio_van_een_gemeente():
    """Hand-computed. Pass 1 (a): regio C teller: GM06 (teller 3) withheld, no other part: the
    total C goes entirely; C noemer: only C withheld -> GM06 (noemer published) goes entirely.
    Werkgebied over gemeenten, teller: only GM06 -> smallest noemer GM04 (90). Werkgebied over
    regio's, teller: only C -> smallest noemer B (190 < 300). Pass 2 changes nothing."""
    gem = {g: (50, 100) for g in ("GM01", "GM02", "GM03", "GM05")} | {"GM04": (50, 90), "GM06": (3, 50)}
    b = onderdruk(_rijen(gem, REGIOS_C, "bereik_zuigelingen"), REGIOS_C, WG, 10, 5)
    verwacht = {"C": COMPLEMENTAIR, "GM06": COMPLEMENTAIR, "GM04": COMPLEMENTAIR, "B": COMPLEMENTAIR}
    for code in [*gem, "A", "B", "C", WG]:
        reden = verwacht.get(code)
        assert _b(b, "bereik_zuigelingen", code) == (reden is not None, reden), code


def test_noemer_0_telt_als_gepubliceerd_en_wordt_niet_gekozen():
    # GM01 0/0 (withheld by rule 1, but nothing to protect). Regio A teller: only GM02 (teller 3)
    # counts as withheld -> GM03, the only part with noemer > 0 still published, goes entirely.
    # Regio A noemer: only GM03 -> GM02 (noemer still published) goes entirely.
    gem = {"GM01": (0, 0), "GM02": (3, 40), "GM03": (30, 50), "GM04": (50, 100), "GM05": (50, 100)}
    b = onderdruk(_rijen(gem, REGIOS, "bereik_zuigelingen"), REGIOS, WG, 10, 5)
    assert _b(b, "bereik_zuigelingen", "GM01") == (True, TE_WEINIG)
    assert _b(b, "bereik_zuigelingen", "GM02") == (True, COMPLEMENTAIR)
    assert _b(b, "bereik_zuigelingen", "GM03") == (True, COMPLEMENTAIR)
    assert _b(b, "bereik_zuigelingen", "A") == (False, None)
    assert _b(b, "bereik_zuigelingen", "GM04") == (False, None)


def test_andere_delen_allemaal_noemer_0_totaal_gaat_ook():
    """Our reading where the spec says 'left as it is': GM01 has no 4-18 appointments (0/0), so its
    noshow equals its noshow_0_4. Table noshow_0_4, regio A teller: only GM02 (3) -> GM01 (noemer 50,
    the smallest) goes entirely. GM01's no-show group then has exactly one withheld member and no
    part to choose; publishing noshow (30/50) would give noshow_0_4 back, so noshow goes too."""
    gem_0_4 = {"GM01": (30, 50), "GM02": (3, 100), "GM03": (50, 100), "GM04": (50, 100), "GM05": (50, 100)}
    gem_4_18 = {"GM01": (0, 0)} | {g: (50, 100) for g in GEMEENTEN if g != "GM01"}
    gem = {g: (gem_0_4[g][0] + gem_4_18[g][0], gem_0_4[g][1] + gem_4_18[g][1]) for g in GEMEENTEN}
    rijen = (
        _rijen(gem, REGIOS, "noshow") + _rijen(gem_0_4, REGIOS, "noshow_0_4") + _rijen(gem_4_18, REGIOS, "noshow_4_18")
    )
    b = onderdruk(rijen, REGIOS, WG, 10, 5)
    assert _b(b, "noshow_0_4", "GM01") == (True, COMPLEMENTAIR)
    assert _b(b, "noshow", "GM01") == (True, COMPLEMENTAIR)
    _controleer_eigenschap(rijen, b, REGIOS)


def test_verzuimgroep_gelijke_noemers_eerste_in_volgorde():
    # every gemeente: 40 children with a consult (noemer of the shares), po 20, vo 17, mbo 3, overig 0.
    # mbo (teller 3) is withheld in every gemeente; each gemeente's verzuim group then takes the
    # first share in the metadata's order whose teller is still published: po (all noemers 40).
    # Tables: po and mbo have all gemeenten withheld, so no regio group has exactly one.
    delen = {"verzuim_aandeel_po": 20, "verzuim_aandeel_vo": 17, "verzuim_aandeel_mbo": 3, "verzuim_aandeel_overig": 0}
    rijen = _rijen({g: (40, 1000) for g in GEMEENTEN}, REGIOS, "verzuim_per_1000")
    for ind, t in delen.items():
        rijen += _rijen({g: (t, 40) for g in GEMEENTEN}, REGIOS, ind)
    b = onderdruk(rijen, REGIOS, WG, 10, 5)
    for g in GEMEENTEN:
        assert _b(b, "verzuim_per_1000", g) == (False, None)
        assert _b(b, "verzuim_aandeel_po", g) == (True, COMPLEMENTAIR)
        assert _b(b, "verzuim_aandeel_vo", g) == (False, None)
        assert _b(b, "verzuim_aandeel_mbo", g) == (True, KLEIN)
        assert _b(b, "verzuim_aandeel_overig", g) == (False, None)
    for code in ("A", "B", WG):  # regio A mbo 9, B 6, werkgebied 15: published
        assert all(_b(b, ind, code) == (False, None) for ind in delen)


def test_gekoppelde_rijen_volgen_kleine_aantallen_geheel():
    # min_aantal 8 > min_noemer 3: the verzuim_per_1000 tellers of GM01 and GM02 (6) are withheld
    # (kleine aantallen; two in regio A, so no complement is needed); their shares have noemer 6 >= 3,
    # so rule 1 does not touch them, but rule 4 withholds them entirely with the same reden (their
    # noemer is that teller)
    gem = {"GM01": (6, 1000), "GM02": (6, 1000)} | {g: (40, 1000) for g in ("GM03", "GM04", "GM05")}
    rijen = _rijen(gem, REGIOS, "verzuim_per_1000")
    for ind, deel in zip(VERZUIM_DELEN, (0.5, 0.5, 0, 0), strict=True):
        rijen += _rijen({g: (int(t * deel), t) for g, (t, _) in gem.items()}, REGIOS, ind)
    b = onderdruk(rijen, REGIOS, WG, 3, 8)
    for g in ("GM01", "GM02"):
        assert _b(b, "verzuim_per_1000", g) == (True, KLEIN)
        for ind in VERZUIM_DELEN:
            if ind in dict(gekoppeld()):
                assert _b(b, ind, g) == (True, KLEIN)  # entirely: see the publication test below
    _controleer_eigenschap(rijen, b, REGIOS)


# --- the publication model -------------------------------------------------------------------------


def _intern(con, rijen):
    con.execute("create schema if not exists intern")
    con.execute("create table intern.indicatorwaarden (" + ", ".join(f"{k} {t}" for k, t, _ in WAARDEN_KOLOMMEN) + ")")
    kolommen = [k for k, _, _ in WAARDEN_KOLOMMEN]
    standaard = dict.fromkeys(kolommen) | {"periode_type": "jaar", "volledig": True, "onderdrukt": False}
    for r in rijen:
        rij = standaard | r
        con.execute(
            f"insert into intern.indicatorwaarden ({', '.join(kolommen)}) values ({', '.join('?' for _ in kolommen)})",
            [rij[k] for k in kolommen],
        )


def _publicatie(con, indicator, code, periode="2024"):
    cur = con.execute(
        "select * from publicatie.indicatorwaarden where indicator = ? and gebied_code = ? and periode = ?",
        [indicator, code, periode],
    )
    rijen = cur.fetchall()
    assert len(rijen) == 1
    return dict(zip([d[0] for d in cur.description], rijen[0], strict=True))


def _waarden(t, n, **rest):
    return {"teller": t, "noemer": n, "waarde": t / n, "ci_onder": 0.0, "ci_boven": 1.0} | rest


def test_publicatie_houdt_velden_achter():
    con = duckdb.connect()
    g = {"gebied_type": "gemeente"}
    w = {"gebied_type": "werkgebied", "gebied_code": WG}
    rijen = [
        # table 1: werkgebied published; GM01 kleine aantallen, GM02 te weinig, GM03 published
        w | {"indicator": "vaccinatie_dktp_2j", "periode": "2024"} | _waarden(90, 100, norm="gehaald"),
        g | {"indicator": "vaccinatie_dktp_2j", "gebied_code": "GM01", "periode": "2024"}
        | _waarden(3, 50, vergelijking="lager", oordeel="slechter", norm="niet gehaald", trend="dalend",
                   onderdrukt=True, reden=KLEIN),
        g | {"indicator": "vaccinatie_dktp_2j", "gebied_code": "GM02", "periode": "2024"}
        | _waarden(7, 8, vergelijking="niet duidelijk anders", oordeel="niet duidelijk anders", norm="niet gehaald",
                   onderdrukt=True, reden=TE_WEINIG),
        g | {"indicator": "vaccinatie_dktp_2j", "gebied_code": "GM03", "periode": "2024"}
        | _waarden(80, 42, vergelijking="hoger", oordeel="beter", norm="gehaald"),
        # table 2: werkgebied withheld (rule 5): GM03's comparison goes, its figure and norm stay
        w | {"indicator": "vaccinatie_hib_2j", "periode": "2024"} | _waarden(3, 100, onderdrukt=True, reden=KLEIN),
        g | {"indicator": "vaccinatie_hib_2j", "gebied_code": "GM03", "periode": "2024"}
        | _waarden(0, 40, vergelijking="lager", oordeel="slechter", norm="niet gehaald"),
    ]  # fmt: skip
    _intern(con, rijen)
    bouw_publicatie(con)
    gm01 = _publicatie(con, "vaccinatie_dktp_2j", "GM01")
    assert gm01["noemer"] == 50 and gm01["onderdrukt"] and gm01["reden"] == KLEIN
    assert all(gm01[k] is None for k in ("teller", "waarde", "ci_onder", "ci_boven", "vergelijking", "oordeel",
                                         "norm", "trend"))  # fmt: skip
    gm02 = _publicatie(con, "vaccinatie_dktp_2j", "GM02")
    assert gm02["noemer"] is None and gm02["norm"] is None and gm02["volledig"] is True
    gm03 = _publicatie(con, "vaccinatie_dktp_2j", "GM03")
    assert (gm03["vergelijking"], gm03["oordeel"], gm03["norm"]) == ("hoger", "beter", "gehaald")
    hib = _publicatie(con, "vaccinatie_hib_2j", "GM03")
    assert hib["vergelijking"] is None and hib["oordeel"] is None
    assert hib["onderdrukt"] is False and hib["reden"] is None and hib["norm"] == "niet gehaald"
    assert hib["teller"] == 0 and hib["noemer"] == 40


def test_publicatie_gekoppelde_rij_verliest_noemer():
    # rule 4 with a source withheld under "kleine aantallen" (possible when min_aantal > min_noemer):
    # the share's noemer is the withheld teller, so it goes although the reden is "kleine aantallen"
    con = duckdb.connect()
    g = {"gebied_type": "gemeente", "gebied_code": "GM01", "periode": "2024"}
    _intern(
        con,
        [
            g | {"indicator": "verzuim_per_1000"} | _waarden(6, 1000, onderdrukt=True, reden=KLEIN),
            g | {"indicator": "verzuim_aandeel_po"} | _waarden(3, 6, onderdrukt=True, reden=KLEIN),
            g
            | {"indicator": "verzuim_aandeel_po", "gebied_code": "GM02"}
            | _waarden(3, 60, onderdrukt=True, reden=KLEIN),
            {"indicator": "verzuim_per_1000", "gebied_type": "gemeente", "gebied_code": "GM02", "periode": "2024"}
            | _waarden(60, 1000),
        ],
    )
    bouw_publicatie(con)
    assert _publicatie(con, "verzuim_per_1000", "GM01")["noemer"] == 1000
    assert _publicatie(con, "verzuim_aandeel_po", "GM01")["noemer"] is None
    assert _publicatie(con, "verzuim_aandeel_po", "GM02")["noemer"] == 60  # its own kleine aantallen


def test_publicatie_trend_alleen_op_gepubliceerde_jaren():
    con = duckdb.connect()
    rijen = []
    for gebied, weg in (("GM01", None), ("GM02", "2021"), ("GM03", "ontbreekt 2019")):
        for jaar in range(2019, 2025):
            if weg == "ontbreekt 2019" and jaar == 2019:
                continue  # no row: the indicator did not apply
            onderdrukt = str(jaar) == weg
            rijen.append(
                {"indicator": "bereik_peuters", "gebied_type": "gemeente", "gebied_code": gebied,
                 "periode": str(jaar), "onderdrukt": onderdrukt, "reden": TE_WEINIG if onderdrukt else None}
                | _waarden(50, 100, trend="stijgend")
            )  # fmt: skip
    _intern(con, rijen)
    bouw_publicatie(con)
    trend = dict(
        ((g, p), t)
        for g, p, t in con.execute("select gebied_code, periode, trend from publicatie.indicatorwaarden").fetchall()
    )
    # GM01: 2023 and 2024 have five published years (2019-2023, 2020-2024)
    assert trend[("GM01", "2023")] == trend[("GM01", "2024")] == "stijgend"
    # the first four years reach before 2019: NULL (in intern they are "niet te berekenen")
    assert trend[("GM01", "2022")] is None
    # GM02: 2021 withheld: every series containing it is NULL, 2021 itself too
    assert all(trend[("GM02", str(j))] is None for j in range(2019, 2025))
    # GM03: 2019 has no row: 2023's series (2019-2023) is incomplete, 2024's (2020-2024) is not
    assert trend[("GM03", "2024")] == "stijgend" and trend[("GM03", "2023")] is None


# --- the property ----------------------------------------------------------------------------------


def _gepubliceerd(besluit, rij_sleutel, kolom, koppelingen):
    """What the publication model shows (mirrors modellen/publicatie/indicatorwaarden.sql)."""
    onderdrukt, reden = besluit[rij_sleutel]
    if not onderdrukt:
        return True
    if kolom == "teller" or reden != KLEIN:
        return False
    indicator, gtype, gcode, ptype, periode = rij_sleutel
    bron = koppelingen.get(indicator)
    return bron is None or not besluit[(bron, gtype, gcode, ptype, periode)][0]


def _controleer_eigenschap(rijen, besluit, regios, min_noemer=None, min_aantal=None):
    """Spec rule 3's property: no group has exactly one withheld member (noemer-0 members counted as
    published) in any column; our reading leaves no exception. Also rules 1, 2 and 4."""
    koppelingen = dict(gekoppeld())
    noemer = {(r["indicator"], r["gebied_type"], r["gebied_code"], r["periode_type"], r["periode"]): r for r in rijen}

    def weg(sleutel, kolom):
        return noemer[sleutel]["noemer"] != 0 and not _gepubliceerd(besluit, sleutel, kolom, koppelingen)

    def veilig(leden, kolom):
        """Not exactly one withheld member, or the exception: no part could be chosen. In our
        reading (see onderdrukking._herstel) that leaves only a withheld total whose parts are all
        0/0 (e.g. verzuim_per_1000 with teller 0 withheld by rule 1: nothing to recover)."""
        verborgen = [s for s in leden if weg(s, kolom)]
        if len(verborgen) != 1:
            return True
        return verborgen[0] == leden[0] and all(noemer[s]["noemer"] == 0 for s in leden[1:])

    indicatoren = {r["indicator"] for r in rijen}
    gebieden = [("regio", r, [("gemeente", g) for g in gs]) for r, gs in regios]
    gebieden.append(("werkgebied", WG, [("gemeente", g) for _, gs in regios for g in gs]))
    gebieden.append(("werkgebied", WG, [("regio", r) for r, _ in regios]))
    for ind in indicatoren:
        for gtype, code, delen in gebieden:
            for kolom in ("teller", "noemer"):
                leden = [(ind, gtype, code, "jaar", "2024")] + [(ind, t, c, "jaar", "2024") for t, c in delen]
                assert veilig(leden, kolom), (ind, code, kolom)
    alle_gebieden = {(r["gebied_type"], r["gebied_code"]) for r in rijen}
    for totaal, delen, kolommen in indicatorgroepen():
        for gtype, code in alle_gebieden:
            leden = [(i, gtype, code, "jaar", "2024") for i in [totaal, *delen] if i in indicatoren]
            if len(leden) < 2:
                continue
            for kolom in kolommen:
                assert veilig(leden, kolom), (totaal, code, kolom)
    for sleutel, r in noemer.items():
        if min_noemer is not None and _gepubliceerd(besluit, sleutel, "noemer", koppelingen):
            assert r["noemer"] >= min_noemer
        if min_aantal is not None and _gepubliceerd(besluit, sleutel, "teller", koppelingen):
            assert r["teller"] == 0 or r["teller"] >= min_aantal
        bron = koppelingen.get(sleutel[0])
        if bron and not _gepubliceerd(besluit, (bron, *sleutel[1:]), "teller", koppelingen):  # rule 4
            assert not _gepubliceerd(besluit, sleutel, "noemer", koppelingen)


@st.composite
def gemeentewaarden(draw):
    """Per gemeente of REGIOS_C: a plain indicator, the no-show bands and the verzuim shares."""
    uit = {}
    for g in [g for _, gs in REGIOS_C for g in gs]:
        n = draw(st.integers(0, 40))
        band = []
        for _ in range(2):
            bn = draw(st.one_of(st.just(0), st.integers(0, 30)))
            band.append((draw(st.integers(0, bn)), bn))
        n1000 = draw(st.integers(0, 60))
        kinderen = draw(st.integers(0, n1000))
        grenzen = sorted(draw(st.lists(st.integers(0, kinderen), min_size=3, max_size=3)))
        aandelen = [b - a for a, b in zip([0, *grenzen], [*grenzen, kinderen], strict=True)]
        uit[g] = {"plain": (draw(st.integers(0, n)), n), "band": band, "verzuim": (kinderen, n1000, aandelen)}
    return uit


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(gemeentewaarden(), st.integers(2, 15), st.integers(2, 8))
def test_eigenschap_op_willekeurige_tabellen(waarden, min_noemer, min_aantal):
    rijen = _rijen({g: w["plain"] for g, w in waarden.items()}, REGIOS_C, "bereik_zuigelingen")
    rijen += _rijen({g: w["band"][0] for g, w in waarden.items()}, REGIOS_C, "noshow_0_4")
    rijen += _rijen({g: w["band"][1] for g, w in waarden.items()}, REGIOS_C, "noshow_4_18")
    rijen += _rijen(
        {g: (w["band"][0][0] + w["band"][1][0], w["band"][0][1] + w["band"][1][1]) for g, w in waarden.items()},
        REGIOS_C,
        "noshow",
    )
    rijen += _rijen({g: w["verzuim"][:2] for g, w in waarden.items()}, REGIOS_C, "verzuim_per_1000")
    for i, ind in enumerate(VERZUIM_DELEN):
        rijen += _rijen({g: (w["verzuim"][2][i], w["verzuim"][0]) for g, w in waarden.items()}, REGIOS_C, ind)
    b = onderdruk(rijen, REGIOS_C, WG, min_noemer, min_aantal)
    _controleer_eigenschap(rijen, b, REGIOS_C, min_noemer, min_aantal)


def test_eigenschap_faalt_op_een_lek():
    # the property check itself can fail: version 1's no-show leak (one band withheld, the rest
    # published: 9 - 8 = 1), here in regio A's noshow_4_18 table and GM01's no-show group
    rijen = (
        _rijen({g: (20, 100) for g in GEMEENTEN}, REGIOS, "noshow")
        + _rijen({g: (10, 50) for g in GEMEENTEN}, REGIOS, "noshow_0_4")
        + _rijen({g: (10, 50) for g in GEMEENTEN}, REGIOS, "noshow_4_18")
    )
    besluit = {(r["indicator"], r["gebied_type"], r["gebied_code"], "jaar", "2024"): (False, None) for r in rijen}
    _controleer_eigenschap(rijen, besluit, REGIOS)  # nothing withheld: safe
    besluit[("noshow_4_18", "gemeente", "GM01", "jaar", "2024")] = (True, KLEIN)
    with pytest.raises(AssertionError, match="noshow"):
        _controleer_eigenschap(rijen, besluit, REGIOS)


# --- beyond one group at a time ---------------------------------------------------------------------


def _lineaire_lekken(rijen, besluit, regios):
    """Withheld counts (of rows with noemer > 0) that follow exactly from what is published, through
    all identities of the period together: tables, indicator groups and rule 4's links. Written from
    the reader's side (only published values are known), independently of modellen.onderdrukking."""
    import numpy as np

    koppelingen = dict(gekoppeld())
    waarde = {}
    for r in rijen:
        sleutel = (r["indicator"], r["gebied_type"], r["gebied_code"], r["periode_type"], r["periode"])
        waarde[(sleutel, "teller")], waarde[(sleutel, "noemer")] = r["teller"], r["noemer"]
    perioden = {(r["periode_type"], r["periode"]) for r in rijen}
    indicatoren_ = {r["indicator"] for r in rijen}
    gebieden = [("gemeente", g) for _, gs in regios for g in gs] + [("regio", r) for r, _ in regios]
    gebieden.append(("werkgebied", WG))
    tabelgroepen = [(("regio", r), [("gemeente", g) for g in gs]) for r, gs in regios]
    tabelgroepen.append((("werkgebied", WG), [("gemeente", g) for _, gs in regios for g in gs]))
    tabelgroepen.append((("werkgebied", WG), [("regio", r) for r, _ in regios]))
    lekken = []
    for ptype, periode in perioden:

        def v(ind, gebied, kolom, ptype=ptype, periode=periode):
            x = ((ind, gebied[0], gebied[1], ptype, periode), kolom)
            return x if x in waarde else None

        som = []  # each identity as [(coefficient, variable)]
        for ind in indicatoren_:
            for kolom in ("teller", "noemer"):
                for totaal, delen in tabelgroepen:
                    som.append([(1, v(ind, totaal, kolom))] + [(-1, v(ind, d, kolom)) for d in delen])
        for totaal, delen, kolommen in indicatorgroepen():
            for gebied in gebieden:
                for kolom in kolommen:
                    som.append([(1, v(totaal, gebied, kolom))] + [(-1, v(d, gebied, kolom)) for d in delen])
        for ind, bron in koppelingen.items():
            for gebied in gebieden:
                som.append([(1, v(ind, gebied, "noemer")), (-1, v(bron, gebied, "teller"))])
        som = [s for s in som if all(x is not None for _, x in s)]
        onbekend = sorted({x for s in som for _, x in s if not _gepubliceerd(besluit, x[0], x[1], koppelingen)})
        if not onbekend:
            continue
        index = {x: i for i, x in enumerate(onbekend)}
        a = np.zeros((len(som), len(onbekend)))
        for r, s in enumerate(som):
            for c, x in s:
                if x in index:
                    a[r, index[x]] += c
        _, sv, vt = np.linalg.svd(a)
        kern = vt[int((sv > 1e-9).sum()) :]
        for x, i in index.items():
            if np.all(np.abs(kern[:, i]) < 1e-9) and waarde[(x[0], "noemer")] != 0:
                sleutel, kolom = x
                bron = koppelingen.get(sleutel[0])
                if kolom == "noemer" and bron and _gepubliceerd(besluit, (bron, *sleutel[1:]), "teller", koppelingen):
                    continue  # the noemer of a linked row is its source's published teller
                lekken.append((x, waarde[x]))
    return lekken


REGIO_1 = [("R", ["GM01", "GM02", "GM03", "GM04"])]


def _verzuimtabel(per_gemeente, regios, noemers=None):
    """verzuim_per_1000 (teller = the sum of the shares, noemer 1000 unless given) and the four shares."""
    noemers = noemers or {}
    rijen = _rijen({g: (sum(a), noemers.get(g, 1000)) for g, a in per_gemeente.items()}, regios, "verzuim_per_1000")
    for i, ind in enumerate(VERZUIM_DELEN):
        rijen += _rijen({g: (a[i], sum(a)) for g, a in per_gemeente.items()}, regios, ind)
    return rijen


def test_lek_via_groepen_samen_gesloten():
    """Rule 3 alone (one group at a time) leaves GM04's overig recoverable. Shares po/vo/mbo/overig:

        GM01  6  0  2C  5C   (13)      C: complementaire onderdrukking, K: kleine aantallen
        GM02  5C 2K 7   8    (22)
        GM03  7  0  0C  0C   ( 7)
        GM04  8C 0  5   2K   (15)
        R    26C 2K 14  15   (57)

    By hand: GM01 mbo + overig = 13 - 6 - 0 = 7, GM03 mbo + overig = 0, and the mbo column gives
    GM01 + GM03 mbo = 14 - 7 - 5 = 2; so GM01 + GM03 overig = 7 + 0 - 2 = 5, and the overig column
    gives GM04's overig = 15 - 8 - 5 = 2. The audit closes it: GM02's overig (the only part of that
    column still published) is withheld too."""
    rijen = _verzuimtabel(
        {"GM01": [6, 0, 2, 5], "GM02": [5, 2, 7, 8], "GM03": [7, 0, 0, 0], "GM04": [8, 0, 5, 2]}, REGIO_1
    )
    alleen_regel_3 = onderdruk(rijen, REGIO_1, WG, 2, 5, controleer_totaal=False)
    assert _b(alleen_regel_3, "verzuim_aandeel_overig", "GM04") == (True, KLEIN)
    assert _b(alleen_regel_3, "verzuim_aandeel_overig", "GM02") == (False, None)
    _controleer_eigenschap(rijen, alleen_regel_3, REGIO_1)  # every group on its own is safe ...
    lekken = _lineaire_lekken(rijen, alleen_regel_3, REGIO_1)
    assert ((("verzuim_aandeel_overig", "gemeente", "GM04", "jaar", "2024"), "teller"), 2) in lekken  # ... together not

    besluit = onderdruk(rijen, REGIO_1, WG, 2, 5)
    assert _b(besluit, "verzuim_aandeel_overig", "GM02") == (True, COMPLEMENTAIR)
    assert _lineaire_lekken(rijen, besluit, REGIO_1) == []
    _controleer_eigenschap(rijen, besluit, REGIO_1)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(gemeentewaarden(), st.integers(2, 15), st.integers(2, 8))
def test_niets_terug_te_rekenen_uit_alle_sommen_samen(waarden, min_noemer, min_aantal):
    rijen = _rijen({g: w["plain"] for g, w in waarden.items()}, REGIOS_C, "bereik_zuigelingen")
    rijen += _rijen({g: w["band"][0] for g, w in waarden.items()}, REGIOS_C, "noshow_0_4")
    rijen += _rijen({g: w["band"][1] for g, w in waarden.items()}, REGIOS_C, "noshow_4_18")
    rijen += _rijen(
        {g: (w["band"][0][0] + w["band"][1][0], w["band"][0][1] + w["band"][1][1]) for g, w in waarden.items()},
        REGIOS_C,
        "noshow",
    )
    rijen += _verzuimtabel(
        {g: w["verzuim"][2] for g, w in waarden.items()}, REGIOS_C, {g: w["verzuim"][1] for g, w in waarden.items()}
    )
    b = onderdruk(rijen, REGIOS_C, WG, min_noemer, min_aantal)
    assert _lineaire_lekken(rijen, b, REGIOS_C) == []
    _controleer_eigenschap(rijen, b, REGIOS_C, min_noemer, min_aantal)
