"""The schema of a site search: pydantic models of each TOML section, generated criteria keys.

A ``[[criteria]]`` entry has common keys (name, measure, direction, weight, value function,
PROMETHEE preference) and the keys of its measure, which come from the measure registry
(:mod:`siteselect.criteria`): each measure's parameter model validates its own keys, so a new
measure brings its keys with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializeAsAny,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from siteselect.constants import MAX_WEIGHT_SAMPLES, METHODS, PRODUCT_CORRIDORS
from siteselect.criteria import REGISTRY, MeasureParams, Where, WhereRule
from siteselect.layers.options import ReadOptions

# Keys every criterion may have, whatever its measure.
COMMON_KEYS = frozenset(
    {
        "name",
        "measure",
        "direction",
        "weight",
        "description",
        "value",
        "best",
        "worst",
        "points",
        "midpoint",
        "steepness",
        "threshold",
        "preference",
        "q",
        "p",
        "s",
    }
)

Method = Literal["wsm", "topsis", "promethee", "vikor"]
assert set(Method.__args__) == set(METHODS)  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def fold_corridor_name(name: str) -> str:
    """A corridor's name without case, accents or spaces: ``Bajío`` -> ``bajio``."""
    import unicodedata

    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    return "-".join(plain.strip().lower().replace("_", " ").split())


class SearchSection(_Model):
    """``[search]``: method, length of the shortlist, corridors."""

    method: Method = "topsis"
    top: int = Field(default=10, ge=1)
    # The best k parks of each corridor instead of the best `top` overall: a shortlist that
    # shows every corridor's contenders side by side.
    top_per_corridor: int | None = Field(default=None, ge=1)
    corridors: list[str] = Field(default_factory=lambda: list(PRODUCT_CORRIDORS), min_length=1)
    # Rank by a consensus of the four methods (Borda count or Copeland's pairwise rule)
    # instead of `method` alone; with consensus_samples > 0, also over that many SMAA weight
    # samples per method (see siteselect.mcda.agreement).
    consensus: Literal["borda", "copeland"] | None = None
    consensus_samples: int = Field(default=0, ge=0, le=MAX_WEIGHT_SAMPLES)

    @field_validator("corridors", mode="before")
    @classmethod
    def _fold_corridors(cls, value: Any) -> Any:
        """Corridor names as the table spells them: ``Bajío``, ``BAJIO`` and ``bajio`` are one
        corridor, ``North Centre`` is ``north-centre``."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return value
        return [fold_corridor_name(v) if isinstance(v, str) else v for v in value]


class ShortlistSection(_Model):
    """``[shortlist]``: a diversity rule applied to the ranking (ranks do not change).

    With ``max_per_metro = 3``, walking the ranking in order, a park whose metro already has
    three parks in the shortlist is held back (and listed with its rank and the reason).
    """

    max_per_metro: int | None = Field(default=None, ge=1)


class BacktestSection(_Model):
    """``[backtest]``: the SCIAN codes (rama or subsector, e.g. "3363", "493") whose RETC
    establishments ``profiles check`` measures the profile against, for a profile without a
    cluster criterion (one that reads the ``establishments`` layer)."""

    scian: list[str] = Field(default_factory=list)


class ProfileSection(_Model):
    """``[profile]``: a name and a description shown in outputs."""

    name: str = "custom"
    description: str = ""


MissingPolicy = Literal["exclude", "neutral", "penalise"]


class FactsSection(ReadOptions):
    """``[candidates.facts]``: a park-facts sheet and how to read and use it.

    ``[candidates] facts = "parks.xlsx"`` is short for ``[candidates.facts] path =
    "parks.xlsx"``. The reading keys of :class:`~siteselect.layers.options.ReadOptions`
    apply to text tables; ``sheet`` picks a workbook's sheet. ``missing`` is what an unknown
    fact does in a ``fact`` criterion (a criterion's own ``missing`` overrides it):
    ``exclude`` removes the park, ``neutral`` scores it at the median of the known values,
    ``penalise`` at the worst known value. ``power_factor`` converts MW to MVA, ``usd_mxn``
    (pesos per dollar, with ``usd_mxn_date``) MXN rents to USD: both are the user's figures,
    never guessed. Facts older than ``max_age_days`` are reported stale; ``date`` and
    ``source`` are defaults for rows that state none; ``illustrative = true`` declares every
    value illustrative (the file's ``file`` sheet may say so too).
    """

    path: Path
    sheet: str | None = Field(default=None, min_length=1)
    missing: MissingPolicy = "penalise"
    power_factor: float | None = Field(default=None, gt=0, le=1)
    usd_mxn: float | None = Field(default=None, gt=0)
    usd_mxn_date: dt.date | None = None
    max_age_days: int | None = Field(default=365, ge=1)
    date: dt.date | None = None
    source: str | None = Field(default=None, min_length=1)
    illustrative: bool = False

    @model_validator(mode="after")
    def _rate(self) -> FactsSection:
        if (self.usd_mxn is None) != (self.usd_mxn_date is None):
            raise ValueError("`usd_mxn` and `usd_mxn_date` go together (a rate and its date)")
        return self


class CandidatesSection(ReadOptions):
    """``[candidates]``: the alternatives to rank (default: the embedded parks).

    Besides ``path``, ``id`` and ``name``, the reading keys of
    :class:`~siteselect.layers.options.ReadOptions` (``layer``, ``sep``, ``decimal``,
    ``encoding``, ``lon``, ``lat``, ``wkt``, ``crs``) override what the reader guesses.
    """

    path: Path | None = None
    id: str = "id"
    name: str = "name"
    # A table of the user's own facts about the candidates (rent quotes, MVA available...),
    # joined by id or by name; columns listed in `illustrative` are flagged in every output.
    attributes: Path | None = None
    illustrative: list[str] = Field(default_factory=list)
    # A park-facts sheet (see siteselect.facts): a path, or a table with how to read it.
    facts: FactsSection | None = None

    @field_validator("facts", mode="before")
    @classmethod
    def _facts_path(cls, value: Any) -> Any:
        """``facts = "parks.xlsx"`` is short for ``[candidates.facts] path = "parks.xlsx"``."""
        if isinstance(value, str | Path):
            return {"path": value}
        return value


def _where_mapping(where: Where) -> dict[str, Any]:
    return {
        k: v.model_dump(by_alias=True, exclude_none=True) if isinstance(v, WhereRule) else v
        for k, v in where.items()
    }


def _detail(error: Any) -> InitErrorDetails:
    return InitErrorDetails(
        type=error["type"], loc=error["loc"], input=error["input"], ctx=error.get("ctx", {})
    )


def _param_error(measure: str, model: type[MeasureParams], error: Any) -> InitErrorDetails:
    """A missing measure key says which measure needs it and what it is."""
    if error["type"] != "missing" or len(error["loc"]) != 1:
        return _detail(error)
    key = str(error["loc"][0])
    hint = model.model_fields[key].description if key in model.model_fields else None
    text = f"measure '{measure}' needs `{key}`" + (f" ({hint})" if hint else "")
    return InitErrorDetails(
        type=PydanticCustomError("measure_key_missing", text),
        loc=error["loc"],
        input=error["input"],
    )


class CriterionConfig(_Model):
    """One ``[[criteria]]`` entry: what to measure, in which direction, with what weight.

    The measure's own keys (``to``, ``minutes``, ``column``...) are validated by the
    measure's parameter model and kept in :attr:`params`.
    """

    name: str = Field(min_length=1)
    measure: str
    direction: Literal["max", "min"]
    weight: float = Field(ge=0, allow_inf_nan=False)
    description: str = ""
    params: SerializeAsAny[MeasureParams]
    # value function
    value: (
        Literal["linear", "piecewise", "logistic", "threshold", "minmax", "vector", "pool"] | None
    ) = None
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

    @model_validator(mode="wrap")
    @classmethod
    def _measure_params(cls, data: Any, handler: Any) -> Any:
        """Split the flat TOML entry: common keys here, the measure's keys into ``params``."""
        if isinstance(data, dict) and "params" not in data:
            measure = data.get("measure")
            if not isinstance(measure, str) or measure not in REGISTRY:
                known = ", ".join(sorted(REGISTRY))
                got = "missing" if measure is None else repr(measure)
                raise ValueError(f"measure {got}: use one of {known}")
            own = {k: v for k, v in data.items() if k not in COMMON_KEYS}
            common = {k: v for k, v in data.items() if k in COMMON_KEYS}
            model = REGISTRY[measure].params
            try:
                params = model.model_validate(own)
            except ValidationError as exc:
                details = [_param_error(measure, model, e) for e in exc.errors()]
                # Report the common keys' problems in the same message.
                try:
                    handler({**common, "params": MeasureParams()})
                except ValidationError as more:
                    details += [_detail(e) for e in more.errors() if e["loc"][:1] != ("params",)]
                raise ValidationError.from_exception_data(cls.__name__, details) from None
            data = {**common, "params": params}
        return handler(data)

    @model_validator(mode="after")
    def _value_keys(self) -> CriterionConfig:
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
        if self.value == "pool":
            if self.measure != "population_within":
                raise ValueError(
                    "value 'pool' applies to a population_within criterion (a labour shed)"
                )
            if self.direction != "max" or self.best is not None:
                raise ValueError(
                    "value 'pool' sets its own best (the pool the plant needs): give "
                    "direction = 'max' and no `best`"
                )
        return self

    def as_mapping(self) -> dict[str, Any]:
        """The entry as flat TOML keys (what :meth:`model_validate` reads back)."""
        out = self.model_dump(exclude={"params"}, exclude_none=True)
        for key, value in self.params.model_dump(by_alias=True, exclude_none=True).items():
            out[key] = value
        where = getattr(self.params, "where", None)
        if where:
            out["where"] = _where_mapping(where)
        if out.get("points") is not None:
            out["points"] = [list(pt) for pt in out["points"]]
        return out


class ConstraintConfig(_Model):
    """One ``[[constraints]]`` entry: a hard requirement applied before scoring."""

    name: str | None = None
    criterion: str | None = None
    column: str | None = None
    min: float | None = None
    max: float | None = None
    require: bool | None = None
    equals: str | float | bool | None = None
    # The value must be known (a gap fails); what `missing = "exclude"` compiles to.
    known: bool | None = None

    @model_validator(mode="after")
    def _target(self) -> ConstraintConfig:
        if (self.criterion is None) == (self.column is None):
            raise ValueError("give exactly one of `criterion` or `column`")
        rules = (self.min, self.max, self.require, self.equals, self.known)
        if all(rule is None for rule in rules):
            raise ValueError("give at least one of `min`, `max`, `require`, `equals`, `known`")
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
        if self.known:
            parts.append("known")
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
    # Points this close (straight km) may also drive directly on local streets (0: never).
    direct_max_km: float = Field(default=12.0, ge=0)
    # None: the network module's documented truck average (siteselect.network.DEFAULT_SPEED_KPH)
    default_speed_kph: float | None = Field(default=None, gt=0)


class DemandSection(_Model):
    """``[optimize.demand]``: the points to serve (suppliers, customers, towns).

    Either ``path`` (any vector file, or a CSV with lon/lat columns) or ``layer`` (a
    registered point layer such as ``cities``); ``where`` keeps the features that meet it
    (the same rules as a criterion's ``where``); ``weight`` names a column (1 per point when
    absent).
    """

    path: Path | None = None
    layer: str | None = None
    id: str = "id"
    weight: str | None = None
    where: Where | None = None

    @model_validator(mode="after")
    def _source(self) -> DemandSection:
        if (self.path is None) == (self.layer is None):
            raise ValueError("give exactly one of `path` (a file) or `layer` (e.g. 'cities')")
        return self


class OptimizeSection(_Model):
    """``[optimize]``: choose the best set of ``k`` candidates (see :mod:`siteselect.optimize`).

    ``max_per`` keys are candidate columns (``state``, ``corridor``, your own) or
    ``"<criterion>.nearest"``: the feature that criterion measured each park to, e.g.
    ``"border.nearest" = 1`` for at most one park per nearest border crossing.
    """

    objective: Literal["score", "p-median", "coverage"] = "score"
    k: int = Field(ge=1)
    measure: Literal["drive_time", "drive_distance", "distance"] = "drive_time"
    threshold_min: float | None = Field(default=None, gt=0)
    threshold_km: float | None = Field(default=None, gt=0)
    cutoff_min: float | None = Field(default=None, gt=0)
    cutoff_km: float | None = Field(default=None, gt=0)
    double_coverage: bool = False
    budget: float | None = Field(default=None, ge=0)
    cost_column: str | None = None
    max_per: dict[str, int] = Field(default_factory=dict)
    min_spacing_km: float | None = Field(default=None, gt=0)
    must_include: list[str] = Field(default_factory=list)
    must_exclude: list[str] = Field(default_factory=list)
    robust: bool = False
    solver: Literal["cbc", "highs"] = "cbc"
    time_limit: float = Field(default=60.0, gt=0)
    gap: float = Field(default=1e-4, ge=0, lt=1)
    demand: DemandSection | None = None

    @model_validator(mode="after")
    def _consistent(self) -> OptimizeSection:
        minutes = self.measure == "drive_time"
        if self.objective in ("p-median", "coverage") and self.demand is None:
            raise ValueError(
                f"objective {self.objective!r} needs [optimize.demand] (path or layer)"
            )
        if self.objective == "coverage":
            want = "threshold_min" if minutes else "threshold_km"
            if getattr(self, want) is None:
                raise ValueError(f"coverage with measure {self.measure!r} needs `{want}`")
        other = "threshold_km" if minutes else "threshold_min"
        if getattr(self, other) is not None:
            raise ValueError(f"`{other}` does not apply to measure {self.measure!r}")
        other_cut = "cutoff_km" if minutes else "cutoff_min"
        if getattr(self, other_cut) is not None:
            raise ValueError(f"`{other_cut}` does not apply to measure {self.measure!r}")
        if (self.budget is None) != (self.cost_column is None):
            raise ValueError("`budget` and `cost_column` go together")
        for key, cap in self.max_per.items():
            if cap < 1:
                raise ValueError(f"max_per.{key}: the limit must be >= 1, got {cap}")
        both = sorted(set(self.must_include) & set(self.must_exclude))
        if both:
            raise ValueError(f"{both[0]!r} is in both must_include and must_exclude")
        if len(self.must_include) > self.k:
            raise ValueError(f"must_include names {len(self.must_include)} parks but k = {self.k}")
        if self.robust and self.objective != "score":
            raise ValueError(
                "robust = true applies to objective 'score' (a closed crossing changes the "
                "parks' scores, not the demand's drive times to the parks)"
            )
        self._warn_unused()
        return self

    def _warn_unused(self) -> None:
        """Say which keys the objective does not read (kept: `--objective` may switch)."""
        import warnings

        from siteselect.errors import SiteselectWarning

        unused = {
            "score": ("threshold_min", "threshold_km", "cutoff_min", "cutoff_km", "demand"),
            "p-median": ("threshold_min", "threshold_km"),
            "coverage": (),
        }[self.objective]
        named = [key for key in unused if getattr(self, key) is not None]
        if self.double_coverage and self.objective != "coverage":
            named.append("double_coverage")
        if named:
            keys = ", ".join(f"`{key}`" for key in named)
            warnings.warn(
                f"[optimize] objective {self.objective!r} does not use {keys}",
                SiteselectWarning,
                stacklevel=2,
            )


class RequirementsSection(_Model):
    """``[requirements]``: what a tenant needs, compiled into hard constraints and fit criteria.

    Each key given is checked per park as met, not met or unknown (see
    :mod:`siteselect.requirements`): the facts (``land_ha`` against the available land,
    ``power_mva`` against the available MVA...) come from the search's park-facts sheet;
    ``border_hours`` and ``port_hours`` from the profile's own drive-time criteria to border
    crossings and seaports (or a zero-weight one added for them); ``workers`` is the plant's
    headcount at full production, which sizes the labour pool (checked against the labour
    criterion when ``labour_pool_per_worker`` is given). A park that fails a requirement is
    removed and listed with which; a park whose fact is unknown is kept and shown as unknown
    (``unknown = "exclude"`` removes it; by default it follows ``[candidates.facts]
    missing``). ``fit_weight`` is the share of the score given to how well the parks fit
    beyond the minimum (power and land headroom up to twice the need, rent below the
    ceiling); 0 keeps the profile's score as it is.
    """

    land_ha: float | None = Field(default=None, gt=0)
    building_m2: float | None = Field(default=None, gt=0)
    clear_height_m: float | None = Field(default=None, gt=0)
    power_mva: float | None = Field(default=None, gt=0)
    voltage_kv: float | None = Field(default=None, gt=0)
    water_m3_day: float | None = Field(default=None, gt=0)
    gas: bool | None = None
    rail: bool | None = None
    fibre: bool | None = None
    customs: bool | None = None
    certifications: list[str] = Field(default_factory=list)
    delivery_by: dt.date | None = None
    max_rent_usd_m2_month: float | None = Field(default=None, gt=0)
    border_hours: float | None = Field(default=None, gt=0)
    port_hours: float | None = Field(default=None, gt=0)
    # Plant headcount at full production: sizes the labour pool a labour criterion saturates
    # at (issue 17), and is checked against the labour shed when a pool per worker is given.
    workers: int | None = Field(default=None, ge=1)
    labour_pool_per_worker: float | None = Field(default=None, gt=0)
    # Which criteria the hour requirements read (default: found in the profile, or added).
    border_criterion: str | None = Field(default=None, min_length=1)
    port_criterion: str | None = Field(default=None, min_length=1)
    labour_criterion: str | None = Field(default=None, min_length=1)
    fit_weight: float = Field(default=0.15, ge=0, lt=1)
    unknown: Literal["keep", "exclude"] | None = None
    tenant: str = ""


class ReportSection(_Model):
    """``[report]``: who a proposal comes from and is for, and the developer's colours
    (the ``report`` command's options override each key)."""

    audience: Literal["sales", "analyst"] | None = None
    logo: Path | None = None
    photo: Path | None = None
    contact: str = ""
    prepared_for: str = ""
    developer: str = ""
    primary_colour: str = Field(default="#0b6e4f", pattern=r"^#[0-9a-fA-F]{6}$")
    accent_colour: str = Field(default="#1f2a37", pattern=r"^#[0-9a-fA-F]{6}$")


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
    optimize: OptimizeSection | None = None
    shortlist: ShortlistSection = Field(default_factory=ShortlistSection)
    backtest: BacktestSection = Field(default_factory=BacktestSection)
    requirements: RequirementsSection | None = None
    report: ReportSection = Field(default_factory=ReportSection)

    @model_validator(mode="after")
    def _consistent(self) -> SearchConfig:
        names = [c.name for c in self.criteria]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"criterion names must be unique; repeated: {', '.join(dupes)}")
        if sum(c.weight for c in self.criteria) <= 0 and self.weights.method == "direct":
            raise ValueError("at least one criterion needs a weight > 0")
        pools = [c.name for c in self.criteria if c.value == "pool"]
        if pools and (self.requirements is None or self.requirements.workers is None):
            raise ValueError(
                f"criterion {pools[0]!r}: value 'pool' needs [requirements] workers (the "
                "plant's headcount) to size the labour pool"
            )
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
        from siteselect.mcda.weights import normalise_weights

        return normalise_weights({c.name: c.weight for c in self.criteria})

    @property
    def needs_location(self) -> bool:
        """Whether any criterion needs candidate locations."""
        return any(REGISTRY[c.measure].needs_location for c in self.criteria)

    @property
    def needs_graph(self) -> bool:
        """Whether any criterion drives on the road graph."""
        return any(REGISTRY[c.measure].needs_graph for c in self.criteria)

    def as_mapping(self) -> dict[str, Any]:
        """The whole search as TOML-shaped data (what :func:`parse_config` reads back)."""
        out = self.model_dump(exclude={"criteria"}, exclude_none=True, mode="python")
        out["criteria"] = [c.as_mapping() for c in self.criteria]
        # The candidates' id and name columns are guessed unless given: read back, the
        # defaults must not become given names (`optimize` re-validates the search).
        for key in ("id", "name"):
            if key not in self.candidates.model_fields_set:
                out.get("candidates", {}).pop(key, None)
        return out


def describe_measure_keys() -> dict[str, list[str]]:
    """Each registered measure's own keys (for documentation and messages)."""
    return {name: sorted(m.params.model_fields) for name, m in sorted(REGISTRY.items())}
