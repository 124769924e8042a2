"""Opening a BDS export: folder or zip, manifest, checksum, encoding, header, records.

Everything here either returns facts about the export or raises ExportGeweigerd with a Dutch message
that names the file (and line) and says what to do. Nothing here writes to a database file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

KOLOMMEN = ("dossier", "activiteit", "groep", "instantie", "element", "waarde")
FORMAAT = "bds-export/1"
CODERINGEN = {"utf-8": "utf-8", "utf8": "utf-8", "windows-1252": "cp1252", "cp1252": "cp1252"}
VERSIE = re.compile(r"^(3\.2|4\.0)\.\d+$")
BLOK = 16 * 1024 * 1024


class ExportGeweigerd(Exception):
    """The export as a whole is refused; nothing was changed. The message is Dutch."""

    def __init__(self, bericht: str, bestand: str | None = None, regel: int | None = None):
        self.bestand = bestand
        self.regel = regel
        plaats = ""
        if bestand:
            plaats = f"{bestand}, regel {regel}: " if regel else f"{bestand}: "
        super().__init__(plaats + bericht)


@dataclass(frozen=True)
class Manifest:
    formaat: str
    organisatie: str
    bds_versie: str
    aanmaakdatum: date
    codering: str
    bestandsnaam: str
    rijen: int
    sha256: str


@dataclass
class Export:
    """An opened export: where its files are and what its manifest says."""

    bron: Path
    map: Path
    manifest: Manifest

    @property
    def databestand(self) -> Path:
        return self.map / self.manifest.bestandsnaam

    @property
    def soort(self) -> str:
        return "parquet" if self.manifest.bestandsnaam.endswith(".parquet") else "csv"

    @property
    def export_id(self) -> str:
        """An export is recognised by the sha256 of its data file."""
        return self.manifest.sha256


def _zip_uitpakken(pad: Path, doel: Path) -> Path:
    try:
        zf = zipfile.ZipFile(pad)
    except zipfile.BadZipFile as e:
        raise ExportGeweigerd("geen geldig zip-bestand. Vraag de export opnieuw aan.", bestand=pad.name) from e
    with zf:
        namen = [
            n for n in zf.namelist() if not n.startswith("__MACOSX/") and not n.endswith("/") and "/." not in "/" + n
        ]
        tops = {n.split("/")[0] for n in namen if "/" in n}
        op_wortel = [n for n in namen if "/" not in n]
        if "manifest.json" in op_wortel:
            prefix = ""
        elif len(tops) == 1 and not op_wortel:
            prefix = next(iter(tops)) + "/"
        else:
            raise ExportGeweigerd(
                "manifest.json ontbreekt: de zip moet manifest.json en het databestand bevatten, "
                "in de hoofdmap of in precies één map daarin.",
                bestand=pad.name,
            )
        for n in namen:
            if not n.startswith(prefix):
                continue
            rest = n[len(prefix) :]
            if "/" in rest or rest.startswith(".") or rest in ("", ".."):
                continue
            with zf.open(n) as bron, (doel / rest).open("wb") as uit:
                shutil.copyfileobj(bron, uit, BLOK)
    return doel


def _fout(bericht: str) -> ExportGeweigerd:
    return ExportGeweigerd(bericht, bestand="manifest.json")


def lees_manifest(map_: Path) -> Manifest:
    """Read and check manifest.json; raise ExportGeweigerd on every contract violation."""
    pad = map_ / "manifest.json"
    if not pad.is_file():
        raise ExportGeweigerd(
            "manifest.json ontbreekt in de export. Een export bevat manifest.json en "
            "elementen.csv (of elementen.parquet); vraag een volledige export aan.",
            bestand=map_.name,
        )
    try:
        data = json.loads(pad.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise _fout(f"geen geldige JSON ({e.__class__.__name__}). Vraag de export opnieuw aan.") from e
    if not isinstance(data, dict):
        raise _fout("geen JSON-object. Vraag de export opnieuw aan.")
    formaat = data.get("formaat")
    if formaat != FORMAAT:
        raise _fout(f"onbekend formaat {formaat!r}; verwacht '{FORMAAT}'.")
    versie = data.get("bds_versie")
    if not isinstance(versie, str) or not VERSIE.match(versie):
        raise _fout(f"onbekende bds_versie {versie!r}; verwacht 3.2.x of 4.0.x (bijvoorbeeld 4.0.1).")
    codering = str(data.get("codering", "utf-8")).strip().lower()
    if codering not in CODERINGEN:
        raise _fout(f"onbekende codering {data.get('codering')!r}; verwacht utf-8 of windows-1252.")
    ruwe_datum = data.get("aanmaakdatum")
    try:
        aanmaakdatum = date.fromisoformat(str(ruwe_datum)) if ruwe_datum else None
    except ValueError:
        aanmaakdatum = None
    if aanmaakdatum is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(ruwe_datum)):
        raise _fout(f"aanmaakdatum ontbreekt of is geen datum ({ruwe_datum!r}); verwacht JJJJ-MM-DD.")
    bestanden = data.get("bestanden")
    if not isinstance(bestanden, list) or not bestanden:
        raise _fout("de lijst 'bestanden' ontbreekt of is leeg.")
    data_entries = [
        b for b in bestanden if isinstance(b, dict) and b.get("naam") in ("elementen.csv", "elementen.parquet")
    ]
    if len(data_entries) != 1:
        raise _fout("'bestanden' moet precies één databestand noemen: elementen.csv of elementen.parquet.")
    b = data_entries[0]
    rijen = b.get("rijen")
    sha = b.get("sha256")
    if not isinstance(rijen, int) or isinstance(rijen, bool) or rijen < 0:
        raise _fout(f"bestand {b['naam']} heeft geen geldig aantal 'rijen'.")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", sha):
        raise _fout(f"bestand {b['naam']} heeft geen geldige 'sha256'.")
    if not (map_ / b["naam"]).is_file():
        raise ExportGeweigerd(
            f"het databestand {b['naam']} dat het manifest noemt ontbreekt. Vraag een volledige export aan.",
            bestand=map_.name,
        )
    return Manifest(
        formaat=formaat,
        organisatie=str(data.get("organisatie", "")),
        bds_versie=versie,
        aanmaakdatum=aanmaakdatum,
        codering=CODERINGEN[codering],
        bestandsnaam=b["naam"],
        rijen=rijen,
        sha256=sha.lower(),
    )


@contextlib.contextmanager
def open_export(pad: str | Path, werkmap: Path | None = None) -> Iterator[Export]:
    """Open a folder or zip export; a zip is unpacked into a private temporary folder."""
    pad = Path(pad)
    if not pad.exists():
        raise ExportGeweigerd("bestaat niet. Geef het pad van een exportmap of .zip op.", bestand=str(pad))
    tijdelijk: Path | None = None
    try:
        if pad.is_file():
            tijdelijk = Path(tempfile.mkdtemp(prefix="jgz-export-", dir=werkmap))
            tijdelijk.chmod(0o700)
            map_ = _zip_uitpakken(pad, tijdelijk)
        else:
            map_ = pad
        yield Export(bron=pad, map=map_, manifest=lees_manifest(map_))
    finally:
        if tijdelijk is not None:
            shutil.rmtree(tijdelijk, ignore_errors=True)


@dataclass
class Bestandscontrole:
    """What one pass over the data file found."""

    leespad: Path  # UTF-8 file to parse (the original, or a transcoded private copy)
    aanhalingstekens: bool  # a '"' occurs: records may span lines, use the full CSV parser
    tijdelijk: bool


def controleer_bestand(export: Export, werkmap: Path | None = None) -> Bestandscontrole:
    """One streaming pass: sha256, encoding (first bad line), and a UTF-8 copy when needed."""
    m = export.manifest
    pad = export.databestand
    h = hashlib.sha256()
    if export.soort == "parquet":
        with pad.open("rb") as f:
            while blok := f.read(BLOK):
                h.update(blok)
        if h.hexdigest() != m.sha256:
            raise _sha_fout(pad)
        return Bestandscontrole(pad, False, False)

    decoder = codecs.getincrementaldecoder(m.codering)()
    transcoderen = m.codering != "utf-8"
    uit = None
    leespad = pad
    if transcoderen:
        fd, naam = tempfile.mkstemp(prefix="jgz-utf8-", suffix=".csv", dir=werkmap)
        leespad = Path(naam)
        uit = open(fd, "w", encoding="utf-8", newline="")
    aanhalingstekens = False
    regels_voor = 0
    try:
        with pad.open("rb") as f:
            while True:
                blok = f.read(BLOK)
                laatste = not blok
                h.update(blok)
                try:
                    tekst = decoder.decode(blok, final=laatste)
                except UnicodeDecodeError as e:
                    regel = regels_voor + e.object[: e.start].count(b"\n") + 1
                    raise ExportGeweigerd(
                        f"bevat tekens die geen geldige {m.codering.replace('cp', 'windows-')} "
                        "zijn. Controleer de 'codering' in manifest.json of vraag de export "
                        "opnieuw aan.",
                        bestand=pad.name,
                        regel=regel,
                    ) from e
                if uit is not None:
                    uit.write(tekst)
                if not aanhalingstekens and (b'"' in blok or b"\x01" in blok):
                    aanhalingstekens = True
                regels_voor += blok.count(b"\n")
                if laatste:
                    break
    except BaseException:
        if uit is not None:
            uit.close()
            leespad.unlink(missing_ok=True)
        raise
    if uit is not None:
        uit.close()
    if h.hexdigest() != m.sha256:
        if transcoderen:
            leespad.unlink(missing_ok=True)
        raise _sha_fout(pad)
    return Bestandscontrole(leespad, aanhalingstekens, transcoderen)


def _sha_fout(pad: Path) -> ExportGeweigerd:
    return ExportGeweigerd(
        "de sha256 wijkt af van manifest.json: het bestand is beschadigd of onvolledig "
        "overgekomen. Vraag de export opnieuw aan; er is niets gewijzigd.",
        bestand=pad.name,
    )


def _kop_fout(pad: Path, gevonden: str) -> ExportGeweigerd:
    # show what was found only when it looks like column names: the first line may be data
    if not re.fullmatch(r"[\ufeff]?[A-Za-z_ ;,\"]{0,120}", gevonden):
        gevonden = "(geen kolomnamen: mogelijk ontbreekt de kopregel)"
    return ExportGeweigerd(
        f"de kopregel is {gevonden!r}; verwacht precies deze zes kolommen, gescheiden door ';' "
        f"of ',': {';'.join(KOLOMMEN)}. Pas de export aan.",
        bestand=pad.name,
        regel=1,
    )


def _scheidingsteken(kop: str, pad: Path) -> str:
    kop = kop.lstrip("\ufeff")
    for teken in (";", ","):
        if tuple(v.strip() for v in kop.split(teken)) == KOLOMMEN:
            return teken
    raise _kop_fout(pad, kop)


RUW_DDL = """
create or replace temp table ruw (
    regel bigint, nvelden integer, dossier varchar, activiteit varchar, groep varchar,
    instantie varchar, element varchar, waarde varchar
)
"""


def _sql_tekst(waarde: str) -> str:
    return "'" + waarde.replace("'", "''") + "'"


def records_bron(con: duckdb.DuckDBPyConnection, export: Export, controle: Bestandscontrole, bewaar: list[int]) -> str:
    """SQL for the export's records: (regel, nvelden, dossier, activiteit, groep, instantie, element, waarde).

    Without quotes (the usual case) this is a query straight on the file, which DuckDB reads in
    parallel while classifying: the raw rows are never held as a table. Parquet likewise. A file with
    quotes goes through Python's csv reader into temp table `ruw`, with `waarde` kept only for rows
    with six fields whose element is in `bewaar`. Values of private and unused elements never reach
    a table in any case: the classification drops them before anything is stored.
    """
    pad = controle.leespad
    if export.soort == "parquet":
        try:
            kolommen = [r[0] for r in con.execute("describe select * from read_parquet(?)", [str(pad)]).fetchall()]
        except duckdb.Error as e:
            raise ExportGeweigerd(
                "is geen leesbaar parquet-bestand. Vraag de export opnieuw aan.", bestand=pad.name
            ) from e
        if tuple(kolommen[: len(KOLOMMEN)]) != KOLOMMEN or len(kolommen) != len(KOLOMMEN):
            raise _kop_fout(pad, ";".join(kolommen))
        velden = ", ".join(f"trim(coalesce(cast({k} as varchar), '')) as {k}" for k in KOLOMMEN)
        return (
            f"(select file_row_number + 2 as regel, 6 as nvelden, {', '.join(KOLOMMEN)} from "
            f"(select file_row_number, {velden} from read_parquet({_sql_tekst(str(pad))}, file_row_number = true)))"
        )
    if not controle.aanhalingstekens:
        return _bron_snel(con, pad)
    _lees_csv_python(con, pad, bewaar)
    return "ruw"


def _bron_snel(con: duckdb.DuckDBPyConnection, pad: Path) -> str:
    """No quotes in the file: every physical line is one record; DuckDB splits in parallel."""
    regels = (
        f"read_csv({_sql_tekst(str(pad))}, header = false, columns = {{'tekst': 'VARCHAR'}}, delim = '\x01', "
        "quote = '', escape = '', auto_detect = false) with ordinality as t(tekst, regel)"
    )
    kop = con.execute(f"select tekst from {regels} where regel = 1").fetchone()
    if kop is None or kop[0] is None:
        raise _kop_fout(pad, "")
    teken = _scheidingsteken(kop[0], pad)
    # numbering the lines is sequential; splitting and classifying them afterwards runs in parallel
    con.execute(f"create or replace temp table ruw as select regel, tekst from {regels}")
    # trimming copies every field; only lines with a space need it
    velden = ", ".join(
        f"case when spatie then trim(v[{i}]) else v[{i}] end as {k}" for i, k in enumerate(KOLOMMEN, start=1)
    )
    return f"""(
        select regel, len(v) as nvelden, {velden}
        from (select regel, string_split(tekst, '{teken}') as v, contains(tekst, ' ') as spatie from ruw
              where regel > 1 and tekst is not null))"""


def _lees_csv_python(con: duckdb.DuckDBPyConnection, pad: Path, bewaar: list[int]) -> None:
    """Quotes present: RFC 4180 records may span lines; Python's csv module tracks line numbers."""
    bewaar_set = {str(e) for e in bewaar}
    with pad.open(encoding="utf-8-sig", newline="") as f:
        eerste = f.readline()
        teken = _scheidingsteken(eerste.rstrip("\r\n"), pad)
        f.seek(0)
        lezer = csv.reader(f, delimiter=teken, quotechar='"', doublequote=True, strict=False)
        kop = next(lezer, None)
        if kop is None or tuple(v.strip() for v in kop) != KOLOMMEN:
            raise _kop_fout(pad, teken.join(kop or []))
        vorige = lezer.line_num
        kolommen: list[list] = [[] for _ in range(8)]

        def spoel() -> None:
            if not kolommen[0]:
                return
            tabel = pa.table(
                {
                    "regel": pa.array(kolommen[0], pa.int64()),
                    "nvelden": pa.array(kolommen[1], pa.int32()),
                    **{k: pa.array(kolommen[i + 2], pa.string()) for i, k in enumerate(KOLOMMEN)},
                }
            )
            con.register("ruw_blok", tabel)
            con.execute("insert into ruw select * from ruw_blok")
            con.unregister("ruw_blok")
            for k in kolommen:
                k.clear()

        con.execute(RUW_DDL)
        for rec in lezer:
            start = vorige + 1
            vorige = lezer.line_num
            if not rec:
                continue  # a completely empty line
            velden = [v.strip() for v in rec]
            n = len(velden)
            velden = (velden + [""] * 6)[:6]
            el = velden[4].lstrip("0") or "0"
            if n != 6 or el not in bewaar_set:
                velden[5] = None
            kolommen[0].append(start)
            kolommen[1].append(n)
            for i in range(6):
                kolommen[i + 2].append(velden[i])
            if len(kolommen[0]) >= 500_000:
                spoel()
        spoel()
