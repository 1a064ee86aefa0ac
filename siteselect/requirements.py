"""Requirements: each park checked against a tenant's needs, met / not met / unknown.

:func:`check_requirements` reads what :mod:`siteselect.config.requirements` compiled: the
park facts joined to the candidates (their columns and :class:`~siteselect.facts.FactSet`)
and the criteria's raw values (drive minutes to the border and the seaport, the labour
shed). Per park and requirement it returns a :class:`RequirementCheck` with the park's value
and the need in the requirement's unit. A park that does not meet a requirement is removed
(stage ``requirement``, the reason naming every requirement it misses); a park whose value is
unknown is kept and shown as unknown, or removed with ``unknown = "exclude"``.
:func:`apply_requirements` merges the removals into the hard constraints' outcome, so that
every output lists them and a requirement no park meets ends the run with exit code 4,
naming per requirement how many parks it removed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from siteselect.config.requirements import REQUIREMENT_BY_KEY, RequirementSpec, stated
from siteselect.constraints import ConstraintOutcome, Elimination

if TYPE_CHECKING:
    from siteselect.config.schema import RequirementsSection, SearchConfig
    from siteselect.criteria import Candidates, MeasureResult

Status = Literal["met", "not_met", "unknown"]
STATUSES: tuple[Status, ...] = ("met", "not_met", "unknown")
REQUIREMENT_STAGE = "requirement"
STATUS_MARKS: Mapping[str, str] = {"met": "✓", "not_met": "✗", "unknown": "?"}


@dataclass(frozen=True)
class RequirementCheck:
    """One requirement of one park.

    Attributes
    ----------
    requirement
        The ``[requirements]`` key (``power_mva``).
    status
        ``met``, ``not_met`` or ``unknown``.
    value
        The park's value in ``unit`` (hours for ``border_hours``; a date; a list), or
        ``None`` when unknown.
    needed
        What the tenant needs, in ``unit``.
    unit
        The requirement's unit (``""`` for yes/no, dates and lists).
    basis
        Where the value comes from: the facts file's name, ``criterion <name>``, or
        ``candidates`` (a column of the candidates such as the embedded ``rail_spur``).
    user_supplied
        The value comes from the user's facts file (marked ‡ in outputs).
    note
        What else to know (``build-to-suit``, ``unreachable``, the missing items).
    """

    requirement: str
    status: Status
    value: Any
    needed: Any
    unit: str
    basis: str
    user_supplied: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        """The requirement as a rule: ``power_mva >= 8 MVA``."""
        return requirement_label(REQUIREMENT_BY_KEY[self.requirement], self.needed)


@dataclass(frozen=True)
class RequirementSummary:
    """How one requirement fared over the candidates considered."""

    requirement: str
    label: str
    needed: Any
    unit: str
    basis: str
    met: int
    not_met: int
    unknown: int
    removed: int


@dataclass(frozen=True)
class RequirementsOutcome:
    """Every park checked against every requirement.

    Attributes
    ----------
    checks
        Candidate id -> its checks, in the requirements' order.
    summaries
        Per requirement: met, not met, unknown, removed.
    unknown
        ``keep`` or ``exclude``: what an unknown value did.
    removed
        Index: id; ``name``, ``stage`` (``requirement``), ``reason`` (every requirement
        missed), ``constraint`` (the first).
    notes
        Which criteria the hour and pool requirements read (and whether they were added).
    tenant
        The tenant's label, if the section gives one.
    """

    checks: Mapping[str, tuple[RequirementCheck, ...]]
    summaries: tuple[RequirementSummary, ...]
    unknown: str
    removed: pd.DataFrame
    notes: tuple[str, ...] = ()
    tenant: str = ""

    def for_park(self, cid: str) -> tuple[RequirementCheck, ...]:
        """The checks of one park (empty for an id not considered)."""
        return self.checks.get(str(cid), ())

    def missed(self, cid: str) -> tuple[RequirementCheck, ...]:
        """The requirements a park does not meet."""
        return tuple(c for c in self.for_park(cid) if c.status == "not_met")


def requirement_label(spec: RequirementSpec, needed: Any) -> str:
    """A requirement as a rule, in its unit: ``land_ha >= 12 ha``, ``rail = yes``."""
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.check == "min":
        return f"{spec.key} >= {needed:g}{unit}"
    if spec.check in ("max", "hours"):
        return f"{spec.key} <= {needed:g}{unit}"
    if spec.check == "yes":
        return f"{spec.key} = yes"
    if spec.check == "by":
        return f"{spec.key} {needed.isoformat() if isinstance(needed, date) else needed}"
    if spec.check == "all":
        return f"{spec.key}: {', '.join(needed)}"
    return f"{spec.key} >= {needed:,.0f} people"


def _needed(section: RequirementsSection, spec: RequirementSpec) -> Any:
    value = getattr(section, spec.key)
    if spec.check == "pool":
        return float(value) * float(section.labour_pool_per_worker or 0.0)
    if spec.check == "all":
        from siteselect.facts.cells import parse_list
        from siteselect.facts.schema import FACT_BY_KEY

        return parse_list("; ".join(value), FACT_BY_KEY["certifications"])
    return value


def _unknown(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def _truth(value: Any) -> bool | None:
    if _unknown(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "sí", "si", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    return None


def _date(value: Any) -> date | None:
    if _unknown(value):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def check_requirements(
    candidates: Candidates,
    measures: Mapping[str, MeasureResult],
    config: SearchConfig,
) -> RequirementsOutcome | None:
    """Check every candidate against the config's (compiled) requirements.

    Returns ``None`` for a search without ``[requirements]``.
    """
    section = config.requirements
    if section is None:
        return None
    frame = candidates.frame
    ids = frame.index.astype(str).tolist()
    facts = candidates.facts
    policy = section.unknown or (
        "exclude"
        if config.candidates.facts is not None and config.candidates.facts.missing == "exclude"
        else "keep"
    )
    specs = stated(section)
    per_park: dict[str, list[RequirementCheck]] = {cid: [] for cid in ids}
    notes: list[str] = []
    for spec in specs:
        needed = _needed(section, spec)
        checks = _check_one(spec, needed, section, candidates, measures, ids, notes)
        for cid, check in zip(ids, checks, strict=True):
            per_park[cid].append(check)
    if facts is None and any(s.fact is not None for s in specs):
        notes.append(
            "requirements on park facts are unknown for every park: the search has no facts "
            'sheet ([candidates] facts = "parks.xlsx")'
        )
    removed_rows: list[tuple[str, str, str, str]] = []
    names = frame["name"].astype(str)
    for cid in ids:
        missed = [c for c in per_park[cid] if c.status == "not_met"]
        gaps = [c for c in per_park[cid] if c.status == "unknown"] if policy == "exclude" else []
        if not missed and not gaps:
            continue
        parts = [f"{c.label} ({describe_value(c)})" for c in missed]
        parts += [f"{c.label} (unknown; unknown = exclude)" for c in gaps]
        first = (missed or gaps)[0]
        reason = "misses requirement" + ("s" if len(parts) > 1 else "") + ": " + "; ".join(parts)
        removed_rows.append((cid, str(names.loc[cid]), reason, f"requirement {first.label}"))
    removed = pd.DataFrame(
        {
            "name": [r[1] for r in removed_rows],
            "stage": REQUIREMENT_STAGE,
            "reason": [r[2] for r in removed_rows],
            "constraint": [r[3] for r in removed_rows],
        },
        index=pd.Index([r[0] for r in removed_rows], name="id", dtype=object),
    )
    summaries = []
    for i, spec in enumerate(specs):
        column = [per_park[cid][i] for cid in ids]
        counts = {s: sum(1 for c in column if c.status == s) for s in STATUSES}
        removed_n = counts["not_met"] + (counts["unknown"] if policy == "exclude" else 0)
        summaries.append(
            RequirementSummary(
                requirement=spec.key,
                label=requirement_label(spec, _needed(section, spec)),
                needed=_needed(section, spec),
                unit=spec.unit,
                basis=_basis(spec, section, facts),
                met=counts["met"],
                not_met=counts["not_met"],
                unknown=counts["unknown"],
                removed=removed_n,
            )
        )
        if counts["unknown"] and policy == "keep":
            notes.append(
                f"requirement {requirement_label(spec, _needed(section, spec))}: "
                f"{counts['unknown']} park(s) unknown, kept and shown as unknown "
                "(unknown = keep)"
            )
    return RequirementsOutcome(
        checks={cid: tuple(v) for cid, v in per_park.items()},
        summaries=tuple(summaries),
        unknown=policy,
        removed=removed.sort_index(),
        notes=tuple(dict.fromkeys(notes)),
        tenant=section.tenant,
    )


def _basis(spec: RequirementSpec, section: RequirementsSection, facts: Any) -> str:
    """Where a requirement's values come from, for its summary."""
    if spec.check in ("hours", "pool"):
        slot = {"border_hours": "border_criterion", "port_hours": "port_criterion"}.get(
            spec.key, "labour_criterion"
        )
        return f"criterion {getattr(section, slot)}"
    if facts is not None and spec.fact in facts.keys:
        return f"{facts.file} ({spec.fact})"
    return f"candidates ({spec.fact})"


def describe_value(check: RequirementCheck) -> str:
    """A park's value for a requirement, in words: ``has 6.5 MVA``, ``no``, ``unknown``."""
    if check.status == "unknown" and _unknown(check.value):
        return "unknown"
    value = check.value
    unit = f" {check.unit}" if check.unit else ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float):
        if math.isinf(value):
            text = "unreachable"
        elif check.unit == "h":
            text = f"{value:.2f}{unit}"
        elif abs(value) >= 1000 or value.is_integer():
            text = f"{value:,.0f}{unit}"
        else:
            text = f"{value:,.3g}{unit}"
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, tuple):
        text = ", ".join(value) or "none"
    else:
        text = str(value)
    if check.note:
        text += f"; {check.note}"
    return f"has {text}" if check.status == "not_met" else text


def _check_one(
    spec: RequirementSpec,
    needed: Any,
    section: RequirementsSection,
    candidates: Candidates,
    measures: Mapping[str, MeasureResult],
    ids: Sequence[str],
    notes: list[str],
) -> list[RequirementCheck]:
    if spec.check in ("hours", "pool"):
        return _check_criterion(spec, needed, section, measures, ids, notes)
    frame = candidates.frame
    facts = candidates.facts
    key = str(spec.fact)
    column = frame[key] if key in frame.columns else pd.Series(None, index=frame.index)
    file = facts.file if facts is not None else ""
    out = []
    for cid, value in zip(ids, column.tolist(), strict=True):
        user = facts is not None and facts.value(cid, key) is not None
        basis = file if user else "candidates"
        status, shown, note = _judge(spec, needed, value)
        if spec.key == "building_m2" and status != "met":
            bts = frame["build_to_suit"].loc[cid] if "build_to_suit" in frame.columns else None
            if _truth(bts):
                status, note = "met", "build-to-suit"
        out.append(RequirementCheck(spec.key, status, shown, needed, spec.unit, basis, user, note))
    return out


def _judge(spec: RequirementSpec, needed: Any, value: Any) -> tuple[Status, Any, str]:
    """Status, the value as shown (in the requirement's unit) and a note."""
    if spec.check in ("min", "max"):
        if _unknown(value):
            return "unknown", None, ""
        x = float(value)
        ok = x >= float(needed) if spec.check == "min" else x <= float(needed)
        return ("met" if ok else "not_met"), x, ""
    if spec.check == "yes":
        truth = _truth(value)
        if truth is None:
            return "unknown", None, ""
        return ("met" if truth else "not_met"), truth, ""
    if spec.check == "by":
        day = _date(value)
        if day is None:
            return "unknown", None, ""
        return ("met" if day <= needed else "not_met"), day, ""
    # all items of a list
    if _unknown(value) or not str(value).strip():
        return "unknown", None, ""
    have = tuple(p.strip() for p in str(value).split(";") if p.strip())
    lower = {h.lower() for h in have}
    lacking = [n for n in needed if n.lower() not in lower]
    if lacking:
        return "not_met", have, f"lacks {', '.join(lacking)}"
    return "met", have, ""


def _check_criterion(
    spec: RequirementSpec,
    needed: Any,
    section: RequirementsSection,
    measures: Mapping[str, MeasureResult],
    ids: Sequence[str],
    notes: list[str],
) -> list[RequirementCheck]:
    """Hours to the border or the seaport, or the labour pool, from a criterion's values."""
    slot = {"border_hours": "border_criterion", "port_hours": "port_criterion"}.get(
        spec.key, "labour_criterion"
    )
    name = str(getattr(section, slot))
    result = measures[name]
    from siteselect.config.requirements import ADDED_BORDER, ADDED_LABOUR, ADDED_PORT

    if name in (ADDED_BORDER, ADDED_PORT, ADDED_LABOUR):
        what = {
            ADDED_BORDER: "no drive-time criterion to border crossings",
            ADDED_PORT: "no drive-time criterion to seaports",
            ADDED_LABOUR: "no labour (population_within) criterion",
        }[name]
        notes.append(
            f"requirement {spec.key} reads criterion {name!r}, added with weight 0 because the "
            f"profile has {what}"
        )
    else:
        notes.append(f"requirement {spec.key} reads the profile's criterion {name!r}")
    out = []
    for i, _cid in enumerate(ids):
        raw = float(result.values[i])
        if spec.check == "hours":
            value = raw / 60.0 if result.unit == "min" else raw
            if math.isnan(value):
                out.append(
                    RequirementCheck(spec.key, "unknown", None, needed, "h", f"criterion {name}")
                )
                continue
            note = "unreachable" if math.isinf(value) else ""
            status: Status = "met" if value <= float(needed) else "not_met"
            out.append(
                RequirementCheck(
                    spec.key, status, value, needed, "h", f"criterion {name}", False, note
                )
            )
        else:
            if math.isnan(raw):
                out.append(
                    RequirementCheck(
                        spec.key, "unknown", None, needed, "people", f"criterion {name}"
                    )
                )
                continue
            status = "met" if raw >= float(needed) else "not_met"
            note = f"{section.workers:,} workers x {section.labour_pool_per_worker:g} per worker"
            out.append(
                RequirementCheck(
                    spec.key, status, raw, needed, "people", f"criterion {name}", False, note
                )
            )
    return out


def apply_requirements(
    outcome: ConstraintOutcome,
    candidates: Candidates,
    measures: Mapping[str, MeasureResult],
    config: SearchConfig,
) -> ConstraintOutcome:
    """The hard constraints' outcome with the requirements' removals merged in.

    Each requirement becomes an :class:`~siteselect.constraints.Elimination` (what it
    removes on its own); a park removed by both keeps the hard constraint's reason.
    """
    checked = check_requirements(candidates, measures, config)
    if checked is None:
        return outcome
    frame = candidates.frame
    ids = frame.index.astype(str).tolist()
    eliminations = list(outcome.eliminations)
    for summary in checked.summaries:
        gone = [
            cid
            for cid in ids
            if any(
                c.requirement == summary.requirement
                and (
                    c.status == "not_met"
                    or (c.status == "unknown" and checked.unknown == "exclude")
                )
                for c in checked.for_park(cid)
            )
        ]
        eliminations.append(
            Elimination(f"requirement {summary.label}", len(gone), tuple(sorted(gone)))
        )
    removed = checked.removed
    extra = removed.loc[~removed.index.isin(outcome.eliminated.index)]
    parts = [p for p in (outcome.eliminated, extra) if len(p)]
    eliminated = (
        pd.concat(parts).sort_index()
        if len(parts) > 1
        else (parts[0] if parts else outcome.eliminated)
    )
    kept = outcome.kept[~outcome.kept.isin(removed.index)]
    return replace(
        outcome,
        kept=kept,
        eliminations=tuple(eliminations),
        eliminated=eliminated,
        requirements=checked,
    )
