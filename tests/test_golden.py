"""The default search on the embedded data, pinned: top 10 ids and scores to 1e-6.

Regenerate on purpose with ``python tools/regen_golden.py`` when the data or the default
profile change, and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

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
