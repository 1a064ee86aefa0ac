"""Build data/neighbours.gpkg: the land of Mexico's neighbours (the United States, Guatemala,
Belize), for maps that tell the neighbour country from the sea.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped inside the
``pyogrio`` wheel (``pyogrio/tests/fixtures/naturalearth_lowres``), a dependency of geopandas.
Natural Earth's 1:110m border is coarse (kilometres off INEGI's), so the neighbours are grown
by 20 km where they meet Mexico and Mexico (the union of ``states.gpkg``) is cut out of them:
the two share INEGI's border exactly, with no sea-coloured sliver between them. Coasts away
from Mexico stay Natural Earth's.

Run: ``python tools/build_neighbours.py [--out data]`` (no network).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

COUNTRIES = ("United States of America", "Guatemala", "Belize")
GROW_M = 20_000.0
BOX_4326 = (-125.0, 10.0, -80.0, 38.0)
CRS = "EPSG:6372"


def build(out: Path) -> Path:
    import geopandas as gpd
    import pyogrio
    import shapely

    folder = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    world = gpd.read_file(folder / "naturalearth_lowres.shp")
    rows = world.loc[world["name"].isin(COUNTRIES)].copy()
    rows["geometry"] = rows.geometry.clip(shapely.box(*BOX_4326))
    rows = rows.to_crs(CRS)
    states = gpd.read_file(out / "states.gpkg").to_crs(CRS)
    mexico = shapely.union_all(states.geometry.to_numpy())
    border_zone = mexico.buffer(GROW_M)
    geoms = []
    for geom in rows.geometry:
        grown = shapely.union(geom, shapely.intersection(geom.buffer(GROW_M), border_zone))
        land = shapely.difference(grown, mexico)
        geoms.append(shapely.set_precision(land.simplify(500.0), 1.0))
    frame = gpd.GeoDataFrame(
        {
            "country": rows["name"].to_list(),
            "iso_a3": rows["iso_a3"].to_list(),
            "source": "Natural Earth 1:110m admin-0 (public domain) via pyogrio "
            + pyogrio.__version__
            + "; grown 20 km to meet INEGI's border",
        },
        geometry=geoms,
        crs=CRS,
    )
    target = out / "neighbours.gpkg"
    os.environ.setdefault("OGR_CURRENT_DATE", "2026-01-01T00:00:00Z")
    frame.to_file(target, layer="neighbours", driver="GPKG")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args()
    print(f"wrote {build(args.out)}")


if __name__ == "__main__":
    main()
