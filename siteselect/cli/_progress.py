"""Progress on stderr for the long commands: a rich display in a terminal, nothing otherwise.

Shown only when stderr is a terminal, the command's output is not ``--format json`` and
``--quiet`` is not given; the library takes plain callbacks, so nothing below the CLI imports
rich. The displays are transient: once the work is done they leave the terminal as it was.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def quiet_option(func: F) -> F:
    """``--quiet/-q``: no progress display on stderr."""
    option: Callable[[F], F] = click.option(
        "--quiet",
        "-q",
        is_flag=True,
        help="No progress display on stderr (it shows only when stderr is a terminal).",
    )
    return option(func)


def wants_progress(quiet: bool, fmt: str | None = None) -> bool:
    """Whether to show progress: stderr is a terminal, no ``--quiet``, no JSON output."""
    return not quiet and fmt != "json" and sys.stderr.isatty()


class _Bar:
    """A transient rich bar on stderr, started on entry when ``show`` (stopped on exit)."""

    def __init__(self, label: str, *, show: bool) -> None:
        self.label = label
        self.show = show
        self._bar: Any = None
        self._task: Any = None

    def _start(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        from siteselect.cli._common import make_console

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=make_console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=None)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


class CountProgress(_Bar):
    """A bar of ``done / total`` items (partitions, scenarios, samples, parks).

    Use as a context manager; it yields a ``(done, total)`` callback, or ``None`` when
    progress is off (the library then skips the calls).
    """

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not self.show:
            return None
        self._start()

        def advance(done: int, total: int) -> None:
            self._bar.update(self._task, completed=done, total=total)

        return advance


class StepProgress(_Bar):
    """A bar of named steps (``(what, done, total)``): the parts of a report, of a fetch."""

    def __enter__(self) -> Callable[[str, int, int], None] | None:
        if not self.show:
            return None
        self._start()

        def update(what: str, done: int, total: int) -> None:
            self._bar.update(
                self._task, completed=done, total=total, description=f"{self.label}: {what}"
            )

        return update


STAGE_TEXT = {
    "rank": "ranking the parks",
    "costs": "demand-to-park costs",
    "aggregate": "aggregating demand",
    "warm start": "warm start",
    "bound": "bound",
    "milp": "MILP",
    "diagnosis": "infeasible: finding the constraint to relax",
}


def describe_solve(event: Any) -> str:
    """One line for a :class:`~siteselect.optimize.SolveProgress`: the stage, then the
    incumbent, the bound and the gap when known."""
    text = STAGE_TEXT.get(event.stage, event.stage)
    if event.detail:
        text += f" ({event.detail})"
    figures = []
    if event.incumbent is not None and math.isfinite(event.incumbent):
        figures.append(f"best {event.incumbent:,.5g}")
    if event.bound is not None and math.isfinite(event.bound):
        figures.append(f"bound {event.bound:,.5g}")
    if event.gap is not None:
        figures.append(f"gap {event.gap:.3%}")
    return text if not figures else f"{text}: {', '.join(figures)}"


class SolveDisplay:
    """A spinner with the optimiser's stage, incumbent, bound and gap, and the time elapsed.

    The figures a stage does not restate (the MILP starts from the bound's) are kept from
    the previous events.
    """

    def __init__(self, *, show: bool) -> None:
        self.show = show
        self._live: Any = None
        self._task: Any = None
        self._last: dict[str, Any] = {}

    def __enter__(self) -> Callable[[Any], None] | None:
        if not self.show:
            return None
        from rich.progress import Progress, SpinnerColumn, TimeElapsedColumn

        from siteselect.cli._common import make_console

        # The elapsed time first: a narrow terminal cuts the end of the line, not the clock.
        self._live = Progress(
            SpinnerColumn(),
            TimeElapsedColumn(),
            "[progress.description]{task.description}",
            console=make_console(stderr=True),
            transient=True,
        )
        self._live.start()
        self._task = self._live.add_task("optimize", total=None)

        def update(event: Any) -> None:
            from dataclasses import replace

            if event.incumbent is None and "incumbent" in self._last:
                event = replace(event, incumbent=self._last["incumbent"])
            if event.bound is None and "bound" in self._last:
                event = replace(event, bound=self._last["bound"])
            if event.incumbent is not None:
                self._last["incumbent"] = event.incumbent
            if event.bound is not None:
                self._last["bound"] = event.bound
            self._live.update(self._task, description=describe_solve(event))

        return update

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.stop()
