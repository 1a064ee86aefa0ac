"""Constraints: hard requirements applied before scoring, every removal listed with its reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from siteselect.criteria.features import truthy_or_value
from siteselect.errors import DataError, InfeasibleError

if TYPE_CHECKING:
    from siteselect.config import ConstraintConfig
    from siteselect.criteria import MeasureResult
    from siteselect.requirements import RequirementsOutcome


@dataclass(frozen=True)
class Elimination:
    """How many candidates one hard constraint removes on its own, and which."""

    constraint: str
    removed: int
    ids: tuple[str, ...]


@dataclass(frozen=True)
class ConstraintOutcome:
    """What the hard constraints left.

    Attributes
    ----------
    kept
        Ids that pass every constraint, in table order.
    eliminations
        Per constraint, evaluated on its own.
    eliminated
        Index: id; ``name``, ``stage`` (``constraint``), ``reason`` and ``constraint`` (the
        first constraint the candidate fails).
    illustrative
        Constraints that read a column or criterion declared illustrative.
    requirements
        Every park checked against the search's ``[requirements]`` (their removals are in
        ``eliminations`` and ``eliminated``), or ``None``.
    """

    kept: pd.Index
    eliminations: tuple[Elimination, ...]
    eliminated: pd.DataFrame
    illustrative: tuple[str, ...] = ()
    requirements: RequirementsOutcome | None = None


def apply_constraints(
    candidates: pd.DataFrame,
    measures: Mapping[str, MeasureResult],
    constraints: Sequence[ConstraintConfig],
    *,
    illustrative_columns: frozenset[str] = frozenset(),
) -> ConstraintOutcome:
    """Apply hard constraints before scoring.

    Each constraint reads a criterion's raw value or a candidate column. A missing value
    fails the constraint: it cannot be shown to meet it.

    Raises
    ------
    DataError
        A constraint names a column the candidates lack, or a non-numeric column in a
        numeric rule.
    """
    passed = pd.Series(True, index=candidates.index)
    first_fail = pd.Series("", index=candidates.index, dtype=object)
    reasons = pd.Series("", index=candidates.index, dtype=object)
    report = []
    flagged = []
    for i, con in enumerate(constraints):
        if con.criterion is not None:
            result = measures[con.criterion]
            values = pd.Series(result.values, index=candidates.index)
            if result.illustrative:
                flagged.append(con.label)
        else:
            column = str(con.column)
            if column not in candidates.columns:
                known = ", ".join(str(c) for c in candidates.columns if c != "geometry")
                msg = (
                    f"constraints[{i}].column: {column!r} is not a column of the candidates "
                    f"({known})"
                )
                raise DataError(msg)
            values = candidates[column]
            if column in illustrative_columns:
                flagged.append(con.label)
        ok = _evaluate(con, values, i)
        failing = ~ok
        absent = values.isna() | (values.astype(str).str.strip() == "")
        target = con.criterion or con.column
        newly = failing & passed
        why = pd.Series(
            [
                f"no value for {target!r}, so it cannot meet the hard constraint {con.label!r}"
                if missing
                else f"fails the hard constraint {con.label!r}"
                for missing in absent.to_numpy()
            ],
            index=candidates.index,
            dtype=object,
        )
        reasons = reasons.where(~newly, why)
        report.append(
            Elimination(
                con.label, int(failing.sum()), tuple(sorted(candidates.index[failing.to_numpy()]))
            )
        )
        first_fail = first_fail.where(~(failing & passed), con.label)
        passed &= ok
    # a mask over the columns, not the frame's rows (a GeoDataFrame's .loc costs 4x)
    gone = ~passed.to_numpy(dtype=bool)
    eliminated = pd.DataFrame(
        {
            "name": candidates["name"][gone].astype(str),
            "stage": "constraint",
            "reason": reasons[gone].tolist(),
            "constraint": first_fail[gone],
        },
        index=candidates.index[gone],
    ).sort_index()
    return ConstraintOutcome(
        kept=candidates.index[passed.to_numpy()],
        eliminations=tuple(report),
        eliminated=eliminated,
        illustrative=tuple(flagged),
    )


def check_feasible(outcome: ConstraintOutcome, considered: int) -> None:
    """Raise :class:`InfeasibleError` when nothing survives, with each constraint's count."""
    if len(outcome.kept) > 0:
        return
    detail: dict[str, str] = {}
    if outcome.requirements is not None:
        for s in outcome.requirements.summaries:
            split = f"{s.not_met} not met" + (f", {s.unknown} unknown" if s.unknown else "")
            detail[f"requirement {s.label}"] = f" ({split})"
    parts = ", ".join(
        f"{e.constraint!r} removes {e.removed}{detail.get(e.constraint, '')}"
        for e in outcome.eliminations
    )
    what = "hard constraints and requirements" if detail else "hard constraints"
    msg = f"the {what} eliminate all {considered} candidates: {parts}"
    raise InfeasibleError(msg)


def _evaluate(con: ConstraintConfig, values: pd.Series, i: int) -> pd.Series:
    ok = pd.Series(True, index=values.index)
    if con.min is not None or con.max is not None:
        numeric = pd.to_numeric(values.map(truthy_or_value), errors="coerce")
        if bool((numeric.isna() & values.notna() & (values.astype(str) != "")).any()):
            msg = f"constraints[{i}] ({con.label}): the values are not numeric"
            raise DataError(msg)
        if con.min is not None:
            ok &= numeric >= con.min
        if con.max is not None:
            ok &= numeric <= con.max
    if con.require is not None:
        truth = pd.to_numeric(values.map(truthy_or_value), errors="coerce").fillna(0) > 0
        ok &= truth if con.require else ~truth
    if con.equals is not None:
        ok &= values.astype(str).str.lower() == str(con.equals).lower()
    if con.known is not None:
        present = values.notna() & (values.astype(str).str.strip() != "")
        ok &= present if con.known else ~present
    return ok.fillna(False).astype(bool)


__all__ = ["ConstraintOutcome", "Elimination", "apply_constraints", "check_feasible"]
