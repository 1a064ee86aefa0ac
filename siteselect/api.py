"""API: each entry point composes the stages, config -> candidates -> measures -> constraints
-> scores -> result, in a few lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.candidates import (
    CandidateSet,
    find_id,
    read_candidate_set,
    read_candidates,
    select_corridors,
)
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
from siteselect.layers.options import ref_key
from siteselect.layers.store import LayerStore
from siteselect.results import RankResult, Sensitivity
from siteselect.scoring import score_rows

if TYPE_CHECKING:
    from datetime import date

    import geopandas as gpd
    import pandas as pd

    from siteselect.closures import Closures
    from siteselect.config.schema import OptimizeSection
    from siteselect.network import AccessLeg, RoadGraph
    from siteselect.optimize.result import OptimizeResult, StressResult
    from siteselect.regions import RegionComparison
    from siteselect.report.proposal import ProposalView
    from siteselect.report.resilience import Resilience
    from siteselect.surface import SurfaceResult


ISOCHRONE_ATTRIBUTION = (
    "roads: © OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright); "
    "drive times: siteselect"
)
"""Credit carried by every isochrone polygon (they derive from OpenStreetMap roads)."""


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

    Returns
    -------
    RankResult

    Raises
    ------
    SiteselectError
        ``ConfigError`` (bad config or weights), ``DataError`` (bad input data),
        ``InfeasibleError`` (the hard constraints leave nothing).
    """
    search = _load_search(profile, config, corridors, method=method, top=top, weights=weights)
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
    search = _load_search(profile, config, wanted, method=method, weights=weights)
    store = LayerStore(data_dir)
    chosen = prepare(search, store)
    context = build_context(search, store)
    result = run_in_context(search, store, chosen, context)
    pool = _measure_labour_pool(result, context, store)
    table = store.table("corridors.csv")
    names = dict(zip(table["corridor"].astype(str), table["name"].astype(str), strict=True))
    # HOOK (issue 17, helper h17b): the four methods' ranks arrive with the shortlist work as
    # ``RankResult.agreement.ranks`` (index id, one column a method); with them each corridor
    # reports its method agreement. Until then the comparison says it is not available.
    agreement = getattr(result, "agreement", None)
    method_ranks = getattr(agreement, "ranks", None)
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

    search = _load_search(profile, config, corridors, method=method, weights=weights)
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

    closures = build_closures(closed, closed_roads)
    store = LayerStore(data_dir)
    chosen = prepare(config, store)
    context = build_context(config, store, closures)
    return run_in_context(config, store, chosen, context, closures)


def run_in_context(
    config: SearchConfig,
    store: LayerStore,
    chosen: CandidateSet,
    context: MeasureContext,
    closures: Closures | None = None,
) -> RankResult:
    """Measure, constrain and score the prepared candidates in a built context."""
    import dataclasses

    measures = compute_measures(chosen.candidates, config.criteria, context)
    outcome = apply_constraints(
        chosen.candidates.frame,
        measures,
        config.constraints,
        illustrative_columns=context.illustrative_columns,
    )
    check_feasible(outcome, len(chosen.candidates.frame))
    provenance = build_provenance(config, store.used)
    result = _score(config, chosen, measures, outcome, provenance, tuple(store.notes))
    if closures:
        result = dataclasses.replace(result, notes=(*result.notes, *closures.describe()))
    return result


def prepare(config: SearchConfig, store: LayerStore) -> CandidateSet:
    """The candidates of a search after the corridor filter, with every row removed so far
    (unusable rows of the user's file, then the corridor filter's)."""
    import pandas as pd

    read = read_candidate_set(config, store)
    chosen = select_corridors(read.candidates, config.search.corridors, store)
    parts = [p for p in (read.removed, chosen.removed) if len(p)]
    if len(parts) < 2:
        return CandidateSet(chosen.candidates, parts[0] if parts else chosen.removed)
    return CandidateSet(chosen.candidates, pd.concat(parts))


def rescore(result: RankResult, config: SearchConfig) -> RankResult:
    """Score a result's measures again under another config's weights and method."""
    chosen = CandidateSet(result.candidates, result.removed)
    return _score(
        config, chosen, result.measures, result.constraints, result.provenance, result.read_notes
    )


def _score(
    config: SearchConfig,
    chosen: CandidateSet,
    measures: Mapping[str, MeasureResult],
    outcome: ConstraintOutcome,
    provenance: tuple[str, ...],
    read_notes: tuple[str, ...] = (),
) -> RankResult:
    typed = dict(measures)
    raw = build_raw_frame(chosen.candidates, typed)
    fitted, scores = score_rows(config, raw.loc[outcome.kept])
    notes = list(read_notes)
    notes += [f"criterion {name!r} dropped: {why}" for name, why in scores.dropped]
    notes.extend(scores.notes)
    for name, m in typed.items():
        notes.extend(f"{name}: {note}" for note in m.notes if not m.illustrative)
    notes.extend(
        f"constraint {label!r} reads illustrative values (replace them with your own)"
        for label in outcome.illustrative
    )
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
        read_notes=read_notes,
    )


def build_context(
    config: SearchConfig, store: LayerStore, closures: Closures | None = None
) -> MeasureContext:
    """Read every layer, raster and the road graph the config's measures need, once.

    ``closures`` remove features from the layers and cut the road graph (resilience runs).
    """
    # The graph first: provenance lists sources in the order a run reads them.
    graph = read_road_graph(config, store) if config.needs_graph else None
    layers = {}
    rasters = {}
    for c in config.criteria:
        measure = get_measure(c.measure)
        for ref in c.params.layer_refs():
            if measure.rasters:
                rasters[ref_key(ref)] = store.raster(ref)
            else:
                layers[ref_key(ref)] = store.layer(ref)
    units, illustrative = read_column_table(config, store)
    if closures:
        from siteselect.closures import close_layers, close_roads

        layers = close_layers(layers, closures)
        if graph is not None:
            graph = close_roads(graph, closures)
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
    """Units and illustrative columns: the embedded parks' (``parks_columns.csv``) and the
    columns the config declares illustrative (``[candidates] illustrative``)."""
    declared = frozenset(config.candidates.illustrative)
    if config.candidates.path is not None:
        return {}, declared
    table = store.table("parks_columns.csv")
    units = dict(zip(table["column"], table["unit"], strict=True))
    marked = table.loc[table["status"].str.strip() == "illustrative", "column"]
    return units, frozenset(marked) | declared


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
            what = "is a folder" if source.is_dir() else "does not exist"
            msg = f"[network] osm_path: {source.name} {what}; give a .osm, .osm.bz2 or .gpkg file"
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
        lines.append("details: data/README.md; licences: data/LICENSES.md")
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
    with columns ``park_id``, ``minutes`` and ``attribution`` (the polygons derive from
    OpenStreetMap roads: ODbL asks that every output credit them).
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
    out["attribution"] = ISOCHRONE_ATTRIBUTION
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
        illustrative=result.illustrative,
    )


def build_report(
    result: RankResult,
    park: str | None = None,
    *,
    compare: Sequence[str] = (),
    lang: str = "en",
    paper: str = "a4",
    top: int | None = None,
    minutes: Sequence[float] = (30, 60),
    day: date | None = None,
    data_dir: Path | None = None,
) -> ProposalView:
    """The view model of a proposal report: one park against alternatives, or the shortlist
    (``park=None``), with the map's layers and each park's drive-time isochrones.

    Render it with :func:`siteselect.report.html.render_proposal_html` or
    :func:`siteselect.report.pdf.render_proposal_pdf`.
    """
    from siteselect.report.map_layers import read_map_layers
    from siteselect.report.proposal import build_proposal, select_subjects

    subjects = select_subjects(result, park, top=top)
    layers = None
    if result.candidates.has_location:
        iso = {c: build_isochrones(result.config, c, minutes, data_dir=data_dir) for c in subjects}
        layers = read_map_layers(result, subjects, iso, data_dir=data_dir)
    return build_proposal(
        result,
        None if park is None else [park],
        compare=compare,
        lang=lang,
        paper=paper,
        layers=layers,
        day=day,
        top=top,
        resilience=compute_resilience(result, data_dir=data_dir),
    )


def compute_resilience(result: RankResult, *, data_dir: Path | None = None) -> Resilience | None:
    """The stress test of a ranking, as a report shows it: each main freight crossing and
    seaport the search reads closed in turn, on this very result (what ``siteselect stress``
    runs). ``None`` when the search reads neither crossings nor seaports."""
    from siteselect.optimize.resilience import compute_scenarios, select_scenarios
    from siteselect.report.resilience import build_resilience

    context = build_context(result.config, LayerStore(data_dir))
    scenarios = select_scenarios(context)
    if not scenarios:
        return None
    return build_resilience(result, compute_scenarios(result.config, result, context, scenarios))


def fetch_osm_layers(
    what: str | Sequence[str],
    *,
    corridor: str | None = None,
    bbox: str | Sequence[float] | None = None,
    roads: str = "major",
    osm_file: Path | None = None,
    cache_dir: Path | None = None,
    overpass_url: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    data_dir: Path | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """OpenStreetMap layers of a corridor or a bbox (downloaded, cached), or of a ``.osm`` file.

    Parameters
    ----------
    what
        Some of ``roads``, ``power``, ``rail``, ``industrial`` (a list or ``"roads,power"``).
    corridor, bbox
        The area: a corridor's name, or ``(west, south, east, north)`` degrees (or that text).
    roads
        ``major`` or ``drive`` road classes.
    osm_file
        Read this ``.osm``/``.osm.bz2`` file instead of downloading (no area needed).
    cache_dir
        Where osmnx caches Overpass answers; default ``<siteselect cache>/osmnx``.
    overpass_url
        Another Overpass server.
    progress
        Called with (part, done, total) as each part starts.
    data_dir
        Folder of the embedded data (the corridor polygons).

    Returns
    -------
    dict
        Layer name -> GeoDataFrame in EPSG:6372 (see
        :func:`siteselect.layers.osm.build_osm_layers`).
    """
    from siteselect.layers import cache, osm

    parts = osm.parse_what(what)
    if osm_file is not None:
        if corridor is not None or bbox is not None:
            msg = "--osm-file reads the whole file; give no --corridor or --bbox with it"
            raise ConfigError(msg)
        return osm.read_osm_layers(osm_file, parts, roads=roads)
    corridors = LayerStore(data_dir).layer("corridors") if corridor is not None else None
    area = osm.build_osm_area(corridor, bbox, corridors)
    if cache_dir is None:
        base = cache.cache_dir()
        cache_dir = base / "osmnx" if base is not None else None
    return osm.download_osm_layers(
        area, parts, cache_dir, roads=roads, overpass_url=overpass_url, progress=progress
    )


def _load_search(
    profile: str | None,
    config: str | Path | SearchConfig | None,
    corridors: Sequence[str] | str | None,
    *,
    method: str | None = None,
    top: int | None = None,
    weights: Mapping[str, float] | None = None,
) -> SearchConfig:
    """The search an entry point's arguments ask for; arguments of the wrong type are a
    :class:`ConfigError` (a notebook user sees the same one-line errors as the CLI)."""
    if config is not None and not isinstance(config, str | Path | SearchConfig):
        msg = f"config: give a TOML file path or a SearchConfig, not a {type(config).__name__}"
        raise ConfigError(msg)
    if profile is not None and not isinstance(profile, str):
        msg = f"profile: give a profile name, not a {type(profile).__name__}"
        raise ConfigError(msg)
    if isinstance(corridors, str):  # one name, or a comma-separated list as on the CLI
        corridors = [c.strip() for c in corridors.split(",")]
    if isinstance(config, SearchConfig):
        return load_search(
            profile=profile,
            config=config,
            corridors=corridors,
            method=method,
            top=top,
            weights=weights,
        )
    return load_search(
        profile=profile,
        config_path=Path(config) if config is not None else None,
        corridors=corridors,
        method=method,
        top=top,
        weights=weights,
    )


def optimize(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    objective: str | None = None,
    k: int | None = None,
    corridors: Sequence[str] | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    closed: Mapping[str, Sequence[str]] | None = None,
    closed_roads: Sequence[tuple[float, float, float]] | None = None,
    data_dir: Path | None = None,
) -> OptimizeResult:
    """The best set of ``k`` parks under the config's ``[optimize]`` section.

    Parameters
    ----------
    profile, config, corridors
        As for :func:`rank`: the search whose ranked parks are the candidates.
    objective, k, solver, time_limit, gap
        Overrides of ``[optimize]`` (a search without that section needs ``k``; its
        objective is then ``score``).
    closed, closed_roads
        As for :func:`rank`: run with crossings, ports or roads closed.
    data_dir
        Folder of the embedded data.

    Returns
    -------
    OptimizeResult

    Raises
    ------
    InfeasibleError
        No set of parks meets the constraint families (the message names the one to relax).
    """
    from siteselect.closures import build_closures
    from siteselect.optimize.geo import from_result, read_demand
    from siteselect.optimize.resilience import (
        compute_scenarios,
        scenario_scores,
        select_scenarios,
    )
    from siteselect.optimize.result import OptimizeResult

    search = _load_search(profile, config, corridors)
    section = build_optimize_section(
        search, objective=objective, k=k, solver=solver, time_limit=time_limit, gap=gap
    )
    closures = build_closures(closed, closed_roads)
    store = LayerStore(data_dir)
    chosen = prepare(search, store)
    context = build_context(search, store, closures)
    ranking = run_in_context(search, store, chosen, context, closures)
    demand = None
    if section.objective != "score" and section.demand is not None:
        demand = read_demand(section.demand, store)
    graph = context.graph
    driven = section.objective != "score" and section.measure != "distance"
    if driven and graph is None:
        from siteselect.closures import close_roads

        graph = close_roads(read_road_graph(search, store), closures)
    scores = None
    if section.robust:
        outcomes = compute_scenarios(
            search, ranking, context, select_scenarios(context, ports=False)
        )
        if not outcomes:
            msg = "robust = true: this search reads no border crossings to close"
            raise ConfigError(msg)
        scores = scenario_scores(ranking, outcomes)
    model, cost = from_result(
        ranking, demand, section, graph=graph, access=context.access, scores=scores
    )
    solution = model.solve(section.solver, time_limit=section.time_limit, gap=section.gap)
    notes = []  # the ranking's notes already say what was closed
    if model.pairs is not None and not model.reachable.all():
        lost = ~model.reachable
        assert model.weights is not None
        why = (
            "no park within the threshold: they cannot be covered"
            if section.objective == "coverage"
            else "no park within reach: they are left out of the objective"
        )
        notes.append(
            f"{int(lost.sum())} demand point(s) (weight {model.weights[lost].sum():g}) have {why}"
        )
    if solution.time_limit_reached:
        notes.append(
            f"time limit reached ({section.time_limit:g} s): the answer is within "
            f"{solution.gap:.2%} of the optimum, not proven optimal"
        )
    return OptimizeResult(
        section=section,
        ranking=ranking,
        site_ids=tuple(str(i) for i in ranking.scores.table.index),
        model=model,
        solution=solution,
        demand=demand,
        unit="score" if cost is None else cost.unit,
        scenario_scores=scores,
        closures=closures,
        notes=tuple(notes),
    )


def build_optimize_section(
    search: SearchConfig,
    *,
    objective: str | None = None,
    k: int | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
) -> OptimizeSection:
    """The config's ``[optimize]`` section with overrides applied and validated again."""
    from pydantic import ValidationError

    from siteselect.config import _format_error
    from siteselect.config.schema import OptimizeSection

    base = search.optimize.model_dump() if search.optimize is not None else {}
    overrides = {
        "objective": objective,
        "k": k,
        "solver": solver,
        "time_limit": time_limit,
        "gap": gap,
    }
    base.update({key: value for key, value in overrides.items() if value is not None})
    if "k" not in base:
        msg = (
            "optimize: give k (the `k` argument, `--k N` on the command line) or an "
            "[optimize] section with `k`"
        )
        raise ConfigError(msg)
    try:
        return OptimizeSection.model_validate(base)
    except ValidationError as exc:
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"[optimize]: {problems}"
        raise ConfigError(msg) from None


def stress(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    corridors: Sequence[str] | None = None,
    crossings: bool = True,
    ports: bool = True,
    data_dir: Path | None = None,
) -> StressResult:
    """Close each main freight crossing and seaport in turn; per park, the worst case.

    Main crossings are the commercial ones with at least
    :data:`~siteselect.optimize.resilience.MAIN_CROSSING_MIN_TRUCKS` northbound trucks a year.
    Only the criteria that read the closed layer are measured again.
    """
    from siteselect.optimize.resilience import (
        compute_scenarios,
        select_scenarios,
        summarise_stress,
    )
    from siteselect.optimize.result import StressResult

    if not (crossings or ports):
        msg = "stress: with neither crossings nor ports there is nothing to close"
        raise ConfigError(msg)
    search = _load_search(profile, config, corridors)
    store = LayerStore(data_dir)
    chosen = prepare(search, store)
    context = build_context(search, store)
    ranking = run_in_context(search, store, chosen, context)
    scenarios = select_scenarios(context, crossings=crossings, ports=ports)
    if not scenarios:
        msg = "stress: this search reads neither border_crossings nor seaports; nothing to close"
        raise ConfigError(msg)
    outcomes = compute_scenarios(search, ranking, context, scenarios)
    return StressResult(
        ranking=ranking,
        outcomes=tuple(outcomes),
        summary=summarise_stress(ranking, outcomes),
    )
