"""Configuration: the TOML description of a site search, its validation, profiles, overrides."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from siteselect.config.profiles import (
    DEFAULT_PROFILE,
    list_profiles,
    profile_path,
    profiles_dir,
)
from siteselect.config.schema import (
    CandidatesSection,
    ConstraintConfig,
    CriterionConfig,
    NetworkSection,
    SearchConfig,
    SearchSection,
    describe_measure_keys,
)
from siteselect.constants import METHODS
from siteselect.errors import ConfigError


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before", "function-wrap") or "[" in str(part):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _format_error(err: Any) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    loc = _format_loc(tuple(err.get("loc", ())))
    if loc == "(top level)" and kind == "value_error":  # a section's own check: no key to name
        return str(err.get("msg", "")).removeprefix("Value error, ")
    messages: dict[str, str] = {
        "greater_than_equal": f"must be >= {ctx.get('ge')}",
        "greater_than": f"must be > {ctx.get('gt')}",
        "less_than_equal": f"must be <= {ctx.get('le')}",
        "extra_forbidden": "unknown key (check the spelling)",
        "missing": "required key is missing",
        "too_short": "must not be empty",
    }
    if kind in messages:
        text = messages[kind]
    elif kind == "literal_error":
        text = f"must be one of {ctx.get('expected')}"
    elif kind == "value_error":
        text = str(err.get("msg", "")).removeprefix("Value error, ")
    else:
        text = str(err.get("msg", "invalid value"))
    return f"{loc}: {text}"


def parse_config(data: Mapping[str, Any], source: str = "config") -> SearchConfig:
    """Validate a configuration mapping, reporting every problem with its key.

    Parameters
    ----------
    data
        The parsed TOML document (or :meth:`SearchConfig.as_mapping`).
    source
        File name used in messages.

    Raises
    ------
    ConfigError
        With one line listing every problem, e.g. ``criteria[2].weight: must be >= 0``.
    """
    try:
        return SearchConfig.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"{source}: {problems}"
        raise ConfigError(msg) from None


def revalidate(config: SearchConfig, source: str = "config") -> SearchConfig:
    """Validate a config again, e.g. one changed with ``model_copy`` (which skips validation)."""
    return parse_config(config.as_mapping(), source)


def read_config(path: Path) -> SearchConfig:
    """Read and validate a TOML search configuration.

    Relative paths inside the file (candidates, layer files, AHP matrix, OSM extract) are
    resolved against the file's folder.
    """
    path = Path(path)
    if not path.exists():
        msg = f"config file {path} does not exist"
        raise ConfigError(msg)
    if path.is_dir():
        msg = f"config {path} is a folder; give a .toml file"
        raise ConfigError(msg)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: not valid TOML: {exc}"
        raise ConfigError(msg) from None
    except UnicodeDecodeError:
        msg = f"{path}: not a UTF-8 text file"
        raise ConfigError(msg) from None
    except OSError as exc:
        msg = f"cannot read config {path}: {exc.strerror or exc}"
        raise ConfigError(msg) from None
    config = parse_config(data, source=str(path))
    return resolve_paths(config, path.parent)


def resolve_paths(config: SearchConfig, base: Path) -> SearchConfig:
    """Return the config with its relative file paths made relative to ``base``."""
    from siteselect.layers import LayerFile, is_user_file

    def fix(p: Path | None) -> Path | None:
        if p is None or p.is_absolute():
            return p
        return base / p

    criteria = []
    for c in config.criteria:
        update: dict[str, Any] = {}
        for key in type(c.params).path_fields:
            value = getattr(c.params, key, None)
            if isinstance(value, str) and is_user_file(value):
                update[key] = str(fix(Path(value)))
            elif isinstance(value, LayerFile):
                update[key] = value.model_copy(update={"path": str(fix(Path(value.path)))})
        criteria.append(
            c.model_copy(update={"params": c.params.model_copy(update=update)}) if update else c
        )
    optimize = config.optimize
    if optimize is not None and optimize.demand is not None and optimize.demand.path is not None:
        demand = optimize.demand.model_copy(update={"path": fix(optimize.demand.path)})
        optimize = optimize.model_copy(update={"demand": demand})
    return config.model_copy(
        update={
            "optimize": optimize,
            "criteria": criteria,
            "candidates": config.candidates.model_copy(
                update={
                    "path": fix(config.candidates.path),
                    "attributes": fix(config.candidates.attributes),
                }
            ),
            "weights": config.weights.model_copy(update={"matrix": fix(config.weights.matrix)}),
            "report": config.report.model_copy(
                update={"logo": fix(config.report.logo), "photo": fix(config.report.photo)}
            ),
            "network": config.network.model_copy(update={"osm_path": fix(config.network.osm_path)}),
        }
    )


def read_profile(name: str) -> SearchConfig:
    """Read a shipped profile by name."""
    return read_config(profile_path(name))


def apply_weights(config: SearchConfig, weights: Mapping[str, float]) -> SearchConfig:
    """The config with some criteria's weights replaced (direct weights from then on).

    Criteria not named keep their weight. An unknown name, a negative or non-finite weight,
    or weights that leave every criterion at zero are a :class:`ConfigError`.
    """
    if not isinstance(weights, Mapping):
        msg = (
            "weights: give a mapping of criterion names to weights, e.g. "
            f'{{"border": 0.5}}, not a {type(weights).__name__}'
        )
        raise ConfigError(msg)
    names = [c.name for c in config.criteria]
    for name, value in weights.items():
        if name not in names:
            msg = f"weights: {name!r} is not a criterion of this search (known: {', '.join(names)})"
            raise ConfigError(msg)
        if isinstance(value, bool) or not isinstance(value, int | float):
            msg = f"weights: {name!r} = {value!r} is not a number"
            raise ConfigError(msg)
        if not math.isfinite(float(value)) or float(value) < 0:
            msg = f"weights: {name!r} = {value!r} must be a finite number >= 0"
            raise ConfigError(msg)
    data = config.as_mapping()
    for entry in data["criteria"]:
        if entry["name"] in weights:
            entry["weight"] = float(weights[entry["name"]])
    if data.get("weights", {}).get("method", "direct") != "direct":
        data["weights"] = {"method": "direct"}
    return parse_config(data, source="weights")


def load_search(
    *,
    profile: str | None = None,
    config_path: Path | None = None,
    config: SearchConfig | None = None,
    corridors: Sequence[str] | None = None,
    method: str | None = None,
    top: int | None = None,
    weights: Mapping[str, float] | None = None,
) -> SearchConfig:
    """Resolve what the user asked for into one validated config, with overrides applied.

    ``profile``, ``config_path`` and ``config`` are exclusive; with none, the default profile
    is used. A ``config`` object is validated again (an edited copy may be invalid).
    """
    given = sum(x is not None and x != "" for x in (profile, config_path, config))
    if given > 1:
        msg = "give either --profile or --config, not both"
        raise ConfigError(msg)
    if config is not None:
        if not isinstance(config, SearchConfig):
            msg = f"config: expected a SearchConfig or a path, got {type(config).__name__}"
            raise ConfigError(msg)
        search = revalidate(config)
    elif config_path:
        search = read_config(Path(config_path))
    else:
        search = read_profile(profile or DEFAULT_PROFILE)
    search_update: dict[str, Any] = {}
    if corridors is not None:
        wanted = [str(c).strip() for c in corridors if str(c).strip()]
        if not wanted:
            msg = "--corridor: give at least one corridor name (or 'all')"
            raise ConfigError(msg)
        search_update["corridors"] = wanted
    if method is not None:
        if method not in METHODS:
            msg = f"--method: {method!r} is not one of {', '.join(METHODS)}"
            raise ConfigError(msg)
        search_update["method"] = method
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            msg = f"--top: must be an integer >= 1, got {top!r}"
            raise ConfigError(msg)
        search_update["top"] = top
        search_update["top_per_corridor"] = None  # an explicit --top means N overall
    if search_update:
        search = search.model_copy(
            update={"search": search.search.model_copy(update=search_update)}
        )
    if weights:
        search = apply_weights(search, weights)
    return search


__all__ = [
    "DEFAULT_PROFILE",
    "CandidatesSection",
    "ConstraintConfig",
    "CriterionConfig",
    "NetworkSection",
    "SearchConfig",
    "SearchSection",
    "apply_weights",
    "describe_measure_keys",
    "list_profiles",
    "load_search",
    "parse_config",
    "profile_path",
    "profiles_dir",
    "read_config",
    "read_profile",
    "resolve_paths",
    "revalidate",
]
