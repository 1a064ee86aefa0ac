"""API: each entry point composes the stages, config -> candidates -> measures -> constraints
-> scores -> result, in a few lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.candidates import CandidateSet, find_id, read_candidates, select_corridors
from siteselect.config import SearchConfig, load_search
from siteselect.constraints import ConstraintOutcome, apply_constraints, check_feasible
from siteselect.criteria import (
    MeasureContext,
    MeasureResult,
    build_raw_frame,
    compute_measures,
    get_measure,
)
from siteselect.errors import ConfigError, DataError
from siteselect.layers.store import LayerStore
from siteselect.results import RankResult, Sensitivity
from siteselect.scoring import score_rows

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.network import AccessLeg, RoadGraph
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

    Returns
    -------
    RankResult

    Raises
    ------
    SiteselectError
        ``ConfigError`` (bad config or weights), ``DataError`` (bad input data),
        ``InfeasibleError`` (the hard constraints leave nothing).
    """
    if isinstance(config, SearchConfig):
        search = load_search(
            profile=profile,
            config=config,
            corridors=corridors,
            method=method,
            top=top,
            weights=weights,
        )
    else:
        search = load_search(
            profile=profile,
            config_path=Path(config) if config is not None else None,
            corridors=corridors,
            method=method,
            top=top,
            weights=weights,
        )
    return run(search, data_dir=data_dir)


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
        H3 resolution (6 to 9 are practical: ~36, 5, 0.7 and 0.1 km² cells).
    corridors
        Corridors to cover (default: the config's; ``["all"]``: every corridor).
    area
        Cover this area instead: a shapely polygon in EPSG:4326 or a GeoDataFrame with a CRS.
    partition_size
        Largest number of cells processed at once.
    workers, scheduler
        Run on a local Dask cluster of ``workers`` processes or on an existing scheduler
        (``pip install 'siteselect[dask]'``).
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

    if isinstance(config, SearchConfig):
        search = load_search(
            profile=profile, config=config, corridors=corridors, method=method, weights=weights
        )
    else:
        search = load_search(
            profile=profile,
            config_path=Path(config) if config is not None else None,
            corridors=corridors,
            method=method,
            weights=weights,
        )
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


def run(config: SearchConfig, *, data_dir: Path | None = None) -> RankResult:
    """Run a validated search: read, measure, constrain, score."""
    store = LayerStore(data_dir)
    chosen = prepare(config, store)
    context = build_context(config, store)
    measures = compute_measures(chosen.candidates, config.criteria, context)
    outcome = apply_constraints(
        chosen.candidates.frame,
        measures,
        config.constraints,
        illustrative_columns=context.illustrative_columns,
    )
    check_feasible(outcome, len(chosen.candidates.frame))
    return _score(config, chosen, measures, outcome, build_provenance(config, store.used))


def prepare(config: SearchConfig, store: LayerStore) -> CandidateSet:
    """The candidates of a search after the corridor filter."""
    return select_corridors(read_candidates(config, store), config.search.corridors, store)


def rescore(result: RankResult, config: SearchConfig) -> RankResult:
    """Score a result's measures again under another config's weights and method."""
    chosen = CandidateSet(result.candidates, result.removed)
    return _score(config, chosen, result.measures, result.constraints, result.provenance)


def _score(
    config: SearchConfig,
    chosen: CandidateSet,
    measures: Mapping[str, MeasureResult],
    outcome: ConstraintOutcome,
    provenance: tuple[str, ...],
) -> RankResult:
    typed = dict(measures)
    raw = build_raw_frame(chosen.candidates, typed)
    fitted, scores = score_rows(config, raw.loc[outcome.kept])
    notes = [f"criterion {name!r} dropped: {why}" for name, why in scores.dropped]
    notes.extend(scores.notes)
    for name, m in typed.items():
        notes.extend(f"{name}: {note}" for note in m.notes if not m.illustrative)
    return RankResult(
        config=config,
        candidates=chosen.candidates,
        measures=typed,
        scores=scores,
        fitted=fitted,
        constraints=outcome,
        removed=chosen.removed,
        weights=dict(scores.weights),
        weights_method=config.weights.method,
        provenance=provenance,
        notes=tuple(notes),
    )


def build_context(config: SearchConfig, store: LayerStore) -> MeasureContext:
    """Read every layer, raster and the road graph the config's measures need, once."""
    # The graph first: provenance lists sources in the order a run reads them.
    graph = read_road_graph(config, store) if config.needs_graph else None
    layers = {}
    rasters = {}
    for c in config.criteria:
        measure = get_measure(c.measure)
        for ref in c.params.layer_refs():
            if measure.rasters:
                rasters[ref] = store.raster(ref)
            else:
                layers[ref] = store.layer(ref)
    units, illustrative = read_column_table(config, store)
    return MeasureContext(
        layers=layers,
        rasters=rasters,
        graph=graph,
        access=build_access_leg(config),
        column_units=units,
        illustrative_columns=illustrative,
    )


def read_column_table(
    config: SearchConfig, store: LayerStore
) -> tuple[dict[str, str], frozenset[str]]:
    """Units and illustrative columns of the embedded parks (``parks_columns.csv``)."""
    if config.candidates.path is not None:
        return {}, frozenset()
    table = store.table("parks_columns.csv")
    units = dict(zip(table["column"], table["unit"], strict=True))
    marked = table.loc[table["status"].str.strip() == "illustrative", "column"]
    return units, frozenset(marked)


def read_road_graph(config: SearchConfig, store: LayerStore) -> RoadGraph:
    """The road graph: the user's OSM extract if configured, else the embedded highways.

    A graph built once is kept in the disk cache (see :mod:`siteselect.layers.cache`), keyed
    by its source file and build settings.
    """
    from siteselect import network
    from siteselect.layers import cache, layer_path

    net = config.network
    speed = net.default_speed_kph or network.DEFAULT_SPEED_KPH
    if net.osm_path is not None:
        source = Path(net.osm_path)
        if not source.is_file():
            msg = f"[network] osm_path: file {source} does not exist"
            raise DataError(msg)
        params: dict[str, object] = {"speeds": dict(network.TRUCK_SPEEDS_KPH), "default": speed}
        store.used.append("osm_extract")
    else:
        source = layer_path("highways", store.data_dir)
        params = {"default": speed}
        if "highways" not in store.used:
            store.used.append("highways")
    key = cache.build_key("graph", source, params)
    arrays = cache.read_arrays(key)
    if arrays is not None:
        return network.RoadGraph.from_arrays(arrays)
    if net.osm_path is not None:
        from siteselect.layers.osm import read_osm_edges

        graph = network.build_road_graph(
            read_osm_edges(net.osm_path), class_column="highway", default_speed_kph=speed
        )
    else:
        graph = network.build_road_graph(store.layer("highways"), default_speed_kph=speed)
    cache.write_arrays(key, graph.to_arrays())
    return graph


def build_access_leg(config: SearchConfig) -> AccessLeg:
    """How sites and facilities join the road graph, from the ``[network]`` section."""
    from siteselect.network import AccessLeg

    return AccessLeg(
        detour_factor=config.network.detour_factor, speed_kph=config.network.access_speed_kph
    )


def build_provenance(config: SearchConfig, used: Sequence[str]) -> tuple[str, ...]:
    """Short credit lines for the data a run used (user files named by file name only)."""
    from siteselect.layers import LAYERS

    lines = []
    if config.candidates.path is not None:
        lines.append(f"candidates: {Path(config.candidates.path).name} (user file)")
    for ref in used:
        if ref == "osm_extract" and config.network.osm_path is not None:
            lines.append(
                f"roads: {Path(config.network.osm_path).name} (© OpenStreetMap contributors, ODbL)"
            )
            continue
        info = LAYERS.get(ref)
        if info is None:
            lines.append(f"{Path(ref).name} (user file)")
        elif info.attribution not in lines:
            lines.append(info.attribution)
    if any(ref in LAYERS for ref in used):
        lines.append("details: data/README.md")
    return tuple(lines)


def derive_weights(
    method: str, *, profile: str | None = None, config: str | Path | None = None
) -> tuple[dict[str, float], RankResult]:
    """Entropy or CRITIC weights from a search's raw values (before any weighting)."""
    from siteselect import mcda

    if method not in ("entropy", "critic"):
        msg = f"weights method {method!r}: use entropy or critic"
        raise ConfigError(msg)
    result = rank(profile=profile, config=config)
    raw = result.raw.loc[result.scores.table.index]
    directions = {c.name: str(c.direction) for c in result.config.criteria}
    fn = mcda.compute_entropy_weights if method == "entropy" else mcda.compute_critic_weights
    return {k: float(v) for k, v in fn(raw, directions).items()}, result


def build_isochrones(
    config: SearchConfig, key: str, minutes: Sequence[float], *, data_dir: Path | None = None
) -> gpd.GeoDataFrame:
    """Drive-time isochrones of one candidate, on the config's road network and access leg.

    Returns one polygon per time in EPSG:4326, exterior rings counter-clockwise (RFC 7946),
    with columns ``park_id`` and ``minutes``.
    """
    import shapely

    from siteselect import network
    from siteselect.constants import GEOGRAPHIC_CRS

    store = LayerStore(data_dir)
    candidates = read_candidates(config, store)
    if not candidates.has_location:
        msg = "the candidates have no locations: no isochrones to draw"
        raise DataError(msg)
    cid = find_id(candidates.frame, key)
    position = candidates.position(cid)
    origin = candidates.xy()[position]
    iso = network.build_isochrones(
        read_road_graph(config, store), origin, minutes, access=build_access_leg(config)
    )
    iso.insert(0, "park_id", cid)
    out = iso.to_crs(GEOGRAPHIC_CRS)
    geoms = shapely.make_valid(out.geometry.to_numpy())
    out["geometry"] = shapely.orient_polygons(geoms, exterior_cw=False)
    return out


def analyse_sensitivity(
    result: RankResult,
    *,
    samples: int = 1000,
    seed: int = 0,
    concentration: float = 50.0,
    top_k: int = 5,
    shown: int = 10,
    sweep: str | None = None,
    reversal: bool = False,
) -> Sensitivity:
    """Weight sensitivity of a ranking: SMAA-2 rank acceptability, a sweep, rank reversal.

    Acceptability is computed for the first ``shown`` ranks plus one bucket for worse ranks,
    so memory stays linear in candidates.
    """
    from siteselect import mcda
    from siteselect.scoring import build_criterion_specs, build_method_options

    for label, value, low in (
        ("--samples", samples, 1),
        ("--seed", seed, 0),
        ("--top-k", top_k, 1),
        ("--top", shown, 1),
    ):
        if value < low:
            msg = f"{label}: must be >= {low}, got {value}"
            raise ConfigError(msg)
    if not concentration > 0:
        msg = f"--concentration: must be > 0, got {concentration}"
        raise ConfigError(msg)
    if sweep is not None and sweep not in result.weights:
        msg = f"--sweep: {sweep!r} is not an active criterion ({', '.join(result.weights)})"
        raise ConfigError(msg)
    config = result.config
    raw = result.raw.loc[result.scores.table.index]
    specs = build_criterion_specs(
        config.criteria, {c.name: result.weights.get(c.name, 0.0) for c in config.criteria}
    )
    options = build_method_options(config)
    method = result.scores.method
    shown = min(shown, len(raw))
    acc = mcda.compute_rank_acceptability(
        raw,
        specs,
        method,
        options,
        samples=samples,
        seed=seed,
        concentration=concentration,
        top_k=top_k,
        max_rank=shown,
    )
    acc = acc.reindex(result.scores.table.index)
    if "rank_worse" not in acc.columns:
        acc["rank_worse"] = 1.0 - acc[[f"rank_{r}" for r in range(1, shown + 1)]].sum(axis=1)
    swept = mcda.compute_weight_sweep(raw, specs, method, options, sweep) if sweep else None
    flips = mcda.check_rank_reversal(raw, specs, method, options) if reversal else None
    return Sensitivity(
        method=method,
        samples=samples,
        seed=seed,
        concentration=concentration,
        top_k=top_k,
        shown=shown,
        weights=dict(result.weights),
        acceptability=acc,
        sweep=swept,
        sweep_criterion=sweep,
        reversal=flips,
    )
