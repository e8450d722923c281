"""Shared fixtures for the tests of the pure core."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.protocol_loader import load_protocol

REPO = Path(__file__).resolve().parents[2]
HANDREIKING = REPO / "protocols" / "handreiking.toml"
DATA = REPO / "tests" / "data" / "protocols"
# The engine, store and summary tests run on a frozen copy of the Handreiking, so that
# changes to the built-in library do not move their expected times and positions.
ENGINE_FIXTURE = REPO / "tests" / "data" / "engine-fixture.toml"


# The language (Dutch, restored after each test) and the fake clock come from tests/conftest.py.


@pytest.fixture(scope="session")
def handreiking() -> Protocol:
    return load_protocol(ENGINE_FIXTURE)
