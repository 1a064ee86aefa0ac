"""Pipeline: config -> layers -> candidate features -> constraints -> scores -> result."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.config import ConstraintConfig, CriterionConfig, SearchConfig, load_search
from siteselect.criteria import MeasureContext, compute_criteria
from siteselect.errors import ConfigError, DataError, InfeasibleError

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.mcda import CriterionSpec, ScoreResult
    from siteselect.network import RoadGraph

CORRIDOR_ALL = "all"


@dataclass(frozen=True)
class Elimination:
    """How many candidates one hard constraint removes, and which."""

    constraint: str
    removed: int
    ids: tuple[str, ...]


@dataclass(frozen=True)
class RunResult:
    """Everything a site search produced, for renderers and writers.

    Attributes
    ----------
    config
        The validated configuration that was run.
    candidates
        Every candidate considered (after the corridor filter), indexed by id, with ``name``,
        ``corridor``, ``state`` where known (a GeoDataFrame when they have locations).
    raw
        Raw criterion values (id x criterion), for all considered candidates.
    scores
        The MCDA result on the candidates that pass the hard constraints.
    eliminations
        Per constraint: how many (and which) candidates it removes on its own.
    eliminated
        Candidates removed, with the first constraint they fail.
    weights
        The weights used (normalised, over the criteria that stayed in the score).
    weights_method
        ``direct``, ``ahp``, ``entropy`` or ``critic``.
    provenance
        Short data-source lines.
    illustrative
        Criteria whose raw values come from columns marked ``illustrative``.
    notes
        Other things the user must know (dropped criteria, NaN cells, warnings).
    """

    config: SearchConfig
    candidates: pd.DataFrame
    raw: pd.DataFrame
    scores: ScoreResult
    eliminations: tuple[Elimination, ...]
    eliminated: pd.DataFrame
    weights: dict[str, float]
    weights_method: str
    provenance: tuple[str, ...]
    illustrative: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def shortlist(self) -> pd.DataFrame:
        """The top ``search.top`` rows of the ranking."""
        return self.scores.table.head(self.config.search.top)


class LayerCache:
    """Reads each layer (and the road graph) at most once per run."""

    def __init__(self, data_dir: Path | None = None, config: SearchConfig | None = None) -> None:
        self.data_dir = data_dir
        self.config = config
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._graph: RoadGraph | None = None
        self.used: list[str] = []

    def get_layer(self, name: str) -> gpd.GeoDataFrame:
        """Return a layer in EPSG:6372, reading it on first use."""
        from siteselect.layers import read_layer

        if name not in self._layers:
            self._layers[name] = read_layer(name, self.data_dir)
            self.used.append(name)
        return self._layers[name]

    def get_raster(self, name: str) -> Path:
        """Return the path of a raster layer."""
        from siteselect.layers import layer_path

        if name not in self.used:
            self.used.append(name)
        return layer_path(name, self.data_dir)

    def get_graph(self) -> RoadGraph:
        """Build the road graph once: the user's OSM extract if configured, else the highways."""
        from siteselect import network

        if self._graph is None:
            net = self.config.network if self.config else None
            if net is not None and net.osm_path is not None:
                from siteselect.layers.osm import read_osm_edges

                edges = read_osm_edges(net.osm_path)
                self._graph = network.build_road_graph(edges, class_column="highway")
            else:
                edges = self.get_layer("highways")
                speed = net.default_speed_kph if net else 60.0
                self._graph = network.build_road_graph(edges, default_speed_kph=speed)
        return self._graph


def read_candidates(config: SearchConfig, cache: LayerCache) -> pd.DataFrame:
    """Read the candidates: the embedded parks, or the user's table or vector file.

    A CSV without lon/lat columns is accepted when every criterion is an ``attribute``.
    """
    spec = config.candidates
    if spec.path is None:
        frame: pd.DataFrame = cache.get_layer("parks").copy()
        source = "embedded parks"
    else:
        frame = _read_user_candidates(config)
        source = str(spec.path)
    if spec.id not in frame.columns:
        msg = f"{source}: no id column {spec.id!r}; set [candidates].id to one of its columns"
        raise DataError(msg)
    ids = frame[spec.id]
    if bool(ids.isna().any()):
        row = int(np.flatnonzero(ids.isna().to_numpy())[0]) + 1
        msg = f"{source}: id column {spec.id!r} is empty at row {row}"
        raise DataError(msg)
    ids = ids.astype(str)
    dupes = sorted(set(ids[ids.duplicated()]))
    if dupes:
        msg = f"{source}: duplicate ids in column {spec.id!r}: {', '.join(dupes[:5])}"
        raise DataError(msg)
    frame = frame.assign(**{spec.id: ids}).set_index(spec.id, drop=True)
    frame.index.name = "id"
    if spec.name in frame.columns:
        frame["name"] = frame[spec.name].astype(str)
    else:
        frame["name"] = frame.index.to_series().astype(str)
    return frame


def _read_user_candidates(config: SearchConfig) -> pd.DataFrame:
    from siteselect.layers import points_from_frame, read_vector

    spec = config.candidates
    path = Path(str(spec.path))
    if not path.exists():
        msg = f"candidates file {path} does not exist"
        raise DataError(msg)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        try:
            table = pd.read_csv(path, sep=sep, dtype={spec.id: str})
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            msg = f"cannot read {path} as CSV: {str(exc).splitlines()[0]}"
            raise DataError(msg) from None
        has_xy = spec.lon in table.columns and spec.lat in table.columns
        if has_xy:
            return points_from_frame(table, source=str(path), lon=spec.lon, lat=spec.lat)
        if config.needs_coordinates:
            msg = (
                f"{path}: no {spec.lon!r}/{spec.lat!r} columns, but some criteria measure "
                "distances; add coordinates or use only `attribute` criteria"
            )
            raise DataError(msg)
        return table
    return read_vector(path, layer=spec.layer)


def select_corridors(
    candidates: pd.DataFrame, corridors: list[str], cache: LayerCache
) -> tuple[pd.DataFrame, list[str]]:
    """Keep the candidates in the requested corridors; assign corridors by location if needed.

    Returns the kept candidates and the corridor ids used.
    """
    table = cache_table(cache, "corridors.csv")
    known = list(table["corridor"])
    wanted = known if CORRIDOR_ALL in corridors else corridors
    unknown = [c for c in wanted if c not in known]
    if unknown:
        msg = f"unknown corridor {unknown[0]!r}; known corridors: {', '.join(known)} (or 'all')"
        raise ConfigError(msg)
    has_geometry = "geometry" in candidates.columns
    if "corridor" not in candidates.columns:
        if not has_geometry:
            return candidates, wanted  # a plain table of alternatives: no corridor to filter on
        polygons = cache.get_layer("corridors")
        joined = candidates[["geometry"]].sjoin(
            polygons[["corridor", "geometry"]], how="left", predicate="within"
        )
        first = joined.groupby(level=0)["corridor"].first()
        candidates = candidates.assign(corridor=first.reindex(candidates.index).fillna(""))
    kept = candidates.loc[candidates["corridor"].isin(wanted)]
    if len(kept) == 0:
        msg = f"no candidate lies in the corridors {', '.join(wanted)}"
        raise InfeasibleError(msg)
    return kept, wanted


def cache_table(cache: LayerCache, name: str) -> pd.DataFrame:
    """Read a small table of the data folder (through the layer module)."""
    from siteselect.layers import read_table

    return read_table(name, cache.data_dir)


def apply_constraints(
    candidates: pd.DataFrame,
    raw: pd.DataFrame,
    constraints: list[ConstraintConfig],
) -> tuple[pd.Index, tuple[Elimination, ...], pd.DataFrame]:
    """Apply hard constraints before scoring.

    Returns the ids that pass every constraint, per-constraint elimination counts (each
    constraint evaluated on its own), and the eliminated candidates with the first constraint
    they fail. A value that is missing fails the constraint: it cannot be shown to meet it.
    """
    passed = pd.Series(True, index=candidates.index)
    first_fail = pd.Series("", index=candidates.index, dtype=object)
    report = []
    for i, con in enumerate(constraints):
        if con.criterion is not None:
            values: pd.Series = raw[con.criterion]
        else:
            column = str(con.column)
            if column not in candidates.columns:
                known = ", ".join(str(c) for c in candidates.columns if c != "geometry")
                msg = f"constraints[{i}].column: {column!r} is not a column of the candidates ({known})"
                raise DataError(msg)
            values = candidates[column]
        ok = _evaluate(con, values, i)
        failing = ~ok
        report.append(
            Elimination(
                con.label, int(failing.sum()), tuple(sorted(candidates.index[failing.to_numpy()]))
            )
        )
        first_fail = first_fail.where(~(failing & passed), con.label)
        passed &= ok
    eliminated = pd.DataFrame(
        {
            "name": candidates.loc[~passed, "name"],
            "constraint": first_fail[~passed],
        }
    ).sort_index()
    return candidates.index[passed.to_numpy()], tuple(report), eliminated


def _evaluate(con: ConstraintConfig, values: pd.Series, i: int) -> pd.Series:
    from siteselect.criteria import _truthy_or_value

    ok = pd.Series(True, index=values.index)
    if con.min is not None or con.max is not None:
        numeric = pd.to_numeric(values.map(_truthy_or_value), errors="coerce")
        if bool((numeric.isna() & values.notna() & (values.astype(str) != "")).any()):
            msg = f"constraints[{i}] ({con.label}): the values are not numeric"
            raise DataError(msg)
        if con.min is not None:
            ok &= numeric >= con.min
        if con.max is not None:
            ok &= numeric <= con.max
    if con.require is not None:
        truth = pd.to_numeric(values.map(_truthy_or_value), errors="coerce").fillna(0) > 0
        ok &= truth if con.require else ~truth
    if con.equals is not None:
        ok &= values.astype(str).str.lower() == str(con.equals).lower()
    return ok.fillna(False).astype(bool)


def build_criterion_specs(
    criteria: list[CriterionConfig], weights: dict[str, float] | None = None
) -> list[CriterionSpec]:
    """Translate configured criteria into the MCDA engine's specs."""
    from siteselect.mcda import CriterionSpec

    specs = []
    for c in criteria:
        specs.append(
            CriterionSpec(
                name=c.name,
                direction=c.direction,
                weight=float(weights[c.name]) if weights else float(c.weight),
                value=c.value,
                best=c.best,
                worst=c.worst,
                points=tuple((float(a), float(b)) for a, b in c.points) if c.points else None,
                midpoint=c.midpoint,
                steepness=c.steepness,
                threshold=c.threshold,
                preference=c.preference,
                q=c.q,
                p=c.p,
                s=c.s,
            )
        )
    return specs


def compute_weights(config: SearchConfig, raw: pd.DataFrame) -> dict[str, float]:
    """The criterion weights the config asks for: direct, AHP, entropy or CRITIC."""
    from siteselect import mcda

    method = config.weights.method
    names = [c.name for c in config.criteria]
    if method == "direct":
        return config.normalised_weights
    directions = [c.direction for c in config.criteria]
    if method == "ahp":
        from siteselect.layers.tables import read_pairwise_csv

        matrix, labels = read_pairwise_csv(Path(str(config.weights.matrix)))
        if sorted(labels) != sorted(names):
            msg = (
                f"weights.matrix: its criteria {labels} do not match the config's criteria {names}"
            )
            raise ConfigError(msg)
        result = mcda.compute_ahp_weights(matrix, labels)
        return {n: float(result.weights[n]) for n in names}
    frame = raw[names]
    if method == "entropy":
        return {k: float(v) for k, v in mcda.compute_entropy_weights(frame, directions).items()}
    return {k: float(v) for k, v in mcda.compute_critic_weights(frame, directions).items()}


def read_illustrative_columns(cache: LayerCache) -> set[str]:
    """Columns of the embedded parks marked ``illustrative`` in ``parks_columns.csv``."""
    table = cache_table(cache, "parks_columns.csv")
    return set(table.loc[table["status"].str.strip() == "illustrative", "column"])


def build_provenance(config: SearchConfig, used_layers: list[str]) -> tuple[str, ...]:
    """Short data-source lines for the layers a run used."""
    from siteselect.layers import LAYERS

    lines = []
    if config.candidates.path is not None:
        lines.append(f"candidates: {config.candidates.path} (user file)")
    for name in used_layers:
        info = LAYERS.get(name)
        if info is not None:
            lines.append(f"{name}: {info.source} ({info.licence})")
    return tuple(lines)


def prepare(
    config: SearchConfig, data_dir: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, LayerCache]:
    """Read candidates, filter corridors and compute raw criterion values.

    Returns the considered candidates, their raw values and the layer cache used.
    """
    cache = LayerCache(data_dir, config)
    candidates = read_candidates(config, cache)
    candidates, _ = select_corridors(candidates, config.search.corridors, cache)
    context = MeasureContext(
        get_layer=cache.get_layer,
        get_graph=cache.get_graph,
        get_raster=cache.get_raster,
        access=_access(config),
    )
    needs_context = config.needs_coordinates
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = compute_criteria(candidates, config.criteria, context if needs_context else None)
    _reemit(caught)
    return candidates, raw, cache


def _access(config: SearchConfig) -> Any:
    if not any(c.measure in ("drive_time", "drive_distance") for c in config.criteria) and not any(
        c.measure in ("population_within", "commute_burden", "crossings_within")
        for c in config.criteria
    ):
        return None
    from siteselect.network import AccessLeg

    return AccessLeg(
        detour_factor=config.network.detour_factor, speed_kph=config.network.access_speed_kph
    )


def _reemit(caught: list[warnings.WarningMessage]) -> None:
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def run(config: SearchConfig, data_dir: Path | None = None) -> RunResult:
    """Run a whole site search.

    Parameters
    ----------
    config
        A validated configuration (see :func:`siteselect.config.load_search`).
    data_dir
        Folder of the embedded data; defaults to the repository's ``data/``.

    Returns
    -------
    RunResult

    Raises
    ------
    InfeasibleError
        When the hard constraints leave no candidate (the message lists each constraint's count).
    """
    from siteselect import mcda

    candidates, raw, cache = prepare(config, data_dir)
    keep, eliminations, eliminated = apply_constraints(candidates, raw, config.constraints)
    if len(keep) == 0:
        parts = ", ".join(f"{e.constraint!r} removes {e.removed}" for e in eliminations)
        msg = f"the hard constraints eliminate all {len(candidates)} candidates: {parts}"
        raise InfeasibleError(msg)
    weights = compute_weights(config, raw.loc[keep])
    specs = build_criterion_specs(config.criteria, weights)
    options = mcda.MethodOptions(
        topsis_normalization=config.topsis.normalization, vikor_v=config.vikor.v
    )
    scores = mcda.score(raw.loc[keep], specs, config.search.method, options)
    illustrative: tuple[str, ...] = ()
    if config.candidates.path is None:
        marked = read_illustrative_columns(cache)
        illustrative = tuple(
            c.name
            for c in config.criteria
            if c.measure == "attribute" and c.column in marked and scores.weights.get(c.name, 0) > 0
        )
    notes = [f"criterion {name!r} dropped: {why}" for name, why in scores.dropped]
    notes.extend(scores.notes)
    used = ["parks"] if config.candidates.path is None else []
    used += [u for u in cache.used if u not in used]
    return RunResult(
        config=config,
        candidates=candidates,
        raw=raw,
        scores=scores,
        eliminations=eliminations,
        eliminated=eliminated,
        weights=dict(scores.weights),
        weights_method=config.weights.method,
        provenance=build_provenance(config, used),
        illustrative=illustrative,
        notes=tuple(notes),
    )


def compute_raw_matrix(
    config_path: str | None, profile: str | None
) -> tuple[pd.DataFrame, list[CriterionSpec]]:
    """Raw criterion values and specs for a profile or config (for weight derivation)."""
    config = load_search(profile=profile, config_path=Path(config_path) if config_path else None)
    _, raw, _ = prepare(config)
    return raw, build_criterion_specs(config.criteria)

