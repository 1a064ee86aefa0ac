"""Tests for `siteselect stress` output: which parks the table shows (--top, --all)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from siteselect.cli import cli
from siteselect.errors import ConfigError

ARGS = ["stress", "--profile", "default", "--corridor", "northeast", "--no-ports", "--width", "160"]


def _ranks(text: str) -> list[int]:
    """The ranks in the table's first column."""
    return [int(m.group(1)) for m in re.finditer(r"^│\s+(\d+) │", text, re.M)]


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    runner = CliRunner()
    out = {}
    for key, extra in (("default", []), ("all", ["--all"]), ("json", ["-f", "json"])):
        got = runner.invoke(cli, [*ARGS, *extra], catch_exceptions=False)
        assert got.exit_code == 0, got.output
        out[key] = got.stdout
    return out


def test_the_default_table_shows_the_parks_whose_rank_changes(outputs: dict[str, str]) -> None:
    import json

    parks = json.loads(outputs["json"])["parks"]  # JSON keeps every park
    changed = [p["rank"] for p in parks if p["rank_change"] != 0]
    assert 0 < len(changed) < len(parks)
    assert _ranks(outputs["default"]) == sorted(changed)
    hidden = len(parks) - len(changed)
    assert f"{hidden} of {len(parks)} parks not shown" in " ".join(outputs["default"].split())
    assert _ranks(outputs["all"]) == sorted(p["rank"] for p in parks)
    assert "not shown" not in outputs["all"]


def test_top_n_and_its_errors() -> None:
    runner = CliRunner()
    got = runner.invoke(cli, [*ARGS, "--top", "3"], catch_exceptions=False)
    assert _ranks(got.stdout) == [1, 2, 3]
    for bad, message in ((["--top", "-1"], ">= 0"), (["--all", "--top", "3"], "--all")):
        result = runner.invoke(cli, [*ARGS, *bad])
        assert isinstance(result.exception, ConfigError)
        assert message in str(result.exception)
