"""Tests for the road graph's two travellers (trucks and cars), node choices, direct local trips
and closed areas."""

from __future__ import annotations

import itertools
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from siteselect.config import parse_config
from siteselect.criteria import Candidates, MeasureContext, compute_measures
from siteselect.errors import ConfigError
from siteselect.network import (
    AccessLeg,
    build_road_graph,
    compute_drive_between,
    compute_drive_to_nearest,
    cut_road_graph,
)

CRS = "EPSG:6372"


def _road(car_kph: float, truck_kph: float) -> Any:
    # A 100 km straight road from x = 0 to x = 100 km, in 10 pieces.
    xs = np.linspace(0, 100_000, 11)
    edges = gpd.GeoDataFrame(
        {"speed_kph": [truck_kph] * 10, "car_speed_kph": [car_kph] * 10},
        geometry=[LineString([(a, 0), (b, 0)]) for a, b in itertools.pairwise(xs)],
        crs=CRS,
    )
    return build_road_graph(edges, max_edge_km=None)


def test_the_graph_holds_both_travellers_times() -> None:
    graph = _road(car_kph=100.0, truck_kph=60.0)
    car = graph.for_traveller("car")
    assert graph.traveller == "truck" and car.traveller == "car"
    assert car.for_traveller("truck").minutes.sum() == pytest.approx(graph.minutes.sum())
    access = AccessLeg(direct_max_km=0.0)
    truck_trip = compute_drive_between(graph, [[0, 0]], [[100_000, 0]], access=access)
    car_trip = compute_drive_between(car, [[0, 0]], [[100_000, 0]], access=access)
    assert truck_trip["drive_min"].iloc[0] == pytest.approx(100.0)
    assert car_trip["drive_min"].iloc[0] == pytest.approx(60.0)
    assert truck_trip["drive_km"].iloc[0] == pytest.approx(100.0)
    with pytest.raises(ConfigError, match="traveller"):
        graph.for_traveller("bicycle")


def test_graph_arrays_round_trip_with_car_times() -> None:
    from siteselect.network import RoadGraph

    graph = _road(car_kph=90.0, truck_kph=55.0)
    back = RoadGraph.from_arrays(graph.to_arrays())
    assert back.for_traveller("car").minutes.sum() == pytest.approx(
        graph.for_traveller("car").minutes.sum()
    )
    assert back.minutes.sum() == pytest.approx(graph.minutes.sum())


def test_shed_drives_cars_and_border_drives_trucks() -> None:
    """A town 80 km away is inside a 60-minute labour shed by car (48 min) but a crossing as
    far is 80 truck minutes away, not 48."""
    graph = _road(car_kph=100.0, truck_kph=60.0)
    town = gpd.GeoDataFrame({"population": [50_000]}, geometry=[Point(80_000, 0)], crs=CRS)
    crossing = gpd.GeoDataFrame({"id": ["x"]}, geometry=[Point(80_000, 0)], crs=CRS)
    criteria = parse_config(
        {
            "criteria": [
                {
                    "name": "labour",
                    "measure": "population_within",
                    "minutes": 60,
                    "to": "towns",
                    "direction": "max",
                    "weight": 1,
                },
                {
                    "name": "truck_shed",
                    "measure": "population_within",
                    "minutes": 60,
                    "to": "towns",
                    "traveller": "truck",
                    "direction": "max",
                    "weight": 1,
                },
                {
                    "name": "border",
                    "measure": "drive_time",
                    "to": "crossings",
                    "direction": "min",
                    "weight": 1,
                },
                {
                    "name": "border_by_car",
                    "measure": "drive_time",
                    "to": "crossings",
                    "traveller": "car",
                    "direction": "min",
                    "weight": 1,
                },
            ]
        }
    ).criteria
    context = MeasureContext(
        layers={"towns": town, "crossings": crossing},
        graph=graph,
        access=AccessLeg(detour_factor=1.0, speed_kph=30.0, direct_max_km=0.0),
    )
    cand = Candidates(
        gpd.GeoDataFrame({"name": ["p"]}, geometry=[Point(0, 0)], crs=CRS, index=["p"])
    )
    got = compute_measures(cand, criteria, context)
    assert got["labour"].values.tolist() == [50_000.0]
    assert got["truck_shed"].values.tolist() == [0.0]
    assert got["border"].values[0] == pytest.approx(80.0)
    assert got["border_by_car"].values[0] == pytest.approx(48.0)


def test_a_close_target_on_another_road_is_reached_directly() -> None:
    """Two parallel roads 3 km apart, joined only 50 km away: a point on one reaches a point
    on the other directly on local streets (3 km x 1.3 at 30 km/h), not by a 100 km loop."""
    edges = gpd.GeoDataFrame(
        geometry=[
            LineString([(0, 0), (50_000, 0)]),
            LineString([(50_000, 0), (50_000, 3_000)]),
            LineString([(50_000, 3_000), (0, 3_000)]),
        ],
        crs=CRS,
    )
    graph = build_road_graph(edges, default_speed_kph=60.0)
    a, b = [[0.0, 0.0]], [[0.0, 3_000.0]]
    loop = compute_drive_to_nearest(graph, a, b, access=AccessLeg(direct_max_km=0.0, snap_nodes=1))
    assert loop["drive_km"].iloc[0] == pytest.approx(103.0)
    local = compute_drive_to_nearest(graph, a, b)
    assert local["drive_km"].iloc[0] == pytest.approx(3.0 * 1.3)
    assert local["drive_min"].iloc[0] == pytest.approx(3.0 * 1.3 / 30 * 60)
    between = compute_drive_between(graph, a, b)
    assert between["drive_km"].iloc[0] == pytest.approx(3.0 * 1.3)
    # A closed area between the two roads blocks the local trip too.
    cut = cut_road_graph(graph, [[10_000.0, 1_500.0]], 0.5)
    assert cut.closed_areas
    blocked = compute_drive_between(cut, a, b)
    assert blocked["drive_km"].iloc[0] == pytest.approx(3.0 * 1.3)  # the straight line misses it
    across = cut_road_graph(graph, [[0.0, 1_500.0]], 0.5)
    detour = compute_drive_between(across, a, b)
    # The straight local trip and the access straight across are closed: the way round is
    # longer (a local leg to a node beside the closed area, then the road).
    assert detour["drive_km"].iloc[0] > 3.0 * 1.3 + 1.0


def test_a_point_joins_the_node_that_gives_the_faster_trip() -> None:
    """The nearest node is on a dead-end spur; a node 2 km away on the through road wins."""
    edges = gpd.GeoDataFrame(
        geometry=[
            LineString([(0, 0), (40_000, 0)]),  # through road
            LineString([(40_000, 0), (40_000, 1_000)]),
            LineString([(40_000, 1_000), (500, 1_000)]),  # spur back towards the point
        ],
        crs=CRS,
    )
    graph = build_road_graph(edges, default_speed_kph=60.0)
    origin, target = [[0.0, 1_600.0]], [[30_000.0, 0.0]]
    one = AccessLeg(snap_nodes=1, direct_max_km=0.0)
    many = AccessLeg(snap_nodes=4, snap_km=5.0, direct_max_km=0.0)
    nearest_only = compute_drive_to_nearest(graph, origin, target, access=one)
    choices = compute_drive_to_nearest(graph, origin, target, access=many)
    assert choices["drive_min"].iloc[0] < nearest_only["drive_min"].iloc[0]
    # via (0, 0): 1.6 km x 1.3 at 30 km/h, then 30 km at 60 km/h
    assert choices["drive_min"].iloc[0] == pytest.approx(1.6 * 1.3 / 30 * 60 + 30.0)
    with pytest.raises(ConfigError, match="snap_nodes"):
        AccessLeg(snap_nodes=0)
