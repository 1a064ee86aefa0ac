"""`siteselect rank`: the ranked shortlist."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    OUTPUT_FILE,
    closure_options,
    echo_removals,
    facts_options,
    format_option,
    load_config,
    make_console,
    print_facts_views,
    render_to_text,
    said_on_stderr,
    search_options,
    show_warnings,
    width_option,
)


@click.command()
@search_options
@click.option(
    "--top", "-n", type=int, help="Number of parks in the shortlist (default: the config's)."
)
@click.option(
    "--max-per-metro",
    type=int,
    metavar="N",
    help="At most N parks of one metro in the shortlist; the others are listed as held back "
    "(0: off; default: the config's [shortlist]).",
)
@click.option(
    "--consensus",
    type=click.Choice(["borda", "copeland", "none"]),
    help="Rank by the Borda count or Copeland's rule over the four methods (default: the "
    "config's).",
)
@click.option(
    "--consensus-samples",
    type=int,
    metavar="N",
    help="With --consensus: N SMAA weight samples per method vote too (default: the config's).",
)
@closure_options
@facts_options
@format_option(
    "table", "json", "csv", "geojson", "gpkg", "parquet", "fgb", "xlsx", "md", default=None
)
@click.option("--output", "-o", type=OUTPUT_FILE, help="Write to this file ('-': stdout).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--raw-csv", is_flag=True, help="Write CSV text cells as they are (no formula neutralising)."
)
@click.option(
    "--columns",
    metavar="A,B,...",
    help="Columns of the Markdown table (-f md, -o FILE.md), comma-separated: rank, id, park, "
    "metro, corridor, state, municipality, developer, score, helped, hurt, lon, lat, or a "
    "criterion's name (its raw value). Default: rank, park, metro, corridor, state, score, "
    "helped, hurt.",
)
@width_option
def rank(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int | None,
    max_per_metro: int | None,
    consensus: str | None,
    consensus_samples: int | None,
    close: tuple[str, ...],
    close_road: tuple[str, ...],
    facts: Path | None,
    requirements: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
    raw_csv: bool,
    columns: str | None,
) -> None:
    """Rank candidate parks and print or export the shortlist.

    \b
    Examples:
      siteselect rank
      siteselect rank --profile automotive-tier1 --corridor northeast --top 5
      siteselect rank --profile electronics --format json | jq '.results[0]'
      siteselect rank --config my_search.toml -o shortlist.geojson
      siteselect rank --profile aerospace -o shortlist.gpkg     # also .parquet .fgb .xlsx .md
      siteselect rank -o shortlist.md --columns rank,park,score,labour,border
      siteselect rank --close border_crossings:world-trade-bridge --close-road -99.5,27.5,5
      siteselect rank --max-per-metro 0               # the plain top 10, no diversity rule
      siteselect rank --consensus borda --consensus-samples 200
      siteselect rank --profile automotive-tier1 --facts parks.xlsx \\
          --requirements requirements.toml

    With --requirements, each shortlisted park is shown with every requirement met (✓),
    not met (✗) or unknown (?); parks that miss one are removed and listed with which.

    Every export holds the shortlist in rank order (with the parks the [shortlist] rule held
    back), then the eliminated parks with their reasons, and a provenance block (tool version,
    profile, config hash, data sources). Under the table: the parks held back, and how far the
    four MCDA methods agree (Kendall's tau, rank ranges, parks in the top under one method
    alone, marked with a dagger in the table).
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
    config = load_config(
        profile,
        config_path,
        corridor,
        method,
        top,
        facts=facts,
        requirements=requirements,
        max_per_metro=max_per_metro,
        consensus=consensus,
        consensus_samples=consensus_samples,
    )
    closed = parse_close(close)
    roads = parse_close_road(close_road)
    fmt = report.format_from_path(output, fmt)
    chosen = None
    if columns is not None:
        from siteselect.errors import ConfigError
        from siteselect.report.markdown import parse_markdown_columns

        if fmt != "md":
            msg = f"--columns applies to the Markdown table (-f md or -o FILE.md), not {fmt}"
            raise ConfigError(msg)
        chosen = parse_markdown_columns(columns, config)  # before the run: refuse early
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
        # The notes of reading the data were said on stderr as they arose, on this terminal.
        make_console().print(render_shortlist(result, said_on_stderr()))
        print_facts_views(result)
        return
    if fmt == "table":
        from rich.console import Group

        from siteselect.report.terminal_facts import facts_views

        table = Group(render_shortlist(result), *facts_views(result))
        report.write_output(output, render_to_text(table), force=force)
    elif fmt == "md":
        from siteselect.report.markdown import build_rank_markdown

        report.write_output(output, build_rank_markdown(result, chosen), force=force)
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
