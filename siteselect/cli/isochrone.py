"""`siteselect isochrone`: export a park's drive-time isochrones as GeoJSON."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from siteselect.errors import ConfigError, DataError, SiteselectWarning

if TYPE_CHECKING:
    import geopandas as gpd


def _read_layer(name: str) -> gpd.GeoDataFrame:
    """Read an embedded layer (a seam for tests)."""
    from siteselect.layers import read_layer

    return read_layer(name)


def parse_minutes(text: str) -> list[float]:
    """Parse ``"30,45,60"`` into sorted, distinct positive minutes.

    Parameters
    ----------
    text
        Comma-separated drive times in minutes.

    Returns
    -------
    list of float
        The times, ascending, without repeats.
    """
    values: set[float] = set()
    for part in text.split(","):
        item = part.strip()
        try:
            value = float(item)
        except ValueError:
            msg = f"--minutes: {item!r} is not a number; give minutes like 30,45,60"
            raise ConfigError(msg) from None
        if not (0 < value <= 24 * 60):
            msg = f"--minutes: {item} is out of range; give minutes between 0 and 1440"
            raise ConfigError(msg)
        values.add(value)
    return sorted(values)


def build_park_isochrones(
    parks: gpd.GeoDataFrame, highways: gpd.GeoDataFrame, park_id: str, minutes: list[float]
) -> gpd.GeoDataFrame:
    """Isochrones of one park, in EPSG:4326, with columns ``park_id`` and ``minutes``.

    Parameters
    ----------
    parks
        Parks layer (``id`` column or index), EPSG:6372 points.
    highways
        Road edges for :func:`siteselect.network.build_road_graph`.
    park_id
        The park's ``id``.
    minutes
        Drive times.

    Returns
    -------
    geopandas.GeoDataFrame
        One polygon per time, EPSG:4326, exterior rings counter-clockwise (RFC 7946).
    """
    import shapely

    from siteselect.network import build_isochrones, build_road_graph

    ids = parks["id"].astype(str) if "id" in parks.columns else parks.index.astype(str)
    match = parks.loc[(ids == park_id).to_numpy()]
    if match.empty:
        sample = ", ".join(list(ids[:5]))
        msg = f"unknown park id {park_id!r}; known ids include {sample} (see `siteselect rank`)"
        raise ConfigError(msg)
    point = match.geometry.iloc[0]
    if point is None or point.is_empty:
        msg = f"parks: park {park_id!r} has no location; fix the parks layer"
        raise DataError(msg)
    centre = shapely.centroid(point)
    graph = build_road_graph(highways)
    iso = build_isochrones(graph, [centre.x, centre.y], minutes)
    iso.insert(0, "park_id", park_id)
    out = iso.to_crs("EPSG:4326")
    geoms = shapely.make_valid(out.geometry.to_numpy())
    out["geometry"] = shapely.orient_polygons(geoms, exterior_cw=False)
    return out


def render_geojson(frame: gpd.GeoDataFrame) -> str:
    """RFC 7946 GeoJSON text (EPSG:4326 coordinates, no ``crs`` member)."""
    data: dict[str, Any] = json.loads(frame.to_json(drop_id=True))
    data.pop("crs", None)
    return json.dumps(data, ensure_ascii=False)


@click.command()
@click.argument("park_id")
@click.option(
    "--minutes",
    "minutes_text",
    default="30,45,60",
    show_default=True,
    help="Comma-separated drive times in minutes.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="GeoJSON file to write; stdout when omitted or '-'.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def isochrone(park_id: str, minutes_text: str, output: Path | None, force: bool) -> None:
    """Export a park's truck drive-time isochrones as GeoJSON (EPSG:4326).

    Drive times run on the embedded highway network at a truck speed; the park and every
    point reach the network by a local access leg.

    \b
    Example:
      siteselect isochrone PARK_ID --minutes 30,45,60 -o park.geojson
    """
    from siteselect.report import check_writable, write_text

    minutes = parse_minutes(minutes_text)
    if output is not None and str(output) != "-":
        check_writable(output, force=force)  # before any work
    parks = _read_layer("parks")
    highways = _read_layer("highways")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SiteselectWarning)
        frame = build_park_isochrones(parks, highways, park_id, minutes)
    for warning in caught:
        click.echo(f"Warning: {warning.message}", err=True)
    text = render_geojson(frame)
    if output is None or str(output) == "-":
        sys.stdout.write(text + "\n")
        return
    write_text(output, text + "\n", force=force)
    click.echo(f"Wrote {len(frame)} isochrones of {park_id} to {output}", err=True)
