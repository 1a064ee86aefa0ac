"""The shortlist: which ranked candidates are shown, and which a diversity rule held back.

The ranking is never changed: the shortlist is a selection from it. Walking the ranking in
order, a candidate enters the shortlist unless its corridor is already full
(``top_per_corridor``) or its metro already has ``max_per_metro`` candidates in the shortlist
(``[shortlist]``): then it is *held back*, and listed with its rank, metro and the reason. The
walk stops when the shortlist holds ``top`` candidates (or every corridor its
``top_per_corridor``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from siteselect.config import SearchConfig


@dataclass(frozen=True)
class HeldBack:
    """A candidate the diversity rule kept out of the shortlist.

    Attributes
    ----------
    id
        The candidate.
    rank
        Its rank in the full ranking.
    metro, metro_name
        Its metro (group id and name).
    reason
        Why, in a sentence.
    """

    id: str
    rank: int
    metro: str
    metro_name: str
    reason: str


@dataclass(frozen=True)
class ShortlistSelection:
    """The candidates shown, in rank order, and those held back.

    Attributes
    ----------
    ids
        The shortlist, in rank order.
    held_back
        The candidates the rule kept out, in rank order (empty when the rule is off).
    max_per_metro
        The rule's limit, or ``None`` when it is off.
    """

    ids: tuple[str, ...]
    held_back: tuple[HeldBack, ...] = ()
    max_per_metro: int | None = None


def held_back_reason(metro_name: str, cap: int) -> str:
    """The sentence that says why a candidate was held back."""
    parks = "park" if cap == 1 else "parks"
    return f"{metro_name} already has {cap} {parks} in the shortlist (max_per_metro = {cap})"


def select_shortlist(
    order: Sequence[str],
    *,
    top: int,
    top_per_corridor: int | None = None,
    corridor: Mapping[str, str] | None = None,
    metro: Mapping[str, str] | None = None,
    metro_name: Mapping[str, str] | None = None,
    max_per_metro: int | None = None,
) -> ShortlistSelection:
    """Walk the ranking and pick the shortlist (see the module docstring).

    Parameters
    ----------
    order
        Candidate ids from best to worst.
    top
        Length of the shortlist (when ``top_per_corridor`` is not used).
    top_per_corridor, corridor
        The best ``top_per_corridor`` of each corridor instead, with each id's corridor.
    metro, metro_name
        Each id's metro group and its name; required with ``max_per_metro``.
    max_per_metro
        At most this many candidates of one metro; ``None`` switches the rule off.

    Returns
    -------
    ShortlistSelection
    """
    cap = max_per_metro
    if cap is not None and metro is None:
        msg = "max_per_metro needs each candidate's metro"
        raise ValueError(msg)
    per_corridor = top_per_corridor if corridor is not None else None
    wanted = set(corridor[c] for c in order) if per_corridor is not None and corridor else set()
    chosen: list[str] = []
    held: list[HeldBack] = []
    in_corridor: Counter[str] = Counter()
    in_metro: Counter[str] = Counter()
    for position, cid in enumerate(order, start=1):
        if per_corridor is None and len(chosen) >= top:
            break
        if per_corridor is not None:
            assert corridor is not None
            if all(in_corridor[c] >= per_corridor for c in wanted):
                break
            if in_corridor[corridor[cid]] >= per_corridor:
                continue
        if cap is not None:
            assert metro is not None
            group = metro[cid]
            if in_metro[group] >= cap:
                name = metro_name.get(cid, group) if metro_name else group
                held.append(HeldBack(cid, position, group, name, held_back_reason(name, cap)))
                continue
            in_metro[group] += 1
        if per_corridor is not None:
            assert corridor is not None
            in_corridor[corridor[cid]] += 1
        chosen.append(cid)
    return ShortlistSelection(tuple(chosen), tuple(held), cap)


def select_candidates(config: SearchConfig, frame: Any, ranking: Any) -> ShortlistSelection:
    """The shortlist of a ranking under the config's ``top``, ``top_per_corridor`` and
    ``[shortlist]`` rule, from the candidates' ``corridor`` and ``metro`` columns."""
    # Lists, not Series: zipping a text column yields its cells one by one, slowly.
    order = [str(i) for i in ranking.index.tolist()]
    search = config.search
    corridor = None
    if search.top_per_corridor is not None and "corridor" in frame.columns:
        corridor = dict(
            zip(order, frame["corridor"].reindex(ranking.index).astype(str).tolist(), strict=True)
        )
    cap = config.shortlist.max_per_metro
    metro = names = None
    if cap is not None:
        if "metro" in frame.columns:
            metro = dict(
                zip(order, frame["metro"].reindex(ranking.index).astype(str).tolist(), strict=True)
            )
            names = dict(
                zip(
                    order,
                    frame["metro_name"].reindex(ranking.index).astype(str).tolist(),
                    strict=True,
                )
            )
        else:  # a table the reader gave no metro (none today): every candidate is its own
            metro = names = {cid: cid for cid in order}
    return select_shortlist(
        order,
        top=search.top,
        top_per_corridor=search.top_per_corridor,
        corridor=corridor,
        metro=metro,
        metro_name=names,
        max_per_metro=cap,
    )
