"""Drive-time isochrones of one candidate, credited to OpenStreetMap."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.candidates import find_id, read_candidates
from siteselect.config import SearchConfig
from siteselect.context import build_access_leg, read_road_graph
from siteselect.errors import DataError
from siteselect.layers.store import LayerStore

if TYPE_CHECKING:
    import geopandas as gpd


ISOCHRONE_ATTRIBUTION = (
    "roads: © OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright); "
    "drive times: siteselect"
)
"""Credit carried by every isochrone polygon (they derive from OpenStreetMap roads)."""


def build_isochrones(
    config: SearchConfig, key: str, minutes: Sequence[float], *, data_dir: Path | None = None
) -> gpd.GeoDataFrame:
    """Drive-time isochrones of one candidate, on the config's road network and access leg.

    Returns one polygon per time in EPSG:4326, exterior rings counter-clockwise (RFC 7946),
    with columns ``park_id``, ``minutes`` and ``attribution`` (the polygons derive from
    OpenStreetMap roads: ODbL asks that every output credit them).
    """
    import shapely

    from siteselect import network
    from siteselect.constants import GEOGRAPHIC_CRS

    store = LayerStore(data_dir)
    candidates = read_candidates(config, store)
    if not candidates.has_location:
        msg = "the candidates have no locations: no isochrones to draw"
        raise DataError(msg)
    # Every candidate, whatever the corridors: those outside them are listed with --corridor all.
    cid = find_id(candidates.frame, key, listing="siteselect rank --corridor all")
    position = candidates.position(cid)
    origin = candidates.xy()[position]
    iso = network.build_isochrones(
        read_road_graph(config, store), origin, minutes, access=build_access_leg(config)
    )
    iso.insert(0, "park_id", cid)
    out = iso.to_crs(GEOGRAPHIC_CRS)
    geoms = shapely.make_valid(out.geometry.to_numpy())
    out["geometry"] = shapely.orient_polygons(geoms, exterior_cw=False)
    out["attribution"] = ISOCHRONE_ATTRIBUTION
    return out
