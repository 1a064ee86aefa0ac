"""Parameters and inputs of the shed measures (what lives within N minutes of a site)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
from pydantic import Field

from siteselect.criteria._layered import Traveller
from siteselect.criteria.base import Candidates, FloatArray, MeasureContext, MeasureParams
from siteselect.criteria.features import LayerTo, Where, feature_points, layer_label, read_targets
from siteselect.errors import DataError
from siteselect.layers.options import LayerRef

if TYPE_CHECKING:
    from siteselect.network import AccessLeg, NodeReach, RoadGraph


class ShedParams(MeasureParams):
    """``minutes``; what to sum: ``column`` of ``to`` (default: people in ``population``)."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    minutes: float = Field(gt=0, description="the drive time in minutes, e.g. 60")
    to: LayerTo = "population"
    column: str = Field(default="population", min_length=1)
    where: Where | None = None
    unit: str | None = None
    # Commuters drive cars (or ride company buses at car speeds): sheds are car times.
    traveller: Traveller = "car"

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The layer whose features are summed."""
        return (self.to,)


def read_shed_points(
    params: ShedParams, context: MeasureContext
) -> tuple[FloatArray, FloatArray, tuple[str, ...]]:
    """x/y and the amount (people, graduates, MW) of every feature a shed can sum.

    Features whose amount is not a number >= 0 are left out, with a note saying how many
    and the first one (the other features still count).
    """
    import pandas as pd

    targets = read_targets(context, params.to, params.where)
    if params.column not in targets.columns:
        known = ", ".join(str(c) for c in targets.columns if c != "geometry")
        msg = (
            f"layer {layer_label(params.to)!r} has no column {params.column!r} to sum "
            f"(columns: {known}); set `column`"
        )
        raise DataError(msg)
    amount = pd.to_numeric(targets[params.column], errors="coerce").to_numpy(dtype=np.float64)
    xy = feature_points(targets.geometry)
    bad = ~np.isfinite(amount) | (amount < 0)
    if not bad.any():
        return xy, amount, ()
    if bad.all():
        msg = (
            f"layer {layer_label(params.to)!r}: column {params.column!r} has no number >= 0 "
            f"(first row: {targets[params.column].iloc[0]!r})"
        )
        raise DataError(msg)
    row = int(np.flatnonzero(bad)[0])
    note = (
        f"layer {layer_label(params.to)!r}: {int(bad.sum())} of {len(amount)} features left out, "
        f"their {params.column!r} is not a number >= 0 (first: row {row + 1}, "
        f"{targets[params.column].iloc[row]!r})"
    )
    return xy[~bad], amount[~bad], (note,)


def compute_shed(
    candidates: Candidates, params: ShedParams, context: MeasureContext
) -> tuple[FloatArray, FloatArray, tuple[str, ...]]:
    """Amount within reach of each candidate, the amount-weighted sum of drive times, and
    notes on the features left out (see :func:`read_shed_points`).

    One bounded multi-source pass serves both the shed and its commute burden: the result is
    kept in the run's memo with the candidates it was computed for (a later call for other
    candidates, e.g. the next chunk of a grid, replaces it).

    On a chunked context (:attr:`MeasureContext.chunked`: a surface's grid), the shed is read
    from a per-road-node table (:class:`~siteselect.network.NodeReach`): each node's places
    sorted by drive time with running sums, so a candidate that joins the node by an access
    leg of ``a`` minutes takes the node's entries within ``minutes - a``. The table lives in
    the memo too and grows with the nodes later chunks join, so every node is computed once
    per context (per Dask worker). One set of candidates (a search) takes the path
    :func:`~siteselect.network.compute_shed` takes: the direct pass, which sorts nothing per
    (node, place) pair (1,000 points cost about two thirds of the table's time), or, with
    many candidates on each node (100,000 user points), the table, which is then kept in the
    memo as well: a labour pool of the same places reads it (:func:`held_reach`). All paths
    give the same values (``tests/test_surface.py``, ``tests/test_network_node_reach.py`` and
    ``tests/test_criteria.py`` check them against each other).
    """
    from siteselect import network

    where = repr(params.where)
    key = ("shed", params.to, params.column, where, params.minutes, params.traveller)
    cached = context.memo.get(key)
    if cached is not None and cached[0] is candidates.frame:
        return cached[1], cached[2], cached[3]
    xy, amount, notes = read_shed_points(params, context)
    access = context.access_leg()
    graph = context.road_graph(params.traveller)
    origins = candidates.xy()
    if not context.chunked and _takes_node_table(graph, origins, access):
        # The per-node table network.compute_shed would build, kept: a labour pool of the
        # same places reads its nodes' pools from it (pool_commute, :func:`held_reach`).
        total, weighted, table = network.compute_shed_with_reach(
            graph, origins, xy, amount, params.minutes, access=access
        )
        if table is not None:
            context.memo[("node_reach", *key[1:])] = table
    elif not context.chunked:
        total, weighted = network.compute_shed(
            graph, origins, xy, amount, params.minutes, access=access
        )
    else:
        total, weighted = _shed_by_node(
            key, origins, xy, amount, params.minutes, context, params.traveller
        )
    # The frame is kept with its values: an identity check, never a reused id().
    context.memo[key] = (candidates.frame, total, weighted, notes)
    return total, weighted, notes


def _takes_node_table(graph: RoadGraph, origins: FloatArray, access: AccessLeg) -> bool:
    """Whether :func:`siteselect.network.compute_shed` reads these origins' shed from a per-node
    table (many origins on each road node): the same test it makes, so that building the table
    here gives its very values."""
    from siteselect import network
    from siteselect.network.shed import _SHARED_NODE_ORIGINS

    legs = network.compute_access_legs(graph, origins, access=access)
    return bool(origins.shape[0] > _SHARED_NODE_ORIGINS * np.unique(legs.node).size)


def held_reach(params: ShedParams, context: MeasureContext) -> NodeReach | None:
    """The per-node table of ``params``' places (layer, column, ``where``, traveller) that an
    earlier shed of this run kept in the memo (the longest limit of them), or ``None``. Its
    drive time may differ from ``params.minutes``: a table of any limit holds each node's
    places nearest first up to that limit, the same entries in the same order."""
    from siteselect.network import NodeReach

    prefix = ("node_reach", params.to, params.column, repr(params.where))
    best: NodeReach | None = None
    for k, table in context.memo.items():
        if not (isinstance(k, tuple) and len(k) == 6 and k[:4] == prefix):
            continue
        if k[5] != params.traveller or not isinstance(table, NodeReach):
            continue
        if best is None or table.limit > best.limit:
            best = table
    return best


def _shed_by_node(
    key: tuple[object, ...],
    origins: FloatArray,
    xy: FloatArray,
    amount: FloatArray,
    minutes: float,
    context: MeasureContext,
    traveller: str,
) -> tuple[FloatArray, FloatArray]:
    """The shed gathered from the per-node table in the memo, extended to new nodes."""
    from siteselect import network

    access = context.access_leg()
    graph = context.road_graph(traveller)
    legs = network.compute_access_legs(graph, origins, access=access)
    total = np.zeros(origins.shape[0])
    weighted = np.zeros(origins.shape[0])
    live = np.flatnonzero(legs.ok & (legs.minutes <= minutes + 1e-6))  # exact test: gather
    if live.size == 0:
        return total, weighted
    reach_key = ("node_reach", *key[1:])
    table = network.extend_node_reach(
        context.memo.get(reach_key), graph, legs.node[live], xy, amount, minutes, access=access
    )
    context.memo[reach_key] = table
    total[live], weighted[live] = table.gather(legs.node[live], legs.minutes[live], minutes)
    return total, weighted


def shed_unit(params: ShedParams) -> str:
    """``people`` for populations, else the declared unit or the column's name."""
    if params.unit is not None:
        return params.unit
    return "people" if params.column == "population" else params.column
