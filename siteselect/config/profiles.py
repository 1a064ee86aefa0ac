"""Profiles: the shipped industry searches, read as package resources."""

from __future__ import annotations

from pathlib import Path

from siteselect.errors import ConfigError, DataError
from siteselect.resources import resource_dir

DEFAULT_PROFILE = "default"


def profiles_dir() -> Path:
    """Folder of the shipped profiles (``SITESELECT_PROFILES_DIR`` overrides)."""
    return resource_dir("profiles")


def list_profiles() -> list[str]:
    """Names of the shipped profiles, sorted."""
    folder = profiles_dir()
    if not folder.is_dir():
        msg = (
            f"profiles folder {folder} is missing; reinstall siteselect or unset "
            "SITESELECT_PROFILES_DIR"
        )
        raise DataError(msg)
    return sorted(p.stem for p in folder.glob("*.toml"))


def profile_path(name: str) -> Path:
    """Path of a shipped profile, or a :class:`ConfigError` naming the available ones."""
    path = profiles_dir() / f"{name}.toml"
    if "/" in name or "\\" in name or not path.is_file():
        known = ", ".join(list_profiles())
        msg = f"unknown profile {name!r}; available profiles: {known}"
        raise ConfigError(msg)
    return path
