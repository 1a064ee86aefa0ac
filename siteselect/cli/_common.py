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


class OutputFile(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """An output file (``-o``): ``-`` for stdout, never a folder.

    A name ending in a slash or naming an existing folder is refused before anything runs
    (``pathlib`` would drop the slash and a file called ``name`` would be written).
    """

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        """The path, or an :class:`~siteselect.errors.OutputError` for a folder."""
        text = str(value) if isinstance(value, Path) else os.fsdecode(value)
        ends_as_folder = text.endswith(("/", os.sep)) or (
            os.altsep is not None and text.endswith(os.altsep)
        )
        if text != "-" and (ends_as_folder or Path(text).is_dir()):
            from siteselect.errors import OutputError

            what = "it is a folder" if Path(text).is_dir() else "a name ending in / is a folder"
            msg = f"cannot write {text}: {what}; give a file name"
            raise OutputError(msg)
        return Path(text)


OUTPUT_FILE = OutputFile()


def search_options(func: F) -> F:
    """The options that pick a search: --profile/--config and its overrides."""
    return _add_search_options(func, candidates_shown=True)


def grid_search_options(func: F) -> F:
    """:func:`search_options` for a command that scores a grid, not sites: ``--candidates``
    is left out of ``--help`` (still parsed, so that the command can refuse it in words)."""
    return _add_search_options(func, candidates_shown=False)


def _add_search_options(func: F, *, candidates_shown: bool) -> F:
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
        click.option(
            "--candidates",
            type=click.Path(path_type=Path),
            metavar="FILE",
            expose_value=False,
            callback=_store_candidates,
            hidden=not candidates_shown,
            help="Your own sites or parks (CSV, XLSX, GeoJSON, GeoPackage...) instead of the "
            "embedded parks, with the profile's or the config's criteria.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


CANDIDATES_KEY = "siteselect.candidates"


def _store_candidates(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[CANDIDATES_KEY] = value


def given_candidates() -> Path | None:
    """The ``--candidates`` file of the running command, if one was given."""
    ctx = click.get_current_context(silent=True)
    value = ctx.meta.get(CANDIDATES_KEY) if ctx is not None else None
    return value if isinstance(value, Path) else None


def facts_options(func: F) -> F:
    """``--facts FILE`` (a park-facts sheet) and ``--requirements FILE`` (a tenant's needs)."""
    options = [
        click.option(
            "--facts",
            "facts",
            type=click.Path(path_type=Path),
            metavar="FILE",
            help="A park-facts sheet (.xlsx, .csv...; see `siteselect facts template`): its "
            "facts join the parks.",
        ),
        click.option(
            "--requirements",
            "requirements",
            type=click.Path(path_type=Path),
            metavar="FILE",
            help="A TOML file with a tenant's [requirements] (see `siteselect requirements "
            "template`).",
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
    *,
    facts: Path | None = None,
    requirements: Path | None = None,
    **overrides: Any,
) -> Any:
    """Load and validate the search the options describe: with a facts sheet and a tenant's
    requirements when given, and ``overrides`` (further keyword arguments of
    :func:`siteselect.config.load_search`, such as ``max_per_metro``)."""
    from siteselect.config import load_search

    corridors = None
    if corridor is not None:
        corridors = [c.strip() for c in corridor.split(",")]
    return load_search(
        profile=profile,
        config_path=config_path,
        corridors=corridors,
        method=method,
        top=top,
        facts=facts,
        requirements=requirements,
        candidates=given_candidates(),
        **overrides,
    )


def print_facts_views(result: Any, ids: Any = None) -> None:
    """After a table: the requirements per park and the facts' credits and policy (stdout),
    when the search has them."""
    from siteselect.report.terminal_facts import facts_views

    console = make_console()
    for view in facts_views(result, ids):
        console.print(view)


WIDTH_KEY = "siteselect.width"
PIPE_WIDTH = 140
"""Table width when stdout is not a terminal and neither --width nor COLUMNS says one."""
MIN_WIDTH = 60
"""The narrowest layout: below it a table can no longer fold its columns away, and would
cut numbers and words. A narrower terminal gets this width (its lines wrap, nothing is cut)."""


def width_option(func: F) -> F:
    """``--width N``: the width tables are laid out for (else COLUMNS, else the terminal's)."""

    def store(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < MIN_WIDTH:
            from siteselect.errors import ConfigError

            msg = (
                f"--width: at least {MIN_WIDTH} columns (narrower tables would cut numbers "
                f"and words), got {value}"
            )
            raise ConfigError(msg)
        if value is not None:
            ctx.meta[WIDTH_KEY] = value
        return value

    option: Callable[[F], F] = click.option(
        "--width",
        type=int,
        expose_value=False,
        callback=store,
        metavar="COLUMNS",
        help=f"Lay tables out for this many columns (default: $COLUMNS, else the terminal's "
        f"width, else {PIPE_WIDTH} when piped).",
    )
    return option(func)


def console_width(stream: Any) -> int | None:
    """The width to lay out for: ``--width``, else ``COLUMNS``, else the terminal's (None),
    else :data:`PIPE_WIDTH` for a file or a pipe."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(WIDTH_KEY):
        return int(ctx.meta[WIDTH_KEY])
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        import shutil

        return None if shutil.get_terminal_size().columns >= MIN_WIDTH else MIN_WIDTH
    return PIPE_WIDTH


def make_console(stderr: bool = False, file: Any = None) -> Any:
    """A rich console honouring NO_COLOR, ``--width``/``COLUMNS`` and non-terminal output."""
    from rich.console import Console

    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    return Console(
        file=stream,
        no_color=bool(os.environ.get("NO_COLOR")),
        soft_wrap=False,
        width=console_width(stream),
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


_SAID: set[str] = set()
"""The warnings' messages :func:`show_warnings` printed for this command (each once)."""


def said_on_stderr() -> frozenset[str]:
    """The messages printed on stderr as warnings or notes (a table on the same terminal need
    not print them again)."""
    return frozenset(_SAID)


def show_warnings() -> None:
    """Print warnings as one line on stderr instead of Python's two-line format, each once
    (a config validated at two stages warns at both)."""
    import warnings

    _SAID.clear()  # one command's: a test process runs many

    def _show(
        message: Any, category: Any, filename: Any, lineno: Any, file: Any = None, line: Any = None
    ) -> None:
        from siteselect.errors import DataNote

        note = isinstance(category, type) and issubclass(category, DataNote)
        text = f"{'note' if note else 'warning'}: {message}"
        if str(message) not in _SAID:
            _SAID.add(str(message))
            click.echo(text, err=True)

    warnings.showwarning = _show
