"""Progress on stderr: shown in a terminal only, silenced by --quiet and --format json; the
library's callbacks are called as the work advances and never change a result."""

from __future__ import annotations

import io
from typing import Any

import click
import numpy as np
import pandas as pd
import pytest

from siteselect.cli import cli
from siteselect.cli._progress import (
    CountProgress,
    SolveDisplay,
    StepProgress,
    describe_solve,
    wants_progress,
)
from siteselect.optimize import SolveProgress

LONG_COMMANDS = (
    ("optimize",),
    ("surface",),
    ("stress",),
    ("report",),
    ("sensitivity",),
    ("layers", "fetch-osm"),
)


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _command(path: tuple[str, ...]) -> click.Command:
    ctx = click.Context(cli)
    command: Any = cli
    for name in path:
        command = command.get_command(ctx, name)
    assert isinstance(command, click.Command)
    return command


@pytest.mark.parametrize("path", LONG_COMMANDS, ids=" ".join)
def test_every_long_command_has_quiet(path: tuple[str, ...]) -> None:
    options = {opt for p in _command(path).params for opt in getattr(p, "opts", [])}
    assert {"--quiet", "-q"} <= options


def test_progress_only_on_a_terminal_without_quiet_or_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stderr", _Terminal())
    assert wants_progress(quiet=False)
    assert wants_progress(quiet=False, fmt="csv")
    assert not wants_progress(quiet=True)
    assert not wants_progress(quiet=False, fmt="json")
    monkeypatch.setattr("sys.stderr", io.StringIO())  # piped
    assert not wants_progress(quiet=False)


def test_the_solve_line_says_stage_best_bound_and_gap() -> None:
    event = SolveProgress("bound", 3.2, 100.0, 99.5, "min", "LP")
    assert describe_solve(event) == "bound (LP): best 100, bound 99.5, gap 0.500%"
    assert describe_solve(SolveProgress("rank", 0.1)) == "ranking the parks"
    # An infinite bound (none proven yet) is not shown.
    assert "bound" not in describe_solve(SolveProgress("milp", 1.0, 5.0, float("-inf")))


def test_the_solve_display_keeps_figures_across_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with SolveDisplay(show=True) as update:
        assert update is not None
        update(SolveProgress("warm start", 1.0, 120.0, None))
        update(SolveProgress("bound", 2.0, None, 118.8, detail="Lagrangian"))
        update(SolveProgress("milp", 3.0, detail="cbc"))
    text = terminal.getvalue()
    assert "MILP (cbc): best 120, bound 118.8, gap 1.000%" in text


def test_displays_are_off_when_not_shown() -> None:
    with SolveDisplay(show=False) as a, CountProgress("x", show=False) as b:
        assert a is None and b is None
    with StepProgress("x", show=False) as c:
        assert c is None


def test_count_progress_draws_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with CountProgress("closures", show=True) as advance:
        assert advance is not None
        advance(3, 7)
    assert "closures" in terminal.getvalue() and "3/7" in terminal.getvalue()


def test_optimize_piped_shows_no_progress() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["optimize", "--profile", "default", "--k", "2"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr and "warm start" not in result.stderr


# ---------------------------------------------------------------- the library's callbacks


def test_rank_acceptability_reports_samples_and_keeps_its_table() -> None:
    from siteselect.mcda import CriterionSpec, compute_rank_acceptability

    rng = np.random.default_rng(3)
    raw = pd.DataFrame(rng.uniform(0, 1, (30, 3)), columns=["a", "b", "c"])
    raw.index = [f"p{i}" for i in range(30)]
    specs = [
        CriterionSpec("a", "max", 0.5),
        CriterionSpec("b", "min", 0.3),
        CriterionSpec("c", "max", 0.2),
    ]
    calls: list[tuple[int, int]] = []
    with_progress = compute_rank_acceptability(
        raw, specs, samples=250, seed=1, progress=lambda d, t: calls.append((d, t))
    )
    plain = compute_rank_acceptability(raw, specs, samples=250, seed=1)
    # Reported in chunks (at least 100 updates asked: chunks of 3 samples here), to the end.
    assert len(calls) >= 50 and calls[-1] == (250, 250)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    # The chunks do not change the table.
    pd.testing.assert_frame_equal(with_progress, plain)


def test_stress_reports_each_closure() -> None:
    import siteselect as ss

    calls: list[tuple[int, int]] = []
    result = ss.stress(profile="default", ports=False, progress=lambda d, t: calls.append((d, t)))
    total = calls[-1][1]
    assert calls[-1] == (total, total) and total >= len(result.outcomes) > 0
    assert [d for d, _ in calls] == list(range(total + 1))
