"""Shared fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import geopandas as gpd

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' disk cache (road graphs) out of the user's home."""
    os.environ.setdefault("SITESELECT_CACHE_DIR", tempfile.mkdtemp(prefix="siteselect-cache-"))


SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real reference data folder; tests using it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA


@pytest.fixture
def alternatives_csv(tmp_path: Path) -> Path:
    """A table of alternatives without coordinates (attribute criteria only)."""
    path = tmp_path / "alts.csv"
    path.write_text(
        "id,name,cost,quality,risk\n"
        "a,Alpha,100,7,0.2\n"
        "b,Bravo,80,5,0.4\n"
        "c,Charlie,120,9,0.1\n"
        "d,Delta,90,6,0.3\n",
        encoding="utf-8",
    )
    return path


def write_config(tmp_path: Path, text: str, name: str = "search.toml") -> Path:
    """Write a TOML config into the test folder and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tiny_states() -> gpd.GeoDataFrame:
    """Two side-by-side "states" in central Mexico, Alpha (lon -101..-100) and Beta (-100..-99),
    lat 21..22, in EPSG:6372."""
    import geopandas as gpd
    from shapely.geometry import box

    frame = gpd.GeoDataFrame(
        {"state_code": ["01", "02"], "state": ["Alpha", "Beta"], "state_inegi": ["A", "B"]},
        geometry=[box(-101.0, 21.0, -100.0, 22.0), box(-100.0, 21.0, -99.0, 22.0)],
        crs="EPSG:4326",
    )
    return frame.to_crs("EPSG:6372")


def write_tiny_data(folder: Path) -> Path:
    """A complete, valid data folder in miniature: every file ``siteselect data check`` reads."""
    import geopandas as gpd
    import numpy as np
    import rasterio
    from rasterio.transform import Affine
    from shapely.geometry import LineString

    folder.mkdir(parents=True, exist_ok=True)
    tiny_states().to_file(folder / "states.gpkg", layer="states")
    line = gpd.GeoDataFrame(
        {"length_km": [104.0], "source": ["t"]},
        geometry=[LineString([(-100.9, 21.5), (-99.1, 21.5)])],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372")
    line.to_file(folder / "highways.gpkg")
    line.to_file(folder / "railways.gpkg")
    grid = gpd.GeoDataFrame(
        {"id": ["l1"], "voltage_kv": [230.0], "length_km": [104.0], "source": ["t"]},
        geometry=[LineString([(-100.9, 21.6), (-99.1, 21.6)])],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372")
    grid.to_file(folder / "power_lines.gpkg", layer="power_lines")
    with rasterio.open(
        folder / "solar_ghi_clearsky.tif",
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(1.0, 0.0, -101.0, 0.0, -0.5, 22.0),
    ) as ds:
        ds.write(np.full((1, 2, 2), 2500.0, dtype="float32"))
    texts = {
        "corridors.csv": (
            "corridor,name,states,municipalities,notes,source\nc1,One,Alpha,,,t\nc2,Two,Beta,,,t\n"
        ),
        "cities.csv": (
            "id,name,state,state_code,population,lon,lat,source\n"
            "1,Town,Alpha,01,1000,-100.5,21.5,t\n"
        ),
        "airports.csv": (
            "id,icao,name,city,state,cargo_hub,lon,lat,source\n"
            "AAA,MMAA,A,Town,Alpha,true,-100.5,21.4,t\n"
        ),
        "seaports.csv": (
            "id,name,state,coast,lon,lat,accuracy_m,source\n"
            "MXAAA,Port,Beta,Gulf,-99.05,21.5,1000,t\n"
        ),
        "border_crossings.csv": (
            "id,name,name_mx,name_us,city_mx,city_us,state,us_state,mode,commercial,"
            "trucks_northbound,trucks_year,lon,lat,accuracy_m,source\n"
            "x1,X,X,X,Xm,Xu,Beta,Texas,road,true,,,-99.0,21.5,1000,t\n"
        ),
        "parks.csv": (
            "id,name,developer,municipality,municipality_code,state,corridor,lon,lat,accuracy_m,"
            "coord_source,n_establishments,source,rail_spur,rail_spur_source,wage_zone,"
            "min_wage_mxn_day\n"
            "p1,Park One,,M,01001,Alpha,c1,-100.5,21.5,1000,retc,2,t,,,general,315.04\n"
            "p2,Park Two,Dev,M,02001,Beta,c2,-99.5,21.5,1500,retc,3,t,true,press,zlfn,440.87\n"
        ),
        "population.csv": (
            "id,name,municipality_code,municipality,state,state_code,population,"
            "population_geonames,kind,lon,lat,source\n"
            "g1,Town,01001,M,Alpha,01,900,1000,place,-100.5,21.5,t\n"
            "m02001,M,02001,M,Beta,02,500,0,municipality,-99.5,21.5,t\n"
        ),
        "population_municipalities.csv": (
            "cvegeo,municipality,state,state_code,year,population,places,source\n"
            "01001,M,Alpha,01,2026,900,1,t\n"
            "02001,M,Beta,02,2026,500,1,t\n"
        ),
        "establishments.csv": (
            "id,scian,scian_sector,scian_rama,scian_subsector,sector,state,municipality_code,"
            "municipality,park,lon,lat,source\n"
            "E1,336390,33,3363,336,Automotriz,Alpha,01001,M,Park One,-100.5,21.45,t\n"
        ),
        "power_substations.csv": (
            "id,name,operator,state,voltage_kv,voltage_from,lon,lat,source\n"
            "s1,,CFE,Alpha,230.0,lines,-100.6,21.6,t\n"
        ),
        "wage_zones.csv": (
            "municipality_code,municipality,state_inegi,zone,min_wage_mxn_day,year,source\n"
            "01001,M,A,general,315.04,2026,t\n"
            "02001,M,B,zlfn,440.87,2026,t\n"
        ),
    }
    cols = texts["parks.csv"].splitlines()[0].split(",")
    texts["parks_columns.csv"] = "column,unit,status,description,source\n" + "".join(
        f"{c},,sourced,d,s\n" for c in cols
    )
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
