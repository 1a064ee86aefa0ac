"""`siteselect profiles`: list and show the industry profiles."""

from __future__ import annotations

import click

from siteselect.cli._common import format_option, make_console, width_option


@click.group()
def profiles() -> None:
    """List and show the industry profiles shipped with siteselect.

    \b
    Examples:
      siteselect profiles list
      siteselect profiles show automotive-tier1
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
