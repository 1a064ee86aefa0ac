"""Independent raw-matrix MCDA kernels the tests cross-check the product path against.

Plain numpy transcriptions of the textbook methods on a finite ``n x m`` matrix, one function
per method, with nothing shared with :mod:`siteselect.mcda`: TOPSIS (Hwang & Yoon 1981), VIKOR
(Opricovic & Tzeng 2004) and PROMETHEE II (Brans & Vincke 1985, flows by sorting and prefix
sums of the candidates against themselves). They were the engine's benchmark kernels before
the fit/apply split; pymcdm cross-checks them in ``test_mcda_methods.py``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def topsis(
    matrix: FloatArray, weights: FloatArray, benefit: NDArray[np.bool_], normalization: str
) -> FloatArray:
    """Classic TOPSIS closeness on a raw matrix (``"vector"`` or ``"minmax"`` normalisation)."""
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if normalization == "vector":
        r = x / np.sqrt((x * x).sum(axis=0))
        v = r * w
        ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
        anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    else:
        lo, hi = x.min(axis=0), x.max(axis=0)
        r = np.where(benefit, x - lo, hi - x) / (hi - lo)
        v = r * w
        ideal, anti = v.max(axis=0), v.min(axis=0)
    dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
    out: FloatArray = dm / (dp + dm)
    return out


def vikor(
    matrix: FloatArray, weights: FloatArray, benefit: NDArray[np.bool_], v: float = 0.5
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Classic VIKOR ``S``, ``R`` and ``Q`` on a raw matrix (weights normalised here)."""
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    best = np.where(benefit, x.max(axis=0), x.min(axis=0))
    worst = np.where(benefit, x.min(axis=0), x.max(axis=0))
    regret = w * (best - x) / (best - worst)
    s = regret.sum(axis=1)
    r = regret.max(axis=1)
    q = v * (s - s.min()) / (s.max() - s.min()) + (1 - v) * (r - r.min()) / (r.max() - r.min())
    return s, r, q


def preference_sums(
    x: FloatArray, preference: str, q: float = 0.0, p: float = 0.0, s: float = 0.0
) -> tuple[FloatArray, FloatArray]:
    """Leaving and entering preference sums of one criterion (candidates against themselves).

    ``leaving[a] = sum_b F(x_a - x_b)``, ``entering[a] = sum_b F(x_b - x_a)``; sorted prefix
    sums for the piecewise functions, the pairwise matrix for the Gaussian one.
    """
    x = np.asarray(x, dtype=np.float64)
    if preference == "gaussian":
        d = x[:, None] - x[None, :]
        g = 1.0 - np.exp(-(d**2) / (2 * s * s))
        return np.where(d > 0, g, 0.0).sum(axis=1), np.where(d < 0, g, 0.0).sum(axis=1)
    return _sorted_sums(x, preference, q, p), _sorted_sums(-x, preference, q, p)


def _sorted_sums(x: FloatArray, preference: str, q: float, p: float) -> FloatArray:
    xs = np.sort(x)
    csum = np.concatenate(([0.0], np.cumsum(xs)))

    def below(t: FloatArray) -> NDArray[np.int64]:
        return np.searchsorted(xs, t, side="left").astype(np.int64)

    if preference == "usual":
        return below(x).astype(np.float64)
    if preference == "u-shape":
        return below(x - q).astype(np.float64)
    if preference == "level":
        n_p = below(x - p)
        return n_p + 0.5 * (below(x - q) - n_p)
    lo = q if preference == "linear" else 0.0
    n_p = below(x - p)
    n_q = below(x - lo)
    k = n_q - n_p
    inner = (k * (x - lo) - (csum[n_q] - csum[n_p])) / (p - lo)
    out: FloatArray = n_p + np.clip(inner, 0.0, k)
    return out


def promethee_ii(
    matrix: FloatArray,
    weights: FloatArray,
    benefit: NDArray[np.bool_],
    preference: str = "usual",
    q: float = 0.0,
    p: float = 0.0,
    s: float = 0.0,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """PROMETHEE II ``phi+``, ``phi-`` and ``phi`` with one preference function for all."""
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    n, m = x.shape
    plus = np.zeros(n)
    minus = np.zeros(n)
    for j in range(m):
        lp, lm = preference_sums(x[:, j] if benefit[j] else -x[:, j], preference, q, p, s)
        plus += w[j] * lp
        minus += w[j] * lm
    return plus / (n - 1), minus / (n - 1), (plus - minus) / (n - 1)
