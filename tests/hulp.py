"""Helpers for tests: small hand-made exports."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JGZ = [sys.executable, "-m", "pipelines.cli"]

KOP = "dossier;activiteit;groep;instantie;element;waarde"


def schrijf_export(
    map_: Path,
    rijen: list[str] | str,
    *,
    aanmaakdatum: str = "2025-02-03",
    bds_versie: str = "4.0.1",
    codering: str = "utf-8",
    kop: str = KOP,
    manifest: dict | None = None,
    rijen_manifest: int | None = None,
    sha: str | None = None,
    bytes_: bytes | None = None,
) -> Path:
    """Write manifest.json and elementen.csv; rows are lines 'dossier;act;groep;inst;element;waarde'."""
    map_.mkdir(parents=True, exist_ok=True)
    if isinstance(rijen, str):
        tekst = rijen
        aantal = None
    else:
        tekst = "\n".join([kop, *rijen]) + "\n"
        aantal = sum(1 for r in rijen if r != "")
    data = bytes_ if bytes_ is not None else tekst.encode("cp1252" if codering == "windows-1252" else "utf-8")
    (map_ / "elementen.csv").write_bytes(data)
    m = {
        "formaat": "bds-export/1",
        "organisatie": "JGZ Test",
        "bds_versie": bds_versie,
        "aanmaakdatum": aanmaakdatum,
        "codering": codering,
        "bestanden": [
            {
                "naam": "elementen.csv",
                "rijen": rijen_manifest if rijen_manifest is not None else (aantal if aantal is not None else 0),
                "sha256": sha or hashlib.sha256(data).hexdigest(),
            }
        ],
    }
    if manifest:
        m.update(manifest)
    (map_ / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    return map_


def kind(
    dossier: str,
    geboortedatum: str,
    gemeente: str = "0505",
    extra: list[str] | None = None,
    geslacht: str = "2",
    adresstart: str | None = None,
) -> list[str]:
    """A child with a birth date and one BRP address (GBA gemeente code) since birth."""
    rijen = [
        f"{dossier};;;;19;{geslacht}",
        f"{dossier};;;;20;{geboortedatum}",
        f"{dossier};;G001;1;8;01",
        f"{dossier};;G001;1;9;{gemeente}",
    ]
    if adresstart:
        rijen.append(f"{dossier};;G001;1;1453;{adresstart}")
    return rijen + (extra or [])


def activiteit(
    dossier: str,
    act: str,
    datum: str,
    soort: str = "37",
    status: str = "01",
    extra: list[str] | None = None,
) -> list[str]:
    rijen = [f"{dossier};{act};;;724;{datum}", f"{dossier};{act};;;494;{soort}"]
    if status:
        rijen.append(f"{dossier};{act};;;1605;{status}")
    return rijen + (extra or [])


def vaccinatie(dossier: str, act: str, inst: int, datum: str, vaccin: str, bezwaar: str | None = None) -> list[str]:
    rijen = [
        f"{dossier};{act};G076;{inst};1409;{datum}",
        f"{dossier};{act};G076;{inst};461;{vaccin}",
    ]
    if bezwaar:
        rijen.append(f"{dossier};{act};G076;{inst};683;{bezwaar}")
    return rijen


def opvulling(n: int = 200) -> list[str]:
    """Rows of an unused element (counted and dropped), so a few structural faults stay <= 1%."""
    return [f"VUL;;;;235;{i}" for i in range(n)]


def jgz(config: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `jgz` command line in a subprocess."""
    omgeving = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    omgeving.update(env or {})
    return subprocess.run(
        [*JGZ, "--config", str(config), *args],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=900,
    )


def jgz_hier(capsys, config: Path | None, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    """Run the command line in this process (fast: no interpreter start); (exit code, stdout, stderr)."""
    from pipelines.cli import main

    argv = (["--config", str(config)] if config else []) + list(args)
    bewaard = dict(os.environ)  # `jgz run` sets DAGSTER_HOME and JGZ_CONFIG for its code location
    os.environ.pop("DAGSTER_HOME", None)
    os.environ.update(env or {})
    try:
        code = main(argv)
    except SystemExit as e:  # argparse: --help and usage errors
        code = e.code if isinstance(e.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(bewaard)
    uit = capsys.readouterr()
    return code, uit.out, uit.err
