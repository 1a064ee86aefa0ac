"""The facts of parks as read: values in canonical units with their dates and sources.

:class:`FactSheet` is a sheet as read and checked (before it meets any candidates);
:class:`FactSet` is what joined a search's candidates: per park, per fact, a
:class:`FactValue`. Measures read a :class:`FactSet` through
:attr:`siteselect.criteria.Candidates.facts` (``candidates.fact_values(key)``), never the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.facts.schema import FACT_BY_KEY

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from siteselect.facts.headers import Column
    from siteselect.facts.match import Match

FactScalar = float | int | bool | str | date | tuple[str, ...]


@dataclass(frozen=True)
class FactValue:
    """One fact of one park.

    Attributes
    ----------
    key
        The fact's key (``power_mva_available``).
    value
        In the canonical unit: a float for numbers, int for years, bool, ISO ``date``, a
        choice's key, a tuple of list items, or text.
    unit
        The canonical unit (``""`` for none).
    date, source
        The date and source the fact carries (row, group or file level).
    given
        The cell as written, with the column's unit (``10.8 MW``).
    stale
        Older than the search's or the validation's maximum age.
    column
        The column it came from (``H``).
    """

    key: str
    value: FactScalar
    unit: str
    date: date | None
    source: str | None
    given: str
    stale: bool = False
    column: str = ""

    @property
    def number(self) -> float:
        """The value as a float (yes/no as 1/0; NaN for text, dates and lists)."""
        value = self.value
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        if isinstance(value, int | float):
            return float(value)
        return float("nan")

    def to_json(self) -> dict[str, Any]:
        """The fact as the park-facts JSON Schema describes it."""
        value: Any = self.value
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out: dict[str, Any] = {
            "value": value,
            "unit": self.unit,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "given": self.given,
        }
        if self.stale:
            out["stale"] = True
        return out


@dataclass(frozen=True)
class FactRow:
    """One park's row of a sheet: identity and facts."""

    row: int
    id: str | None
    name: str | None
    municipality: str | None
    state: str | None
    identity: Mapping[str, str]
    facts: Mapping[str, FactValue]


@dataclass(frozen=True)
class FactProblem:
    """Something wrong or worth knowing in a sheet.

    ``severity`` is ``error`` (the sheet is invalid), ``warning`` (suspicious, read anyway)
    or ``stale`` (a fact older than the maximum age). ``row`` is the sheet row (1 = first),
    ``column`` its letter.
    """

    severity: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class FactSheet:
    """A facts sheet read and checked, before it meets candidates.

    Attributes
    ----------
    file, format, sheet
        File name (never its folder), format (``XLSX``, ``CSV``...) and sheet read.
    schema_version
        The schema version the file declares (the current one when it declares none).
    lang
        The language of its titles (``es``, ``en`` or ``None``).
    illustrative
        Whether its values are declared illustrative (by the file or the search).
    header_row
        The sheet row of the column titles (1 = first).
    columns
        What each column holds.
    rows
        The parks' rows that could be read.
    problems
        Errors, warnings and stale facts, in sheet order.
    conversions
        How each converted column became its canonical unit.
    notes
        What reading found (encoding, separator, merged cells spread).
    as_of, max_age_days
        Reference date and maximum age of the staleness check.
    """

    file: str
    format: str
    sheet: str | None
    schema_version: str
    lang: str | None
    illustrative: bool
    header_row: int
    columns: tuple[Column, ...]
    rows: tuple[FactRow, ...]
    problems: tuple[FactProblem, ...]
    conversions: tuple[str, ...]
    notes: tuple[str, ...]
    as_of: date
    max_age_days: int | None

    @property
    def errors(self) -> tuple[FactProblem, ...]:
        """The problems that make the sheet invalid."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def valid(self) -> bool:
        """Whether the sheet has no error."""
        return not self.errors

    @property
    def keys(self) -> tuple[str, ...]:
        """The facts the sheet has a column for, in schema order."""
        present = {c.key for c in self.columns if c.role == "fact"}
        return tuple(k for k in FACT_BY_KEY if k in present and FACT_BY_KEY[k].dated)


@dataclass(frozen=True)
class FactSet:
    """The facts that joined a search's candidates.

    Attributes
    ----------
    file
        The facts file's name (credited in every output).
    illustrative
        The values are declared illustrative (clearly fictitious or estimated).
    missing
        The search's policy for an unknown fact: ``exclude``, ``neutral`` or ``penalise``.
    keys
        The facts the file has a column for.
    by_park
        Candidate id -> fact key -> value, for the candidates a row joined.
    matches
        Where every row went (id, name, fuzzy, none).
    problems
        The sheet's warnings and stale facts (a sheet with errors stops a search).
    conversions, notes
        How units were converted; what reading found.
    schema_version, as_of, max_age_days
        As for :class:`FactSheet`.
    """

    file: str
    illustrative: bool
    missing: str
    keys: tuple[str, ...]
    by_park: Mapping[str, Mapping[str, FactValue]]
    matches: tuple[Match, ...] = ()
    problems: tuple[FactProblem, ...] = ()
    conversions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    schema_version: str = ""
    as_of: date | None = None
    max_age_days: int | None = None
    identity: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def value(self, cid: str, key: str) -> FactValue | None:
        """One park's fact, or ``None`` when unknown."""
        return self.by_park.get(str(cid), {}).get(key)

    def numbers(self, ids: Sequence[Any], key: str) -> NDArray[np.float64]:
        """A fact as floats aligned with ``ids`` (NaN where unknown; yes/no as 1/0)."""
        out = np.full(len(ids), np.nan, dtype=np.float64)
        for i, cid in enumerate(ids):
            found = self.value(str(cid), key)
            if found is not None:
                out[i] = found.number
        return out

    def known(self, ids: Sequence[Any], key: str) -> NDArray[np.bool_]:
        """Whether each of ``ids`` has the fact."""
        return np.array([self.value(str(c), key) is not None for c in ids], dtype=bool)

    @property
    def stale(self) -> tuple[FactProblem, ...]:
        """The stale-fact problems."""
        return tuple(p for p in self.problems if p.severity == "stale")

    @property
    def fuzzy(self) -> tuple[Match, ...]:
        """Rows joined by a fuzzy name match."""
        return tuple(m for m in self.matches if m.how == "fuzzy")

    @property
    def misses(self) -> tuple[Match, ...]:
        """Rows that joined no candidate."""
        return tuple(m for m in self.matches if m.park is None)

    def describe_policy(self) -> str:
        """The missing-fact policy in one sentence (every output says it)."""
        return describe_missing_policy(self.missing)


def describe_missing_policy(policy: str) -> str:
    """What a missing-fact policy does, in one sentence."""
    return {
        "exclude": "a park without the fact is removed (missing = exclude)",
        "neutral": "a park without the fact is scored at the median of the known values "
        "(missing = neutral)",
        "penalise": "a park without the fact is scored at the worst known value "
        "(missing = penalise)",
    }[policy]


@dataclass(frozen=True)
class FactValidation:
    """What ``siteselect facts validate`` found.

    Attributes
    ----------
    sheet
        The sheet as read and checked.
    facts
        Its rows joined to the candidates (matches, and every problem: the sheet's and the
        join's).
    candidates
        How many parks the rows were matched against.
    settings
        The conversion figures used (power factor, exchange rate and its date).
    """

    sheet: FactSheet
    facts: FactSet
    candidates: int
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def problems(self) -> tuple[FactProblem, ...]:
        """Every problem, in sheet order."""
        return self.facts.problems

    @property
    def valid(self) -> bool:
        """Whether the file has no error (stale facts and warnings do not make it invalid)."""
        return not any(p.severity == "error" for p in self.problems)

    def counts(self) -> dict[str, int]:
        """Problems by severity."""
        out = {"error": 0, "warning": 0, "stale": 0}
        for p in self.problems:
            out[p.severity] = out.get(p.severity, 0) + 1
        return out
