"""The synthetic export generator: deterministic, both BDS generations, every bad-input case."""

import json
from datetime import date

import duckdb
import pytest

from bronnen.export import open_export
from bronnen.genereer import Instellingen, genereer
from bronnen.inlezen import REDENEN, controleer, schrijf


def _sha(pad):
    return json.loads((pad / "manifest.json").read_text())["bestanden"][0]["sha256"]


def test_deterministisch_voor_een_seed(tmp_path):
    a = genereer(tmp_path / "a", Instellingen(kinderen=300, seed=7))
    b = genereer(tmp_path / "b", Instellingen(kinderen=300, seed=7))
    genereer(tmp_path / "c", Instellingen(kinderen=300, seed=8))
    assert a == b
    assert _sha(tmp_path / "a") != _sha(tmp_path / "c")
    assert (tmp_path / "a" / "elementen.csv").read_bytes() == (tmp_path / "b" / "elementen.csv").read_bytes()


def _inlezen(pad):
    con = duckdb.connect()
    with open_export(pad) as e:
        v = controleer(con, e)
        schrijf(con, v, b"k")
    return con, v


VERGELIJK = {
    "intern.kinderen": "*",
    "intern.adressen": "*",
    "intern.scholen": "*",
    "intern.vaccinaties": "*",
    "intern.activiteiten": "activiteit_id, kind_id, datum, soort, uitkomst, indicaties, verzoekers, schoolverzuim, advies_deelname",  # noqa: E501
}


def test_bds_3_en_4_geven_dezelfde_genormaliseerde_tabellen(tmp_path):
    genereer(tmp_path / "v3", Instellingen(kinderen=400, seed=3, bds_versie="3.2.7"))
    genereer(tmp_path / "v4", Instellingen(kinderen=400, seed=3, bds_versie="4.0.1"))
    con3, v3 = _inlezen(tmp_path / "v3")
    con4, v4 = _inlezen(tmp_path / "v4")
    assert v3.gekwarantaineerd == v4.gekwarantaineerd == 0
    # the 3.2 export really uses 3.x codes, the 4.0 export both generations
    assert con3.execute("select count(*) from intern.activiteiten where status_1605 is not null").fetchone()[0] == 0
    assert con4.execute("select count(*) from intern.activiteiten where status_725 is not null").fetchone()[0] > 0
    assert con4.execute("select count(*) from intern.activiteiten where status_1605 is not null").fetchone()[0] > 0
    for tabel, kolommen in VERGELIJK.items():
        q = f"select {kolommen} from {tabel} order by all"
        r3, r4 = con3.execute(q).fetchall(), con4.execute(q).fetchall()
        assert r3 == r4, tabel
        assert len(r3) > 0


def test_met_fouten_bevat_elk_geval_en_sluit(tmp_path):
    genereer(tmp_path / "f", Instellingen(kinderen=300, seed=1, met_fouten=True))
    con = duckdb.connect()
    with open_export(tmp_path / "f") as e:
        v = controleer(con, e)
    assert {code for code, _, _ in v.per_reden} == set(REDENEN)
    assert v.ontdubbeld >= 1 and v.weggelaten_privacy > 0 and v.weggelaten_ongebruikt > 0
    assert v.sluit


def test_realistische_inhoud(tmp_path):
    genereer(tmp_path / "r", Instellingen(kinderen=2000, seed=5, aanmaakdatum=date(2025, 2, 3)))
    con, v = _inlezen(tmp_path / "r")
    per_gemeente = dict(
        con.execute(
            "select gemeente_code, count(distinct kind_id) from intern.adressen where instantie = 1 group by 1"
        ).fetchall()
    )
    assert per_gemeente["GM0505"] > per_gemeente["GM0523"] * 3  # Dordrecht far bigger than Hardinxveld
    assert con.execute("select min(geboortedatum) >= date '2006-02-03' from intern.kinderen").fetchone()[0]
    soorten = {r[0] for r in con.execute("select distinct vaccinsoort from intern.vaccinaties").fetchall()}
    assert {"11", "08", "04", "28", "01", "02", "09"} <= soorten
    uitkomsten = {r[0] for r in con.execute("select distinct uitkomst from intern.activiteiten").fetchall()}
    assert {"01", "02", "03"} <= uitkomsten
    assert con.execute("select count(*) from intern.kinderen where datum_vestiging is not null").fetchone()[0] > 50
    assert (
        con.execute("select count(*) from intern.activiteiten where list_contains(indicaties, '48')").fetchone()[0] > 10
    )
    assert con.execute("select count(*) from intern.vaccinaties where bezwaar is not null").fetchone()[0] > 0


@pytest.mark.parametrize("versie", ["3.2.7", "4.0.1"])
def test_manifest(tmp_path, versie):
    m = genereer(tmp_path / "m", Instellingen(kinderen=50, bds_versie=versie, aanmaakdatum=date(2024, 6, 30)))
    assert m["bds_versie"] == versie and m["aanmaakdatum"] == "2024-06-30"
    regels = (tmp_path / "m" / "elementen.csv").read_text().count("\n") - 1
    assert m["bestanden"][0]["rijen"] == regels


@pytest.mark.traag  # about 10 s: 4.000 children
def test_oefent_de_regels_van_versie_2(tmp_path):
    """The demo shows the v2 rules: early BMR, missing boosters, late starters, the M@ZL startjaar,
    appointments after the 18th birthday and verzuim children without a school."""
    genereer(tmp_path / "r", Instellingen(kinderen=4000, seed=5, aanmaakdatum=date(2025, 2, 3)))
    con, _ = _inlezen(tmp_path / "r")

    def een(sql):
        return con.execute(sql).fetchone()[0]

    # BMR before the first birthday
    assert (
        een(
            "select count(*) from intern.vaccinaties v join intern.kinderen k using (kind_id) "
            "where v.vaccinsoort = '04' and v.datum < k.geboortedatum + interval 1 year"
        )
        > 10
    )
    # children of 6 to 9 without a DKTP booster on or after their 3rd birthday, with infant doses
    assert (
        een(
            """
        select count(*) from intern.kinderen k
        where k.geboortedatum between date '2016-01-01' and date '2018-12-31' and k.datum_vestiging is null
          and (select count(*) from intern.vaccinaties v where v.kind_id = k.kind_id and v.vaccinsoort = '11') >= 3
          and not exists (select 1 from intern.vaccinaties v where v.kind_id = k.kind_id
                          and v.vaccinsoort in ('01', '02', '11') and v.datum >= k.geboortedatum + interval 3 year)
        """
        )
        > 5
    )
    # late starters: a first DKTP-containing dose on or after the 1st birthday
    assert (
        een(
            """
        select count(*) from (
            select k.kind_id from intern.kinderen k join intern.vaccinaties v using (kind_id)
            where v.vaccinsoort in ('01', '02', '11') group by k.kind_id, k.geboortedatum
            having min(v.datum) >= k.geboortedatum + interval 1 year)
        """
        )
        > 10
    )
    # M@ZL from 2022 only
    assert een("select min(year(datum)) from intern.activiteiten where list_contains(indicaties, '48')") == 2022
    # appointments after the 18th birthday
    assert (
        een(
            "select count(*) from intern.activiteiten a join intern.kinderen k using (kind_id) "
            "where a.soort = '41' and a.datum >= k.geboortedatum + interval 18 year"
        )
        > 5
    )
    # verzuim children without any school
    assert (
        een(
            "select count(distinct a.kind_id) from intern.activiteiten a where list_contains(a.indicaties, '48') "
            "and not exists (select 1 from intern.scholen s where s.kind_id = a.kind_id)"
        )
        > 2
    )
