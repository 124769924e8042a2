"""Opening a BDS export: folder or zip, manifest, checksum, encoding, header, records.

Everything here either returns facts about the export or raises ExportGeweigerd with a Dutch message
that names the file (and line) and says what to do. Nothing here writes to a database file.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

KOLOMMEN = ("dossier", "activiteit", "groep", "instantie", "element", "waarde")
FORMAAT = "bds-export/1"
CODERINGEN = {"utf-8": "utf-8", "utf8": "utf-8", "windows-1252": "cp1252", "cp1252": "cp1252"}
VERSIE = re.compile(r"(3\.2|4\.0)\.[0-9]+", re.ASCII)  # fullmatch: no "4.0.1\n", no other digits
MAX_MANIFEST = 1024 * 1024
ZIP_FACTOR = 20  # a zip may unpack to at most this many times its own size ...
ZIP_MAX = 50 * 2**30  # ... and at most this many bytes
EERSTE_DATUM = date(2000, 1, 1)
BLOK = 16 * 1024 * 1024
MAX_REGEL = 64 * 1024  # bytes of one physical line (and of one record spanning lines)
MAX_STRUCTUREEL = 0.01  # as bronnen/inlezen.py: more than this share of structural faults is refused
SCHRIJFFOUTEN = ("No space left", "File too large", "Disk quota", "Read-only file system", "Permission denied")
# `nvelden` of a line that is a structural fault before any splitting (never a field count)
TE_LANG = -1
OPEN_AANHALINGSTEKEN = -2


_STUURTEKENS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class ExportGeweigerd(Exception):
    """The export as a whole is refused; nothing was changed. The message is Dutch."""

    def __init__(self, bericht: str, bestand: str | None = None, regel: int | None = None):
        # a file name is the sender's text too: no terminal escape or newline reaches a terminal or log
        bestand = _STUURTEKENS.sub("?", bestand) if bestand else bestand
        self.bestand = bestand
        self.regel = regel
        plaats = ""
        if bestand:
            plaats = f"{bestand}, regel {regel}: " if regel else f"{bestand}: "
        super().__init__(plaats + _STUURTEKENS.sub("?", bericht))


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
    """An opened export: where it is and what its manifest says. A zip is unpacked (once, into a
    private temporary folder) only when its data file is first asked for."""

    bron: Path
    manifest: Manifest
    _map: Path | None = None
    _werkmap: Path | None = None
    _tijdelijk: list = field(default_factory=list)

    @property
    def map(self) -> Path:
        if self._map is None:
            doel = Path(tempfile.mkdtemp(prefix="jgz-export-", dir=self._werkmap))
            doel.chmod(0o700)
            self._tijdelijk.append(doel)
            with _open_zip(self.bron) as (zf, prefix):
                _pak_uit(zf, prefix, [self.manifest.bestandsnaam], doel, self.bron.name)
            self._map = doel
        return self._map

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

    def sluit(self) -> None:
        for map_ in self._tijdelijk:
            shutil.rmtree(map_, ignore_errors=True)
        self._tijdelijk.clear()


# -- the zip -------------------------------------------------------------------------------------


def _zipfout(pad: Path, wat: str) -> ExportGeweigerd:
    return ExportGeweigerd(f"{wat} Vraag de export opnieuw aan; er is niets gewijzigd.", bestand=pad.name)


@contextlib.contextmanager
def _open_zip(pad: Path) -> Iterator[tuple[zipfile.ZipFile, str]]:
    """Open a zip export and check it before anything is read from it: which folder holds the
    export, no encrypted member, and no zip bomb (its members may unpack to at most ZIP_FACTOR times
    the zip's own size and at most ZIP_MAX bytes). Yields (zip, prefix of the export's files)."""
    _gewoon_bestand(pad, pad.name)
    try:
        zf = zipfile.ZipFile(pad)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _zipfout(pad, "geen geldig zip-bestand (of beschadigd).") from None
    with zf:
        leden = [i for i in zf.infolist() if not i.is_dir()]
        if any(i.flag_bits & 0x1 for i in leden):
            raise _zipfout(pad, "het zip-bestand is versleuteld (met een wachtwoord); lever het onversleuteld aan.")
        totaal = sum(i.file_size for i in leden)
        grens = min(ZIP_FACTOR * max(pad.stat().st_size, 1), ZIP_MAX)
        if totaal > grens:
            raise _zipfout(
                pad,
                f"het zip-bestand zou uitpakken tot {totaal:_} bytes".replace("_", ".")
                + f", meer dan {ZIP_FACTOR} keer zijn eigen grootte of meer dan {ZIP_MAX // 2**30} GiB "
                "(een zip-bom of een beschadigd bestand).",
            )
        namen = [i.filename for i in leden if not i.filename.startswith("__MACOSX/") and "/." not in "/" + i.filename]
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
        yield zf, prefix


def _lees_lid(zf: zipfile.ZipFile, naam: str, max_bytes: int, bron: str) -> bytes:
    """One member's bytes, at most max_bytes (checked on the declared size and while reading)."""
    try:
        info = zf.getinfo(naam)
    except KeyError:
        raise FileNotFoundError(naam) from None
    if info.file_size > max_bytes:
        raise ExportGeweigerd(f"is groter dan {max_bytes // 1024} KiB; dat is geen manifest.", bestand=bron)
    try:
        with zf.open(info) as f:
            data = f.read(max_bytes + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise ExportGeweigerd("kan niet uit de zip gelezen worden (beschadigd).", bestand=bron) from None
    if len(data) > max_bytes:
        raise ExportGeweigerd(f"is groter dan {max_bytes // 1024} KiB; dat is geen manifest.", bestand=bron)
    return data


def _pak_uit(zf: zipfile.ZipFile, prefix: str, namen: list[str], doel: Path, bron: str) -> None:
    """Unpack the named files of the export (nothing else) into `doel`, a private folder."""
    for naam in namen:
        try:
            info = zf.getinfo(prefix + naam)
        except KeyError:
            raise ExportGeweigerd(
                f"het databestand {naam} dat het manifest noemt ontbreekt in de zip. Vraag een volledige export aan.",
                bestand=bron,
            ) from None
        try:
            with zf.open(info) as f, (doel / naam).open("xb") as uit:
                geschreven = 0
                while blok := f.read(BLOK):
                    geschreven += len(blok)
                    if geschreven > info.file_size:  # never more than the zip declared (and was checked)
                        raise zipfile.BadZipFile("groter dan opgegeven")
                    uit.write(blok)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
            raise _zipfout(
                Path(bron), f"{naam} kan niet uit de zip gelezen worden: het zip-bestand is beschadigd."
            ) from None


def _gewoon_bestand(pad: Path, bron: str, binnen: Path | None = None) -> None:
    """Refuse what is not a regular file: a FIFO (reading it would hang), a device, a socket, or a
    link that points outside the export folder `binnen`."""
    try:
        st = os.lstat(pad)
        if stat.S_ISLNK(st.st_mode):
            doel = pad.resolve(strict=True)
            if binnen is not None and not doel.is_relative_to(binnen.resolve()):
                raise ExportGeweigerd(
                    f"{pad.name} is een koppeling naar een bestand buiten de export; lever echte bestanden aan.",
                    bestand=bron,
                )
            st = os.stat(doel)
    except (FileNotFoundError, RuntimeError):
        return  # absent: the caller says what is missing
    except OSError:
        raise ExportGeweigerd(f"{pad.name} kan niet gelezen worden.", bestand=bron) from None
    if not stat.S_ISREG(st.st_mode):
        raise ExportGeweigerd(
            f"{pad.name} is geen gewoon bestand (maar bijvoorbeeld een FIFO of apparaat); lever echte bestanden aan.",
            bestand=bron,
        )


def _fout(bericht: str) -> ExportGeweigerd:
    return ExportGeweigerd(bericht, bestand="manifest.json")


def lees_manifest(pad: str | Path) -> Manifest:
    """Read and check the manifest of an export folder or zip (straight from the zip, nothing
    unpacked): the one reader of manifests. Raises ExportGeweigerd on every contract violation."""
    pad = Path(pad)
    if pad.is_dir():
        m_pad = pad / "manifest.json"
        _gewoon_bestand(m_pad, pad.name, pad)
        if not m_pad.is_file():
            raise ExportGeweigerd(
                "manifest.json ontbreekt in de export. Een export bevat manifest.json en "
                "elementen.csv (of elementen.parquet); vraag een volledige export aan.",
                bestand=pad.name,
            )
        try:
            if m_pad.stat().st_size > MAX_MANIFEST:
                raise _fout(f"is groter dan {MAX_MANIFEST // 1024} KiB; dat is geen manifest.")
            ruw = m_pad.read_bytes()
        except OSError as e:
            raise _fout(f"kan niet gelezen worden ({e.strerror}). Controleer de rechten.") from None
        m = _manifest_uit(ruw)
        data = pad / m.bestandsnaam
        _gewoon_bestand(data, pad.name, pad)
        if not data.is_file():
            raise ExportGeweigerd(
                f"het databestand {m.bestandsnaam} dat het manifest noemt ontbreekt. Vraag een volledige export aan.",
                bestand=pad.name,
            )
        return m
    with _open_zip(pad) as (zf, prefix):
        ruw = _lees_lid(zf, prefix + "manifest.json", MAX_MANIFEST, "manifest.json")
        m = _manifest_uit(ruw)
        if prefix + m.bestandsnaam not in zf.namelist():
            raise ExportGeweigerd(
                f"het databestand {m.bestandsnaam} dat het manifest noemt ontbreekt. Vraag een volledige export aan.",
                bestand=pad.name,
            )
        return m


def _manifest_uit(ruw: bytes) -> Manifest:
    try:
        data = json.loads(ruw.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise _fout(f"geen geldige JSON ({e.__class__.__name__}). Vraag de export opnieuw aan.") from None
    except RecursionError:
        raise _fout("te diep geneste JSON; dat is geen manifest. Vraag de export opnieuw aan.") from None
    if not isinstance(data, dict):
        raise _fout("geen JSON-object. Vraag de export opnieuw aan.")
    formaat = data.get("formaat")
    if formaat != FORMAAT:
        raise _fout(f"onbekend formaat {_toon(formaat)}; verwacht '{FORMAAT}'.")
    versie = data.get("bds_versie")
    if not isinstance(versie, str) or not VERSIE.fullmatch(versie):
        raise _fout(f"onbekende bds_versie {_toon(versie)}; verwacht 3.2.x of 4.0.x (bijvoorbeeld 4.0.1).")
    codering = data.get("codering", "utf-8")
    if not isinstance(codering, str) or codering.strip().lower() not in CODERINGEN:
        raise _fout(f"onbekende codering {_toon(codering)}; verwacht utf-8 of windows-1252.")
    codering = codering.strip().lower()
    ruwe_datum = data.get("aanmaakdatum")
    aanmaakdatum = None
    if isinstance(ruwe_datum, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", ruwe_datum, re.ASCII):
        with contextlib.suppress(ValueError):
            aanmaakdatum = date.fromisoformat(ruwe_datum)
    if aanmaakdatum is None:
        raise _fout(f"aanmaakdatum ontbreekt of is geen datum ({_toon(ruwe_datum)}); verwacht JJJJ-MM-DD.")
    vandaag = date.today()
    if not (EERSTE_DATUM <= aanmaakdatum <= vandaag):
        raise _fout(
            f"aanmaakdatum {aanmaakdatum:%d-%m-%Y} ligt {'na vandaag' if aanmaakdatum > vandaag else 'voor 2000'}; "
            "een export kan niet uit de toekomst of van voor 2000 komen. Vraag een export met de juiste datum aan."
        )
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
    organisatie = data.get("organisatie", "")
    return Manifest(
        formaat=formaat,
        organisatie=organisatie if isinstance(organisatie, str) else str(organisatie),
        bds_versie=versie,
        aanmaakdatum=aanmaakdatum,
        codering=CODERINGEN[codering],
        bestandsnaam=b["naam"],
        rijen=rijen,
        sha256=sha.lower(),
    )


def _toon(waarde: object) -> str:
    """A manifest value in a message: short, one line, no control characters."""
    tekst = repr(waarde)
    tekst = re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", tekst)
    return tekst if len(tekst) <= 40 else tekst[:37] + "..."


def controleer_organisatie(manifest: Manifest, verwacht: str, forceer: bool = False) -> None:
    """Refuse an export of another organisation than the configured one, unless forced: it would
    be published under this organisation's name."""
    if forceer or " ".join(manifest.organisatie.split()).casefold() == " ".join(verwacht.split()).casefold():
        return
    raise ExportGeweigerd(
        f"de organisatie in het manifest ({_toon(manifest.organisatie)}) is niet de geconfigureerde organisatie "
        f"({_toon(verwacht)}). Controleer of dit de juiste export is; gebruik --forceer om hem toch in te lezen.",
        bestand="manifest.json",
    )


@contextlib.contextmanager
def open_export(pad: str | Path, werkmap: Path | None = None) -> Iterator[Export]:
    """Open a folder or zip export: its manifest is read and checked at once (from a zip without
    unpacking); a zip's data file is unpacked into a private temporary folder when first needed."""
    pad = Path(pad)
    if not pad.exists() and not pad.is_symlink():
        raise ExportGeweigerd("bestaat niet. Geef het pad van een exportmap of .zip op.", bestand=str(pad))
    if not pad.is_dir():
        _gewoon_bestand(pad, pad.name)
    manifest = lees_manifest(pad)
    export = Export(bron=pad, manifest=manifest, _map=pad if pad.is_dir() else None, _werkmap=werkmap)
    try:
        yield export
    finally:
        export.sluit()


@dataclass
class Bestandscontrole:
    """What one pass over the data file found."""

    leespad: Path  # UTF-8 file to parse (the original, or a transcoded private copy)
    volledig: bool  # quotes, a \x01 or mixed line endings: the full reader (records may span lines)
    tijdelijk: bool
    regels: int = 0  # physical lines (an upper bound for the records)


class _Regeleinden:
    """Counts line ends per kind across blocks; DuckDB's fast reader takes one kind per file."""

    def __init__(self) -> None:
        self.lf = self.cr = self.crlf = 0
        self._cr_aan_eind = False

    def tel(self, blok: bytes) -> None:
        lf, cr = blok.count(b"\n"), blok.count(b"\r")
        self.lf += lf
        if cr or self._cr_aan_eind:
            self.cr += cr
            self.crlf += blok.count(b"\r\n") + (1 if self._cr_aan_eind and blok[:1] == b"\n" else 0)
        self._cr_aan_eind = blok[-1:] == b"\r"

    @property
    def gemengd(self) -> bool:
        if self.cr == 0 or self.lf == 0:
            return False  # LF only or CR only
        return not (self.cr == self.crlf == self.lf)  # CRLF only is not mixed

    @property
    def regels(self) -> int:
        return self.lf + self.cr - self.crlf + 1


def controleer_bestand(export: Export, werkmap: Path | None = None) -> Bestandscontrole:
    """One streaming pass: sha256, encoding (first bad line), line ends, and a UTF-8 copy when needed."""
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
    volledig = False
    eindes = _Regeleinden()
    try:
        with pad.open("rb") as f:
            while True:
                blok = f.read(BLOK)
                laatste = not blok
                h.update(blok)
                try:
                    tekst = decoder.decode(blok, final=laatste)
                except UnicodeDecodeError as e:
                    # the line number only: the exception's own text holds the bytes
                    voor = e.object[: e.start]
                    deel = _Regeleinden()
                    deel.tel(voor)
                    regel = eindes.regels + deel.regels - 1
                    raise ExportGeweigerd(
                        f"bevat tekens die geen geldige {m.codering.replace('cp', 'windows-')} "
                        "zijn. Controleer de 'codering' in manifest.json of vraag de export "
                        "opnieuw aan.",
                        bestand=pad.name,
                        regel=regel,
                    ) from None
                if uit is not None:
                    uit.write(tekst)
                if not volledig and (b'"' in blok or b"\x01" in blok):
                    volledig = True
                eindes.tel(blok)
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
    return Bestandscontrole(leespad, volledig or eindes.gemengd, transcoderen, eindes.regels)


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


def records_bron(con: duckdb.DuckDBPyConnection, export: Export, controle: Bestandscontrole, bewaar: list[int]) -> str:
    """SQL for the export's records: (regel, nvelden, dossier, activiteit, groep, instantie, element, waarde).

    Every physical line gets an outcome: a record, a blank line (skipped), or a structural fault
    (`nvelden` TE_LANG for a physical line over MAX_REGEL bytes, OPEN_AANHALINGSTEKEN for a quoted
    value that does not close within MAX_REGEL; its fields are empty, its content is never kept).

    Without quotes and with one kind of line end (the usual case) this is a query straight on the
    file, which DuckDB reads in parallel while classifying. When DuckDB cannot read the file that
    way (a line over its own limit, ...), or the file has quotes or mixed line ends, the full reader
    (Python) reads it into temp table `ruw`, with `waarde` kept only for rows with six fields whose
    element is in `bewaar`. Values of private and unused elements never reach a table in any case.
    DuckDB's own messages (which quote the line) never leave here: see `bewaak`.
    """
    pad = controle.leespad
    if export.soort == "parquet":
        try:
            kolommen = [r[0] for r in con.execute("describe select * from read_parquet(?)", [str(pad)]).fetchall()]
        except duckdb.Error:
            raise ExportGeweigerd(
                "is geen leesbaar parquet-bestand. Vraag de export opnieuw aan.", bestand=pad.name
            ) from None
        if tuple(kolommen[: len(KOLOMMEN)]) != KOLOMMEN or len(kolommen) != len(KOLOMMEN):
            raise _kop_fout(pad, ";".join(kolommen))
        velden = ", ".join(f"trim(coalesce(cast({k} as varchar), '')) as {k}" for k in KOLOMMEN)
        # the path is a bound parameter in a session variable: the view over it holds no value
        con.execute("set variable jgz_bron_parquet = ?", [str(pad)])
        return (
            f"(select file_row_number + 2 as regel, 6 as nvelden, {', '.join(KOLOMMEN)} from "
            f"(select file_row_number, {velden} from "
            "read_parquet(getvariable('jgz_bron_parquet'), file_row_number = true)))"
        )
    if not controle.volledig:
        try:
            return _bron_snel(con, pad)
        except duckdb.Error:
            # DuckDB could not read it line by line (its message quotes the line: dropped unread);
            # the full reader gives every line its outcome
            con.execute("drop table if exists ruw")
    _lees_csv_python(con, pad, bewaar, controle.regels)
    return "ruw"


def _bron_snel(con: duckdb.DuckDBPyConnection, pad: Path) -> str:
    """No quotes in the file: every physical line is one record; DuckDB splits in parallel."""
    regels = (
        "read_csv(?, header = false, columns = {'tekst': 'VARCHAR'}, delim = '\x01', "
        "quote = '', escape = '', auto_detect = false) with ordinality as t(tekst, regel)"
    )
    kop = con.execute(f"select tekst from {regels} where regel = 1", [str(pad)]).fetchone()
    if kop is None or kop[0] is None:
        raise _kop_fout(pad, "")
    teken = _scheidingsteken(kop[0], pad)
    # numbering the lines is sequential; splitting and classifying them afterwards runs in parallel
    con.execute(f"create or replace temp table ruw as select regel, tekst from {regels}", [str(pad)])
    # trimming copies every field; only lines with a space need it. A line over MAX_REGEL bytes is
    # split into nothing (strlen is the stored length: no cost for the others)
    velden = ", ".join(
        f"case when spatie then trim(v[{i}]) else v[{i}] end as {k}" for i, k in enumerate(KOLOMMEN, start=1)
    )
    return f"""(
        select regel, case when lang then {TE_LANG} else len(v) end as nvelden, {velden}
        from (select regel, lang, case when lang then [] else string_split(tekst, '{teken}') end as v,
                     not lang and contains(tekst, ' ') as spatie
              from (select regel, tekst, strlen(tekst) > {MAX_REGEL} as lang from ruw
                    where regel > 1 and tekst is not null)))"""


def _fysieke_regels(f, grens: int = MAX_REGEL) -> Iterator[tuple[int, str | None]]:
    """(line number, text without its line end) for every physical line; LF, CRLF and CR each end
    a line, mixed or not. A line longer than `grens` bytes gives None: it is read in bounded pieces
    and dropped, never held whole."""
    limiet = grens + 2  # room for CRLF
    nr = 0
    slik_lf = False  # a CR ended the last piece exactly at the limit: a LF right after it belongs to it
    while True:
        stuk = f.readline(limiet)
        if slik_lf:
            slik_lf = False
            if stuk[:1] == "\n":
                stuk = stuk[1:]
                if not stuk:
                    continue
        if not stuk:
            return
        nr += 1
        inhoud = stuk.rstrip("\r\n")
        compleet = len(inhoud) < len(stuk) or len(stuk) < limiet
        if compleet and (len(inhoud) * 4 <= grens or len(inhoud.encode("utf-8")) <= grens):
            slik_lf = stuk[-1:] == "\r" and len(stuk) == limiet
            yield nr, inhoud
            continue
        eind = stuk
        while eind[-1:] not in ("\n", "\r") and len(eind) == limiet:
            eind = f.readline(limiet)
        slik_lf = eind[-1:] == "\r" and len(eind) == limiet
        yield nr, None


class _Toevoer:
    """Feeds the csv module one record's lines: the first, then more only while a quote is open,
    up to MAX_REGEL in all. `fout` says why it stopped early; `genomen` holds the extra lines."""

    def __init__(self, eerste: str, volgende) -> None:
        self.eerste: str | None = eerste
        self.volgende = volgende
        self.genomen: list[tuple[int, str | None]] = []
        self.lengte = len(eerste)
        self.fout = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.eerste is not None:
            t, self.eerste = self.eerste, None
            return t + "\n"
        item = self.volgende()
        if item is None:
            self.fout = True  # the end of the file inside a quoted value
            raise StopIteration
        self.genomen.append(item)
        tekst = item[1]
        if tekst is None or self.lengte + len(tekst) + 1 > MAX_REGEL:
            self.fout = True
            raise StopIteration
        self.lengte += len(tekst) + 1
        return tekst + "\n"


def _records(regels: Iterator[tuple[int, str | None]], teken: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, number of fields or a fault code, fields) for every record; blank lines skipped.

    A quoted value may span lines (RFC 4180). One that does not close within MAX_REGEL (or before
    the end of the file) is a fault on its first line; reading goes on with the line after it, so
    one stray quote costs one line, not the rest of the file."""
    terug: collections.deque = collections.deque()

    def volgende():
        if terug:
            return terug.popleft()
        return next(regels, None)

    while (item := volgende()) is not None:
        nr, tekst = item
        if tekst is None:
            yield nr, TE_LANG, []
            continue
        if not tekst:
            continue
        if '"' not in tekst:
            velden = tekst.split(teken)
            yield nr, len(velden), velden
            continue
        toevoer = _Toevoer(tekst, volgende)
        velden = next(csv.reader(toevoer, delimiter=teken, quotechar='"', doublequote=True, strict=False), [])
        if toevoer.fout:
            terug.extendleft(reversed(toevoer.genomen))
            yield nr, OPEN_AANHALINGSTEKEN, []
            continue
        yield nr, len(velden), velden


def _lees_csv_python(con: duckdb.DuckDBPyConnection, pad: Path, bewaar: list[int], fysiek: int = 0) -> None:
    """The full reader: quotes (records may span lines), mixed line ends, lines of any length."""
    bewaar_set = {str(e) for e in bewaar}
    with pad.open(encoding="utf-8-sig", newline="") as f:
        regels = _fysieke_regels(f)
        eerste = next(regels, None)
        if eerste is None or eerste[1] is None:
            raise _kop_fout(pad, "")
        teken = _scheidingsteken(eerste[1], pad)
        kop = next(csv.reader([eerste[1]], delimiter=teken, quotechar='"', strict=False), [])
        if tuple(v.strip() for v in kop) != KOLOMMEN:
            raise _kop_fout(pad, teken.join(kop))
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
        fouten = 0
        for start, n, rec in _records(regels, teken):
            if n < 0:
                fouten += 1
                # certain refusal (more than 1% of at most `fysiek` records): stop scanning early,
                # so a file full of stray quotes cannot keep the reader busy
                if fysiek and fouten > max(MAX_STRUCTUREEL * fysiek, 100):
                    raise ExportGeweigerd(
                        f"meer dan {MAX_STRUCTUREEL:.0%} van de regels is structureel fout (te lang of een "
                        "aanhalingsteken dat niet sluit); de export wordt geweigerd. Vraag een herstelde export aan.",
                        bestand=pad.name,
                        regel=start,
                    )
                velden: list = [None] * 6
            else:
                velden = [v.strip() for v in rec]
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


@contextlib.contextmanager
def bewaak(bestand: str) -> Iterator[None]:
    """The guard around reading and checking an export: no parser's or database's own message (which
    may quote a raw line or value) leaves it. Such an error becomes ExportGeweigerd with the file,
    the line when the parser gave one, and the reason in words; the original is dropped (`from
    None`), so not even Dagster's event log (which stores an exception's cause) sees it."""
    try:
        yield
    except ExportGeweigerd:
        raise
    except (duckdb.Error, csv.Error, UnicodeError, ValueError, IndexError, KeyError, TypeError, OSError) as e:
        # an OSError's words are the system's (strerror), never the file's content
        tekst = (e.strerror or "") if isinstance(e, OSError) else str(e)
        regel = None
        if m := re.search(r"\bLine:? (\d+)", tekst):
            regel = int(m.group(1))
        if isinstance(e, duckdb.OutOfMemoryException):
            reden = "er was niet genoeg geheugen om het te lezen. Stel duckdb_geheugen in jgz.toml hoger in."
        elif oorzaak := next((t for t in SCHRIJFFOUTEN if t in tekst), None):
            # (also DuckDB's "database has been invalidated" after such an error, which repeats it)
            # the system's own words only (no content of the file), so that the cause stays recognisable
            reden = (
                f"er kon niet geschreven worden ({oorzaak}): de schijf is vol of de map is niet beschrijfbaar. "
                "Maak ruimte of controleer de rechten en start opnieuw."
            )
        elif isinstance(e, OSError):
            reden = f"kon niet gelezen of geschreven worden ({tekst or type(e).__name__}). Controleer het bestand."
        else:
            reden = (
                f"kon niet gelezen worden ({type(e).__name__}); de inhoud wordt niet getoond. Controleer de "
                "structuur van het bestand of vraag de export opnieuw aan."
            )
        raise ExportGeweigerd(reden, bestand=bestand, regel=regel) from None
