"""The one place where text becomes a CSV cell that a spreadsheet opens: no formula injection.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel and LibreOffice (`=HYPERLINK(...)` in a regio name, say). Such a text cell gets a leading
apostrophe (OWASP's advice), which spreadsheets show as text. Numbers are never touched: only text
columns pass through here. Parquet output keeps the values as they are (it holds types, not formulas).
"""

from __future__ import annotations

import polars as pl

GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
_PATROON = r"^[=+\-@\t\r]"


def csv_cel(waarde: object) -> object:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(waarde, str) and waarde.startswith(GEVAARLIJK):
        return "'" + waarde
    return waarde


def csv_frame(df: pl.DataFrame) -> pl.DataFrame:
    """The same for every text column of a frame (before `write_csv`)."""
    tekst = [c for c, t in df.schema.items() if t == pl.String]
    if not tekst:
        return df
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_PATROON)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in tekst
    )
