"""The export contract at file level: every refusal, and the CSV details (quotes, lines, encodings)."""

import hashlib
import json
import zipfile

import duckdb
import pytest

from bronnen.export import ExportGeweigerd, open_export
from bronnen.inlezen import controleer
from tests.hulp import KOP, kind, opvulling, schrijf_export


def _controleer(pad):
    with open_export(pad) as e:
        con = duckdb.connect()
        return controleer(con, e), con


GOED = kind("D1", "20200101")


def _geweigerd(pad, *woorden):
    with pytest.raises(ExportGeweigerd) as fout:
        _controleer(pad)
    tekst = str(fout.value)
    for w in woorden:
        assert w in tekst, tekst
    return fout.value


def test_geldige_export_wordt_geaccepteerd(tmp_path):
    v, _ = _controleer(schrijf_export(tmp_path / "e", GOED))
    assert v.gelezen == 4 and v.opgeslagen == 4 and v.sluit


def test_map_bestaat_niet(tmp_path):
    _geweigerd(tmp_path / "weg", "bestaat niet")


def test_zonder_manifest(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED)
    (p / "manifest.json").unlink()
    _geweigerd(p, "manifest.json ontbreekt")


def test_zonder_databestand(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED)
    (p / "elementen.csv").unlink()
    _geweigerd(p, "elementen.csv", "ontbreekt")


def test_manifest_geen_json(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED)
    (p / "manifest.json").write_text("{ dit is geen json")
    _geweigerd(p, "manifest.json", "geen geldige JSON")


@pytest.mark.parametrize(
    ("veld", "waarde", "woord"),
    [
        ("formaat", "bds-export/2", "onbekend formaat"),
        ("bds_versie", "3.1.0", "onbekende bds_versie"),
        ("bds_versie", "4.1.0", "onbekende bds_versie"),
        ("codering", "latin-1", "onbekende codering"),
        ("aanmaakdatum", "3 februari 2025", "aanmaakdatum"),
        ("aanmaakdatum", None, "aanmaakdatum"),
    ],
)
def test_manifest_velden(tmp_path, veld, waarde, woord):
    p = schrijf_export(tmp_path / "e", GOED, manifest={veld: waarde})
    _geweigerd(p, woord)


@pytest.mark.parametrize("weg", ["rijen", "sha256"])
def test_bestandsregel_zonder_rijen_of_sha(tmp_path, weg):
    p = schrijf_export(tmp_path / "e", GOED)
    m = json.loads((p / "manifest.json").read_text())
    del m["bestanden"][0][weg]
    (p / "manifest.json").write_text(json.dumps(m))
    _geweigerd(p, weg)


def test_versies_3_2_en_4_0_met_elk_patchnummer(tmp_path):
    for i, versie in enumerate(["3.2.0", "3.2.7", "4.0.1", "4.0.12"]):
        v, _ = _controleer(schrijf_export(tmp_path / f"e{i}", GOED, bds_versie=versie))
        assert v.sluit


def test_afwijkend_aantal_rijen(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED, rijen_manifest=5)
    _geweigerd(p, "4 datarijen", "noemt er 5")


def test_afwijkende_sha256(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED, sha="0" * 64)
    _geweigerd(p, "sha256 wijkt af")


def test_ongeldige_utf8_noemt_eerste_foute_regel(tmp_path):
    data = ("\n".join([KOP, *GOED]) + "\n").encode() + b"D1;;;;26;\xff\xfe\n"
    p = schrijf_export(tmp_path / "e", "", bytes_=data, rijen_manifest=5)
    fout = _geweigerd(p, "elementen.csv, regel 6", "utf-8")
    assert fout.regel == 6


def test_windows_1252_wordt_omgezet(tmp_path):
    rijen = [*GOED, "D1;;G008;1;1532;Basisschool Één"]
    v, con = _controleer(schrijf_export(tmp_path / "e", rijen, codering="windows-1252"))
    assert v.opgeslagen == 5
    assert con.execute("select waarde from rij where el = 1532").fetchone()[0] == "Basisschool Één"


def test_ongeldig_in_windows_1252(tmp_path):
    data = ("\n".join([KOP, *GOED]) + "\n").encode("cp1252") + b"D1;;;;26;\x81\n"
    p = schrijf_export(tmp_path / "e", "", bytes_=data, codering="windows-1252", rijen_manifest=5)
    _geweigerd(p, "regel 6", "windows-1252")


def test_utf8_bom_is_toegestaan(tmp_path):
    data = b"\xef\xbb\xbf" + ("\n".join([KOP, *GOED]) + "\n").encode()
    v, _ = _controleer(schrijf_export(tmp_path / "e", "", bytes_=data, rijen_manifest=4))
    assert v.opgeslagen == 4


def test_kopregel_met_andere_kolommen(tmp_path):
    p = schrijf_export(tmp_path / "e", GOED, kop="dossier;activiteit;groep;element;waarde")
    _geweigerd(p, "kopregel", "dossier;activiteit;groep;instantie;element;waarde", "regel 1")


def test_komma_als_scheidingsteken_en_spaties(tmp_path):
    rijen = [r.replace(";", ",") for r in GOED]
    rijen[0] = " D1 , , , , 19 , 2 "
    v, con = _controleer(schrijf_export(tmp_path / "e", rijen, kop=KOP.replace(";", ",")))
    assert v.opgeslagen == 4
    assert con.execute("select betekenis from rij where el = 19").fetchone()[0] == "2"


def test_aanhalingstekens_regeleinden_en_lege_regels(tmp_path):
    tekst = (
        KOP
        + "\n"
        + "\n".join(GOED)
        + "\n"
        + "\n"  # line 6: blank, skipped and not counted
        + 'D1;;G008;1;1532;"School\nmet ; twee regels"\n'  # lines 7-8
        + "D1;;;;19\n"  # line 9: too few fields
        + '"D1";;;;"21";"20240101T10:30"\n'  # line 10: quoted fields, time part ignored
        + "\n".join(opvulling())
        + "\n"
    )
    p = schrijf_export(tmp_path / "e", tekst, rijen_manifest=207)
    v, con = _controleer(p)
    assert v.gelezen == 207 and v.sluit
    assert v.voorbeelden["velden"] == [9]
    assert con.execute("select regel, waarde from rij where el = 1532").fetchone() == (
        7,
        "School\nmet ; twee regels",
    )
    assert con.execute("select betekenis from rij where el = 21").fetchone()[0] == "2024-01-01"


def test_regelnummers_zonder_aanhalingstekens_tellen_lege_regels_mee(tmp_path):
    tekst = KOP + "\n" + "\n".join(GOED[:2]) + "\n\n\n" + "\n".join(GOED[2:]) + "\nD1;;;;19\n"
    tekst += "\n".join(opvulling()) + "\n"
    v, _ = _controleer(schrijf_export(tmp_path / "e", tekst, rijen_manifest=205))
    assert v.voorbeelden["velden"] == [8]


def test_te_veel_structurele_fouten_weigert(tmp_path):
    rijen = GOED * 20 + ["D1;;;;19"] * 2  # 2 of 82 rows: more than 1%
    _geweigerd(schrijf_export(tmp_path / "e", rijen), "structureel fout", "1%")


def test_precies_een_procent_structureel_wordt_geaccepteerd(tmp_path):
    rijen = GOED + opvulling(95) + ["D1;;;;19"]  # 1 of 100 = 1%: not more than 1%
    v, _ = _controleer(schrijf_export(tmp_path / "e", rijen))
    assert v.gelezen == 100 and v.per_reden[0][0] == "velden"


def _zip(tmp_path, prefix="", extra=None):
    bron = schrijf_export(tmp_path / "bron", GOED)
    pad = tmp_path / "export.zip"
    with zipfile.ZipFile(pad, "w") as zf:
        for naam in ("manifest.json", "elementen.csv"):
            zf.write(bron / naam, prefix + naam)
        for naam, inhoud in (extra or {}).items():
            zf.writestr(naam, inhoud)
    return pad


@pytest.mark.parametrize("prefix", ["", "export-2025-02/"])
def test_zip_in_wortel_of_een_map(tmp_path, prefix):
    v, _ = _controleer(_zip(tmp_path, prefix, {"__MACOSX/._manifest.json": "x"}))
    assert v.opgeslagen == 4


def test_zip_met_twee_mappen_wordt_geweigerd(tmp_path):
    _geweigerd(_zip(tmp_path, "a/", {"b/iets.txt": "x"}), "manifest.json ontbreekt")


def test_geen_zip(tmp_path):
    p = tmp_path / "export.zip"
    p.write_bytes(b"geen zip")
    _geweigerd(p, "geen geldig zip-bestand")


def test_parquet_met_dezelfde_kolommen(tmp_path):
    rijen = [r.split(";") for r in GOED]
    p = tmp_path / "'s-Gravenhage" / "e"  # a quote in the path: it reaches DuckDB as a bound parameter
    p.mkdir(parents=True)
    con = duckdb.connect()
    con.execute(
        "create table t as select * from (values "
        + ", ".join("(" + ", ".join(f"'{v}'" for v in r) + ")" for r in rijen)
        + ") v(dossier, activiteit, groep, instantie, element, waarde)"
    )
    con.execute(f"copy t to '{tmp_path / 'elementen.parquet'}' (format parquet)")
    (tmp_path / "elementen.parquet").rename(p / "elementen.parquet")
    data = (p / "elementen.parquet").read_bytes()
    (p / "manifest.json").write_text(
        json.dumps(
            {
                "formaat": "bds-export/1",
                "bds_versie": "4.0.1",
                "aanmaakdatum": "2025-02-03",
                "bestanden": [
                    {
                        "naam": "elementen.parquet",
                        "rijen": 4,
                        "sha256": hashlib.sha256(data).hexdigest(),
                    }
                ],
            }
        )
    )
    v, con2 = _controleer(p)
    assert v.opgeslagen == 4
    assert con2.execute("select min(regel), max(regel) from rij").fetchone() == (2, 5)
