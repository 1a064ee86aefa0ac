"""Place the parks of ``tools/facts/parks.py`` where RETC 2022 establishments say they are.

The hand-written facts give each park its name, developer, municipality and state, the names
under which SEMARNAT's RETC 2022 establishment records refer to it (reviewed by hand, one list
a park), and the author's own placement. This module turns them into ``data/parks.csv``:

- an establishment names a park when, in the park's state and municipality (as RETC writes
  them), its ``parqueindustrial`` field, or else its ``colonia`` (Mexican industrial parks are
  registered as colonias), equals one of the park's names once accents, case and punctuation
  are dropped;
- the park's point is the median longitude and latitude of those establishments. With three
  or more, an establishment farther than ``max(3 km, 3 x the median distance)`` from that
  median is taken as misplaced (geocoded to a town centre, say), left out and listed, and the
  median taken again; of two establishments more than 3 km apart, the one that agrees with
  the author's placement (within the author's stated accuracy) is kept when only one does;
- ``accuracy_m`` is their spread, the largest distance from the point to a kept establishment,
  rounded up to 100 m, at least 500 m; one establishment says where the park is but not how
  large it is, so a single-establishment park is given 1,000 m;
- a park that no establishment names keeps the author's placement and the author's own
  estimate of its accuracy;
- the INEGI municipality is the one that holds the final point; the minimum-wage zone joins on
  it (``data/wage_zones.csv``).

Maintainer tooling: not part of the installed package.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from siteselect.errors import DataError

MIN_ACCURACY_M = 500.0
"""No park point is claimed to be better than this (a park is hundreds of metres across)."""

SINGLE_ACCURACY_M = 1_000.0
"""Stated accuracy of a park located by one establishment: about half a large park's width."""

OUTLIER_FLOOR_M = 3_000.0
OUTLIER_FACTOR = 3.0
"""An establishment farther than ``max(OUTLIER_FLOOR_M, OUTLIER_FACTOR x median distance)``
from the median of three or more is left out as misplaced."""

_COLONIA_PREFIX = re.compile(r"^(colonia|fraccionamiento|fraccion|ninguno)\s+")

RETC_STATES: Mapping[str, str] = {
    "Coahuila de Zaragoza": "Coahuila",
    "México": "Estado de México",
    "Michoacán de Ocampo": "Michoacán",
    "Veracruz de Ignacio de la Llave": "Veracruz",
}
"""RETC's official state names that differ from the project's short names."""


@dataclass(frozen=True)
class ParkFact:
    """One hand-written park: identity, RETC names and the author's placement."""

    id: str
    name: str
    developer: str
    municipality: str
    state: str
    lon: float
    lat: float
    accuracy_m: float
    placement: str
    retc_names: tuple[str, ...]
    listed_by_author: bool = True
    rail_spur_source: str = ""


@dataclass(frozen=True)
class ParkLocation:
    """Where the RETC establishments put a park, and which were used or left out."""

    lon: float
    lat: float
    accuracy_m: float
    used: int
    dropped: tuple[str, ...] = field(default_factory=tuple)
    names: tuple[str, ...] = field(default_factory=tuple)


def normalise_name(text: object) -> str:
    """Lower case without accents; punctuation collapsed to single spaces (``""`` for blanks)."""
    import unicodedata

    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", plain)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def colonia_name(text: object) -> str:
    """A colonia as a park name: normalised, its ``colonia``/``fraccionamiento`` word dropped."""
    return _COLONIA_PREFIX.sub("", normalise_name(text))


def match_establishments(retc: pd.DataFrame, parks: Sequence[ParkFact]) -> dict[str, list[int]]:
    """Which RETC rows name each park (by the park field first, else the colonia).

    Parameters
    ----------
    retc
        ``estado``, ``municipio``, ``parqueindustrial``, ``colonia`` per establishment.
    parks
        The facts, with their RETC names written as :func:`normalise_name` gives them.

    Returns
    -------
    dict
        Park id -> row positions of the establishments that name it.

    Raises
    ------
    DataError
        Two parks of one municipality share a RETC name (the facts must be unambiguous).
    """
    lookup: dict[tuple[str, str, str], str] = {}
    for park in parks:
        for name in park.retc_names:
            key = (normalise_name(park.state), normalise_name(park.municipality), name)
            if name != normalise_name(name):
                msg = f"park {park.id}: RETC name {name!r} is not normalised"
                raise DataError(msg)
            if key in lookup and lookup[key] != park.id:
                msg = f"RETC name {name!r} names both {lookup[key]} and {park.id}"
                raise DataError(msg)
            lookup[key] = park.id
    hits: dict[str, list[int]] = {p.id: [] for p in parks}
    states = [normalise_name(RETC_STATES.get(str(s), str(s))) for s in retc["estado"]]
    for pos, (state, mun, park_field, colonia) in enumerate(
        zip(states, retc["municipio"], retc["parqueindustrial"], retc["colonia"], strict=True)
    ):
        mun_n = normalise_name(mun)
        for name in (normalise_name(park_field), colonia_name(colonia)):
            found = lookup.get((state, mun_n, name)) if name else None
            if found is not None:
                hits[found].append(pos)
                break
    return hits


def locate_park(
    lon: Sequence[float] | pd.Series,
    lat: Sequence[float] | pd.Series,
    ids: Sequence[str],
    anchor: tuple[float, float, float] | None = None,
) -> ParkLocation:
    """The median point of a park's establishments and its honest accuracy.

    Parameters
    ----------
    lon, lat
        The establishments' coordinates (EPSG:4326).
    ids
        Their RETC numbers, to list the ones left out.
    anchor
        The author's placement ``(lon, lat, accuracy_m)``, if any. Two establishments more
        than ``OUTLIER_FLOOR_M`` apart cannot say which of them is misplaced; when the
        author's placement lies within its stated accuracy of exactly one of them, that one is
        kept (the other is listed as left out), else both are used.

    Returns
    -------
    ParkLocation
    """
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    if len(x) == 0:
        msg = "no establishment to locate a park with"
        raise DataError(msg)
    keep = np.ones(len(x), dtype=bool)

    def spread(mask: np.ndarray) -> tuple[float, float, np.ndarray]:
        mx, my = float(np.median(x[mask])), float(np.median(y[mask]))
        _, _, dist = geod.inv(np.full(len(x), mx), np.full(len(x), my), x, y)
        return mx, my, np.asarray(dist, dtype=float)

    mx, my, dist = spread(keep)
    if len(x) == 2 and anchor is not None and 2 * float(dist.max()) > OUTLIER_FLOOR_M:
        _, _, to_anchor = geod.inv(np.full(2, anchor[0]), np.full(2, anchor[1]), x, y)
        near = np.asarray(to_anchor, dtype=float) <= anchor[2]
        if int(near.sum()) == 1:
            keep = near
            mx, my, dist = spread(keep)
    if len(x) >= 3:
        limit = max(OUTLIER_FLOOR_M, OUTLIER_FACTOR * float(np.median(dist)))
        keep = dist <= limit
        mx, my, dist = spread(keep)
    used = int(keep.sum())
    if used == 1:
        accuracy = SINGLE_ACCURACY_M
    else:
        # whole metres first, so that 500.0001 m does not round up to 600
        accuracy = max(MIN_ACCURACY_M, math.ceil(round(float(dist[keep].max())) / 100) * 100.0)
    dropped = tuple(str(i) for i, k in zip(ids, keep, strict=True) if not k)
    return ParkLocation(round(mx, 6), round(my, 6), accuracy, used, dropped)


def build_parks_table(
    parks: Sequence[ParkFact],
    retc: pd.DataFrame,
    municipality_of: Any,
    corridors: pd.DataFrame,
    wage_zones: pd.DataFrame,
) -> tuple[pd.DataFrame, list[str]]:
    """The parks table and the lines of its build record.

    Parameters
    ----------
    parks
        The hand-written facts.
    retc
        RETC 2022 establishments: ``nra``, ``estado``, ``municipio``, ``parqueindustrial``,
        ``colonia``, ``lon``, ``lat``.
    municipality_of
        Callable ``(lon, lat) -> (cvegeo array, name array)`` giving the INEGI municipality of
        points.
    corridors
        ``corridors.csv`` (``corridor``, ``states``, optional ``municipalities``: a park in a
        municipality a corridor carves out of its state belongs to that corridor).
    wage_zones
        ``wage_zones.csv`` (``municipality_code``, ``zone``, ``min_wage_mxn_day``).

    Returns
    -------
    tuple
        The table (sorted by id) and the build-record lines.
    """
    from pyproj import Geod

    ids = [p.id for p in parks]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        msg = f"park ids repeated in the facts: {dupes}"
        raise DataError(msg)
    from siteselect.layers.corridors import list_municipality_codes, split_members

    corridor_of = {
        state: str(rec["corridor"])
        for rec in corridors.to_dict("records")
        for state in split_members(rec["states"])
    }
    carved = list_municipality_codes(corridors)
    zone = wage_zones.set_index("municipality_code")
    hits = match_establishments(retc, parks)
    geod = Geod(ellps="WGS84")
    rows: list[dict[str, object]] = []
    record: list[str] = []
    moves: dict[str, float] = {}
    for park in sorted(parks, key=lambda p: p.id):
        found = hits[park.id]
        if park.state not in corridor_of:
            msg = f"park {park.id}: state {park.state!r} is in no corridor"
            raise DataError(msg)
        if found:
            sub = retc.iloc[found]
            anchor = (park.lon, park.lat, park.accuracy_m) if park.listed_by_author else None
            loc = locate_park(sub["lon"], sub["lat"], sub["nra"].astype(str).tolist(), anchor)
            lon, lat, accuracy = loc.lon, loc.lat, loc.accuracy_m
            extra = f"; {len(loc.dropped)} more left out as misplaced" if loc.dropped else ""
            noun = "establishment" if loc.used == 1 else "establishments"
            coord_source = f"median of {loc.used} SEMARNAT RETC 2022 {noun} naming the park{extra}"
            n_est = loc.used
            _, _, moved = geod.inv(park.lon, park.lat, lon, lat)
            if loc.dropped:
                record.append(f"- `{park.id}`: left out {', '.join(loc.dropped)}")
            if park.listed_by_author:
                moves[park.id] = float(moved) / 1000.0
        else:
            lon, lat, accuracy = park.lon, park.lat, park.accuracy_m
            coord_source = park.placement
            n_est = 0
            record.append(f"- `{park.id}`: no RETC establishment names it; author's placement")
        codes, names = municipality_of([lon], [lat])
        code, municipality = str(codes[0]), str(names[0])
        if normalise_name(municipality) != normalise_name(park.municipality):
            record.append(
                f"- `{park.id}`: point lies in {municipality} (RETC/author: {park.municipality})"
            )
        if code not in zone.index:
            msg = f"park {park.id}: municipality {code} is not in wage_zones.csv"
            raise DataError(msg)
        if n_est:
            source = f"named by {n_est} SEMARNAT RETC 2022 establishment record(s)"
        else:
            source = "not named in SEMARNAT RETC 2022 records"
        source = ("author's knowledge of the park; " if park.listed_by_author else "") + source
        if park.developer:
            source += f"; developer {park.developer} (developer listings)"
        rows.append(
            {
                "id": park.id,
                "name": park.name,
                "developer": park.developer,
                "municipality": municipality,
                "municipality_code": code,
                "state": park.state,
                "corridor": carved.get(code) or corridor_of[park.state],
                "lon": f"{lon:.6f}",
                "lat": f"{lat:.6f}",
                "accuracy_m": str(int(accuracy)),
                "coord_source": coord_source,
                "n_establishments": str(n_est),
                "source": source,
                "rail_spur": "true" if park.rail_spur_source else "",
                "rail_spur_source": park.rail_spur_source,
                "wage_zone": str(zone.loc[code, "zone"]),
                "min_wage_mxn_day": f"{float(str(zone.loc[code, 'min_wage_mxn_day'])):.2f}",
            }
        )
    if moves:
        far = max(moves, key=lambda k: moves[k])
        record.insert(
            0,
            f"- the author's own placements of {len(moves)} parks lie "
            f"{float(np.median(list(moves.values()))):.1f} km from the RETC median at the median, "
            f"{moves[far]:.1f} km at most (`{far}`); they are used only where RETC names nothing",
        )
    return pd.DataFrame(rows), record


def summarise_accuracy(accuracy_m: Iterable[float], located: Iterable[bool]) -> str:
    """One line on the parks' stated accuracies (for the build record and the data check)."""
    acc = np.asarray(list(accuracy_m), dtype=float)
    loc = np.asarray(list(located), dtype=bool)
    if len(acc) == 0:
        return "no parks"
    return (
        f"{int(loc.sum())} of {len(acc)} parks at the median of the RETC establishments naming "
        f"them; stated accuracy median {np.median(acc) / 1000:.1f} km, max "
        f"{acc.max() / 1000:.1f} km"
    )
