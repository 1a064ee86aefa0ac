"""The default search on the embedded data, pinned: top 10 ids and scores to 1e-6.

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
    top = result.shortlist
    assert len(result.candidates.frame) == golden["considered"]
    assert [str(i) for i in top.index] == [g["id"] for g in golden["top"]]
    for (_, row), g in zip(top.iterrows(), golden["top"], strict=True):
        assert float(row["score"]) == pytest.approx(g["score"], abs=1e-6)


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
