"""`siteselect explain` and `siteselect compare`: why a park ranks where it does."""

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


@click.command()
@click.argument("park")
@search_options
@format_option("table", "json")
@width_option
def explain(
    park: str,
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    fmt: str,
) -> None:
    """Explain one park: each criterion's raw value, score, weight, contribution, and the
    facility it was measured to (the nearest crossing, port, airport the score used, with
    its drive km).

    \b
    Examples:
      siteselect explain parque-industrial-queretaro
      siteselect explain stiva-aeropuerto --profile automotive-tier1 --format json
    """
    from siteselect import report
    from siteselect.api import run
    from siteselect.report.terminal import render_explanation

    show_warnings()
    config = load_config(profile, config_path, corridor, method)
    result = run(config)
    explanation = result.explain(park)
    if fmt == "json":
        report.write_output(None, report.dump_json(report.build_explanation_json(explanation)))
        return
    make_console().print(render_explanation(explanation, result.provenance))


@click.command()
@click.argument("parks", nargs=-1, required=True)
@search_options
@format_option("table", "json")
@width_option
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
    from siteselect import report
    from siteselect.api import run
    from siteselect.errors import ConfigError
    from siteselect.report.terminal import render_comparison

    show_warnings()
    if len(parks) < 2:
        msg = "compare needs at least two park ids"
        raise ConfigError(msg)
    config = load_config(profile, config_path, corridor, method)
    comparison = run(config).compare(list(parks))
    if fmt == "json":
        report.write_output(None, report.dump_json(report.build_comparison_json(comparison)))
        return
    make_console().print(render_comparison(comparison))
