"""Configuration: the TOML description of a site search, its validation, and the profiles."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from siteselect.errors import ConfigError, DataError
from siteselect.layers import is_user_file

METHODS = ("wsm", "topsis", "promethee", "vikor")
DISTANCE_MEASURES = ("distance", "drive_time", "drive_distance")
NETWORK_MEASURES = (
    "drive_time",
    "drive_distance",
    "population_within",
    "commute_burden",
    "crossings_within",
)
MEASURES = (
    "attribute",
    "distance",
    "count_within_km",
    "raster",
    *NETWORK_MEASURES,
)
UNITS: dict[str, str] = {
    "distance": "km",
    "count_within_km": "count",
    "drive_time": "min",
    "drive_distance": "km",
    "population_within": "people",
    "commute_burden": "min",
    "crossings_within": "count",
}

DEFAULT_PROFILE = "default"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SearchSection(_Model):
    """``[search]``: method, length of the shortlist, corridors."""

    method: Literal["wsm", "topsis", "promethee", "vikor"] = "topsis"
    top: int = Field(default=10, ge=1)
    # The best k parks of each corridor instead of the best `top` overall: a shortlist that
    # shows every corridor's contenders side by side.
    top_per_corridor: int | None = Field(default=None, ge=1)
    corridors: list[str] = Field(default_factory=lambda: ["bajio", "northeast"], min_length=1)


class ProfileSection(_Model):
    """``[profile]``: a name and a description shown in outputs."""

    name: str = "custom"
    description: str = ""


class CandidatesSection(_Model):
    """``[candidates]``: the alternatives to rank (default: the embedded parks)."""

    path: Path | None = None
    id: str = "id"
    name: str = "name"
    lon: str = "lon"
    lat: str = "lat"
    layer: str | None = None


class CriterionConfig(_Model):
    """One ``[[criteria]]`` entry: what to measure, in which direction, with what weight."""

    name: str = Field(min_length=1)
    measure: Literal[
        "attribute",
        "distance",
        "count_within_km",
        "raster",
        "drive_time",
        "drive_distance",
        "population_within",
        "commute_burden",
        "crossings_within",
    ]
    column: str | None = None
    to: str | None = None
    # Keep only the features of `to` whose columns equal these values, e.g. trucks-only
    # crossings: where = { commercial = true }
    where: dict[str, str | bool | float] | None = None
    direction: Literal["max", "min"]
    weight: float = Field(ge=0)
    description: str = ""
    # measure parameters
    km: float | None = Field(default=None, gt=0)
    minutes: float | None = Field(default=None, gt=0)
    hours: float | None = Field(default=None, gt=0)
    # value function
    value: Literal["linear", "piecewise", "logistic", "threshold", "minmax", "vector"] | None = None
    best: float | None = None
    worst: float | None = None
    points: list[tuple[float, float]] | None = None
    midpoint: float | None = None
    steepness: float | None = None
    threshold: float | None = None
    # PROMETHEE preference function
    preference: Literal["usual", "u-shape", "v-shape", "level", "linear", "gaussian"] = "usual"
    q: float | None = Field(default=None, ge=0)
    p: float | None = Field(default=None, ge=0)
    s: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _measure_keys(self) -> CriterionConfig:
        m = self.measure
        if m == "attribute" and not self.column:
            raise ValueError("measure 'attribute' needs `column` (a column of the candidates)")
        if m in ("distance", "drive_time", "drive_distance", "count_within_km", "raster") and (
            not self.to
        ):
            raise ValueError(f"measure {m!r} needs `to` (a layer name, e.g. 'border_crossings')")
        if m == "count_within_km" and self.km is None:
            raise ValueError("measure 'count_within_km' needs `km`")
        if m in ("population_within", "commute_burden") and self.minutes is None:
            raise ValueError(f"measure {m!r} needs `minutes` (e.g. 60)")
        if m == "crossings_within" and self.hours is None:
            raise ValueError("measure 'crossings_within' needs `hours` (e.g. 4)")
        if self.value == "linear" and (self.best is None or self.worst is None):
            raise ValueError("value 'linear' needs `best` and `worst` in the criterion's units")
        if self.value == "linear" and self.best == self.worst:
            raise ValueError("value 'linear' needs `best` different from `worst`")
        if self.value == "piecewise" and not self.points:
            raise ValueError("value 'piecewise' needs `points` = [[raw, value], ...]")
        if self.value == "logistic" and (self.midpoint is None or self.steepness is None):
            raise ValueError("value 'logistic' needs `midpoint` and `steepness`")
        if self.value == "threshold" and self.threshold is None:
            raise ValueError("value 'threshold' needs `threshold`")
        return self

    @property
    def unit(self) -> str:
        """The unit of the raw value (``km``, ``min``, ``people``, ``count`` or the column's)."""
        return UNITS.get(self.measure, "")


class ConstraintConfig(_Model):
    """One ``[[constraints]]`` entry: a hard requirement applied before scoring."""

    name: str | None = None
    criterion: str | None = None
    column: str | None = None
    min: float | None = None
    max: float | None = None
    require: bool | None = None
    equals: str | float | bool | None = None

    @model_validator(mode="after")
    def _target(self) -> ConstraintConfig:
        if (self.criterion is None) == (self.column is None):
            raise ValueError("give exactly one of `criterion` or `column`")
        if self.min is None and self.max is None and self.require is None and self.equals is None:
            raise ValueError("give at least one of `min`, `max`, `require`, `equals`")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min}) is greater than `max` ({self.max})")
        return self

    @property
    def label(self) -> str:
        """A short human label: the given name, or one built from the rule."""
        if self.name:
            return self.name
        target = self.criterion or self.column or "?"
        parts = []
        if self.min is not None:
            parts.append(f">= {self.min:g}")
        if self.max is not None:
            parts.append(f"<= {self.max:g}")
        if self.require:
            parts.append("required")
        if self.equals is not None:
            parts.append(f"== {self.equals}")
        return f"{target} {' and '.join(parts)}"


class TopsisSection(_Model):
    """``[topsis]``."""

    normalization: Literal["vector", "minmax"] = "vector"


class VikorSection(_Model):
    """``[vikor]``."""

    v: float = Field(default=0.5, ge=0, le=1)


class WeightsSection(_Model):
    """``[weights]``: derive weights instead of using each criterion's own."""

    method: Literal["direct", "ahp", "entropy", "critic"] = "direct"
    matrix: Path | None = None

    @model_validator(mode="after")
    def _matrix(self) -> WeightsSection:
        if self.method == "ahp" and self.matrix is None:
            raise ValueError("method 'ahp' needs `matrix` (a square CSV of pairwise comparisons)")
        return self


class NetworkSection(_Model):
    """``[network]``: where drive times come from and how sites join the road graph."""

    osm_path: Path | None = None
    detour_factor: float = Field(default=1.3, ge=1)
    access_speed_kph: float = Field(default=30.0, gt=0)
    # None: the network module's documented truck average (siteselect.network.DEFAULT_SPEED_KPH)
    default_speed_kph: float | None = Field(default=None, gt=0)


class SearchConfig(_Model):
    """A whole site search, as read from TOML."""

    profile: ProfileSection = Field(default_factory=ProfileSection)
    search: SearchSection = Field(default_factory=SearchSection)
    candidates: CandidatesSection = Field(default_factory=CandidatesSection)
    criteria: list[CriterionConfig] = Field(min_length=1)
    constraints: list[ConstraintConfig] = Field(default_factory=list)
    topsis: TopsisSection = Field(default_factory=TopsisSection)
    vikor: VikorSection = Field(default_factory=VikorSection)
    weights: WeightsSection = Field(default_factory=WeightsSection)
    network: NetworkSection = Field(default_factory=NetworkSection)

    @model_validator(mode="after")
    def _consistent(self) -> SearchConfig:
        names = [c.name for c in self.criteria]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"criterion names must be unique; repeated: {', '.join(dupes)}")
        if sum(c.weight for c in self.criteria) <= 0 and self.weights.method == "direct":
            raise ValueError("at least one criterion needs a weight > 0")
        for i, con in enumerate(self.constraints):
            if con.criterion is not None and con.criterion not in names:
                raise ValueError(
                    f"constraints[{i}].criterion: {con.criterion!r} is not a criterion name "
                    f"(known: {', '.join(names)})"
                )
        return self

    @property
    def normalised_weights(self) -> dict[str, float]:
        """The criteria's direct weights scaled to sum to 1."""
        total = sum(c.weight for c in self.criteria)
        return {c.name: c.weight / total for c in self.criteria}

    @property
    def needs_coordinates(self) -> bool:
        """Whether any criterion (or the corridor filter) needs candidate locations."""
        return any(c.measure != "attribute" for c in self.criteria)


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or "[" in str(part):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _format_error(err: Any) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    loc = _format_loc(tuple(err.get("loc", ())))
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


def parse_config(data: dict[str, Any], source: str = "config") -> SearchConfig:
    """Validate a configuration mapping, reporting every problem with its key.

    Parameters
    ----------
    data
        The parsed TOML document.
    source
        File name used in messages.

    Raises
    ------
    ConfigError
        With one line listing every problem, e.g. ``criteria[2].weight: must be >= 0``.
    """
    try:
        return SearchConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"{source}: {problems}"
        raise ConfigError(msg) from None


def read_config(path: Path) -> SearchConfig:
    """Read and validate a TOML search configuration.

    Relative paths inside the file (candidates, AHP matrix, OSM extract) are resolved against
    the file's folder.
    """
    path = Path(path)
    if not path.exists():
        msg = f"config file {path} does not exist"
        raise ConfigError(msg)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: not valid TOML: {exc}"
        raise ConfigError(msg) from None
    except UnicodeDecodeError:
        msg = f"{path}: not a UTF-8 text file"
        raise ConfigError(msg) from None
    config = parse_config(data, source=str(path))
    return resolve_paths(config, path.parent)


def resolve_paths(config: SearchConfig, base: Path) -> SearchConfig:
    """Return the config with its relative file paths made relative to ``base``."""

    def fix(p: Path | None) -> Path | None:
        if p is None or p.is_absolute():
            return p
        return base / p

    criteria = [
        c.model_copy(update={"to": str(fix(Path(c.to)))}) if c.to and is_user_file(c.to) else c
        for c in config.criteria
    ]
    return config.model_copy(
        update={
            "criteria": criteria,
            "candidates": config.candidates.model_copy(
                update={"path": fix(config.candidates.path)}
            ),
            "weights": config.weights.model_copy(update={"matrix": fix(config.weights.matrix)}),
            "network": config.network.model_copy(update={"osm_path": fix(config.network.osm_path)}),
        }
    )


def profiles_dir() -> Path:
    """Folder of the shipped profiles (``SITESELECT_PROFILES_DIR`` overrides)."""
    env = os.environ.get("SITESELECT_PROFILES_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "configs" / "profiles"


def list_profiles() -> list[str]:
    """Names of the shipped profiles, sorted."""
    folder = profiles_dir()
    if not folder.is_dir():
        msg = f"profiles folder {folder} is missing"
        raise DataError(msg)
    return sorted(p.stem for p in folder.glob("*.toml"))


def profile_path(name: str) -> Path:
    """Path of a shipped profile, or a :class:`ConfigError` naming the available ones."""
    path = profiles_dir() / f"{name}.toml"
    if not path.exists():
        known = ", ".join(list_profiles())
        msg = f"unknown profile {name!r}; available profiles: {known}"
        raise ConfigError(msg)
    return path


def read_profile(name: str) -> SearchConfig:
    """Read a shipped profile by name."""
    return read_config(profile_path(name))


def load_search(
    *,
    profile: str | None = None,
    config_path: Path | None = None,
    corridors: list[str] | None = None,
    method: str | None = None,
    top: int | None = None,
) -> SearchConfig:
    """Resolve what the user asked for into one validated config, with overrides applied.

    ``--profile`` and ``--config`` are exclusive; with neither, the default profile is used.
    """
    if profile and config_path:
        msg = "give either --profile or --config, not both"
        raise ConfigError(msg)
    config = read_config(config_path) if config_path else read_profile(profile or DEFAULT_PROFILE)
    search_update: dict[str, Any] = {}
    if corridors is not None:
        search_update["corridors"] = corridors
    if method is not None:
        if method not in METHODS:
            msg = f"--method: {method!r} is not one of {', '.join(METHODS)}"
            raise ConfigError(msg)
        search_update["method"] = method
    if top is not None:
        if top < 1:
            msg = f"--top: must be >= 1, got {top}"
            raise ConfigError(msg)
        search_update["top"] = top
        search_update["top_per_corridor"] = None  # an explicit --top means N overall
    if search_update:
        config = config.model_copy(
            update={"search": config.search.model_copy(update=search_update)}
        )
    return config
