"""Metros: which metropolitan area (SEDATU–CONAPO–INEGI 2020) each candidate belongs to.

Every candidate carries a ``metro`` (a group id) and a ``metro_name``, set once where the
candidates are read, so that the shortlist rule and the back-test read them instead of
recomputing them. The municipality comes from the candidate's own ``municipality_code`` (the
embedded parks have one), else from the nearest point of the ``population`` layer within
:data:`METRO_RADIUS_KM` (those points carry ``municipality_code``). A municipality in a metro
gives that metro; any other municipality is a group of its own (``mun-<code>``, "Municipio de
X"); a candidate whose municipality is unknown is a group of its own id. A user's file with its
own ``metro`` column keeps it (and ``metro_name`` where given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import geopandas as gpd

METRO_RADIUS_KM = 5.0
"""A candidate takes the municipality of the nearest ``population`` point within this distance
(km, EPSG:6372); beyond it (open country, a wrong coordinate) its municipality is unknown."""

MUNICIPALITY_PREFIX = "mun-"
"""Group id of a municipality in no metro: ``mun-<CVEGEO>``."""


def read_code(value: Any) -> str | None:
    """A municipality code cell as a 5-digit CVEGEO, or ``None`` (blank, not a code)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(5) if text.isdigit() and len(text) <= 5 else None


@dataclass(frozen=True)
class MunicipalityPoints:
    """The ``population`` layer as :func:`find_municipalities` looks points up in it: built
    once per layer file (:func:`build_municipality_points`, held by the layer store) and
    shared, so nothing in it is ever changed.

    Attributes
    ----------
    tree
        A k-d tree of the points (metres, EPSG:6372); ``None`` for a layer without points.
    codes
        Each point's ``municipality_code`` as text, then ``None`` (the position a query
        without a point within its radius returns): a read-only array.
    """

    tree: Any
    codes: Any


def build_municipality_points(population: gpd.GeoDataFrame) -> MunicipalityPoints:
    """The ``population`` layer (points in EPSG:6372 with a ``municipality_code``) as
    :class:`MunicipalityPoints`: the tree of its 34,000 points costs more than the look-up
    of a thousand candidates."""
    from scipy.spatial import cKDTree

    points = np.column_stack([population.geometry.x.to_numpy(), population.geometry.y.to_numpy()])
    text = [str(c) for c in population["municipality_code"].astype(str).tolist()]
    codes = np.array([*text, None], dtype=object)
    codes.flags.writeable = False
    return MunicipalityPoints(cKDTree(points) if len(points) else None, codes)


def find_municipalities(
    xy: np.ndarray,
    population: gpd.GeoDataFrame | MunicipalityPoints,
    radius_km: float = METRO_RADIUS_KM,
) -> list[str | None]:
    """The municipality code of the nearest ``population`` point of each location, or ``None``
    where none lies within ``radius_km``.

    Parameters
    ----------
    xy
        ``(n, 2)`` metres (EPSG:6372).
    population
        Points in EPSG:6372 with a ``municipality_code`` column, or their
        :class:`MunicipalityPoints` (built once a process).
    radius_km
        Largest distance to the point.
    """
    if len(xy) == 0:
        return []
    found = (
        population
        if isinstance(population, MunicipalityPoints)
        else build_municipality_points(population)
    )
    if found.tree is None:
        return [None] * len(xy)
    dist, pos = found.tree.query(xy, k=1, distance_upper_bound=radius_km * 1000.0)
    # a point with none within the radius gets position len(points): the None appended
    nearest = np.where(np.isfinite(dist), pos, len(found.codes) - 1)
    out: list[str | None] = found.codes[nearest].tolist()
    return out


def build_metro_groups(
    ids: pd.Index,
    codes: list[str | None],
    metros: pd.DataFrame,
    municipality_names: Mapping[str, str],
) -> pd.DataFrame:
    """Each candidate's group: its metro, else its municipality, else itself.

    Parameters
    ----------
    ids
        Candidate ids.
    codes
        Each candidate's municipality code (``None`` when unknown).
    metros
        ``metros.csv``: ``metro_id``, ``metro``, ``municipality_code``.
    municipality_names
        CVEGEO -> municipality name, for the groups of municipalities in no metro.

    Returns
    -------
    pandas.DataFrame
        Index ``ids``; columns ``metro`` and ``metro_name``.
    """
    codes_of, ids_of = metros["municipality_code"].tolist(), metros["metro_id"].tolist()
    member = dict(zip(codes_of, ids_of, strict=True))
    names = dict(zip(ids_of, metros["metro"].tolist(), strict=False))
    # Once per municipality, not per candidate (100,000 points lie in a few hundred).
    by_code: dict[str, tuple[str, str]] = {}
    for code in {c for c in codes if c is not None}:
        if code in member:
            by_code[code] = (member[code], names[member[code]])
        else:
            by_code[code] = (
                MUNICIPALITY_PREFIX + code,
                f"Municipio de {municipality_names.get(code, code)}",
            )
    pairs = [
        by_code[code] if code is not None else (str(cid), str(cid))
        for cid, code in zip(ids.tolist(), codes, strict=True)
    ]
    group = [pair[0] for pair in pairs]
    label = [pair[1] for pair in pairs]
    return pd.DataFrame({"metro": group, "metro_name": label}, index=ids)


def assign_metros(
    frame: pd.DataFrame,
    metros: pd.DataFrame,
    municipality_names: Mapping[str, str],
    population: gpd.GeoDataFrame | MunicipalityPoints | None = None,
) -> pd.DataFrame:
    """The candidates with ``metro`` and ``metro_name`` columns (see the module docstring).

    Parameters
    ----------
    frame
        Candidates indexed by id: a GeoDataFrame of points in EPSG:6372, or a plain table.
    metros, municipality_names
        As for :func:`build_metro_groups`.
    population
        The ``population`` layer (or its :class:`MunicipalityPoints`), for candidates without a
        ``municipality_code`` of their own; ``None`` when no candidate needs it.
    """
    n = len(frame)
    own = frame["municipality_code"] if "municipality_code" in frame.columns else None
    codes: list[str | None] = [read_code(v) for v in own] if own is not None else [None] * n
    missing = [i for i, c in enumerate(codes) if c is None]
    if missing and population is not None and "geometry" in frame.columns:
        geoms: Any = frame.geometry if len(missing) == n else frame.geometry.iloc[missing]
        xy = np.column_stack([geoms.x.to_numpy(), geoms.y.to_numpy()])
        for i, code in zip(missing, find_municipalities(xy, population), strict=True):
            codes[i] = code
    groups = build_metro_groups(frame.index, codes, metros, municipality_names)
    if "metro" in frame.columns:  # the user's own grouping wins where given
        given = frame["metro"].astype(object)
        blank = given.isna() | (given.astype(str).str.strip() == "")
        labels = frame["metro_name"] if "metro_name" in frame.columns else given
        labels = labels.where(labels.notna() & ~blank, given)
        groups["metro_name"] = groups["metro_name"].where(blank, labels.astype(str))
        groups["metro"] = groups["metro"].where(blank, given.astype(str))
    return frame.assign(metro=groups["metro"], metro_name=groups["metro_name"])


def needs_population(frame: pd.DataFrame) -> bool:
    """Whether some located candidate has no municipality code of its own."""
    if "geometry" not in frame.columns:
        return False
    if "municipality_code" not in frame.columns:
        return len(frame) > 0
    return any(read_code(v) is None for v in frame["municipality_code"])


def compute_group_population(
    groups: pd.Series, metros: pd.DataFrame, municipalities: pd.DataFrame
) -> pd.Series:
    """The CONAPO population of each candidate's group: the sum over a metro's municipalities,
    a municipality's own total, NaN for a candidate whose municipality is unknown.

    Parameters
    ----------
    groups
        Each candidate's ``metro`` id.
    metros
        ``metros.csv``.
    municipalities
        ``population_municipalities.csv`` (``cvegeo``, ``population``).
    """
    people = dict(
        zip(
            municipalities["cvegeo"].astype(str),
            pd.to_numeric(municipalities["population"]),
            strict=True,
        )
    )
    per_metro: dict[str, float] = {}
    for metro, code in zip(metros["metro_id"], metros["municipality_code"], strict=True):
        per_metro[metro] = per_metro.get(metro, 0.0) + float(people.get(str(code), 0.0))
    out = []
    for group in groups.astype(str):
        if group in per_metro:
            out.append(per_metro[group])
        elif group.startswith(MUNICIPALITY_PREFIX):
            out.append(float(people.get(group[len(MUNICIPALITY_PREFIX) :], np.nan)))
        else:
            out.append(np.nan)
    return pd.Series(out, index=groups.index, dtype=float)
