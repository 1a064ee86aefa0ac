"""API: each entry point composes the stages, config -> candidates -> measures -> constraints
-> scores -> result, in a few lines."""

from __future__ import annotations

import time
import warnings
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
from siteselect.constraints import apply_constraints, check_feasible
from siteselect.context import (
    build_access_leg,
    build_context,
    build_measures,
    build_provenance,
    read_road_graph,
)
from siteselect.criteria import (
    MeasureContext,
    MeasureResult,
    compute_measures,
)
from siteselect.errors import ConfigError, DataError, DataNote
from siteselect.layers.store import LayerStore
from siteselect.results import RankResult, Sensitivity, score_result

if TYPE_CHECKING:
    from datetime import date

    import geopandas as gpd
    import pandas as pd

    from siteselect.backtest import BacktestResult
    from siteselect.closures import Closures
    from siteselect.config.schema import OptimizeSection
    from siteselect.facts.model import FactSheet, FactValidation
    from siteselect.optimize import SolveProgress
    from siteselect.optimize.result import OptimizeResult, StressResult
    from siteselect.regions import RegionComparison
    from siteselect.report.proposal import Branding, ProposalView
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
    chosen = select_corridors(read.candidates, config.search.corridors, store)
    parts = [p for p in (read.removed, chosen.removed) if len(p)]
    if len(parts) < 2:
        return CandidateSet(chosen.candidates, parts[0] if parts else chosen.removed)
    return CandidateSet(chosen.candidates, pd.concat(parts))


def check_profile(
    profile: str | SearchConfig,
    *,
    radius_km: float = 10.0,
    corridors: Sequence[str] | str | None = None,
    data_dir: Path | None = None,
) -> BacktestResult:
    """Back-test a profile on the embedded parks: does its score, without the criteria that
    count RETC establishments, find where the industry's firms are (see
    :mod:`siteselect.backtest`)?

    Parameters
    ----------
    profile
        A shipped profile's name, or a search configuration.
    radius_km
        Establishments within this many km (straight line) of a park are its outcome.
    corridors
        The corridors whose parks are back-tested (default: the profile's own search
        corridors; ``["all"]``: the whole country). With more than one, each corridor's own
        figures come too (``per_corridor``).
    data_dir
        Folder of the embedded data.

    Returns
    -------
    BacktestResult
    """
    from siteselect.backtest import build_backtest_search, check_radius, evaluate_backtest
    from siteselect.config import read_profile, revalidate

    radius = check_radius(radius_km)
    config = read_profile(profile) if isinstance(profile, str) else revalidate(profile)
    if corridors is not None:
        # the same checks and spelling as rank's --corridor
        corridors = _load_search(None, config, corridors).search.corridors
    search, dropped = build_backtest_search(config, corridors)
    store = LayerStore(data_dir)
    search = resolve_search(search, store)
    result = run(search, data_dir=data_dir)
    return evaluate_backtest(config, search, dropped, result, store, radius_km=radius)


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
    progress: Callable[[int, int], None] | None = None,
) -> Sensitivity:
    """Weight sensitivity of a ranking: SMAA-2 rank acceptability, a sweep, rank reversal.

    Acceptability is computed for the first ``shown`` ranks plus one bucket for worse ranks,
    so memory stays linear in candidates. ``progress`` is called with (samples done,
    samples in all).
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
        progress=progress,
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
    audience: str | None = None,
    branding: Branding | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ProposalView:
    """The view model of a proposal report: one park (``audience`` ``sales`` by default, or
    ``analyst``), or the shortlist (``park=None``, ``analyst`` by default), with the map's
    layers, each park's drive-time areas and neighbourhood, and the stress test.

    ``branding`` (see :func:`build_branding`) puts the developer's logo, photo, contact and
    colours on it. The park's facts and the tenant's checklist come from the result (its
    ``[candidates] facts`` sheet and ``[requirements]``).
    Render it with :func:`siteselect.report.html.render_proposal_html` or
    :func:`siteselect.report.pdf.render_proposal_pdf`. ``progress`` is called with (step,
    steps done, steps in all) as each step starts: each park's isochrones, the map's layers,
    the stress test, the document.
    """
    from siteselect.report.map_layers import read_map_layers
    from siteselect.report.proposal import build_proposal, select_subjects

    subjects = select_subjects(result, park, top=top)
    steps = len(subjects) + 3

    def step(what: str, done: int) -> None:
        if progress is not None:
            progress(what, done, steps)

    layers = None
    if result.candidates.has_location:
        iso = {}
        for done, c in enumerate(subjects):
            step(f"isochrones of {c}", done)
            iso[c] = build_isochrones(result.config, c, minutes, data_dir=data_dir)
        step("map layers", len(subjects))
        graph = read_road_graph(result.config, LayerStore(data_dir))
        layers = read_map_layers(result, subjects, iso, data_dir=data_dir, graph=graph, lang=lang)
    step("stress test", len(subjects) + 1)
    resilience = compute_resilience(result, data_dir=data_dir)
    step("document", len(subjects) + 2)
    view = build_proposal(
        result,
        None if park is None else [park],
        compare=compare,
        lang=lang,
        paper=paper,
        layers=layers,
        day=day,
        top=top,
        resilience=resilience,
        audience=audience or result.config.report.audience,
        branding=branding if branding is not None else build_branding(result.config),
    )
    step("done", steps)
    return view


def build_branding(
    config: SearchConfig,
    *,
    logo: Path | None = None,
    photo: Path | None = None,
    contact: str | None = None,
    prepared_for: str | None = None,
) -> Branding:
    """A proposal's branding: the arguments over the config's ``[report]`` section, the
    logo and photo read and checked (PNG or JPEG; a missing file exits 2, a bad one 3)."""
    from siteselect.layers.images import read_image
    from siteselect.report.proposal import Branding

    section = config.report
    logo_path = logo or section.logo
    photo_path = photo or section.photo
    return Branding(
        logo=read_image(logo_path, "--logo" if logo else "[report] logo") if logo_path else None,
        photo=read_image(photo_path, "--photo" if photo else "[report] photo")
        if photo_path
        else None,
        contact=contact if contact is not None else section.contact,
        prepared_for=prepared_for if prepared_for is not None else section.prepared_for,
        developer=section.developer,
        primary=section.primary_colour,
        accent=section.accent_colour,
    )


def compute_resilience(result: RankResult, *, data_dir: Path | None = None) -> Resilience | None:
    """The stress test of a ranking, as a report shows it: each main freight crossing and
    seaport the search reads closed in turn, on this very result (what ``siteselect stress``
    runs). ``None`` when the search reads neither crossings nor seaports.

    The answer is kept in the disk cache (:mod:`siteselect.layers.cache`), keyed by the
    tool's version, the search's config, the result's candidates and raw values, and the
    size and time of every data file and user file it reads: the same search on the same data
    reads it back instead of re-measuring every closure.
    """
    import numpy as np

    from siteselect.layers import cache
    from siteselect.optimize.resilience import compute_scenarios, select_scenarios
    from siteselect.report.resilience import (
        build_resilience,
        resilience_from_arrays,
        resilience_to_arrays,
    )

    key = _stress_key(result, data_dir)
    stored = cache.read_arrays(key) if key is not None else None
    if stored is not None:
        if "none" in stored:
            return None
        return resilience_from_arrays(stored)
    context = build_context(result.config, LayerStore(data_dir))
    scenarios = select_scenarios(context)
    if not scenarios:
        if key is not None:
            cache.write_arrays(key, {"none": np.zeros(1)})
        return None
    resilience = build_resilience(
        result, compute_scenarios(result.config, result, context, scenarios)
    )
    if key is not None:
        cache.write_arrays(key, resilience_to_arrays(resilience))
    return resilience


def _stress_key(result: RankResult, data_dir: Path | None) -> str | None:
    """A cache key for a result's stress test (``None`` when a file cannot be read)."""
    import hashlib
    import json

    import numpy as np

    from siteselect.layers import cache, default_data_dir

    try:
        folder = data_dir or default_data_dir()
        files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
        mapping = result.config.as_mapping()
        files += sorted(_user_files(mapping))
        stats = [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
        digest = hashlib.sha256()
        digest.update(json.dumps(mapping, sort_keys=True, default=str).encode())
        digest.update(json.dumps(stats).encode())
        frame = result.candidates.frame
        digest.update("\n".join(map(str, frame.index)).encode())
        if result.candidates.has_location:
            xy = np.column_stack([frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()])
            digest.update(np.ascontiguousarray(xy, dtype=float).tobytes())
        raw = result.raw
        digest.update("\n".join(map(str, raw.columns)).encode())
        digest.update(np.ascontiguousarray(raw.to_numpy(dtype=float)).tobytes())
        return cache.build_key("stress", files[0], {"digest": digest.hexdigest()})
    except (OSError, IndexError, ValueError, TypeError):
        return None


def _user_files(value: Any) -> set[Path]:
    """Every existing file a config mapping names (candidates, attributes, facts, OSM...)."""
    found: set[Path] = set()
    if isinstance(value, Mapping):
        for item in value.values():
            found |= _user_files(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= _user_files(item)
    elif isinstance(value, str | Path) and str(value).strip():
        try:
            path = Path(value)
            if len(str(value)) < 1024 and path.is_file():
                found.add(path)
        except (OSError, ValueError):
            pass
    return found


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
    max_per_metro: int | None = None,
    consensus: str | None = None,
    consensus_samples: int | None = None,
    facts: str | Path | None = None,
    requirements: str | Path | Mapping[str, Any] | None = None,
    candidates: str | Path | None = None,
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
    elif corridors is not None and (
        not isinstance(corridors, Sequence) or not all(isinstance(c, str) for c in corridors)
    ):
        msg = (
            "corridors: give corridor names, e.g. ['bajio', 'northeast'] or ['all'], "
            f"not {corridors!r}"
        )
        raise ConfigError(msg)
    if isinstance(config, SearchConfig):
        return load_search(
            profile=profile,
            config=config,
            corridors=corridors,
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
    return load_search(
        profile=profile,
        config_path=Path(config) if config is not None else None,
        corridors=corridors,
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
    facts: str | Path | None = None,
    requirements: str | Path | Mapping[str, Any] | None = None,
    progress: Callable[[SolveProgress], None] | None = None,
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
    facts, requirements
        As for :func:`rank`: park facts and a tenant's requirements (the parks that miss
        one are not candidates of the choice).
    progress
        Called with a :class:`~siteselect.optimize.SolveProgress` as each stage starts
        (``rank``, ``costs``, then the solve's) and as the incumbent or the bound improve.

    Returns
    -------
    OptimizeResult

    Raises
    ------
    InfeasibleError
        No set of parks meets the constraint families (the message names the one to relax).

    Notes
    -----
    The time limit counts from this call: ranking the parks and measuring the demand's costs
    come out of it, and the solve gets what is left. Demand points that no park can reach
    are said (a :class:`~siteselect.errors.DataNote` warning) before the solve starts.
    """
    from siteselect.closures import build_closures
    from siteselect.optimize.geo import from_result, read_demand
    from siteselect.optimize.resilience import (
        compute_scenarios,
        scenario_scores,
        select_scenarios,
    )
    from siteselect.optimize.result import OptimizeResult

    started = time.perf_counter()
    search = _load_search(profile, config, corridors, facts=facts, requirements=requirements)
    section = build_optimize_section(
        search, objective=objective, k=k, solver=solver, time_limit=time_limit, gap=gap
    )
    deadline = started + section.time_limit

    def report(stage: str, detail: str = "") -> None:
        if progress is not None:
            from siteselect.optimize import SolveProgress

            progress(SolveProgress(stage, time.perf_counter() - started, detail=detail))

    report("rank")
    closures = build_closures(closed, closed_roads)
    store = LayerStore(data_dir)
    search = resolve_search(search, store)
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
    if demand is not None:
        report("costs", f"{len(demand):,} demand points x {len(ranking.scores.table):,} parks")
    model, cost = from_result(
        ranking, demand, section, graph=graph, access=context.access, scores=scores
    )
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
        # Said now, before the solve, not only in the result: a user waiting on a long
        # solve learns at once that part of the demand does not count.
        warnings.warn(notes[-1], DataNote, stacklevel=2)
    solution = model.solve(
        section.solver,
        time_limit=section.time_limit,
        gap=section.gap,
        deadline=deadline,
        progress=None if progress is None else _offset_progress(progress, started),
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


def _offset_progress(
    progress: Callable[[SolveProgress], None], started: float
) -> Callable[[SolveProgress], None]:
    """The solve's progress with its elapsed time counted from the command's start."""
    from dataclasses import replace

    offset = time.perf_counter() - started

    def forward(event: SolveProgress) -> None:
        progress(replace(event, elapsed=event.elapsed + offset))

    return forward


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

    from siteselect.config import _format_error, check_count
    from siteselect.config.schema import OptimizeSection

    k = check_count("--k", k)  # as `top`: "3" or 3.0 is refused, never coerced
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
    progress: Callable[[int, int], None] | None = None,
) -> StressResult:
    """Close each main freight crossing and seaport in turn; per park, the worst case.

    Main crossings are the commercial ones with at least
    :data:`~siteselect.optimize.resilience.MAIN_CROSSING_MIN_TRUCKS` northbound trucks a year.
    Only the criteria that read the closed layer are measured again. ``progress`` is called
    with (scenarios done, scenarios in all).
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
    search = resolve_search(search, store)
    chosen = prepare(search, store)
    context = build_context(search, store)
    ranking = run_in_context(search, store, chosen, context)
    scenarios = select_scenarios(context, crossings=crossings, ports=ports)
    if not scenarios:
        msg = "stress: this search reads neither border_crossings nor seaports; nothing to close"
        raise ConfigError(msg)
    outcomes = compute_scenarios(search, ranking, context, scenarios, progress=progress)
    return StressResult(
        ranking=ranking,
        outcomes=tuple(outcomes),
        summary=summarise_stress(ranking, outcomes),
    )


def build_facts_template(
    lang: str = "es",
    *,
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    data_dir: Path | None = None,
) -> bytes:
    """The park-facts template workbook (``.xlsx`` bytes) listing the search's candidates.

    The candidates are the embedded parks (every corridor), or those of ``config``'s
    ``[candidates]``; see :func:`siteselect.report.facts_template.build_facts_template`.
    """
    from siteselect.clock import read_source_date
    from siteselect.report.facts_template import build_facts_template as build

    if lang not in ("es", "en"):
        msg = f"--lang: {lang!r} is not a language of the template; use es or en"
        raise ConfigError(msg)
    frame = _read_plain_candidates(profile, config, data_dir)
    parks = [
        (
            str(cid),
            str(row.get("name", cid)),
            _text_or_none(row.get("municipality")),
            _text_or_none(row.get("state")),
            _text_or_none(row.get("developer")),
        )
        for cid, row in frame.iterrows()
    ]
    return build(parks, "es" if lang == "es" else "en", when=read_source_date())


def _text_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _read_plain_candidates(
    profile: str | None, config: str | Path | SearchConfig | None, data_dir: Path | None
) -> Any:
    """The candidates of a search without its facts, in every corridor (ids, names, places)."""
    search = _load_search(profile, config, None)
    candidates = search.candidates.model_copy(update={"facts": None})
    search = search.model_copy(update={"candidates": candidates})
    return read_candidates(search, LayerStore(data_dir)).frame


def validate_facts(
    path: str | Path,
    *,
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    max_age_days: int | None = None,
    power_factor: float | None = None,
    usd_mxn: float | None = None,
    usd_mxn_date: date | None = None,
    sheet: str | None = None,
    as_of: date | None = None,
    data_dir: Path | None = None,
) -> FactValidation:
    """Read a park-facts file and check it: every problem by row and column, every stale
    fact, and which park each row matched (by id, by name, by a similar name, or none).

    The conversion figures and the maximum age default to the config's
    ``[candidates.facts]`` (when it has one), else to none and 365 days; the parks are the
    embedded ones (every corridor) or the config's candidates.
    """
    import dataclasses

    from siteselect.config.schema import FactsSection
    from siteselect.facts.match import ParkName
    from siteselect.facts.model import FactValidation
    from siteselect.facts.table import build_fact_set
    from siteselect.layers.facts import build_settings, read_fact_sheet

    search = _load_search(profile, config, None)
    base = search.candidates.facts
    data: dict[str, Any] = base.model_dump() if base is not None else {}
    data["path"] = Path(path)
    given = {
        "max_age_days": max_age_days,
        "power_factor": power_factor,
        "usd_mxn": usd_mxn,
        "usd_mxn_date": usd_mxn_date,
        "sheet": sheet,
    }
    data.update({k: v for k, v in given.items() if v is not None})
    try:
        section = FactsSection.model_validate(data)
    except Exception as exc:  # pydantic's ValidationError, said as one line
        from pydantic import ValidationError

        from siteselect.config import _format_error

        if not isinstance(exc, ValidationError):
            raise
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"facts validate: {problems}"
        raise ConfigError(msg) from None
    settings = build_settings(section, as_of)
    read = read_fact_sheet(
        Path(path), settings, sheet=section.sheet, options=section.read_options()
    )
    frame = _read_plain_candidates(profile, config, data_dir)
    municipality = frame["municipality"] if "municipality" in frame.columns else None
    parks = [
        ParkName(
            str(cid),
            str(frame.loc[cid, "name"]),
            None if municipality is None else _text_or_none(municipality.loc[cid]),
        )
        for cid in frame.index
    ]
    joined = build_fact_set(read, parks, missing=section.missing)
    return FactValidation(
        sheet=read,
        facts=joined,
        candidates=len(frame),
        settings=dataclasses.asdict(settings.conversion),
    )


def read_facts(
    path: str | Path,
    *,
    power_factor: float | None = None,
    usd_mxn: float | None = None,
    usd_mxn_date: date | None = None,
    sheet: str | None = None,
    as_of: date | None = None,
) -> FactSheet:
    """Read a park-facts file in canonical units; a file with errors is a :class:`DataError`
    naming the first (``siteselect facts validate`` lists them all)."""
    from siteselect.config.schema import FactsSection
    from siteselect.layers.facts import build_settings, read_fact_sheet

    try:
        section = FactsSection(
            path=Path(path),
            power_factor=power_factor,
            usd_mxn=usd_mxn,
            usd_mxn_date=usd_mxn_date,
            sheet=sheet,
        )
    except Exception as exc:  # pydantic's ValidationError, said as one line
        from pydantic import ValidationError

        from siteselect.config import _format_error

        if not isinstance(exc, ValidationError):
            raise
        msg = "facts: " + "; ".join(_format_error(e) for e in exc.errors())
        raise ConfigError(msg) from None
    read = read_fact_sheet(
        Path(path), build_settings(section, as_of), sheet=sheet, options=section.read_options()
    )
    if not read.valid:
        first = read.errors[0].message
        more = f" (and {len(read.errors) - 1} more)" if len(read.errors) > 1 else ""
        msg = f"{Path(path).name}: {first}{more}; run `siteselect facts validate` for every problem"
        raise DataError(msg)
    return read
