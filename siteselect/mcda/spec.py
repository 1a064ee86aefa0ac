"""Criterion specifications, method options and results of the MCDA engine, with validation."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from siteselect.constants import METHODS
from siteselect.errors import ConfigError

Direction = Literal["max", "min"]
ValueKind = Literal["linear", "piecewise", "logistic", "threshold", "minmax", "vector"]
PreferenceKind = Literal["usual", "u-shape", "v-shape", "level", "linear", "gaussian"]

VALUE_KINDS: tuple[str, ...] = ("linear", "piecewise", "logistic", "threshold", "minmax", "vector")
# Value functions fixed in real units: a candidate's value does not depend on the other candidates.
ABSOLUTE_KINDS: frozenset[str] = frozenset({"linear", "piecewise", "logistic", "threshold"})
PREFERENCE_KINDS: tuple[str, ...] = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion: its direction, weight, value function and PROMETHEE preference function.

    Attributes
    ----------
    name
        Column name in the raw matrix (carries its unit, e.g. ``drive_min``).
    direction
        ``"max"`` when more is better, ``"min"`` when less is better.
    weight
        Non-negative importance; :func:`~siteselect.mcda.score` normalises over active criteria.
    value
        Value function turning real units into a score in [0, 1] (higher is better). ``None``
        (default) is a min-max rescaling over the candidates, as is ``"minmax"``; ``"vector"``
        also rescales min-max for display, WSM and VIKOR but forces vector normalisation in
        TOPSIS. ``linear``, ``piecewise``, ``logistic`` and ``threshold`` are absolute: fixed in
        real units, so a candidate's value does not depend on the other candidates.
    best, worst
        ``linear``: the raw values scoring 1 and 0 (values beyond are clipped).
    points
        ``piecewise``: ``(raw, value)`` pairs sorted by raw, values in [0, 1]; flat beyond the ends.
    midpoint, steepness
        ``logistic``: ``1 / (1 + exp(-steepness * (x - midpoint)))`` for ``max``, mirrored for
        ``min``.
    threshold
        ``threshold``: 1 when ``x >= threshold`` (``max``) or ``x <= threshold`` (``min``), else 0.
    preference
        PROMETHEE preference function (Brans & Vincke 1985 types I-VI).
    q, p, s
        PROMETHEE indifference, preference and Gaussian thresholds, in the criterion's raw units.
    """

    name: str
    direction: Direction
    weight: float
    value: ValueKind | None = None
    best: float | None = None
    worst: float | None = None
    points: tuple[tuple[float, float], ...] | None = None
    midpoint: float | None = None
    steepness: float | None = None
    threshold: float | None = None
    preference: PreferenceKind = "usual"
    q: float | None = None
    p: float | None = None
    s: float | None = None

    @property
    def is_absolute(self) -> bool:
        """Whether the value function is fixed in real units (no dependence on other rows)."""
        return self.value in ABSOLUTE_KINDS


@dataclass(frozen=True)
class MethodOptions:
    """Options of the aggregation methods.

    Attributes
    ----------
    topsis_normalization
        Normalisation TOPSIS applies to criteria without a value function: ``"vector"``
        (Hwang & Yoon 1981) or ``"minmax"``.
    vikor_v
        Weight of the strategy of maximum group utility in VIKOR's Q, in [0, 1].
    """

    topsis_normalization: Literal["vector", "minmax"] = "vector"
    vikor_v: float = 0.5


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of :func:`~siteselect.mcda.score` and :func:`~siteselect.mcda.apply`.

    Attributes
    ----------
    method
        ``"wsm"``, ``"topsis"``, ``"promethee"`` or ``"vikor"``.
    weights
        Weights normalised over the active criteria (they sum to 1).
    table
        Index: candidate id, sorted by rank. Columns ``score`` (higher is better for every
        method) and ``rank`` (1..n), plus ``closeness`` (TOPSIS), ``phi_plus``, ``phi_minus``,
        ``phi`` (PROMETHEE) or ``S``, ``R``, ``Q`` (VIKOR).
    normalised
        Candidate x active criterion: the value-function score in [0, 1], higher is better.
        Rows in the order of the scored rows (not by rank: the table wraps the computed array
        without a copy); select rows by id (``.loc``) or ``reindex(table.index)``.
    contributions
        Candidate x active criterion, rows as in ``normalised``: each criterion's share of the
        score. WSM: ``w_j v_ij`` (sums to the score). PROMETHEE: ``w_j phi_j`` (sums to
        ``phi``). TOPSIS and VIKOR: ``w_j v_ij`` (the weighted values; they sum to the WSM
        score and, for VIKOR, to ``1 - S``), which orders criteria by how much they helped.
    dropped
        ``(criterion, reason)`` for criteria left out of the score (constant or all missing).
    notes
        Remarks on the computation (missing, infinite or out-of-range cells of the scored
        rows, VIKOR conditions).
    """

    method: str
    weights: dict[str, float]
    table: pd.DataFrame
    normalised: pd.DataFrame
    contributions: pd.DataFrame
    dropped: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]


def _is_number(x: float | None) -> bool:
    return x is not None and isinstance(x, int | float) and math.isfinite(float(x))


def validate_spec(spec: CriterionSpec) -> None:
    """Check one criterion specification.

    Parameters
    ----------
    spec
        The criterion to check.

    Raises
    ------
    ConfigError
        When a field is missing or inconsistent; the message names the criterion.
    """
    where = f"criterion {spec.name!r}"
    if not isinstance(spec.name, str) or not spec.name:
        msg = f"{where}: the name must be a non-empty string; name each criterion after its column"
        raise ConfigError(msg)
    if spec.direction not in ("max", "min"):
        msg = f"{where}: direction {spec.direction!r} is not 'max' or 'min'; set one of them"
        raise ConfigError(msg)
    if not _is_number(spec.weight) or spec.weight < 0:
        msg = f"{where}: weight {spec.weight!r} must be a finite number >= 0; fix the weight"
        raise ConfigError(msg)
    if spec.value is not None and spec.value not in VALUE_KINDS:
        msg = f"{where}: unknown value function {spec.value!r}; use one of {', '.join(VALUE_KINDS)}"
        raise ConfigError(msg)
    _validate_value(spec, where)
    _validate_preference(spec, where)


def _validate_value(spec: CriterionSpec, where: str) -> None:
    if spec.value == "linear":
        if not (_is_number(spec.best) and _is_number(spec.worst)):
            msg = f"{where}: a linear value function needs finite 'best' and 'worst'; set both"
            raise ConfigError(msg)
        assert spec.best is not None and spec.worst is not None
        if spec.best == spec.worst:
            msg = f"{where}: linear 'best' equals 'worst' ({spec.best}); make them differ"
            raise ConfigError(msg)
        if (spec.direction == "max") != (spec.best > spec.worst):
            msg = (
                f"{where}: best={spec.best} and worst={spec.worst} contradict direction "
                f"{spec.direction!r}; swap them or change the direction"
            )
            raise ConfigError(msg)
    elif spec.value == "piecewise":
        pts = spec.points
        if pts is None or len(pts) < 2:
            msg = f"{where}: a piecewise value function needs at least two (raw, value) points"
            raise ConfigError(msg)
        raws = [float(pt[0]) for pt in pts]
        vals = [float(pt[1]) for pt in pts]
        increasing = all(b > a for a, b in itertools.pairwise(raws))
        if not all(math.isfinite(r) for r in raws) or not increasing:
            msg = f"{where}: piecewise points must be finite and strictly increasing in raw value"
            raise ConfigError(msg)
        if not all(0.0 <= v <= 1.0 for v in vals):
            msg = f"{where}: piecewise values must lie in [0, 1]; rescale the points"
            raise ConfigError(msg)
    elif spec.value == "logistic":
        if not (_is_number(spec.midpoint) and _is_number(spec.steepness)):
            msg = f"{where}: a logistic value function needs finite 'midpoint' and 'steepness'"
            raise ConfigError(msg)
        assert spec.steepness is not None
        if spec.steepness <= 0:
            msg = f"{where}: logistic steepness must be > 0 (use direction to mirror it)"
            raise ConfigError(msg)
    elif spec.value == "threshold" and not _is_number(spec.threshold):
        msg = f"{where}: a threshold value function needs a finite 'threshold'; set it"
        raise ConfigError(msg)


def _validate_preference(spec: CriterionSpec, where: str) -> None:
    pref = spec.preference
    if pref not in PREFERENCE_KINDS:
        msg = f"{where}: unknown preference {pref!r}; use one of {', '.join(PREFERENCE_KINDS)}"
        raise ConfigError(msg)
    for label, val in (("q", spec.q), ("p", spec.p), ("s", spec.s)):
        if val is not None and (not _is_number(val) or val < 0):
            msg = f"{where}: PROMETHEE threshold {label}={val!r} must be a finite number >= 0"
            raise ConfigError(msg)
    if pref == "u-shape" and spec.q is None:
        msg = f"{where}: preference 'u-shape' needs an indifference threshold q; set q"
        raise ConfigError(msg)
    if pref == "v-shape" and (spec.p is None or spec.p <= 0):
        msg = f"{where}: preference 'v-shape' needs a preference threshold p > 0; set p"
        raise ConfigError(msg)
    if pref in ("level", "linear"):
        if spec.q is None or spec.p is None:
            msg = f"{where}: preference {pref!r} needs both q and p (q < p); set them"
            raise ConfigError(msg)
        if not spec.q < spec.p:
            msg = f"{where}: preference {pref!r} needs q < p (got q={spec.q}, p={spec.p})"
            raise ConfigError(msg)
    if pref == "gaussian" and (spec.s is None or spec.s <= 0):
        msg = f"{where}: preference 'gaussian' needs s > 0; set s"
        raise ConfigError(msg)


def validate_criteria(criteria: Sequence[CriterionSpec]) -> None:
    """Check a list of criteria: each spec, unique names, and a positive total weight.

    Parameters
    ----------
    criteria
        The criteria to check.

    Raises
    ------
    ConfigError
        On an invalid spec, a duplicate name, no criteria, or all weights zero.
    """
    if len(criteria) == 0:
        msg = "no criteria given; define at least one criterion with a weight > 0"
        raise ConfigError(msg)
    seen: set[str] = set()
    for spec in criteria:
        validate_spec(spec)
        if spec.name in seen:
            msg = f"criterion {spec.name!r} is defined twice; keep one definition"
            raise ConfigError(msg)
        seen.add(spec.name)
    if sum(float(c.weight) for c in criteria) <= 0:
        msg = "all criterion weights are zero; give at least one criterion a weight > 0"
        raise ConfigError(msg)


def validate_options(method: str, options: MethodOptions) -> None:
    """Check the method name and its options.

    Parameters
    ----------
    method
        One of :data:`METHODS`.
    options
        The options to check.

    Raises
    ------
    ConfigError
        On an unknown method, an unknown TOPSIS normalisation or a VIKOR ``v`` outside [0, 1].
    """
    if method not in METHODS:
        msg = f"unknown MCDA method {method!r}; use one of {', '.join(METHODS)}"
        raise ConfigError(msg)
    if options.topsis_normalization not in ("vector", "minmax"):
        msg = (
            f"unknown TOPSIS normalisation {options.topsis_normalization!r}; "
            "use 'vector' or 'minmax'"
        )
        raise ConfigError(msg)
    v = options.vikor_v
    if not _is_number(v) or not 0.0 <= v <= 1.0:
        msg = f"VIKOR v={v!r} is outside [0, 1]; choose v in [0, 1] (0.5 is the usual compromise)"
        raise ConfigError(msg)
