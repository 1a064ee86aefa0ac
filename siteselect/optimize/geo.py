"""The geographic adapter: a location model from a ranking, a demand layer and the road graph.

:func:`from_result` turns a :class:`~siteselect.results.RankResult` (the parks that passed the
hard constraints, with their scores and measures) and demand points into a
:class:`~siteselect.optimize.LocationModel`: sites in the ranking's order, a sparse demand x
park cost matrix from one bounded multi-source pass on the road graph
(:func:`siteselect.network.compute_reach_pairs`) or straight lines, and the ``[optimize]``
section's constraint families.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.errors import ConfigError, DataError
from siteselect.optimize.model import FloatArray, LocationModel
from siteselect.optimize.pairs import Pairs

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from siteselect.config.schema import DemandSection, OptimizeSection
    from siteselect.layers.store import LayerStore
    from siteselect.network import AccessLeg, RoadGraph
    from siteselect.results import RankResult

NEAREST_SUFFIX = ".nearest"


def read_demand(section: DemandSection, store: LayerStore) -> gpd.GeoDataFrame:
    """The demand points: ``demand_id``, ``weight`` and a point geometry in EPSG:6372.

    Lines and polygons count at a point on their surface; ``where`` keeps the features that
    meet it; a missing or negative weight is a data error naming the row.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    from siteselect.criteria.features import describe_where, select_features
    from siteselect.layers import read_user_layer

    if section.path is not None:
        frame = read_user_layer(section.path)
        label = section.path.name
        if str(section.path) not in store.used:
            store.used.append(str(section.path))
    else:
        assert section.layer is not None
        frame = store.layer(section.layer)
        label = section.layer
    frame = select_features(frame, label, section.where)
    if len(frame) == 0:
        msg = f"[optimize.demand] {label}: no points left (where: {describe_where(section.where)})"
        raise DataError(msg)
    geoms = frame.geometry
    if not bool((geoms.geom_type == "Point").all()):
        geoms = gpd.GeoSeries(shapely.point_on_surface(geoms.to_numpy()), crs=frame.crs)
    if section.id in frame.columns:
        ids = _demand_ids(frame[section.id], label, section.id)
    else:
        ids = np.array([str(i + 1) for i in range(len(frame))])
    if section.weight is None:
        weight = np.ones(len(frame))
    else:
        if section.weight not in frame.columns:
            known = ", ".join(str(c) for c in frame.columns if c != "geometry")
            msg = f"[optimize.demand] {label}: no column {section.weight!r} (columns: {known})"
            raise DataError(msg)
        weight = pd.to_numeric(frame[section.weight], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(weight) | (weight < 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            value = frame[section.weight].iloc[row]
            shown = value.item() if hasattr(value, "item") else value
            msg = (
                f"[optimize.demand] {label}: {section.weight!r} of demand point {ids[row]!r} is "
                f"{shown!r}; weights must be numbers >= 0"
            )
            raise DataError(msg)
    out = gpd.GeoDataFrame(
        {"demand_id": ids, "weight": weight},
        geometry=geoms.to_numpy(),
        crs=frame.crs,
    )
    if "name" in frame.columns:
        out.insert(1, "name", frame["name"].astype(str).to_numpy())
    out = out.reset_index(drop=True)
    if section.path is not None:  # embedded layers lie in Mexico by construction
        out = _keep_in_mexico(out, label, store)
    return out


def _keep_in_mexico(points: gpd.GeoDataFrame, label: str, store: LayerStore) -> gpd.GeoDataFrame:
    """The demand points in Mexico; those beyond it (San Antonio lies inside Mexico's bounding
    box) are set aside with a warning, as candidates are: no road of the graph reaches them."""
    from siteselect.constants import METRIC_CRS
    from siteselect.layers.validate.rules import (
        MEXICO_TOLERANCE_M,
        build_state_outlines,
        locate_states,
    )

    metric = points.to_crs(METRIC_CRS)
    outlines = store.derived("states", "outlines", build_state_outlines)
    state, outside_km = locate_states(metric.geometry, outlines)
    outside = state.isna().to_numpy()
    if not outside.any():
        return points
    first = int(np.flatnonzero(outside)[0])
    name = points["demand_id"].iloc[first]
    where = (
        f"{int(outside.sum())} of {len(points)} demand point(s) lie outside Mexico (more than "
        f"{MEXICO_TOLERANCE_M / 1000:g} km from every state; first: {name!r}, "
        f"{float(outside_km.iloc[first]):,.0f} km)"
    )
    if outside.all():
        msg = f"[optimize.demand] {label}: {where}; check the file's coordinates and CRS"
        raise DataError(msg)
    store.add_warnings([f"[optimize.demand] {label}: {where}: set aside, not served"])
    return points.loc[~outside].reset_index(drop=True)


def _demand_ids(values: Any, label: str, column: str) -> Any:
    """Demand ids as text: a blank one is named by its position, a repeated one is an error
    (the assignment maps each id to its park, so two points cannot share one)."""
    import pandas as pd

    ids = [
        f"row {i + 1}" if pd.isna(v) or not str(v).strip() else str(v).strip()
        for i, v in enumerate(values.tolist())
    ]
    seen: dict[str, int] = {}
    for i, v in enumerate(ids):
        if v in seen:
            msg = (
                f"[optimize.demand] {label}: id {v!r} of column {column!r} is given to two "
                f"points (usable points {seen[v] + 1} and {i + 1}); give each its own id"
            )
            raise DataError(msg)
        seen[v] = i
    return np.array(ids, dtype=object)


@dataclass(frozen=True)
class CostPairs:
    """The demand x site pairs an objective may use, with minutes and km where driven."""

    pairs: Pairs
    unit: str


def build_cost_pairs(
    demand_xy: FloatArray,
    site_xy: FloatArray,
    *,
    measure: str,
    limit: float,
    graph: RoadGraph | None,
    access: AccessLeg | None,
) -> CostPairs:
    """Pairs within ``limit`` (minutes for drive_time, km otherwise; ``inf`` for all)."""
    n_demand, n_sites = demand_xy.shape[0], site_xy.shape[0]
    if measure == "distance":
        from scipy.spatial import cKDTree

        radius = limit * 1000.0 if math.isfinite(limit) else np.inf
        if math.isfinite(radius):
            coo = cKDTree(demand_xy).sparse_distance_matrix(
                cKDTree(site_xy), radius, output_type="coo_matrix"
            )
            rows, cols, metres = coo.row, coo.col, coo.data
            # Exactly coincident points are pairs too (sparse_distance_matrix drops zeros).
            same_r, same_c = _coincident(demand_xy, site_xy)
            rows = np.concatenate([rows, same_r])
            cols = np.concatenate([cols, same_c])
            metres = np.concatenate([metres, np.zeros(same_r.shape[0])])
        else:
            d = np.hypot(*(demand_xy[:, None, :] - site_xy[None, :, :]).transpose(2, 0, 1))
            rows, cols = np.nonzero(np.ones_like(d, dtype=bool))
            metres = d[rows, cols]
        pairs = Pairs.from_arrays(rows, cols, np.asarray(metres) / 1000.0, n_demand, n_sites)
        return CostPairs(pairs, "km")
    if graph is None:
        msg = f"measure {measure!r} needs the road graph"
        raise DataError(msg)
    from siteselect import network

    leg = access if access is not None else network.AccessLeg()
    max_minutes = limit if measure == "drive_time" else math.inf
    oi, ti, minutes, km = network.compute_reach_pairs(
        graph, demand_xy, site_xy, max_minutes, access=leg
    )
    if measure == "drive_time":
        return CostPairs(Pairs.from_arrays(oi, ti, minutes, n_demand, n_sites), "min")
    inside = km <= limit + 1e-9
    return CostPairs(Pairs.from_arrays(oi[inside], ti[inside], km[inside], n_demand, n_sites), "km")


def _coincident(a: FloatArray, b: FloatArray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.spatial import cKDTree

    hits = cKDTree(a).query_ball_tree(cKDTree(b), r=0.0)
    rows = [i for i, hs in enumerate(hits) for _ in hs]
    cols = [j for hs in hits for j in hs]
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def site_labels(result: RankResult, key: str) -> list[Any]:
    """The label of each ranked park for ``max_per``: a column, or a criterion's nearest id."""
    ids = result.scores.table.index
    frame = result.candidates.frame
    if key.endswith(NEAREST_SUFFIX):
        name = key.removesuffix(NEAREST_SUFFIX)
        measure = result.measures.get(name)
        if measure is None or measure.nearest is None:
            reaching = [n for n, m in result.measures.items() if m.nearest is not None]
            msg = (
                f"max_per {key!r}: {name!r} is not a criterion that reaches a feature "
                f"(these do: {', '.join(reaching) or 'none'})"
            )
            raise ConfigError(msg)
        positions = frame.index.get_indexer(ids)
        return [measure.nearest.ids[p] for p in positions]
    if key not in frame.columns or key == "geometry":
        columns = [str(c) for c in frame.columns if c != "geometry"]
        nearest = [f"{n}{NEAREST_SUFFIX}" for n, m in result.measures.items() if m.nearest]
        msg = (
            f"max_per {key!r}: no such candidate column (columns: {', '.join(columns)}; "
            f"or a criterion's nearest feature: {', '.join(nearest) or 'none'})"
        )
        raise ConfigError(msg)
    values = frame[key].reindex(ids).tolist()
    return [None if _missing(v) else v for v in values]


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):
        return False


def _positions(result: RankResult, keys: Sequence[str], label: str) -> list[int]:
    ids = result.scores.table.index
    out = []
    for key in keys:
        try:
            cid = result.resolve(key)
        except DataError as exc:  # unknown (with suggestions), or removed and why
            msg = f"{label}: {exc}"
            raise ConfigError(msg) from None
        import pandas as pd

        where = int(ids.get_indexer(pd.Index([cid]))[0])
        if where < 0:
            eliminated = result.eliminated
            why = str(eliminated.loc[cid, "reason"]) if cid in eliminated.index else "not ranked"
            msg = f"{label}: park {cid!r} is not among the ranked parks ({why})"
            raise ConfigError(msg)
        out.append(int(where))
    return out


def from_result(
    result: RankResult,
    demand: gpd.GeoDataFrame | None,
    section: OptimizeSection,
    *,
    graph: RoadGraph | None = None,
    access: AccessLeg | None = None,
    scores: pd.DataFrame | None = None,
) -> tuple[LocationModel, CostPairs | None]:
    """A location model over the ranked parks of ``result`` (sites in rank order).

    Parameters
    ----------
    result
        The ranking; its ranked parks are the candidate sites, their scores the ``score``
        objective.
    demand
        Demand points (from :func:`read_demand`), for p-median and coverage.
    section
        The ``[optimize]`` settings: objective, k, measure, thresholds, constraint families.
    graph, access
        The road graph and access legs, for the driven measures.
    scores
        Per park and scenario scores (rows in rank order), for a robust ``score`` objective.

    Returns
    -------
    tuple
        The model, and the cost pairs it was built from (``None`` for ``score``).
    """
    table = result.scores.table
    ids = table.index
    frame = result.candidates.frame
    k = section.k
    if k > len(ids):
        msg = (
            f"[optimize] k = {k} but only {len(ids)} parks passed the corridor filter and "
            "the constraints"
        )
        raise ConfigError(msg)
    cost: CostPairs | None = None
    if section.objective == "score":
        if scores is not None:
            model = LocationModel.from_scores(scores.reindex(ids).to_numpy(dtype=float).T, k=k)
        else:
            model = LocationModel.from_scores(table["score"].to_numpy(dtype=float), k=k)
    else:
        if demand is None or len(demand) == 0:
            msg = f"objective {section.objective!r} needs demand points"
            raise ConfigError(msg)
        if not result.candidates.has_location:
            msg = f"objective {section.objective!r} needs candidate locations"
            raise DataError(msg)
        site_xy = result.candidates.xy()[frame.index.get_indexer(ids)]
        demand_xy = np.column_stack([demand.geometry.x.to_numpy(), demand.geometry.y.to_numpy()])
        minutes = section.measure == "drive_time"
        if section.objective == "coverage":
            limit = section.threshold_min if minutes else section.threshold_km
        else:
            limit = section.cutoff_min if minutes else section.cutoff_km
        cost = build_cost_pairs(
            demand_xy,
            site_xy,
            measure=section.measure,
            limit=math.inf if limit is None else float(limit),
            graph=graph,
            access=access,
        )
        model = LocationModel.from_cost_matrix(
            cost.pairs,
            demand["weight"].to_numpy(dtype=float),
            k=k,
            objective=section.objective,
            threshold=limit if section.objective == "coverage" else None,
            double_coverage=section.double_coverage,
        )
    if section.budget is not None and section.cost_column is not None:
        column = section.cost_column
        if column not in frame.columns:
            msg = f"[optimize] cost_column {column!r} is not a column of the candidates"
            raise ConfigError(msg)
        import pandas as pd

        values = pd.to_numeric(frame[column].reindex(ids), errors="coerce")
        # A park that must be left out needs no cost (what the message below offers).
        out = np.zeros(len(ids), dtype=bool)
        out[_positions(result, section.must_exclude, "must_exclude")] = True
        values = values.where(~out, 0.0)
        bad = values.isna() | (values < 0)
        if bad.any():
            park = str(values.index[bad.to_numpy()][0])
            msg = (
                f"[optimize] cost_column {column!r} of park {park!r} is missing or negative; "
                "fill it or put the park in must_exclude"
            )
            raise DataError(msg)
        model = model.with_budget(values.to_numpy(dtype=float), section.budget, column=column)
    for key, cap in section.max_per.items():
        model = model.with_max_per(key, site_labels(result, key), cap)
    if section.min_spacing_km is not None:
        if not result.candidates.has_location:
            msg = "min_spacing_km needs candidate locations"
            raise DataError(msg)
        xy = result.candidates.xy()[frame.index.get_indexer(ids)]
        model = model.with_min_spacing(xy, section.min_spacing_km)
    if section.must_include:
        model = model.with_must_include(_positions(result, section.must_include, "must_include"))
    if section.must_exclude:
        model = model.with_must_exclude(_positions(result, section.must_exclude, "must_exclude"))
    return model, cost


def pair_costs(model: LocationModel, assignment: np.ndarray) -> FloatArray:
    """Cost of each demand row to its assigned site (NaN where none)."""
    out = np.full(assignment.shape[0], np.nan)
    pairs = model.pairs
    if pairs is None:
        return out
    hit = pairs.site == assignment[pairs.rows]
    out[pairs.rows[hit]] = pairs.cost[hit]
    return out
