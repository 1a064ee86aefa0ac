"""The corridor filter and the outside-Mexico rule: which candidates a search keeps, and why
each other one was removed."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.candidates.model import INPUT_STAGE, CandidateSet, empty_removed
from siteselect.constants import CORRIDOR_ALL, IDENTITY_COLUMNS, OUTSIDE_CORRIDORS
from siteselect.criteria import Candidates
from siteselect.errors import ConfigError, DataError, InfeasibleError

if TYPE_CHECKING:
    from siteselect.layers.store import LayerStore


def select_corridors(
    candidates: Candidates, corridors: list[str], store: LayerStore, *, set_aside: int = 0
) -> CandidateSet:
    """Keep the candidates in the requested corridors; report every one removed.

    ``all`` switches the filter off (candidates outside every corridor stay, with an empty
    corridor). Candidates without a corridor column get one from their location. A plain
    table without locations or a corridor column is returned as it is. ``set_aside``: the
    rows of the file already set aside on reading (for the count an error gives).
    """
    frame = candidates.frame
    has_geometry = candidates.has_location
    if "corridor" not in frame.columns and not has_geometry:
        return CandidateSet(candidates, empty_removed())
    table = store.table("corridors.csv")
    known = list(table["corridor"])
    if CORRIDOR_ALL not in corridors:
        unknown = [c for c in corridors if c not in known]
        if unknown:
            msg = (
                f"unknown corridor {unknown[0]!r}; known corridors: {', '.join(known)} "
                f"(or '{CORRIDOR_ALL}')"
            )
            raise ConfigError(msg)
    outside = empty_removed()
    if has_geometry:
        frame, outside = _keep_in_mexico(frame, store)
        outside["geometry"] = _shapes(candidates, outside.index)
    if "corridor" not in frame.columns:
        polygons = store.layer("corridors")
        frame = frame.assign(corridor=_corridor_of(frame.geometry, polygons))
    everywhere = CORRIDOR_ALL in corridors
    # One mask for both sides (ids are unique here): an isin over 100,000 text ids costs 1 s.
    inside = (
        np.ones(len(frame), dtype=bool)
        if everywhere
        else frame["corridor"].isin(corridors).to_numpy(dtype=bool)
    )
    kept = frame if everywhere else frame.loc[inside]
    gone = frame.loc[~inside]
    wanted = ", ".join(corridors)
    # the corridor the candidate lies in: the run's own corridors are in its context
    reasons = [
        f"{OUTSIDE_CORRIDORS} ({c or 'in no corridor'})"
        for c in gone["corridor"].astype(str).tolist()  # a list: Arrow steps cell by cell
    ]
    removed = pd.DataFrame(
        {"name": gone["name"].astype(str), "stage": "corridor", "reason": reasons},
        index=gone.index,
    )
    removed = _with_identity(removed, gone)
    if has_geometry:
        removed["geometry"] = _shapes(candidates, gone.index)
    if len(outside):
        removed = pd.concat([outside, removed]) if len(removed) else outside
    if len(kept) == 0 and len(frame) == 0:
        first = outside.iloc[0]
        earlier = f", {set_aside} more set aside on reading" if set_aside else ""
        msg = (
            f"no candidate lies in Mexico: {len(outside)} lie outside it{earlier} (first: "
            f"{outside.index[0]} {first['name']!r}, {first['reason']}); check the file's "
            "coordinates and CRS"
        )
        raise DataError(msg)
    if len(kept) == 0:
        msg = (
            f"no candidate lies in the corridors {wanted} (all {len(frame)} lie elsewhere); "
            "use --corridor all to search everywhere"
        )
        raise InfeasibleError(msg)
    footprints = candidates.footprints
    if footprints is not None:
        footprints = footprints.loc[kept.index]
    return CandidateSet(replace(candidates, frame=kept, footprints=footprints), removed)


def _corridor_of(points: Any, polygons: Any) -> pd.Series:
    """The corridor each point lies within (``""`` for none): the first by row where corridors
    overlap, as a ``within`` join of the points with the corridors and its first row per point
    (the same tree and query, without the join's frames: 15 ms a run)."""
    import shapely

    xy = np.array(points.to_numpy(), dtype=object)
    xy[shapely.is_empty(xy)] = None  # as the join's tree has them
    shapes = np.asarray(polygons.geometry.to_numpy())
    names = polygons["corridor"].to_numpy(dtype=object)
    corridor_row, point = shapely.STRtree(xy).query(shapes, predicate="contains")
    first = np.full(len(xy), len(shapes), dtype=np.int64)
    np.minimum.at(first, point, corridor_row)
    found = first < len(shapes)
    values = np.full(len(xy), "", dtype=object)
    values[found] = names[first[found]]
    return pd.Series(values, index=points.index).astype(str)


def _shapes(candidates: Candidates, ids: pd.Index) -> list[Any]:
    """The footprints (or points) of some candidates, EPSG:6372: a removed park keeps its place
    in every export."""
    shapes = candidates.footprints
    if shapes is None:
        shapes = candidates.frame.geometry
    return list(shapes.loc[ids].to_numpy())


def _keep_in_mexico(frame: pd.DataFrame, store: LayerStore) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates in Mexico (a ``state`` filled in where the file has none), and those outside.

    Mexico's bounding box lets through Texas and the open sea; the states' outline does not.
    """
    from siteselect.layers.validate.rules import (
        MEXICO_TOLERANCE_M,
        build_state_outlines,
        locate_states,
    )

    located: Any = frame.geometry
    outlines = store.derived("states", "outlines", build_state_outlines)
    state, outside_km = locate_states(located, outlines)
    inside = state.notna().to_numpy()
    out = frame.loc[inside]
    if "state" not in out.columns:
        out = out.assign(state=state.loc[inside].astype(str))
    else:
        blank = out["state"].isna() | (out["state"].astype(str).str.strip() == "")
        if bool(blank.any()):
            filled = out["state"].astype(object).where(~blank, state.loc[inside])
            out = out.assign(state=filled)
    gone = frame.loc[~inside]
    reasons = [
        f"outside Mexico ({km:,.0f} km from the nearest state; more than "
        f"{MEXICO_TOLERANCE_M / 1000:g} km)"
        for km in outside_km.loc[~inside]
    ]
    removed = pd.DataFrame(
        {"name": gone["name"].astype(str), "stage": INPUT_STAGE, "reason": reasons},
        index=gone.index,
    )
    return out, _with_identity(removed, gone)


def _with_identity(removed: pd.DataFrame, gone: pd.DataFrame) -> pd.DataFrame:
    """The removal table with the identity columns the removed candidates have (corridor,
    state...), so that every export still says where a removed park lies."""
    kept = [c for c in IDENTITY_COLUMNS if c in gone.columns]
    return removed.assign(**{c: gone[c].to_numpy() for c in kept}) if kept else removed
