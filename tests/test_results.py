"""Tests for siteselect.results: explanations read the measures' details, never recompute them.

For every shipped profile and every park, each criterion's explained nearest feature is checked
against an independent computation: the drive time (or distance) from the park to THAT feature
alone must equal the raw value the score used.
"""

from __future__ import annotations

import numpy as np
import pytest

from siteselect.api import build_access_leg, read_road_graph, run
from siteselect.config import list_profiles, read_profile
from siteselect.criteria.features import select_features, target_xy
from siteselect.layers.store import LayerStore
from siteselect.network import compute_drive_to_nearest


@pytest.fixture(scope="module")
def graph_and_store() -> tuple[object, LayerStore]:
    store = LayerStore()
    return read_road_graph(read_profile("default"), store), store


def _check_grid_distance(result: object, name: str, store: LayerStore) -> None:
    """A grid distance is the nearer of the two layers' straight-line distances."""
    from siteselect.criteria.distance import compute_nearest_distance_km

    frame = result.candidates.frame  # type: ignore[attr-defined]
    measure = result.measures[name]  # type: ignore[attr-defined]
    kv = float(measure_params(result, name).voltage_kv)
    unknown = measure_params(result, name).include_unknown
    for layer in ("power_lines", "power_substations"):
        table = store.layer(layer)
        volts = table["voltage_kv"]
        keep = (volts >= kv) | (volts.isna() if unknown else False)
        km, _ = compute_nearest_distance_km(frame.geometry, table.loc[keep].geometry)
        assert (measure.values <= km + 1e-9).all(), layer
    line = measure.details["line_km"]
    sub = measure.details["substation_km"]
    np.testing.assert_allclose(measure.values, np.fmin(line, sub))


def measure_params(result: object, name: str) -> object:
    return next(c.params for c in result.config.criteria if c.name == name)  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("profile", list_profiles())
def test_explain_nearest_is_the_feature_the_score_used(
    profile: str, graph_and_store: tuple[object, LayerStore]
) -> None:
    graph, store = graph_and_store
    config = read_profile(profile)
    result = run(config)
    access = build_access_leg(config)
    frame = result.candidates.frame
    checked = 0
    for criterion in config.criteria:
        measure = result.measures[criterion.name]
        if measure.nearest is None:
            continue
        params = criterion.params
        if criterion.measure == "grid_distance":
            # the nearer of two layers: checked against both in test_grid_distance_explained
            _check_grid_distance(result, criterion.name, store)
            checked += 1
            continue
        targets = select_features(store.layer(params.to), params.to, getattr(params, "where", None))
        by_id = targets.set_index("id") if "id" in targets.columns else None
        for cid in frame.index:
            explained = {v.criterion: v for v in result.explain(str(cid)).criteria}[criterion.name]
            assert explained.nearest is not None, (profile, criterion.name, cid)
            assert explained.raw == pytest.approx(measure.values[frame.index.get_loc(cid)])
            point = frame.geometry.loc[cid]
            if criterion.measure == "backup_drive_time":
                # the backup crossing is named; the raw value is its drive time less the nearest's
                i = frame.index.get_loc(cid)
                backup = by_id.geometry.loc[[explained.nearest.id]] if by_id is not None else None
                assert backup is not None
                xy, _ = target_xy(backup)
                to_backup = compute_drive_to_nearest(
                    graph, np.array([[point.x, point.y]]), xy, access=access
                )
                # the measure drives the reach pairs (nearest node, graph only): within a
                # local trip of the nearest-facility figure, never below the straight line
                assert (
                    measure.details["backup_min"][i] >= float(to_backup["drive_min"].iloc[0]) - 1e-6
                )
                assert explained.raw == pytest.approx(
                    measure.details["backup_min"][i] - measure.details["nearest_min"][i]
                )
                continue
            if by_id is not None and explained.nearest.id is not None:
                feature = by_id.geometry.loc[[explained.nearest.id]]
            else:
                row = int(measure.nearest.row[frame.index.get_loc(cid)])
                feature = targets.geometry.iloc[[row]]
            if criterion.measure == "distance":
                got = point.distance(feature.iloc[0]) / 1000.0
            else:
                xy, _ = target_xy(feature)
                table = compute_drive_to_nearest(
                    graph, np.array([[point.x, point.y]]), xy, access=access
                )
                column = "drive_min" if criterion.measure == "drive_time" else "drive_km"
                got = float(table[column].iloc[0])
            assert got == pytest.approx(explained.raw, rel=1e-9, abs=1e-9), (
                profile,
                criterion.name,
                cid,
                explained.nearest,
            )
            checked += 1
    assert checked >= len(frame)  # every profile measures at least one facility


def test_compare_swap_weight_is_the_tipping_point() -> None:
    """The weight compare reports really swaps the pair: checked by re-scoring the search with
    that criterion's weight just before and just beyond it (others rescaled in proportion)."""
    import siteselect as ss

    result = ss.rank(profile="default")
    order = list(result.scores.table.index)
    checked = 0
    for other in order[1:12]:
        comparison = result.compare([order[0], other])
        (swap,) = comparison.swaps
        if swap.criterion is None:
            continue
        assert swap.weight_from is not None and swap.weight_to is not None
        w_j = result.weights[swap.criterion]
        assert swap.weight_from == pytest.approx(w_j)
        step = 0.01 if swap.weight_to > swap.weight_from else -0.01

        def ahead_at(t: float, swap: object = swap, w_j: float = w_j) -> str:
            # with_weights keeps the other raw weights and normalises: this raw weight gives
            # the criterion a final share of t, the others rescaled to 1 - t.
            raw = t * (1 - w_j) / (1 - t)
            rescored = result.with_weights({swap.criterion: raw})  # type: ignore[attr-defined]
            assert rescored.weights[swap.criterion] == pytest.approx(t)  # type: ignore[attr-defined]
            table = rescored.scores.table
            a, b = swap.ahead, swap.behind  # type: ignore[attr-defined]
            return a if table.at[a, "rank"] < table.at[b, "rank"] else b

        before = swap.weight_to - step
        beyond = swap.weight_to + step
        if not (0 < before < 1 and 0 < beyond < 1):
            continue
        assert ahead_at(before) == swap.ahead
        assert ahead_at(beyond) == swap.behind
        checked += 1
    assert checked >= 2
