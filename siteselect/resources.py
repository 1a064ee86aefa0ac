"""Resources: where the embedded data and the shipped profiles live, in a wheel or a checkout."""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]

# (environment override, folder inside the installed package, folder in the repository)
_FOLDERS = {
    "data": ("SITESELECT_DATA_DIR", "_data", _REPO / "data"),
    "profiles": ("SITESELECT_PROFILES_DIR", "_profiles", _REPO / "configs" / "profiles"),
}


def resource_dir(kind: str) -> Path:
    """The folder of a kind of resource: ``data`` or ``profiles``.

    The environment variable (``SITESELECT_DATA_DIR``, ``SITESELECT_PROFILES_DIR``) wins;
    then the copy shipped inside the installed wheel (``siteselect/_data``,
    ``siteselect/_profiles``); then the repository's ``data/`` or ``configs/profiles/`` (an
    editable install or a checkout on ``sys.path``).
    """
    env, _, _ = _FOLDERS[kind]
    override = os.environ.get(env)
    if override:
        return Path(override)
    return _installed_dir(kind)


@functools.cache
def _installed_dir(kind: str) -> Path:
    """The wheel's copy or the repository's folder: fixed for the life of a process (a search
    asks about a dozen times, and each look costs a package lookup and a ``stat``)."""
    _, packaged, repo = _FOLDERS[kind]
    shipped = resources.files("siteselect").joinpath(packaged)
    if shipped.is_dir():
        return Path(str(shipped))
    return repo
