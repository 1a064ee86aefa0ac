"""`siteselect explain` and `siteselect compare`: why a park ranks where it does."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    facts_options,
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
@facts_options
@format_option("table", "json")
@width_option
def explain(
    park: str,
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    facts: Path | None,
    requirements: Path | None,
    fmt: str,
) -> None:
    """Explain one park: each criterion's raw value, score, weight, contribution, and the
    facility it was measured to (the nearest crossing, port, airport the score used, with
    its drive km).

    \b
    Examples:
      siteselect explain parque-industrial-queretaro
      siteselect explain stiva-aeropuerto --profile automotive-tier1 --format json
      siteselect explain finsa-queretaro --facts parks.xlsx --requirements tenant.toml

    With --facts, the park's own facts follow (value in its unit, date, source; ‡ marks the
    user's file); with --requirements, each requirement met, not met or unknown.
    """
    from siteselect import report
    from siteselect.api import run
    from siteselect.report.terminal import render_explanation
    from siteselect.report.terminal_facts import facts_footer_lines, render_park_facts

    show_warnings()
    config = load_config(
        profile, config_path, corridor, method, facts=facts, requirements=requirements
    )
    result = run(config)
    explanation = result.explain(park)
    if fmt == "json":
        report.write_output(None, report.dump_json(report.build_explanation_json(explanation)))
        return
    console = make_console()
    console.print(render_explanation(explanation, result.provenance))
    own = render_park_facts(result, explanation.id)
    if own is not None:
        console.print(own)
    elif facts_footer_lines(result):
        for line in facts_footer_lines(result):
            console.print(line, style="dim", markup=False, highlight=False)


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
