"""The search an explore session holds, and the changes a key makes to it.

A :class:`Session` holds a :class:`~siteselect.results.RankResult` and replaces it with the
library's answer to each change: :meth:`RankResult.with_weights` for a weight, a re-score of
the same measures (:func:`siteselect.results.rescore`) for the method and the shortlist's length,
a new run (:func:`siteselect.api.run`) for the corridors and the constraints' thresholds, which
change the candidates. It measures and scores nothing itself, and it does not import Textual,
so tests and benchmarks drive it directly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from siteselect.constants import METHODS, PRODUCT_CORRIDORS

if TYPE_CHECKING:
    from siteselect.config import SearchConfig
    from siteselect.results import RankResult

CORRIDOR_CYCLE: tuple[tuple[str, ...], ...] = (
    PRODUCT_CORRIDORS,
    ("bajio",),
    ("northeast",),
    ("northwest",),
    ("north-centre",),
    ("centre",),
    ("all",),
)
"""What the corridor key steps through: the product's two corridors, each alone, the other
manufacturing corridors, then the whole country."""
WEIGHT_STEP = 0.01
"""How much ``+`` and ``-`` move a criterion's weight (weights are normalised to sum to 1)."""


@dataclass(frozen=True)
class Step:
    """One change of the search: what changed, the result before it, how long it took."""

    label: str
    before: RankResult
    seconds: float


@dataclass
class Session:
    """The search on screen: its result, the changes made, and the result before the last one.

    Parameters
    ----------
    result
        The search as opened.
    """

    result: RankResult
    steps: list[Step] = field(default_factory=list)
    opened: RankResult | None = None

    def __post_init__(self) -> None:
        if self.opened is None:
            self.opened = self.result

    # ---- what the screen shows ----------------------------------------------------------------

    @property
    def config(self) -> SearchConfig:
        """The search as it stands (what ``w`` writes)."""
        return self.result.config

    @property
    def previous(self) -> RankResult | None:
        """The result before the last change (for the rank moves), or ``None``."""
        return self.steps[-1].before if self.steps else None

    @property
    def last(self) -> Step | None:
        """The last change, or ``None`` before any."""
        return self.steps[-1] if self.steps else None

    def shortlist_ids(self) -> list[str]:
        """The shortlisted parks' ids, in rank order."""
        return [str(i) for i in self.result.shortlist.index]

    def moves(self, since: str = "opened") -> dict[str, int | None]:
        """Per shortlisted park, ranks gained (positive) or lost since the search was opened
        (``since="opened"``) or since the last change (``"last"``); ``None`` for a park the
        earlier result did not rank."""
        before = self.previous if since == "last" else (self.opened if self.steps else None)
        now = self.result.scores.table["rank"]
        out: dict[str, int | None] = {}
        for cid in self.shortlist_ids():
            if before is None:
                out[cid] = 0
                continue
            ranks = before.scores.table["rank"]
            out[cid] = int(ranks.loc[cid]) - int(now.loc[cid]) if cid in ranks.index else None
        return out

    def raw_weights(self) -> dict[str, float]:
        """Every criterion's weight as the config holds it (direct), or the derived weights
        (AHP, entropy, CRITIC) the result used, which a first change makes direct."""
        cfg = self.config
        if cfg.weights.method == "direct":
            return {c.name: float(c.weight) for c in cfg.criteria}
        return {c.name: float(self.result.weights.get(c.name, 0.0)) for c in cfg.criteria}

    # ---- changes ----------------------------------------------------------------------------

    def _apply(self, label: str, make: Any) -> RankResult:
        start = time.perf_counter()
        result: RankResult = make()
        seconds = time.perf_counter() - start
        self.steps.append(Step(label, self.result, seconds))
        self.result = result
        return result

    def set_weights(self, weights: Mapping[str, float], label: str | None = None) -> RankResult:
        """Re-score with new weights for some criteria (:meth:`RankResult.with_weights`)."""
        full = self.raw_weights()
        full.update({k: float(v) for k, v in weights.items()})
        text = label or ", ".join(f"{k} {v:g}" for k, v in weights.items())
        return self._apply(f"weight {text}", lambda: self.result.with_weights(full))

    def nudge_weight(self, name: str, steps: int) -> RankResult:
        """Move one criterion's weight by ``steps`` x :data:`WEIGHT_STEP` (never below 0)."""
        current = self.raw_weights()[name]
        new = round(max(0.0, current + steps * WEIGHT_STEP), 6)
        return self.set_weights({name: new}, label=f"{name} {current:g} -> {new:g}")

    def set_method(self, method: str) -> RankResult:
        """Re-score the same measures with another MCDA method."""
        from siteselect.config import load_search
        from siteselect.results import rescore

        config = load_search(config=self.config, method=method)
        return self._apply(f"method {method}", lambda: rescore(self.result, config))

    def next_method(self) -> RankResult:
        """The method after the current one in ``wsm, topsis, promethee, vikor``."""
        now = self.result.scores.method
        return self.set_method(METHODS[(METHODS.index(now) + 1) % len(METHODS)])

    def set_top(self, top: int) -> RankResult:
        """Shortlist the first ``top`` parks overall (as ``--top``; per-corridor off)."""
        from siteselect.config import load_search
        from siteselect.results import rescore

        config = load_search(config=self.config, top=max(1, top))
        return self._apply(f"top {max(1, top)}", lambda: rescore(self.result, config))

    def shortlist_length(self) -> int:
        """How many parks the shortlist holds now."""
        return len(self.result.shortlist)

    def set_corridors(self, corridors: tuple[str, ...]) -> RankResult:
        """Search other corridors: a new run (the candidates change)."""
        from siteselect.api import run
        from siteselect.config import load_search

        config = load_search(config=self.config, corridors=list(corridors))
        return self._apply(f"corridors {', '.join(corridors)}", lambda: run(config))

    def next_corridors(self) -> tuple[str, ...]:
        """The corridor setting after the current one in :data:`CORRIDOR_CYCLE`."""
        now = tuple(self.config.search.corridors)
        at = CORRIDOR_CYCLE.index(now) if now in CORRIDOR_CYCLE else -1
        return CORRIDOR_CYCLE[(at + 1) % len(CORRIDOR_CYCLE)]

    def set_constraints(self, bounds: Mapping[int, Mapping[str, float | None]]) -> RankResult:
        """Change hard constraints' ``min``/``max`` (constraint index -> bounds; ``None``
        removes a bound): a new run, since what passes changes."""
        from siteselect.api import run
        from siteselect.config import parse_config

        data = self.config.as_mapping()
        labels = []
        for index, change in bounds.items():
            entry = data["constraints"][index]
            for key, value in change.items():
                if value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = float(value)
            labels.append(self.config.constraints[index].label)
        config = parse_config(data, source="explore")
        return self._apply(f"constraint {'; '.join(labels)}", lambda: run(config))

    def undo(self) -> bool:
        """Go back to the result before the last change; ``False`` when there is none."""
        if not self.steps:
            return False
        self.result = self.steps.pop().before
        return True

    def changes(self) -> list[str]:
        """What differs from the search as opened: weights, method, shortlist, corridors,
        constraints (one line each, net of the steps that led there)."""
        assert self.opened is not None
        start, now = Session(self.opened), self
        out = []
        before, after = start.raw_weights(), now.raw_weights()
        for name, weight in after.items():
            if abs(before[name] - weight) > 1e-12:
                out.append(f"weight {name} {before[name]:g} -> {weight:g}")
        a, b = start.config, now.config
        if a.search.method != b.search.method:
            out.append(f"method {a.search.method} -> {b.search.method}")
        if (a.search.top, a.search.top_per_corridor) != (b.search.top, b.search.top_per_corridor):
            out.append(f"shortlist: top {b.search.top}")
        if a.search.corridors != b.search.corridors:
            out.append(
                f"corridors {', '.join(a.search.corridors)} -> {', '.join(b.search.corridors)}"
            )
        for old, new in zip(a.constraints, b.constraints, strict=True):
            if old != new:
                out.append(f"constraint {old.label} -> {new.label}")
        return out
