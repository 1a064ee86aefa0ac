"""`siteselect data`: check the embedded data."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from siteselect.cli._common import format_option, make_console, width_option

if TYPE_CHECKING:
    from rich.console import Group

    from siteselect.layers.validate import CheckReport, CheckResult

# Columns shown in the detail tables of failed checks, in this order.
CHECK_COLUMNS = (
    "id",
    "row",
    "column",
    "value",
    "state",
    "corridor",
    "file",
    "dist_km",
    "problem",
    # the road calibration's rows (graph / real ratios per city pair)
    "split",
    "road_km",
    "graph_km",
    "km_ratio",
    "kind",
    "car_min",
    "car_graph_min",
    "min_ratio",
    "graph_min",
    "truck_ratio",
    "status",
    # the circuity screen's rows
    "to",
    "straight_km",
    "ratio",
    # the corridors, the parks' RETC matches and the calibration pairs per corridor
    "states",
    "municipalities",
    "area_km2",
    "parks",
    "retc_named",
    "establishments",
    "single",
    "accuracy_km_median",
    "accuracy_km_max",
    "pairs",
    "ok",
    "ids",
    "road_km_per_1000km2",
    "people",
    "manufacturers",
    "access_km_median",
    "access_km_max",
)


@click.group()
def data() -> None:
    """Check the embedded data in data/.

    Maintainers rebuild it with `make data` and compare it with reference data with
    `python tools/compare_reference.py` (both in the repository, not in the package).

    \b
    Examples:
      siteselect data check
      siteselect data check --format json | jq '.results[] | select(.passed | not)'
    """


@data.command("check")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data folder to check (default: the embedded data/).",
)
@format_option("table", "json")
@width_option
def check(data_dir: Path | None, fmt: str) -> None:
    """Check schema, CRS, ids, coordinates and containment of the embedded data.

    Every table and layer is checked with the validators the loaders use: columns and value
    types, unique ids, lon/lat in range and not swapped, points in Mexico and in their stated
    state, parks in their corridor, crossings on the border, layers readable with the expected
    CRS. Exits with status 3 when any check fails.

    \b
    Example:
      siteselect data check --data-dir my-data/
    """
    from siteselect.errors import DataError
    from siteselect.layers.validate import check_data

    report = check_data(data_dir)
    if fmt == "json":
        from siteselect.report import dump_json

        sys.stdout.write(dump_json(report.to_dict()))
    else:
        make_console().print(render_check_report(report))
    if not report.passed:
        names = ", ".join(r.name for r in report.failed)
        msg = (
            f"data check failed: {len(report.failed)} of {len(report.results)} checks "
            f"({names}) in {report.data_dir}; fix the rows listed above"
        )
        raise DataError(msg)


def render_check_report(
    report: CheckReport,
    *,
    title: str | None = None,
    columns: Sequence[str] = CHECK_COLUMNS,
    all_rows: bool = False,
) -> Group:
    """A rich renderable: one line per check, then the rows of the failed checks.

    Parameters
    ----------
    report
        The checks to show.
    title
        Title of the summary table; ``Data check: <folder>`` by default.
    columns
        Row keys shown in the detail tables, in this order (those no row has are left out).
    all_rows
        Show the rows of every check, not only of the failed ones (comparisons list every
        compared row).
    """
    from rich.console import Group
    from rich.text import Text

    from siteselect.report.layout import Column, FitTable

    rows = []
    for result in report.results:
        if not result.passed:
            status = Text("FAIL", style="bold red")
        elif result.informative:
            status = Text("info", style="cyan")
        else:
            status = Text("ok", style="green")
        rows.append({"status": status, "check": result.name, "summary": result.summary})
    summary = FitTable(
        [
            Column("status", "Status"),
            Column("check", "Check", wrap=False),
            Column("summary", "Summary", min_width=20),
        ],
        rows,
        title=title or f"Data check: {report.data_dir}",
    )
    parts: list[Any] = [summary]
    for result in report.results:
        if result.rows and (all_rows or not result.passed or result.show_rows):
            parts.append(_render_rows(result, columns))
    verdict = "all checks passed" if report.passed else f"{len(report.failed)} check(s) failed"
    parts.append(Text(verdict, style="bold green" if report.passed else "bold red"))
    return Group(*parts)


def _render_rows(result: CheckResult, columns: Sequence[str], limit: int = 200) -> Any:
    """The rows of one check; at a narrow width the columns listed last leave first."""
    from siteselect.report.layout import Column, FitTable
    from siteselect.report.terminal import text

    present = [c for c in columns if any(c in row for row in result.rows)]
    specs = [
        Column(c, c, priority=0 if c in ("id", "problem") else i + 1, min_width=min(len(c), 8))
        for i, c in enumerate(present)
    ]
    caption = None
    if len(result.rows) > limit:
        caption = f"{len(result.rows) - limit} more rows: use --format json"
    rows = [{c: text(_cell(row.get(c))) for c in present} for row in result.rows[:limit]]
    return FitTable(specs, rows, title=result.name, caption=caption)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
