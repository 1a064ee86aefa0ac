"""Tests for `siteselect layers fetch-osm` (siteselect.layers.osm layers, api.fetch_osm_layers).

A local HTTP server on 127.0.0.1 answers osmnx's Overpass queries with the hand-made
Overpass-format responses in tests/data/overpass/; the real service is never called.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from siteselect.errors import ConfigError, DataError
from siteselect.layers.osm import (
    OSM_WHAT,
    build_osm_layers,
    parse_voltage_kv,
    parse_what,
    read_osm_geopackage_roads,
)
from tests.test_cli import run_main

DATA = Path(__file__).parent / "data" / "overpass"
BBOX = "-102.285,21.860,-102.265,21.875"


def _answer(query: str) -> str:
    """Which recorded response answers an Overpass query (by the tag it asks for)."""
    for key, name in (("power", "power"), ("railway", "rail"), ("landuse", "industrial")):
        if key in query:
            return name
    return "roads"


@pytest.fixture
def overpass(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str], Any]]:
    """A local Overpass stand-in: (url, queries seen, server)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            query = urllib.parse.unquote_plus(self.rfile.read(length).decode("utf-8"))
            seen.append(query)
            body = (DATA / f"{_answer(query)}.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api", seen, server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_recorded_responses_are_small() -> None:
    assert sum(p.stat().st_size for p in DATA.glob("*.json")) < 50_000


def test_fetch_osm_writes_every_layer_then_runs_from_the_cache(
    overpass: tuple[str, list[str], Any], tmp_path: Path
) -> None:
    import geopandas as gpd
    import pyogrio

    url, seen, server = overpass
    out = tmp_path / "area.gpkg"
    cache = tmp_path / "cache"
    args = ["layers", "fetch-osm", "--bbox", BBOX, "--what", ",".join(OSM_WHAT)]
    args += ["--overpass-url", url, "--cache-dir", str(cache), "-o", str(out)]
    code, stdout, err = run_main(args)
    assert code == 0, err
    assert stdout == ""
    assert "wrote area.gpkg: roads 4, power_lines 2, substations 2, rail 1, industrial 1" in err
    assert "OpenStreetMap: roads (1/4)" in err and "OpenStreetMap: industrial (4/4)" in err
    assert len(seen) == 4
    names = [str(n) for n, _ in pyogrio.list_layers(out)]
    assert names == ["roads", "power_lines", "substations", "rail", "industrial"]

    roads = gpd.read_file(out, layer="roads")
    assert roads.crs.to_epsg() == 4326
    # --roads major: the motorway and the primary road (both directions), not the residential
    # street or the footway; truck speeds by class, minutes = km / speed.
    assert sorted(set(roads["highway"])) == ["motorway", "primary"]
    speeds = dict(zip(roads["highway"], roads["speed_kph"], strict=True))
    assert speeds == {"motorway": 80.0, "primary": 60.0}
    assert np.allclose(roads["drive_min"], roads["length_km"] / roads["speed_kph"] * 60)
    lines = gpd.read_file(out, layer="power_lines").set_index("id")
    assert lines.loc["way/301", "voltage_kv"] == 400.0  # the highest of "400000;230000"
    assert lines.loc["way/302", "voltage_kv"] == pytest.approx(13.8)
    subs = gpd.read_file(out, layer="substations").set_index("id")
    assert set(subs.geom_type) == {"Point"}  # the polygon becomes a point inside it
    assert subs.loc["way/303", "name"] == "Subestación Prueba"
    assert subs.loc["node/19", "voltage_kv"] == 115.0
    industrial = gpd.read_file(out, layer="industrial")
    # 0.002° x 0.002° at 21.87° N: 207 m x 221 m ≈ 4.6 ha.
    assert industrial.loc[0, "area_ha"] == pytest.approx(4.6, rel=0.03)

    # Second run, the server gone: everything comes from the cache folder.
    server.shutdown()
    again = tmp_path / "again.gpkg"
    args[-1] = str(again)
    code, _, err = run_main(args)
    assert code == 0, err
    assert len(seen) == 4
    assert len(gpd.read_file(again, layer="roads")) == len(roads)


def test_the_geopackage_feeds_a_search_and_validates(
    overpass: tuple[str, list[str], Any], tmp_path: Path
) -> None:
    url, _seen, _server = overpass
    out = tmp_path / "area.gpkg"
    args = ["layers", "fetch-osm", "--bbox", BBOX, "--what", "roads,power", "--roads", "drive"]
    code, _, err = run_main(
        [*args, "--overpass-url", url, "--cache-dir", str(tmp_path / "c"), "-o", str(out)]
    )
    assert code == 0, err
    edges = read_osm_geopackage_roads(out)
    assert edges.crs.to_epsg() == 6372
    assert "residential" in set(edges["highway"])  # --roads drive keeps every drivable class

    code, stdout, err = run_main(["layers", "validate", str(out), "--format", "json"])
    assert code == 0, err
    doc = json.loads(stdout)
    assert [r["layer"] for r in doc["layers"]] == ["roads", "power_lines", "substations"]
    assert all(r["usable"] and r["crs"] == "EPSG:4326" for r in doc["layers"])

    (tmp_path / "sites.csv").write_text(
        "id,name,lon,lat\nw,West,-102.2795,21.8652\ne,East,-102.2702,21.8698\n", encoding="utf-8"
    )
    (tmp_path / "s.toml").write_text(
        '[search]\nmethod = "wsm"\ncorridors = ["all"]\n[candidates]\npath = "sites.csv"\n'
        '[network]\nosm_path = "area.gpkg"\n'
        '[[criteria]]\nname = "substation"\nmeasure = "drive_time"\n'
        'to = { path = "area.gpkg", layer = "substations" }\ndirection = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    code, stdout, err = run_main(["rank", "-c", str(tmp_path / "s.toml"), "-f", "json"])
    assert code == 0, err
    doc = json.loads(stdout)
    # East sits next to the substation polygon; West is ~1 km away by road.
    assert [r["id"] for r in doc["results"]] == ["e", "w"]
    nearest = doc["results"][0]["criteria"]["substation"]
    assert nearest["unit"] == "min"
    assert any("area.gpkg" in line and "OpenStreetMap" in line for line in doc["provenance"])
    assert not any(str(tmp_path) in line for line in doc["provenance"])


def test_offline_twin_reads_an_osm_file(shared_data: Path, tmp_path: Path) -> None:
    """The same builders from a real .osm extract (no network): roads and nothing else."""
    path = shared_data / "osm" / "aguascalientes.osm.bz2"
    if not path.exists():
        pytest.skip("aguascalientes.osm.bz2 is absent")
    out = tmp_path / "ags.gpkg"
    args = ["layers", "fetch-osm", "--osm-file", str(path), "--what", "roads,rail"]
    code, _, err = run_main([*args, "--roads", "drive", "-o", str(out)])
    assert code == 0, err
    assert "roads 1,401" in err  # the drivable edges of test_osm.test_read_aguascalientes


def test_fetch_osm_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "x.gpkg"
    out.write_bytes(b"earlier")
    cases = [
        (["--bbox", BBOX, "--corridor", "bajio"], 2, "either --corridor NAME or --bbox"),
        (["--bbox", "1,2,3"], 2, "needs 4 numbers"),
        (["--bbox", "a,b,c,d"], 2, "four numbers"),
        (["--corridor", "yucatan"], 2, "unknown corridor 'yucatan'"),
        (["--bbox", BBOX, "--what", "roads,pipes"], 2, "--what: pipes given"),
        # a degree too many: thousands of Overpass queries (refused before any request)
        (["--bbox", "-110,15,-90,30"], 2, "covers 3,381,161 km², more than the 400,000"),
        (["--corridor", "other"], 2, "corridor 'other' covers"),
    ]
    for extra, expected, message in cases:
        code, _, err = run_main(["layers", "fetch-osm", *extra, "-o", str(out), "--force"])
        assert code == expected, (extra, err)
        assert message in err and len(err.strip().splitlines()) == 1, err
        assert out.read_bytes() == b"earlier"
    code, _, err = run_main(["layers", "fetch-osm", "--bbox", BBOX, "-o", str(out)])
    assert code == 2 and "exists; use --force" in err


def test_builders_are_pure_and_parse_voltages() -> None:
    import geopandas as gpd

    assert parse_voltage_kv("400000;230000") == 400.0
    assert parse_voltage_kv("13800") == 13.8
    assert np.isnan(parse_voltage_kv(None))
    assert np.isnan(parse_voltage_kv("unknown"))
    assert parse_what("roads, power") == ("roads", "power")
    with pytest.raises(ConfigError):
        parse_what("")
    empty = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
    layers = build_osm_layers({"power": empty, "rail": empty, "industrial": empty})
    assert {k: len(v) for k, v in layers.items()} == {
        "power_lines": 0,
        "substations": 0,
        "rail": 0,
        "industrial": 0,
    }


def test_osm_path_geopackage_without_roads(tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    path = tmp_path / "other.gpkg"
    gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(-100, 20)], crs="EPSG:4326").to_file(
        path, layer="sites"
    )
    with pytest.raises(DataError, match="has no 'roads' layer"):
        read_osm_geopackage_roads(path)
