import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JGZ_PSEUDONIEM_SLEUTEL", "test-sleutel-niet-geheim-minstens-32-bytes")


@pytest.fixture
def sleutel() -> bytes:
    return os.environ["JGZ_PSEUDONIEM_SLEUTEL"].encode()


TOML = (
    (ROOT / "jgz.toml").read_text().replace('teksten = "factsheets/teksten"', f'teksten = "{ROOT}/factsheets/teksten"')
)


@pytest.fixture
def omgeving(tmp_path):
    """A configuration in a temporary folder: its own inbox, database, outbox and Dagster home."""
    pad = tmp_path / "jgz.toml"
    pad.write_text(TOML)
    return pad
