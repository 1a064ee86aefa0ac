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


def _touch_later(path: Path) -> None:
    """Move a file's modification time a second on (a rebuild within the same second)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_state_outlines_are_built_once_and_again_for_a_rebuilt_file(tmp_path: Path) -> None:
    """The states' outlines (their trees) are shared within a process while states.gpkg is
    unchanged; a rewritten file (one state fewer) gives new outlines."""
    import geopandas as gpd

    from siteselect.layers import read_state_outlines
    from siteselect.layers.store import LayerStore
    from siteselect.layers.validate.rules import build_state_outlines, locate_states

    clear_held()
    shutil.copy(DATA / "states.gpkg", tmp_path / "states.gpkg")
    first = read_state_outlines(tmp_path)
    assert read_state_outlines(tmp_path) is first
    store = LayerStore(tmp_path)
    assert store.derived("states", "outlines", build_state_outlines) is first
    assert store.used == ["states"]  # counted as a layer the run used
    assert not first.names.flags.writeable and not first.shapes.flags.writeable
    states = read_layer("states", tmp_path)
    kept = states.iloc[1:]
    path = tmp_path / "states.gpkg"
    path.unlink()
    kept.to_file(path, driver="GPKG")
    _touch_later(path)
    second = read_state_outlines(tmp_path)
    assert second is not first
    assert list(second.names) == list(kept["state"])
    # a point inside the state the file lost no longer lies in it
    inside = gpd.GeoSeries([states.geometry.iloc[0].representative_point()], crs=states.crs)
    assert locate_states(inside, first)[0].iloc[0] == states["state"].iloc[0]
    assert locate_states(inside, second)[0].iloc[0] != states["state"].iloc[0]
    clear_held()


def test_municipality_points_are_built_again_for_an_edited_population_file(
    tmp_path: Path,
) -> None:
    """The population points' tree is shared while population.csv is unchanged; an edited file
    (another municipality code) is read again."""
    import numpy as np

    from siteselect.layers.store import LayerStore
    from siteselect.metros import build_municipality_points, find_municipalities

    clear_held()
    header = "id,name,municipality_code,population,lon,lat\n"
    path = tmp_path / "population.csv"
    path.write_text(header + "a,A,01001,1000,-102.29,21.88\n", encoding="utf-8")
    store = LayerStore(tmp_path)
    first = store.derived("population", "municipalities", build_municipality_points)
    assert store.derived("population", "municipalities", build_municipality_points) is first
    assert store.used == ["population"]
    xy = np.array([[first.tree.data[0][0] + 100.0, first.tree.data[0][1]]])
    assert find_municipalities(xy, first) == ["01001"]
    path.write_text(header + "a,A,01002,1000,-102.29,21.88\n", encoding="utf-8")
    _touch_later(path)
    second = LayerStore(tmp_path).derived("population", "municipalities", build_municipality_points)
    assert second is not first
    assert find_municipalities(xy, second) == ["01002"]
    clear_held()


def test_a_derived_object_of_a_missing_layer_file_is_a_data_error(tmp_path: Path) -> None:
    from siteselect.errors import DataError
    from siteselect.layers import read_state_outlines

    clear_held()
    with pytest.raises(DataError, match="missing"):
        read_state_outlines(tmp_path)
