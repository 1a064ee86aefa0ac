"""`siteselect rank`: the ranked shortlist."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    closure_options,
    echo_removals,
    format_option,
    load_config,
    make_console,
    render_to_text,
    search_options,
    show_warnings,
)


@click.command()
@search_options
@click.option(
    "--top", "-n", type=int, help="Number of parks in the shortlist (default: the config's)."
)
@closure_options
@format_option(
    "table", "json", "csv", "geojson", "gpkg", "parquet", "fgb", "xlsx", "md", default=None
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write to this file ('-': stdout)."
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--raw-csv", is_flag=True, help="Write CSV text cells as they are (no formula neutralising)."
)
def rank(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int | None,
    close: tuple[str, ...],
    close_road: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    force: bool,
    raw_csv: bool,
) -> None:
    """Rank candidate parks and print or export the shortlist.

    \b
    Examples:
      siteselect rank
      siteselect rank --profile automotive-tier1 --corridor northeast --top 5
      siteselect rank --profile electronics --format json | jq '.results[0]'
      siteselect rank --config my_search.toml -o shortlist.geojson
      siteselect rank --profile aerospace -o shortlist.gpkg     # also .parquet .fgb .xlsx .md
      siteselect rank --close border_crossings:world-trade-bridge --close-road -99.5,27.5,5

    Every export holds the shortlist in rank order, then the eliminated parks with their
    reasons, and a provenance block (tool version, profile, config hash, data sources).
    """
    from siteselect import report
    from siteselect.api import run
    from siteselect.closures import parse_close, parse_close_road
    from siteselect.errors import OutputError
    from siteselect.report.tabular import (
        BINARY_FORMATS,
        check_csv_writable,
        sidecar_text,
        write_csv_output,
    )

    show_warnings()
    config = load_config(profile, config_path, corridor, method, top)
    closed = parse_close(close)
    roads = parse_close_road(close_road)
    fmt = report.format_from_path(output, fmt)
    if fmt in BINARY_FORMATS and report.is_stdout(output):
        msg = f"--format {fmt} is a binary format: give a file with -o"
        raise OutputError(msg)
    if not report.is_stdout(output):
        report.check_writable(Path(str(output)), force=force)  # before the run: refuse early
        if fmt == "csv":
            check_csv_writable(Path(str(output)), force=force)
    result = run(config, closed=closed, closed_roads=roads)
    echo_removals(result)
    if fmt == "table":
        from siteselect.report.terminal import render_shortlist
    if fmt == "table" and report.is_stdout(output):
        make_console().print(render_shortlist(result))
        return
    if fmt == "table":
        report.write_output(output, render_to_text(render_shortlist(result)), force=force)
    elif fmt == "csv":
        from siteselect.report.exports import build_rank_table

        note = write_csv_output(output, build_rank_table(result), raw_csv=raw_csv, force=force)
        if note:
            click.echo(note, err=True)
    elif report.is_stdout(output):
        report.write_output(output, report.render_rank_output(result, fmt, raw_csv=raw_csv))
    else:
        data = report.render_rank_bytes(result, fmt, raw_csv=raw_csv)
        report.write_bytes(Path(str(output)), data, force=force)
    if not report.is_stdout(output):
        click.echo(
            f"wrote {output} ({fmt}, {len(result.shortlist)} parks){sidecar_text(output, fmt)}",
            err=True,
        )
