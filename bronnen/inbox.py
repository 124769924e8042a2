"""The inbox: which exports are waiting, which are new, which is complete."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Kandidaat:
    pad: Path
    export_id: str | None  # sha256 from the manifest; None when the manifest is unreadable
    aanmaakdatum: date | None
    grootte: int
    gewijzigd: float


def _manifest(pad: Path) -> dict | None:
    try:
        if pad.is_dir():
            return json.loads((pad / "manifest.json").read_text(encoding="utf-8-sig"))
        with zipfile.ZipFile(pad) as zf:
            namen = [n for n in zf.namelist() if n.endswith("manifest.json") and "__MACOSX" not in n]
            if len(namen) != 1:
                return None
            return json.loads(zf.read(namen[0]).decode("utf-8-sig"))
    except (OSError, ValueError, zipfile.BadZipFile, KeyError):
        return None


def _grootte(pad: Path) -> tuple[int, float]:
    if pad.is_file():
        s = pad.stat()
        return s.st_size, s.st_mtime
    bestanden = [p.stat() for p in pad.rglob("*") if p.is_file()]
    return sum(s.st_size for s in bestanden), max((s.st_mtime for s in bestanden), default=0.0)


def kandidaten(inbox: Path) -> list[Kandidaat]:
    """Every folder or .zip in the inbox, with what its manifest says (if readable)."""
    if not inbox.is_dir():
        return []
    uit = []
    for pad in sorted(inbox.iterdir()):
        if pad.name.startswith(".") or not (pad.is_dir() or pad.suffix.lower() == ".zip"):
            continue
        m = _manifest(pad)
        export_id = aanmaak = None
        if isinstance(m, dict):
            try:
                export_id = str(m["bestanden"][0]["sha256"]).lower()
                aanmaak = date.fromisoformat(m["aanmaakdatum"])
            except (KeyError, IndexError, TypeError, ValueError):
                export_id = aanmaak = None
        grootte, gewijzigd = _grootte(pad)
        uit.append(Kandidaat(pad, export_id, aanmaak, grootte, gewijzigd))
    return uit


def nieuwste_nieuwe(inbox: Path, bekend: set[str]) -> Kandidaat | None:
    """The newest export (by aanmaakdatum) in the inbox that was not ingested before."""
    nieuw = [k for k in kandidaten(inbox) if k.export_id and k.export_id not in bekend and k.aanmaakdatum]
    return max(nieuw, key=lambda k: (k.aanmaakdatum, k.gewijzigd), default=None)
