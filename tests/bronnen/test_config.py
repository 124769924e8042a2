"""The strict configuration: every mistake is refused with a Dutch message naming file, section and
key and saying what is allowed; configured names become safe folder names (issue 10, issue 11 item 5)."""

import json
import unicodedata
from pathlib import Path

import pytest

from bronnen.config import SCHEMA, ConfigFout, laad_config, veilige_mapnaam

BASIS = """
[organisatie]
naam = "JGZ Test"

[[regio]]
naam = "A"
gemeenten = ["GM0505"]

[[regio]]
naam = "B"
gemeenten = ["GM0482"]
"""


def _laad(tmp_path: Path, tekst: str):
    pad = tmp_path / "jgz.toml"
    pad.write_text(tekst, encoding="utf-8")
    return laad_config(pad)


def _fout(tmp_path: Path, tekst: str) -> str:
    with pytest.raises(ConfigFout) as fout:
        _laad(tmp_path, tekst)
    melding = str(fout.value)
    assert str(tmp_path / "jgz.toml") in melding  # every message names the file
    return melding


def test_basis_is_geldig_met_standaarden(tmp_path):
    cfg = _laad(tmp_path, BASIS)
    # the defaults come from SCHEMA, the one place where they live
    assert cfg.min_noemer == SCHEMA["publicatie"]["min_noemer"].standaard == 10
    assert cfg.min_aantal == 5 and cfg.factsheet_werkers == 2 and cfg.thema == "nieuwkomers"
    assert cfg.database == tmp_path / "data" / "jgz.duckdb" and cfg.teksten is None


def test_verkeerd_gespelde_sleutel(tmp_path):
    """A typo in a privacy threshold once fell back to 10 without a word."""
    melding = _fout(tmp_path, BASIS + "\n[publicatie]\nmin_noemr = 20\n")
    assert "onbekende sleutel 'min_noemr' in [publicatie]" in melding
    assert "Bedoelt u min_noemer?" in melding and "Toegestaan: min_noemer, min_aantal" in melding


def test_verkeerd_gespelde_sleutel_gaat_voor_een_ontbrekende(tmp_path):
    # every section's keys are read before any value: the typo is named, not only "naam ontbreekt"
    # of a section above it (fixing that first and running again would only show the next mistake)
    tekst = BASIS.replace('naam = "JGZ Test"\n', "", 1) + "\n[publicatie]\nmin_noemr = 20\n"
    assert "[organisatie] naam ontbreekt" in _fout(tmp_path, BASIS.replace('naam = "JGZ Test"\n', "", 1))
    assert "onbekende sleutel 'min_noemr' in [publicatie]" in _fout(tmp_path, tekst)


def test_verkeerd_gespelde_sleutel_in_regio(tmp_path):
    melding = _fout(tmp_path, BASIS + '\n[[regio]]\nnaam = "C"\ngemeentes = ["GM0642"]\n')
    assert "'gemeentes' in [[regio]] nummer 3" in melding and "Bedoelt u gemeenten?" in melding


@pytest.mark.parametrize(
    ("toevoeging", "woorden"),
    [
        ('\n[publicatie]\nmin_noemer = "10"\n', ["[publicatie] min_noemer", "geheel getal", "'10'"]),
        ("\n[publicatie]\nmin_aantal = 0\n", ["[publicatie] min_aantal", "minstens 1"]),
        ("\n[factsheets]\nwerkers = true\n", ["[factsheets] werkers", "geheel getal"]),
        ("\n[paden]\ndatabase = 3\n", ["[paden] database", "een pad"]),
        ('\n[paden]\ninbox = ""\n', ["[paden] inbox", "een pad"]),
        ("\n[duckdb]\ngeheugen = 8\n", ["[duckdb] geheugen", '"8GB"']),
        ('\n[duckdb]\ngeheugen = "veel"\n', ["[duckdb] geheugen", '"8GB"']),
        ('\n[thema]\nnaam = "sport"\n', ["[thema] naam", "nieuwkomers"]),
        ("\n[[publicatie]]\nmin_noemer = 10\n", ["[publicatie] moet een tabel zijn"]),
        ('\n[[regio]]\nnaam = "C"\ngemeenten = "GM0642"\n', ["[[regio]] nummer 3", "gemeenten", "lijst"]),
        ('\n[[regio]]\nnaam = 7\ngemeenten = ["GM0642"]\n', ["[[regio]] nummer 3 naam", "tekst"]),
        ('\n[[regio]]\nnaam = "C"\ngemeenten = [642]\n', ["[[regio]] nummer 3", "642", "gemeentecode"]),
    ],
)
def test_verkeerd_type(tmp_path, toevoeging, woorden):
    melding = _fout(tmp_path, BASIS + toevoeging)
    for w in woorden:
        assert w in melding, melding


def test_onbekende_sectie(tmp_path):
    melding = _fout(tmp_path, BASIS + "\n[publikatie]\nmin_noemer = 20\n")
    assert "onbekende sectie [publikatie]" in melding and "Bedoelt u publicatie?" in melding
    assert "[[regio]]" in melding and "[paden]" in melding  # says what is allowed


def test_regio_als_tabel_in_plaats_van_lijst(tmp_path):
    tekst = '[organisatie]\nnaam = "X"\n[regio]\nnaam = "A"\ngemeenten = ["GM0505"]\n'
    assert "[[regio]]" in _fout(tmp_path, tekst)


def test_ontbrekende_organisatie_en_regio(tmp_path):
    assert "[organisatie] naam ontbreekt" in _fout(tmp_path, '[[regio]]\nnaam = "A"\ngemeenten = ["GM0505"]\n')
    assert "geen [[regio]]" in _fout(tmp_path, '[organisatie]\nnaam = "X"\n')


def test_geen_utf8_en_geen_toml(tmp_path):
    (tmp_path / "jgz.toml").write_bytes(b'[organisatie]\nnaam = "\xe9"\n')
    with pytest.raises(ConfigFout, match="UTF-8"):
        laad_config(tmp_path / "jgz.toml")
    assert "geen geldige TOML" in _fout(tmp_path, "[organisatie\n")


# -- names that become folders (issue 11, item 5) ------------------------------------------------

AANVALLEN = [
    "../../../x",
    "...x",
    "/etc",
    "a/../../b",
    "..\\..\\windows",
    ".verborgen",
    " . ./x",
    "naam\x1b[31mrood",
    "nul\x00teken",
    "regel\neinde",
    "\u202eomgekeerd",  # right-to-left override
    "x" * 400,
]


@pytest.mark.parametrize("naam", AANVALLEN)
def test_veilige_mapnaam(tmp_path, naam):
    map_ = veilige_mapnaam(naam)
    assert "/" not in map_ and "\\" not in map_ and ".." not in map_
    assert not map_.startswith(".") and not map_.startswith(" ") and len(map_) <= 100
    assert all(unicodedata.category(c)[0] != "C" for c in map_)
    # the folder is exactly one level inside the outbox
    assert (tmp_path / map_).resolve().parent == tmp_path.resolve()


@pytest.mark.parametrize("naam", ["..", ".", " . . ", "\x1b\x07", ""])
def test_naam_zonder_mapnaam(naam):
    with pytest.raises(ValueError):
        veilige_mapnaam(naam)


def test_regio_met_pad_als_naam_blijft_in_de_outbox(tmp_path):
    cfg = _laad(tmp_path, BASIS.replace('naam = "A"', 'naam = "../../../x"'))
    assert cfg.regios[0].naam == "../../../x"  # the name itself is kept (it is shown in the factsheet)
    assert cfg.regios[0].map == "-.-.-x"


@pytest.mark.parametrize(
    ("naam", "woord"),
    [
        ("GM0482", "gemeentecode"),  # would put the regio's figures into that gemeente's factsheet
        ("gm0642 ", "gemeentecode"),
        ("JGZ Test", "organisatie"),
        ("jgz test", "organisatie"),
        ("b", "dezelfde naam"),  # another regio's name, whatever the case
        ("B.", "mapnaam"),  # another regio's folder
        ("index.html", "gereserveerd"),
        ("...", "geen mapnaam"),
        ("\x1b\x07", "geen mapnaam"),
    ],
)
def test_regionaam_die_botst_wordt_geweigerd(tmp_path, naam, woord):
    melding = _fout(tmp_path, BASIS.replace('naam = "A"', f"naam = {json.dumps(naam)}"))
    assert woord in melding and "[[regio]] nummer" in melding
    assert "\x1b" not in melding and "\x07" not in melding  # never a control character in a message


def test_organisatie_die_een_gemeentecode_is(tmp_path):
    assert "gemeentecode" in _fout(tmp_path, BASIS.replace('naam = "JGZ Test"', 'naam = "GM0505"'))
