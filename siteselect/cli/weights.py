"""`siteselect weights`: derive criterion weights with AHP, entropy or CRITIC."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json")


@contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Show library warnings as one line each on stderr instead of Python's default format."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        click.echo(f"Warning: {w.message}", err=True)


def render_weights_table(
    title: str, weights: Mapping[str, float], extra: Mapping[str, float] | None = None
) -> Table:
    """A rich table of weights (largest first), with optional summary rows.

    Parameters
    ----------
    title
        Table title.
    weights
        Criterion name to weight.
    extra
        Summary figures shown below the weights (e.g. lambda_max, CI, CR).

    Returns
    -------
    rich.table.Table
    """
    table = Table(title=title)
    table.add_column("criterion")
    table.add_column("weight", justify="right")
    for name, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(name, f"{w:.4f}")
    if extra:
        table.add_section()
        for key, value in extra.items():
            table.add_row(key, f"{value:.4f}")
    return table


def _emit(fmt: str, title: str, payload: dict[str, object], weights: Mapping[str, float]) -> None:
    if fmt == "json":
        click.echo(json.dumps(payload, indent=2))
        return
    extra = {k: float(v) for k, v in payload.items() if isinstance(v, int | float)}
    Console().print(render_weights_table(title, weights, extra or None))


@click.group("weights")
def weights() -> None:
    """Derive criterion weights (AHP, entropy, CRITIC).

    \b
    Examples:
      siteselect weights ahp judgements.csv
      siteselect weights ahp judgements.csv --format json
      siteselect weights critic --config siteselect.toml --profile automotive-tier1
    """


@weights.command("ahp")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def ahp(file: str, fmt: str) -> None:
    """Weights from an AHP pairwise comparison CSV (Saaty's eigenvector method).

    The CSV's header row and first column name the criteria; cells hold judgements such as
    3, 1/3 or 0.2. A consistency ratio above 0.10 is reported on stderr.

    \b
    Example:
      siteselect weights ahp judgements.csv --format json
    """
    from siteselect.layers.tables import read_pairwise_csv
    from siteselect.mcda.weights import compute_ahp_weights

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


def _objective_weights(
    config: str | None,
    profile: str | None,
    fmt: str,
    label: str,
    compute: Callable[..., dict[str, float]],
) -> None:
    from siteselect.pipeline import compute_raw_matrix  # type: ignore[attr-defined,unused-ignore]

    raw, criteria = compute_raw_matrix(config, profile)
    directions = {c.name: c.direction for c in criteria}
    with _warnings_to_stderr():
        result = compute(raw, directions)
    payload: dict[str, object] = {"weights": result, "candidates": len(raw)}
    _emit(fmt, f"{label} weights ({len(raw)} candidates)", payload, result)


@weights.command("entropy")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None)
@click.option("--profile", default=None, help="Industry profile to take the criteria from.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def entropy(config: str | None, profile: str | None, fmt: str) -> None:
    """Objective weights from the spread of the candidates' raw values (Shannon entropy).

    \b
    Example:
      siteselect weights entropy --config siteselect.toml --format json
    """
    from siteselect.mcda.weights import compute_entropy_weights

    _objective_weights(config, profile, fmt, "Entropy", compute_entropy_weights)


@weights.command("critic")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None)
@click.option("--profile", default=None, help="Industry profile to take the criteria from.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def critic(config: str | None, profile: str | None, fmt: str) -> None:
    """Objective weights from contrast and conflict between criteria (CRITIC).

    \b
    Example:
      siteselect weights critic --config siteselect.toml --profile electronics
    """
    from siteselect.mcda.weights import compute_critic_weights

    _objective_weights(config, profile, fmt, "CRITIC", compute_critic_weights)
