"""Keyed pseudonyms and the configuration."""

import os
import stat

import duckdb
import pytest

from bronnen.config import ConfigFout, laad_config
from bronnen.pseudoniem import pseudoniem, registreer, sleutel


def test_sql_en_python_geven_hetzelfde_hmac():
    con = duckdb.connect()
    for key in (b"kort", b"x" * 64, b"y" * 100):
        registreer(con, key)
        for tekst in ("D0001", "dossier-ä", "123456789012345"):
            assert con.execute("select pseudoniem(?)", [tekst]).fetchone()[0] == pseudoniem(key, tekst)


def test_macro_bevat_geen_sleutelmateriaal():
    # the padded keys are bound parameters: neither the key nor its pads appear in the macro's text
    from bronnen.pseudoniem import _pads

    key = b"geheim-en-minstens-tweeendertig-bytes-lang"
    con = duckdb.connect()
    registreer(con, key)
    definitie = con.execute(
        "select string_agg(macro_definition, ' ') from duckdb_functions() where function_name = 'pseudoniem'"
    ).fetchone()[0]
    assert definitie and "getvariable" in definitie
    for stuk in (key, *_pads(key)):
        assert stuk.hex() not in definitie.lower() and stuk.decode("latin-1") not in definitie


def test_pseudoniem_hangt_af_van_de_sleutel():
    assert pseudoniem(b"a", "D1") != pseudoniem(b"b", "D1")
    assert pseudoniem(b"a", "D1") == pseudoniem(b"a", "D1")


def test_sleutelbestand_wordt_aangemaakt_met_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("JGZ_PSEUDONIEM_SLEUTEL", raising=False)
    k1 = sleutel(tmp_path / "jgz.duckdb")
    pad = tmp_path / "pseudoniem.sleutel"
    assert stat.S_IMODE(os.stat(pad).st_mode) == 0o600
    assert sleutel(tmp_path / "jgz.duckdb") == k1  # the same key next month


def test_sleutel_uit_omgeving(tmp_path, monkeypatch):
    # bds-export.md v2 ("Privacy at the door"): a key is at least 32 bytes, so the value is longer now
    monkeypatch.setenv("JGZ_PSEUDONIEM_SLEUTEL", "uit-de-omgeving-en-minstens-32-bytes")
    assert sleutel(tmp_path / "jgz.duckdb") == b"uit-de-omgeving-en-minstens-32-bytes"
    assert not (tmp_path / "pseudoniem.sleutel").exists()


def test_demo_config():
    cfg = laad_config("jgz.toml")
    assert len(cfg.gemeenten) == 10
    assert [r.naam for r in cfg.regios] == ["Drechtsteden", "Alblasserwaard en Hoeksche Waard"]
    assert cfg.min_noemer == 10 and cfg.min_aantal == 5 and cfg.thema == "nieuwkomers"
    assert cfg.database.is_absolute()


TOML = """
[organisatie]
naam = "Org"
[[regio]]
naam = "A"
gemeenten = {a}
[[regio]]
naam = "B"
gemeenten = {b}
"""


@pytest.mark.parametrize(
    ("a", "b", "woorden"),
    [
        ('["GM0505", "GM9999"]', '["GM0482"]', ["GM9999", "geen bestaande gemeentecode"]),
        ('["GM0505"]', '["GM0505"]', ["GM0505", "twee regio's"]),
        ('["GM0584"]', '["GM0482"]', ["GM0584"]),  # merged away: not a current gemeente
        ("[]", '["GM0482"]', ["geen gemeenten"]),
    ],
)
def test_ongeldige_config(tmp_path, a, b, woorden):
    pad = tmp_path / "jgz.toml"
    pad.write_text(TOML.format(a=a, b=b))
    with pytest.raises(ConfigFout) as fout:
        laad_config(pad)
    for w in woorden:
        assert w in str(fout.value)


def test_config_zoekvolgorde(tmp_path, monkeypatch):
    pad = tmp_path / "elders.toml"
    pad.write_text(TOML.format(a='["GM0505"]', b='["GM0482"]'))
    monkeypatch.setenv("JGZ_CONFIG", str(pad))
    assert laad_config().organisatie == "Org"
    assert laad_config().database == tmp_path / "data" / "jgz.duckdb"
    with pytest.raises(ConfigFout, match="niet gevonden"):
        laad_config(tmp_path / "bestaat-niet.toml")


def test_duckdb_geheugen(tmp_path):
    pad = tmp_path / "jgz.toml"
    basis = TOML.format(a='["GM0505"]', b='["GM0482"]')
    pad.write_text(basis)
    assert laad_config(pad).duckdb_geheugen is None
    pad.write_text(basis + '\n[duckdb]\ngeheugen = "8GB"\n')
    assert laad_config(pad).duckdb_geheugen == "8GB"
    pad.write_text(basis + '\n[duckdb]\ngeheugen = "veel"\n')
    with pytest.raises(ConfigFout, match=r"\[duckdb\] geheugen"):
        laad_config(pad)


def test_geheugengrens_geldt_voor_het_werkbestand(tmp_path):
    from pipelines.werk import open_werkbestand

    con = open_werkbestand(tmp_path / "jgz.duckdb", "run1", geheugen="1GB")
    grens = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.close()
    assert grens == "953.6 MiB"  # DuckDB shows 1 GB (10^9 bytes) in MiB
