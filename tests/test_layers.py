"""Tests for siteselect.layers: the registry, readers and input checks."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from siteselect.errors import ConfigError, DataError
from siteselect.layers import (
    LAYERS,
    check_in_mexico,
    check_lon_lat,
    points_from_frame,
    read_layer,
    read_vector,
)


def test_every_stable_layer_name_is_registered() -> None:
    for name in (
        "parks",
        "border_crossings",
        "seaports",
        "airports",
        "railways",
        "highways",
        "cities",
        "states",
        "corridors",
    ):
        assert name in LAYERS


def test_point_layers_come_in_the_metric_crs() -> None:
    parks = read_layer("parks")
    assert parks.crs.to_epsg() == 6372
    assert parks["id"].is_unique
    corridors = {"bajio", "northeast", "northwest", "north-centre", "centre", "other"}
    assert set(parks["corridor"]) == corridors


def test_corridors_are_dissolved_from_states() -> None:
    corridors = read_layer("corridors")
    states = read_layer("states")
    assert list(corridors["corridor"]) == [
        "bajio",
        "centre",
        "north-centre",
        "northeast",
        "northwest",
        "other",
    ]
    shapes = corridors.set_index("corridor").geometry
    by_state = states.set_index("state").geometry
    assert shapes["bajio"].contains(by_state["Querétaro"].representative_point())
    assert not shapes["bajio"].intersects(by_state["Yucatán"])
    # the whole country, once: `--corridor all` is Mexico
    assert shapes.union_all().area == pytest.approx(by_state.union_all().area, rel=1e-9)
    assert sum(g.area for g in shapes) == pytest.approx(by_state.union_all().area, rel=1e-9)
    # Mexico City's industrial alcaldías are in the centre, the rest of the capital is `other`
    vallejo, zocalo = Point(2_796_958, 835_948), Point(2_800_163, 829_058)
    assert shapes["centre"].contains(vallejo) and shapes["other"].contains(zocalo)


def test_a_user_corridor_is_a_row(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    (tmp_path / "states.gpkg").write_bytes((data / "states.gpkg").read_bytes())
    (tmp_path / "corridors.csv").write_text(
        "corridor,name,states,source\nnorthwest,Northwest,Chihuahua;Sonora,test\n",
        encoding="utf-8",
    )
    corridors = read_layer("corridors", tmp_path)
    assert list(corridors["corridor"]) == ["northwest"]
    (tmp_path / "corridors.csv").write_text(
        "corridor,name,states,source\nx,X,Atlantis,test\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="unknown states \\['Atlantis'\\]"):
        read_layer("corridors", tmp_path)


def test_unknown_layer_lists_the_known_ones() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown layer 'ports'; did you mean 'seaports'\? known layers: "
    ):
        read_layer("ports")
    with pytest.raises(ConfigError, match=r"'x.xlsx' is neither a known layer nor a file"):
        read_layer("data/x.xlsx")


def test_swapped_and_out_of_range_coordinates() -> None:
    with pytest.raises(DataError, match=r"row 2 .* looks swapped"):
        check_lon_lat(np.array([-100.3, 25.6]), np.array([25.6, -100.3]), source="t.csv")
    with pytest.raises(DataError, match=r"row 1 .* out of range"):
        check_lon_lat(np.array([-200.0]), np.array([20.0]), source="t.csv")


def test_missing_coordinates_are_named() -> None:
    frame = pd.DataFrame({"lon": [-100.0, None], "lat": [20.0, 21.0]})
    with pytest.raises(DataError, match="column 'lon' row 2 is empty"):
        points_from_frame(frame, source="t.csv")


def test_a_wrong_crs_puts_points_outside_mexico() -> None:
    # Projected metres labelled as degrees would fail the range check; metres of another
    # projection, labelled correctly, but of a place in Spain, land outside Mexico.
    frame = gpd.GeoDataFrame(geometry=[Point(-3.7, 40.4)], crs="EPSG:4326").to_crs("EPSG:6372")
    with pytest.raises(DataError, match=r"outside Mexico .* check the file's CRS"):
        check_in_mexico(frame, source="parks.gpkg")


def test_vector_without_crs_and_invalid_geometry(tmp_path: Path) -> None:
    path = tmp_path / "no_crs.gpkg"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(-100, 20)]).to_file(path)
    with pytest.raises(DataError, match="has no CRS"):
        read_vector(path)
    bowtie = Polygon([(-100, 20), (-99, 21), (-99, 20), (-100, 21)])
    bad = tmp_path / "bad.gpkg"
    gpd.GeoDataFrame({"id": ["a"]}, geometry=[bowtie], crs="EPSG:4326").to_file(bad)
    with pytest.raises(DataError, match="row 1 has an invalid geometry"):
        read_vector(bad)
    with pytest.raises(DataError, match="cannot read"):
        read_vector(tmp_path / "missing.gpkg")
