"""Every row-level case of the export contract, written by hand with its expected outcome.

Each row of FIXTURE carries the outcome the contract gives it (the first applicable one of:
structural fault; privacy drop; unused element; exact duplicate; wrong place; invalid value; dossier
quarantined; activity quarantined; conflicting values; vaccination quarantined; split gemeente;
stored). Line numbers follow from the position (the header is line 1).
"""

import duckdb
import pytest

from bronnen.export import open_export
from bronnen.inlezen import REDENEN, controleer, schrijf
from bronnen.pseudoniem import pseudoniem
from tests.hulp import opvulling, schrijf_export

OPGESLAGEN = "opgeslagen"
FIXTURE: list[tuple[str, str]] = [
    # D1: a valid child, with privacy drops, an unused element, a duplicate, wrong places, invalid values
    ("D1;;;;19;2", OPGESLAGEN),
    ("D1;;;;20;20200101", OPGESLAGEN),
    ("D1;;;;20;2020-01-01", OPGESLAGEN),  # same meaning, other spelling: both stored
    ("D1;;G001;1;8;01", OPGESLAGEN),
    ("D1;;G001;1;9;0505", OPGESLAGEN),
    ("D1;;G001;1;16;3311 AB", OPGESLAGEN),
    ("D1;;G001;1;1453;20200101", OPGESLAGEN),
    ("D1;;;;7;999999990", "privacy"),
    ("D1;;;;695;D1", "privacy"),
    ("D1;;G001;1;11;Kerkstraat", "privacy"),
    ("D1;A1;;;1602;vrije tekst", "privacy"),
    ("D1;;;;7", "velden"),  # structural wins over privacy
    ("D1;;;;235;78", "ongebruikt"),
    ("D1;;;;19;2", "duplicaat"),
    ("D1;;;;19;02", "ongeldige_code"),  # '02' is not '2'
    ("D1;A1;;;724;20200301", OPGESLAGEN),
    ("D1;A1;;;494;37", OPGESLAGEN),
    ("D1;A1;;;1605;01", OPGESLAGEN),
    ("D1;A1;;;1501;Naam Professional", "privacy"),
    ("D1;A1;;;20;20200101", "verkeerde_plaats"),  # dossier element with an activity
    ("D1;;;;724;20200301", "verkeerde_plaats"),  # activity element without activity
    ("D1;;G001;;9;0505", "verkeerde_plaats"),  # group without instantie
    ("D1;;;;9;0505", "verkeerde_plaats"),  # address element without its group
    ("D1;;G008;1;9;0505", "verkeerde_plaats"),  # address element in the school group
    ("D1;;;1;19;2", "verkeerde_plaats"),  # instantie without group
    ("D1;;G001;2;1453;20240231", "ongeldige_datum"),
    ("D1;;G001;2;8;1", "ongeldige_code"),
    ("D1;;G001;3;8;01", OPGESLAGEN),
    ("D1;;G001;3;9;9999", "onbekende_gemeente"),  # the address stays, with an unknown gemeente
    ("D1;;;;28;ja", "ongeldige_waarde"),
    ("D1;;;;696;", "lege_waarde"),
    ("D1;;;;29;2024-06-01T08:00", OPGESLAGEN),  # a time part is ignored
    ("D1;;G008;1;58;OTH", "ongeldige_code"),
    ("D1;;G008;1;1532;Basisschool De Linde", OPGESLAGEN),
    # D2-D5: dossiers quarantined by their geboortedatum
    ("D2;;;;19;1", "geboortedatum_ontbreekt"),
    ("D2;;;;7;123456782", "privacy"),  # privacy wins over the dossier quarantine
    ("D3;;;;20;20200230", "ongeldige_datum"),
    ("D3;;;;19;1", "geboortedatum_ontbreekt"),
    ("D4;;;;20;20200101", "geboortedatum_conflict"),
    ("D4;;;;20;20200102", "geboortedatum_conflict"),
    ("D4;;;;19;1", "geboortedatum_conflict"),
    ("D5;;;;20;20260101", "geboortedatum_na_aanmaak"),
    ("D5;;G001;1;9;0505", "geboortedatum_na_aanmaak"),
    # D6: activities and vaccinations
    ("D6;;;;20;20200101", OPGESLAGEN),
    ("D6;;G001;1;9;0505", OPGESLAGEN),
    ("D6;B1;;;494;37", "activiteit_datum"),
    ("D6;B2;;;724;20200301", "activiteit_soort"),
    ("D6;B2;;;494;37", "activiteit_soort"),
    ("D6;B2;;;494;38", "activiteit_soort"),
    ("D6;B3;;;724;20990101", "activiteit_na_aanmaak"),
    ("D6;B3;;;494;37", "activiteit_na_aanmaak"),
    ("D6;B4;;;724;20191231", "activiteit_voor_geboorte"),
    ("D6;B4;;;494;37", "activiteit_voor_geboorte"),
    ("D6;B4;G076;1;1409;20191231", "activiteit_voor_geboorte"),
    ("D6;B5;;;724;20200401", OPGESLAGEN),
    ("D6;B5;;;494;37", OPGESLAGEN),
    ("D6;B5;;;1605;01", "conflict"),
    ("D6;B5;;;1605;02", "conflict"),  # the outcome is then missing: 08
    ("D6;B6;;;724;20200501", OPGESLAGEN),
    ("D6;B6;;;494;05", OPGESLAGEN),  # BDS 3.x: contactmoment 3 maanden -> 37
    ("D6;B6;;;725;02", OPGESLAGEN),
    ("D6;B6;;;495;02", OPGESLAGEN),  # niet verschenen zonder bericht -> 02
    ("D6;B7;;;724;20200601", OPGESLAGEN),
    ("D6;B7;;;494;23", OPGESLAGEN),  # 3.x contactmoment op verzoek -> 22
    ("D6;B7;;;725;01", OPGESLAGEN),
    ("D6;B7;;;1424;48", OPGESLAGEN),  # multi-valued: both stored
    ("D6;B7;;;1424;40", OPGESLAGEN),
    ("D6;B8;;;724;20200701", OPGESLAGEN),
    ("D6;B8;;;494;98", OPGESLAGEN),
    ("D6;B8;G076;1;1409;20200701", "vaccinatie_onvolledig"),
    ("D6;B8;G076;2;1409;20200701", OPGESLAGEN),
    ("D6;B8;G076;2;461;11", OPGESLAGEN),
    ("D6;B8;G076;3;1409;20200701", "vaccinatie_onvolledig"),
    ("D6;B8;G076;3;461;99", "ongeldige_code"),
    ("D6;B9;;;724;20200801", OPGESLAGEN),
    ("D6;B9;;;724;2020-08-01", OPGESLAGEN),  # one meaning: exactly one date
    ("D6;B9;;;494;39", OPGESLAGEN),
    # D7: a split gemeente quarantines the whole address; a merged one is mapped
    ("D7;;;;20;20100101", OPGESLAGEN),
    ("D7;;G001;1;8;01", "gesplitste_gemeente"),
    ("D7;;G001;1;9;0788", "gesplitste_gemeente"),
    ("D7;;G001;1;1454;20190101", "gesplitste_gemeente"),
    ("D7;;G001;2;9;0584", OPGESLAGEN),  # Oud-Beijerland -> Hoeksche Waard
    ("D7;;G001;2;1453;20190101", OPGESLAGEN),
    # D8: structural faults
    ("D8;;;;19", "velden"),
    ("D8;;;;19;1;extra", "velden"),
    (";;;;19;1", "dossier_leeg"),
    ("D123456789012345;;;;19;1", "dossier_te_lang"),
    ("D8;;;;x19;1", "element_geen_getal"),
    ("D8;;G001;0;8;01", "instantie_ongeldig"),
    ("D8;;G001;een;8;01", "instantie_ongeldig"),
    # D9: conflicting values of a single-valued element, in the dossier and in a group
    ("D9;;;;20;20150101", OPGESLAGEN),
    ("D9;;;;19;1", "conflict"),
    ("D9;;;;19;2", "conflict"),
    ("D9;;G001;1;8;01", OPGESLAGEN),
    ("D9;;G001;1;9;0505", "conflict"),
    ("D9;;G001;1;9;0482", "conflict"),
    ("D9;;G001;2;9;0584", OPGESLAGEN),  # 0584 and 1963 mean the same gemeente: no conflict
    ("D9;;G001;2;9;1963", OPGESLAGEN),
]


@pytest.fixture(scope="module")
def ingelezen(tmp_path_factory):
    rijen = [r for r, _ in FIXTURE] + opvulling(800)
    pad = schrijf_export(tmp_path_factory.mktemp("e") / "export", rijen)
    with open_export(pad) as e:
        con = duckdb.connect()
        verslag = controleer(con, e)
        schrijf(con, verslag, b"test-sleutel")
    return con, verslag


@pytest.mark.parametrize(("nr", "rij", "verwacht"), [(i + 2, r, v) for i, (r, v) in enumerate(FIXTURE)])
def test_uitkomst_per_rij(ingelezen, nr, rij, verwacht):
    con, _ = ingelezen
    fase = con.execute("select coalesce(fase, 'opgeslagen') from rij where regel = ?", [nr]).fetchone()[0]
    assert fase == verwacht, f"regel {nr}: {rij}"


# faults of a whole physical line, with their own fixtures (a 70 KB line, a quote that never closes)
# in tests/bronnen/test_export_aanvallen.py
ELDERS_GETEST = {"regel_te_lang", "aanhalingsteken_open"}


def test_elke_kwarantainereden_van_het_contract_komt_voor():
    gezien = {v for _, v in FIXTURE} | ELDERS_GETEST
    assert set(REDENEN) <= gezien


def test_afstemming_sluit(ingelezen):
    _, v = ingelezen
    verwacht = {}
    for _, uitkomst in FIXTURE:
        verwacht[uitkomst] = verwacht.get(uitkomst, 0) + 1
    assert v.gelezen == len(FIXTURE) + 800
    assert v.opgeslagen == verwacht[OPGESLAGEN]
    assert v.ontdubbeld == verwacht["duplicaat"]
    assert v.weggelaten_privacy == verwacht["privacy"]
    assert v.weggelaten_ongebruikt == verwacht["ongebruikt"] + 800
    assert v.gekwarantaineerd == sum(n for k, n in verwacht.items() if k in REDENEN)
    assert v.sluit


def _kind(sleutel_tekst: str) -> str:
    return pseudoniem(b"test-sleutel", sleutel_tekst)


def test_kinderen(ingelezen):
    con, _ = ingelezen
    rijen = dict(con.execute("select kind_id, geslacht from intern.kinderen").fetchall())
    assert set(rijen) == {_kind(d) for d in ("D1", "D6", "D7", "D9")}
    assert rijen[_kind("D1")] == "2"
    assert rijen[_kind("D9")] is None  # conflicting geslacht: treated as missing
    assert (
        con.execute("select datum_vertrek from intern.kinderen where kind_id = ?", [_kind("D1")])
        .fetchone()[0]
        .isoformat()
        == "2024-06-01"
    )


def test_adressen(ingelezen):
    con, _ = ingelezen
    rijen = {
        (k, i): (gba, code, pc4)
        for k, i, gba, code, pc4 in con.execute(
            "select kind_id, instantie, gemeente_gba, gemeente_code, postcode4 from intern.adressen"
        ).fetchall()
    }
    assert rijen[(_kind("D1"), 1)] == ("0505", "GM0505", "3311")
    assert rijen[(_kind("D1"), 3)] == (None, None, None)  # unknown gemeente: the address stays
    assert (_kind("D7"), 1) not in rijen  # split gemeente: whole address quarantined
    assert rijen[(_kind("D7"), 2)][1] == "GM1963"
    assert rijen[(_kind("D9"), 1)][1] is None
    assert rijen[(_kind("D9"), 2)][1] == "GM1963"


def test_activiteiten_genormaliseerd(ingelezen):
    con, _ = ingelezen
    d6 = _kind("D6")
    rijen = {
        str(r[0]): r[1:]
        for r in con.execute(
            "select datum, soort, soort_origineel, uitkomst, indicaties from intern.activiteiten "
            "where kind_id = ? order by datum",
            [d6],
        ).fetchall()
    }
    assert set(rijen) == {"2020-04-01", "2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01"}
    assert rijen["2020-04-01"][:3] == ("37", "37", "08")  # conflicting 1605: outcome unknown
    assert rijen["2020-05-01"][:3] == ("37", "05", "02")
    assert rijen["2020-06-01"] == ("22", "23", "01", ["40", "48"])
    assert rijen["2020-08-01"][0] == "39"


def test_vaccinaties(ingelezen):
    con, _ = ingelezen
    assert con.execute("select instantie, vaccinsoort from intern.vaccinaties").fetchall() == [(2, "11")]


def test_kwarantaine_bewaart_geen_tekst(ingelezen):
    con, _ = ingelezen
    rijen = con.execute("select regel, kind_id, element, reden_code, waarde from beheer.kwarantaine").fetchall()
    per_regel = {r[0]: r for r in rijen}
    regel = {r: i + 2 for i, (r, _) in enumerate(FIXTURE)}
    # coded and date values are kept, text never
    assert per_regel[regel["D1;;;;19;02"]][4] == "02"
    assert per_regel[regel["D1;;G001;2;1453;20240231"]][4] == "20240231"
    assert per_regel[regel["D1;;G001;2;8;1"]][4] == "1"
    assert per_regel[regel["D1;;;;28;ja"]][4] is None  # boolean: not a coded element
    assert per_regel[regel["D8;;;;x19;1"]][3:] == ("element_geen_getal", None)
    assert all(r[1] is None or len(r[1]) == 32 for r in rijen)
    alle = " ".join(str(v) for r in rijen for v in r)
    for verboden in (
        "Kerkstraat",
        "999999990",
        "Naam Professional",
        "vrije tekst",
        "D123456789012345",
    ):
        assert verboden not in alle
    assert {r[3] for r in rijen} <= set(REDENEN)
