"""Every indicator against a small hand-made export whose answer was computed on paper.

Configuration: regio R1 = GM0505 (Dordrecht) and GM0482 (Alblasserdam); regio R2 = GM0642.
Aanmaakdatum 2025-02-03 unless stated. Each child's comment says why it counts or not.
"""

from pathlib import Path

import duckdb
import pytest

from bronnen.config import config_uit_dict
from bronnen.export import open_export
from bronnen.inlezen import controleer, schrijf
from modellen.bouw import bouw_intern, bouw_publicatie
from modellen.metadata import indicatoren
from tests.hulp import activiteit, kind, schrijf_export, vaccinatie

CONFIG = config_uit_dict(
    {
        "organisatie": {"naam": "Org"},
        "regio": [
            {"naam": "R1", "gemeenten": ["GM0505", "GM0482"]},
            {"naam": "R2", "gemeenten": ["GM0642"]},
        ],
    },
    Path("/tmp/jgz.toml"),
)


def bouw(tmp_path, rijen, aanmaakdatum="2025-02-03"):
    pad = schrijf_export(tmp_path / "export", rijen, aanmaakdatum=aanmaakdatum)
    con = duckdb.connect()
    with open_export(pad) as e:
        v = controleer(con, e)
        schrijf(con, v, b"k")
    bouw_intern(con, CONFIG, e.manifest.aanmaakdatum)
    bouw_publicatie(con)
    return con


def tn(con, indicator, gebied, periode, periode_type=None):
    """(teller, noemer) from intern.indicatorwaarden."""
    periode_type = periode_type or ("jaar" if len(periode) == 4 else "kwartaal" if "Q" in periode else "maand")
    rij = con.execute(
        "select teller, noemer from intern.indicatorwaarden where indicator = ? and gebied_code = ? "
        "and periode = ? and periode_type = ?",
        [indicator, gebied, periode, periode_type],
    ).fetchone()
    assert rij is not None, (indicator, gebied, periode)
    return rij


# -- bereik ---------------------------------------------------------------------------------------

BEREIK = [
    # K1: R = 2024-03-09, contact at 22 days: teller and noemer in GM0505
    *kind("K1", "20230310", extra=activiteit("K1", "A1", "20230401")),
    # K2: only contact at 9 days old: before the window [14 dagen, 1 jaar): noemer only
    *kind("K2", "20230501", extra=activiteit("K2", "A1", "20230510")),
    # K3: contact exactly at geboortedatum + 1 jaar: outside the half-open window
    *kind("K3", "20230601", extra=activiteit("K3", "A1", "20240601")),
    # K4: the contact was a no-show (status 02): not gerealiseerd
    *kind("K4", "20230701", extra=activiteit("K4", "A1", "20230801", status="02")),
    # K5: a realised activity that is not a contact with the child (98)
    *kind("K5", "20230801", extra=activiteit("K5", "A1", "20230901", soort="98")),
    # K6: moved from Dordrecht to Alblasserdam on 2024-03-01; R = 2024-08-31: counted in GM0482
    "K6;;;;20;20230901", "K6;;G001;1;8;01", "K6;;G001;1;9;0505", "K6;;G001;1;1454;20240301",
    "K6;;G001;2;8;01", "K6;;G001;2;9;0482", "K6;;G001;2;1453;20240301",
    *activiteit("K6", "A1", "20231001"),
    # K7: born 29 Feb 2024: + 1 jaar = 2025-02-28, R = 2025-02-27 after the aanmaakdatum: not counted
    *kind("K7", "20240229", extra=activiteit("K7", "A1", "20240401")),
    # K8: R = 2025-01-14 on or before the aanmaakdatum: counted in the running year 2025
    *kind("K8", "20240115", extra=activiteit("K8", "A1", "20240201")),
    # K9: emigrated 2024-01-01, before R = 2024-03-31: not in Nederland on R
    *kind("K9", "20230401", extra=["K9;;;;29;20240101", *activiteit("K9", "A1", "20230501")]),
    # K10: died 2023-12-01: not counted
    *kind("K10", "20230402", extra=["K10;;;;21;20231201"]),
    # K11: arrives 2024-06-01, after R = 2024-04-02: not yet in Nederland
    *kind("K11", "20230403", extra=["K11;;;;27;20240601"]),
    # K12: returnee: left 2023-06-01, back 2023-09-01: in Nederland on R = 2024-04-03
    *kind("K12", "20230404", extra=["K12;;;;29;20230601", "K12;;;;27;20230901", *activiteit("K12", "A1", "20230501")]),
    # K13: vertrek and vestiging on the same date: the vertrek wins, not in Nederland
    *kind("K13", "20230405", extra=["K13;;;;29;20230801", "K13;;;;27;20230801"]),
    # K14: lives outside the werkgebied (Rotterdam): no area
    *kind("K14", "20230406", gemeente="0599", extra=activiteit("K14", "A1", "20230501")),
    # K15: unknown gemeente code (quarantined): no woongemeente, not counted
    *kind("K15", "20230407", gemeente="9999"),
    # K16: a woonadres in Dordrecht and a BRP address in Alblasserdam: the BRP address wins
    "K16;;;;20;20230408", "K16;;G001;1;8;02", "K16;;G001;1;9;0505", "K16;;G001;2;8;01",
    "K16;;G001;2;9;0482", *activiteit("K16", "A1", "20230601"),
    # K17: a BDS 3.x contact (494 = 04, 725 = 01) is a gerealiseerd contact 37
    *kind("K17", "20230409", gemeente="0642",
          extra=["K17;A1;;;724;20230601", "K17;A1;;;494;04", "K17;A1;;;725;01"]),
    # K18: moved on R itself (2024-04-09): the new address counts (start <= R, old end > R fails)
    "K18;;;;20;20230410", "K18;;G001;1;8;01", "K18;;G001;1;9;0505", "K18;;G001;1;1454;20240409",
    "K18;;G001;2;8;01", "K18;;G001;2;9;0482", "K18;;G001;2;1453;20240409",
]  # fmt: skip


@pytest.fixture(scope="module")
def bereik(tmp_path_factory):
    return bouw(tmp_path_factory.mktemp("bereik"), BEREIK)


def test_bereik_zuigelingen(bereik):
    # GM0505: K1 (t), K2, K3, K4, K5, K12 (t) -> 2 / 6
    assert tn(bereik, "bereik_zuigelingen", "GM0505", "2024") == (2, 6)
    # GM0482: K6 (t), K16 (t), K18 -> 2 / 3
    assert tn(bereik, "bereik_zuigelingen", "GM0482", "2024") == (2, 3)
    assert tn(bereik, "bereik_zuigelingen", "GM0642", "2024") == (1, 1)  # K17
    assert tn(bereik, "bereik_zuigelingen", "R1", "2024") == (4, 9)
    assert tn(bereik, "bereik_zuigelingen", "Org", "2024") == (5, 10)
    # running year 2025: K8 only (K7's R is after the aanmaakdatum)
    assert tn(bereik, "bereik_zuigelingen", "GM0505", "2025") == (1, 1)
    # per month and quarter: K1's R is 2024-03-09
    assert tn(bereik, "bereik_zuigelingen", "GM0505", "2024-03") == (1, 1)
    assert tn(bereik, "bereik_zuigelingen", "GM0505", "2024-Q1") == (1, 1)
    assert tn(bereik, "bereik_zuigelingen", "GM0505", "2023") == (0, 0)


def test_bereik_volledig_en_noemer_nul(bereik):
    rijen = dict(
        bereik.execute(
            "select periode, volledig from intern.indicatorwaarden where indicator = 'bereik_peuters' "
            "and gebied_code = 'GM0505' and periode_type = 'jaar'"
        ).fetchall()
    )
    assert rijen["2024"] is True and rijen["2025"] is False
    assert sorted(rijen) == [str(j) for j in range(2015, 2026)]


PEUTERS = [
    # P1: born 29 Feb 2020: + 4 jaar = 2024-02-29, R = 2024-02-28; contact at 3 years
    *kind("P1", "20200229", extra=activiteit("P1", "A1", "20230301", soort="39")),
    # P2: the only contact at exactly 1 year (start of the window, included)
    *kind("P2", "20200301", extra=activiteit("P2", "A1", "20210301", soort="39")),
    # P3: the contact one day before turning 1: belongs to the first window, not this one
    *kind("P3", "20200302", extra=activiteit("P3", "A1", "20210301", soort="38")),
    # Q1: 5/6-jarigen, R = 2024-05-31, contact at 6 (groep 2)
    *kind("Q1", "20170601", extra=activiteit("Q1", "A1", "20230601", soort="40")),
    # Q2: 10/11: contact at 9 years: outside [10, 12)
    *kind("Q2", "20120601", extra=activiteit("Q2", "A1", "20210601", soort="40")),
    # Q3: 13/14: contact at 13 (indicatie 22): counted
    *kind("Q3", "20090601", extra=activiteit("Q3", "A1", "20220701", soort="22")),
]  # fmt: skip


def test_bereik_andere_vensters(tmp_path):
    con = bouw(tmp_path, PEUTERS)
    assert tn(con, "bereik_peuters", "GM0505", "2024") == (2, 3)  # P1, P2 of P1, P2, P3
    # P1: R = 28 Feb 2024; P2 (born 1 March 2020): + 4 jaar - 1 dag = 29 Feb 2024 (leap year)
    assert tn(con, "bereik_peuters", "GM0505", "2024-02") == (2, 2)
    assert tn(con, "bereik_peuters", "GM0505", "2024-03") == (0, 1)  # P3: R = 1 March 2024
    assert tn(con, "bereik_5_6_jaar", "GM0505", "2024") == (1, 1)
    assert tn(con, "bereik_10_11_jaar", "GM0505", "2024") == (0, 1)
    assert tn(con, "bereik_13_14_jaar", "GM0505", "2024") == (1, 1)


# -- vaccinatiegraad -------------------------------------------------------------------------------


def _vac(d, *doses, act_status="01"):
    """doses: (datum, vaccin[, bezwaar]); one activity per dose date."""
    rijen, datums = [], {}
    for dosis in doses:
        datums.setdefault(dosis[0], []).append(dosis)
    for i, (datum, lijst) in enumerate(sorted(datums.items()), start=1):
        rijen += activiteit(d, f"V{i}", datum, soort="98", status=act_status)
        for j, dosis in enumerate(lijst, start=1):
            rijen += vaccinatie(d, f"V{i}", j, datum, dosis[1], dosis[2] if len(dosis) > 2 else None)
    return rijen


VACCINATIE = [
    # cohort 2021 (verslagjaar 2024, 2 jaar)
    # V1: complete: 3x DKTP-Hib-HepB, 3x Pneu, BMR and MenACWY before the 2nd birthday
    *kind("V1", "20210301", extra=_vac("V1", ("20210601", "11"), ("20210801", "11"), ("20220201", "11"),
                                       ("20210501", "08"), ("20210701", "08"), ("20220201", "08"),
                                       ("20220501", "04"), ("20220501", "28"))),
    # V2: the third DKTP-Hib-HepB exactly on the 2nd birthday (not before); Pneu 3, BMR, MenC
    *kind("V2", "20210401", extra=_vac("V2", ("20210701", "11"), ("20210901", "11"), ("20230401", "11"),
                                       ("20210601", "08"), ("20210801", "08"), ("20220301", "08"),
                                       ("20220601", "04"), ("20220601", "06"))),
    # V3: two DKTP-Hib-HepB on one day count once; + one more + DKTP-Hib: 3 for DKTP and Hib, 2 HepB
    *kind("V3", "20210501", extra=_vac("V3", ("20210801", "11"), ("20210801", "11"), ("20211001", "11"),
                                       ("20211201", "10"))),
    # V4: registered objection on every record: no valid dose
    *kind("V4", "20210601", extra=_vac("V4", ("20210901", "11", "2"), ("20211101", "11", "2"),
                                       ("20220601", "11", "2"))),
    # V5: 3x DKTP-Hib-HepB; the BMR is dated before birth (not a valid dose)
    *kind("V5", "20210701", extra=_vac("V5", ("20211001", "11"), ("20211201", "11"), ("20220601", "11"),
                                       ("20210601", "04"))),
    # V6: born 2020-12-31: cohort 2020, in verslagjaar 2023, not 2024
    *kind("V6", "20201231"),
    # V7: emigrated before the peildatum 2024-01-01
    *kind("V7", "20210801", extra=["V7;;;;29;20230601"]),
    # V8: the BMR sits in an activity with status 02: kind and outcome play no part
    *kind("V8", "20210901", extra=_vac("V8", ("20221101", "04"), act_status="02")),
    # HPV, cohort 2012 (11 jaar)
    *kind("H1", "20120301", geslacht="2", extra=_vac("H1", ("20220301", "09"), ("20220901", "09"))),
    *kind("H2", "20120401", geslacht="1", extra=_vac("H2", ("20220301", "09"))),
    *kind("H3", "20120501", geslacht="0", extra=_vac("H3", ("20220301", "09"), ("20220901", "09"))),
    *kind("H4", "20120601", geslacht="2", extra=_vac("H4", ("20220301", "09"), ("20220301", "09"))),
    # MenACWY at 15, cohort 2008: from 12 years, before 15
    *kind("M1", "20080201", extra=_vac("M1", ("20220301", "28"))),
    *kind("M2", "20080301", extra=_vac("M2", ("20190601", "28"))),  # at 11: too early
    *kind("M3", "20080401", extra=_vac("M3", ("20230401", "28"))),  # on the 15th birthday: too late
    # DKTP at 5, cohort 2018
    *kind("D1", "20180501", extra=_vac("D1", ("20180801", "11"), ("20181001", "11"), ("20190401", "11"),
                                       ("20220601", "01"))),
    *kind("D2", "20180601", extra=_vac("D2", ("20180901", "11"), ("20181101", "11"), ("20190501", "11"))),
    # DTP (5) and BMR (2) at 10, cohort 2013
    *kind("T1", "20130301", extra=_vac("T1", ("20130601", "11"), ("20130801", "11"), ("20140201", "11"),
                                       ("20170401", "01"), ("20220501", "02"), ("20140501", "04"),
                                       ("20220501", "04"))),
    *kind("T2", "20130401", extra=_vac("T2", ("20130701", "11"), ("20130901", "11"), ("20140301", "11"),
                                       ("20170501", "01"), ("20140601", "04"))),
]  # fmt: skip


@pytest.fixture(scope="module")
def vacc(tmp_path_factory):
    return bouw(tmp_path_factory.mktemp("vacc"), VACCINATIE)


@pytest.mark.parametrize(
    ("indicator", "verwacht"),
    [
        ("vaccinatie_dktp_2j", (3, 6)),  # V1, V3, V5 of V1-V5, V8
        ("vaccinatie_hib_2j", (3, 6)),  # V1, V3, V5
        ("vaccinatie_hepb_2j", (2, 6)),  # V1, V5
        ("vaccinatie_pneu_2j", (2, 6)),  # V1, V2
        ("vaccinatie_bmr1_2j", (3, 6)),  # V1, V2, V8
        ("vaccinatie_menc_2j", (2, 6)),  # V1 (MenACWY has MenC), V2
        ("vaccinatie_volledig_2j", (1, 6)),  # V1
        ("vaccinatie_dktp_5j", (1, 2)),  # D1
        ("vaccinatie_dtp_10j", (1, 2)),  # T1
        ("vaccinatie_bmr2_10j", (1, 2)),  # T1
        ("vaccinatie_hpv_meisjes_11j", (1, 2)),  # H1 of H1, H4
        ("vaccinatie_hpv_jongens_11j", (0, 1)),  # H2 (H3 geslacht 0: in neither)
        ("vaccinatie_menacwy_15j", (1, 3)),  # M1
    ],
)
def test_vaccinatiegraad(vacc, indicator, verwacht):
    assert tn(vacc, indicator, "GM0505", "2024") == verwacht


def test_vaccinatie_cohort_en_volledig(vacc):
    assert tn(vacc, "vaccinatie_dktp_2j", "GM0505", "2023") == (0, 1)  # V6
    volledig = dict(
        vacc.execute(
            "select periode, volledig from intern.indicatorwaarden where indicator = 'vaccinatie_dktp_2j' "
            "and gebied_code = 'Org'"
        ).fetchall()
    )
    # spec v2 (Lopende periode): volledig when aanmaakdatum >= peildatum + 3 maanden; 2025-02-03 is
    # before 2025-04-01, so verslagjaar 2025 is provisional (v1 said true: peildatum passed)
    assert volledig["2025"] is False
    assert volledig["2024"] is True
    assert (
        vacc.execute(
            "select count(*) from intern.indicatorwaarden where indicator like 'vaccinatie%' and periode_type <> 'jaar'"
        ).fetchone()[0]
        == 0
    )


# -- no-show ---------------------------------------------------------------------------------------

NOSHOW = [
    *kind("N1", "20200101", extra=[
        *activiteit("N1", "A1", "20240301", soort="39", status="01"),
        *activiteit("N1", "A2", "20230601", soort="39", status="02"),
        *activiteit("N1", "A3", "20230701", soort="39", status="07"),  # afgezegd door JGZ: out
        *activiteit("N1", "A4", "20230801", soort="39", status="08"),  # onbekend: out
        *activiteit("N1", "A5", "20230901", soort="98", status="02"),  # not a contact: out
        "N1;A6;;;724;20231001", "N1;A6;;;494;13", "N1;A6;;;725;02", "N1;A6;;;495;02",  # 3.x: 02
        "N1;A7;;;724;20231101", "N1;A7;;;494;13", "N1;A7;;;725;02", "N1;A7;;;495;01",  # 3.x: 03
        *activiteit("N1", "A8", "20231231", soort="39", status="04"),
        *activiteit("N1", "A9", "20240101", soort="40", status="02"),  # on the 4th birthday: 4-18
    ]),
    # N2: 18 on 2024-01-01, appointment after the 18th birthday: in no no-show indicator (spec v2:
    # all three only before geboortedatum + 18 jaar; v1 counted it in noshow)
    *kind("N2", "20060101", extra=activiteit("N2", "A1", "20240201", soort="41", status="01")),
    # N3: moved to Alblasserdam on 2023-07-01; the appointment on that day counts there
    "N3;;;;20;20150101", "N3;;G001;1;8;01", "N3;;G001;1;9;0505", "N3;;G001;1;1454;20230701",
    "N3;;G001;2;8;01", "N3;;G001;2;9;0482", "N3;;G001;2;1453;20230701",
    *activiteit("N3", "A1", "20230615", soort="40", status="02"),
    *activiteit("N3", "A2", "20230701", soort="40", status="02"),
]  # fmt: skip


def test_noshow(tmp_path):
    con = bouw(tmp_path, NOSHOW)
    assert tn(con, "noshow", "GM0505", "2023") == (3, 5)  # N1: A2, A6 (02), A7, A8; N3: A1 (02)
    assert tn(con, "noshow", "GM0482", "2023") == (1, 1)  # N3: A2
    assert tn(con, "noshow_0_4", "GM0505", "2023") == (2, 4)
    assert tn(con, "noshow_4_18", "GM0505", "2023") == (1, 1)
    assert tn(con, "noshow", "GM0505", "2024") == (1, 2)  # N1: A1, A9 (02); not N2 (spec v2: 18 or older)
    assert tn(con, "noshow_4_18", "GM0505", "2024") == (1, 2)
    assert tn(con, "noshow_0_4", "GM0505", "2024") == (0, 0)
    assert tn(con, "noshow", "GM0505", "2023-06") == (2, 2)
    # the bands add up to noshow exactly, in teller and noemer, in every row
    verschil = con.execute(
        """
        select count(*) from intern.indicatorwaarden t
        join intern.indicatorwaarden a using (gebied_type, gebied_code, periode_type, periode)
        join intern.indicatorwaarden b using (gebied_type, gebied_code, periode_type, periode)
        where t.indicator = 'noshow' and a.indicator = 'noshow_0_4' and b.indicator = 'noshow_4_18'
          and (t.teller <> a.teller + b.teller or t.noemer <> a.noemer + b.noemer)
        """
    ).fetchone()[0]
    assert verschil == 0


# -- schoolverzuim ---------------------------------------------------------------------------------


def _consult(d, act, datum, status="01", advies=None, via="1424", soort="22"):
    rijen = activiteit(d, act, datum, soort=soort, status=status)
    rijen.append(f"{d};{act};;;1424;48" if via == "1424" else f"{d};{act};;;1601;02")
    if advies:
        rijen.append(f"{d};{act};;;1603;{advies}")
    return rijen


def _school(d, inst, soort, start, eind=None):
    rijen = [f"{d};;G008;{inst};58;{soort}", f"{d};;G008;{inst};1473;{start}"]
    return rijen + ([f"{d};;G008;{inst};1474;{eind}"] if eind else [])


VERZUIM = [
    # S1 (14): VO; consults 2024-03-01 (advice 01) and 2024-09-01 (advice 02)
    *kind("S1", "20100501", extra=[*_school("S1", 1, "05", "20220801"),
                                   *_consult("S1", "A1", "20240301", advies="01"),
                                   *_consult("S1", "A2", "20240901", advies="02")]),
    # S2 (8): PO; consult recognised by element 1601 only, no advice
    *kind("S2", "20160101", extra=[*_school("S2", 1, "01", "20200102"), *_consult("S2", "A1", "20240501", via="1601")]),
    # S3 (17): consult not realised (02): noemer only
    *kind("S3", "20070601", extra=_consult("S3", "A1", "20240301", status="02")),
    # S4: turns 18 on 2024-12-31: not in the noemer; its advice still counts (unit: the consult)
    *kind("S4", "20061231", extra=_consult("S4", "A1", "20240201", advies="03")),
    # S5: turns 4 on 2024-12-31: in the noemer
    *kind("S5", "20201231"),
    # S6 (12): no school: in the aandeel noemers only
    *kind("S6", "20120101", extra=_consult("S6", "A1", "20240401")),
    # S7 (16): VO until 2024-08-01 (exclusive), MBO from 2024-08-01; consult on that day: MBO
    *kind("S7", "20080101", extra=[*_school("S7", 1, "10", "20200801", "20240801"),
                                   *_school("S7", 2, "12", "20240801"),
                                   *_consult("S7", "A1", "20240801")]),
    # S8 (13): indicatie 48 on an activity that is not a contact (98): not a verzuimconsult
    *kind("S8", "20110101", extra=_consult("S8", "A1", "20240301", soort="98")),
]  # fmt: skip


def test_schoolverzuim(tmp_path):
    con = bouw(tmp_path, VERZUIM)
    assert tn(con, "verzuim_per_1000", "GM0505", "2024") == (4, 7)  # S1, S2, S6, S7 of all but S4
    waarde = con.execute(
        "select waarde, ci_onder, ci_boven from intern.indicatorwaarden where indicator = 'verzuim_per_1000' "
        "and gebied_code = 'GM0505' and periode = '2024'"
    ).fetchone()
    assert waarde[0] == pytest.approx(4 / 7 * 1000) and 0 < waarde[1] < waarde[0] < waarde[2] < 1000
    assert tn(con, "verzuim_aandeel_po", "GM0505", "2024") == (1, 4)
    assert tn(con, "verzuim_aandeel_vo", "GM0505", "2024") == (1, 4)
    assert tn(con, "verzuim_aandeel_mbo", "GM0505", "2024") == (1, 4)
    assert tn(con, "verzuim_volledig_deelnemen", "GM0505", "2024") == (1, 3)  # S1 x2, S4
    # Q1 ends 2024-03-31: S4 is still 17 then (in the noemer, consult 2024-02-01), S5 not yet 4
    assert tn(con, "verzuim_per_1000", "GM0505", "2024-Q1") == (2, 7)  # S1, S4


# -- nieuwkomers -----------------------------------------------------------------------------------

NIEUWKOMERS = [
    # arrived 2024-06-01, seen 2024-07-01
    *kind("W1", "20150101", extra=["W1;;;;27;20240601", *activiteit("W1", "A1", "20240701", soort="22")]),
    # arrived 2023-01-01; only seen before the vestiging
    *kind("W2", "20160101", extra=["W2;;;;27;20230101", *activiteit("W2", "A1", "20221201", soort="40")]),
    # arrived exactly 24 months before the last day: not a newcomer
    *kind("W3", "20170101", extra=["W3;;;;27;20221231"]),
    # arrived less than 90 days before the last day: newcomer, not yet in the in-beeld noemer
    *kind("W4", "20180101", extra=["W4;;;;27;20241101"]),
    *kind("W5", "20190101"),
    # 18 on 2024-06-01: outside [0, 18)
    *kind("W6", "20060601", extra=["W6;;;;27;20240101"]),
    # arrived and left again: not in Nederland on the last day
    *kind("W7", "20200101", extra=["W7;;;;27;20240201", "W7;;;;29;20240901"]),
    # seen on the last day itself: counts
    *kind("W8", "20210101", extra=["W8;;;;27;20240301", *activiteit("W8", "A1", "20241231", soort="39")]),
]  # fmt: skip


def test_nieuwkomers(tmp_path):
    con = bouw(tmp_path, NIEUWKOMERS)
    assert tn(con, "nieuwkomers_aandeel", "GM0505", "2024") == (4, 6)  # W1, W2, W4, W8 of W1-W5, W8
    assert tn(con, "nieuwkomers_in_beeld", "GM0505", "2024") == (2, 3)  # W1, W8 of W1, W2, W8


# -- metadata and publication -------------------------------------------------------------------


def test_elke_indicator_heeft_metadata_en_omgekeerd(bereik):
    in_uitvoer = {r[0] for r in bereik.execute("select distinct indicator from intern.indicatorwaarden").fetchall()}
    gepubliceerd = {
        r[0] for r in bereik.execute("select distinct indicator from publicatie.indicatorwaarden").fetchall()
    }
    in_tabel = {r[0] for r in bereik.execute("select indicator from intern.indicatoren").fetchall()}
    assert in_tabel == set(indicatoren())
    assert len(in_tabel) == 29
    # spec v2: without any verzuimconsult there are no schoolverzuim rows (this export has none)
    verzuim = {i for i, m in indicatoren().items() if m["thema"] == "verzuim"}
    assert in_uitvoer == gepubliceerd == in_tabel - verzuim
    assert bereik.execute("select count(startjaar) from intern.indicatoren").fetchone()[0] == 0


def test_alle_gebieden_en_periodes_ook_met_noemer_nul(bereik):
    # Every area and period in which an indicator applies, noemer 0 included (spec v2: none where it
    # does not apply). Years 2015-2025 (11), kwartaal 2023-Q1..2025-Q1 (9), maand 2023-01..2025-02 (26).
    # Vaccinatiegraad (jaar only), cohort C = Y - A - 1 within its cohorts:
    #   dktp/hib/pneu/bmr1/menc_2j 5 x 11; hepb_2j and volledig_2j (C >= 2012: Y >= 2015) 2 x 11;
    #   dktp_5j (C <= 2020: Y <= 2026) 11; dtp/bmr2_10j 2 x 11; hpv (C >= 2012: Y >= 2024) 2 x 2;
    #   menacwy_15j (C >= 2004: Y >= 2020) 6  -> 120
    # bereik (5), no-show (3), nieuwkomers (2): 10 x 46; schoolverzuim: none (no verzuimconsult).
    # 3 gemeenten + 2 regio's + 1 werkgebied.
    verwacht = (5 * 11 + 2 * 11 + 11 + 2 * 11 + 2 * 2 + 6 + 10 * (11 + 9 + 26)) * 6
    assert bereik.execute("select count(*) from intern.indicatorwaarden").fetchone()[0] == verwacht


def test_publicatie_onderdrukt_kleine_aantallen(bereik):
    rij = bereik.execute(
        "select teller, noemer, waarde, onderdrukt, reden from publicatie.indicatorwaarden "
        "where indicator = 'bereik_zuigelingen' and gebied_code = 'GM0505' and periode = '2024' and periode_type = 'jaar'"  # noqa: E501
    ).fetchone()
    assert rij == (None, None, None, True, "te weinig waarnemingen")
    intern = bereik.execute(
        "select teller, noemer, onderdrukt from intern.indicatorwaarden "
        "where indicator = 'bereik_zuigelingen' and gebied_code = 'GM0505' and periode = '2024' and periode_type = 'jaar'"  # noqa: E501
    ).fetchone()
    assert intern == (2, 6, True)  # intern keeps the value and says it may not leave
