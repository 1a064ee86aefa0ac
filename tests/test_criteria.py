"""Tests for siteselect.criteria: the measure registry, raw values in real units, details."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, Point, box

from siteselect.candidates import with_representative_points
from siteselect.config import parse_config
from siteselect.criteria import (
    REGISTRY,
    Candidates,
    MeasureContext,
    compute_count_within_km,
    compute_measures,
    compute_nearest_distance_km,
    raw_column,
    select_features,
)
from siteselect.errors import ConfigError, DataError
from siteselect.network import AccessLeg, build_road_graph

CRS = "EPSG:6372"


def _points(coords: list[tuple[float, float]]) -> gpd.GeoSeries:
    return gpd.GeoSeries([Point(x, y) for x, y in coords], crs=CRS)


def _criteria(*entries: dict[str, Any]) -> list[Any]:
    base = {"direction": "min", "weight": 1}
    return parse_config({"criteria": [{**base, **e} for e in entries]}).criteria


def _candidates(coords: list[tuple[float, float]], ids: list[str]) -> Candidates:
    frame = gpd.GeoDataFrame({"name": ids}, geometry=_points(coords).to_numpy(), crs=CRS, index=ids)
    return Candidates(frame=frame)


def test_nearest_distance_is_euclidean_in_km_and_names_the_target() -> None:
    pts = _points([(0, 0), (3000, 4000), (10_000, 0)])
    targets = _points([(0, 1000), (10_000, 500)])
    km, rows = compute_nearest_distance_km(pts, targets)
    # (0,0)->(0,1000) = 1 km; (3000,4000)->(0,1000) = sqrt(9e6+9e6) m; (10000,0)->(10000,500)
    np.testing.assert_allclose(km, [1.0, np.hypot(3000, 3000) / 1000, 0.5])
    assert rows.tolist() == [0, 0, 1]


def test_nearest_distance_to_lines() -> None:
    pts = _points([(0, 5000), (2000, -3000)])
    line = gpd.GeoSeries([LineString([(-10_000, 0), (10_000, 0)])], crs=CRS)
    np.testing.assert_allclose(compute_nearest_distance_km(pts, line)[0], [5.0, 3.0])


def test_count_within_km_counts_the_boundary() -> None:
    pts = _points([(0, 0)])
    targets = _points([(1000, 0), (0, 2000), (5000, 0)])
    assert compute_count_within_km(pts, targets, 2.0).tolist() == [2.0]


def test_every_registered_measure_declares_params_unit_and_summary() -> None:
    assert set(REGISTRY) >= {
        "attribute",
        "distance",
        "count_within_km",
        "drive_time",
        "drive_distance",
        "population_within",
        "commute_burden",
        "crossings_within",
        "raster",
    }
    for name, measure in REGISTRY.items():
        assert measure.name == name
        assert measure.summary
        assert measure.params.model_config.get("extra") == "forbid"


def test_measure_keys_come_from_the_registry() -> None:
    with pytest.raises(ConfigError, match=r"criteria\[0\]\.hours: unknown key"):
        parse_config(
            {
                "criteria": [
                    {
                        "name": "x",
                        "measure": "drive_time",
                        "to": "seaports",
                        "hours": 3,
                        "direction": "min",
                        "weight": 1,
                    }
                ]
            }
        )
    with pytest.raises(ConfigError, match=r"criteria\[0\]\.minutes: must be > 0"):
        _criteria({"name": "x", "measure": "population_within", "minutes": -5})
    with pytest.raises(ConfigError, match=r"measure 'teleport': use one of .*attribute"):
        _criteria({"name": "x", "measure": "teleport"})


def test_attribute_criteria_need_no_geometry() -> None:
    crit = _criteria(
        {"name": "c", "measure": "attribute", "column": "cost"},
        {"name": "r", "measure": "attribute", "column": "rail", "direction": "max"},
    )
    table = pd.DataFrame(
        {"name": ["a", "b"], "cost": [1.5, 2], "rail": ["yes", "false"]}, index=["a", "b"]
    )
    got = compute_measures(Candidates(table), crit, MeasureContext())
    assert got["c"].values.tolist() == [1.5, 2.0]
    assert got["r"].values.tolist() == [1.0, 0.0]


def test_missing_column_names_the_criterion_and_the_columns() -> None:
    crit = _criteria({"name": "c", "measure": "attribute", "column": "nope"})
    table = pd.DataFrame({"name": ["a"], "cost": [1.0]}, index=["a"])
    with pytest.raises(DataError, match=r"criteria\[0\] \('c'\): column 'nope' is not .*cost"):
        compute_measures(Candidates(table), crit, MeasureContext())


def test_non_numeric_attribute_is_a_data_error() -> None:
    crit = _criteria({"name": "c", "measure": "attribute", "column": "cost"})
    table = pd.DataFrame({"name": ["a", "b"], "cost": ["12", "cheap"]}, index=["a", "b"])
    with pytest.raises(DataError, match="non-numeric value 'cheap' for candidate 'b'"):
        compute_measures(Candidates(table), crit, MeasureContext())


def test_attribute_declared_illustrative_is_flagged() -> None:
    crit = _criteria(
        {"name": "c", "measure": "attribute", "column": "cost", "illustrative": True},
        {"name": "d", "measure": "attribute", "column": "rent"},
    )
    table = pd.DataFrame({"name": ["a"], "cost": [1.0], "rent": [2.0]}, index=["a"])
    context = MeasureContext(column_units={"rent": "USD"}, illustrative_columns=frozenset({"rent"}))
    got = compute_measures(Candidates(table), crit, context)
    assert got["c"].illustrative and got["d"].illustrative
    assert got["d"].unit == "USD"


def test_distance_without_locations_is_a_config_error() -> None:
    crit = _criteria({"name": "b", "measure": "distance", "to": "seaports"})
    with pytest.raises(ConfigError, match="needs candidate locations"):
        compute_measures(
            Candidates(pd.DataFrame({"name": ["a"]}, index=["a"])), crit, MeasureContext()
        )


def test_raw_column_names_carry_units() -> None:
    crit = _criteria(
        {"name": "border", "measure": "drive_time", "to": "border_crossings"},
        {"name": "labour", "measure": "population_within", "minutes": 60, "direction": "max"},
        {"name": "rent", "measure": "attribute", "column": "rent_usd_m2_month"},
    )
    assert raw_column(crit[0], "kWh/m2/yr") == "border_kwh_m2_yr"
    assert [raw_column(c, u) for c, u in zip(crit, ["min", "people", "x"], strict=True)] == [
        "border_min",
        "labour_people",
        "rent_usd_m2_month",
    ]


def _layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c"],
            "mode": ["road", "rail", "road"],
            "commercial": [True, False, "false"],
            "trucks": [1000, None, 300_000],
        },
        geometry=[Point(0, 0), Point(1, 1), Point(2, 2)],
        crs=CRS,
    )


def test_where_selects_features_by_value() -> None:
    frame = _layer()
    assert list(select_features(frame, "x", {"commercial": True}).index) == [0]
    assert list(select_features(frame, "x", {"mode": "ROAD"}).index) == [0, 2]
    assert len(select_features(frame, "x", None)) == 3
    with pytest.raises(ConfigError, match="has no column 'kind'"):
        select_features(frame, "x", {"kind": "road"})


def test_where_compares_numbers_and_membership() -> None:
    crit = _criteria(
        {"name": "x", "measure": "distance", "to": "t", "where": {"trucks": {"min": 5000}}},
        {"name": "y", "measure": "distance", "to": "t", "where": {"mode": {"in": ["rail", "air"]}}},
        {"name": "z", "measure": "distance", "to": "t", "where": {"mode": {"not": "road"}}},
        {"name": "w", "measure": "distance", "to": "t", "where": {"trucks": {"max": 5000}}},
    )
    frame = _layer()
    rows = [select_features(frame, "t", c.params.where).index.tolist() for c in crit]
    # Missing truck counts never meet a numeric rule.
    assert rows == [[2], [1], [1], [0]]
    with pytest.raises(ConfigError, match="min, max, in, not"):
        _criteria({"name": "x", "measure": "distance", "to": "t", "where": {"trucks": {}}})


def test_distance_keeps_the_nearest_feature() -> None:
    crit = _criteria({"name": "d", "measure": "distance", "to": "t"})
    cands = _candidates([(0, -10), (2, 3)], ["p", "q"])
    got = compute_measures(cands, crit, MeasureContext(layers={"t": _layer()}))["d"]
    assert got.nearest is not None
    assert got.nearest.ids == ("a", "c")
    assert got.nearest.layer == "t"


def _grid_graph() -> Any:
    # A 10 km road along y = 0 from x = 0 to 10 km (60 km/h).
    edges = gpd.GeoDataFrame(
        geometry=[LineString([(0, 0), (5000, 0)]), LineString([(5000, 0), (10_000, 0)])], crs=CRS
    )
    return build_road_graph(edges, default_speed_kph=60.0, max_edge_km=1.0)


def test_drive_time_reports_the_facility_it_scored_with_drive_km() -> None:
    crit = _criteria(
        {"name": "t", "measure": "drive_time", "to": "f"},
        {"name": "k", "measure": "drive_distance", "to": "f"},
    )
    facilities = gpd.GeoDataFrame(
        {"id": ["west", "east"], "name": ["West", "East"]},
        geometry=[Point(0, 0), Point(10_000, 0)],
        crs=CRS,
    )
    context = MeasureContext(
        layers={"f": facilities}, graph=_grid_graph(), access=AccessLeg(1.0, 30.0)
    )
    cands = _candidates([(8000, 0), (1000, 0)], ["p", "q"])
    got = compute_measures(cands, crit, context)
    assert got["t"].nearest is not None and got["t"].nearest.names == ("East", "West")
    # 2 km and 1 km of road at 60 km/h
    np.testing.assert_allclose(got["t"].values, [2.0, 1.0], atol=1e-9)
    np.testing.assert_allclose(got["t"].details["drive_km"], [2.0, 1.0], atol=1e-9)
    np.testing.assert_allclose(got["k"].values, [2.0, 1.0], atol=1e-9)
    np.testing.assert_allclose(got["k"].details["drive_min"], [2.0, 1.0], atol=1e-9)


def test_population_within_sums_any_column_of_any_layer() -> None:
    crit = _criteria(
        {
            "name": "grads",
            "measure": "population_within",
            "minutes": 3,
            "to": "schools",
            "column": "graduates",
            "direction": "max",
        },
        {"name": "crossings", "measure": "crossings_within", "hours": 0.05, "to": "schools"},
    )
    schools = gpd.GeoDataFrame(
        {"graduates": [100, 50, 7]},
        geometry=[Point(0, 0), Point(2000, 0), Point(10_000, 0)],
        crs=CRS,
    )
    context = MeasureContext(
        layers={"schools": schools}, graph=_grid_graph(), access=AccessLeg(1.0, 30.0)
    )
    got = compute_measures(_candidates([(1000, 0)], ["p"]), crit, context)
    assert got["grads"].values.tolist() == [150.0]  # 1 km each way; the third is 9 min away
    assert got["grads"].unit == "graduates"
    assert got["crossings"].values.tolist() == [2.0]


def test_polygon_candidates_are_measured_from_a_point_inside() -> None:
    frame = gpd.GeoDataFrame(
        {"name": ["parcel"]}, geometry=[box(7000, -500, 9000, 500)], crs=CRS, index=["p"]
    )
    cands = with_representative_points(frame, "parcels")
    assert cands.footprints is not None
    assert cands.frame.geometry.iloc[0].within(box(7000, -500, 9000, 500))
    crit = _criteria({"name": "t", "measure": "drive_time", "to": "f"})
    facilities = gpd.GeoDataFrame(geometry=[Point(10_000, 0)], crs=CRS)
    context = MeasureContext(layers={"f": facilities}, graph=_grid_graph(), access=AccessLeg())
    got = compute_measures(cands, crit, context)["t"]
    assert np.isfinite(got.values).all()


def test_drive_to_crossings_skips_rail_only_ones_when_asked() -> None:
    """With `where`, the nearest border crossing for a truck is a commercial one."""
    from siteselect.layers.store import LayerStore

    crossings = LayerStore().layer("border_crossings")
    laredo_rail = crossings.set_index("id").geometry["rail-laredo-nuevo-laredo"]
    crit = _criteria(
        {"name": "any", "measure": "distance", "to": "border_crossings"},
        {
            "name": "trucks",
            "measure": "distance",
            "to": "border_crossings",
            "where": {"commercial": True},
        },
    )
    cands = Candidates(
        gpd.GeoDataFrame({"name": ["bridge"]}, geometry=[laredo_rail], crs=CRS, index=["p"])
    )
    got = compute_measures(cands, crit, MeasureContext(layers={"border_crossings": crossings}))
    assert got["any"].values[0] == pytest.approx(0.0)
    assert got["any"].nearest is not None
    assert got["any"].nearest.ids == ("rail-laredo-nuevo-laredo",)
    assert got["trucks"].values[0] > 0.5  # the nearest road bridge is elsewhere in Laredo


def test_count_within_counts_the_selected_features_by_drive_time() -> None:
    crit = _criteria(
        {
            "name": "auto",
            "measure": "count_within",
            "minutes": 3,
            "to": "establishments",
            "where": {"scian_rama": {"in": ["3361", "3363"]}},
            "direction": "max",
        },
        {
            "name": "all",
            "measure": "count_within",
            "minutes": 3,
            "to": "establishments",
            "direction": "max",
        },
    )
    firms = gpd.GeoDataFrame(
        {"scian_rama": ["3363", "3344", "3361", "3363"]},
        geometry=[Point(0, 0), Point(2000, 0), Point(1500, 0), Point(10_000, 0)],
        crs=CRS,
    )
    context = MeasureContext(
        layers={"establishments": firms}, graph=_grid_graph(), access=AccessLeg(1.0, 30.0)
    )
    got = compute_measures(_candidates([(1000, 0)], ["p"]), crit, context)
    # within 3 minutes: the firms at 0, 1.5 and 2 km; the one at 10 km is 9 minutes away
    assert got["auto"].values.tolist() == [2.0] and got["auto"].unit == "count"
    assert got["all"].values.tolist() == [3.0]


def test_count_within_needs_a_layer() -> None:
    with pytest.raises(ConfigError, match="count_within"):
        _criteria({"name": "c", "measure": "count_within", "minutes": 5})


def test_sheds_count_people_of_the_population_layer_by_default() -> None:
    (crit,) = _criteria({"name": "l", "measure": "population_within", "minutes": 60})
    assert crit.params.layer_refs() == ("population",)


def test_a_shed_leaves_out_features_whose_amount_is_not_a_number_and_says_so() -> None:
    """Rows of a criterion's layer that cannot be used are left out with a note; the others
    still count (one bad cell must not stop a whole run)."""
    (crit,) = _criteria(
        {"name": "g", "measure": "population_within", "to": "f", "column": "grads", "minutes": 30}
    )
    places = gpd.GeoDataFrame(
        {"grads": ["100", "x", "-3", "50"]},
        geometry=[Point(1000, 0), Point(2000, 0), Point(3000, 0), Point(9000, 0)],
        crs=CRS,
    )
    context = MeasureContext(layers={"f": places}, graph=_grid_graph(), access=AccessLeg(1.0, 30.0))
    got = compute_measures(_candidates([(0, 0)], ["p"]), [crit], context)["g"]
    np.testing.assert_allclose(got.values, [150.0])  # 100 + 50; 'x' and -3 left out
    assert got.notes and "2 of 4 features left out" in got.notes[0] and "row 2" in got.notes[0]
    with pytest.raises(DataError, match="has no number >= 0"):
        bad = places.assign(grads="x")
        compute_measures(
            _candidates([(0, 0)], ["p"]),
            [crit],
            MeasureContext(layers={"f": bad}, graph=_grid_graph(), access=AccessLeg(1.0, 30.0)),
        )


def test_build_nearest_picks_each_rows_id_and_name() -> None:
    """The nearest feature's id and name by row (one fancy index) are those of a per-row
    reading; row -1 (none within reach) and a layer without the column give None."""
    import geopandas as gpd
    from shapely.geometry import Point

    from siteselect.criteria.features import build_nearest

    targets = gpd.GeoDataFrame(
        {"id": ["a", None, "c"], "name": ["Aa", "Bb", float("nan")]},
        geometry=[Point(0, 0), Point(1, 1), Point(2, 2)],
        crs="EPSG:6372",
    )
    rows = np.array([-1, 0, 2, 1, 2, -1], dtype=np.int64)
    near = build_nearest(targets, "parks", rows)
    assert near.ids == (None, "a", "c", None, "c", None)
    assert near.names == (None, "Aa", None, "Bb", None, None)
    bare = build_nearest(targets[["geometry"]], "parks", rows)
    assert bare.ids == (None,) * 6 and bare.names == (None,) * 6
    assert build_nearest(targets, "parks", np.array([], dtype=np.int64)).ids == ()


def test_a_labour_shed_lends_its_node_table_to_the_pool_with_the_same_values() -> None:
    """Many candidates a node: the shed keeps its per-node table in the run's memo and the
    pool of the same people reads it. Every value equals a run without it (the pool alone),
    and the shed equals ``network.compute_shed``'s."""
    from random_roads import build_random_graph

    from siteselect import network
    from siteselect.criteria._shed import held_reach

    rng = np.random.default_rng(7)
    graph = build_random_graph(7, 40, keep_chain=False)
    centres = rng.uniform(0, 60_000, size=(8, 2))
    xy = np.repeat(centres, 30, axis=0) + rng.normal(0, 500, size=(240, 2))
    ids = [f"c{i}" for i in range(len(xy))]
    cands = _candidates([(float(x), float(y)) for x, y in xy], ids)
    people = gpd.GeoDataFrame(
        {"population": rng.integers(0, 5_000, 80).astype(float)},
        geometry=_points([tuple(p) for p in rng.uniform(-5_000, 65_000, size=(80, 2))]),
        crs=CRS,
    )
    labour = {"name": "l", "measure": "population_within", "minutes": 25, "to": "people"}
    commute = {"name": "c", "measure": "pool_commute", "minutes": 60, "to": "people"}
    pool = {**commute, "pool": 20_000}
    access = AccessLeg(detour_factor=1.3, speed_kph=30.0, max_km=6.0)

    def context() -> MeasureContext:
        return MeasureContext(layers={"people": people}, graph=graph, access=access)

    shared = context()
    both = compute_measures(cands, _criteria(labour, pool), shared)
    assert held_reach(_criteria(pool)[0].params, shared) is not None  # the path is exercised
    alone = compute_measures(cands, _criteria(pool), context())["c"]
    assert np.array_equal(both["c"].values, alone.values)
    assert np.array_equal(both["c"].details["reach_min"], alone.details["reach_min"])
    # Pools found within the table's 25 minutes and beyond them (searched afresh).
    reach = alone.details["reach_min"]
    assert (reach <= 25).any() and (reach > 25).any()
    people_xy = np.column_stack([people.geometry.x, people.geometry.y])
    want = network.compute_population_within(
        graph, xy, people_xy, people["population"].to_numpy(), 25.0, access=access
    )
    assert np.array_equal(both["l"].values, want)


def test_candidate_xy_equals_the_geoseries_coordinates() -> None:
    """``Candidates.xy`` reads the points in one pass: the very numbers of ``GeoSeries.x``
    and ``.y``, NaN for a missing or empty point; anything but points is refused."""
    rng = np.random.default_rng(3)
    geoms: list[Any] = [Point(x, y) for x, y in rng.uniform(-1e6, 1e6, size=(50, 2))]
    geoms[3] = None
    geoms[7] = Point()
    ids = [f"c{i}" for i in range(50)]
    frame = gpd.GeoDataFrame({"name": ids}, geometry=geoms, crs=CRS, index=ids)
    got = Candidates(frame).xy()
    want = np.column_stack([frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()])
    assert got.dtype == np.float64
    assert np.array_equal(got, want, equal_nan=True)
    assert np.isnan(got[[3, 7]]).all() and np.isfinite(np.delete(got, [3, 7], axis=0)).all()
    polygons = frame.set_geometry([box(0, 0, 1, 1)] * 50, crs=CRS)
    with pytest.raises(ValueError, match="Point"):
        Candidates(polygons).xy()


@pytest.mark.parametrize(
    "extra",
    [
        [],
        [Point()],
        [None],
        [Point(np.nan, 2.0)],
        [box(0, 0, 2, 2)],
        [LineString([(0, 0), (4, 0)])],
        [MultiPoint([(0, 0), (4, 0)])],
    ],
)
def test_feature_points_are_get_coordinates_of_a_point_per_feature(extra: list[Any]) -> None:
    """Points read by their x and y give what ``get_coordinates`` gives, empty, missing and
    NaN points included (it leaves the empty and missing out), and lines and polygons a point
    on them."""
    import shapely

    from siteselect.criteria.features import feature_points

    rng = np.random.default_rng(3)
    shapes = [Point(x, y) for x, y in rng.uniform(-1e6, 1e6, (50, 2))] + extra
    geoms = gpd.GeoSeries(shapes, crs=6372)
    arr = np.asarray(geoms.to_numpy(), dtype=object)
    if not all(g is not None and g.geom_type == "Point" for g in shapes):
        arr = shapely.point_on_surface(arr)
    expected = shapely.get_coordinates(arr)
    got = feature_points(geoms)
    assert got.dtype == np.float64 and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
