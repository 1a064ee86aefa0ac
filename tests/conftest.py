"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real reference data folder; tests using it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA


@pytest.fixture
def alternatives_csv(tmp_path: Path) -> Path:
    """A table of alternatives without coordinates (attribute criteria only)."""
    path = tmp_path / "alts.csv"
    path.write_text(
        "id,name,cost,quality,risk\n"
        "a,Alpha,100,7,0.2\n"
        "b,Bravo,80,5,0.4\n"
        "c,Charlie,120,9,0.1\n"
        "d,Delta,90,6,0.3\n",
        encoding="utf-8",
    )
    return path


def write_config(tmp_path: Path, text: str, name: str = "search.toml") -> Path:
    """Write a TOML config into the test folder and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
