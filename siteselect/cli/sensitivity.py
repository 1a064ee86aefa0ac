"""`siteselect sensitivity`: how robust the ranking is to the weights."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    format_option,
    load_config,
    make_console,
    search_options,
    show_warnings,
    width_option,
)
from siteselect.cli._progress import CountProgress, quiet_option, wants_progress


@click.command()
@search_options
@click.option("--samples", type=int, default=1000, show_default=True, help="Weight vectors drawn.")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Random seed (runs are reproducible)."
)
@click.option(
    "--concentration",
    type=float,
    default=50.0,
    show_default=True,
    help="Dirichlet concentration around the chosen weights (higher = closer).",
)
@click.option("--top-k", "top_k", type=int, default=5, show_default=True, help="k of P(top k).")
@click.option("--top", "-n", type=int, default=10, show_default=True, help="Parks and ranks shown.")
@click.option(
    "--sweep", metavar="CRITERION", help="One-at-a-time sweep of this criterion's weight."
)
@click.option("--reversal", is_flag=True, help="Rank-reversal check: drop each candidate, re-rank.")
@format_option("table", "json")
@width_option
@quiet_option
def sensitivity(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    samples: int,
    seed: int,
    concentration: float,
    top_k: int,
    top: int,
    sweep: str | None,
    reversal: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Weight sensitivity: rank acceptability (SMAA-2), P(top k), sweeps, rank reversal.

    Weights are drawn from a Dirichlet distribution centred on the chosen weights; each park's
    rank acceptability is the share of draws that put it at each of the first --top ranks
    (and beyond them).

    \b
    Examples:
      siteselect sensitivity --profile automotive-tier1 --samples 2000 --seed 7
      siteselect sensitivity --profile logistics --sweep border
      siteselect sensitivity --profile electronics --reversal --format json
    """
    from siteselect import report
    from siteselect.api import analyse_sensitivity, run
    from siteselect.errors import ConfigError
    from siteselect.report.terminal import render_sensitivity

    show_warnings()
    for label, value in (("--samples", samples), ("--seed", seed), ("--top", top)):
        if value < (0 if label == "--seed" else 1):
            msg = f"{label}: must be >= {0 if label == '--seed' else 1}, got {value}"
            raise ConfigError(msg)
    config = load_config(profile, config_path, corridor, method)
    result = run(config)
    with CountProgress("weight samples", show=wants_progress(quiet, fmt)) as progress:
        sens = analyse_sensitivity(
            result,
            samples=samples,
            seed=seed,
            concentration=concentration,
            top_k=top_k,
            shown=top,
            sweep=sweep,
            reversal=reversal,
            progress=progress,
        )
    names = {str(k): str(v) for k, v in result.candidates.frame["name"].items()}
    if fmt == "json":
        report.write_output(None, report.dump_json(report.build_sensitivity_json(sens, names)))
        return
    make_console().print(render_sensitivity(sens, names))
