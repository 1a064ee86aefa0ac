"""Errors and warnings: one root, each subclass carrying the CLI exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_AS_OPTIONS: ContextVar[bool] = ContextVar("siteselect_errors_as_options", default=False)


class SiteselectError(Exception):
    """Root of every error the tool reports to its users.

    The CLI catches this class in one place, prints the message on one line of stderr and exits
    with :attr:`exit_code`.
    """

    exit_code: int = 1


class ConfigError(SiteselectError):
    """A usage or configuration problem: bad option, bad TOML, unknown profile, bad key.

    A file that configures a search (a TOML config, a tenant's requirements, AHP judgements)
    is a configuration: missing, a folder or malformed, it is this error."""

    exit_code = 2


class DataError(SiteselectError):
    """A problem with input data: missing file, bad geometry or CRS, missing column, NaNs.

    Every file of data (candidates, a facts sheet, a layer, an OSM extract, a logo): missing,
    a folder or unreadable, it is this error."""

    exit_code = 3


class InfeasibleError(SiteselectError):
    """No candidate survives the hard constraints, or an optimisation has no solution."""

    exit_code = 4


class OutputError(SiteselectError):
    """An output cannot be written (exists without ``--force``, unwritable folder)."""

    exit_code = 2


class SiteselectWarning(UserWarning):
    """Warnings the tool emits (illustrative data used, dropped graph pieces, inconsistency)."""


class DataNote(SiteselectWarning):
    """What reading the user's data guessed or set aside (the CLI prints it as ``note:``)."""


def name_input(option: str, argument: str | None = None) -> str:
    """How an error message names an input: the command-line option (``--top``) while the CLI
    runs (:func:`naming_options`), the API argument (``top``) otherwise.

    ``argument`` defaults to the option without its dashes, ``-`` read as ``_``
    (``--max-per-metro`` -> ``max_per_metro``); give it when the two differ
    (``--corridor`` / ``corridors``).
    """
    if _AS_OPTIONS.get():
        return option
    return argument if argument is not None else option.lstrip("-").replace("-", "_")


@contextmanager
def naming_options() -> Iterator[None]:
    """Within: error messages name command-line options (the CLI's entry point sets it)."""
    token = _AS_OPTIONS.set(True)
    try:
        yield
    finally:
        _AS_OPTIONS.reset(token)
