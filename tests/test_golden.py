"""The default search on the embedded data, pinned: the top 10 of the full ranking (ids and
scores to 1e-6) and, separately, the shortlist the profile's ``[shortlist]`` rule selects from it
with the parks it held back.

Regenerate on purpose with ``python tools/regen_golden.py`` when the data or the default
profile change, and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import siteselect as ss

GOLDEN = Path(__file__).parent / "golden" / "default_top10.json"


def test_default_ranking_matches_the_golden_file() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    result = ss.rank(profile="default", top=10)
    top = result.ranking.head(10)
    assert len(result.candidates.frame) == golden["considered"]
    assert [str(i) for i in top.index] == [g["id"] for g in golden["top"]]
    for (_, row), g in zip(top.iterrows(), golden["top"], strict=True):
        assert float(row["score"]) == pytest.approx(g["score"], abs=1e-6)


def test_default_shortlist_matches_the_golden_file() -> None:
    """The shortlist is a selection from the ranking: at most max_per_metro parks of a metro,
    the parks held back listed with their (unchanged) ranks."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    result = ss.rank(profile="default", top=10)
    assert result.config.shortlist.max_per_metro == golden["max_per_metro"]
    shortlist = [{"id": str(i), "rank": int(r)} for i, r in result.shortlist["rank"].items()]
    assert shortlist == golden["shortlist"]
    held = result.held_back
    assert [
        {"id": str(i), "rank": int(r), "metro": str(m)}
        for i, r, m in zip(held.index, held["rank"], held["metro"], strict=True)
    ] == golden["held_back"]
    # without the rule the shortlist is the top of the ranking
    plain = ss.rank(profile="default", top=10, max_per_metro=0)
    assert list(plain.shortlist.index) == [g["id"] for g in golden["top"]]


LAREDO_LANE = {"world-trade-bridge", "colombia-solidarity"}


def test_default_border_criterion_sends_monterrey_to_the_laredo_lane() -> None:
    """The default profile's border criterion measures the crossings that carry the freight:
    every Monterrey-area park is scored with a Laredo-lane bridge, never a minor crossing."""
    result = ss.rank(profile="default")
    frame = result.candidates.frame
    border = result.measures["border"]
    assert border.nearest is not None
    monterrey = frame.index[frame["state"] == "Nuevo León"]
    assert len(monterrey) >= 20
    used = {border.nearest.ids[result.candidates.position(cid)] for cid in monterrey}
    assert used <= LAREDO_LANE, used
    # and the freight-lane criterion never falls back on a crossing under 300,000 trucks a year
    lanes = result.measures["freight_lane"].nearest
    assert lanes is not None
    crossings = pd.read_csv(Path(__file__).parents[1] / "data" / "border_crossings.csv")
    big = set(crossings.loc[crossings["trucks_northbound"] >= 300_000, "id"])
    assert set(lanes.ids) <= big
