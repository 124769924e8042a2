"""Attacks on the export reader (issue 11, items 3 and 7 and the guard; bds-export.md "Bad input").

Every physical line gets an outcome; no raw line or value reaches a message, an exception's chain
(which Dagster stores) or a table. The attacks' inputs are made here."""

import io
import time

import duckdb
import pytest

from bronnen.export import MAX_REGEL, ExportGeweigerd, _fysieke_regels, bewaak, open_export
from bronnen.inlezen import controleer
from tests.hulp import KOP, jgz, kind, opvulling, schrijf_export

BSN = "123456782"
GOED = kind("D1", "20200101")  # one child: sex, birth date, an address with its gemeente


def _controleer(pad):
    with open_export(pad) as e:
        con = duckdb.connect()
        return controleer(con, e), con


def _tabellen_tekst(con) -> str:
    """Everything the connection holds, as one text (to look for a leaked value)."""
    delen = []
    for (naam,) in con.execute("select table_name from duckdb_tables()").fetchall():
        delen.append(str(con.execute(f'select * from "{naam}"').fetchall()))
    return "\n".join(delen)


def _export(tmp_path, regels: list[str], einde: str = "\n", **kw):
    tekst = einde.join([KOP, *regels]) + einde
    return schrijf_export(tmp_path / "e", tekst, rijen_manifest=sum(1 for r in regels if r), **kw)


@pytest.mark.parametrize("lengte", [3_000_000, 100_000, MAX_REGEL - len(BSN) + 1])
def test_te_lange_regel_wordt_gekwarantaineerd_nooit_getoond(tmp_path, lengte):
    # items 3 and 7: a 3 MB line (a BSN and spaces) made DuckDB fail with a message quoting it; a
    # line over the limit was skipped silently. 100 KB: under DuckDB's own limit, over ours.
    lang = BSN + " " * lengte
    assert len(lang.encode()) > MAX_REGEL
    regels = [*GOED[:2], lang, *GOED[2:], *opvulling()]
    v, con = _controleer(_export(tmp_path, regels))
    assert v.gelezen == len(regels) and v.sluit  # counted, not skipped
    assert v.voorbeelden["regel_te_lang"] == [4]  # its physical line number (the header is line 1)
    assert v.opgeslagen == 4
    assert BSN not in _tabellen_tekst(con)


def test_regel_van_precies_64_kib_is_geen_fout(tmp_path):
    # the boundary: 64 KiB is allowed, one byte more is not (spaces around fields are trimmed)
    precies = "D1;;;;19;" + "2" + " " * (MAX_REGEL - len("D1;;;;19;2"))
    assert len(precies.encode()) == MAX_REGEL
    v, _ = _controleer(_export(tmp_path, [precies, *GOED[1:], *opvulling()]))
    assert "regel_te_lang" not in v.voorbeelden and v.opgeslagen == 4


@pytest.mark.parametrize("met_aanhalingstekens", [False, True])
def test_lange_regel_in_beide_lezers(tmp_path, met_aanhalingstekens):
    # the full reader (quotes elsewhere in the file) gives the same outcome as the fast one
    extra = ['D1;;G008;1;1532;"School ""De Linde"""'] if met_aanhalingstekens else ["D1;;G008;1;1532;School"]
    regels = [*GOED, BSN + " " * 70_000, *extra, *opvulling()]
    v, con = _controleer(_export(tmp_path, regels))
    assert v.voorbeelden["regel_te_lang"] == [6] and v.sluit
    assert BSN not in _tabellen_tekst(con)


def test_aanhalingsteken_dat_niet_sluit(tmp_path):
    # structural fault: counted and quarantined on its first line, never skipped, never shown;
    # reading goes on with the next line
    regels = [*GOED[:2], f'D1;;;;1602;"vrije tekst met BSN {BSN}', *GOED[2:], *opvulling()]
    v, con = _controleer(_export(tmp_path, regels))
    assert v.voorbeelden["aanhalingsteken_open"] == [4]
    assert v.gelezen == len(regels) and v.opgeslagen == 4 and v.sluit
    assert BSN not in _tabellen_tekst(con)


def test_aanhalingsteken_dat_pas_na_64_kib_sluit(tmp_path):
    # a quoted value over 128 KiB on one line (the csv module's own field limit crashed the reader),
    # and one that closes only after 64 KiB on its second line: no crash; each a fault on its first
    # line, and the line after it is read as a line of its own (a fault here: one field)
    op_een_regel = 'D1;;;;1602;"' + "y" * 140_000 + '"'
    over_regels = 'D1;;;;1602;"' + "x" * 40_000 + "\n" + "x" * 40_000 + '"'
    tekst = "\n".join([KOP, *GOED[:2], op_een_regel, over_regels, *GOED[2:], *opvulling(400)]) + "\n"
    p = schrijf_export(tmp_path / "e", tekst, rijen_manifest=4 + 3 + 400)
    v, con = _controleer(p)
    assert v.voorbeelden["regel_te_lang"] == [4]
    assert v.voorbeelden["aanhalingsteken_open"] == [5]
    assert v.voorbeelden["velden"] == [6]
    assert v.opgeslagen == 4 and v.sluit
    assert "yyyyyyyyyy" not in _tabellen_tekst(con)


@pytest.mark.parametrize(
    "maak",
    [
        lambda regels: "\r\n".join(regels[:1]) + "\r\n" + "\n".join(regels[1:]) + "\n",  # CRLF header, LF body
        lambda regels: "\r".join(regels) + "\r",  # CR only (old Mac)
        lambda regels: "\r\n".join(regels) + "\r\n",  # CRLF only
        lambda regels: "".join(r + ("\r\n", "\n", "\r")[i % 3] for i, r in enumerate(regels)),  # all three
    ],
)
def test_gemengde_regeleinden(tmp_path, maak):
    # item 7: a CRLF header with an LF body crashed the reader with an English error
    regels = [KOP, *GOED[:2], "", *GOED[2:], "D1;;;;19", *opvulling()]
    p = schrijf_export(tmp_path / "e", maak(regels), rijen_manifest=len(regels) - 2)
    v, _ = _controleer(p)
    assert v.opgeslagen == 4 and v.sluit
    assert v.voorbeelden["velden"] == [7]  # the blank line 4 is counted in the numbering


def test_gemengde_regeleinden_met_aanhalingstekens(tmp_path):
    tekst = KOP + "\r\n" + "\n".join(GOED) + '\rD1;;G008;1;1532;"School\r\nmet twee regels"\n'
    tekst += "\n".join(opvulling()) + "\n"
    v, con = _controleer(schrijf_export(tmp_path / "e", tekst, rijen_manifest=205))
    assert v.opgeslagen == 5
    assert con.execute("select regel, waarde from rij where el = 1532").fetchone() == (6, "School\nmet twee regels")


def test_fysieke_regels_cr_lf_op_de_grens():
    # a CRLF split by the bounded read is still one line end: the numbering stays right
    grens = 10
    tekst = "a" * 11 + "\r\n" + "b\r\n" + "c" * 9 + "\r\n" + "d\r" + "e\n" + "f" * 30 + "\r" + "g"
    regels = list(_fysieke_regels(io.StringIO(tekst, newline=""), grens))
    assert regels == [(1, None), (2, "b"), (3, "c" * 9), (4, "d"), (5, "e"), (6, None), (7, "g")]


def test_verspreide_open_aanhalingstekens_kosten_geen_kwadratische_tijd(tmp_path):
    # own attack: stray quotes more than 64 KiB apart (closer ones pair up, RFC 4180), each making
    # the reader look ahead 64 KiB; lines without a quote are looked at once more, cheaply
    regels = [*GOED]
    for i in range(200_000):
        regels.append(f'D{i};;;;19;"2' if i % 7_000 == 0 else f"D{i};;;;19;2")
    start = time.monotonic()
    v, _ = _controleer(_export(tmp_path, regels))
    assert time.monotonic() - start < 60
    assert len(v.voorbeelden["aanhalingsteken_open"]) == 5 and v.gelezen == len(regels)


def test_veel_structurele_fouten_stoppen_het_lezen_vroeg(tmp_path):
    # more faults than 1% of the physical lines: the refusal is certain, the reader stops there
    regels = [*GOED, '"x', *[BSN + " " * 70_000] * 150, *opvulling(100)]
    with pytest.raises(ExportGeweigerd) as fout:
        _controleer(_export(tmp_path, regels))
    assert "structureel fout" in str(fout.value) and BSN not in str(fout.value)


def test_bewaker_laat_geen_ruwe_regel_door(tmp_path):
    # the guard: DuckDB's message quotes the line; what comes out names file, line and reason only
    pad = tmp_path / "x.csv"
    pad.write_text("a\n" + BSN + " " * 3_000_000 + "\n")
    con = duckdb.connect()
    with pytest.raises(ExportGeweigerd) as fout:
        with bewaak("elementen.csv"):
            con.execute(
                "select * from read_csv(?, header = false, auto_detect = false, columns = {'a': 'VARCHAR'})", [str(pad)]
            ).fetchall()
    e = fout.value
    assert BSN not in str(e) and "elementen.csv" in str(e)
    assert e.__cause__ is None and e.__suppress_context__  # nothing for Dagster's event log either


def test_jgz_valideer_toont_de_regel_niet(omgeving, tmp_path):
    # item 3 from outside: `jgz valideer` printed DuckDB's message with the line
    regels = [*GOED[:2], BSN + " " * 3_000_000, *GOED[2:], *opvulling()]
    p = _export(tmp_path, regels)
    r = jgz(omgeving, "valideer", str(p))
    uit = r.stdout + r.stderr
    assert BSN not in uit and "Traceback" not in uit
    assert r.returncode == 0, uit
    assert "64 KiB" in uit
