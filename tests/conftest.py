import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JGZ_PSEUDONIEM_SLEUTEL", "test-sleutel-niet-geheim")


@pytest.fixture
def sleutel() -> bytes:
    return os.environ["JGZ_PSEUDONIEM_SLEUTEL"].encode()
