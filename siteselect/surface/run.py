"""A surface run: grid -> measures per partition -> value functions fitted once -> scores."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import CriterionConfig, SearchConfig
    from siteselect.layers.store import LayerStore
    from siteselect.surface.executor import ProgressFn
    from siteselect.surface.result import SurfaceResult

DEFAULT_RES = 7
DEFAULT_PARTITION_SIZE = 100_000


def compute_surface(
    config: SearchConfig,
    *,
    res: int = DEFAULT_RES,
    corridors: Sequence[str] | None = None,
    area: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressFn | None = None,
    data_dir: Path | None = None,
) -> SurfaceResult:
    """Score every cell of an H3 grid over the corridors under a search's profile.

    Every criterion that applies to a location is measured per cell by the measure code that
    measures parks (cells are candidates whose points are the cell centres); criteria that
    read a park's own columns are left out and said. The value functions and the MCDA method
    are fitted once on all eligible cells (:func:`siteselect.mcda.fit`) and applied partition
    by partition (:func:`siteselect.mcda.apply_scores`), so a cell's score does not depend on
    how the grid was split or where it ran.

    Parameters
    ----------
    config
        The search.
    res
        H3 resolution (6: ~36 km² cells, 7: ~5 km², 8: ~0.7 km², 9: ~0.1 km²).
    corridors
        Corridors to cover (default: the config's; ``all``: every corridor).
    area
        Cover this area instead of corridors: a shapely geometry in EPSG:4326 (lon, lat), or
        a GeoDataFrame/GeoSeries with a CRS (e.g. one state of the ``states`` layer).
    partition_size
        Largest number of cells processed at once (bounds memory, in-process or per worker).
    workers, scheduler
        Run the partitions on a local Dask cluster of ``workers`` processes, or on the Dask
        scheduler at ``scheduler``; in this process when both are ``None``.
    progress
        Called with (partitions done, partitions in all).
    data_dir
        Folder of the embedded data.

    Returns
    -------
    SurfaceResult

    Raises
    ------
    ConfigError
        No criterion applies to a location, or a bad resolution, corridor or cluster option.
    DataError
        A layer cannot give the values.
    """
    from siteselect import mcda
    from siteselect.context import build_context, build_provenance
    from siteselect.criteria import get_measure, raw_column
    from siteselect.labour import resolve_labour
    from siteselect.layers.store import LayerStore
    from siteselect.scoring import build_criterion_specs, build_method_options
    from siteselect.surface.executor import check_cluster_options, measure_grid
    from siteselect.surface.grid import (
        build_corridor_area,
        build_grid_plan,
        check_surface_resolution,
        read_area,
    )
    from siteselect.surface.measure import split_criteria
    from siteselect.surface.result import SurfaceResult

    res = check_surface_resolution(res)
    check_cluster_options(workers, scheduler)  # a missing extra fails before any reading
    store = LayerStore(data_dir)
    config = resolve_labour(config, store)
    criteria, constraints, left_out = split_criteria(config)
    if not criteria:
        msg = (
            f"profile {config.profile.name!r} has no criterion that applies to a location "
            "(all read park columns); a surface needs a distance, drive, shed or raster criterion"
        )
        raise ConfigError(msg)
    located = config.model_copy(update={"criteria": criteria, "constraints": constraints})
    chosen: tuple[str, ...] = ("area",)
    if area is not None:
        shape = read_area(area)
    else:
        wanted = list(corridors) if corridors is not None else list(config.search.corridors)
        shape, chosen = build_corridor_area(store.layer("corridors"), wanted)
    plan = build_grid_plan(shape, res, partition_size=partition_size, corridors=chosen)
    # Chunk after chunk: per-node reach tables built for one chunk serve the next ones.
    context = dataclasses.replace(build_context(located, store), chunked=True)
    parts, where = measure_grid(
        plan, criteria, context, workers=workers, scheduler=scheduler, progress=progress
    )
    names = [c.name for c in criteria]
    eligible_parts = [_eligible(part, criteria, constraints) for part in parts]
    raw = _concat([p for p in parts if len(p)], parts[0] if parts else None, criteria)
    eligible = np.concatenate([e for p, e in zip(parts, eligible_parts, strict=True) if len(p)])
    if len(raw) == 0 or not eligible.any():
        msg = (
            f"no cell to score: the grid of {', '.join(chosen)} at res {res} has "
            f"{len(raw)} cells and {int(eligible.sum()) if len(raw) else 0} pass the constraints"
        )
        raise ConfigError(msg)
    weights = _surface_weights(config, criteria, raw.loc[eligible, names])
    specs = build_criterion_specs(criteria, dict(weights))
    fitted = mcda.fit(
        raw.loc[eligible, names], specs, config.search.method, build_method_options(config)
    )
    # Applied partition by partition: the fitted model is the only thing the chunks share.
    scores = []
    for part, ok in zip(parts, eligible_parts, strict=True):
        chunk = np.full(len(part), np.nan)
        if ok.any():
            chunk[ok] = mcda.apply_scores(fitted, part.loc[ok, names])
        scores.append(chunk)
    cells = raw.assign(eligible=eligible, score=np.concatenate(scores) if scores else [])
    units = {c.name: get_measure(c.measure).unit_of(c.params, context) for c in criteria}
    notes = [
        f"{n} left out: {why}"
        if n.startswith("constraint ")
        else f"criterion {n!r} left out: {why}"
        for n, why in left_out
    ]
    notes.extend(f"criterion {n!r} dropped from the score: {why}" for n, why in fitted.dropped)
    return SurfaceResult(
        config=config,
        res=res,
        corridors=chosen,
        cells=cells,
        criteria=tuple(names),
        units=units,
        raw_columns={c.name: raw_column(c, units[c.name]) for c in criteria},
        left_out=tuple(left_out),
        fitted=fitted,
        method=config.search.method,
        partitions=plan.n_partitions,
        executor=where,
        parks=_read_parks(store, res),
        states=store.layer("states")[["state", "geometry"]],
        notes=tuple(notes),
        provenance=(*build_provenance(located, store.used), "grid: H3 (Uber, Apache-2.0)"),
    )


def _concat(
    parts: list[pd.DataFrame], first: pd.DataFrame | None, criteria: Sequence[CriterionConfig]
) -> pd.DataFrame:
    import pandas as pd

    from siteselect.surface.measure import empty_partition

    if not parts:
        return first if first is not None else empty_partition(criteria)
    raw = pd.concat(parts) if len(parts) > 1 else parts[0]
    # Dask hands strings back with its own NA flavour: one index type wherever the run was.
    raw.index = pd.Index(raw.index.to_numpy(dtype=object), name="cell", dtype="str")
    return raw


def _eligible(
    part: pd.DataFrame,
    criteria: Sequence[CriterionConfig],
    constraints: Sequence[object],
) -> np.ndarray:
    """Cells passing the constraints on location criteria (the rules of ``rank``)."""
    if not constraints or len(part) == 0:
        return np.ones(len(part), dtype=bool)
    import pandas as pd

    from siteselect.constraints import apply_constraints
    from siteselect.criteria import MeasureResult

    measures = {
        c.name: MeasureResult(values=part[c.name].to_numpy(dtype=np.float64), unit="")
        for c in criteria
    }
    frame = pd.DataFrame({"name": part.index.to_numpy()}, index=part.index)
    outcome = apply_constraints(frame, measures, constraints)  # type: ignore[arg-type]
    return np.asarray(part.index.isin(outcome.kept), dtype=bool)


def _surface_weights(
    config: SearchConfig, criteria: Sequence[CriterionConfig], raw: pd.DataFrame
) -> Mapping[str, float]:
    """Weights of the measured criteria: the config's (direct, AHP) or derived from the cells."""
    from siteselect import mcda
    from siteselect.scoring import compute_weights

    method = config.weights.method
    if method in ("entropy", "critic"):
        directions = {c.name: str(c.direction) for c in criteria}
        fn = mcda.compute_entropy_weights if method == "entropy" else mcda.compute_critic_weights
        return {k: float(v) for k, v in fn(raw, directions).items()}
    # Direct and AHP weights belong to the whole config; the fit renormalises over the kept.
    full = compute_weights(config, raw)
    return {c.name: float(full[c.name]) for c in criteria}


def _read_parks(store: LayerStore, res: int) -> pd.DataFrame:
    """The embedded parks as points (EPSG:6372) with the H3 cell each lies in."""
    import pandas as pd
    from h3.api import basic_int

    from siteselect.constants import GEOGRAPHIC_CRS

    parks = store.layer("parks")
    lonlat = parks.geometry.to_crs(GEOGRAPHIC_CRS)
    cells = [
        basic_int.latlng_to_cell(float(p.y), float(p.x), res) for p in lonlat.to_numpy().tolist()
    ]
    return pd.DataFrame(
        {
            "id": parks["id"].astype(str).to_numpy(),
            "name": parks["name"].astype(str).to_numpy(),
            "x": parks.geometry.x.to_numpy(),
            "y": parks.geometry.y.to_numpy(),
            "cell": np.asarray(cells, dtype=np.int64),
        }
    )
