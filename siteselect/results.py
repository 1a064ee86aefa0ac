"""Results: what a search produced, frozen, complete and unrounded, with its explanations."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from siteselect.candidates import find_id
from siteselect.constants import GEOGRAPHIC_CRS, IDENTITY_COLUMNS
from siteselect.errors import DataError, InfeasibleError
from siteselect.frames import cell

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.candidates import CandidateSet
    from siteselect.config import SearchConfig
    from siteselect.constraints import ConstraintOutcome, Elimination
    from siteselect.criteria import Candidates, MeasureResult
    from siteselect.facts import FactSet, FactValue
    from siteselect.mcda import Fitted, ScoreResult
    from siteselect.mcda.agreement import Consensus, MethodAgreement
    from siteselect.requirements import RequirementCheck, RequirementsOutcome
    from siteselect.shortlist import ShortlistSelection

METHOD_COLUMNS = ("closeness", "phi_plus", "phi_minus", "phi", "S", "R", "Q")


@dataclass(frozen=True)
class NearestRef:
    """The feature a criterion was measured to: its layer, id and name."""

    layer: str
    id: str | None
    name: str | None


@dataclass(frozen=True)
class CriterionValue:
    """One criterion of one candidate: what was measured and what it earned.

    ``value`` (the value-function score in [0, 1]) and ``contribution`` are ``None`` for a
    criterion that dropped out of the score or a candidate that was eliminated.
    """

    criterion: str
    measure: str
    raw: float
    unit: str
    value: float | None
    weight: float
    contribution: float | None
    nearest: NearestRef | None = None
    details: Mapping[str, float] = field(default_factory=dict)
    illustrative: bool = False
    reaches: bool = False  # the measure reaches a feature (``nearest`` is None if none reached)
    parameters: Mapping[str, Any] = field(default_factory=dict)  # the measure's own keys
    # The park's own facts the value was decided from (``details["from_facts"]`` is 1), with
    # their dates and sources; empty for a value measured from the map or the layers.
    facts: tuple[FactValue, ...] = ()
    facts_file: str = ""


@dataclass(frozen=True)
class Explanation:
    """Why a candidate ranks where it does, criterion by criterion (see ``RankResult.explain``)."""

    id: str
    name: str
    fields: Mapping[str, str | None]
    method: str
    of: int
    rank: int | None
    score: float | None
    eliminated_by: str | None
    criteria: tuple[CriterionValue, ...]
    notes: tuple[str, ...]
    # The park's own facts (from the search's facts sheet) and its requirement checks.
    facts: tuple[FactValue, ...] = ()
    requirements: tuple[RequirementCheck, ...] = ()


@dataclass(frozen=True)
class Swap:
    """The smallest single-weight change that would let ``behind`` overtake ``ahead``."""

    ahead: str
    behind: str
    criterion: str | None
    weight_from: float | None
    weight_to: float | None


@dataclass(frozen=True)
class Comparison:
    """Candidates side by side, and for each pair the weight change that would swap them."""

    method: str
    weights: Mapping[str, float]
    criteria: tuple[str, ...]
    parks: tuple[Explanation, ...]
    swaps: tuple[Swap, ...]


@dataclass(frozen=True)
class RankResult:
    """Everything a site search produced, for renderers, writers and notebooks.

    Attributes
    ----------
    config
        The validated configuration that was run.
    candidates
        The candidates considered (after the corridor filter).
    measures
        Criterion name -> raw values with their details (nearest feature, drive km).
    scores
        The MCDA result on the candidates that pass the hard constraints.
    fitted
        The MCDA model fitted on those candidates: scores any other rows the same way.
    constraints
        What the hard constraints kept and removed.
    removed
        Candidates removed before measuring (unusable rows of the user's file at the
        ``input`` stage, the corridor filter at the ``corridor`` stage), with reasons.
    weights, weights_method
        The weights used (normalised over the criteria that stayed in the score) and how
        they were set (``direct``, ``ahp``, ``entropy``, ``critic``).
    provenance
        Short credit lines of the data the run used.
    notes
        Other things the user must know (what reading the files guessed or set aside,
        dropped criteria, missing cells).
    read_notes
        The notes that come from reading the inputs (kept when the result is re-scored).
    selection
        The shortlist chosen from the ranking, and the candidates the ``[shortlist]`` rule held
        back (re-applied by :meth:`with_weights`).
    consensus
        The ranking by ``[search] consensus`` over the four methods, or ``None``; ``scores``
        stays the configured method's (its values and contributions explain each park).
    """

    config: SearchConfig
    candidates: Candidates
    measures: Mapping[str, MeasureResult]
    scores: ScoreResult
    fitted: Fitted
    constraints: ConstraintOutcome
    removed: pd.DataFrame
    weights: Mapping[str, float]
    weights_method: str
    provenance: tuple[str, ...]
    notes: tuple[str, ...] = ()
    read_notes: tuple[str, ...] = ()
    selection: ShortlistSelection | None = None
    consensus: Consensus | None = None

    # ---- tables ---------------------------------------------------------------------------

    @property
    def frame(self) -> pd.DataFrame:
        """The considered candidates, indexed by id (EPSG:6372 points when located)."""
        return self.candidates.frame

    @property
    def raw(self) -> pd.DataFrame:
        """Raw criterion values (id x criterion) of every considered candidate, real units."""
        return pd.DataFrame(
            {name: m.values for name, m in self.measures.items()}, index=self.candidates.ids
        )

    @property
    def units(self) -> dict[str, str]:
        """Unit of each criterion's raw value."""
        return {name: m.unit for name, m in self.measures.items()}

    @property
    def ranking(self) -> pd.DataFrame:
        """Score, rank and method columns of the ranked candidates, in rank order (the
        consensus table when the search ranks by a consensus)."""
        return self.consensus.table if self.consensus is not None else self.scores.table

    @property
    def ranked_by(self) -> str:
        """What orders the ranking: the method, or the consensus rule (``borda``)."""
        return self.consensus.rule if self.consensus is not None else self.scores.method

    @property
    def held_back(self) -> pd.DataFrame:
        """The candidates the ``[shortlist]`` rule held back, in rank order: ``name``, ``rank``,
        ``score``, ``metro``, ``metro_name``, ``reason`` (empty when the rule is off)."""
        held = self.selection.held_back if self.selection is not None else ()
        ranking = self.ranking
        frame = self.candidates.frame
        ids = [h.id for h in held]
        return pd.DataFrame(
            {
                "name": [str(cell(frame, i, "name")) for i in ids],
                "rank": pd.Series([h.rank for h in held], dtype="int64"),
                "score": [float(cell(ranking, i, "score")) for i in ids],
                "metro": [h.metro for h in held],
                "metro_name": [h.metro_name for h in held],
                "reason": [h.reason for h in held],
            },
        ).set_axis(pd.Index(ids, name="id", dtype=object))

    @functools.cached_property
    def agreement(self) -> MethodAgreement:
        """How far the four methods agree on this ranking: every ranked candidate's rank under
        each method, Kendall's tau-b between methods, rank ranges and the top-``top``
        candidates of the configured method that no other method puts in its top (computed
        once, on first use)."""
        from siteselect.mcda.agreement import compute_agreement
        from siteselect.scoring import compute_method_ranks

        if self.consensus is not None:
            ranks = self.consensus.method_ranks
        else:
            kept = self.scores.table.index
            ranks = compute_method_ranks(self.config, self.raw.loc[kept], self.weights)
        return compute_agreement(ranks, self.scores.method, top_n=self.config.search.top)

    @property
    def facts(self) -> FactSet | None:
        """The park facts the search joined (``[candidates] facts``), or ``None``."""
        return self.candidates.facts

    @property
    def requirements(self) -> RequirementsOutcome | None:
        """Every considered park checked against ``[requirements]``, or ``None``."""
        return self.constraints.requirements

    def park_facts(self, cid: str) -> tuple[FactValue, ...]:
        """One park's facts from the facts sheet, in the schema's order."""
        facts = self.candidates.facts
        if facts is None:
            return ()
        own = facts.by_park.get(str(cid), {})
        return tuple(own[k] for k in facts.keys if k in own)

    @property
    def eliminations(self) -> tuple[Elimination, ...]:
        """Per hard constraint, what it removes on its own."""
        return self.constraints.eliminations

    @property
    def eliminated(self) -> pd.DataFrame:
        """Every candidate removed: ``name``, ``stage``, ``reason``, ``constraint``."""
        parts = [self.removed.assign(constraint=None), self.constraints.eliminated]
        parts = [p for p in parts if len(p)]
        if not parts:
            return self.constraints.eliminated
        return pd.concat(parts)

    @property
    def illustrative(self) -> tuple[str, ...]:
        """Criteria (with weight in the score) whose values come from illustrative columns."""
        return tuple(
            name
            for name, m in self.measures.items()
            if m.illustrative and self.scores.weights.get(name, 0.0) > 0
        )

    @property
    def shortlist(self) -> pd.DataFrame:
        """The shortlist rows of the ranking in rank order: the first ``top``, or per corridor,
        less the candidates the ``[shortlist]`` rule held back (see :attr:`held_back`)."""
        ranking = self.ranking
        if self.selection is not None:
            return ranking.loc[list(self.selection.ids)]
        per = self.config.search.top_per_corridor
        frame = self.candidates.frame
        if per is None or "corridor" not in frame.columns:
            return ranking.head(self.config.search.top)
        corridor = frame["corridor"].reindex(ranking.index)
        position = corridor.groupby(corridor, sort=False).cumcount()
        return ranking.loc[(position < per).to_numpy()]

    def to_frame(self) -> pd.DataFrame:
        """All ranked candidates in rank order: identity, rank, score, one raw column a criterion.

        Raw columns carry their unit (``border_min``, ``labour_people``); an attribute keeps
        its column's name.
        """
        from siteselect.criteria import raw_column

        ranking = self.ranking
        frame = self.candidates.frame.loc[ranking.index]
        out = pd.DataFrame({"name": frame["name"]}, index=ranking.index)
        for col in IDENTITY_COLUMNS:
            if col in frame.columns:
                out[col] = frame[col]
        out["rank"] = ranking["rank"]
        out["score"] = ranking["score"]
        raw = self.raw.loc[ranking.index]
        for c in self.config.criteria:
            out[raw_column(c, self.measures[c.name].unit)] = raw[c.name]
        return out

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """:meth:`to_frame` with the candidates' geometries in EPSG:4326 (lon/lat): their
        footprints for parcels (as every export writes them), else their points."""
        import geopandas as gpd

        if not self.candidates.has_location:
            msg = "the candidates have no locations; use to_frame() for a table"
            raise DataError(msg)
        table = self.to_frame()
        footprints = self.candidates.footprints
        shapes = footprints if footprints is not None else self.candidates.frame.geometry
        geoms = shapes.loc[table.index]
        out = gpd.GeoDataFrame(table, geometry=geoms.to_numpy(), crs=geoms.crs)
        out.index.name = "id"
        return out.to_crs(GEOGRAPHIC_CRS)

    # ---- re-scoring and explanations ------------------------------------------------------

    def with_weights(self, weights: Mapping[str, float]) -> RankResult:
        """The same search re-scored with some weights changed; no measure is recomputed.

        ``weights`` names criteria of the search; others keep their weight, and the result
        is normalised as usual. Gives exactly what a fresh ``rank`` with those weights gives.
        """
        from siteselect.config import apply_weights

        return rescore(self, apply_weights(self.config, weights))

    def resolve(self, key: str) -> str:
        """A candidate's id from its id or exact name (case-insensitive).

        A candidate removed before measuring is an error that gives the reason: a
        :class:`ConfigError` (exit 2) for one outside the search's corridors, with how to
        widen the search, a :class:`DataError` for an unusable row of the user's file.
        """
        if not isinstance(key, str):
            from siteselect.errors import ConfigError

            msg = f"give a park id or name as text, not a {type(key).__name__}"
            raise ConfigError(msg)
        try:
            return find_id(self.candidates.frame, key)
        except DataError:
            if key in self.removed.index:
                stage = cell(self.removed, key, "stage")
                reason = cell(self.removed, key, "reason")
                msg = f"{key!r} was removed before scoring ({stage}): {reason}"
                if stage == "corridor":
                    from siteselect.errors import ConfigError

                    raise ConfigError(msg + "; widen the search: --corridor all") from None
                raise DataError(msg) from None
            raise

    def criterion_values(self, cid: str) -> tuple[CriterionValue, ...]:
        """Per criterion of one candidate: raw, unit, value, weight, contribution, nearest."""
        normalised = self.scores.normalised
        contributions = self.scores.contributions
        position = self.candidates.position(cid)
        out = []
        for c in self.config.criteria:
            m = self.measures[c.name]
            active = c.name in normalised.columns and cid in normalised.index
            nearest = None
            if m.nearest is not None and m.nearest.row[position] >= 0:
                nearest = NearestRef(
                    m.nearest.layer, m.nearest.ids[position], m.nearest.names[position]
                )
            raw = float(m.values[position])
            unknown = m.details.get("unknown")
            if unknown is not None and unknown[position] > 0:
                raw = float("nan")  # scored per the missing-fact policy, but not known
            used: tuple[FactValue, ...] = ()
            from_facts = m.details.get("from_facts")
            sheet = self.candidates.facts
            if from_facts is not None and from_facts[position] > 0 and sheet is not None:
                found = (sheet.value(cid, key) for key in m.facts_read)
                used = tuple(f for f in found if f is not None)
            out.append(
                CriterionValue(
                    criterion=c.name,
                    measure=c.measure,
                    raw=raw,
                    unit=m.unit,
                    value=float(cell(normalised, cid, c.name)) if active else None,
                    weight=float(self.weights.get(c.name, 0.0)),
                    contribution=float(cell(contributions, cid, c.name)) if active else None,
                    nearest=nearest,
                    details={k: float(v[position]) for k, v in m.details.items()},
                    illustrative=m.illustrative,
                    reaches=m.nearest is not None,
                    parameters=c.params.model_dump(mode="json", by_alias=True, exclude_none=True),
                    facts=used,
                    facts_file=sheet.file if used and sheet is not None else "",
                )
            )
        return tuple(out)

    def explain(self, key: str) -> Explanation:
        """Why one candidate ranks where it does: every criterion's raw value, unit, value,
        weight, contribution and, where the measure reached one, the nearest feature."""
        cid = self.resolve(key)
        table = self.scores.table
        frame = self.candidates.frame
        fields: dict[str, str | None] = {}
        for col in IDENTITY_COLUMNS:
            if col in frame.columns:
                value = cell(frame, cid, col)
                fields[col] = None if pd.isna(value) else str(value)
        ranked = cid in table.index
        eliminated_by = None
        if not ranked:
            eliminated = self.eliminated
            eliminated_by = (
                str(cell(eliminated, cid, "reason")) if cid in eliminated.index else None
            )
            if cid in self.constraints.eliminated.index:
                eliminated_by = str(cell(self.constraints.eliminated, cid, "constraint"))
        notes = list(self.notes)
        if self.illustrative:
            notes.append(
                "illustrative values influenced the score through: " + ", ".join(self.illustrative)
            )
        return Explanation(
            id=cid,
            name=str(cell(frame, cid, "name")),
            fields=fields,
            method=self.scores.method,
            of=len(table),
            rank=int(cell(table, cid, "rank")) if ranked else None,
            score=float(cell(table, cid, "score")) if ranked else None,
            eliminated_by=eliminated_by,
            criteria=self.criterion_values(cid),
            notes=tuple(notes),
            facts=self.park_facts(cid),
            requirements=self.requirements.for_park(cid) if self.requirements else (),
        )

    def compare(self, keys: list[str]) -> Comparison:
        """Candidates side by side, and for each (first, other) pair the smallest change of
        one weight (the others rescaled) that would swap them."""
        from siteselect import mcda
        from siteselect.scoring import build_criterion_specs, build_method_options

        if isinstance(keys, str):
            from siteselect.errors import ConfigError

            msg = f"compare takes a list of park ids, e.g. [{keys!r}, 'other-park']"
            raise ConfigError(msg)
        ids = [self.resolve(k) for k in keys]
        if len(set(ids)) != len(ids) or len(ids) < 2:
            from siteselect.errors import ConfigError

            msg = f"compare needs two or more different parks (got {', '.join(ids)})"
            raise ConfigError(msg)
        table = self.scores.table
        missing = [i for i in ids if i not in table.index]
        if missing:
            msg = f"park {missing[0]!r} is eliminated by the hard constraints, so it has no score"
            raise InfeasibleError(msg)
        specs = build_criterion_specs(
            self.config.criteria,
            {c.name: self.weights.get(c.name, 0.0) for c in self.config.criteria},
        )
        options = build_method_options(self.config)
        raw = self.raw.loc[table.index]
        swaps = []
        first = ids[0]
        for other in ids[1:]:
            a, b = (
                (first, other)
                if cell(table, first, "rank") < cell(table, other, "rank")
                else (
                    other,
                    first,
                )
            )
            swap = mcda.compute_swap_weight(raw, specs, self.scores.method, options, a, b)
            if swap is None:
                swaps.append(Swap(a, b, None, None, None))
            else:
                swaps.append(Swap(a, b, swap.criterion, swap.weight_from, swap.weight_to))
        return Comparison(
            method=self.scores.method,
            weights=dict(self.weights),
            criteria=tuple(c.name for c in self.config.criteria),
            parks=tuple(self.explain(i) for i in ids),
            swaps=tuple(swaps),
        )

    def drivers(self, cid: str, k: int = 2) -> tuple[list[str], list[str]]:
        """The criteria that helped and hurt a candidate most.

        See :func:`siteselect.mcda.explain.select_drivers`: a criterion is on one side only.
        """
        normalised = self.scores.normalised
        weights = self.scores.weights
        cols = [c for c in normalised.columns if weights.get(c, 0) > 0]
        if not cols or cid not in normalised.index:
            return [], []
        from siteselect.mcda.explain import select_drivers

        v = [float(x) for x in normalised.loc[cid, cols].astype(float).to_numpy()]
        return select_drivers(cols, [weights[c] for c in cols], v, k)

    def describe(self) -> dict[str, Any]:
        """The run's context: profile, method, weights, corridors, counts."""
        cfg = self.config
        return {
            "profile": cfg.profile.name,
            "method": self.scores.method,
            "weights_method": self.weights_method,
            "weights": dict(self.weights),
            "corridors": list(cfg.search.corridors),
            "considered": len(self.candidates.frame),
            "passed_constraints": len(self.scores.table),
            "consensus": self.consensus.rule if self.consensus is not None else None,
            "max_per_metro": cfg.shortlist.max_per_metro,
        }


@dataclass(frozen=True)
class Sensitivity:
    """How robust a ranking is to its weights (see :func:`siteselect.api.analyse_sensitivity`).

    Attributes
    ----------
    acceptability
        Index: id in the order of the ranking; ``rank``, ``rank_1`` .. ``rank_<shown>``,
        ``rank_worse`` (share of samples beyond ``shown``), ``p_top_k``, ``mean_rank``.
    sweep
        One-at-a-time sweep of ``sweep_criterion``'s weight (``id``, ``weight``, ``rank``,
        ``score``), or ``None``.
    reversal
        Pair flips when one candidate is dropped, or ``None``.
    illustrative
        Criteria with weight whose values come from illustrative columns: every rank the
        analysis reports rests on them too.
    """

    method: str
    samples: int
    seed: int
    concentration: float
    top_k: int
    shown: int
    weights: Mapping[str, float]
    acceptability: pd.DataFrame
    sweep: pd.DataFrame | None = None
    sweep_criterion: str | None = None
    reversal: pd.DataFrame | None = None
    illustrative: tuple[str, ...] = ()


# ---- scoring measured candidates into a result ----------------------------------------------


def score_result(
    config: SearchConfig,
    chosen: CandidateSet,
    measures: Mapping[str, MeasureResult],
    outcome: ConstraintOutcome,
    provenance: tuple[str, ...],
    read_notes: tuple[str, ...] = (),
) -> RankResult:
    """Score the measured candidates that passed the constraints: the :class:`RankResult`.

    The one place a result is made, for a run, a re-weighting (:func:`rescore`) and a stress
    scenario alike; every note a stage left (dropped criteria, illustrative inputs) is kept.
    """
    from siteselect.criteria import build_raw_frame
    from siteselect.scoring import compute_consensus, score_rows
    from siteselect.shortlist import select_candidates

    typed = dict(measures)
    raw = build_raw_frame(chosen.candidates, typed)
    fitted, scores = score_rows(config, raw.loc[outcome.kept])
    consensus = None
    if config.search.consensus is not None:
        consensus = compute_consensus(config, raw.loc[scores.table.index], scores.weights)
    ranking = consensus.table if consensus is not None else scores.table
    selection = select_candidates(config, chosen.candidates.frame, ranking)
    notes = list(read_notes)
    notes += [f"criterion {name!r} dropped: {why}" for name, why in scores.dropped]
    notes.extend(scores.notes)
    # An illustrative attribute's only note is that it is illustrative (said below); a
    # fact's notes say how unknown values were scored, and a measure that read facts says how
    # many parks its facts decided, which every output must say.
    kinds = {c.name: c.measure for c in config.criteria}
    for name, m in typed.items():
        if not m.illustrative or kinds.get(name) == "fact" or m.facts_read:
            notes.extend(f"{name}: {note}" for note in m.notes)
    notes.extend(
        f"constraint {label!r} reads illustrative values (replace them with your own)"
        for label in outcome.illustrative
    )
    if outcome.requirements is not None:
        notes.extend(outcome.requirements.notes)
    return RankResult(
        config=config,
        candidates=chosen.candidates,
        measures=typed,
        scores=scores,
        fitted=fitted,
        constraints=outcome,
        removed=chosen.removed,
        weights=dict(scores.weights),
        weights_method=config.weights.method,
        provenance=provenance,
        notes=tuple(notes),
        read_notes=read_notes,
        selection=selection,
        consensus=consensus,
    )


def rescore(result: RankResult, config: SearchConfig) -> RankResult:
    """Score a result's measures again under another config's weights and method."""
    from siteselect.candidates import CandidateSet

    chosen = CandidateSet(result.candidates, result.removed)
    return score_result(
        config, chosen, result.measures, result.constraints, result.provenance, result.read_notes
    )
