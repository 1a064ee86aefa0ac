"""`siteselect regions`: the corridors side by side under one profile."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from siteselect.cli._common import (
    format_option,
    given_candidates,
    make_console,
    search_options,
    show_warnings,
    width_option,
)


@click.command()
@search_options
@click.option(
    "--top",
    "-n",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Best parks listed per corridor.",
)
@format_option("table", "json")
@width_option
def regions(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int,
    fmt: str,
) -> None:
    """Compare the corridors: rank their parks together, then read the ranking per corridor.

    Every park of the chosen corridors (default: all, the whole country) is ranked under the
    profile; each corridor then shows its best parks with their rank in that one ranking, the
    median score of its parks, its labour pool (the median of the people within 60 minutes of
    its parks) and the median of each of the profile's border and port criteria.

    \b
    Examples:
      siteselect regions --profile electronics
      siteselect regions --profile automotive-tier1 --corridor bajio,northeast,north-centre
      siteselect regions --profile medical-devices --format json | jq '.regions[0].best'
    """
    from siteselect.api import compare_regions

    show_warnings()
    corridors = None if corridor is None else [c.strip() for c in corridor.split(",")]
    comparison = compare_regions(
        profile,
        config_path,
        corridors=corridors,
        method=method,
        top=top,
        candidates=given_candidates(),
    )
    if fmt == "json":
        from siteselect.report import dump_json
        from siteselect.report.regions import build_regions_json

        sys.stdout.write(dump_json(build_regions_json(comparison)))
        return
    from siteselect.report.regions import render_regions

    make_console().print(render_regions(comparison))
