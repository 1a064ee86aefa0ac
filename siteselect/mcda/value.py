"""Value functions: turn one criterion's raw column (real units) into scores in [0, 1]."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from siteselect.mcda.spec import CriterionSpec

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class CleanColumn:
    """A raw column with its missing and infinite cells resolved.

    Attributes
    ----------
    values
        The column with NaN cells set to the worst finite value and infinite cells clamped to
        the finite extremes (``+inf`` to the largest, ``-inf`` to the smallest finite value).
    n_missing
        Number of NaN cells.
    n_infinite
        Number of infinite cells.
    lo, hi
        Smallest and largest finite value.
    """

    values: FloatArray
    n_missing: int
    n_infinite: int
    lo: float
    hi: float


def clean_column(x: FloatArray, direction: str) -> CleanColumn | None:
    """Resolve the NaN and infinite cells of a raw column.

    Parameters
    ----------
    x
        Raw values in real units.
    direction
        ``"max"`` or ``"min"``; decides which finite extreme is the worst.

    Returns
    -------
    CleanColumn or None
        ``None`` when the column has no finite value at all.
    """
    x = np.asarray(x, dtype=np.float64)
    finite = np.isfinite(x)
    if not finite.any():
        return None
    if finite.all():
        return CleanColumn(x, 0, 0, float(x.min()), float(x.max()))
    lo = float(x[finite].min())
    hi = float(x[finite].max())
    nan = np.isnan(x)
    worst = lo if direction == "max" else hi
    out = np.clip(np.where(nan, worst, x), lo, hi)
    n_nan = int(nan.sum())
    return CleanColumn(out, n_nan, int((~finite).sum()) - n_nan, lo, hi)


def compute_absolute_values(x: FloatArray, spec: CriterionSpec) -> FloatArray:
    """Apply an absolute value function (linear, piecewise, logistic, threshold) to raw values.

    Infinite values are scored at the limits of the function (an unreachable site with
    ``drive_min = inf`` scores as a site beyond ``worst``); NaN cells score 0.

    Parameters
    ----------
    x
        Raw values in real units.
    spec
        A validated criterion whose ``value`` is absolute.

    Returns
    -------
    numpy.ndarray
        Values in [0, 1], higher is better.
    """
    x = np.asarray(x, dtype=np.float64)
    nan = np.isnan(x)
    xs = np.where(nan, 0.0, x)
    if spec.value == "linear":
        assert spec.best is not None and spec.worst is not None
        out = np.clip((xs - spec.worst) / (spec.best - spec.worst), 0.0, 1.0)
    elif spec.value == "piecewise":
        assert spec.points is not None
        raws = np.array([float(pt[0]) for pt in spec.points])
        vals = np.array([float(pt[1]) for pt in spec.points])
        out = np.interp(np.clip(xs, raws[0], raws[-1]), raws, vals)
    elif spec.value == "logistic":
        assert spec.midpoint is not None and spec.steepness is not None
        z = spec.steepness * (xs - spec.midpoint)
        if spec.direction == "min":
            z = -z
        # 0.5 * (1 + tanh(z / 2)) is the logistic function without overflow for large |z|.
        out = 0.5 * (1.0 + np.tanh(np.clip(z, -1e6, 1e6) / 2.0))
    elif spec.value == "threshold":
        assert spec.threshold is not None
        passed = xs >= spec.threshold if spec.direction == "max" else xs <= spec.threshold
        out = passed.astype(np.float64)
    else:  # pragma: no cover - guarded by the callers
        msg = f"value function {spec.value!r} is not absolute"
        raise ValueError(msg)
    out = np.asarray(out, dtype=np.float64)
    out[nan] = 0.0
    return out
