"""Privacy scan: distinctive BSNs, names, addresses and free texts planted in an export appear
nowhere afterwards: not in the DuckDB file, not in Dagster's storage or logs, not in command output."""

import duckdb
import pytest

from bronnen.genereer import Instellingen, genereer
from tests.hulp import jgz

GEPLANT = {
    "bsn": "918273645",
    "naam_vaccinateur": "Zwanhilda Pietersma",
    "naam_professional": "Gerbrandus Oosterhuis",
    "vrije_tekst": "Vertrouwelijk QXJ moeder",
    "advies_tekst": "Toelichting ZKW over thuissituatie",
    "woonplaats": "Oostvoorne-Pieterburen",
    "straat": "Zonnebloemlaan QZ",
    "postcode": "3311QX",
    "dossiernummer": "JZ99887766",
}


def _plant(export):
    """Append rows with the planted values, in their own elements and in the wrong places."""
    d = "JZ00000001"
    rijen = [
        f"{d};;;;7;{GEPLANT['bsn']}",
        f"{d};;;;695;{GEPLANT['dossiernummer']}",
        f"{d};;G001;1;10;{GEPLANT['woonplaats']}",
        f"{d};;G001;1;11;{GEPLANT['straat']}",
        f"{d};;G001;7;16;{GEPLANT['postcode']}",
        f"{d};;G001;7;9;0505",
        f"{d};PA1;;;724;20240105",
        f"{d};PA1;;;494;22",
        f"{d};PA1;;;1501;{GEPLANT['naam_professional']}",
        f"{d};PA1;;;1602;{GEPLANT['vrije_tekst']}",
        f"{d};PA1;;;1604;{GEPLANT['advies_tekst']}",
        f"{d};PA1;G076;1;1410;{GEPLANT['naam_vaccinateur']}",
        f"{d};PA1;G076;1;1409;20240105",
        f"{d};PA1;G076;1;461;04",
        # in the wrong place, in unused elements, in coded fields, with too few fields
        f"{d};PA1;;;7;{GEPLANT['bsn']}",
        f"{d};;;;235;{GEPLANT['naam_vaccinateur']}",
        f"{d};;;;19;{GEPLANT['bsn']}",
        f"{d};;;;21;{GEPLANT['bsn']}",
        f"{d};;;;9999;{GEPLANT['vrije_tekst']}",
        f"{d};;;;{GEPLANT['straat']}",
        f"{GEPLANT['dossiernummer']};;;;19;1",
    ]
    csv = export / "elementen.csv"
    with csv.open("a") as f:
        f.write("\n".join(rijen) + "\n")
    import hashlib
    import json

    m = json.loads((export / "manifest.json").read_text())
    m["bestanden"][0]["rijen"] += len(rijen)
    m["bestanden"][0]["sha256"] = hashlib.sha256(csv.read_bytes()).hexdigest()
    (export / "manifest.json").write_text(json.dumps(m))


@pytest.mark.traag
def test_geplante_gegevens_komen_nergens_terug(omgeving, tmp_path):
    export = tmp_path / "data" / "inbox" / "export"
    genereer(export, Instellingen(kinderen=1500, seed=4))
    _plant(export)
    uitvoer = []
    for args in (("valideer", str(export)), ("run",), ("exporteer-aggregaten",)):
        r = jgz(omgeving, *args)
        assert r.returncode == 0, r.stdout + r.stderr
        uitvoer.append(r.stdout + r.stderr)
    data = tmp_path / "data"
    inbox = data / "inbox"
    bestanden = [p for p in tmp_path.rglob("*") if p.is_file() and inbox not in p.parents]
    assert any(p.name == "jgz.duckdb" for p in bestanden)
    assert any("dagster" in p.parts for p in bestanden)
    for naam, waarde in GEPLANT.items():
        for tekst in uitvoer:
            assert waarde not in tekst, f"{naam} in de uitvoer van jgz"
        for p in bestanden:
            inhoud = p.read_bytes()
            for vorm in (waarde.encode(), waarde.encode("utf-16-le")):
                assert vorm not in inhoud, f"{naam} in {p.relative_to(tmp_path)}"
    # DuckDB compresses strings, so also ask the database itself, column by column
    con = duckdb.connect(str(data / "jgz.duckdb"), read_only=True)
    for schema, tabel, kolom in con.execute(
        "select schema_name, table_name, column_name from duckdb_columns() where not internal"
    ).fetchall():
        for naam, waarde in GEPLANT.items():
            n = con.execute(
                f'select count(*) from {schema}.{tabel} where cast("{kolom}" as varchar) like ?',
                [f"%{waarde}%"],
            ).fetchone()[0]
            assert n == 0, f"{naam} in {schema}.{tabel}.{kolom}"
    # the full postcode is reduced to its four digits
    assert con.execute("select count(*) from intern.adressen where postcode4 = '3311'").fetchone()[0] >= 1
