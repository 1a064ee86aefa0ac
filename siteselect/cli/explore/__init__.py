"""`siteselect explore`: a search in an interactive terminal app (Textual).

The command runs the search, then hands the result to the app (:mod:`.app`), which Textual
draws. Textual is imported only here, when the command runs, so ``--help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from siteselect.cli._common import load_config, search_options, show_warnings

TEXTUAL_HINT = "siteselect explore needs Textual: pip install 'textual>=0.80'"


@click.command()
@search_options
@click.option(
    "--top", "-n", type=int, help="Number of parks in the shortlist (default: the config's)."
)
def explore(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int | None,
) -> None:
    """Explore a search in the terminal: change a weight and watch the shortlist re-rank.

    The shortlist, the weights and the selected park's explanation sit side by side. Keys
    change a weight (+ / -), the method (M), the corridors (C), the shortlist's length ([ ]),
    the hard constraints (T); c compares two parks with the weight that would swap them, s
    shows SMAA rank acceptability, m a map, w writes the search as TOML (rank --config gives
    the same shortlist), e exports, r writes the selected park's report. ? lists the keys.

    \b
    Examples:
      siteselect explore --profile automotive-tier1
      siteselect explore --config my_search.toml --corridor bajio --top 15
    """
    from siteselect.api import run
    from siteselect.errors import ConfigError

    try:
        from siteselect.cli.explore.app import ExploreApp
    except ImportError as exc:
        if (exc.name or "").split(".")[0] != "textual":
            raise
        raise ConfigError(TEXTUAL_HINT) from None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        msg = "explore is interactive: run it in a terminal (rank prints the shortlist)"
        raise ConfigError(msg)
    show_warnings()
    config = load_config(profile, config_path, corridor, method, top)
    click.echo("running the search...", err=True)
    ExploreApp(run(config)).run()
