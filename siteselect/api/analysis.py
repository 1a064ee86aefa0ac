"""Analyses of a search: the back-test of a profile, weights derived from raw values, and
the sensitivity of a ranking to its weights."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.api._common import _load_search
from siteselect.api.search import rank, resolve_search, run
from siteselect.config import SearchConfig
from siteselect.constants import MAX_WEIGHT_SAMPLES
from siteselect.errors import ConfigError, name_input
from siteselect.layers.store import LayerStore
from siteselect.results import RankResult, Sensitivity

if TYPE_CHECKING:
    from siteselect.backtest import BacktestResult


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

    if not isinstance(profile, str | SearchConfig):
        msg = (
            f"check_profile: give a profile's name or a SearchConfig, not a "
            f"{type(profile).__name__}"
        )
        raise ConfigError(msg)
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

    if not isinstance(result, RankResult):
        msg = (
            f"analyse_sensitivity: give a ranking (ss.rank's result), not a {type(result).__name__}"
        )
        raise ConfigError(msg)
    for label, value, low in (
        (name_input("--samples"), samples, 1),
        (name_input("--seed"), seed, 0),
        (name_input("--top-k"), top_k, 1),
        (name_input("--top", "shown"), shown, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            msg = f"{label}: must be an integer >= {low}, got {value!r}"
            raise ConfigError(msg)
    if samples > MAX_WEIGHT_SAMPLES:
        msg = f"{name_input('--samples')}: at most {MAX_WEIGHT_SAMPLES:,}, got {samples:,}"
        raise ConfigError(msg)
    if isinstance(concentration, bool) or not isinstance(concentration, int | float):
        msg = f"{name_input('--concentration')}: must be a number > 0, got {concentration!r}"
        raise ConfigError(msg)
    if not concentration > 0:
        msg = f"{name_input('--concentration')}: must be > 0, got {concentration}"
        raise ConfigError(msg)
    if sweep is not None and sweep not in result.weights:
        known = ", ".join(result.weights)
        msg = f"{name_input('--sweep')}: {sweep!r} is not an active criterion ({known})"
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
