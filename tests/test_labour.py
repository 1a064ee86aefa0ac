"""Tests for siteselect.labour: labour pools sized from the plant's headcount."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import siteselect as ss
from siteselect.config import parse_config
from siteselect.errors import ConfigError, DataError
from siteselect.labour import POOL_FACTORS, compute_pool_multiple, resolve_pools

ROOT = Path(__file__).resolve().parents[1]


def _facts() -> dict[str, float]:
    with open(ROOT / "data" / "labour_market.csv", encoding="utf-8") as fh:
        return {row["key"]: float(row["value"]) for row in csv.DictReader(fh)}


def test_the_multiple_is_the_inverse_of_the_documented_shares() -> None:
    facts = _facts()
    assert set(POOL_FACTORS) == set(facts)
    # Worked by hand from the shipped table: 1 / (0.747 x 0.60 x 0.165 x 0.05) = 270.4.
    assert compute_pool_multiple(facts) == pytest.approx(
        1 / (0.747 * 0.60 * 0.165 * 0.05), rel=1e-12
    )
    assert compute_pool_multiple(facts) == pytest.approx(270.4, abs=0.05)


def test_a_share_outside_0_1_is_a_data_error() -> None:
    with pytest.raises(DataError, match="hire_share"):
        compute_pool_multiple({**_facts(), "hire_share": 5.0})


def _labour_config(workers: int | None) -> dict[str, object]:
    data: dict[str, object] = {
        "criteria": [
            {
                "name": "labour",
                "measure": "population_within",
                "minutes": 60,
                "direction": "max",
                "weight": 1,
                "value": "pool",
            }
        ]
    }
    if workers is not None:
        data["requirements"] = {"workers": workers}
    return data


def test_pool_needs_the_headcount() -> None:
    with pytest.raises(ConfigError, match=r"\[requirements\] workers"):
        parse_config(_labour_config(None))


def test_pool_applies_to_labour_sheds_only() -> None:
    data = _labour_config(1000)
    data["criteria"] = [
        {
            "name": "labour",
            "measure": "commute_burden",
            "minutes": 60,
            "direction": "max",
            "weight": 1,
            "value": "pool",
        }
    ]
    with pytest.raises(ConfigError, match="population_within"):
        parse_config(data)


def test_resolved_pool_is_linear_from_zero_to_workers_times_the_multiple() -> None:
    config, pools = resolve_pools(parse_config(_labour_config(1500)), _facts())
    (labour,) = config.criteria
    assert labour.value == "linear" and labour.worst == 0.0
    assert labour.best == pytest.approx(round(1500 * compute_pool_multiple(_facts()), -3))
    assert pools[0].people == labour.best and "1,500 workers" in pools[0].describe()


def test_labour_value_saturates_at_the_pool() -> None:
    """Every park whose shed holds the pool scores the full labour value, whatever the metro's
    size; below the pool the value is the shed's share of it."""
    result = ss.rank(config=parse_config(_labour_config(1500)), corridors=["all"], top=200)
    pool = result.config.criteria[0].best
    assert pool is not None
    shed = result.raw["labour"]
    table = result.scores.table
    above = shed[shed >= pool].index
    below = shed[shed < pool].index
    assert len(above) >= 2 and len(below) >= 1
    values = {c: result.explain(c).criteria[0].value for c in [*above[:5], *below[:3]]}
    for cid in above[:5]:
        assert values[cid] == pytest.approx(1.0)
    for cid in below[:3]:
        assert values[cid] == pytest.approx(shed[cid] / pool)
    # Parks above the pool tie on the only criterion: their scores are equal.
    assert table.loc[above, "score"].nunique() == 1
    assert any("saturates at" in note for note in result.notes)
