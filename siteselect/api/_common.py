"""What the entry points share: the search their arguments ask for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from siteselect.config import SearchConfig, load_search
from siteselect.errors import ConfigError


def _load_search(
    profile: str | None,
    config: str | Path | SearchConfig | None,
    corridors: Sequence[str] | str | None,
    *,
    method: str | None = None,
    top: int | None = None,
    weights: Mapping[str, float] | None = None,
    max_per_metro: int | None = None,
    consensus: str | None = None,
    consensus_samples: int | None = None,
    facts: str | Path | None = None,
    requirements: str | Path | Mapping[str, Any] | None = None,
    candidates: str | Path | None = None,
) -> SearchConfig:
    """The search an entry point's arguments ask for; arguments of the wrong type are a
    :class:`ConfigError` (a notebook user sees the same one-line errors as the CLI)."""
    if config is not None and not isinstance(config, str | Path | SearchConfig):
        msg = f"config: give a TOML file path or a SearchConfig, not a {type(config).__name__}"
        raise ConfigError(msg)
    if profile is not None and not isinstance(profile, str):
        msg = f"profile: give a profile name, not a {type(profile).__name__}"
        raise ConfigError(msg)
    if isinstance(corridors, str):  # one name, or a comma-separated list as on the CLI
        corridors = [c.strip() for c in corridors.split(",")]
    elif corridors is not None and (
        not isinstance(corridors, Sequence) or not all(isinstance(c, str) for c in corridors)
    ):
        msg = (
            "corridors: give corridor names, e.g. ['bajio', 'northeast'] or ['all'], "
            f"not {corridors!r}"
        )
        raise ConfigError(msg)
    given = config if isinstance(config, SearchConfig) else None
    path = Path(config) if isinstance(config, str | Path) else None
    return load_search(
        profile=profile,
        config=given,
        config_path=path,
        corridors=corridors,
        method=method,
        top=top,
        weights=weights,
        max_per_metro=max_per_metro,
        consensus=consensus,
        consensus_samples=consensus_samples,
        facts=facts,
        requirements=requirements,
        candidates=candidates,
    )
