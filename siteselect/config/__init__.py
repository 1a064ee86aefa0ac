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
    FactsSection,
    NetworkSection,
    RequirementsSection,
    SearchConfig,
    SearchSection,
    describe_measure_keys,
    fold_corridor_name,
)
from siteselect.constants import MAX_WEIGHT_SAMPLES, METHODS
from siteselect.errors import ConfigError, name_input


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
        "finite_number": f"must be a finite number, got {err.get('input')!r}",
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
    # The file's real folder: a symlinked or ./-spelt config names the same files (and
    # hashes the same: config_sha256 is of what was run, not how its path was typed).
    return resolve_paths(config, path.resolve().parent)


def resolve_paths(config: SearchConfig, base: Path) -> SearchConfig:
    """Return the config with its file paths made absolute and canonical (symlinks and
    ``..`` resolved), relative ones taken from ``base``."""
    from siteselect.layers import LayerFile, is_user_file

    def fix(p: Path | None) -> Path | None:
        if p is None:
            return p
        return (base / p).resolve()

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
                    "facts": None
                    if config.candidates.facts is None
                    else config.candidates.facts.model_copy(
                        update={"path": fix(config.candidates.facts.path)}
                    ),
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


def check_count(name: str, value: Any) -> Any:
    """A count argument of the API (``top``, ``k``): an integer >= 1 (numpy's too), as an int;
    text (``"3"``), floats and booleans are a :class:`ConfigError`, never coerced."""
    import numbers

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        msg = f"{name}: must be an integer >= 1, got {value!r}"
        raise ConfigError(msg)
    return int(value)


def load_search(
    *,
    profile: str | None = None,
    config_path: Path | None = None,
    config: SearchConfig | None = None,
    corridors: Sequence[str] | None = None,
    method: str | None = None,
    top: int | None = None,
    weights: Mapping[str, float] | None = None,
    max_per_metro: int | None = None,
    consensus: str | None = None,
    consensus_samples: int | None = None,
    facts: str | Path | None = None,
    requirements: str | Path | Mapping[str, Any] | RequirementsSection | None = None,
    candidates: str | Path | None = None,
) -> SearchConfig:
    """Resolve what the user asked for into one validated config, with overrides applied.

    ``profile``, ``config_path`` and ``config`` are exclusive; with none, the default profile
    is used. A ``config`` object is validated again (an edited copy may be invalid).
    ``max_per_metro = 0`` switches the ``[shortlist]`` rule off; ``consensus = "none"``
    switches a configured consensus off.
    ``facts`` (a park-facts sheet) replaces the config's ``[candidates] facts`` path, keeping
    its other keys; ``requirements`` (a TOML file with a ``[requirements]`` table, a mapping
    or a section) replaces its ``[requirements]``. The requirements are then compiled
    (:func:`siteselect.config.requirements.compile_requirements`).
    ``candidates`` (a file of the user's own sites or parks) replaces the embedded parks, or
    the config's own ``[candidates]`` file, with every reading key guessed again (the
    config's facts sheet is kept): a profile's criteria on the user's sites.
    """
    given = sum(x is not None and x != "" for x in (profile, config_path, config))
    if given > 1:
        msg = f"give either {name_input('--profile')} or {name_input('--config')}, not both"
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
        wanted = [fold_corridor_name(str(c)) for c in corridors if str(c).strip()]
        if not wanted:
            name = name_input("--corridor", "corridors")
            msg = f"{name}: give at least one corridor name (or 'all')"
            raise ConfigError(msg)
        search_update["corridors"] = wanted
    if method is not None:
        if method not in METHODS:
            msg = f"{name_input('--method')}: {method!r} is not one of {', '.join(METHODS)}"
            raise ConfigError(msg)
        search_update["method"] = method
    if top is not None:
        search_update["top"] = check_count(name_input("--top"), top)
        search_update["top_per_corridor"] = None  # an explicit --top means N overall
    if consensus is not None:
        if consensus not in ("borda", "copeland", "none"):
            msg = f"{name_input('--consensus')}: {consensus!r} is not one of borda, copeland, none"
            raise ConfigError(msg)
        search_update["consensus"] = None if consensus == "none" else consensus
    if consensus_samples is not None:
        if isinstance(consensus_samples, bool) or not isinstance(consensus_samples, int):
            name = name_input("--consensus-samples")
            msg = f"{name}: must be an integer >= 0, got {consensus_samples!r}"
            raise ConfigError(msg)
        if not 0 <= consensus_samples <= MAX_WEIGHT_SAMPLES:
            msg = (
                f"{name_input('--consensus-samples')}: must be between 0 and "
                f"{MAX_WEIGHT_SAMPLES:,}, got "
                f"{consensus_samples:,}"
            )
            raise ConfigError(msg)
        search_update["consensus_samples"] = consensus_samples
    if search_update:
        search = search.model_copy(
            update={"search": search.search.model_copy(update=search_update)}
        )
    if max_per_metro is not None:
        if isinstance(max_per_metro, bool) or not isinstance(max_per_metro, int):
            msg = f"{name_input('--max-per-metro')}: must be an integer >= 0, got {max_per_metro!r}"
            raise ConfigError(msg)
        if max_per_metro < 0:
            msg = (
                f"{name_input('--max-per-metro')}: must be >= 0 (0 switches the rule off), "
                f"got {max_per_metro}"
            )
            raise ConfigError(msg)
        cap = None if max_per_metro == 0 else max_per_metro
        search = search.model_copy(
            update={"shortlist": search.shortlist.model_copy(update={"max_per_metro": cap})}
        )
    if candidates is not None:
        if not isinstance(candidates, str | Path) or not str(candidates).strip():
            # A frame's repr would spread over many lines: name its type instead.
            what = repr(candidates) if isinstance(candidates, str) else type(candidates).__name__
            msg = f"{name_input('--candidates')}: give the path of a file of sites, not {what}"
            raise ConfigError(msg)
        own = CandidatesSection(path=Path(candidates), facts=search.candidates.facts)
        search = search.model_copy(update={"candidates": own})
    if facts is not None:
        if not isinstance(facts, str | Path) or not str(facts).strip():
            what = repr(facts) if isinstance(facts, str) else type(facts).__name__
            msg = f"{name_input('--facts')}: give the path of a park-facts sheet, not {what}"
            raise ConfigError(msg)
        search = with_facts(search, Path(facts))
    if requirements is not None:
        tenant = read_requirements(requirements)
        kept = search.requirements
        if tenant.workers is None and kept is not None and kept.workers is not None:
            # The profile's plant size stays unless the tenant states its own headcount.
            tenant = tenant.model_copy(update={"workers": kept.workers})
        search = search.model_copy(update={"requirements": tenant})
    if weights:
        search = apply_weights(search, weights)
    from siteselect.config.requirements import compile_requirements

    return compile_requirements(search)


def with_facts(config: SearchConfig, path: Path) -> SearchConfig:
    """The config reading another park-facts sheet (its other ``[candidates.facts]`` keys
    kept)."""
    current = config.candidates.facts
    data = current.model_dump() if current is not None else {}
    data["path"] = path
    try:
        section = FactsSection.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"{name_input('--facts')}: {problems}"
        raise ConfigError(msg) from None
    candidates = config.candidates.model_copy(update={"facts": section})
    return config.model_copy(update={"candidates": candidates})


def read_requirements(
    source: str | Path | Mapping[str, Any] | RequirementsSection,
) -> RequirementsSection:
    """A ``[requirements]`` section from a TOML file (its ``[requirements]`` table), a mapping
    or a section; every problem is a :class:`ConfigError` naming its key."""
    if isinstance(source, RequirementsSection):
        return source
    label = "requirements"
    if isinstance(source, str | Path):
        path = Path(source)
        label = str(path)
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist"
            msg = f"requirements file {path} {what}; give a .toml file with a [requirements] table"
            raise ConfigError(msg)
        try:
            data: Mapping[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            msg = f"{path}: not valid TOML: {exc}"
            raise ConfigError(msg) from None
        other = sorted(k for k in data if k != "requirements")
        if "requirements" not in data or other:
            extra = f" (it also holds {', '.join(other)})" if other else ""
            msg = f"{path}: a requirements file holds one [requirements] table{extra}"
            raise ConfigError(msg)
        data = data["requirements"]
    elif isinstance(source, Mapping):
        data = source.get("requirements", source)
    else:
        msg = (
            "requirements: give a TOML file or a mapping such as {'power_mva': 8, 'rail': True}, "
            f"not a {type(source).__name__}"
        )
        raise ConfigError(msg)
    if not isinstance(data, Mapping):
        msg = f"{label}: [requirements] must be a table of keys, not a {type(data).__name__}"
        raise ConfigError(msg)
    try:
        return RequirementsSection.model_validate(dict(data))
    except ValidationError as exc:
        problems = "; ".join(
            f"requirements.{_format_error(e)}" if e.get("loc") else _format_error(e)
            for e in exc.errors()
        )
        msg = f"{label}: {problems}"
        raise ConfigError(msg) from None


__all__ = [
    "DEFAULT_PROFILE",
    "CandidatesSection",
    "ConstraintConfig",
    "CriterionConfig",
    "FactsSection",
    "NetworkSection",
    "RequirementsSection",
    "SearchConfig",
    "SearchSection",
    "apply_weights",
    "check_count",
    "describe_measure_keys",
    "list_profiles",
    "load_search",
    "parse_config",
    "profile_path",
    "profiles_dir",
    "read_config",
    "read_profile",
    "read_requirements",
    "resolve_paths",
    "revalidate",
    "with_facts",
]
