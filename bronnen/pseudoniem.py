"""Keyed pseudonyms (HMAC-SHA256) for dossier and activity numbers.

The key lives outside the repository: `$JGZ_PSEUDONIEM_SLEUTEL`, else a file `pseudoniem.sleutel`
beside the database, created on first use with mode 0600. The same key gives the same pseudonym in
every monthly run; without the key nobody can go back from a pseudonym to a dossier number.
The HMAC runs inside DuckDB (sha256 on blobs), so millions of values need no Python loop.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import duckdb

SLEUTELBESTAND = "pseudoniem.sleutel"
LENGTE = 32  # hex characters kept: HMAC-SHA256 truncated to 128 bits


def sleutel(database: Path) -> bytes:
    """The pseudonym key: from the environment, else from (or created beside) the database."""
    uit_omgeving = os.environ.get("JGZ_PSEUDONIEM_SLEUTEL")
    if uit_omgeving:
        return uit_omgeving.encode("utf-8")
    pad = database.parent / SLEUTELBESTAND
    if not pad.exists():
        pad.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return pad.read_text().strip().encode("utf-8")


def _pads(key: bytes) -> tuple[str, str]:
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in key).hex()
    opad = bytes(b ^ 0x5C for b in key).hex()
    return ipad, opad


def registreer(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Define the temp macro `pseudoniem(tekst)` in this connection (never stored in the file)."""
    ipad, opad = _pads(key)
    con.execute(
        f"""
        create or replace temp macro pseudoniem(tekst) as
        substr(sha256(unhex('{opad}') || unhex(sha256(unhex('{ipad}') || encode(tekst)))),
               1, {LENGTE})
        """
    )


def pseudoniem(key: bytes, tekst: str) -> str:
    """The same pseudonym as the SQL macro, in Python (for tests and single values)."""
    return hmac.new(key, tekst.encode("utf-8"), hashlib.sha256).hexdigest()[:LENGTE]
