"""`siteselect profiles`: list and show the industry profiles."""

from __future__ import annotations

import click

from siteselect.cli._common import make_console


@click.group()
def profiles() -> None:
    """List and show the industry profiles shipped in configs/profiles/.

    \b
    Examples:
      siteselect profiles list
      siteselect profiles show automotive-tier1
    """


@profiles.command("list")
def list_command() -> None:
    """List the profiles with their descriptions."""
    from rich.table import Table

    from siteselect.config import list_profiles, read_profile

    table = Table(header_style="bold")
    table.add_column("Profile")
    table.add_column("Method")
    table.add_column("Criteria", justify="right")
    table.add_column("Description", overflow="fold")
    for name in list_profiles():
        cfg = read_profile(name)
        table.add_row(name, cfg.search.method, str(len(cfg.criteria)), cfg.profile.description)
    make_console().print(table)


@profiles.command("show")
@click.argument("name")
@click.option("--raw", is_flag=True, help="Print the TOML file itself, with its comments.")
def show_command(name: str, raw: bool) -> None:
    """Show one profile: its criteria, weights and constraints (or --raw TOML)."""
    from rich.table import Table

    from siteselect.config import profile_path, read_profile

    path = profile_path(name)
    if raw:
        click.echo(path.read_text(encoding="utf-8"), nl=False)
        return
    cfg = read_profile(name)
    console = make_console()
    console.print(f"[bold]{name}[/bold]: {cfg.profile.description}")
    console.print(
        f"method {cfg.search.method}, top {cfg.search.top}, "
        f"corridors {', '.join(cfg.search.corridors)}"
    )
    table = Table(header_style="bold", title="criteria (weights normalised to sum to 1)")
    for col in ("Criterion", "Measure", "Of", "Direction", "Weight", "Value function"):
        table.add_column(col)
    weights = cfg.normalised_weights
    for c in cfg.criteria:
        target = c.column or c.to or ""
        if c.minutes:
            target = f"{c.minutes:g} min"
        if c.hours:
            target = f"{c.hours:g} h"
        vf: str = c.value or "default"
        if c.value == "linear":
            vf = f"linear {c.best:g} (best) .. {c.worst:g} (worst)"
        table.add_row(c.name, c.measure, target, c.direction, f"{weights[c.name]:.3f}", vf)
    console.print(table)
    for con in cfg.constraints:
        console.print(f"constraint: {con.label}")
    console.print(f"file: {path}", style="dim")
