"""Keyed pseudonyms (HMAC-SHA256) for dossier and activity numbers.

The key lives outside the repository: `$JGZ_PSEUDONIEM_SLEUTEL`, else a file `pseudoniem.sleutel`
beside the database, created on first use with mode 0600 (at least 32 bytes; a shorter key is
refused). The same key gives the same pseudonym in
every monthly run; without the key nobody can go back from a pseudonym to a dossier number.
The HMAC runs inside DuckDB (sha256 on blobs), so millions of values need no Python loop.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

import duckdb

SLEUTELBESTAND = "pseudoniem.sleutel"
LENGTE = 32  # hex characters kept: HMAC-SHA256 truncated to 128 bits
MIN_BYTES = 32  # bds-export.md "Privacy at the door": a shorter key is refused


class SleutelFout(Exception):
    """The pseudonym key is missing, too short or unreadable (Dutch message, never the key)."""


def sleutel(database: Path) -> bytes:
    """The pseudonym key: from the environment, else from (or created beside) the database.

    A key shorter than MIN_BYTES (an empty file or variable included) is refused, never used: an
    HMAC with a short or empty key can be recomputed by anyone, so the pseudonyms would be no
    better than the dossier numbers.
    """
    uit_omgeving = os.environ.get("JGZ_PSEUDONIEM_SLEUTEL")
    if uit_omgeving is not None:
        key = uit_omgeving.encode("utf-8")
        if len(key) < MIN_BYTES:
            raise SleutelFout(
                f"De pseudonimiseringssleutel in $JGZ_PSEUDONIEM_SLEUTEL is te kort ({len(key)} bytes, minimaal "
                f"{MIN_BYTES}). Zet de juiste sleutel in de variabele, of haal de variabele weg om de sleutel "
                f"naast het DuckDB-bestand te gebruiken."
            )
        return key
    pad = database.parent / SLEUTELBESTAND
    if not pad.exists():
        _maak_sleutel(pad)
    try:
        st = pad.stat()
        if st.st_mode & 0o077:  # readable by others (an old file or a copy): owner only
            os.chmod(pad, 0o600)
        key = pad.read_bytes().strip()
    except OSError as e:
        raise SleutelFout(
            f"De pseudonimiseringssleutel {pad} kan niet gelezen worden ({e.strerror}). Controleer het bestand "
            "en de rechten."
        ) from None
    if len(key) < MIN_BYTES:
        raise SleutelFout(
            f"De pseudonimiseringssleutel {pad} is te kort ({len(key)} bytes, minimaal {MIN_BYTES}); er is niets "
            "ingelezen. Zet de sleutel terug uit de back-up. Is er nog nooit met deze sleutel ingelezen (een "
            "mislukte eerste keer), verwijder het bestand dan: de volgende run maakt een nieuwe sleutel."
        )
    return key


def _maak_sleutel(pad: Path) -> None:
    """Write a new key to a private temporary file, then link it into place: a failed write (disk
    full) leaves no key file, and a key that another process created first is never overwritten."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)  # whatever the umask
            inhoud = secrets.token_hex(32).encode("ascii")
            if os.write(fd, inhoud) != len(inhoud):
                raise OSError(28, "onvolledig geschreven")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tijdelijk, pad)  # fails when the key exists: never replace a key in use
        except FileExistsError:
            pass
        dirfd = os.open(pad.parent, os.O_DIRECTORY)
        try:
            os.fsync(dirfd)
        finally:
            os.close(dirfd)
    except OSError as e:
        raise SleutelFout(
            f"De nieuwe pseudonimiseringssleutel {pad} kon niet geschreven worden ({e.strerror}); er is geen "
            "sleutel gemaakt en niets ingelezen. Maak ruimte of controleer de rechten en start opnieuw."
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tijdelijk.unlink()


def _pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer padded keys (RFC 2104), so the SQL macro is two sha256 calls."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def registreer(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Define the temp macro `pseudoniem(tekst)` in this connection (never stored in the file).

    The padded keys are bound parameters in two session variables, never text in the SQL: the
    macro's definition holds no key material, and no value is formatted into a statement.
    """
    ipad, opad = _pads(key)
    con.execute("set variable jgz_pseudoniem_ipad = ?", [ipad])
    con.execute("set variable jgz_pseudoniem_opad = ?", [opad])
    con.execute(
        f"""
        create or replace temp macro pseudoniem(tekst) as
        substr(sha256(getvariable('jgz_pseudoniem_opad')
                      || unhex(sha256(getvariable('jgz_pseudoniem_ipad') || encode(tekst)))),
               1, {LENGTE})
        """
    )


def pseudoniem(key: bytes, tekst: str) -> str:
    """The same pseudonym as the SQL macro, in Python (for tests and single values)."""
    return hmac.new(key, tekst.encode("utf-8"), hashlib.sha256).hexdigest()[:LENGTE]
