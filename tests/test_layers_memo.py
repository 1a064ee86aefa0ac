"""Tests for siteselect.layers.memo: embedded layers held between runs, checked against files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from siteselect.layers import read_layer, read_table
from siteselect.layers.memo import clear_held

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder holding a copy of the seaports layer and the corridors table."""
    clear_held()
    shutil.copy(DATA / "seaports.csv", tmp_path / "seaports.csv")
    shutil.copy(DATA / "corridors.csv", tmp_path / "corridors.csv")
    return tmp_path


def test_a_held_layer_is_a_copy(folder: Path) -> None:
    """Changing what read_layer returned does not change the next read."""
    first = read_layer("seaports", folder)
    first.loc[first.index[0], "name"] = "changed by the caller"
    first["extra"] = 1
    second = read_layer("seaports", folder)  # from memory
    assert second.loc[second.index[0], "name"] == "Altamira"
    assert "extra" not in second.columns
    assert second.crs == first.crs
    assert second.geometry.equals(first.geometry)
    second.loc[second.index[0], "name"] = "changed again"
    assert read_layer("seaports", folder).loc[second.index[0], "name"] == "Altamira"


def test_a_rebuilt_file_is_read_again(folder: Path) -> None:
    """A file rewritten after the first read (make data) gives its new rows."""
    assert read_layer("seaports", folder).loc[0, "name"] == "Altamira"
    path = folder / "seaports.csv"
    text = path.read_text(encoding="utf-8").replace(",Altamira,", ",Puerto Altamira,", 1)
    path.write_text(text, encoding="utf-8")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert read_layer("seaports", folder).loc[0, "name"] == "Puerto Altamira"


def test_tables_are_held_and_checked_too(folder: Path) -> None:
    table = read_table("corridors.csv", folder)
    table.iloc[0, 0] = "changed"
    assert read_table("corridors.csv", folder).iloc[0, 0] != "changed"
    path = folder / "corridors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:2]), encoding="utf-8")  # the header and one row
    assert len(read_table("corridors.csv", folder)) == 1


def test_a_removed_file_is_a_data_error(folder: Path) -> None:
    from siteselect.errors import DataError

    read_layer("seaports", folder)
    (folder / "seaports.csv").unlink()
    with pytest.raises(DataError, match="missing"):
        read_layer("seaports", folder)


def test_the_road_graph_is_shared_with_what_it_snapped() -> None:
    """A second search of the process takes the same graph, and its snapped points with it."""
    import numpy as np

    from siteselect.config import read_profile
    from siteselect.context import read_road_graph
    from siteselect.layers.store import LayerStore
    from siteselect.network import compute_access_legs

    clear_held()
    config = read_profile("default")
    first = read_road_graph(config, LayerStore())
    legs = compute_access_legs(first, np.array([[2_400_000.0, 1_000_000.0]]))
    second = read_road_graph(config, LayerStore())
    assert second is first
    again = compute_access_legs(second, np.array([[2_400_000.0, 1_000_000.0]]))
    assert again is legs  # the snap was not redone
    clear_held()
    assert read_road_graph(config, LayerStore()) is not first
