"""The corridor filter and the outside-Mexico rule: which candidates a search keeps, and why
each other one was removed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.candidates.model import INPUT_STAGE, CandidateSet, empty_removed
from siteselect.constants import CORRIDOR_ALL, IDENTITY_COLUMNS, OUTSIDE_CORRIDORS
from siteselect.criteria import Candidates
from siteselect.errors import ConfigError, DataError, InfeasibleError

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.layers.store import LayerStore


@dataclass(frozen=True)
class CorridorShapes:
    """The ``corridors`` layer as :func:`_corridor_of` tests points against it, built once per
    corridors files (:meth:`LayerStore.derived`) and shared: nothing in it is ever changed.

    Attributes
    ----------
    names
        The corridors' names (a read-only array), in the layer's row order.
    shapes
        Their polygons (a read-only array), same order, prepared for the point tests.
    """

    names: Any
    shapes: Any


def build_corridor_shapes(polygons: gpd.GeoDataFrame) -> CorridorShapes:
    """The ``corridors`` layer (columns ``corridor``, ``geometry``) as :class:`CorridorShapes`:
    a polygon a tree query tests points against is prepared for that query unless it is
    prepared already (a millisecond a search for the corridors)."""
    import shapely

    # Copies (through WKB, exact) are prepared: the layer's own shapes are shared with every
    # copy of the held layer. A prepared polygon answers the same tests.
    shapes = np.array(shapely.from_wkb(shapely.to_wkb(polygons.geometry.to_numpy())), dtype=object)
    names = np.array(polygons["corridor"].to_numpy(dtype=object), dtype=object)
    shapely.prepare(shapes)
    shapes.flags.writeable = False
    names.flags.writeable = False
    return CorridorShapes(names, shapes)


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
    # The columns the filters add (state, corridor) are computed for every row and the rows
    # kept taken once: each point's values are its own, so they are those the rows kept
    # alone would get (one copy of the frame instead of one per step).
    in_mexico = np.ones(len(frame), dtype=bool)
    outside = empty_removed()
    added: dict[str, Any] = {}
    if has_geometry:
        in_mexico, state, outside = _locate_in_mexico(frame, store)
        if state is not None:
            added["state"] = state
        if len(outside):
            outside["geometry"] = _shapes(candidates, ~in_mexico)
    if "corridor" not in frame.columns:
        polygons = store.derived("corridors", "shapes", build_corridor_shapes)
        added["corridor"] = _corridor_of(frame.geometry, polygons)
    if added:
        frame = frame.assign(**added)
    n_in_mexico = int(in_mexico.sum())
    everywhere = CORRIDOR_ALL in corridors
    # One mask for both sides (ids are unique here): an isin over 100,000 text ids costs 1 s.
    inside = (
        np.ones(len(frame), dtype=bool)
        if everywhere
        else frame["corridor"].isin(corridors).to_numpy(dtype=bool)
    )
    keep = in_mexico & inside
    kept = frame if bool(keep.all()) else frame.loc[keep]
    away = in_mexico & ~inside
    if bool(away.any()) or not len(outside):  # else the table of the removed is `outside`
        # the corridor the candidate lies in: the run's own corridors are in its context
        reasons = [
            f"{OUTSIDE_CORRIDORS} ({c or 'in no corridor'})"
            for c in frame["corridor"][away].astype(str).tolist()  # a list: Arrow steps by cell
        ]
        removed = _removal_table(frame, away, "corridor", reasons)
        if has_geometry:
            removed["geometry"] = _shapes(candidates, away)
        if len(outside):
            removed = pd.concat([outside, removed]) if len(removed) else outside
    else:
        removed = outside
    wanted = ", ".join(corridors)
    if len(kept) == 0 and n_in_mexico == 0:
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
            f"no candidate lies in the corridors {wanted} (all {n_in_mexico} lie elsewhere); "
            "use --corridor all to search everywhere"
        )
        raise InfeasibleError(msg)
    footprints = candidates.footprints
    if footprints is not None:
        footprints = footprints.loc[kept.index]
    return CandidateSet(replace(candidates, frame=kept, footprints=footprints), removed)


def _corridor_of(points: Any, polygons: gpd.GeoDataFrame | CorridorShapes) -> pd.Series:
    """The corridor each point lies within (``""`` for none): the first by row where corridors
    overlap, as a ``within`` join of the points with the corridors and its first row per point
    (the same tree and query, without the join's frames: 15 ms a run)."""
    import shapely

    if isinstance(polygons, CorridorShapes):
        found_in = polygons
    else:
        found_in = CorridorShapes(
            polygons["corridor"].to_numpy(dtype=object), np.asarray(polygons.geometry.to_numpy())
        )
    xy = np.array(points.to_numpy(), dtype=object)
    xy[shapely.is_empty(xy)] = None  # as the join's tree has them
    shapes, names = found_in.shapes, found_in.names
    corridor_row, point = shapely.STRtree(xy).query(shapes, predicate="contains")
    first = np.full(len(xy), len(shapes), dtype=np.int64)
    np.minimum.at(first, point, corridor_row)
    found = first < len(shapes)
    values = np.full(len(xy), "", dtype=object)
    values[found] = names[first[found]]
    return pd.Series(values, index=points.index).astype(str)


def _shapes(candidates: Candidates, rows: Any) -> list[Any]:
    """The footprints (or points) of some candidates (``rows``: a mask over the candidates),
    EPSG:6372: a removed park keeps its place in every export."""
    shapes = candidates.footprints
    if shapes is None:
        shapes = candidates.frame.geometry
    if not shapes.index.equals(candidates.frame.index):  # not in the frame's order
        return list(shapes.loc[candidates.frame.index[rows]].to_numpy())
    return list(np.asarray(shapes.to_numpy(), dtype=object)[rows])


def _locate_in_mexico(
    frame: pd.DataFrame, store: LayerStore
) -> tuple[np.ndarray, Any, pd.DataFrame]:
    """Which candidates lie in Mexico, their ``state`` column for every row where the file
    has none or leaves some of the kept rows blank (else ``None``: the column stays as it
    is), and the table of those outside.

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
    column = None
    if "state" not in frame.columns:
        column = state.astype(str)
    else:
        blank = frame["state"].isna() | (frame["state"].astype(str).str.strip() == "")
        if bool((blank.to_numpy(dtype=bool) & inside).any()):
            column = frame["state"].astype(object).where(~blank, state)
    if bool(inside.all()):
        return inside, column, empty_removed()
    reasons = [
        f"outside Mexico ({km:,.0f} km from the nearest state; more than "
        f"{MEXICO_TOLERANCE_M / 1000:g} km)"
        for km in outside_km.loc[~inside]
    ]
    return inside, column, _removal_table(frame, ~inside, INPUT_STAGE, reasons)


def _removal_table(
    frame: pd.DataFrame, rows: np.ndarray, stage: str, reasons: list[str]
) -> pd.DataFrame:
    """The removal table of the candidates at ``rows`` (a mask) with their identity columns
    (corridor, state...), so that every export still says where a removed park lies: read
    from the columns, without taking the rows of the whole frame first."""
    removed = pd.DataFrame(
        {"name": frame["name"][rows].astype(str), "stage": stage, "reason": reasons},
        index=frame.index[rows],
    )
    kept = [c for c in IDENTITY_COLUMNS if c in frame.columns]
    return removed.assign(**{c: frame[c].to_numpy()[rows] for c in kept}) if kept else removed
