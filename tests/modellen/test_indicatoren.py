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


# -- version 2: vaccination rules (spec v2, Vaccinatiegraad) ---------------------------------------

VACCINATIE_V2 = [
    # cohort 2021, verslagjaar 2024 (A = 2, peildatum 2024-01-01)
    # B1: BMR only at 9 months: before the 1st birthday (min_leeftijd 1 jaar), does not count
    *kind("B1", "20210301", extra=_vac("B1", ("20211201", "04"))),
    # B2: BMR and MenC at 9 months are repeated at 14 months: the repeats count
    *kind("B2", "20210302", extra=_vac("B2", ("20211202", "04"), ("20211202", "06"), ("20220502", "04"),
                                       ("20220502", "06"))),
    # M1: MenC only at 9 months: does not count
    *kind("M1", "20210303", extra=_vac("M1", ("20211203", "06"))),
    # L1: late starter (first doses at 13 months): 3x DKTP-Hib-HepB (n_laat 3 for DKTP and HepB, 1 for
    # Hib), 2x Pneu (n_laat 2), BMR and MenC: complete for every set, so also basisimmuun
    *kind("L1", "20210304", extra=_vac("L1", ("20220404", "11"), ("20220604", "11"), ("20221004", "11"),
                                       ("20220404", "08"), ("20220804", "08"), ("20220404", "04"),
                                       ("20220404", "06"))),
    # L2: not a late starter (first Pneu at 6 months): 2 Pneu doses are not 3
    *kind("L2", "20210305", extra=_vac("L2", ("20210905", "08"), ("20220605", "08"))),
    # L3: one DKTP-Hib after the 1st birthday: Hib complete (n_laat 1), DKTP not (1 of 3)
    *kind("L3", "20210306", extra=_vac("L3", ("20220406", "10"))),
    # S1: two Pneu on one date are one dose: 2 doses, not 3. DKTP-Hib and DKTP-Hib-HepB on 2021-06-07
    # are one DKTP dose too: with 2021-08-07 and 2021-10-07, 3 doses of DKTP, Hib and HepB
    *kind("S1", "20210307", extra=_vac("S1", ("20210607", "08"), ("20210607", "08"), ("20210807", "08"),
                                       ("20210607", "11"), ("20210607", "10"), ("20210807", "11"),
                                       ("20211007", "11"))),
    # cohort 2018, verslagjaar 2024 (A = 5): DKTP needs the kleuterbooster (on or after 3 years)
    # K1: four infant doses, no kleuterbooster: not complete (v1 counted it)
    *kind("K1", "20180501", extra=_vac("K1", ("20180801", "11"), ("20181001", "11"), ("20181201", "11"),
                                       ("20190601", "11"))),
    # K2: three infant doses and the kleuterbooster at 4: complete
    *kind("K2", "20180502", extra=_vac("K2", ("20180802", "11"), ("20181002", "11"), ("20190502", "11"),
                                       ("20220602", "01"))),
    # K3: late starter (first dose at 1 year 8 months): 3 doses (n_laat), the last at 3 years 1 month
    *kind("K3", "20180503", extra=_vac("K3", ("20200103", "01"), ("20200303", "01"), ("20210603", "01"))),
    # K4: late starter with 3 doses, none on or after the 3rd birthday: no booster
    *kind("K4", "20180504", extra=_vac("K4", ("20200104", "01"), ("20200304", "01"), ("20210104", "01"))),
    # K5: the booster on the 5th birthday itself is after the age limit: 3 doses
    *kind("K5", "20180505", extra=_vac("K5", ("20180805", "11"), ("20181005", "11"), ("20190505", "11"),
                                       ("20230505", "01"))),
    # cohort 2013, verslagjaar 2024 (A = 10): DTP needs the 9-year dose (on or after 8 years)
    # T1: five doses, the last at 7: no 9-year dose, not complete (v1 counted it); BMR at 11 months
    # (does not count) and at 9: one BMR dose, not two
    *kind("T1", "20130301", extra=_vac("T1", ("20130601", "11"), ("20130801", "11"), ("20140201", "11"),
                                       ("20170401", "01"), ("20200401", "11"), ("20140201", "04"),
                                       ("20220501", "04"))),
    # T2: the full schedule: 3 infant, kleuterbooster, DTP and BMR at 9
    *kind("T2", "20130302", extra=_vac("T2", ("20130602", "11"), ("20130802", "11"), ("20140202", "11"),
                                       ("20170402", "01"), ("20220502", "02"), ("20140502", "04"),
                                       ("20220502", "04"))),
    # T3: late starter (first DTP at 1 year 10 months): 4 doses (n_laat), the last at 9
    *kind("T3", "20130303", extra=_vac("T3", ("20150103", "02"), ("20150303", "02"), ("20160103", "02"),
                                       ("20220503", "02"), ("20150103", "04"), ("20220503", "04"))),
    # HPV, cohort 2012 (A = 11, verslagjaar 2024): a girl with 2 doses, a boy with 1
    *kind("G1", "20120601", geslacht="2", extra=_vac("G1", ("20220601", "09"), ("20221201", "09"))),
    *kind("J1", "20120602", geslacht="1", extra=_vac("J1", ("20220601", "09"))),
    # born 2011: HPV at 11 was not offered to this cohort: in no HPV row (verslagjaar 2023 has none)
    *kind("G2", "20110601", geslacht="2", extra=_vac("G2", ("20210601", "09"), ("20211201", "09"))),
]  # fmt: skip


@pytest.fixture(scope="module")
def vacc2(tmp_path_factory):
    return bouw(tmp_path_factory.mktemp("vacc2"), VACCINATIE_V2)


@pytest.mark.parametrize(
    ("indicator", "verwacht"),
    [
        ("vaccinatie_dktp_2j", (2, 7)),  # L1, S1 of B1, B2, M1, L1, L2, L3, S1
        ("vaccinatie_hib_2j", (3, 7)),  # L1, L3, S1
        ("vaccinatie_hepb_2j", (2, 7)),  # L1, S1
        ("vaccinatie_pneu_2j", (1, 7)),  # L1 (L2 not late, S1 two doses)
        ("vaccinatie_bmr1_2j", (2, 7)),  # B2, L1 (B1 at 9 months only)
        ("vaccinatie_menc_2j", (2, 7)),  # B2, L1 (M1 at 9 months only)
        ("vaccinatie_volledig_2j", (1, 7)),  # L1: every set with its own rules
        ("vaccinatie_dktp_5j", (2, 5)),  # K2, K3 of K1-K5
        ("vaccinatie_dtp_10j", (2, 3)),  # T2, T3 (T1: no dose on or after 8 years)
        ("vaccinatie_bmr2_10j", (2, 3)),  # T2, T3 (T1: the BMR at 11 months does not count)
        ("vaccinatie_hpv_meisjes_11j", (1, 1)),  # G1
        ("vaccinatie_hpv_jongens_11j", (0, 1)),  # J1 (one dose)
    ],
)
def test_vaccinatie_v2_regels(vacc2, indicator, verwacht):
    assert tn(vacc2, indicator, "GM0505", "2024") == verwacht


def _jaren(con, indicator, gebied="Org"):
    return sorted(
        r[0]
        for r in con.execute(
            "select periode from intern.indicatorwaarden where indicator = ? and gebied_code = ?", [indicator, gebied]
        ).fetchall()
    )


def test_vaccinatie_geen_rijen_buiten_de_cohorten(vacc2):
    # spec v2: rows only for verslagjaren whose cohort C = Y - A - 1 lies within the cohorts (no zeros)
    # HPV vanaf 2012 (A = 11): Y >= 2024; G2 (born 2011) is in no row
    assert _jaren(vacc2, "vaccinatie_hpv_meisjes_11j") == ["2024", "2025"]
    assert _jaren(vacc2, "vaccinatie_hpv_meisjes_11j", "GM0505") == ["2024", "2025"]
    # MenACWY vanaf 2004 (A = 15): Y >= 2020
    assert _jaren(vacc2, "vaccinatie_menacwy_15j") == [str(j) for j in range(2020, 2026)]
    # HepB and basisimmuun vanaf 2012 (A = 2): Y >= 2015, the whole reported range
    assert _jaren(vacc2, "vaccinatie_hepb_2j") == [str(j) for j in range(2015, 2026)]
    # in publicatie too (the key stays, whatever is withheld)
    hpv_voor_2024 = (
        "select count(*) from publicatie.indicatorwaarden where indicator like 'vaccinatie_hpv%' and periode < '2024'"  # noqa: E501
    )
    assert vacc2.execute(hpv_voor_2024).fetchone()[0] == 0


def test_vaccinatie_cohort_tot(tmp_path, monkeypatch):
    # `tot` is inclusive: with cohort_tot 2017 for DKTP at 5 (A = 5), verslagjaar 2023 (C = 2017) has rows
    # and 2024 (C = 2018) has none. The real file says tot 2020, which this export's years never pass.
    import copy

    from modellen import bouw as bouw_module
    from modellen import metadata

    alle = copy.deepcopy(metadata.indicatoren())
    alle["vaccinatie_dktp_5j"]["vaccinatie"]["cohort_tot"] = 2017
    monkeypatch.setattr(metadata, "indicatoren", lambda: alle)
    monkeypatch.setattr(bouw_module, "indicatoren", lambda: alle)
    con = bouw(tmp_path, [*kind("K1", "20170601"), *kind("K2", "20180601")])
    assert _jaren(con, "vaccinatie_dktp_5j") == [str(j) for j in range(2015, 2024)]
    assert tn(con, "vaccinatie_dktp_5j", "GM0505", "2023") == (0, 1)  # K1


@pytest.mark.parametrize(("aanmaakdatum", "volledig_2025"), [("2025-03-31", False), ("2025-04-01", True)])
def test_vaccinatie_volledig_drie_maanden_na_de_peildatum(tmp_path, aanmaakdatum, volledig_2025):
    # spec v2: volledig when aanmaakdatum >= peildatum + 3 maanden (2025-01-01 + 3 maanden = 2025-04-01)
    con = bouw(tmp_path, kind("K1", "20220601"), aanmaakdatum=aanmaakdatum)
    rij = con.execute(
        "select volledig from intern.indicatorwaarden where indicator = 'vaccinatie_bmr1_2j' and gebied_code = 'Org' "
        "and periode = '2025'"
    ).fetchone()
    assert rij == (volledig_2025,)
    # other indicators keep the period rule: the running year 2025 is not volledig
    assert con.execute(
        "select volledig from intern.indicatorwaarden where indicator = 'bereik_peuters' and gebied_code = 'Org' "
        "and periode = '2025' and periode_type = 'jaar'"
    ).fetchone() == (False,)


# -- version 2: schoolverzuim startjaar and verzuim_aandeel_overig ---------------------------------

VERZUIM_V2 = [
    # Z1 (13): the first gerealiseerd verzuimconsult in the werkgebied, 2023-05-10: startjaar 2023
    *kind("Z1", "20100101", extra=[*_school("Z1", 1, "05", "20220801"), *_consult("Z1", "A1", "20230510")]),
    # Z2: lives in Rotterdam: its consult of 2021 does not count for the werkgebied
    *kind("Z2", "20100102", gemeente="0599", extra=_consult("Z2", "A1", "20210301")),
    # Z3: a consult in 2022 that did not take place (02): not gerealiseerd
    *kind("Z3", "20100103", extra=_consult("Z3", "A1", "20220301", status="02")),
    # Z4: a consult in 2020 without a kind of activity (494): the activity is quarantined
    *kind("Z4", "20100104", extra=["Z4;A1;;;724;20200301", "Z4;A1;;;1605;01", "Z4;A1;;;1424;48"]),
    # Z5: consult on 2022-12-31 while living in Rotterdam; moved to Dordrecht on 2023-01-01
    "Z5;;;;20;20100105", "Z5;;G001;1;8;01", "Z5;;G001;1;9;0599", "Z5;;G001;1;1454;20230101",
    "Z5;;G001;2;8;01", "Z5;;G001;2;9;0505", "Z5;;G001;2;1453;20230101",
    *_consult("Z5", "A1", "20221231"),
    # consults in 2024, one child per kind of school on the date of the first consult:
    # Y1 (12): no school at all: overig
    *kind("Y1", "20120101", extra=_consult("Y1", "A1", "20240301")),
    # Y2: a school whose soort onderwijs is invalid (1, quarantined): overig
    *kind("Y2", "20120102", extra=[*_school("Y2", 1, "1", "20200801"), *_consult("Y2", "A1", "20240302")]),
    # Y3: a school of another soort (13, HBO): overig
    *kind("Y3", "20120103", extra=[*_school("Y3", 1, "13", "20200801"), *_consult("Y3", "A1", "20240303")]),
    # Y4: basisonderwijs: po
    *kind("Y4", "20120104", extra=[*_school("Y4", 1, "01", "20200801"), *_consult("Y4", "A1", "20240304")]),
    # Y5: the school ended on the consult date (end exclusive): no school that day: overig
    *kind("Y5", "20120105", extra=[*_school("Y5", 1, "05", "20200801", "20240305"),
                                   *_consult("Y5", "A1", "20240305")]),
    # Y6: havo: vo; Y7: mbo
    *kind("Y6", "20100106", extra=[*_school("Y6", 1, "10", "20220801"), *_consult("Y6", "A1", "20240306")]),
    *kind("Y7", "20070107", extra=[*_school("Y7", 1, "12", "20230801"), *_consult("Y7", "A1", "20240307")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def verzuim2(tmp_path_factory):
    return bouw(tmp_path_factory.mktemp("verzuim2"), VERZUIM_V2)


def test_verzuim_startjaar(verzuim2):
    # spec v2: reported only from 1 January of the startjaar (2023: Z1), in jaar, kwartaal and maand
    assert verzuim2.execute("select distinct startjaar from intern.indicatoren where thema = 'verzuim'").fetchall() == [
        (2023,)
    ]
    for indicator in ("verzuim_per_1000", "verzuim_volledig_deelnemen", "verzuim_aandeel_overig"):
        perioden = verzuim2.execute(
            "select periode_type, min(periode) from intern.indicatorwaarden where indicator = ? group by 1 order by 1",
            [indicator],
        ).fetchall()
        assert perioden == [("jaar", "2023"), ("kwartaal", "2023-Q1"), ("maand", "2023-01")], indicator
    # a row from 1 January, zeros: Z1, Z3, Z4, Z5 (in Dordrecht since 2023-01-01), Y1-Y7 (Y7 is 16)
    assert tn(verzuim2, "verzuim_per_1000", "GM0505", "2023-Q1") == (0, 11)
    assert tn(verzuim2, "verzuim_per_1000", "GM0505", "2023") == (1, 11)  # Z1
    assert tn(verzuim2, "verzuim_aandeel_vo", "GM0505", "2023") == (1, 1)
    # no-show and the others keep every year
    assert _jaren(verzuim2, "noshow")[0] == "2015"


def test_verzuim_aandeel_overig_en_optellen(verzuim2):
    # 2024, noemer: Z1, Z3, Z4, Z5, Y1-Y7 (Y7 is 17); teller: Y1-Y7
    assert tn(verzuim2, "verzuim_per_1000", "GM0505", "2024") == (7, 11)
    assert tn(verzuim2, "verzuim_aandeel_po", "GM0505", "2024") == (1, 7)  # Y4
    assert tn(verzuim2, "verzuim_aandeel_vo", "GM0505", "2024") == (1, 7)  # Y6
    assert tn(verzuim2, "verzuim_aandeel_mbo", "GM0505", "2024") == (1, 7)  # Y7
    assert tn(verzuim2, "verzuim_aandeel_overig", "GM0505", "2024") == (4, 7)  # Y1, Y2, Y3, Y5
    # in every row the four tellers add up to their common noemer, the teller of verzuim_per_1000
    fout = verzuim2.execute(
        """
        select count(*) from intern.indicatorwaarden t
        join (select gebied_code, periode_type, periode, sum(teller) as som, min(noemer) as n1, max(noemer) as n2
              from intern.indicatorwaarden where indicator like 'verzuim_aandeel_%' group by all) a
          using (gebied_code, periode_type, periode)
        where t.indicator = 'verzuim_per_1000' and (a.som <> t.teller or a.n1 <> t.teller or a.n2 <> t.teller)
        """
    ).fetchone()[0]
    assert fout == 0
