"""`siteselect optimize`: the best set of parks under budget, coverage and diversification rules."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    OUTPUT_FILE,
    closure_options,
    facts_options,
    format_option,
    load_config,
    make_console,
    print_facts_views,
    render_to_text,
    search_options,
    show_warnings,
    width_option,
)
from siteselect.cli._progress import SolveDisplay, quiet_option, wants_progress


@click.command()
@search_options
@click.option(
    "--objective",
    type=click.Choice(["score", "p-median", "coverage"]),
    help="Objective (default: the config's [optimize] objective, else score).",
)
@click.option("--k", "k", type=int, help="Number of parks to choose (default: the config's).")
@click.option(
    "--solver", type=click.Choice(["cbc", "highs"]), help="MILP solver (default: cbc, bundled)."
)
@click.option(
    "--time-limit",
    type=float,
    help="Seconds for the whole command: ranking, costs, solve and any diagnosis (default: 60).",
)
@click.option("--gap", type=float, help="Relative gap that counts as optimal (default: 1e-4).")
@closure_options
@facts_options
@format_option(
    "table", "json", "csv", "geojson", "gpkg", "parquet", "fgb", "xlsx", "md", default=None
)
@click.option("--no-lines", is_flag=True, help="GeoJSON: leave out the demand-to-park lines.")
@click.option("--output", "-o", type=OUTPUT_FILE, help="Write to this file ('-': stdout).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--raw-csv", is_flag=True, help="Write CSV text cells as they are (no formula neutralising)."
)
@width_option
@quiet_option
def optimize(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    objective: str | None,
    k: int | None,
    solver: str | None,
    time_limit: float | None,
    gap: float | None,
    close: tuple[str, ...],
    close_road: tuple[str, ...],
    facts: Path | None,
    requirements: Path | None,
    fmt: str | None,
    no_lines: bool,
    output: Path | None,
    force: bool,
    raw_csv: bool,
    quiet: bool,
) -> None:
    """Choose the best set of k parks: MCDA score, p-median or maximal coverage.

    The config's [optimize] section sets the objective, k, the demand layer and the
    constraints (budget, max_per, min_spacing_km, must_include, must_exclude); the options
    override it. The answer says whether it is proven optimal, and the gap if the time
    limit stopped it. --time-limit bounds the whole command; demand points no park can reach
    are said before the solve. In a terminal, stderr shows the stage, the best set's
    objective, the bound and the gap as they improve (--quiet: not). Exit code 4 when no set
    meets the constraints (the message names the constraint family to relax).

    \b
    Examples:
      siteselect optimize --profile default --k 3
      siteselect optimize --config suppliers.toml --format json | jq .chosen
      siteselect optimize --config suppliers.toml --close border_crossings:world-trade-bridge
      siteselect optimize --config suppliers.toml --format geojson -o plan.geojson
      siteselect optimize --profile automotive-tier1 --k 3 --facts parks.xlsx \\
          --requirements tenant.toml

    With --requirements the parks that miss one are not candidates, and each chosen park
    is shown with every requirement met, not met or unknown.
    """
    from siteselect import report
    from siteselect.api import optimize as run_optimize
    from siteselect.closures import parse_close, parse_close_road
    from siteselect.errors import OutputError
    from siteselect.report.optimize import (
        build_optimize_table,
        render_optimize,
        render_optimize_bytes,
        render_optimize_output,
    )
    from siteselect.report.tabular import (
        BINARY_FORMATS,
        check_csv_writable,
        sidecar_text,
        write_csv_output,
    )

    show_warnings()
    config = load_config(
        profile, config_path, corridor, method, facts=facts, requirements=requirements
    )
    closed = parse_close(close)
    roads = parse_close_road(close_road)
    fmt = report.format_from_path(output, fmt)
    if fmt in BINARY_FORMATS and report.is_stdout(output):
        msg = f"--format {fmt} is a binary format: give a file with -o"
        raise OutputError(msg)
    if not report.is_stdout(output):
        report.check_writable(Path(str(output)), force=force)
        if fmt == "csv":
            check_csv_writable(Path(str(output)), force=force)
    with SolveDisplay(show=wants_progress(quiet, fmt)) as progress:
        result = run_optimize(
            config=config,
            objective=objective,
            k=k,
            solver=solver,
            time_limit=time_limit,
            gap=gap,
            closed=closed,
            closed_roads=roads,
            progress=progress,
        )
    if fmt == "table" and report.is_stdout(output):
        make_console().print(render_optimize(result))
        print_facts_views(result.ranking, [str(c) for c in result.chosen])
        return
    if fmt == "table":
        report.write_output(output, render_to_text(render_optimize(result)), force=force)
    elif fmt == "csv":
        table = build_optimize_table(result)
        note = write_csv_output(output, table, raw_csv=raw_csv, force=force)
        if note:
            click.echo(note, err=True)
    elif fmt in BINARY_FORMATS:
        data = render_optimize_bytes(result, fmt, raw_csv=raw_csv, lines=not no_lines)
        report.write_bytes(Path(str(output)), data, force=force)
    else:
        text = render_optimize_output(result, fmt, raw_csv=raw_csv, lines=not no_lines)
        report.write_output(output, text, force=force)
    if not report.is_stdout(output):
        click.echo(
            f"wrote {output} ({fmt}, {len(result.chosen)} parks){sidecar_text(output, fmt)}",
            err=True,
        )
