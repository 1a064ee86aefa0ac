"""`siteselect profiles`: list, show and back-test the industry profiles."""

from __future__ import annotations

import click

from siteselect.cli._common import format_option, make_console, width_option


@click.group()
def profiles() -> None:
    """List, show and back-test the industry profiles shipped with siteselect.

    \b
    Examples:
      siteselect profiles list
      siteselect profiles show automotive-tier1
      siteselect profiles check --all
    """


@profiles.command("list")
@format_option("table", "json")
@width_option
def list_command(fmt: str) -> None:
    """List the profiles with their descriptions.

    \b
    Examples:
      siteselect profiles list
      siteselect profiles list --format json
    """
    from siteselect.config import list_profiles, read_profile
    from siteselect.report.terminal import render_profiles

    rows = [(name, read_profile(name)) for name in list_profiles()]
    if fmt == "json":
        from siteselect import report

        doc = {
            "profiles": [
                {
                    "name": name,
                    "description": cfg.profile.description,
                    "method": cfg.search.method,
                    "corridors": list(cfg.search.corridors),
                    "criteria": {c.name: c.weight for c in cfg.criteria},
                }
                for name, cfg in rows
            ]
        }
        report.write_output(None, report.dump_json(doc))
        return
    make_console().print(render_profiles(rows))


@profiles.command("show")
@click.argument("name")
@click.option("--raw", is_flag=True, help="Print the TOML file itself, with its comments.")
@width_option
def show_command(name: str, raw: bool) -> None:
    """Show one profile: its criteria, weights and constraints (or --raw TOML).

    \b
    Examples:
      siteselect profiles show automotive-tier1
      siteselect profiles show logistics --raw > my_search.toml
    """
    from siteselect.config import profile_path, read_profile
    from siteselect.report.terminal import render_profile

    path = profile_path(name)
    if raw:
        click.echo(path.read_text(encoding="utf-8"), nl=False)
        return
    make_console().print(render_profile(name, read_profile(name), path.name))


@profiles.command("check")
@click.argument("names", nargs=-1, metavar="[PROFILE]...")
@click.option("--all", "all_", is_flag=True, help="Check every shipped profile.")
@click.option(
    "--radius-km",
    type=float,
    default=10.0,
    show_default=True,
    help="Establishments within this straight-line distance of a park are its outcome.",
)
@click.option(
    "--strict", is_flag=True, help="Exit 1 when a profile does not beat the population baseline."
)
@click.option(
    "--corridor",
    "corridor",
    metavar="NAME",
    help="Back-test the parks of these corridors, comma-separated, or all (the whole "
    "country). Default: each profile's own (the shipped profiles: bajio,northeast). With "
    "more than one, each corridor's own figures follow.",
)
@format_option("table", "json")
@width_option
def check_command(
    names: tuple[str, ...],
    all_: bool,
    radius_km: float,
    strict: bool,
    corridor: str | None,
    fmt: str,
) -> None:
    """Back-test profiles: does the score find where firms of the industry actually are?

    Every embedded park of the profile's corridors (--corridor: others, or all) is scored
    with the profile's criteria minus its cluster criteria
    (those that count RETC establishments), weights renormalised, with the profile's method.
    The outcome of a park is the number of RETC 2022 establishments of the profile's own SCIAN
    codes within --radius-km. Printed: ROC AUC (parks with at least one vs none), Spearman's
    rho (score vs count), the AUC with each metro's parks left out in turn (minimum, median),
    beside the same figures for the population of the park's metro alone.

    \b
    Examples:
      siteselect profiles check automotive-tier1
      siteselect profiles check --all
      siteselect profiles check --all --format json --radius-km 15
      siteselect profiles check --all --corridor all     # the whole country, per corridor
    """
    from siteselect.api import check_profile
    from siteselect.config import list_profiles
    from siteselect.errors import ConfigError

    if all_ and names:
        msg = "give profile names or --all, not both"
        raise ConfigError(msg)
    wanted = list(list_profiles()) if all_ else list(names)
    if not wanted:
        msg = "give a profile name (see `siteselect profiles list`) or --all"
        raise ConfigError(msg)
    corridors = None if corridor is None else [c.strip() for c in corridor.split(",")]
    results = []
    for name in wanted:
        click.echo(f"back-testing {name}...", err=True)
        results.append(check_profile(name, radius_km=radius_km, corridors=corridors))
    if fmt == "json":
        from siteselect import report
        from siteselect.report.backtest import build_backtest_json

        report.write_output(None, report.dump_json(build_backtest_json(results)))
    else:
        from siteselect.report.backtest import render_backtests

        make_console().print(render_backtests(results))
    if strict and not all(r.beats_baseline for r in results):
        losing = ", ".join(r.profile for r in results if not r.beats_baseline)
        click.echo(f"does not beat the population baseline: {losing}", err=True)
        raise SystemExit(1)
