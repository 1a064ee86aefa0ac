"""The candidate set a search considers, and the table of candidates removed on the way in."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from siteselect.criteria import Candidates

REMOVED_COLUMNS = ("name", "stage", "reason")
INPUT_STAGE = "input"


@dataclass(frozen=True)
class CandidateSet:
    """The candidates a search considers, and those removed on the way in.

    Attributes
    ----------
    candidates
        The considered candidates.
    removed
        Index: id; columns ``name``, ``stage`` (``input`` or ``corridor``), ``reason`` and, for
        candidates with locations, ``geometry`` (EPSG:6372: the footprint or point; ``None``
        for a row without a usable one).
    """

    candidates: Candidates
    removed: pd.DataFrame


_EMPTY_REMOVED: list[pd.DataFrame] = []


def empty_removed() -> pd.DataFrame:
    """A removal table with no rows (a copy: callers add columns)."""
    if not _EMPTY_REMOVED:  # built once: a frame's construction costs 20x its copy
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in REMOVED_COLUMNS})
        _EMPTY_REMOVED.append(empty.rename_axis("id"))
    return _EMPTY_REMOVED[0].copy()
