"""OpenStreetMap layers of a corridor or a bbox (downloaded, cached), or of a ``.osm`` file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.errors import ConfigError
from siteselect.layers.store import LayerStore

if TYPE_CHECKING:
    import geopandas as gpd


def fetch_osm_layers(
    what: str | Sequence[str],
    *,
    corridor: str | None = None,
    bbox: str | Sequence[float] | None = None,
    roads: str = "major",
    osm_file: Path | None = None,
    cache_dir: Path | None = None,
    overpass_url: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    data_dir: Path | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """OpenStreetMap layers of a corridor or a bbox (downloaded, cached), or of a ``.osm`` file.

    Parameters
    ----------
    what
        Some of ``roads``, ``power``, ``rail``, ``industrial`` (a list or ``"roads,power"``).
    corridor, bbox
        The area: a corridor's name, or ``(west, south, east, north)`` degrees (or that text).
    roads
        ``major`` or ``drive`` road classes.
    osm_file
        Read this ``.osm``/``.osm.bz2`` file instead of downloading (no area needed).
    cache_dir
        Where osmnx caches Overpass answers; default ``<siteselect cache>/osmnx``.
    overpass_url
        Another Overpass server.
    progress
        Called with (part, done, total) as each part starts.
    data_dir
        Folder of the embedded data (the corridor polygons).

    Returns
    -------
    dict
        Layer name -> GeoDataFrame in EPSG:6372 (see
        :func:`siteselect.layers.osm.build_osm_layers`).
    """
    from siteselect.layers import cache, osm

    parts = osm.parse_what(what)
    if osm_file is not None:
        if corridor is not None or bbox is not None:
            msg = "--osm-file reads the whole file; give no --corridor or --bbox with it"
            raise ConfigError(msg)
        return osm.read_osm_layers(osm_file, parts, roads=roads)
    corridors = LayerStore(data_dir).layer("corridors") if corridor is not None else None
    area = osm.build_osm_area(corridor, bbox, corridors)
    if cache_dir is None:
        base = cache.cache_dir()
        cache_dir = base / "osmnx" if base is not None else None
    return osm.download_osm_layers(
        area, parts, cache_dir, roads=roads, overpass_url=overpass_url, progress=progress
    )
