"""`siteselect explain` and `siteselect compare`: why a park ranks where it does."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from siteselect.cli._common import (
    format_option,
    load_config,
    make_console,
    search_options,
    show_warnings,
)


def _fmt(value: Any, digits: int = 3) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if x != x:  # NaN
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


@click.command()
@click.argument("park")
@search_options
@click.option("--access/--no-access", default=True, help="Show drive-time access and labour shed.")
@format_option("table", "json")
def explain(
    park: str,
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    access: bool,
    fmt: str,
) -> None:
    """Explain one park: each criterion's raw value, score, weight and contribution.

    With --access (the default) it also shows the nearest border crossing, seaport, airport and
    railway by drive time, and the labour shed at 30/45/60 minutes.

    \b
    Examples:
      siteselect explain parque-industrial-queretaro
      siteselect explain stiva-aeropuerto --profile automotive-tier1 --format json
    """
    from siteselect.pipeline import LayerCache, build_explanation, run

    show_warnings()
    config = load_config(profile, config_path, corridor or "all", method)
    cache = LayerCache(config=config)  # one read of the layers and graph for both steps
    result = run(config, cache=cache)
    doc = build_explanation(result, park, with_access=access, cache=cache)
    if fmt == "json":
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    console = make_console()
    head = f"[bold]{doc['name']}[/bold] ({doc['id']})"
    if doc.get("rank") is not None:
        head += f": rank {doc['rank']} of {doc['of']}, score {_fmt(doc['score'])} ({doc['method']})"
    else:
        head += f": eliminated by constraint {doc.get('eliminated_by')!r}"
    console.print(head)
    table = Table(header_style="bold", title="criteria (weights normalised to sum to 1)")
    for col in ("Criterion", "Raw", "Unit", "Value", "Weight", "Contribution"):
        table.add_column(col, justify="right" if col not in ("Criterion", "Unit") else "left")
    for row in doc["criteria"]:
        table.add_row(
            row["criterion"],
            _fmt(row["raw"], 2),
            row["unit"],
            _fmt(row["normalised"]),
            _fmt(row["weight"]),
            _fmt(row["contribution"]),
        )
    console.print(table)
    if doc.get("access"):
        acc = Table(header_style="bold", title="access by road (drive time from the park)")
        for col in ("To", "Nearest", "Drive min", "Drive km", "Straight km"):
            acc.add_column(col, justify="right" if "km" in col or "min" in col else "left")
        for row in doc["access"]["nearest"]:
            acc.add_row(
                row["layer"],
                row["name"],
                _fmt(row["drive_min"], 0),
                _fmt(row["drive_km"], 0),
                _fmt(row["straight_km"], 0),
            )
        console.print(acc)
        shed = ", ".join(
            f"{m} min: {_fmt(v, 0)} people" for m, v in doc["access"]["labour_shed"].items()
        )
        console.print(f"labour shed: {shed}")
    for note in doc.get("notes", []):
        console.print(f"note: {note}", style="dim")
    console.print("data: " + "; ".join(result.provenance), style="dim")


def _cell(entry: dict[str, Any]) -> str:
    return f"{_fmt(entry['raw'], 1)} -> {_fmt(entry['normalised'], 2)}"


@click.command()
@click.argument("parks", nargs=-1, required=True)
@search_options
@format_option("table", "json")
def compare(
    parks: tuple[str, ...],
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    fmt: str,
) -> None:
    """Compare two or more parks side by side, and say what weight change would swap them.

    For each pair (the first park against each other) it reports the smallest change of one
    criterion's weight, the others rescaled to keep the sum at 1, that would reverse their
    order, or that no single weight can.

    \b
    Examples:
      siteselect compare parque-industrial-queretaro stiva-aeropuerto
      siteselect compare A B C --profile electronics --format json
    """
    from siteselect.pipeline import build_comparison, run

    show_warnings()
    if len(parks) < 2:
        from siteselect.errors import ConfigError

        msg = "compare needs at least two park ids"
        raise ConfigError(msg)
    config = load_config(profile, config_path, corridor or "all", method)
    result = run(config)
    doc = build_comparison(result, list(parks))
    if fmt == "json":
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    console = make_console()
    table = Table(header_style="bold", title=f"comparison ({doc['method']}, weights sum to 1)")
    table.add_column("")
    for p in doc["parks"]:
        table.add_column(p["name"], overflow="fold")
    table.add_row("rank", *[str(p["rank"]) for p in doc["parks"]])
    table.add_row("score", *[_fmt(p["score"]) for p in doc["parks"]])
    for crit in doc["criteria"]:
        table.add_row(
            f"{crit} (w {doc['weights'][crit]:.2f})",
            *[_cell(p["criteria"][crit]) for p in doc["parks"]],
        )
    console.print(table)
    for swap in doc["swaps"]:
        console.print(swap["text"])
