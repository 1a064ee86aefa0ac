"""`siteselect rank`: the ranked shortlist."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from siteselect.cli._common import load_config, make_console, search_options, show_warnings


@click.command()
@search_options
@click.option(
    "--top", "-n", type=int, help="Number of parks in the shortlist (default: the config's)."
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json", "csv", "geojson"]),
    help="Output format (default: from the -o suffix, else table).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def rank(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Rank candidate parks and print or export the shortlist.

    \b
    Examples:
      siteselect rank
      siteselect rank --profile automotive-tier1 --corridor northeast --top 5
      siteselect rank --profile electronics --format json | jq '.results[0]'
      siteselect rank --config my_search.toml -o shortlist.geojson
    """
    from siteselect import report
    from siteselect.pipeline import run

    show_warnings()
    config = load_config(profile, config_path, corridor, method, top)
    fmt = report.format_from_path(output, fmt)
    if output is not None:
        report.check_writable(output, force=force)  # before the run: refuse early
    result = run(config)
    if fmt == "table":
        if output is None:
            make_console().print(report.render_shortlist(result))
            return
        from io import StringIO

        buffer = StringIO()
        console = make_console(file=buffer)
        console.print(report.render_shortlist(result))
        report.write_text(output, buffer.getvalue(), force=force)
        return
    text = report.render_output(result, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        report.write_text(output, text, force=force)
        click.echo(
            f"wrote {output} ({fmt}, {len(result.shortlist)} parks)",
            err=True,
        )
