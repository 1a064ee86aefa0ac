"""Pipeline: config -> layers -> candidate features -> constraints -> scores -> result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.config import ConstraintConfig, CriterionConfig, SearchConfig, load_search
from siteselect.criteria import MeasureContext, compute_criteria
from siteselect.errors import ConfigError, DataError, InfeasibleError
from siteselect.frames import cell, round_value

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.mcda import CriterionSpec, ScoreResult
    from siteselect.network import AccessLeg, RoadGraph

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
    units: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def shortlist(self) -> pd.DataFrame:
        """The shortlist rows of the ranking, in rank order (see :func:`select_shortlist`)."""
        return select_shortlist(
            self.scores.table,
            self.candidates,
            top=self.config.search.top,
            per_corridor=self.config.search.top_per_corridor,
        )


def select_shortlist(
    ranking: pd.DataFrame, candidates: pd.DataFrame, *, top: int, per_corridor: int | None
) -> pd.DataFrame:
    """The first ``top`` rows of a ranking, or the best ``per_corridor`` of each corridor.

    Either way the rows stay in overall rank order.
    """
    if per_corridor is None or "corridor" not in candidates.columns:
        return ranking.head(top)
    corridor = candidates["corridor"].reindex(ranking.index)
    position = corridor.groupby(corridor, sort=False).cumcount()
    return ranking.loc[(position < per_corridor).to_numpy()]


class LayerCache:
    """Reads each layer (and the road graph) at most once per run."""

    def __init__(self, data_dir: Path | None = None, config: SearchConfig | None = None) -> None:
        self.data_dir = data_dir
        self.config = config
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._tables: dict[str, pd.DataFrame] = {}
        self._graph: RoadGraph | None = None
        self.used: list[str] = []

    def get_layer(self, name: str) -> gpd.GeoDataFrame:
        """Return a layer in EPSG:6372, reading it on first use."""
        from siteselect.layers import is_user_file, read_layer, read_user_layer

        if name not in self._layers:
            if is_user_file(name):
                self._layers[name] = read_user_layer(Path(name))
            else:
                self._layers[name] = read_layer(name, self.data_dir)
            self.used.append(name)
        return self._layers[name]

    def get_table(self, name: str) -> pd.DataFrame:
        """Return a small CSV table of the data folder, reading it on first use."""
        from siteselect.layers import read_table

        if name not in self._tables:
            self._tables[name] = read_table(name, self.data_dir)
        return self._tables[name]

    def get_raster(self, name: str) -> Path:
        """Return the path of a raster layer."""
        from siteselect.layers import is_user_file, layer_path

        if name not in self.used:
            self.used.append(name)
        if is_user_file(name):
            path = Path(name)
            if not path.exists():
                msg = f"raster file {path} does not exist"
                raise DataError(msg)
            return path
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
                speed = net.default_speed_kph if net else None
                self._graph = network.build_road_graph(
                    edges, default_speed_kph=speed or network.DEFAULT_SPEED_KPH
                )
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
        from siteselect.layers import check_in_mexico

        frame = _read_user_candidates(config)
        source = str(spec.path)
        if "geometry" in frame.columns:
            check_in_mexico(frame, source)
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
    from siteselect.layers import read_alternatives

    spec = config.candidates
    path = Path(str(spec.path))
    frame = read_alternatives(path, id_column=spec.id, lon=spec.lon, lat=spec.lat, layer=spec.layer)
    if "geometry" not in frame.columns and config.needs_coordinates:
        msg = (
            f"{path}: no {spec.lon!r}/{spec.lat!r} columns, but some criteria measure "
            "distances; add coordinates or use only `attribute` criteria"
        )
        raise DataError(msg)
    return frame


def select_corridors(
    candidates: pd.DataFrame, corridors: list[str], cache: LayerCache
) -> pd.DataFrame:
    """Keep the candidates in the requested corridors; assign corridors by location if needed.

    ``all`` selects every corridor of ``corridors.csv``; a table without locations or a
    corridor column is returned as it is.
    """
    has_geometry = "geometry" in candidates.columns
    if "corridor" not in candidates.columns and not has_geometry:
        return candidates  # a plain table of alternatives: no corridor to filter on
    table = cache.get_table("corridors.csv")
    known = list(table["corridor"])
    wanted = known if CORRIDOR_ALL in corridors else corridors
    unknown = [c for c in wanted if c not in known]
    if unknown:
        msg = f"unknown corridor {unknown[0]!r}; known corridors: {', '.join(known)} (or 'all')"
        raise ConfigError(msg)
    if "corridor" not in candidates.columns:
        polygons = cache.get_layer("corridors")
        located: Any = candidates[["geometry"]]
        joined = located.sjoin(polygons[["corridor", "geometry"]], how="left", predicate="within")
        first = joined.groupby(level=0)["corridor"].first()
        candidates = candidates.assign(corridor=first.reindex(candidates.index).fillna(""))
    kept = candidates.loc[candidates["corridor"].isin(wanted)]
    if len(kept) == 0:
        msg = f"no candidate lies in the corridors {', '.join(wanted)}"
        raise InfeasibleError(msg)
    return kept


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
                msg = (
                    f"constraints[{i}].column: {column!r} is not a column of the candidates "
                    f"({known})"
                )
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
    directions = {c.name: str(c.direction) for c in config.criteria}
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
    table = cache.get_table("parks_columns.csv")
    return set(table.loc[table["status"].str.strip() == "illustrative", "column"])


def compute_units(config: SearchConfig, cache: LayerCache) -> dict[str, str]:
    """The unit of each criterion's raw value (attribute units from ``parks_columns.csv``)."""
    from siteselect.layers import LAYERS

    column_units: dict[str, str] = {}
    if config.candidates.path is None:
        table = cache.get_table("parks_columns.csv")
        column_units = dict(zip(table["column"], table["unit"], strict=True))
    units = {}
    for c in config.criteria:
        if c.measure == "attribute":
            units[c.name] = column_units.get(str(c.column), "")
        elif c.measure == "raster":
            info = LAYERS.get(str(c.to))
            units[c.name] = info.unit if info else ""
        else:
            units[c.name] = c.unit
    return units


def build_provenance(config: SearchConfig, used_layers: list[str]) -> tuple[str, ...]:
    """Short credit lines for the data a run used (details in data/README.md)."""
    from siteselect.layers import LAYERS

    lines = []
    if config.candidates.path is not None:
        lines.append(f"candidates: {config.candidates.path} (user file)")
    for name in used_layers:
        info = LAYERS.get(name)
        if info is None:
            lines.append(f"{name} (user file)")
        elif info.attribution not in lines:
            lines.append(info.attribution)
    if config.network.osm_path is not None:
        lines.append(f"roads: {config.network.osm_path} (© OpenStreetMap contributors, ODbL)")
    if len(lines) > (1 if config.candidates.path is not None else 0):
        lines.append("details: data/README.md")
    return tuple(lines)


def prepare(
    config: SearchConfig, data_dir: Path | None = None, cache: LayerCache | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, LayerCache]:
    """Read candidates, filter corridors and compute raw criterion values.

    Returns the considered candidates, their raw values and the layer cache used (the one
    given, so that a caller can reuse its layers and road graph).
    """
    cache = cache if cache is not None else LayerCache(data_dir, config)
    candidates = read_candidates(config, cache)
    candidates = select_corridors(candidates, config.search.corridors, cache)
    context = None
    if config.needs_coordinates:
        context = MeasureContext(
            get_layer=cache.get_layer,
            get_graph=cache.get_graph,
            get_raster=cache.get_raster,
            access=build_access_leg(config),
        )
    raw = compute_criteria(candidates, config.criteria, context)
    return candidates, raw, cache


def build_access_leg(config: SearchConfig) -> AccessLeg:
    """How sites and facilities join the road graph, from the ``[network]`` section."""
    from siteselect.network import AccessLeg

    return AccessLeg(
        detour_factor=config.network.detour_factor, speed_kph=config.network.access_speed_kph
    )


def run(
    config: SearchConfig, data_dir: Path | None = None, cache: LayerCache | None = None
) -> RunResult:
    """Run a whole site search.

    Parameters
    ----------
    config
        A validated configuration (see :func:`siteselect.config.load_search`).
    data_dir
        Folder of the embedded data; defaults to the repository's ``data/``.
    cache
        Layers and road graph already read for this config (see :class:`LayerCache`).

    Returns
    -------
    RunResult

    Raises
    ------
    InfeasibleError
        When the hard constraints leave no candidate (the message lists each constraint's count).
    """
    from siteselect import mcda

    candidates, raw, cache = prepare(config, data_dir, cache)
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
    units = compute_units(config, cache)
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
        units=units,
        notes=tuple(notes),
    )


def compute_raw_matrix(
    config_path: str | None, profile: str | None
) -> tuple[pd.DataFrame, list[CriterionSpec]]:
    """Raw criterion values and specs for a profile or config (for weight derivation)."""
    config = load_search(profile=profile, config_path=Path(config_path) if config_path else None)
    _, raw, _ = prepare(config)
    return raw, build_criterion_specs(config.criteria)


# What `explain` reports access to; trucks use only the crossings open to commercial traffic.
ACCESS_LAYERS: dict[str, dict[str, str | bool | float] | None] = {
    "border_crossings": {"commercial": True},
    "seaports": None,
    "airports": None,
    "railways": None,
}
SHED_MINUTES = (30, 45, 60)


def find_candidate(result: RunResult, key: str) -> str:
    """Resolve a park given by id (or exact name, case-insensitive) to its id."""
    return find_id(result.candidates, key)


def find_id(candidates: pd.DataFrame, key: str) -> str:
    """Resolve an id or an exact name (case-insensitive) among candidates indexed by id."""
    index = candidates.index
    if key in index:
        return key
    names = candidates["name"].astype(str).str.lower()
    hits = list(index[(names == key.lower()).to_numpy()])
    if len(hits) == 1:
        return str(hits[0])
    import difflib

    close = difflib.get_close_matches(key, [str(i) for i in index], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `siteselect rank --top 100`"
    msg = f"unknown park {key!r} among the {len(index)} candidates considered{hint}"
    raise DataError(msg)


def criterion_values(result: RunResult, cid: str) -> dict[str, dict[str, Any]]:
    """Per criterion of one candidate: raw value, unit, value-function score, weight, contribution.

    Score and contribution are ``None`` for a criterion that dropped out of the score, or for a
    candidate the hard constraints eliminated.
    """
    normalised = result.scores.normalised
    contributions = result.scores.contributions
    out: dict[str, dict[str, Any]] = {}
    for c in result.config.criteria:
        active = c.name in normalised.columns and cid in normalised.index
        out[c.name] = {
            "raw": round_value(cell(result.raw, cid, c.name)),
            "unit": result.units[c.name],
            "normalised": round_value(cell(normalised, cid, c.name)) if active else None,
            "weight": float(result.weights.get(c.name, 0.0)),
            "contribution": round_value(cell(contributions, cid, c.name)) if active else None,
        }
    return out


def _criteria_rows(result: RunResult, cid: str) -> list[dict[str, Any]]:
    return [{"criterion": name, **v} for name, v in criterion_values(result, cid).items()]


def compute_access(result: RunResult, cid: str, cache: LayerCache | None = None) -> dict[str, Any]:
    """Nearest crossing, port, airport and railway by road from one park, and its labour shed."""
    from siteselect import network
    from siteselect.criteria import _xy, select_features

    if "geometry" not in result.candidates.columns:
        msg = "the candidates have no locations: no access to compute"
        raise DataError(msg)
    cache = cache if cache is not None else LayerCache(config=result.config)
    graph = cache.get_graph()
    access = build_access_leg(result.config)
    point = result.candidates.geometry.loc[[cid]]
    origin = _xy(point)
    nearest = []
    for layer, where in ACCESS_LAYERS.items():
        targets = select_features(cache.get_layer(layer), layer, where)
        xy = _xy(targets.geometry)
        table = network.compute_drive_to_nearest(graph, origin, xy, access=access)
        row = table.iloc[0]
        target = int(row["target"])
        if target < 0:
            name, straight = "unreachable", float("nan")
        elif layer == "railways":
            name = "railway line"
            straight = float(((xy[target] - origin[0]) ** 2).sum() ** 0.5 / 1000.0)
        else:
            name = str(targets.iloc[target].get("name", targets.index[target]))
            straight = float(((xy[target] - origin[0]) ** 2).sum() ** 0.5 / 1000.0)
        nearest.append(
            {
                "layer": layer,
                "name": name,
                "drive_min": round_value(row["drive_min"]),
                "drive_km": round_value(row["drive_km"]),
                "straight_km": round_value(straight),
            }
        )
    cities = cache.get_layer("cities")
    pop_xy = _xy(cities.geometry)
    pop = cities["population"].to_numpy(dtype=float)
    shed = {
        str(m): float(
            network.compute_population_within(graph, origin, pop_xy, pop, float(m), access=access)[
                0
            ]
        )
        for m in SHED_MINUTES
    }
    return {"nearest": nearest, "labour_shed": shed}


def build_explanation(
    result: RunResult, key: str, *, with_access: bool = True, cache: LayerCache | None = None
) -> dict[str, Any]:
    """Everything `siteselect explain` shows about one park, as a JSON-ready dict."""
    cid = find_candidate(result, key)
    table = result.scores.table
    doc: dict[str, Any] = {
        "id": cid,
        "name": str(result.candidates.at[cid, "name"]),
        "method": result.scores.method,
        "of": len(table),
    }
    for col in ("corridor", "state", "municipality", "developer"):
        if col in result.candidates.columns:
            doc[col] = str(result.candidates.at[cid, col])
    if cid in table.index:
        doc["rank"] = int(cell(table, cid, "rank"))
        doc["score"] = round_value(table.at[cid, "score"])
    else:
        doc["rank"] = None
        doc["eliminated_by"] = str(result.eliminated.at[cid, "constraint"])
    doc["criteria"] = _criteria_rows(result, cid)
    if with_access and "geometry" in result.candidates.columns:
        doc["access"] = compute_access(result, cid, cache)
    notes = list(result.notes)
    if result.illustrative:
        notes.append(
            "illustrative values influenced the score through: " + ", ".join(result.illustrative)
        )
    doc["notes"] = notes
    return doc


def build_comparison(result: RunResult, keys: list[str]) -> dict[str, Any]:
    """Parks side by side, and for each pair the single-weight change that would swap them."""
    from siteselect import mcda

    ids = [find_candidate(result, k) for k in keys]
    table = result.scores.table
    missing = [i for i in ids if i not in table.index]
    if missing:
        msg = f"park {missing[0]!r} is eliminated by the hard constraints, so it has no score"
        raise InfeasibleError(msg)
    parks = []
    for cid in ids:
        rows = {r["criterion"]: r for r in _criteria_rows(result, cid)}
        parks.append(
            {
                "id": cid,
                "name": str(result.candidates.at[cid, "name"]),
                "rank": int(cell(table, cid, "rank")),
                "score": round_value(table.at[cid, "score"]),
                "criteria": rows,
            }
        )
    survivors = table.index
    specs = build_criterion_specs(
        result.config.criteria,
        {c.name: result.weights.get(c.name, 0.0) for c in result.config.criteria},
    )
    options = mcda.MethodOptions(
        topsis_normalization=result.config.topsis.normalization, vikor_v=result.config.vikor.v
    )
    swaps: list[dict[str, Any]] = []
    first = ids[0]
    for other in ids[1:]:
        a, b = (
            (first, other)
            if cell(table, first, "rank") < cell(table, other, "rank")
            else (other, first)
        )
        swap = mcda.compute_swap_weight(
            result.raw.loc[survivors], specs, result.scores.method, options, a, b
        )
        name_a = str(cell(result.candidates, a, "name"))
        name_b = str(cell(result.candidates, b, "name"))
        if swap is None:
            text = f"{name_b} cannot overtake {name_a} by changing any single weight"
            entry: dict[str, Any] = {"ahead": a, "behind": b, "criterion": None, "text": text}
            swaps.append(entry)
        else:
            text = (
                f"{name_b} overtakes {name_a} if the weight of {swap.criterion!r} goes from "
                f"{swap.weight_from:.3f} to {swap.weight_to:.3f} (others rescaled)"
            )
            swaps.append(
                {
                    "ahead": a,
                    "behind": b,
                    "criterion": swap.criterion,
                    "weight_from": round_value(swap.weight_from),
                    "weight_to": round_value(swap.weight_to),
                    "text": text,
                }
            )
    return {
        "method": result.scores.method,
        "weights": dict(result.weights),
        "criteria": [c.name for c in result.config.criteria],
        "parks": parks,
        "swaps": swaps,
    }


def build_park_isochrones(
    config: SearchConfig, key: str, minutes: list[float], data_dir: Path | None = None
) -> gpd.GeoDataFrame:
    """Drive-time isochrones of one candidate, on the config's road network and access leg.

    Returns one polygon per time in EPSG:4326, exterior rings counter-clockwise (RFC 7946),
    with columns ``park_id`` and ``minutes``.
    """
    import shapely

    from siteselect import network
    from siteselect.criteria import _xy

    cache = LayerCache(data_dir, config)
    candidates = read_candidates(config, cache)
    if "geometry" not in candidates.columns:
        msg = "the candidates have no locations: no isochrones to draw"
        raise DataError(msg)
    cid = find_id(candidates, key)
    origin = _xy(candidates.geometry.loc[[cid]].centroid)[0]
    iso = network.build_isochrones(
        cache.get_graph(), origin, minutes, access=build_access_leg(config)
    )
    iso.insert(0, "park_id", cid)
    out = iso.to_crs("EPSG:4326")
    geoms = shapely.make_valid(out.geometry.to_numpy())
    out["geometry"] = shapely.orient_polygons(geoms, exterior_cw=False)
    return out
