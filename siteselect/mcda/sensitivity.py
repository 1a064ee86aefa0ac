"""Weight sensitivity: SMAA-2 rank acceptability, one-at-a-time sweeps, rank reversal, swaps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from siteselect.errors import ConfigError, DataError
from siteselect.mcda.columns import BoolArray, IntArray, Rows, ids_strictly_increasing, read_ids
from siteselect.mcda.model import RANK_DECIMALS, Fitted, fit_and_clean
from siteselect.mcda.spec import CriterionSpec, MethodOptions
from siteselect.mcda.value import FloatArray

# Score matrices (candidates x weight samples) are built in chunks of at most this many cells.
_CHUNK_CELLS = 4_000_000
_GRID_STEPS = 201
_BISECTIONS = 40


@dataclass(frozen=True)
class SwapResult:
    """The smallest single-weight change that makes ``b`` outrank ``a``.

    Attributes
    ----------
    a, b
        Candidate ids; ``a`` outranks ``b`` under the current weights.
    criterion
        The criterion whose weight changes.
    weight_from, weight_to
        Its normalised weight now and at the tipping point (the other weights are rescaled
        proportionally); beyond ``weight_to`` (away from ``weight_from``) ``b`` outranks ``a``.
    delta
        ``weight_to - weight_from``.
    """

    a: str
    b: str
    criterion: str
    weight_from: float
    weight_to: float
    delta: float


def build_rescaled_weights(weights: FloatArray, j: int, values: FloatArray) -> FloatArray:
    """Weight vectors with criterion ``j`` set to each of ``values``, the others rescaled.

    The other weights keep their proportions and share ``1 - value``; if they are all zero
    they share it equally.

    Parameters
    ----------
    weights
        ``m`` weights summing to 1.
    j
        Index of the criterion to change.
    values
        ``k`` new weights for criterion ``j``, in [0, 1].

    Returns
    -------
    numpy.ndarray
        ``k x m`` weight vectors, each summing to 1.
    """
    m = weights.shape[0]
    base = weights.astype(np.float64).copy()
    base[j] = 0.0
    rest = base.sum()
    if rest > 0:
        base /= rest
    elif m > 1:
        base = np.full(m, 1.0 / (m - 1))
        base[j] = 0.0
    t = np.asarray(values, dtype=np.float64)
    out = (1.0 - t)[:, None] * base[None, :]
    out[:, j] = t if m > 1 else 1.0
    return out


@dataclass(frozen=True)
class _WeightScorer:
    """Scores of the fitted rows (sorted by id) under any weight vectors, vectorised."""

    fitted: Fitted
    rows: Rows
    basis: tuple[FloatArray, ...]

    @classmethod
    def build(
        cls,
        raw: pd.DataFrame,
        criteria: Sequence[CriterionSpec],
        method: str,
        options: MethodOptions | None,
    ) -> tuple[_WeightScorer, pd.DataFrame]:
        # Rows sorted by id: a stable sort of the scores then breaks every tie by id. Rows
        # with missing cells go after the others, as in the ranking (compute_rank_order).
        ids = read_ids(raw)
        if not ids_strictly_increasing(ids):
            raw = raw.iloc[np.argsort(ids.to_numpy(dtype=object), kind="stable")]
        names = [c.name for c in criteria if c.name in raw.columns]
        missing = raw[names].isna().to_numpy().sum(axis=1)
        if missing.any():
            raw = raw.iloc[np.argsort(missing, kind="stable")]
        fitted, rows = fit_and_clean(raw, criteria, method, options)
        return cls(fitted, rows, fitted.model.weight_basis(rows)), raw

    @property
    def ids(self) -> NDArray[np.object_]:
        out: NDArray[np.object_] = self.rows.ids.to_numpy(dtype=object)
        return out

    @property
    def weights(self) -> FloatArray:
        return np.asarray(self.fitted.weights)

    def scores(self, weights: FloatArray) -> FloatArray:
        """``k x n`` scores under ``k x m`` weight vectors."""
        return self.fitted.model.score_weights(self.basis, np.atleast_2d(weights))


def _rank_orders(scores: FloatArray) -> IntArray:
    """Per row of ``k x n`` scores, candidates from best to worst (ties by position: see
    :meth:`_WeightScorer.build`)."""
    key = np.round(scores, RANK_DECIMALS)
    np.negative(key, out=key)
    order = np.argsort(key, axis=1).astype(np.int64)  # fast; rows with ties are redone stably
    ranked = np.take_along_axis(key, order, axis=1)
    tied = (ranked[:, 1:] == ranked[:, :-1]).any(axis=1)
    if tied.any():
        order[tied] = np.argsort(key[tied], axis=1, kind="stable")
    return order


def _ranks(order: IntArray) -> IntArray:
    """Ranks (1 = best) from the output of :func:`_rank_orders`."""
    ranks = np.empty_like(order)
    pos = np.arange(1, order.shape[1] + 1, dtype=np.int64)
    np.put_along_axis(ranks, order, np.broadcast_to(pos, order.shape), axis=1)
    return ranks


def compute_rank_acceptability(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
    *,
    samples: int = 1000,
    seed: int = 0,
    concentration: float = 50.0,
    top_k: int = 5,
    max_rank: int | None = 10,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """SMAA-2 rank acceptability indices around the chosen weights (Lahdelma & Salminen 2001).

    Weight vectors are drawn from ``Dirichlet(concentration * w)`` (mean ``w``; larger
    ``concentration`` keeps them closer to ``w``); criteria with weight 0 stay at 0. Every
    sample is scored with the same method (vectorised over samples, in chunks of bounded
    memory) and ranked; each candidate's share of samples at each of the first ``max_rank``
    ranks is reported, with the share beyond them. Memory grows linearly with the candidates
    (never ``n x n``). Seeded: the same inputs give the same table.

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`~siteselect.mcda.score`.
    samples
        Number of weight vectors.
    seed
        Seed of the random generator.
    concentration
        Dirichlet concentration (> 0).
    top_k
        ``p_top_k`` is the share of samples ranking the candidate in the top ``top_k``.
    max_rank
        Report ``rank_1`` .. ``rank_<max_rank>`` (clipped to the number of candidates);
        ``None`` reports every rank (``n`` columns: for small ``n`` only).
    progress
        Called with (samples done, samples in all) after each chunk of samples.

    Returns
    -------
    pandas.DataFrame
        Index: candidate id in the order of the central ranking. Columns ``rank`` (under the
        chosen weights), ``rank_1`` .. ``rank_K`` (acceptability, shares in [0, 1]),
        ``rank_worse`` (share of samples ranking the candidate below ``K``; each row of
        ``rank_*`` sums to 1), ``p_top_k``, ``mean_rank`` (over all samples and ranks) and
        ``central_w:<criterion>`` (SMAA-2 central weight vector: mean weights of the samples
        where the candidate ranks first; NaN if it never does).

    Raises
    ------
    ConfigError
        Invalid criteria/method or sampling parameters.
    """
    if samples < 1 or top_k < 1 or not concentration > 0:
        msg = (
            f"rank acceptability needs samples >= 1, top_k >= 1 and concentration > 0 "
            f"(got {samples}, {top_k}, {concentration})"
        )
        raise ConfigError(msg)
    if max_rank is not None and max_rank < 1:
        msg = f"rank acceptability needs max_rank >= 1 or None (got {max_rank})"
        raise ConfigError(msg)
    scorer, _ = _WeightScorer.build(raw, criteria, method, options)
    w = scorer.weights
    n, m = scorer.rows.n, w.size
    k_cols = n if max_rank is None else min(int(max_rank), n)
    pos = w > 0
    rng = np.random.default_rng(seed)
    weights = np.zeros((samples, m))
    weights[:, pos] = rng.dirichlet(concentration * w[pos], size=samples)
    counts = np.zeros(n * k_cols, dtype=np.int64)
    in_top = np.zeros(n, dtype=np.int64)
    rank_sum = np.zeros(n)
    central = np.zeros((n, m))
    firsts = np.zeros(n, dtype=np.int64)
    shown = np.arange(k_cols, dtype=np.int64)
    positions = np.arange(1, n + 1, dtype=np.float64)
    chunk = max(1, _CHUNK_CELLS // max(n, 1))
    if progress is not None:
        # At least 100 updates; the sums are exact per chunk (integer counts, positions and
        # samples added in order), so the table does not depend on the chunks.
        chunk = min(chunk, max(1, -(-samples // 100)))
    for start in range(0, samples, chunk):
        wc = weights[start : start + chunk]
        order = _rank_orders(scorer.scores(wc))  # samples x n, best first
        # Only the shown ranks are counted: cell (candidate, rank) of an n x K table.
        counts += np.bincount((order[:, :k_cols] * k_cols + shown).ravel(), minlength=n * k_cols)
        in_top += np.bincount(order[:, :top_k].ravel(), minlength=n)
        rank_sum += np.bincount(
            order.ravel(), weights=np.broadcast_to(positions, order.shape).ravel(), minlength=n
        )
        winners = order[:, 0]
        np.add.at(central, winners, wc)
        firsts += np.bincount(winners, minlength=n)
        if progress is not None:
            progress(min(start + chunk, samples), samples)
    base = _rank_orders(scorer.scores(w))[0]
    acc = counts.reshape(n, k_cols)
    data: dict[str, NDArray[np.generic]] = {"rank": np.empty(n, dtype=np.int64)}
    data["rank"][base] = np.arange(1, n + 1)
    for k in range(k_cols):
        data[f"rank_{k + 1}"] = acc[:, k] / samples
    data["rank_worse"] = (samples - acc.sum(axis=1)) / samples
    data["p_top_k"] = in_top / samples
    data["mean_rank"] = rank_sum / samples
    with np.errstate(invalid="ignore", divide="ignore"):
        cw = np.where(firsts[:, None] > 0, central / np.maximum(firsts, 1)[:, None], np.nan)
    for j, name in enumerate(scorer.fitted.names):
        data[f"central_w:{name}"] = cw[:, j]
    table = pd.DataFrame(data, index=scorer.rows.ids.set_names("id"))
    out: pd.DataFrame = table.iloc[base]
    return out


def compute_sample_ranks(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
    *,
    samples: int = 100,
    seed: int = 0,
    concentration: float = 50.0,
) -> IntArray:
    """The rank of every candidate under SMAA weight samples (as in
    :func:`compute_rank_acceptability`: ``Dirichlet(concentration * w)``, seeded, so that two
    methods given the same weights and seed are scored on the same samples).

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`~siteselect.mcda.score`.
    samples, seed, concentration
        The weight samples.

    Returns
    -------
    numpy.ndarray
        ``samples x n`` ranks (1 = best), columns in the row order of ``raw``; memory
        ``samples x n`` integers.
    """
    if samples < 1 or not concentration > 0:
        msg = (
            f"sample ranks need samples >= 1 and concentration > 0 (got {samples}, {concentration})"
        )
        raise ConfigError(msg)
    ids = read_ids(raw)
    scorer, ordered = _WeightScorer.build(raw, criteria, method, options)
    w = scorer.weights
    pos = w > 0
    rng = np.random.default_rng(seed)
    weights = np.zeros((samples, w.size))
    weights[:, pos] = rng.dirichlet(concentration * w[pos], size=samples)
    n = scorer.rows.n
    out = np.empty((samples, n), dtype=np.int64)
    chunk = max(1, _CHUNK_CELLS // max(n, 1))
    for start in range(0, samples, chunk):
        block = weights[start : start + chunk]
        out[start : start + len(block)] = _ranks(_rank_orders(scorer.scores(block)))
    # back to the caller's row order (the scorer sorted the rows by id)
    back = pd.Index(read_ids(ordered)).get_indexer(ids)
    result: IntArray = out[:, back]
    return result


def _criterion_index(fitted: Fitted, criterion: str) -> int:
    if criterion in fitted.names:
        return fitted.names.index(criterion)
    reasons = dict(fitted.dropped)
    if criterion in reasons:
        msg = f"criterion {criterion!r} was dropped ({reasons[criterion]}); pick another one"
        raise DataError(msg)
    msg = f"unknown criterion {criterion!r}; choose one of {', '.join(fitted.names)}"
    raise ConfigError(msg)


def compute_weight_sweep(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
    criterion: str = "",
    steps: int = 11,
) -> pd.DataFrame:
    """One-at-a-time sweep: one criterion's weight from 0 to 1, the others rescaled.

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`~siteselect.mcda.score`.
    criterion
        The criterion whose weight is swept.
    steps
        Number of evenly spaced weights in [0, 1] (>= 2).

    Returns
    -------
    pandas.DataFrame
        Long form, one row per (step, candidate): ``weight`` (the swept criterion's normalised
        weight), ``id``, ``score`` and ``rank``; sorted by weight then rank.

    Raises
    ------
    ConfigError
        Unknown criterion or fewer than 2 steps.
    DataError
        The criterion was dropped (constant or missing).
    """
    if steps < 2:
        msg = f"a weight sweep needs at least 2 steps (got {steps})"
        raise ConfigError(msg)
    scorer, _ = _WeightScorer.build(raw, criteria, method, options)
    j = _criterion_index(scorer.fitted, criterion)
    grid = np.linspace(0.0, 1.0, steps)
    scores = scorer.scores(build_rescaled_weights(scorer.weights, j, grid))
    order = _rank_orders(scores)
    n = scores.shape[1]
    ids = scorer.ids
    frames = [
        pd.DataFrame(
            {
                "weight": np.full(n, grid[s]),
                "id": ids[order[s]],
                "score": scores[s, order[s]],
                "rank": np.arange(1, n + 1, dtype=np.int64),
            }
        )
        for s in range(steps)
    ]
    return pd.concat(frames, ignore_index=True)


def check_rank_reversal(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
) -> pd.DataFrame:
    """Drop each candidate in turn, re-fit and re-rank, and list the pairs whose order flipped.

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`~siteselect.mcda.score`.

    Returns
    -------
    pandas.DataFrame
        Columns ``removed``, ``higher`` (ranked above before the removal), ``lower`` (ranked
        below before, above after), ``rank_higher`` and ``rank_lower`` (ranks before). Empty
        when no pair flips (e.g. WSM with absolute value functions). O(n^2) pairs per removal.
    """
    scorer, raw = _WeightScorer.build(raw, criteria, method, options)
    n = scorer.rows.n
    cols = ["removed", "higher", "lower", "rank_higher", "rank_lower"]
    if n < 3:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    base = _ranks(_rank_orders(scorer.scores(scorer.weights)))[0]
    ids = scorer.ids
    records: list[tuple[str, str, str, int, int]] = []
    for r in range(n):
        keep = np.arange(n) != r
        try:
            fitted, rows = fit_and_clean(raw.iloc[keep], criteria, method, scorer.fitted.options)
        except DataError:
            continue
        scores = fitted.model.apply_scores(rows, np.asarray(fitted.weights))
        after = _ranks(_rank_orders(scores[None, :]))[0]
        before = base[keep]
        flips = (before[:, None] < before[None, :]) & (after[:, None] > after[None, :])
        kept_ids = ids[keep]
        for i, j in zip(*np.nonzero(flips), strict=True):
            records.append(
                (str(ids[r]), str(kept_ids[i]), str(kept_ids[j]), int(before[i]), int(before[j]))
            )
    if not records:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    out = pd.DataFrame.from_records(records, columns=cols)
    return out.sort_values(["removed", "rank_higher", "rank_lower"], ignore_index=True)


def _b_outranks(scores: FloatArray, ia: int, ib: int, *, strict: bool = False) -> BoolArray:
    """Per row of ``k x n`` scores, whether candidate ``ib`` ranks above ``ia``.

    ``strict`` asks for a higher score: a tie won on the id order is not an overtaking.
    """
    sa = np.round(scores[:, ia], RANK_DECIMALS)
    sb = np.round(scores[:, ib], RANK_DECIMALS)
    if strict:
        higher: BoolArray = sb > sa
        return higher
    # Rows are sorted by id, so the lower row index wins a tie.
    out: BoolArray = (sb > sa) | ((sb == sa) & (ib < ia))
    return out


def compute_swap_weight(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
    a: str = "",
    b: str = "",
) -> SwapResult | None:
    """Smallest change of a single criterion's weight that makes ``b`` outrank ``a``.

    The other weights are rescaled proportionally (see :func:`build_rescaled_weights`). For
    WSM the tipping weight is solved exactly (the score gap is linear in the weight); for the
    other methods it is located on a 201-point grid and refined by bisection.

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`~siteselect.mcda.score`.
    a, b
        Candidate ids.

    Returns
    -------
    SwapResult or None
        ``None`` when no single weight change can make ``b`` outrank ``a``.

    Raises
    ------
    ConfigError
        Unknown candidate id, ``a == b``, or ``b`` already outranks ``a`` (pass the
        higher-ranked candidate as ``a``).
    """
    scorer, _ = _WeightScorer.build(raw, criteria, method, options)
    ids = [str(i) for i in scorer.ids]
    for cid in (a, b):
        if cid not in ids:
            msg = f"unknown candidate id {cid!r}; pick ids from the ranked table"
            raise ConfigError(msg)
    if a == b:
        msg = f"compare two different candidates (got {a!r} twice)"
        raise ConfigError(msg)
    ia, ib = ids.index(a), ids.index(b)
    w = scorer.weights
    if bool(_b_outranks(scorer.scores(w), ia, ib)[0]):
        msg = f"{b!r} already outranks {a!r}; pass the higher-ranked candidate first"
        raise ConfigError(msg)
    best: tuple[float, int, float] | None = None  # (|delta|, j, new weight)
    for j in range(w.size):
        if scorer.fitted.method == "wsm":
            t = _swap_exact(scorer, ia, ib, j)
        else:
            t = _swap_search(scorer, ia, ib, j)
        if t is None:
            continue
        cand = (abs(t - float(w[j])), j, t)
        if best is None or cand[0] < best[0]:
            best = cand
    if best is None:
        return None
    _, j, t = best
    old = float(w[j])
    return SwapResult(a, b, scorer.fitted.names[j], old, float(t), float(t - old))


def _swap_exact(scorer: _WeightScorer, ia: int, ib: int, j: int) -> float | None:
    values = scorer.basis[0]  # WSM: the m x n values
    diff = values[:, ia] - values[:, ib]
    w = scorer.weights
    base = build_rescaled_weights(w, j, np.array([0.0]))[0]  # weights of the others at t = 0
    e = float(base @ diff)  # gap at t = 0
    dj = float(diff[j])  # gap at t = 1
    if e == dj:
        return None
    t = e / (e - dj)
    if not 0.0 <= t <= 1.0 or np.isclose(t, w[j], rtol=0.0, atol=1e-12):
        return None
    # At a bound the scores only meet: a tie, not an overtaking.
    if np.isclose(t, 0.0, rtol=0.0, atol=1e-12) or np.isclose(t, 1.0, rtol=0.0, atol=1e-12):
        return None
    return float(t)


def _swap_search(scorer: _WeightScorer, ia: int, ib: int, j: int) -> float | None:
    w = scorer.weights
    wj = float(w[j])
    grid = np.linspace(0.0, 1.0, _GRID_STEPS)
    hits = _b_outranks(scorer.scores(build_rescaled_weights(w, j, grid)), ia, ib, strict=True)
    if not hits.any():
        return None
    idx = np.nonzero(hits)[0]
    k = int(idx[np.argmin(np.abs(grid[idx] - wj))])
    t_hit = float(grid[k])
    step = -1 if t_hit > wj else 1
    t_miss = float(grid[k + step]) if 0 <= k + step < _GRID_STEPS else wj
    if (t_miss - wj) * (t_hit - wj) < 0 or abs(t_miss - wj) > abs(t_hit - wj):
        t_miss = wj
    if _outranks_at(scorer, ia, ib, j, t_miss):
        t_miss = wj
    for _ in range(_BISECTIONS):
        mid = 0.5 * (t_miss + t_hit)
        if _outranks_at(scorer, ia, ib, j, mid):
            t_hit = mid
        else:
            t_miss = mid
    return t_hit


def _outranks_at(scorer: _WeightScorer, ia: int, ib: int, j: int, t: float) -> bool:
    weights = build_rescaled_weights(scorer.weights, j, np.array([t]))
    return bool(_b_outranks(scorer.scores(weights), ia, ib, strict=True)[0])
