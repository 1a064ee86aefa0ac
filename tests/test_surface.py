"""Tests for siteselect.surface: the grid, cells measured like parks, fit once, zones."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import geopandas as gpd
import h3
import numpy as np
import pandas as pd
import pytest
import shapely

import siteselect as ss
from siteselect import mcda
from siteselect.api import build_context, rank
from siteselect.config import load_search, read_config
from siteselect.criteria import Candidates
from siteselect.errors import ConfigError
from siteselect.layers.store import LayerStore
from siteselect.surface import (
    SurfaceResult,
    build_cells,
    build_grid_plan,
    compute_surface,
    measure_candidates,
    split_criteria,
)
from siteselect.surface.grid import build_cell_polygons, read_area
from tests.conftest import write_config


@pytest.fixture(scope="module")
def ags() -> gpd.GeoDataFrame:
    """Aguascalientes, the smallest state of the Bajío (EPSG:6372)."""
    states = LayerStore().layer("states")
    return states.loc[states["state"] == "Aguascalientes"]


@pytest.fixture(scope="module")
def ags_surface(ags_default_surface: SurfaceResult) -> SurfaceResult:
    """The default profile over Aguascalientes at res 7 (about a thousand cells)."""
    return ags_default_surface


# ------------------------------------------------------------------------------------ grid


@pytest.mark.parametrize("res", [7, 8])
@pytest.mark.parametrize("partition_size", [1, 49, 400, 10**6])
def test_grid_equals_h3_polyfill_in_any_partitioning(
    ags: gpd.GeoDataFrame, res: int, partition_size: int
) -> None:
    """Partitions of parents give exactly h3.geo_to_cells (centre containment), no repeats."""
    area = read_area(ags)
    plan = build_grid_plan(area, res, partition_size=partition_size)
    cells, lon, lat = build_cells(plan)
    expected = sorted(h3.str_to_int(c) for c in h3.geo_to_cells(area.__geo_interface__, res))
    assert cells.tolist() == expected
    assert plan.max_cells_per_partition <= max(partition_size, 1)
    # Centres are the cells' own.
    assert np.allclose(np.array(h3.cell_to_latlng(h3.int_to_str(int(cells[0])))), [lat[0], lon[0]])


def test_grid_of_a_small_square_at_res_9() -> None:
    square = shapely.box(-101.0, 21.0, -100.95, 21.05)
    plan = build_grid_plan(square, 9, partition_size=300)
    cells, _, _ = build_cells(plan)
    expected = sorted(h3.str_to_int(c) for c in h3.geo_to_cells(square.__geo_interface__, 9))
    assert cells.tolist() == expected and len(cells) > 100
    hexagons = build_cell_polygons(cells)
    assert hexagons.is_valid.all()
    assert shapely.is_ccw(shapely.get_exterior_ring(hexagons.to_numpy())).all()


@pytest.mark.parametrize(
    ("area", "match"),
    [
        (shapely.Point(-101, 21), "covers no cells"),
        (shapely.box(2_000_000, 800_000, 2_100_000, 900_000), "not lon/lat"),
        ("bajio", "give a polygon"),
    ],
)
def test_bad_areas(area: Any, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        read_area(area)


def test_bad_resolution_and_partition_size() -> None:
    square = shapely.box(-101.0, 21.0, -100.9, 21.1)
    with pytest.raises(ConfigError, match="resolution"):
        build_grid_plan(square, 16)
    with pytest.raises(ConfigError, match="partition_size"):
        build_grid_plan(square, 7, partition_size=0)


# -------------------------------------------------------------- cells measured like parks


def _default_criteria() -> tuple[list[str], list[str]]:
    """The default profile's criteria measured at a location, and those read from parks."""
    cfg = load_search(profile="default")
    located = [c.name for c in cfg.criteria if ss.MEASURES[c.measure].needs_location]
    return located, [c.name for c in cfg.criteria if c.name not in located]


def test_parks_through_the_grid_path_equal_rank() -> None:
    """The parks' own points measured as cells (per-node sheds forced) give rank's raw
    values; with rank's fitted model (fixed value functions) they get rank's scores."""
    full = load_search(profile="default")
    # The default profile without its park attributes: every criterion is a location's.
    criteria, constraints, _ = split_criteria(full)
    cfg = full.model_copy(update={"criteria": criteria, "constraints": constraints})
    assert any(c.measure == "population_within" for c in criteria)
    ranked = rank(config=cfg)  # the parks through the direct pass
    cfg = ranked.config  # labour pools sized, as the surface stage sizes them
    criteria = list(cfg.criteria)

    frame = ranked.candidates.frame
    cells = gpd.GeoDataFrame(
        {"name": frame.index.to_numpy()},
        index=pd.Index(frame.index.to_numpy(), name="id", dtype="str"),
        geometry=gpd.points_from_xy(frame.geometry.x, frame.geometry.y, crs=frame.crs),
    )
    context = dataclasses.replace(build_context(cfg, LayerStore()), chunked=True)
    raw = measure_candidates(Candidates(cells), criteria, context)
    assert any(key[0] == "node_reach" for key in context.memo)  # the per-node path ran
    for name, measured in ranked.measures.items():
        assert raw[name].to_numpy() == pytest.approx(measured.values, rel=1e-12, nan_ok=True)
    scores = mcda.apply_scores(ranked.fitted, raw)
    expected = ranked.scores.table["score"].reindex(raw.index).to_numpy()
    assert scores == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_attribute_criteria_are_left_out_and_said(ags_surface: SurfaceResult) -> None:
    located, attributes = _default_criteria()
    assert list(ags_surface.criteria) == located
    # The shipped profiles read no park column any more: a search with one leaves it out.
    data = load_search(profile="default").as_mapping()
    data["criteria"].append(
        {
            "name": "wage",
            "measure": "attribute",
            "column": "min_wage_mxn_day",
            "direction": "min",
            "weight": 0.1,
            "value": "linear",
            "best": 315.04,
            "worst": 440.87,
        }
    )
    from siteselect.config import parse_config

    kept, _, left_out = split_criteria(parse_config(data))
    assert "wage" not in [c.name for c in kept]
    assert [name for name, _ in left_out] == ["wage"]
    assert [name for name, _ in ags_surface.left_out] == attributes == []
    assert set(ags_surface.weights) <= set(ags_surface.criteria)
    assert sum(ags_surface.weights.values()) == pytest.approx(1.0)


def test_surface_cells_and_scores(ags_surface: SurfaceResult, ags: gpd.GeoDataFrame) -> None:
    cells = ags_surface.cells
    assert cells.index.is_monotonic_increasing and cells.index.is_unique
    assert 800 < len(cells) < 1500
    assert cells["eligible"].all()
    assert cells["score"].between(0, 1).all()
    # Aguascalientes city and its parks are in the grid: the labour shed there is large.
    cfg = ags_surface.config
    shed = next(c.name for c in cfg.criteria if c.measure == "population_within")
    assert cells[shed].max() > 500_000
    drive = next(c.name for c in cfg.criteria if c.measure == "drive_time")
    assert ags_surface.raw_columns[drive] == f"{drive}_min"
    frame = ags_surface.to_geodataframe()
    assert list(frame.columns[:3]) == ["cell", "lon", "lat"]
    assert set(ags_surface.raw_columns.values()) <= set(frame.columns)
    assert frame.crs.to_epsg() == 4326
    # Every hexagon's centre lies in the state.
    centres = gpd.GeoSeries(gpd.points_from_xy(cells["lon"], cells["lat"]), crs=4326)
    assert centres.to_crs(ags.crs).within(ags.geometry.iloc[0]).all()


def test_scores_do_not_depend_on_the_partitioning(
    ags_surface: SurfaceResult, ags: gpd.GeoDataFrame
) -> None:
    """The grid in 343-cell partitions (per-origin and per-node sheds mixed by size) scores
    every cell as the grid in one piece."""
    other = compute_surface(load_search(profile="default"), res=7, area=ags, partition_size=343)
    assert other.partitions > 1
    pd.testing.assert_index_equal(other.cells.index, ags_surface.cells.index)
    for column in ags_surface.cells.columns:
        a = ags_surface.cells[column].to_numpy(dtype=float)
        b = other.cells[column].to_numpy(dtype=float)
        assert b == pytest.approx(a, rel=1e-9, nan_ok=True), column


def test_one_fit_scores_like_the_fitted_rows(ags_surface: SurfaceResult) -> None:
    """The scores are mcda.apply_scores of the one fitted model: re-applying gives them."""
    cells = ags_surface.cells
    again = mcda.apply_scores(ags_surface.fitted, cells[list(ags_surface.criteria)])
    assert again == pytest.approx(cells["score"].to_numpy(), rel=1e-12)
    assert ags_surface.fitted.n_rows == len(cells)


def test_constraints_on_location_criteria_apply_to_cells(
    tmp_path: Path, ags: gpd.GeoDataFrame, ags_surface: SurfaceResult
) -> None:
    text = (
        '[[criteria]]\nname = "labour"\nmeasure = "population_within"\nminutes = 60\n'
        'direction = "max"\nweight = 1\nvalue = "linear"\nbest = 1000000\nworst = 0\n'
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n'
        '[[constraints]]\ncriterion = "labour"\nmin = 500000\n'
        '[[constraints]]\ncolumn = "power_mva"\nmin = 10\n'
    )
    cfg = read_config(write_config(tmp_path, text))
    result = compute_surface(cfg, res=7, area=ags)
    cells = result.cells
    assert (cells["eligible"] == (cells["labour"] >= 500_000)).all()
    assert cells.loc[~cells["eligible"], "score"].isna().all()
    assert cells.loc[cells["eligible"], "score"].notna().all()
    assert [n for n, _ in result.left_out] == ["rent", "constraint 'power_mva >= 10'"]
    assert result.fitted.n_rows == int(cells["eligible"].sum())


def test_a_profile_without_location_criteria_is_refused(tmp_path: Path) -> None:
    text = (
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n'
    )
    with pytest.raises(ConfigError, match="no criterion that applies to a location"):
        compute_surface(read_config(write_config(tmp_path, text)), res=6)


def test_unknown_corridor() -> None:
    with pytest.raises(ConfigError, match="unknown corridor 'yucatan'"):
        compute_surface(load_search(profile="default"), res=6, corridors=["yucatan"])


# ----------------------------------------------------------------------------------- zones


def test_zones_are_contiguous_groups_above_the_quantile(ags_surface: SurfaceResult) -> None:
    zones = ags_surface.zones(top=50, quantile=0.8)
    threshold = zones.attrs["threshold"]
    cells = ags_surface.cells
    assert threshold == pytest.approx(np.quantile(cells["score"], 0.8))
    above = cells.index[cells["score"] >= threshold]
    assert zones["cells"].sum() == len(above)  # every selected cell in exactly one zone
    assert zones["score_max"].is_monotonic_decreasing
    assert (zones["score_max"] >= zones["score_mean"]).all()
    assert (zones["score_mean"] >= threshold - 1e-12).all()
    assert zones["area_km2"].sum() == pytest.approx(
        sum(h3.cell_area(c, unit="km^2") for c in above)
    )
    assert set(zones["state"]) <= {"Aguascalientes", ""}
    top = zones.iloc[0]
    assert cells.loc[top["best_cell"], "score"] == pytest.approx(top["score_max"])
    # The best zone holds Aguascalientes city's parks, and names the nearest one.
    assert top["parks_inside"] >= 1 and top["nearest_park_km"] < 20
    assert top["helped"] and not set(top["helped"]) & set(top["hurt"])


def test_zones_merge_neighbours_only(ags_surface: SurfaceResult) -> None:
    """Two separate peaks of seven cells (a cell and its ring) make two zones, best first."""
    import dataclasses

    cells = ags_surface.cells
    ids = list(cells.index)
    score = pd.Series(0.0, index=cells.index)
    first, second = ids[len(ids) // 4], ids[3 * len(ids) // 4]
    assert h3.grid_distance(first, second) > 3
    for centre, value in ((first, 0.9), (second, 1.0)):
        ring = [c for c in h3.grid_disk(centre, 1) if c in score.index]
        assert len(ring) == 7
        score[ring] = value
    peaks = dataclasses.replace(ags_surface, cells=cells.assign(score=score))
    zones = peaks.zones(top=5, quantile=0.99)
    assert zones["cells"].tolist() == [7, 7]
    assert zones["best_cell"].iloc[0] in h3.grid_disk(second, 1)
    assert zones["best_cell"].iloc[1] in h3.grid_disk(first, 1)
    assert zones["score_max"].tolist() == [1.0, 0.9]
    assert len(peaks.zones(top=1, quantile=0.99)) == 1


def test_zone_options_are_checked(ags_surface: SurfaceResult) -> None:
    with pytest.raises(ConfigError, match=r"^top 0: give a number of zones"):
        ags_surface.zones(top=0)
    with pytest.raises(ConfigError, match=r"^quantile 1\.0: give a share"):
        ags_surface.zones(quantile=1.0)


def test_ss_surface_is_the_api_even_after_importing_the_package() -> None:
    import siteselect.surface

    assert callable(ss.surface) and callable(siteselect.surface)
    assert ss.SurfaceResult is SurfaceResult
    with pytest.raises(ConfigError, match="resolution"):
        ss.surface(res=42)


@pytest.mark.parametrize("res", [12, 10, 5, 0])
def test_the_api_refuses_the_resolutions_the_cli_does_not_offer(res: int) -> None:
    # res 12 over the corridors used to run without end (60 s, 780 MB and climbing).
    from siteselect.cli.surface import RES_CHOICES

    with pytest.raises(ConfigError, match=f"res={res}: a surface's H3 resolution is 6 to 9"):
        ss.surface(res=res)
    assert RES_CHOICES == ("6", "7", "8", "9")
