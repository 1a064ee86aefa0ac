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


def test_the_eliminated_table_is_the_failing_rows_of_a_geodataframe() -> None:
    """The table of eliminated candidates read from the columns is the one taking the failing
    rows of the candidates (a GeoDataFrame with text ids) gives: names, types, order."""
    import geopandas as gpd
    import shapely

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
            "constraints": [{"column": "cost", "max": 50}, {"column": "cost", "known": True}],
        }
    )
    rng = np.random.default_rng(5)
    cost = np.where(rng.random(40) < 0.2, np.nan, rng.uniform(0, 100, 40))
    ids = pd.Index([f"p{i}" for i in rng.permutation(40)], name="id", dtype="str")
    cands = gpd.GeoDataFrame(
        {"name": pd.Series([f"site {i}" for i in range(40)], index=ids), "cost": cost},
        geometry=shapely.points(rng.uniform(0, 1, (40, 2))),
        index=ids,
        crs=6372,
    )
    out = apply_constraints(cands, {}, list(cfg.constraints))
    failing = ~(cost <= 50)
    assert sorted(out.eliminated.index) == sorted(ids[failing])
    expected = pd.DataFrame(
        {"name": cands.loc[failing, "name"].astype(str), "stage": "constraint"},
        index=ids[failing],
    ).sort_index()
    pd.testing.assert_frame_equal(out.eliminated[["name", "stage"]], expected, check_exact=True)
    assert out.eliminated["constraint"].dtype == object and out.eliminated.index.name == "id"
    none = apply_constraints(cands, {}, [])
    assert len(none.eliminated) == 0 and list(none.eliminated.columns) == list(out.eliminated)
