"""Tests for siteselect.mcda.explain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from siteselect.errors import ConfigError
from siteselect.mcda import CriterionSpec, compare_candidates, explain_candidate, score


def problem() -> tuple[pd.DataFrame, list[CriterionSpec]]:
    raw = pd.DataFrame(
        {
            "drive_min": [20.0, 60.0, 40.0],
            "area_ha": [100.0, 300.0, 200.0],
            "flat": [1.0, 1.0, 1.0],
        },
        index=["qro-1", "slp-2", "gto-3"],
    )
    crit = [
        CriterionSpec("drive_min", "min", 3.0),
        CriterionSpec("area_ha", "max", 1.0),
        CriterionSpec("flat", "max", 1.0),
    ]
    return raw, crit


def test_explain_candidate_rows_sum_to_wsm_score() -> None:
    raw, crit = problem()
    res = score(raw, crit)
    ex = explain_candidate(res, raw, "qro-1")
    assert list(ex.index) == ["drive_min", "area_ha", "flat"]  # helped most first, dropped last
    assert ex.at["drive_min", "raw"] == 20.0
    assert ex.at["drive_min", "normalised"] == 1.0
    assert ex.at["drive_min", "weight"] == pytest.approx(0.75)
    assert ex["contribution"].sum() == pytest.approx(res.table.at["qro-1", "score"])
    assert ex.at["flat", "note"].startswith("dropped: constant")
    assert np.isnan(ex.at["flat", "normalised"])


def test_compare_candidates_difference() -> None:
    raw, crit = problem()
    res = score(raw, crit)
    cmp = compare_candidates(res, raw, ["qro-1", "slp-2"])
    assert list(cmp.index) == ["drive_min", "area_ha"]
    assert cmp.at["area_ha", "raw:slp-2"] == 300.0
    diff = cmp["difference"].sum()
    expected = res.table.at["qro-1", "score"] - res.table.at["slp-2", "score"]
    assert diff == pytest.approx(expected)
    three = compare_candidates(res, raw, ["qro-1", "slp-2", "gto-3"])
    assert "difference" not in three.columns
    with pytest.raises(ConfigError, match="unknown candidate id 'nope'"):
        explain_candidate(res, raw, "nope")
    with pytest.raises(ConfigError, match="two or more"):
        compare_candidates(res, raw, ["qro-1"])
