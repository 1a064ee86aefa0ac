"""`siteselect stress`: close each main freight crossing and port in turn, per park the worst."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    OUTPUT_FILE,
    format_option,
    load_config,
    make_console,
    render_to_text,
    search_options,
    show_warnings,
    width_option,
)
from siteselect.cli._progress import CountProgress, quiet_option, wants_progress


@click.command()
@search_options
@click.option(
    "--top",
    "-n",
    type=int,
    help="Show the first N parks by rank (0: all; default: the parks whose rank changes).",
)
@click.option("--all", "show_all", is_flag=True, help="Show every park (same as --top 0).")
@click.option("--no-ports", is_flag=True, help="Close only the border crossings.")
@click.option("--no-crossings", is_flag=True, help="Close only the seaports.")
@format_option("table", "json", "csv", default=None)
@click.option("--output", "-o", type=OUTPUT_FILE, help="Write to this file ('-': stdout).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--raw-csv", is_flag=True, help="Write CSV text cells as they are (no formula neutralising)."
)
@width_option
@quiet_option
def stress(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int | None,
    show_all: bool,
    no_ports: bool,
    no_crossings: bool,
    fmt: str | None,
    output: Path | None,
    force: bool,
    raw_csv: bool,
    quiet: bool,
) -> None:
    """Close each main freight crossing and seaport in turn; per park, the worst case.

    Main crossings are the commercial ones with at least 100,000 northbound trucks a year
    (CBP). For each park: the largest increase in drive time to a crossing or port, which
    closure causes it, and the worst rank it falls to. The table shows the parks whose rank
    changes under some closure (--top N: the first N by rank; --all: every park); JSON and
    CSV hold every park.

    \b
    Examples:
      siteselect stress --profile automotive-tier1
      siteselect stress --profile default --no-ports --top 10
      siteselect stress --profile default --all --width 80
      siteselect stress --profile logistics --format json | jq '.parks[0]'
    """
    from siteselect import report
    from siteselect.api import stress as run_stress
    from siteselect.errors import ConfigError
    from siteselect.report.optimize import build_stress_json, build_stress_table, render_stress
    from siteselect.report.tabular import check_csv_writable, sidecar_text, write_csv_output

    show_warnings()
    if top is not None and top < 0:
        msg = f"--top: must be >= 0 (0: every park), got {top}"
        raise ConfigError(msg)
    if show_all and top not in (None, 0):
        msg = f"--all shows every park; it cannot go with --top {top}"
        raise ConfigError(msg)
    if show_all:
        top = 0
    config = load_config(profile, config_path, corridor, method)
    fmt = report.format_from_path(output, fmt, ("table", "json", "csv"))
    if not report.is_stdout(output):
        report.check_writable(Path(str(output)), force=force)
        if fmt == "csv":
            check_csv_writable(Path(str(output)), force=force)
    with CountProgress("closures", show=wants_progress(quiet, fmt)) as progress:
        result = run_stress(
            config=config, crossings=not no_crossings, ports=not no_ports, progress=progress
        )
    if fmt == "table" and report.is_stdout(output):
        make_console().print(render_stress(result, top))
        return
    if fmt == "csv":
        note = write_csv_output(output, build_stress_table(result), raw_csv=raw_csv, force=force)
        if note:
            click.echo(note, err=True)
    else:
        if fmt == "table":
            text = render_to_text(render_stress(result, top))
        else:
            text = report.dump_json(build_stress_json(result))
        report.write_output(output, text, force=force)
    if not report.is_stdout(output):
        click.echo(
            f"wrote {output} ({fmt}, {len(result.summary)} parks){sidecar_text(output, fmt)}",
            err=True,
        )
