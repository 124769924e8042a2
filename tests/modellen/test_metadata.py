"""The indicator metadata files: strictly checked, every key used, rules and words generated once."""

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bronnen.config import ConfigFout, config_uit_dict
from modellen import metadata
from modellen.bouw import MAP as MODELLEN
from modellen.bouw import _parameters, schrijf_indicatoren
from modellen.metadata import MetadataFout, laad

CONFIG = config_uit_dict(
    {"organisatie": {"naam": "Org"}, "regio": [{"naam": "R1", "gemeenten": ["GM0505"]}]},
    Path("/tmp/jgz.toml"),
)


@pytest.fixture
def kopie(tmp_path):
    """A copy of the metadata folder to break."""
    doel = tmp_path / "indicatoren"
    shutil.copytree(metadata.MAP, doel)
    return doel


def _vervang(pad: Path, oud: str, nieuw: str) -> None:
    tekst = pad.read_text(encoding="utf-8")
    assert oud in tekst
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("bestand", "oud", "nieuw", "sleutel", "woorden"),
    [
        # an unknown key, at the top and inside a rule table
        (
            "noshow.toml",
            'polariteit = "laag is goed"',
            'polariteit = "laag is goed"\nkleur = "rood"',
            "kleur",
            "onbekende sleutel",
        ),  # noqa: E501
        (
            "vaccinatie_dktp_5j.toml",
            "booster = 3",
            "booster = 3\nbooster_tot = 6",
            "vaccinatie.set[1].booster_tot",
            "onbekende sleutel",
        ),  # noqa: E501
        # a wrong type
        ("vaccinatie_dktp_5j.toml", "n = 4", 'n = "4"', "vaccinatie.set[1].n", "verwacht: een geheel getal"),
        ("vaccinatie_bmr1_2j.toml", "doelwaarde = 0.95", "doelwaarde = 95", "doelwaarde", "hoogstens 1"),
        ("bereik_peuters.toml", "tot_jaren = 4", "tot_jaren = 4.0", "venster.tot_jaren", "geheel getal"),
        ("noshow.toml", "kerncijfer = true", 'kerncijfer = "ja"', "kerncijfer", "true of false"),
        ("verzuim_aandeel_po.toml", 'soorten = ["01", "15"]', "soorten = [1, 15]", "school.soorten", "codes"),
        ("vaccinatie_hpv_meisjes_11j.toml", 'geslacht = "2"', "geslacht = 2", "vaccinatie.geslacht", '"2"'),
        # a missing key, an inconsistent rule, a dangling reference
        ("noshow.toml", 'polariteit = "laag is goed"\n', "", "polariteit", "ontbreekt"),
        ("vaccinatie_dtp_10j.toml", "n_laat = 4", "n_laat = 6", "vaccinatie.set[1].n_laat", "groter dan n"),
        (
            "vaccinatie_volledig_2j.toml",
            '"vaccinatie_menc_2j"',
            '"vaccinatie_menc_3j"',
            "vaccinatie.onderdelen",
            "geen indicator",
        ),  # noqa: E501
        ("vaccinatie_menc_2j.toml", '["MenC"]', '["MenX"]', "vaccinatie.set[1].componenten", "onbekende componenten"),
        ("verzuim_aandeel_po.toml", '["01", "15"]', '["01", "09", "15"]', "school.soorten", "ook bij"),
        (
            "noshow.toml",
            "{leeftijd[tot_jaren]} jaar waarbij",
            "{leeftijd[tot]} jaar waarbij",
            "omschrijving",
            "verwijst",
        ),  # noqa: E501
    ],
)
def test_loader_weigert_met_bestand_en_sleutel(kopie, bestand, oud, nieuw, sleutel, woorden):
    _vervang(kopie / bestand, oud, nieuw)
    with pytest.raises(MetadataFout) as fout:
        laad(kopie)
    tekst = str(fout.value)
    assert f"modellen/indicatoren/{bestand}" in tekst and f"'{sleutel}'" in tekst and woorden in tekst, tekst
    assert "Traceback" not in tekst


def test_metadatafout_is_een_configuratiefout_voor_de_opdrachtregel(kopie):
    # pipelines/cli.py reports a ConfigFout as a Dutch message with exit code 1, never a traceback
    assert issubclass(MetadataFout, ConfigFout)
    (kopie / "noshow.toml").write_text("id = [", encoding="utf-8")
    with pytest.raises(MetadataFout, match="noshow.toml: geen geldige TOML"):
        laad(kopie)


def test_jgz_meldt_een_kapotte_metadata_zonder_traceback(kopie, monkeypatch, capsys, tmp_path):
    from pipelines import cli

    _vervang(kopie / "noshow.toml", 'polariteit = "laag is goed"', 'polariteit = "laag"')
    monkeypatch.setattr(metadata, "indicatoren", lambda: laad(kopie))
    code = cli.main(["exporteer-aggregaten", str(tmp_path / "uit")])
    uit = capsys.readouterr()
    tekst = uit.out + uit.err
    assert code == cli.EXIT_FOUT
    assert "Fout in de indicatordefinities: modellen/indicatoren/noshow.toml: 'polariteit'" in tekst
    assert "Traceback" not in tekst and not (tmp_path / "uit").exists()


def test_de_echte_bestanden_zijn_geldig():
    alle = laad(metadata.MAP)
    assert len(alle) == 29
    assert [m["volgorde"] for m in alle.values()] == sorted(m["volgorde"] for m in alle.values())


def _sleutels_in_bestanden() -> set[str]:
    gebruikt = set()
    for m in (tomllib_laad(p) for p in metadata.MAP.glob("*.toml")):
        for k, v in m.items():
            if not isinstance(v, dict):
                gebruikt.add(k)
                continue
            for k2, v2 in v.items():
                gebruikt |= {f"{k}.set.{k3}" for s in v2 for k3 in s} if k2 == "set" else {f"{k}.{k2}"}
    return gebruikt


def test_elke_sleutel_wordt_gebruikt():
    """Every key a file may hold is used by some file, and reaches intern.indicatoren and, for a rule,
    a staging table that a SQL model reads (no dead schema, no key that nothing reads)."""
    assert set(metadata.sleutels()) == set(metadata.GEBRUIK)
    gebruikt = _sleutels_in_bestanden()
    assert set(metadata.sleutels()) == gebruikt
    con = duckdb.connect()
    con.execute("attach ':memory:' as staging")
    _parameters(con, CONFIG, date(2025, 2, 3))
    schrijf_indicatoren(con, 2022)
    sql = "\n".join(p.read_text(encoding="utf-8") for p in (MODELLEN / "staging").glob("*.sql"))
    for sleutel, doelen in metadata.GEBRUIK.items():
        for doel in doelen:
            schema, tabel, kolom = doel.split(".")
            kolommen = {
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where database_name = ? and table_name = ?",
                    ["staging" if schema == "staging" else "memory", tabel],
                ).fetchall()
            }
            assert kolom in kolommen, (sleutel, doel)
            if sleutel in gebruikt:
                gevuld = con.execute(f"select count({kolom}) from {schema}.{tabel}").fetchone()[0]
                assert gevuld > 0, (sleutel, doel)
            if schema == "staging":
                assert re.search(rf"staging\.{tabel}\b", sql), (sleutel, doel)
                assert re.search(rf"\b{kolom}\b", sql), (sleutel, doel)


def tomllib_laad(pad):
    import tomllib

    return tomllib.loads(pad.read_text(encoding="utf-8"))


def test_intern_indicatoren_bevat_de_regels():
    con = duckdb.connect()
    schrijf_indicatoren(con, 2022)
    sets, a, vanaf, tot = con.execute(
        "select vaccinsets, vaccinatie_leeftijd, cohort_vanaf, cohort_tot from intern.indicatoren "
        "where indicator = 'vaccinatie_dktp_5j'"
    ).fetchone()
    assert (a, vanaf, tot) == (5, None, 2020)
    assert sets == [
        {"naam": "DKTP", "componenten": ["D", "K", "T", "P"], "n": 4, "n_laat": 3, "min_leeftijd": 0, "booster": 3}
    ]
    volledig = con.execute(
        "select [s.naam for s in vaccinsets] from intern.indicatoren where indicator = 'vaccinatie_volledig_2j'"
    ).fetchone()[0]
    assert volledig == ["DKTP", "Hib", "hepatitis B", "pneumokokken", "BMR", "MenC"]
    assert con.execute("select list(distinct startjaar) from intern.indicatoren where thema = 'verzuim'").fetchone()[
        0
    ] == [2022]
    assert con.execute("select count(startjaar) from intern.indicatoren where thema <> 'verzuim'").fetchone()[0] == 0
    # bereik has no doelwaarde (spec v2); the per-1000 scale is one fact: schaal, eenheid follows
    assert con.execute("select count(doelwaarde) from intern.indicatoren where thema = 'bereik'").fetchone()[0] == 0
    assert con.execute(
        "select list(indicator) from intern.indicatoren where schaal = 1000 and eenheid = 'per 1000'"
    ).fetchone()[0] == ["verzuim_per_1000"]


def test_accessors():
    assert metadata.kerncijfers("nieuwkomers") == [
        "bereik_zuigelingen",
        "vaccinatie_dktp_2j",
        "vaccinatie_bmr1_2j",
        "noshow",
        "verzuim_per_1000",
        "nieuwkomers_aandeel",
    ]
    assert metadata.doelwaarde("vaccinatie_bmr1_2j") == 0.95
    assert metadata.doelwaarde("bereik_zuigelingen") is None
    assert metadata.doelwaarden("vaccinatie") == [0.9, 0.95]
    assert metadata.schaal("verzuim_per_1000") == 1000 and metadata.schaal(metadata.indicator("noshow")) == 1
    assert metadata.bereik_venster("bereik_zuigelingen") == (0, 14, 1)
    assert metadata.cohort("vaccinatie_hpv_jongens_11j", 2025) == 2013
    assert not metadata.heeft_cohort("vaccinatie_hpv_jongens_11j", 2023)  # born 2011: not invited at 10
    assert metadata.heeft_cohort("vaccinatie_dktp_5j", 2026) and not metadata.heeft_cohort("vaccinatie_dktp_5j", 2027)


def test_woorden_zeggen_wat_er_geteld_wordt():
    assert (
        metadata.definitie("vaccinatie_bmr1_2j", "2025")
        == "gevaccineerd vóór de 2e verjaardag; kinderen geboren in 2022, peildatum 1 januari 2025"
    )
    assert metadata.definitie("vaccinatie_hpv_meisjes_11j", "2025").startswith(
        "gevaccineerd vóór de 11e verjaardag; meisjes geboren in 2013"
    )
    m = metadata.indicatoren()
    for i, v in m.items():
        if v["thema"] == "vaccinatie":
            t = v["toelichting"]
            assert "minimale intervallen" in t and "kinkhoest" in t and "hervaccinatie" in t and "Praeventis" in t, i
    assert "4 doses, of 3 bij een late start" in m["vaccinatie_dktp_5j"]["teller"]
    assert "op of na de 3e verjaardag" in m["vaccinatie_dktp_5j"]["teller"]
    assert "op of na de 1e verjaardag tellen" in m["vaccinatie_bmr1_2j"]["teller"]
    # verzuim_per_1000 counts children with a consult per 1.000 children of 4-17, not consults per pupil
    assert m["verzuim_per_1000"]["titel"] == "Kinderen met een verzuimconsult per 1.000 kinderen van 4 tot 18 jaar"
    assert "leerlingen" not in m["verzuim_per_1000"]["titel"]
    assert "per 1.000 kinderen van 4 tot 18 jaar op 30 september 2024" in metadata.definitie(
        "verzuim_per_1000", "2024-Q3"
    )
    # the windows in the words are those of the rules
    assert "vanaf geboortedatum + 14 dagen tot geboortedatum + 1 jaar" in m["bereik_zuigelingen"]["teller"]
    assert "vóór geboortedatum + 18 jaar" in m["noshow"]["noemer"]
