"""Tests for siteselect.criteria: raw values in real units."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from siteselect.config import parse_config
from siteselect.criteria import (
    compute_count_within_km,
    compute_criteria,
    compute_nearest_distance_km,
    raw_column,
)
from siteselect.errors import ConfigError, DataError

CRS = "EPSG:6372"


def _points(coords: list[tuple[float, float]]) -> gpd.GeoSeries:
    return gpd.GeoSeries([Point(x, y) for x, y in coords], crs=CRS)


def test_nearest_distance_is_euclidean_in_km() -> None:
    pts = _points([(0, 0), (3000, 4000), (10_000, 0)])
    targets = _points([(0, 1000), (10_000, 500)])
    got = compute_nearest_distance_km(pts, targets)
    # (0,0)->(0,1000) = 1 km; (3000,4000)->(0,1000) = sqrt(9e6+9e6) m; (10000,0)->(10000,500)
    np.testing.assert_allclose(got, [1.0, np.hypot(3000, 3000) / 1000, 0.5])


def test_nearest_distance_to_lines() -> None:
    pts = _points([(0, 5000), (2000, -3000)])
    line = gpd.GeoSeries([LineString([(-10_000, 0), (10_000, 0)])], crs=CRS)
    np.testing.assert_allclose(compute_nearest_distance_km(pts, line), [5.0, 3.0])


def test_count_within_km_counts_the_boundary() -> None:
    pts = _points([(0, 0)])
    targets = _points([(1000, 0), (0, 2000), (5000, 0)])
    assert compute_count_within_km(pts, targets, 2.0).tolist() == [2.0]


def test_attribute_criteria_need_no_geometry() -> None:
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "c",
                    "measure": "attribute",
                    "column": "cost",
                    "direction": "min",
                    "weight": 1,
                },
                {
                    "name": "r",
                    "measure": "attribute",
                    "column": "rail",
                    "direction": "max",
                    "weight": 1,
                },
            ]
        }
    )
    table = pd.DataFrame({"cost": [1.5, 2], "rail": ["yes", "false"]}, index=["a", "b"])
    raw = compute_criteria(table, cfg.criteria, None)
    assert raw.to_dict() == {"c": {"a": 1.5, "b": 2.0}, "r": {"a": 1.0, "b": 0.0}}


def test_missing_column_names_the_key_and_the_columns() -> None:
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "c",
                    "measure": "attribute",
                    "column": "nope",
                    "direction": "min",
                    "weight": 1,
                }
            ]
        }
    )
    table = pd.DataFrame({"cost": [1.0]}, index=["a"])
    with pytest.raises(DataError, match=r"criteria\[0\]\.column: 'nope' is not a column .*cost"):
        compute_criteria(table, cfg.criteria, None)


def test_non_numeric_attribute_is_a_data_error() -> None:
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "c",
                    "measure": "attribute",
                    "column": "cost",
                    "direction": "min",
                    "weight": 1,
                }
            ]
        }
    )
    table = pd.DataFrame({"cost": ["12", "cheap"]}, index=["a", "b"])
    with pytest.raises(DataError, match="non-numeric value 'cheap' for candidate 'b'"):
        compute_criteria(table, cfg.criteria, None)


def test_distance_without_locations_is_a_config_error() -> None:
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "b",
                    "measure": "distance",
                    "to": "seaports",
                    "direction": "min",
                    "weight": 1,
                }
            ]
        }
    )
    with pytest.raises(ConfigError, match="needs candidate locations"):
        compute_criteria(pd.DataFrame(index=["a"]), cfg.criteria, None)


def test_raw_column_names_carry_units() -> None:
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "border",
                    "measure": "drive_time",
                    "to": "border_crossings",
                    "direction": "min",
                    "weight": 1,
                },
                {
                    "name": "labour",
                    "measure": "population_within",
                    "minutes": 60,
                    "direction": "max",
                    "weight": 1,
                },
                {
                    "name": "rent",
                    "measure": "attribute",
                    "column": "rent_usd_m2_month",
                    "direction": "min",
                    "weight": 1,
                },
            ]
        }
    )
    assert raw_column(cfg.criteria[0], "kWh/m2/yr") == "border_kwh_m2_yr"
    assert [raw_column(c) for c in cfg.criteria] == [
        "border_min",
        "labour_people",
        "rent_usd_m2_month",
    ]


def test_where_selects_features_by_value() -> None:
    from siteselect.criteria import select_features

    frame = gpd.GeoDataFrame(
        {"mode": ["road", "rail", "road"], "commercial": [True, False, "false"]},
        geometry=[Point(0, 0), Point(1, 1), Point(2, 2)],
        crs=CRS,
    )
    assert list(select_features(frame, "x", {"commercial": True}).index) == [0]
    assert list(select_features(frame, "x", {"mode": "ROAD"}).index) == [0, 2]
    assert len(select_features(frame, "x", None)) == 3
    with pytest.raises(ConfigError, match="has no column 'kind'"):
        select_features(frame, "x", {"kind": "road"})


def test_drive_to_crossings_skips_rail_only_ones_when_asked() -> None:
    """With `where`, the nearest border crossing for a truck is a commercial one."""
    from siteselect.pipeline import LayerCache

    cache = LayerCache()
    crossings = cache.get_layer("border_crossings")
    laredo_rail = crossings.set_index("id").geometry["rail-laredo-nuevo-laredo"]
    cands = gpd.GeoDataFrame(
        {"name": ["at the rail bridge"]}, geometry=[laredo_rail], crs=CRS, index=["p"]
    )
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "any",
                    "measure": "distance",
                    "to": "border_crossings",
                    "direction": "min",
                    "weight": 1,
                },
                {
                    "name": "trucks",
                    "measure": "distance",
                    "to": "border_crossings",
                    "where": {"commercial": True},
                    "direction": "min",
                    "weight": 1,
                },
            ]
        }
    )
    from siteselect.criteria import MeasureContext

    context = MeasureContext(cache.get_layer, cache.get_graph, cache.get_raster)
    raw = compute_criteria(cands, cfg.criteria, context)
    assert raw.loc["p", "any"] == pytest.approx(0.0)
    assert raw.loc["p", "trucks"] > 0.5  # the nearest road bridge is elsewhere in Laredo
