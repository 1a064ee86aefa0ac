"""The search: rank the candidates (parks, a user's sites, the corridors side by side, the
cells of a grid) by composing config -> candidates -> measures -> constraints -> scores."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.api._common import _load_search
from siteselect.candidates import CandidateSet, read_candidate_set, select_corridors
from siteselect.config import SearchConfig
from siteselect.constraints import apply_constraints, check_feasible
from siteselect.context import build_context, build_measures, build_provenance
from siteselect.criteria import MeasureContext, MeasureResult, compute_measures
from siteselect.layers.store import LayerStore
from siteselect.results import RankResult, score_result

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.closures import Closures
    from siteselect.regions import RegionComparison
    from siteselect.surface import SurfaceResult


def rank(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    corridors: Sequence[str] | None = None,
    method: str | None = None,
    top: int | None = None,
    data_dir: Path | None = None,
    closed: Mapping[str, Sequence[str]] | None = None,
    closed_roads: Sequence[tuple[float, float, float]] | None = None,
    max_per_metro: int | None = None,
    consensus: str | None = None,
    consensus_samples: int | None = None,
    facts: str | Path | None = None,
    requirements: str | Path | Mapping[str, Any] | None = None,
    candidates: str | Path | None = None,
) -> RankResult:
    """Rank candidate sites for a profile or a configuration.

    Parameters
    ----------
    profile
        A shipped profile's name (``siteselect.list_profiles()``); the default profile when
        neither ``profile`` nor ``config`` is given.
    config
        A TOML file path, or a :class:`SearchConfig` (validated again).
    weights
        New weights for some criteria (others keep theirs; normalised to sum to 1).
    corridors, method, top
        Overrides of the config's ``[search]`` section (``corridors=["all"]``: no filter).
    data_dir
        Folder of the embedded data (default: the shipped data).
    closed
        Features to close, by layer: ``{"border_crossings": ["world-trade-bridge"]}``.
    closed_roads
        ``(lon, lat, km)`` circles within which the road network is cut.
    max_per_metro
        Override of ``[shortlist] max_per_metro`` (0 switches the rule off).
    consensus, consensus_samples
        Overrides of ``[search] consensus`` (``"borda"``, ``"copeland"``, ``"none"``) and
        ``consensus_samples``.
    facts
        A park-facts sheet (``.xlsx`` or any table; see :mod:`siteselect.facts`): its facts
        join the candidates and ``fact`` criteria read them.
    requirements
        A tenant's requirements: a TOML file with a ``[requirements]`` table, or a mapping
        (``{"power_mva": 8, "rail": True}``); see :mod:`siteselect.requirements`.
    candidates
        A file of the user's own sites or parks (any format the readers take) ranked instead
        of the embedded parks, with the profile's or the config's criteria.

    Returns
    -------
    RankResult

    Raises
    ------
    SiteselectError
        ``ConfigError`` (bad config or weights), ``DataError`` (bad input data),
        ``InfeasibleError`` (the hard constraints leave nothing).
    """
    search = _load_search(
        profile,
        config,
        corridors,
        method=method,
        top=top,
        weights=weights,
        max_per_metro=max_per_metro,
        consensus=consensus,
        consensus_samples=consensus_samples,
        facts=facts,
        requirements=requirements,
        candidates=candidates,
    )
    return run(search, data_dir=data_dir, closed=closed, closed_roads=closed_roads)


def compare_regions(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    corridors: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    method: str | None = None,
    top: int = 3,
    data_dir: Path | None = None,
    candidates: str | Path | None = None,
) -> RegionComparison:
    """Rank the parks of several corridors together and compare the corridors.

    Parameters
    ----------
    profile, config, weights, method
        As for :func:`rank`.
    corridors
        The corridors to compare (default: every corridor, ``["all"]``, the whole country).
    top
        Best parks listed per corridor.
    data_dir
        Folder of the embedded data (default: the shipped data).
    candidates
        A file of the user's own sites, compared by the corridor each lies in.

    Returns
    -------
    RegionComparison
        Per corridor: its best parks, median score, labour pool, border and port access.

    Raises
    ------
    SiteselectError
        As :func:`rank`; ``ConfigError`` for a ``top`` below 1.
    """
    from siteselect.regions import build_region_comparison

    wanted = ["all"] if corridors is None else corridors
    search = _load_search(
        profile, config, wanted, method=method, weights=weights, candidates=candidates
    )
    store = LayerStore(data_dir)
    search = resolve_search(search, store)
    chosen = prepare(search, store)
    context = build_context(search, store)
    result = run_in_context(search, store, chosen, context)
    pool = _measure_labour_pool(result, context, store)
    table = store.table("corridors.csv")
    names = dict(zip(table["corridor"].astype(str), table["name"].astype(str), strict=True))
    # the four methods' ranks of the one national ranking: each corridor's method agreement
    method_ranks = result.agreement.ranks
    return build_region_comparison(
        result,
        top=top,
        names=names,
        labour_pool=pool,
        method_ranks=method_ranks,
        provenance=build_provenance(search, store.used),
    )


def _measure_labour_pool(
    result: RankResult, context: MeasureContext, store: LayerStore
) -> pd.Series | None:
    """People within the regions' yardstick of minutes of each candidate, by one more shed on
    the run's road graph; None when the profile's own criterion measures exactly that (the
    comparison reads it) or without a road graph (a profile of attributes only)."""
    import dataclasses

    import pandas as pd

    from siteselect.config.schema import CriterionConfig
    from siteselect.layers.options import ref_key
    from siteselect.regions import LABOUR_MEASURE, LABOUR_POOL_MINUTES, select_labour_criterion

    if select_labour_criterion(result) is not None:
        return None
    if context.graph is None or not result.candidates.has_location:
        return None
    criterion = CriterionConfig.model_validate(
        {
            "name": "labour_pool",
            "measure": LABOUR_MEASURE,
            "minutes": LABOUR_POOL_MINUTES,
            "direction": "max",
            "weight": 0.0,
        }
    )
    layers = {**context.layers, ref_key("population"): store.layer("population")}
    pooled = compute_measures(
        result.candidates, [criterion], dataclasses.replace(context, layers=layers)
    )
    return pd.Series(pooled["labour_pool"].values, index=result.candidates.ids)


def surface(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    res: int = 7,
    corridors: Sequence[str] | None = None,
    area: Any = None,
    weights: Mapping[str, float] | None = None,
    method: str | None = None,
    partition_size: int = 100_000,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    data_dir: Path | None = None,
) -> SurfaceResult:
    """Score every cell of an H3 grid over the corridors, like a park: where to build next.

    Parameters
    ----------
    profile, config, weights, method
        The search, as for :func:`rank`.
    res
        H3 resolution, 6 to 9 (~36, 5, 0.7 and 0.1 km² cells), as ``siteselect surface
        --res`` offers; others are a :class:`ConfigError`.
    corridors
        Corridors to cover (default: the config's; ``["all"]``: every corridor).
    area
        Cover this area instead: a shapely polygon in EPSG:4326 or a GeoDataFrame with a CRS.
    partition_size
        Largest number of cells processed at once.
    workers, scheduler
        Run on a local Dask cluster of ``workers`` processes or on an existing scheduler
        (the ``dask`` extra: ``.venv/bin/pip install -e '.[dask]'`` in the checkout).
    progress
        Called with (partitions done, partitions in all).
    data_dir
        Folder of the embedded data.

    Returns
    -------
    SurfaceResult
        Every cell's raw values and score; ``result.zones(top=20)`` lists the best zones.
    """
    from siteselect.surface.run import compute_surface

    search = _load_search(profile, config, corridors, method=method, weights=weights)
    search = resolve_search(search, LayerStore(data_dir))
    return compute_surface(
        search,
        res=res,
        area=area,
        partition_size=partition_size,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        data_dir=data_dir,
    )


def run(
    config: SearchConfig,
    *,
    data_dir: Path | None = None,
    closed: Mapping[str, Sequence[str]] | None = None,
    closed_roads: Sequence[tuple[float, float, float]] | None = None,
) -> RankResult:
    """Run a validated search: read, measure, constrain, score (with features closed)."""
    from siteselect.closures import build_closures
    from siteselect.config.requirements import compile_requirements

    config = compile_requirements(config)  # idempotent: a loaded search is compiled already
    closures = build_closures(closed, closed_roads)
    store = LayerStore(data_dir)
    config = resolve_search(config, store)
    chosen = prepare(config, store)
    context, measures = build_measures(config, store, chosen, closures)
    return run_in_context(config, store, chosen, context, closures, measures=measures)


def resolve_search(config: SearchConfig, store: LayerStore) -> SearchConfig:
    """The search with what depends on the data settled (see
    :func:`siteselect.labour.resolve_labour`)."""
    from siteselect.labour import resolve_labour

    return resolve_labour(config, store)


def run_in_context(
    config: SearchConfig,
    store: LayerStore,
    chosen: CandidateSet,
    context: MeasureContext,
    closures: Closures | None = None,
    *,
    measures: Mapping[str, MeasureResult] | None = None,
) -> RankResult:
    """Measure, constrain and score the prepared candidates in a built context
    (``measures``: measured already, see :func:`siteselect.context.build_measures`)."""
    import dataclasses

    if measures is None:
        measures = compute_measures(chosen.candidates, config.criteria, context)
    outcome = apply_constraints(
        chosen.candidates.frame,
        measures,
        config.constraints,
        illustrative_columns=context.illustrative_columns,
    )
    if config.requirements is not None:
        from siteselect.requirements import apply_requirements

        outcome = apply_requirements(outcome, chosen.candidates, measures, config)
    check_feasible(outcome, len(chosen.candidates.frame))
    provenance = build_provenance(config, store.used)
    result = score_result(config, chosen, measures, outcome, provenance, tuple(store.notes))
    if closures:
        result = dataclasses.replace(result, notes=(*result.notes, *closures.describe()))
    return result


def prepare(config: SearchConfig, store: LayerStore) -> CandidateSet:
    """The candidates of a search after the corridor filter, with every row removed so far
    (unusable rows of the user's file, then the corridor filter's)."""
    import pandas as pd

    read = read_candidate_set(config, store)
    chosen = select_corridors(
        read.candidates, config.search.corridors, store, set_aside=len(read.removed)
    )
    parts = [p for p in (read.removed, chosen.removed) if len(p)]
    if len(parts) < 2:
        return CandidateSet(chosen.candidates, parts[0] if parts else chosen.removed)
    return CandidateSet(chosen.candidates, pd.concat(parts))
