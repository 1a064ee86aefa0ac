"""The embedded road graph against real road distances, and the stability of labour sheds.

Issue 10: the graph had topology gaps (false detours) and understated mountain roads; the build
(`tools/build_data.py`) repairs the gaps and fits a relief factor on half of the calibration pairs
in `data/road_calibration.csv`. These tests read the committed data. The shed-stability test
measures what the product measures: the default profile's 60-minute `population_within` on the
`population` layer (places spread over urban footprints) with the run's access leg.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from siteselect.criteria._shed import ShedParams
from siteselect.criteria.base import Candidates, MeasureContext
from siteselect.errors import SiteselectWarning
from siteselect.layers import default_data_dir, read_layer
from siteselect.layers.validate import ROAD_KM_BAND, check_road_calibration
from siteselect.network import (
    AccessLeg,
    RoadGraph,
    build_road_graph,
    compute_drive_to_nearest,
)

DATA = default_data_dir()
TO_METRIC = Transformer.from_crs("EPSG:4326", "EPSG:6372", always_xy=True)


def _read(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"data/{name} is absent (run `make data`)")
    return path


@pytest.fixture(scope="module")
def calibration() -> pd.DataFrame:
    return pd.read_csv(_read("road_calibration.csv"))


@pytest.fixture(scope="module")
def highways() -> gpd.GeoDataFrame:
    return gpd.read_file(_read("highways.gpkg"))


def _graph(edges: gpd.GeoDataFrame) -> RoadGraph:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)
        return build_road_graph(edges)


def _km_ratios(graph: RoadGraph, cal: pd.DataFrame) -> np.ndarray:
    o = np.column_stack(TO_METRIC.transform(cal["origin_lon"], cal["origin_lat"]))
    d = np.column_stack(TO_METRIC.transform(cal["destination_lon"], cal["destination_lat"]))
    km = [
        compute_drive_to_nearest(graph, o[i : i + 1], d[i : i + 1]).loc[0, "drive_km"]
        for i in range(len(cal))
    ]
    return np.asarray(km) / cal["road_km"].to_numpy(dtype=float)


def test_calibration_table_is_a_sourced_fact_table(calibration: pd.DataFrame) -> None:
    assert len(calibration) >= 25
    assert calibration["id"].is_unique
    assert (calibration["source"].str.len() > 20).all()
    assert set(calibration["split"]) == {"fit", "check"}
    # both halves hold mountain routes and routes to ports or crossings
    for split in ("fit", "check"):
        kinds = set(calibration.loc[calibration["split"] == split, "kind"])
        assert {"mountain", "crossing", "corridor"} <= kinds


def test_data_check_reports_every_pair(
    highways: gpd.GeoDataFrame, calibration: pd.DataFrame
) -> None:
    result = check_road_calibration(DATA / "highways.gpkg", calibration.astype(str))
    assert result.passed, result.summary
    assert result.show_rows
    assert [r["id"] for r in result.rows] == calibration["id"].tolist()
    assert all(r["km_ratio"] > 0 for r in result.rows)


def test_relief_factor_improves_the_held_out_half(
    highways: gpd.GeoDataFrame, calibration: pd.DataFrame
) -> None:
    """Fitted on the 'fit' half only, the relief factor must also help the 'check' half.

    'Before' is the same repaired network with scgraph's straight chords and one speed.
    """
    before = _graph(highways.assign(length_km=highways["chord_km"], speed_kph=60.0))
    after = _graph(highways)
    errors = {}
    for name, graph in (("before", before), ("after", after)):
        ratios = _km_ratios(graph, calibration)
        for split in ("fit", "check"):
            sel = (calibration["split"] == split).to_numpy()
            errors[name, split] = float(np.mean(np.abs(np.log(ratios[sel]))))
    print("mean |log(graph km / real km)|:", {k: round(v, 3) for k, v in errors.items()})
    assert errors["after", "fit"] < errors["before", "fit"]
    assert errors["after", "check"] < errors["before", "check"]
    # the mountain pairs the issue named are no longer understated by more than the band
    ratios = dict(zip(calibration["id"], _km_ratios(after, calibration), strict=True))
    assert ratios["leon-manzanillo"] >= ROAD_KM_BAND[0]
    assert ratios["qro-lzc"] >= ROAD_KM_BAND[0]


def test_gap_links_are_marked_and_short(highways: gpd.GeoDataFrame) -> None:
    links = highways[highways["gap_link"].astype(bool)]
    assert 0 < len(links) < 0.03 * len(highways)
    # the long tier: dangling ends up to 6 km from a road they reach only by a detour over 5 x
    assert (links.geometry.length <= 6_000.0 + 1).all()
    listed = pd.read_csv(_read("highway_gap_links.csv"))
    assert len(listed) == len(links)
    assert int((links.geometry.length > 1_500.0 + 1).sum()) <= int(listed["long"].sum())
    assert (links["speed_kph"] == 30.0).all()
    assert links["source"].str.contains("not an OSM road").all()


SHIFT_KM = 2.0
SHIFT_MINUTES = 60.0
MAX_UNSTABLE = 3
"""Issue 10: moving any embedded park 2 km (8 directions) may change its 60-minute labour shed
by more than 25 % for at most 3 parks."""


@dataclass(frozen=True)
class _Shift:
    """The worst 2-km move of one park and why its shed changed."""

    park: str
    base: float
    moved: float
    degrees: int
    access_min: tuple[float, float]
    by_access: float
    by_path: float
    crossing: list[tuple[str, float, float, float]]

    @property
    def ratio(self) -> float:
        return self.moved / max(self.base, 1.0)

    def describe(self) -> str:
        def minutes(m: float) -> str:
            return f"{m:.1f}" if np.isfinite(m) else f">{SHIFT_MINUTES + 1:g}"

        names = ", ".join(
            f"{n} {p / 1000:+,.0f}k ({minutes(a)}->{minutes(b)} min)"
            for n, p, a, b in self.crossing
        )
        return (
            f"{self.park} x{self.ratio:.2f} moved {self.degrees} deg: {self.base:,.0f} -> "
            f"{self.moved:,.0f}; access leg {self.access_min[0]:.1f}->{self.access_min[1]:.1f} "
            f"min; change by the access leg {self.by_access:+,.0f}, by the road path "
            f"{self.by_path:+,.0f}; crossing the {SHIFT_MINUTES:g}-min line: {names}"
        )


def _product_shed() -> tuple[Any, ShedParams, MeasureContext]:
    """The default profile's labour-shed criterion, its layer and its access leg, as a run
    reads them (``to`` defaults to the CONAPO-calibrated ``population`` layer)."""
    from siteselect.api import build_access_leg
    from siteselect.config import read_profile
    from siteselect.criteria.base import get_measure

    config = read_profile("default")
    crit = next(
        c
        for c in config.criteria
        if c.measure == "population_within" and c.params.minutes == SHIFT_MINUTES
    )
    params = crit.params
    assert isinstance(params, ShedParams)
    assert params.to == ShedParams.model_fields["to"].default == "population"
    layers = {params.to: read_layer(params.to, DATA)}
    context = MeasureContext(layers=layers, access=build_access_leg(config))
    return get_measure(crit.measure), params, context


def _candidates(ids: pd.Series, xy: np.ndarray) -> Candidates:
    frame = gpd.GeoDataFrame(
        {"name": ids.to_numpy()},
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        index=pd.Index(ids.astype(str), name="id"),
        crs="EPSG:6372",
    )
    return Candidates(frame)


def _point_minutes(
    graph: RoadGraph, access: AccessLeg, origin: np.ndarray, xy: np.ndarray
) -> tuple[np.ndarray, float]:
    """Drive minutes from one origin to every populated point (access + path + access), and
    the origin's access leg: the rule of :func:`siteselect.network.compute_shed`, per point."""
    from scipy.sparse.csgraph import dijkstra

    def leg(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dist, node = graph.tree.query(points)
        return np.asarray(dist) / 1000 * access.detour_factor / access.speed_kph * 60, node

    o_min, o_node = leg(origin[None, :])
    p_min, p_node = leg(xy)
    path = dijkstra(graph.minutes, indices=int(o_node[0]), limit=SHIFT_MINUTES + 1)
    return o_min[0] + path[p_node] + p_min, float(o_min[0])


def _measure_shifts(graph: RoadGraph) -> list[_Shift]:
    measure, params, base_context = _product_shed()
    context = replace(base_context, graph=graph)
    access = context.access
    assert access is not None
    parks = pd.read_csv(_read("parks.csv"))
    # issue 10's population: the parks of the two default corridors. The centre's parks (issue
    # 22) sit where a 2 km move swings Puebla, Toluca or the capital across the 60-min line:
    # 12 of its 42 parks change by more than 25 % (reported to the road-speed work, not pinned).
    parks = parks.loc[parks["corridor"].isin(["bajio", "northeast"])].reset_index(drop=True)
    xy = np.column_stack(TO_METRIC.transform(parks["lon"], parks["lat"]))

    def shed(points: np.ndarray) -> np.ndarray:
        # a fresh memo each time: the run memo is keyed by the candidate frame's id()
        ctx = replace(context, memo={})
        return np.asarray(measure.compute(_candidates(parks["id"], points), params, ctx).values)

    base = shed(xy)
    worst = np.zeros(len(xy))
    where = np.zeros(len(xy), dtype=int)
    moved = np.zeros(len(xy))
    for k in range(8):
        angle = k * np.pi / 4
        values = shed(xy + SHIFT_KM * 1000 * np.array([np.cos(angle), np.sin(angle)]))
        change = np.abs(values - base) / np.maximum(base, 1.0)
        better = change > worst
        worst[better], where[better], moved[better] = change[better], k, values[better]

    # why: which populated points cross the line, and how much the access leg explains
    points = read_layer(params.to, DATA)
    pxy = np.column_stack([points.geometry.x, points.geometry.y])
    people = points[params.column].to_numpy(dtype=float)
    place = points["place_id"] if "place_id" in points else points["id"]
    out = []
    for i in np.flatnonzero(worst > 0.25):
        angle = where[i] * np.pi / 4
        to = xy[i] + SHIFT_KM * 1000 * np.array([np.cos(angle), np.sin(angle)])
        # the shed's own traveller (commuters: cars)
        timed = graph.for_traveller(params.traveller)
        before, a0 = _point_minutes(timed, access, xy[i], pxy)
        after, a1 = _point_minutes(timed, access, to, pxy)
        # the per-point rule must give the product's figures
        assert people[before <= SHIFT_MINUTES].sum() == pytest.approx(base[i], rel=1e-9)
        assert people[after <= SHIFT_MINUTES].sum() == pytest.approx(moved[i], rel=1e-9)
        # the new road path with the old access leg: what the path alone changes
        path_only = people[(after - a1 + a0) <= SHIFT_MINUTES].sum()
        flips = (before <= SHIFT_MINUTES) != (after <= SHIFT_MINUTES)
        sign = np.where(after <= SHIFT_MINUTES, 1.0, -1.0)
        by_place = (
            pd.DataFrame(
                {
                    "place": place[flips].to_numpy(),
                    "name": points["name"][flips].to_numpy(),
                    "people": people[flips] * sign[flips],
                    "before": before[flips],
                    "after": after[flips],
                }
            )
            .groupby(["place", "name"])
            .agg(people=("people", "sum"), before=("before", "min"), after=("after", "min"))
            .reset_index()
        )
        top = by_place.reindex(by_place["people"].abs().sort_values(ascending=False).index)
        out.append(
            _Shift(
                park=str(parks["id"].iloc[i]),
                base=float(base[i]),
                moved=float(moved[i]),
                degrees=int(where[i] * 45),
                access_min=(a0, a1),
                by_access=float(moved[i] - path_only),
                by_path=float(path_only - base[i]),
                crossing=[
                    (str(r.name), float(r.people), float(r.before), float(r.after))
                    for r in top.head(3).itertuples()
                ],
            )
        )
    return out


def test_moving_a_park_2_km_rarely_changes_its_labour_value(highways: gpd.GeoDataFrame) -> None:
    """Issue 10, as issue 17 changed it: moving any embedded park 2 km (8 directions) changes
    the default profile's labour value (the 60-minute car shed, as the product measures it,
    capped at the pool the plant needs) by more than 0.25 for at most 3 parks. The raw sheds
    that change by more than 25 % are printed with the reason: 60-minute car sheds reach the
    next metro, whose edge then sits on the 60-minute line (León from Irapuato, Monterrey from
    Saltillo), a change far above any plant's pool."""
    import csv

    from siteselect.config import read_profile
    from siteselect.labour import compute_pool_multiple

    unstable = _measure_shifts(_graph(highways))
    print(f"{len(unstable)} parks whose 60-min shed changes > 25 % within 2 km:")
    for shift in unstable:
        print("  " + shift.describe())
    with open(_read("labour_market.csv"), encoding="utf-8") as fh:
        facts = {row["key"]: float(row["value"]) for row in csv.DictReader(fh)}
    workers = read_profile("default").requirements.workers
    assert workers is not None
    pool = round(workers * compute_pool_multiple(facts), -3)

    def value(people: float) -> float:
        return min(people, pool) / pool

    flips = [s for s in unstable if abs(value(s.moved) - value(s.base)) > 0.25]
    assert len(flips) <= MAX_UNSTABLE, [s.describe() for s in flips]
