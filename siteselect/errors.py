"""Errors and warnings: one root, each subclass carrying the CLI exit code."""

from __future__ import annotations


class SiteselectError(Exception):
    """Root of every error the tool reports to its users.

    The CLI catches this class in one place, prints the message on one line of stderr and exits
    with :attr:`exit_code`.
    """

    exit_code: int = 1


class ConfigError(SiteselectError):
    """A usage or configuration problem: bad option, bad TOML, unknown profile, bad key."""

    exit_code = 2


class DataError(SiteselectError):
    """A problem with input data: missing file, bad geometry or CRS, missing column, NaNs."""

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
