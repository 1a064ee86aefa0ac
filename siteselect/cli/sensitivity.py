"""`siteselect sensitivity`: how robust the ranking is to the weights."""

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
@click.option("--top", "-n", type=int, default=10, show_default=True, help="Parks shown.")
@click.option(
    "--sweep", metavar="CRITERION", help="One-at-a-time sweep of this criterion's weight."
)
@click.option("--reversal", is_flag=True, help="Rank-reversal check: drop each candidate, re-rank.")
@format_option("table", "json")
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
) -> None:
    """Weight sensitivity: rank acceptability (SMAA-2), P(top k), sweeps, rank reversal.

    Weights are drawn from a Dirichlet distribution centred on the chosen weights; each park's
    rank acceptability is the share of draws that put it at each rank.

    \b
    Examples:
      siteselect sensitivity --profile automotive-tier1 --samples 2000 --seed 7
      siteselect sensitivity --profile logistics --sweep border
      siteselect sensitivity --profile electronics --reversal --format json
    """
    from siteselect import mcda
    from siteselect.errors import ConfigError
    from siteselect.frames import cell, cell_float
    from siteselect.pipeline import build_criterion_specs, run

    show_warnings()
    if samples < 1:
        msg = f"--samples: must be >= 1, got {samples}"
        raise ConfigError(msg)
    if concentration <= 0:
        msg = f"--concentration: must be > 0, got {concentration}"
        raise ConfigError(msg)
    config = load_config(profile, config_path, corridor, method)
    result = run(config)
    raw = result.raw.loc[result.scores.table.index]
    specs = build_criterion_specs(
        config.criteria, {c.name: result.weights.get(c.name, 0.0) for c in config.criteria}
    )
    options = mcda.MethodOptions(
        topsis_normalization=config.topsis.normalization, vikor_v=config.vikor.v
    )
    acc = mcda.compute_rank_acceptability(
        raw,
        specs,
        result.scores.method,
        options,
        samples=samples,
        seed=seed,
        concentration=concentration,
        top_k=top_k,
    )
    doc: dict[str, object] = {
        "method": result.scores.method,
        "samples": samples,
        "seed": seed,
        "concentration": concentration,
        "top_k": top_k,
        "weights": dict(result.weights),
    }
    names = result.candidates["name"]
    order = list(result.scores.table.index)
    acc = acc.reindex(order)
    rank_cols = [c for c in acc.columns if str(c).startswith("rank_")]
    acceptability: list[dict[str, Any]] = [
        {
            "id": str(cid),
            "name": str(names[cid]),
            "rank": int(cell(result.scores.table, cid, "rank")),
            "p_top_k": round(cell_float(acc, cid, "p_top_k"), 6),
            "ranks": {str(c): round(cell_float(acc, cid, c), 6) for c in rank_cols},
        }
        for cid in order
    ]
    doc["acceptability"] = acceptability
    if sweep:
        if sweep not in result.weights:
            msg = f"--sweep: {sweep!r} is not an active criterion ({', '.join(result.weights)})"
            raise ConfigError(msg)
        swept = mcda.compute_weight_sweep(raw, specs, result.scores.method, options, sweep)
        doc["sweep"] = json.loads(swept.to_json(orient="records"))
    if reversal:
        flips = mcda.check_rank_reversal(raw, specs, result.scores.method, options)
        n_flips = len(flips)
        doc["rank_reversal"] = json.loads(flips.to_json(orient="records"))
    if fmt == "json":
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    console = make_console()
    shown = min(top, len(order))
    table = Table(
        header_style="bold",
        title=f"rank acceptability, {samples} Dirichlet weight samples (seed {seed})",
    )
    table.add_column("#", justify="right")
    table.add_column("Park", overflow="fold", max_width=36)
    table.add_column(f"P(top {top_k})", justify="right")
    for r in range(1, shown + 1):
        table.add_column(f"r{r}", justify="right")
    for entry in acceptability[:shown]:
        cells = [f"{entry['ranks'].get(f'rank_{r}', 0.0):.2f}" for r in range(1, shown + 1)]
        table.add_row(str(entry["rank"]), entry["name"], f"{entry['p_top_k']:.2f}", *cells)
    console.print(table)
    if sweep:
        ranks = swept.pivot(index="id", columns="weight", values="rank")
        sweep_table = Table(
            header_style="bold",
            title=f"one-at-a-time sweep: rank as the weight of {sweep!r} goes from 0 to 1 "
            "(others rescaled)",
        )
        sweep_table.add_column("Park", overflow="fold", max_width=36)
        for w in ranks.columns:
            sweep_table.add_column(f"{float(w):.1f}", justify="right")
        for cid in order[:shown]:
            sweep_table.add_row(str(names[cid]), *[str(int(r)) for r in ranks.loc[cid]])
        console.print(sweep_table)
    if reversal:
        console.print(f"rank reversal: {n_flips} pair flips when dropping one candidate")
        for flip in doc["rank_reversal"][:10]:  # type: ignore[index]
            console.print(
                f"  without {flip['removed']}: {flip['higher']} and {flip['lower']} swap",
                style="dim",
            )
