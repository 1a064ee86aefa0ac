"""Shared CLI pieces: search options, consoles, warnings on stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

CORRIDOR_CHOICES = ("bajio", "northeast", "northwest", "north-centre", "centre", "other", "all")
"""The embedded corridors (data/corridors.csv) and ``all``; a data folder of one's own may
define others, so the option is checked against the table, not this list."""


def search_options(func: F) -> F:
    """The options that pick a search: --profile/--config and its overrides."""
    options = [
        click.option(
            "--profile", "-p", metavar="NAME", help="An industry profile (see `profiles list`)."
        ),
        click.option(
            "--config",
            "-c",
            "config_path",
            type=click.Path(path_type=Path),
            help="A TOML search configuration.",
        ),
        click.option(
            "--corridor",
            "corridor",
            metavar="NAME",
            help="Corridors to search, comma-separated: bajio, northeast, northwest, "
            "north-centre, centre, other, or all (the whole country). Default: the config's "
            "(the shipped profiles: bajio,northeast).",
        ),
        click.option(
            "--method",
            "-m",
            type=click.Choice(["wsm", "topsis", "promethee", "vikor"]),
            help="MCDA method (default: the config's).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def closure_options(func: F) -> F:
    """``--close LAYER:ID`` and ``--close-road LON,LAT,KM`` (both repeatable)."""
    options = [
        click.option(
            "--close",
            "close",
            multiple=True,
            metavar="LAYER:ID",
            help="Close a feature for this run, e.g. border_crossings:world-trade-bridge "
            "(repeatable: a crossing, a port, an airport).",
        ),
        click.option(
            "--close-road",
            "close_road",
            multiple=True,
            metavar="LON,LAT,KM",
            help="Cut every road within KM of LON,LAT (repeatable).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def format_option(*choices: str, default: str | None = "table") -> Callable[[F], F]:
    """The ``--format/-f`` option with the given choices."""
    option: Callable[[F], F] = click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help="Output format"
        + (" (default: from the -o suffix, else table)." if default is None else "."),
    )
    return option


def load_config(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    top: int | None = None,
) -> Any:
    """Load and validate the search the options describe."""
    from siteselect.config import load_search

    corridors = None
    if corridor is not None:
        corridors = [c.strip() for c in corridor.split(",")]
    return load_search(
        profile=profile, config_path=config_path, corridors=corridors, method=method, top=top
    )


def make_console(stderr: bool = False, file: Any = None) -> Any:
    """A rich console honouring NO_COLOR and non-terminal output."""
    from rich.console import Console

    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    return Console(
        file=stream,
        no_color=bool(os.environ.get("NO_COLOR")),
        soft_wrap=False,
        width=None if stream.isatty() else 140,
    )


def render_to_text(renderable: Any) -> str:
    """A rich renderable as plain text (for ``-o file.txt``)."""
    from io import StringIO

    buffer = StringIO()
    make_console(file=buffer).print(renderable)
    return buffer.getvalue()


def echo_removals(result: Any) -> None:
    """Count the candidates a run removed, on stderr (each is listed in the outputs)."""
    from siteselect.report.text import removal_summary

    line = removal_summary(result)
    if line:
        click.echo(line, err=True)


def show_warnings() -> None:
    """Print warnings as one line on stderr instead of Python's two-line format, each once
    (a config validated at two stages warns at both)."""
    import warnings

    said: set[str] = set()

    def _show(
        message: Any, category: Any, filename: Any, lineno: Any, file: Any = None, line: Any = None
    ) -> None:
        from siteselect.errors import DataNote

        note = isinstance(category, type) and issubclass(category, DataNote)
        text = f"{'note' if note else 'warning'}: {message}"
        if text not in said:
            said.add(text)
            click.echo(text, err=True)

    warnings.showwarning = _show
