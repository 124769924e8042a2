"""Attacks on the export reader (issue 11, items 3 and 7 and the guard; bds-export.md "Bad input").

Every physical line gets an outcome; no raw line or value reaches a message, an exception's chain
(which Dagster stores) or a table. The attacks' inputs are made here."""

import io
import json
import os
import threading
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from bronnen.csv_veilig import csv_cel, csv_frame
from bronnen.export import (
    MAX_REGEL,
    ExportGeweigerd,
    _fysieke_regels,
    bewaak,
    controleer_organisatie,
    lees_manifest,
    open_export,
)
from bronnen.inbox import kandidaten
from bronnen.inlezen import controleer, lees_in
from bronnen.tabellen import maak_tabellen
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
    p = _export(tmp_path, regels, manifest={"organisatie": "JGZ Zuid-Holland Zuid"})  # the config's
    r = jgz(omgeving, "valideer", str(p))
    uit = r.stdout + r.stderr
    assert BSN not in uit and "Traceback" not in uit
    assert r.returncode == 0, uit
    assert "64 KiB" in uit


# -- item 8: an export that would wipe the published figures ----------------------------------------

SLEUTEL = b"s" * 32


def _lees_in(con, pad, forceer=False):
    with open_export(pad) as e:
        return lees_in(con, e, SLEUTEL, forceer)


def test_export_zonder_datarijen_wordt_geweigerd(tmp_path):
    # item 8: a header-only export with a newer date was accepted: 300 children became 0
    con = duckdb.connect()
    maak_tabellen(con)
    _lees_in(con, schrijf_export(tmp_path / "a", [*GOED, *kind("D2", "20210101")], aanmaakdatum="2025-01-01"))
    leeg = schrijf_export(tmp_path / "b", [], aanmaakdatum="2025-02-01")
    with pytest.raises(ExportGeweigerd) as fout:
        _lees_in(con, leeg)
    tekst = str(fout.value)
    assert "0 dossiers" in tekst and "had er 2" in tekst and "--forceer" in tekst
    assert con.execute("select count(*) from beheer.exports").fetchone()[0] == 1  # nothing changed
    _lees_in(con, leeg, forceer=True)  # the user may force it
    assert con.execute("select count(*) from beheer.exports").fetchone()[0] == 2


def test_minder_dan_de_helft_van_de_dossiers_wordt_geweigerd(tmp_path):
    con = duckdb.connect()
    maak_tabellen(con)
    vijf = [r for i in range(5) for r in kind(f"D{i}", "20200101")]
    _lees_in(con, schrijf_export(tmp_path / "a", vijf, aanmaakdatum="2025-01-01"))
    twee = [r for i in range(2) for r in kind(f"D{i}", "20200101")]
    with pytest.raises(ExportGeweigerd, match="2 dossiers; de nieuwste ingelezen export .* had er 5"):
        _lees_in(con, schrijf_export(tmp_path / "b", twee, aanmaakdatum="2025-02-01"))
    drie = [r for i in range(3) for r in kind(f"D{i}", "20200101")]  # 3 of 5: not fewer than half
    _lees_in(con, schrijf_export(tmp_path / "c", drie, aanmaakdatum="2025-02-01"))


def test_eerste_export_zonder_datarijen_wordt_geweigerd(tmp_path):
    con = duckdb.connect()
    maak_tabellen(con)
    with pytest.raises(ExportGeweigerd, match="geen dossiers"):
        _lees_in(con, schrijf_export(tmp_path / "a", []))


# -- item 9 and the Low items: the zip, the files, the manifest --------------------------------------


def _zip(tmp_path: Path, leden: dict[str, bytes], naam: str = "export.zip", compression=zipfile.ZIP_DEFLATED) -> Path:
    pad = tmp_path / naam
    with zipfile.ZipFile(pad, "w", compression) as zf:
        for lid, inhoud in leden.items():
            zf.writestr(lid, inhoud)
    return pad


def _bron(tmp_path: Path, **kw) -> dict[str, bytes]:
    p = schrijf_export(tmp_path / "bron", [*GOED, *opvulling()], **kw)
    return {n: (p / n).read_bytes() for n in ("manifest.json", "elementen.csv")}


def test_zip_bom_in_het_manifest(tmp_path):
    # item 9: a 3 MB zip whose manifest unpacks to 3 GB cost 80 s and 5.7 GB of memory
    leden = _bron(tmp_path)
    leden["manifest.json"] = leden["manifest.json"][:-1] + b" " * 30_000_000 + b"}"
    pad = _zip(tmp_path, leden)
    assert pad.stat().st_size < 100_000
    start = time.monotonic()
    with pytest.raises(ExportGeweigerd, match="20 keer zijn eigen grootte"):
        with open_export(pad):
            pass
    assert time.monotonic() - start < 5
    k = {x.pad.name: x for x in kandidaten(tmp_path)}
    assert k["export.zip"].export_id is None and "zip-bom" in k["export.zip"].fout  # nor does the inbox


def test_te_groot_manifest_in_een_map(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED)
    m = (p / "manifest.json").read_bytes()
    (p / "manifest.json").write_bytes(m[:-1] + b" " * 2_000_000 + b"}")
    with pytest.raises(ExportGeweigerd, match="geen manifest"):
        lees_manifest(p)


def test_beschadigde_zip(tmp_path):
    leden = _bron(tmp_path)
    pad = _zip(tmp_path, leden)
    data = bytearray(pad.read_bytes())
    # damage the compressed data file (not the directory): the manifest reads, unpacking fails
    plek = data.find(b"elementen.csv") + 40
    for i in range(plek, plek + 200):
        data[i] ^= 0x55
    pad.write_bytes(bytes(data))
    with pytest.raises(ExportGeweigerd) as fout:
        _controleer(pad)
    assert "beschadigd" in str(fout.value) and "Traceback" not in str(fout.value)
    # cut off: no central directory at all
    pad.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(ExportGeweigerd, match="geen geldig zip-bestand"):
        _controleer(pad)


def test_versleutelde_zip(tmp_path):
    pad = _zip(tmp_path, _bron(tmp_path), compression=zipfile.ZIP_STORED)
    data = bytearray(pad.read_bytes())
    # set the "encrypted" flag, as a password-protected zip has it, in every local and central header
    for handtekening, plek in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(handtekening)
        while i >= 0:
            data[i + plek] |= 0x1
            i = data.find(handtekening, i + 4)
    pad.write_bytes(bytes(data))
    with pytest.raises(ExportGeweigerd, match="versleuteld"):
        _controleer(pad)


def _zonder_hangen(functie, seconden: float = 10):
    uitkomst: dict = {}

    def draai():
        try:
            uitkomst["waarde"] = functie()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            uitkomst["fout"] = e

    t = threading.Thread(target=draai, daemon=True)
    t.start()
    t.join(seconden)
    assert not t.is_alive(), "blijft hangen"
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst.get("waarde")


@pytest.mark.parametrize("naam", ["elementen.csv", "manifest.json"])
def test_fifo_in_de_export_hangt_niet(tmp_path, naam):
    # item 9: a FIFO hung `jgz run`
    p = schrijf_export(tmp_path / "e", GOED)
    (p / naam).unlink()
    os.mkfifo(p / naam)
    with pytest.raises(ExportGeweigerd, match="geen gewoon bestand"):
        _zonder_hangen(lambda: _controleer(p))


def test_fifo_in_de_inbox_hangt_niet(tmp_path):
    os.mkfifo(tmp_path / "export.zip")
    schrijf_export(tmp_path / "goed", GOED)
    k = _zonder_hangen(lambda: kandidaten(tmp_path))
    assert [x.pad.name for x in k] == ["export.zip", "goed"]
    assert k[0].export_id is None and "geen gewoon bestand" in k[0].fout and k[1].export_id


def test_apparaat_in_de_export(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED)
    (p / "elementen.csv").unlink()
    (p / "elementen.csv").symlink_to("/dev/zero")  # endless: reading it would never finish
    with pytest.raises(ExportGeweigerd, match="buiten de export|geen gewoon bestand"):
        _zonder_hangen(lambda: _controleer(p))


def test_koppeling_naar_buiten_de_export(tmp_path):
    geheim = tmp_path / "geheim.csv"
    geheim.write_text(KOP + "\n" + f"D1;;;;7;{BSN}\n")
    p = schrijf_export(tmp_path / "e", GOED)
    (p / "elementen.csv").unlink()
    (p / "elementen.csv").symlink_to(geheim)
    with pytest.raises(ExportGeweigerd, match="buiten de export"):
        _controleer(p)


def test_zip_schrijft_niets_buiten_een_eigen_tijdelijke_map(tmp_path):
    leden = _bron(tmp_path)
    leden["../../buiten.csv"] = b"x"
    leden["/tmp/absoluut-jgz-test.csv"] = b"x"
    pad = _zip(tmp_path / "inbox" if (tmp_path / "inbox").mkdir() is None else tmp_path, leden)
    voor = set(tmp_path.rglob("*"))
    v, _ = _controleer(pad)
    assert v.opgeslagen == 4
    assert set(tmp_path.rglob("*")) == voor and not Path("/tmp/absoluut-jgz-test.csv").exists()


def test_zip_wordt_pas_uitgepakt_als_de_gegevens_nodig_zijn(tmp_path, monkeypatch):
    # item 9: the zip was unpacked three times per run; now the manifest comes straight from the zip
    pad = _zip(tmp_path, _bron(tmp_path))
    uitgepakt = []
    echte = zipfile.ZipFile.open

    def open_(self, naam, *a, **kw):
        uitgepakt.append(getattr(naam, "filename", naam))
        return echte(self, naam, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_)
    for _ in range(2):  # `jgz run` looks twice (command line, bds_export) before reading the data
        with open_export(pad) as e:
            assert e.manifest.rijen == 204
    kandidaten(tmp_path)
    assert "elementen.csv" not in uitgepakt
    _controleer(pad)
    assert uitgepakt.count("elementen.csv") == 1


def test_een_manifestlezer_voor_inbox_en_export(tmp_path):
    # inbox.py took bestanden[0] and the command line did not lowercase the sha: both now read the
    # manifest with the one function, so they agree on the export's identity
    p = schrijf_export(tmp_path / "inbox" / "e", GOED)
    m = json.loads((p / "manifest.json").read_text())
    sha = m["bestanden"][0]["sha256"]
    m["bestanden"] = [
        {"naam": "lees-mij.txt", "rijen": 1, "sha256": "0" * 64},
        {**m["bestanden"][0], "sha256": sha.upper()},
    ]
    (p / "manifest.json").write_text(json.dumps(m))
    k = kandidaten(tmp_path / "inbox")[0]
    with open_export(p) as e:
        assert k.export_id == e.export_id == lees_manifest(p).sha256 == sha


@pytest.mark.parametrize("versie", ["4.0.1\n", "4.0.1 ", " 4.0.1", "4.0.\u0661", "4.0.", "4.1.0", "3.2.7.1", "4,0,1"])
def test_bds_versie_precies(tmp_path, versie):
    # Low item: "4.0.1\n" was accepted ($ matches before a final newline; \d matches any digit)
    with pytest.raises(ExportGeweigerd, match="bds_versie"):
        lees_manifest(schrijf_export(tmp_path / "e", GOED, bds_versie=versie))


@pytest.mark.parametrize("versie", ["4.0.1", "3.2.7", "4.0.12"])
def test_bds_versie_goed(tmp_path, versie):
    assert lees_manifest(schrijf_export(tmp_path / "e", GOED, bds_versie=versie)).bds_versie == versie


@pytest.mark.parametrize(
    "datum", ["9999-12-31", (date.today() + timedelta(days=1)).isoformat(), "1999-12-31", "0001-01-01"]
)
def test_aanmaakdatum_buiten_het_bereik(tmp_path, datum):
    # Low item: 9999-12-31 was accepted and then blocked every real export (older than the newest)
    with pytest.raises(ExportGeweigerd, match="aanmaakdatum"):
        lees_manifest(schrijf_export(tmp_path / "e", GOED, aanmaakdatum=datum))


def test_aanmaakdatum_vandaag_mag(tmp_path):
    lees_manifest(schrijf_export(tmp_path / "e", GOED, aanmaakdatum=date.today().isoformat()))


def test_andere_organisatie_wordt_geweigerd_tenzij_geforceerd(tmp_path):
    m = lees_manifest(schrijf_export(tmp_path / "e", GOED, manifest={"organisatie": "JGZ Elders\x1b[2J"}))
    with pytest.raises(ExportGeweigerd) as fout:
        controleer_organisatie(m, "JGZ Zuid-Holland Zuid")
    assert "--forceer" in str(fout.value) and "\x1b" not in str(fout.value)  # no terminal escape printed
    controleer_organisatie(m, "JGZ Zuid-Holland Zuid", forceer=True)
    m2 = lees_manifest(schrijf_export(tmp_path / "f", GOED, manifest={"organisatie": "jgz  zuid-holland zuid"}))
    controleer_organisatie(m2, "JGZ Zuid-Holland Zuid")  # spelling of spaces and case is no other organisation


@pytest.mark.parametrize("vorm", ["[" * 100_000, '{"a":' * 100_000])
def test_diep_genest_manifest(tmp_path, vorm):
    # Low item: a deeply nested manifest ended in a traceback (RecursionError)
    p = schrijf_export(tmp_path / "e", GOED)
    (p / "manifest.json").write_text(vorm)
    with pytest.raises(ExportGeweigerd, match="manifest.json"):
        lees_manifest(p)


@pytest.mark.parametrize("veld", ["formaat", "bds_versie", "codering", "aanmaakdatum"])
def test_manifestwaarden_in_meldingen_zijn_kort_en_zonder_stuurtekens(tmp_path, veld):
    p = schrijf_export(tmp_path / "e", GOED, manifest={veld: "\x1b]0;titel\x07" + "x" * 5000})
    with pytest.raises(ExportGeweigerd) as fout:
        lees_manifest(p)
    assert "\x1b" not in str(fout.value) and len(str(fout.value)) < 400


# -- Low item: CSV formula injection ----------------------------------------------------------------


def test_csv_formule_wordt_tekst():
    import polars as pl

    assert csv_cel('=HYPERLINK("http://x","klik")') == '\'=HYPERLINK("http://x","klik")'
    for gevaarlijk in ("+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cel(gevaarlijk) == "'" + gevaarlijk
    assert csv_cel("Drechtsteden") == "Drechtsteden" and csv_cel(-1.5) == -1.5
    df = pl.DataFrame({"gebied_code": ["=1+1", "GM0505"], "waarde": [-0.5, 0.5]})
    uit = csv_frame(df)
    assert uit["gebied_code"].to_list() == ["'=1+1", "GM0505"] and uit["waarde"].to_list() == [-0.5, 0.5]


def test_jgz_run_bewaart_de_regel_nergens(omgeving, tmp_path):
    # item 3 from outside: `jgz run` stored DuckDB's message (with the line) in Dagster's run history.
    # Two faults in 6 rows: refused, so the run stops at the ingest; then no file anywhere holds the BSN
    regels = [*GOED[:2], BSN + " " * 3_000_000, f'D1;;;;1602;"{BSN}', *GOED[2:]]
    p = _export(tmp_path, regels, manifest={"organisatie": "JGZ Zuid-Holland Zuid"})
    r = jgz(omgeving, "run", "--export", str(p))
    uit = r.stdout + r.stderr
    assert r.returncode == 1, uit
    assert "structureel fout" in uit and BSN not in uit and "Traceback" not in uit
    gezien = 0
    for pad in (tmp_path / "data").rglob("*"):
        if pad.is_file():
            gezien += 1
            assert BSN.encode() not in pad.read_bytes(), pad
    assert gezien > 3  # Dagster's storage was there to look in


def test_jgz_valideer_weigert_wat_jgz_run_zou_weigeren(omgeving, tmp_path):
    # `jgz valideer` exits 1 if the export would be refused: no dossiers, or another organisation
    leeg = schrijf_export(tmp_path / "leeg", [], manifest={"organisatie": "JGZ Zuid-Holland Zuid"})
    r = jgz(omgeving, "valideer", str(leeg))
    assert r.returncode == 1 and "0 dossiers" in r.stdout, r.stdout + r.stderr
    ander = schrijf_export(tmp_path / "ander", GOED, manifest={"organisatie": "JGZ Elders"})
    r = jgz(omgeving, "valideer", str(ander))
    assert r.returncode == 1 and "niet de geconfigureerde organisatie" in r.stdout, r.stdout + r.stderr


@pytest.mark.parametrize(
    "fout",
    [
        duckdb.IOException('IO Error: Could not write file "/d/jgz.duckdb": File too large'),
        duckdb.FatalException(
            "FATAL Error: database has been invalidated. Original error: Could not write: No space left on device"
        ),
        OSError(28, "No space left on device"),
    ],
)
def test_bewaker_houdt_een_schrijffout_herkenbaar(fout):
    # a full disk is not a bad export: the message says so (and the command line adds what to do)
    with pytest.raises(ExportGeweigerd) as e:
        with bewaak("elementen.csv"):
            raise fout
    assert "er kon niet geschreven worden" in str(e.value) and "schijf is vol" in str(e.value)
    assert e.value.__cause__ is None and e.value.__suppress_context__


def test_bestandsnaam_met_stuurtekens_in_een_melding(tmp_path):
    # own attack: an export named with a terminal escape (clears the screen, rewrites the title)
    pad = _zip(tmp_path, {"iets.txt": b"x"}, naam="\x1b[2J\x1b]0;pwnd\x07.zip")
    with pytest.raises(ExportGeweigerd) as fout:
        _controleer(pad)
    assert "\x1b" not in str(fout.value) and "\x07" not in str(fout.value)
    assert "manifest.json ontbreekt" in str(fout.value)
