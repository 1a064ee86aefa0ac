"""Criterion weights: direct (normalised), AHP, Shannon entropy and CRITIC."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from siteselect.errors import ConfigError, DataError, SiteselectWarning
from siteselect.mcda.value import FloatArray, clean_column

# Saaty's random consistency index RI(n) (Saaty 1980, The Analytic Hierarchy Process, table 1.7).
SAATY_RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.10
# a_ij * a_ji must be 1 within this relative tolerance (``0.33`` typed for 1/3 passes).
_RECIPROCAL_RTOL = 0.02


@dataclass(frozen=True)
class AHPResult:
    """Priorities derived from a pairwise comparison matrix (Saaty's eigenvector method).

    Attributes
    ----------
    weights
        Criterion name to priority (sum 1).
    lambda_max
        Principal eigenvalue.
    ci
        Consistency index ``(lambda_max - n) / (n - 1)``.
    cr
        Consistency ratio ``ci / RI(n)`` (0 for n <= 2).
    most_inconsistent_pair
        The pair ``(a, b)`` whose judgement ``a_ab`` departs most from ``w_a / w_b``, or
        ``None`` when the matrix is consistent.
    """

    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float
    most_inconsistent_pair: tuple[str, str] | None


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Scale non-negative weights to sum to 1.

    Parameters
    ----------
    weights
        Criterion name to weight.

    Returns
    -------
    dict
        The same keys, weights summing to 1.

    Raises
    ------
    ConfigError
        On a negative or non-finite weight, or when all weights are zero.
    """
    for name, w in weights.items():
        if not math.isfinite(float(w)) or float(w) < 0:
            msg = f"weight of {name!r} is {w!r}; weights must be finite numbers >= 0"
            raise ConfigError(msg)
    # Scaled by the largest first: weights near the float limit (1e308 each) sum to inf.
    largest = max((float(w) for w in weights.values()), default=0.0)
    if largest <= 0:
        msg = "all weights are zero; give at least one criterion a weight > 0"
        raise ConfigError(msg)
    total = sum(float(w) / largest for w in weights.values())
    return {name: float(w) / largest / total for name, w in weights.items()}


def compute_ahp_weights(matrix: np.ndarray, names: Sequence[str]) -> AHPResult:
    """Priorities, lambda_max, CI and CR of a pairwise comparison matrix (Saaty 1980).

    The priorities are the principal (Perron) eigenvector, normalised to sum 1. A
    :class:`~siteselect.errors.SiteselectWarning` is emitted when CR > 0.10, naming the most
    inconsistent pair.

    Parameters
    ----------
    matrix
        ``n x n`` positive reciprocal matrix; ``a_ij`` says how much more important
        ``names[i]`` is than ``names[j]`` (Saaty's 1-9 scale).
    names
        The criterion names, in matrix order.

    Returns
    -------
    AHPResult

    Raises
    ------
    ConfigError
        Non-square, wrong size, non-positive, non-finite or non-reciprocal matrix, a diagonal
        other than 1, duplicate names, or more than 15 criteria (Saaty's RI table).
    """
    a = np.asarray(matrix, dtype=np.float64)
    names = [str(x) for x in names]
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        msg = f"pairwise matrix must be square, got shape {a.shape}; one row per criterion"
        raise ConfigError(msg)
    n = a.shape[0]
    if n != len(names):
        msg = f"pairwise matrix is {n}x{n} but {len(names)} names were given; match them"
        raise ConfigError(msg)
    if n == 0:
        msg = "pairwise matrix is empty; compare at least one criterion"
        raise ConfigError(msg)
    if len(set(names)) != n:
        msg = "pairwise matrix names a criterion twice; give each criterion one row and column"
        raise ConfigError(msg)
    if n > max(SAATY_RANDOM_INDEX):
        msg = f"AHP supports at most {max(SAATY_RANDOM_INDEX)} criteria (got {n}); group them"
        raise ConfigError(msg)
    for i in range(n):
        for j in range(n):
            x = a[i, j]
            if not math.isfinite(x) or x <= 0:
                msg = (
                    f"pairwise cell ({names[i]}, {names[j]}) is {x!r}; "
                    "judgements must be positive numbers such as 3 or 1/3"
                )
                raise ConfigError(msg)
        if not math.isclose(a[i, i], 1.0, rel_tol=1e-9):
            msg = f"pairwise diagonal cell ({names[i]}, {names[i]}) is {a[i, i]:g}; it must be 1"
            raise ConfigError(msg)
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > _RECIPROCAL_RTOL:
                msg = (
                    f"pairwise matrix is not reciprocal at ({names[i]}, {names[j]}): "
                    f"{a[i, j]:g} and {a[j, i]:g}; set ({names[j]}, {names[i]}) = 1/{a[i, j]:g}"
                )
                raise ConfigError(msg)
    eigvals, eigvecs = np.linalg.eig(a)
    k = int(np.argmax(eigvals.real))
    lam = float(eigvals[k].real)
    vec = np.abs(eigvecs[:, k].real)
    w = vec / vec.sum()
    ci = max((lam - n) / (n - 1), 0.0) if n > 1 else 0.0
    ri = SAATY_RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    pair: tuple[str, str] | None = None
    if n >= 3:
        dev = np.abs(np.log(a * w[None, :] / w[:, None]))
        flat = int(np.argmax(np.triu(dev, 1)))
        pi, pj = divmod(flat, n)
        if dev[pi, pj] > 1e-9:
            pair = (names[pi], names[pj])
    if cr > CR_LIMIT:
        hint = f"; the most inconsistent judgement is ({pair[0]}, {pair[1]})" if pair else ""
        msg = f"AHP consistency ratio {cr:.3f} exceeds {CR_LIMIT:.2f}{hint}; revise the judgements"
        warnings.warn(msg, SiteselectWarning, stacklevel=2)
    return AHPResult(
        weights={name: float(x) for name, x in zip(names, w, strict=False)},
        lambda_max=lam,
        ci=float(ci),
        cr=float(cr),
        most_inconsistent_pair=pair,
    )


def _as_mapping(raw: pd.DataFrame, directions: Mapping[str, str] | Sequence[str]) -> dict[str, str]:
    if isinstance(directions, Mapping):
        return {str(k): str(v) for k, v in directions.items()}
    dirs = [str(d) for d in directions]
    if len(dirs) != len(raw.columns):
        msg = (
            f"{len(dirs)} directions for {len(raw.columns)} columns; give one direction per "
            "column or a mapping from criterion to direction"
        )
        raise ConfigError(msg)
    return {str(c): d for c, d in zip(raw.columns, dirs, strict=True)}


def _criterion_matrix(
    raw: pd.DataFrame, directions: Mapping[str, str]
) -> tuple[list[str], list[FloatArray]]:
    names = list(directions)
    if not names:
        msg = "no criteria given for objective weights; pass at least one direction"
        raise ConfigError(msg)
    missing = [c for c in names if c not in raw.columns]
    if missing:
        msg = f"raw matrix has no column for {', '.join(map(repr, missing))}; compute them first"
        raise DataError(msg)
    if len(raw) < 2:
        msg = f"objective weights need at least 2 candidates (got {len(raw)}); widen the filters"
        raise DataError(msg)
    cols: list[FloatArray] = []
    for name in names:
        d = directions[name]
        if d not in ("max", "min"):
            msg = f"criterion {name!r}: direction {d!r} is not 'max' or 'min'"
            raise ConfigError(msg)
        x = pd.to_numeric(raw[name], errors="coerce").to_numpy(dtype=np.float64)
        clean = clean_column(x, d)
        cols.append(np.full(len(x), np.nan) if clean is None else clean.values)
    return names, cols


def compute_entropy_weights(raw: pd.DataFrame, directions: Mapping[str, str]) -> dict[str, float]:
    """Shannon entropy weights (Zeleny 1982; Hwang & Yoon 1981, section 2.3).

    ``p_ij = x_ij / sum_i x_ij``, ``E_j = -sum_i p_ij ln p_ij / ln n``, ``w_j = (1 - E_j) /
    sum_k (1 - E_k)``. Entropy measures how much a criterion's raw values differ across
    candidates, whatever its direction: ``directions`` names the criteria (and is checked) but
    does not change the weights. Missing cells take the worst finite value and infinite ones the
    finite extremes, as in :func:`~siteselect.mcda.score`.

    Parameters
    ----------
    raw
        Candidates x criteria, raw values >= 0.
    directions
        Criterion name to ``"max"`` or ``"min"``, or one direction per column of ``raw``.

    Returns
    -------
    dict
        Criterion name to weight (sum 1); constant or all-missing criteria get 0.

    Raises
    ------
    DataError
        Fewer than 2 candidates, a missing column, negative values, or no varying criterion.
    """
    dirs = _as_mapping(raw, directions)
    names, cols = _criterion_matrix(raw, dirs)
    n = len(raw)
    div = np.zeros(len(names))
    for j, (name, x) in enumerate(zip(names, cols, strict=False)):
        if np.isnan(x).all():
            continue
        if (x < 0).any():
            msg = (
                f"entropy weights need values >= 0 but {name!r} has negative ones; "
                "shift the column or use CRITIC"
            )
            raise DataError(msg)
        total = x.sum()
        if total <= 0 or x.min() == x.max():
            continue  # a constant column carries no information: weight 0 exactly
        pj = x / total
        plogp = pj * np.log(np.where(pj > 0, pj, 1.0))  # 0 ln 0 = 0
        entropy = -plogp.sum() / math.log(n)
        div[j] = max(1.0 - entropy, 0.0)
    if div.sum() <= 0:
        msg = "entropy weights are undefined: no criterion varies across candidates"
        raise DataError(msg)
    w = div / div.sum()
    return {name: float(x) for name, x in zip(names, w, strict=False)}


def compute_critic_weights(
    raw: pd.DataFrame, directions: Mapping[str, str] | Sequence[str]
) -> dict[str, float]:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    Each criterion is min-max normalised towards its direction; ``C_j = sigma_j sum_k (1 -
    r_jk)`` with ``sigma_j`` the standard deviation and ``r_jk`` Pearson's correlation;
    ``w_j = C_j / sum_k C_k``. Missing cells take the worst finite value, infinite ones the
    finite extremes.

    Parameters
    ----------
    raw
        Candidates x criteria.
    directions
        Criterion name to ``"max"`` or ``"min"``, or one direction per column of ``raw``.

    Returns
    -------
    dict
        Criterion name to weight (sum 1); constant or all-missing criteria get 0.

    Raises
    ------
    DataError
        Fewer than 2 candidates, a missing column, or no varying criterion.
    """
    dirs = _as_mapping(raw, directions)
    names, cols = _criterion_matrix(raw, dirs)
    active: list[int] = []
    normed: list[FloatArray] = []
    for j, x in enumerate(cols):
        if np.isnan(x).all():
            continue
        lo, hi = float(x.min()), float(x.max())
        if hi == lo:
            continue
        v = (x - lo) / (hi - lo) if dirs[names[j]] == "max" else (hi - x) / (hi - lo)
        active.append(j)
        normed.append(v)
    if not active:
        msg = "CRITIC weights are undefined: no criterion varies across candidates"
        raise DataError(msg)
    out = dict.fromkeys(names, 0.0)
    if len(active) == 1:
        out[names[active[0]]] = 1.0
        return out
    z = np.column_stack(normed)
    sigma = z.std(axis=0, ddof=1)
    corr = np.corrcoef(z, rowvar=False)
    info = sigma * (1.0 - corr).sum(axis=1)
    if info.sum() <= 0:
        # Perfectly correlated criteria carry no distinct information: share equally.
        info = np.ones_like(info)
    w = info / info.sum()
    for j, wj in zip(active, w, strict=False):
        out[names[j]] = float(wj)
    return out
