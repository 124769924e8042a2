"""The inbox: which exports are waiting, which are new, which is complete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bronnen.export import ExportGeweigerd, Manifest, lees_manifest


@dataclass(frozen=True)
class Kandidaat:
    pad: Path
    export_id: str | None  # sha256 from the manifest; None when the manifest is refused
    aanmaakdatum: date | None
    grootte: int
    gewijzigd: float
    fout: str | None = None  # why the manifest was refused (Dutch), if it was


def _manifest(pad: Path) -> tuple[Manifest | None, str | None]:
    """The manifest by the one reader (bronnen.export.lees_manifest, straight from a zip), or why not."""
    try:
        return lees_manifest(pad), None
    except ExportGeweigerd as fout:
        return None, str(fout)
    except OSError as fout:
        return None, f"{pad.name}: kan niet gelezen worden ({fout.strerror})."


def _grootte(pad: Path) -> tuple[int, float]:
    try:
        if not pad.is_dir():
            s = pad.stat()
            return s.st_size, s.st_mtime
        bestanden = [p.stat() for p in pad.rglob("*") if p.is_file()]
    except OSError:  # a broken link, or removed while we looked
        return 0, 0.0
    return sum(s.st_size for s in bestanden), max((s.st_mtime for s in bestanden), default=0.0)


def kandidaten(inbox: Path) -> list[Kandidaat]:
    """Every folder or .zip in the inbox, with what its manifest says (if readable)."""
    if not inbox.is_dir():
        return []
    uit = []
    for pad in sorted(inbox.iterdir()):
        if pad.name.startswith(".") or not (pad.is_dir() or pad.suffix.lower() == ".zip"):
            continue
        m, fout = _manifest(pad)
        grootte, gewijzigd = _grootte(pad)
        uit.append(Kandidaat(pad, m.sha256 if m else None, m.aanmaakdatum if m else None, grootte, gewijzigd, fout))
    return uit


def nieuwste_nieuwe(inbox: Path, bekend: set[str]) -> Kandidaat | None:
    """The newest export (by aanmaakdatum) in the inbox that was not ingested before."""
    nieuw = [k for k in kandidaten(inbox) if k.export_id and k.export_id not in bekend and k.aanmaakdatum]
    return max(nieuw, key=lambda k: (k.aanmaakdatum, k.gewijzigd), default=None)
