"""Which park a row of facts is about: by id, else by name and municipality, fuzzily.

A pure module. A developer's sheet names its parks its own way: ``P.I. Querétaro``,
``Pq. Ind. FINSA Guadalupe``, ``Queretaro Industrial Park``, accents or not. Names are
compared after :func:`normalise_park_name` expands the usual abbreviations, drops accents,
case, punctuation and small words, and sorts the words (so the English word order matches
the Spanish one); the similarity is :class:`difflib.SequenceMatcher`'s ratio over the
words that tell parks apart (``parque``, ``industrial``, ``park`` tell nothing). A row joins
its park when the similarity reaches :data:`MATCH_THRESHOLD` and no other park comes within
:data:`AMBIGUITY_MARGIN`; a municipality given and different lowers the similarity by
:data:`MUNICIPALITY_PENALTY`. Every fuzzy match is reported with its similarity, and every
miss with the closest parks.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from siteselect.facts.cells import plain

MATCH_THRESHOLD = 0.85
AMBIGUITY_MARGIN = 0.02
MUNICIPALITY_PENALTY = 0.8
"""A name alone, however equal, does not outweigh a municipality that differs: an exact name in
another municipality (0.8) is a miss that names the park as the closest."""
SUGGEST_THRESHOLD = 0.6

# (pattern on plain lower-case text, replacement); order matters (longest forms first).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bp\s*\.\s*i\s*\.?(?=\s|$)", "parque industrial "),
    (r"^pi\b", "parque industrial "),
    (r"\b(?:pq|parq|pque)\s*\.?\s*ind(?:ust)?\s*\.?", "parque industrial "),
    (r"\b(?:pq|parq|pque)\s*\.", "parque "),
    (r"\bpq\b", "parque "),
    (r"\bind\s*\.", "industrial "),
    (r"\bind\b", "industrial "),
    (r"\bcd\s*\.", "ciudad "),
    (r"\bcd\b", "ciudad "),
    (r"\bfracc?\s*\.", "fraccionamiento "),
    (r"\bcorr\s*\.", "corredor "),
    (r"\bgral\s*\.?", "general "),
    (r"\bsta\s*\.", "santa "),
    (r"\bsn\s*\.", "san "),
    (r"\bnvo\s*\.", "nuevo "),
    (r"\bnva\s*\.", "nueva "),
    (r"\btech\b", "technology "),
)
STOP_WORDS = frozenset({"de", "del", "la", "el", "los", "las", "y", "the", "of", "and"})
# English words as their Spanish twins, so that word order and language do not matter.
TWINS = {"park": "parque", "city": "ciudad", "zone": "zona", "corridor": "corredor"}
GENERIC = frozenset(
    {"parque", "industrial", "ciudad", "zona", "corredor", "complejo", "centro", "technology"}
    | {"desarrollo", "fraccionamiento", "logistico", "logistics", "business", "center"}
)
"""Words that say what kind of place it is, not which one (left out of the similarity)."""


def normalise_park_name(text: str) -> str:
    """A park or municipality name as comparable words, sorted.

    Examples
    --------
    >>> normalise_park_name("P.I. Querétaro")
    'industrial parque queretaro'
    >>> normalise_park_name("Queretaro Industrial Park")
    'industrial parque queretaro'
    """
    out = plain(text)
    for pattern, repl in ABBREVIATIONS:
        out = re.sub(pattern, repl, out)
    words = [TWINS.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", out).split()]
    return " ".join(sorted(w for w in words if w not in STOP_WORDS))


def _telling(words: str) -> str:
    kept = [w for w in words.split() if w not in GENERIC]
    return " ".join(kept) if kept else words


@dataclass(frozen=True)
class ParkName:
    """A candidate park as the matcher sees it."""

    id: str
    name: str
    municipality: str | None = None


@dataclass(frozen=True)
class Match:
    """Where one row of facts went.

    Attributes
    ----------
    row
        The sheet row (1 = first row of the sheet).
    given_id, given_name, given_municipality
        What the row says.
    park
        The park it joins, or ``None`` (a miss).
    how
        ``id``, ``name`` (equal after normalising), ``fuzzy`` or ``none``.
    similarity
        1.0 for id and name matches; the similarity of a fuzzy match or of the closest park.
    reason
        Why a row did not join (unknown id, no park close enough, two parks as close).
    closest
        For a miss: the closest parks as ``(id, name, similarity)``.
    """

    row: int
    given_id: str | None
    given_name: str | None
    given_municipality: str | None
    park: str | None
    park_name: str | None
    how: str
    similarity: float
    reason: str = ""
    closest: tuple[tuple[str, str, float], ...] = ()


def compute_similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Similarity in [0, 1] of two normalised names (their telling words).

    Below ``floor`` the exact ratio does not matter: 0 is returned as soon as the cheap
    upper bounds of :class:`difflib.SequenceMatcher` show it (many candidates stay fast).
    """
    if a == b:
        return 1.0
    ta, tb = _telling(a), _telling(b)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    if floor > 0 and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return 0.0
    return matcher.ratio()


def _same_place(given: str, known: str | None) -> bool:
    if known is None:
        return True
    a, b = normalise_park_name(given), normalise_park_name(known)
    if not a or not b or a == b:
        return True
    # "Santiago de Querétaro" is in "Querétaro"; "Gral. Escobedo" is "General Escobedo"
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa or compute_similarity(a, b) >= MATCH_THRESHOLD


@dataclass(frozen=True)
class RowKey:
    """What a row of facts says about which park it is."""

    row: int
    id: str | None
    name: str | None
    municipality: str | None = None


FULL_SCAN_LIMIT = 500
"""With more candidates than this, a name is compared only with the parks that share the
most of its telling words (a misspelt word still finds the park by its other words); a name
that shares none is compared with every park."""


@dataclass(frozen=True)
class _Index:
    """The parks, their normalised names, and which parks each telling word names."""

    parks: Sequence[ParkName]
    names: tuple[str, ...]
    by_id: dict[str, ParkName]
    by_word: dict[str, tuple[int, ...]]

    def candidates(self, target: str) -> list[int]:
        """Positions of the parks worth comparing with a normalised name."""
        everyone = list(range(len(self.parks)))
        if len(self.parks) <= FULL_SCAN_LIMIT:
            return everyone
        counts: Counter[int] = Counter()
        for word in set(_telling(target).split()):
            counts.update(self.by_word.get(word, ()))
        if not counts:
            return everyone
        most = max(counts.values())
        return sorted(i for i, n in counts.items() if n >= most - 1)


def _build_index(parks: Sequence[ParkName]) -> _Index:
    names = tuple(normalise_park_name(p.name) for p in parks)
    by_word: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        for word in set(_telling(name).split()):
            by_word.setdefault(word, []).append(i)
    return _Index(
        parks=parks,
        names=names,
        by_id={p.id: p for p in parks},
        by_word={w: tuple(v) for w, v in by_word.items()},
    )


def match_rows(rows: Sequence[RowKey], parks: Sequence[ParkName]) -> tuple[Match, ...]:
    """Match every row to a park (see :func:`match_row`), indexing the parks' names once."""
    index = _build_index(parks)
    return tuple(_match(r.row, r.id, r.name, r.municipality, index) for r in rows)


def match_row(
    row: int,
    given_id: str | None,
    given_name: str | None,
    given_municipality: str | None,
    parks: Sequence[ParkName],
) -> Match:
    """Match one row to a park: by id, then by name (and municipality).

    A row whose id is unknown is matched by its name and says so in ``reason``.
    """
    return _match(row, given_id, given_name, given_municipality, _build_index(parks))


def _match(
    row: int,
    given_id: str | None,
    given_name: str | None,
    given_municipality: str | None,
    index: _Index,
) -> Match:
    by_id = index.by_id
    note = ""
    if given_id:
        park = by_id.get(given_id)
        if park is not None:
            return Match(
                row, given_id, given_name, given_municipality, park.id, park.name, "id", 1.0
            )
        note = f"id {given_id!r} is not a park of this search"
        if not given_name:
            close = difflib.get_close_matches(given_id, list(by_id), n=3, cutoff=0.6)
            closest = tuple((c, by_id[c].name, 0.0) for c in close)
            return Match(
                row, given_id, None, given_municipality, None, None, "none", 0.0, note, closest
            )
    if not given_name:
        return Match(
            row, given_id, None, given_municipality, None, None, "none", 0.0, "no id and no name"
        )
    target = normalise_park_name(given_name)
    scored: list[tuple[float, ParkName, bool]] = []
    for i in index.candidates(target):
        park, known = index.parks[i], index.names[i]
        sim = compute_similarity(target, known, floor=SUGGEST_THRESHOLD)
        exact = target == known
        if given_municipality and not _same_place(given_municipality, park.municipality):
            sim *= MUNICIPALITY_PENALTY
            exact = False
        scored.append((sim, park, exact))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    closest = tuple((p.id, p.name, round(s, 3)) for s, p, _ in scored[:3] if s >= SUGGEST_THRESHOLD)
    if not scored or scored[0][0] < MATCH_THRESHOLD:
        why = "no park's name is close enough"
        if (
            scored
            and given_municipality
            and not _same_place(given_municipality, scored[0][1].municipality)
        ):
            why += (
                f" in {given_municipality} ({scored[0][1].name!r} is in "
                f"{scored[0][1].municipality})"
            )
        reason = "; ".join(x for x in (note, why) if x)
        best = scored[0][0] if scored else 0.0
        return Match(
            row,
            given_id,
            given_name,
            given_municipality,
            None,
            None,
            "none",
            best,
            reason,
            closest,
        )
    best_sim, best_park, exact = scored[0]
    if len(scored) > 1 and scored[1][0] >= best_sim - AMBIGUITY_MARGIN and not exact:
        other = scored[1][1]
        reason = (
            f"{best_park.name!r} ({best_sim:.2f}) and {other.name!r} ({scored[1][0]:.2f}) are "
            "as close; give the park's id"
        )
        return Match(
            row,
            given_id,
            given_name,
            given_municipality,
            None,
            None,
            "none",
            best_sim,
            reason,
            closest,
        )
    how = "name" if exact else "fuzzy"
    return Match(
        row,
        given_id,
        given_name,
        given_municipality,
        best_park.id,
        best_park.name,
        how,
        round(best_sim, 3),
        note,
    )
