"""`siteselect weights`: derive criterion weights with AHP, entropy or CRITIC."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import click

from siteselect.cli._common import format_option, make_console, width_option

FORMATS = ("table", "json")


@contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Show library warnings as one line each on stderr instead of Python's default format."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)  # as every other command says it


def _emit(fmt: str, title: str, payload: dict[str, object], weights: Mapping[str, float]) -> None:
    from siteselect import report
    from siteselect.report.terminal import render_weights_table

    if fmt == "json":
        report.write_output(None, report.dump_json(payload))
        return
    extra = {
        k: v if isinstance(v, int) else float(v)
        for k, v in payload.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    make_console().print(render_weights_table(title, weights, extra or None))


@click.group("weights")
def weights() -> None:
    """Derive criterion weights (AHP, entropy, CRITIC).

    \b
    Examples:
      siteselect weights ahp judgements.csv
      siteselect weights ahp judgements.csv --format json
      siteselect weights critic --profile automotive-tier1
    """


@weights.command("ahp")
@click.argument("file", type=click.Path(dir_okay=False))
@format_option(*FORMATS)
@width_option
def ahp(file: str, fmt: str) -> None:
    """Weights from an AHP pairwise comparison CSV (Saaty's eigenvector method).

    The CSV's header row and first column name the criteria; cells hold judgements such as
    3, 1/3 or 0.2. A consistency ratio above 0.10 is reported on stderr.

    \b
    Example:
      siteselect weights ahp judgements.csv --format json
    """
    from siteselect.layers.tables import read_pairwise_csv
    from siteselect.mcda import compute_ahp_weights

    matrix, names = read_pairwise_csv(file)
    with _warnings_to_stderr():
        result = compute_ahp_weights(matrix, names)
    payload: dict[str, object] = {
        "weights": result.weights,
        "lambda_max": result.lambda_max,
        "ci": result.ci,
        "cr": result.cr,
    }
    _emit(fmt, f"AHP weights ({Path(file).name})", payload, result.weights)


def _objective(method: str, label: str, config: str | None, profile: str | None, fmt: str) -> None:
    from siteselect.api import derive_weights

    with _warnings_to_stderr():
        derived, result = derive_weights(method, profile=profile, config=config)
    n = len(result.scores.table)
    payload: dict[str, object] = {"weights": derived, "candidates": n}
    _emit(fmt, f"{label} weights ({n} candidates)", payload, derived)


@weights.command("entropy")
@click.option("--config", "-c", "config", type=click.Path(dir_okay=False), default=None)
@click.option("--profile", "-p", default=None, help="Industry profile to take the criteria from.")
@format_option(*FORMATS)
@width_option
def entropy(config: str | None, profile: str | None, fmt: str) -> None:
    """Objective weights from the spread of the candidates' raw values (Shannon entropy).

    \b
    Example:
      siteselect weights entropy --profile electronics --format json
    """
    _objective("entropy", "Entropy", config, profile, fmt)


@weights.command("critic")
@click.option("--config", "-c", "config", type=click.Path(dir_okay=False), default=None)
@click.option("--profile", "-p", default=None, help="Industry profile to take the criteria from.")
@format_option(*FORMATS)
@width_option
def critic(config: str | None, profile: str | None, fmt: str) -> None:
    """Objective weights from contrast and conflict between criteria (CRITIC).

    \b
    Example:
      siteselect weights critic --profile electronics
    """
    _objective("critic", "CRITIC", config, profile, fmt)
