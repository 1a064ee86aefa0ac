"""CLI tests for `explain`, `compare` and `sensitivity` on the embedded data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run_main

PARK = "parque-industrial-queretaro"


def test_explain_json_shows_criteria_access_and_shed() -> None:
    code, out, err = run_main(["explain", PARK, "--profile", "automotive-tier1", "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["id"] == PARK and doc["rank"] >= 1
    names = [r["criterion"] for r in doc["criteria"]]
    assert names[0] == "oems"  # in the profile's order
    weights = [r["weight"] for r in doc["criteria"]]
    assert sum(weights) == pytest.approx(1.0, abs=1e-6)
    by_name = {r["criterion"]: r for r in doc["criteria"]}
    # The facility each criterion was measured to, as the score used it.
    assert by_name["border"]["nearest"]["layer"] == "border_crossings"
    assert "nearest" not in by_name["labour"]
    nearest = {r["criterion"]: r for r in doc["access"]["nearest"]}
    assert {"border", "seaport"} <= set(nearest)
    for row in nearest.values():
        if "drive_km" in row:
            # A road trip is never shorter than the straight line.
            assert row["drive_km"] >= row["straight_km"] - 1e-6
            assert row["drive_min"] == by_name[row["criterion"]]["raw"]
    shed = doc["access"]["labour_shed"]
    assert shed["60"] == by_name["labour"]["raw"]
    assert shed["60"] > 1_000_000  # Querétaro's metropolitan area alone has more


def test_explain_unknown_park_suggests_close_ids() -> None:
    code, out, err = run_main(["explain", "parque-industrial-queretar"])
    assert code == 3
    assert "unknown park" in err and PARK in err
    assert out == ""


def test_compare_reports_a_weight_that_swaps_or_says_none() -> None:
    code, out, err = run_main(
        ["compare", PARK, "guanajuato-puerto-interior", "--profile", "logistics", "-f", "json"]
    )
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["parks"]) == 2
    (swap,) = doc["swaps"]
    assert swap["ahead"] != swap["behind"]
    assert ("weight_to" in swap) or ("cannot overtake" in swap["text"])


def test_sensitivity_is_reproducible_with_a_seed() -> None:
    args = [
        "sensitivity",
        "--profile",
        "logistics",
        "--samples",
        "200",
        "--seed",
        "3",
        "-f",
        "json",
    ]
    code, out1, err = run_main(args)
    assert code == 0, err
    code, out2, _ = run_main(args)
    assert out1 == out2
    doc = json.loads(out1)
    for entry in doc["acceptability"]:
        assert sum(entry["ranks"].values()) == pytest.approx(1.0)
        assert 0.0 <= entry["p_top_k"] <= 1.0


def test_sensitivity_rejects_bad_options() -> None:
    code, _, err = run_main(["sensitivity", "--samples", "0"])
    assert code == 2 and "--samples" in err
    code, _, err = run_main(["sensitivity", "--profile", "logistics", "--sweep", "nope"])
    assert code == 2 and "--sweep" in err


def test_explain_and_compare_search_the_configs_corridors() -> None:
    """Without --corridor, explain ranks a park among the same candidates as rank does."""
    code, out, _ = run_main(["rank", "--corridor", "northeast", "-f", "json", "-n", "1"])
    top = json.loads(out)["results"][0]
    code, out, err = run_main(["explain", top["id"], "--corridor", "northeast", "-f", "json"])
    assert code == 0, err
    assert json.loads(out)["rank"] == 1
    code, _, err = run_main(["explain", "parque-industrial-queretaro", "--corridor", "northeast"])
    assert code == 2 and "removed before scoring (corridor)" in err and "--corridor all" in err


@pytest.mark.parametrize("width", ["80", "200"])
def test_explain_says_unreachable_not_inf_min(width: str, tmp_path: Path) -> None:
    # 30,000 workers need 8.1 M people: within the commute's 60 minutes only Monterrey has
    # them, so Querétaro's commute to its pool is infinite. It printed "inf min".
    tenant = tmp_path / "tenant.toml"
    tenant.write_text("[requirements]\nworkers = 30000\n", encoding="utf-8")
    code, out, err = run_main(["explain", PARK, "--requirements", str(tenant), "--width", width])
    assert code == 0, err
    (row,) = [line for line in out.splitlines() if line.startswith("│ commute ")]
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[1] == "unreachable"  # the ranked table's word (its "Hurt most" column)
    assert "inf min" not in out
