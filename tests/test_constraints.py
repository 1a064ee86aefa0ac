"""Tests for siteselect.constraints: hard rules, counts, reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from siteselect.config import parse_config
from siteselect.constraints import apply_constraints
from siteselect.criteria import MeasureResult


def test_elimination_report_counts_each_constraint() -> None:
    cfg = parse_config(
        {
            "criteria": [
                {
                    "name": "c",
                    "measure": "attribute",
                    "column": "cost",
                    "direction": "min",
                    "weight": 1,
                }
            ],
            "constraints": [
                {"column": "cost", "max": 100},
                {"column": "rail", "require": True, "name": "rail spur"},
                {"criterion": "c", "min": 0},
            ],
        }
    )
    cands = pd.DataFrame(
        {
            "name": list("ABCD"),
            "cost": [90, 120, 80, None],
            "rail": ["true", "true", "false", "true"],
        },
        index=list("abcd"),
    )
    measures = {"c": MeasureResult(values=np.array([90.0, 120.0, 80.0, np.nan]), unit="USD")}
    out = apply_constraints(
        cands, measures, list(cfg.constraints), illustrative_columns=frozenset({"rail"})
    )
    assert list(out.kept) == ["a"]
    assert [(e.constraint, e.removed, e.ids) for e in out.eliminations] == [
        ("cost <= 100", 2, ("b", "d")),  # a missing value cannot be shown to meet it
        ("rail spur", 1, ("c",)),
        ("c >= 0", 1, ("d",)),
    ]
    assert out.eliminated["constraint"].to_dict() == {
        "b": "cost <= 100",
        "c": "rail spur",
        "d": "cost <= 100",
    }
    assert set(out.eliminated["stage"]) == {"constraint"}
    assert out.eliminated.loc["c", "reason"] == "fails the hard constraint 'rail spur'"
    assert out.illustrative == ("rail spur",)
