"""Corridors: the table of ``corridors.csv`` turned into one polygon per corridor.

A corridor is a set of whole states plus, where a state is split, municipalities carved out of
it (``municipalities``: INEGI CVEGEO codes; their polygons are in
``corridor_municipalities.gpkg``). A listed municipality belongs to its corridor even though its
state is listed by another: that corridor keeps the rest of the state. The embedded table tiles
Mexico (``other`` holds every state no manufacturing corridor claims).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from siteselect.errors import DataError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

CORRIDOR_MUNICIPALITIES_FILE = "corridor_municipalities.gpkg"
"""The polygons of the municipalities corridors name (layer ``municipalities``)."""

CORRIDOR_MUNICIPALITIES_LAYER = "municipalities"


def split_members(text: object) -> list[str]:
    """The ``;``-separated members of a ``states`` or ``municipalities`` cell, stripped."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def list_municipality_codes(table: pd.DataFrame) -> dict[str, str]:
    """Municipality code -> corridor, for every municipality the table carves out."""
    if "municipalities" not in table.columns:
        return {}
    return {
        code: str(rec["corridor"])
        for rec in table.to_dict("records")
        for code in split_members(rec.get("municipalities"))
    }


def build_corridor_polygons(
    table: pd.DataFrame,
    states: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One polygon per corridor: its states, less the municipalities others carve out, plus
    its own.

    Parameters
    ----------
    table
        ``corridors.csv`` as text: ``corridor``, ``states``, optional ``municipalities``.
    states
        The states layer (``state``, EPSG:6372).
    municipalities
        The municipalities the table names (``municipality_code``, EPSG:6372); needed only
        when it names any.

    Returns
    -------
    geopandas.GeoDataFrame
        The table's rows with their polygon, in the states' CRS.

    Raises
    ------
    DataError
        The table names an unknown state or a municipality without a polygon.
    """
    import geopandas as gpd
    import shapely

    known = set(states["state"].astype(str))
    carved = list_municipality_codes(table)
    shapes: Mapping[str, Any] = {}
    if carved:
        if municipalities is None:
            msg = (
                f"corridors.csv names municipalities ({', '.join(sorted(carved))}) but "
                f"{CORRIDOR_MUNICIPALITIES_FILE} is missing; run `make data`"
            )
            raise DataError(msg)
        shapes = dict(
            zip(
                municipalities["municipality_code"].astype(str),
                municipalities.to_crs(states.crs).geometry,
                strict=True,
            )
        )
        missing = sorted(set(carved) - set(shapes))
        if missing:
            msg = (
                f"corridors.csv names municipalities {missing} that "
                f"{CORRIDOR_MUNICIPALITIES_FILE} lacks; run `make data`"
            )
            raise DataError(msg)
    rows = []
    for record in table.to_dict("records"):
        cid = str(record["corridor"])
        names = split_members(record["states"])
        unknown = sorted(set(names) - known)
        if unknown:
            msg = (
                f"corridors.csv: corridor {cid!r} names unknown states {unknown}; "
                f"use the `state` names of the states layer"
            )
            raise DataError(msg)
        geom = states.loc[states["state"].isin(names)].geometry.union_all()
        others = [shapes[c] for c, owner in carved.items() if owner != cid]
        own = [shapes[c] for c, owner in carved.items() if owner == cid]
        if others:
            geom = shapely.difference(geom, shapely.union_all(others))
        if own:
            geom = shapely.union_all([geom, *own])
        rows.append({**record, "geometry": geom})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=states.crs)
