"""Text from user files is data, never markup or terminal control, in every output."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from siteselect.constants import OUTSIDE_CORRIDORS, USER_FILE_MARK

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.results import CriterionValue, RankResult

# C0 controls except tab/newline, DEL and the C1 block: what a terminal would act on; and the
# bidirectional formatting characters (U+061C, U+200E/F, U+202A-E, U+2066-9), which reorder
# what a reader sees ("Trojan Source", CVE-2021-42574): a name must read as it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# OWASP CSV injection: cells a spreadsheet would evaluate as a formula or command.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def strip_control(text: str) -> str:
    """Remove C0/C1 control characters (escape sequences start with one) and bidirectional
    overrides, embeddings, isolates and marks from text."""
    return _CONTROL.sub("", text)


def neutralise_cell(text: str) -> str:
    """A CSV cell that is data for a spreadsheet and a terminal alike.

    Control characters are removed (a CSV printed on a terminal must not drive it), and a
    cell that a spreadsheet would run as a formula is prefixed with a single quote.
    """
    text = strip_control(text)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def removal_kind(stage: str, reason: str) -> str:
    """A removal's reason without its row number and values, for counting."""
    import re

    if stage == "corridor":
        # "outside the selected corridors (north-centre)": counted per corridor
        return reason.removeprefix(OUTSIDE_CORRIDORS).strip(" ()") or "in no corridor"
    if stage == "constraint":
        return "missing value" if reason.startswith("no value") else "fails a constraint"
    kind = re.sub(r"^row \d+: ", "", reason)
    kind = re.sub(r" \(.*\)$", "", kind)
    return re.sub(r" '[^']*'", "", kind)


def describe_removed(removed: pd.DataFrame) -> str:
    """``12 (input: outside Mexico's bounding box 2, duplicate id 1; corridor: ...)``."""
    from collections import Counter

    parts = []
    for stage in dict.fromkeys(removed["stage"].astype(str)):
        rows = removed.loc[removed["stage"].astype(str) == stage, "reason"].astype(str)
        kinds = Counter(removal_kind(stage, r) for r in rows)
        counts = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        if stage == "corridor":  # by the corridor each lies in
            counts = f"{OUTSIDE_CORRIDORS} ({counts})"
        parts.append(f"{stage}: {counts}")
    return f"{len(removed)} ({'; '.join(parts)})"


def removal_summary(result: RankResult) -> str | None:
    """One line for stderr counting every candidate removed, or None when none was.

    The embedded parks that lie outside the search's corridors are the search's scope, not a
    problem with its input: they are counted under the table (``removed before scoring``) and
    listed in the exports, but not warned about on every run.
    """
    gone = result.eliminated
    if result.candidates.source == "embedded parks" and "stage" in gone.columns:
        gone = gone.loc[gone["stage"].astype(str) != "corridor"]
    if len(gone) == 0:
        return None
    total = len(result.candidates.frame) + len(result.removed)
    return (
        f"removed {describe_removed(gone)} of {total} candidates; each is listed with its "
        "reason under `eliminated` (--format json, geojson or csv)"
    )


def describe_drivers(result: RankResult, cid: str) -> tuple[str, str]:
    """What helped and what hurt a ranked candidate most, with raw values and units:
    ``("labour (5.53 M people), border (232 min)", "seaport (501 min)")``."""
    from siteselect.frames import cell
    from siteselect.report.numbers import format_raw

    helped, hurt = result.drivers(cid)
    raw = result.raw
    units = result.units

    def describe(names: list[str]) -> str:
        return ", ".join(f"{c} ({format_raw(float(cell(raw, cid, c)), units[c])})" for c in names)

    return describe(helped), describe(hurt)


def describe_fact_basis(value: CriterionValue) -> str | None:
    """Where a value that can come from the park's own facts came from, in English.

    ``from the park's facts (40 MVA at 115 kV, 2026-03-01, developer's sheet; parks.xlsx) ‡``
    or ``grid distance (fallback)``; ``None`` for a criterion that never reads facts (or a
    search without a facts sheet).
    """

    flag = value.details.get("from_facts")
    if flag is None:
        return None
    if flag <= 0:
        return "grid distance (fallback)"
    by_key = {f.key: f for f in value.facts}
    figures = [
        f"{by_key[k].number:g} {by_key[k].unit}".strip()
        for k in ("power_mva_available", "supply_voltage_kv")
        if k in by_key
    ]
    parts = [" at ".join(figures)] if figures else []
    dates = sorted({f.date.isoformat() for f in value.facts if f.date is not None})
    sources = sorted({strip_control(f.source) for f in value.facts if f.source})
    parts += dates + sources
    if value.facts_file:
        parts.append(strip_control(value.facts_file))
    short = ": short of the need" if value.details.get("facts_short", 0.0) > 0 else ""
    return f"from the park's facts ({', '.join(parts)}){short} {USER_FILE_MARK}"
