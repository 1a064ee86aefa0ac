"""Tests for siteselect.layers.osm: the offline OSM reader and the cached Overpass download."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from siteselect.errors import ConfigError, DataError
from siteselect.layers.osm import DRIVABLE_CLASSES, build_osm_edges, download_osm_edges
from siteselect.layers.osm import read_osm_edges as read_osm
from siteselect.network import build_road_graph, compute_drive_to_nearest


def test_read_aguascalientes(shared_data: Path) -> None:
    """The real extract, filtered to drivable roads before simplification.

    FIELD_NOTES quotes 786 nodes / 1,564 edges for filtering osmnx's already simplified graph;
    filtering first (so no footway is merged into a road) gives 682 / 1,401.
    """
    path = shared_data / "osm" / "aguascalientes.osm.bz2"
    if not path.exists():
        pytest.skip("aguascalientes.osm.bz2 is absent")
    edges = read_osm(path)
    nodes = set(edges["u"]) | set(edges["v"])
    assert len(edges) == 1401
    assert len(nodes) == 682
    assert edges.crs.to_epsg() == 6372
    assert set(edges["highway"]) <= set(DRIVABLE_CLASSES)
    assert {"primary", "secondary", "residential"} <= set(edges["highway"])
    assert (edges["length_km"] > 0).all()
    graph = build_road_graph(edges, class_column="highway")
    assert graph.n_nodes == 682  # OSM edges are short: none is split at 2 km
    assert graph.dropped_components == 0
    # Across the extract (≈1.7 km × 1.3 km of city streets at 30-60 km/h): a few minutes.
    x0, y0, x1, y1 = edges.total_bounds
    out = compute_drive_to_nearest(graph, [(x0, y0)], [(x1, y1)])
    assert 1.0 < out.loc[0, "drive_km"] < 6.0
    assert 2.0 < out.loc[0, "drive_min"] < 15.0


def test_read_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_osm(tmp_path / "missing.osm")
    pbf = tmp_path / "x.osm.pbf"
    pbf.write_bytes(b"\x00")
    with pytest.raises(DataError, match="pbf is not supported"):
        read_osm(pbf)
    bad = tmp_path / "bad.osm"
    bad.write_text("<osm><node", encoding="utf-8")
    with pytest.raises(DataError, match="cannot read OSM file"):
        read_osm(bad)


# A small hand-made Overpass API response (the JSON shape Overpass returns for osmnx's
# `way["highway"]... ;>;` query): a primary road A-B-C, a residential spur B-D, a footway C-E
# (not drivable) and an untagged way D-E. Coordinates near Aguascalientes.
_NODES = {
    1: (21.8650, -102.2800),
    2: (21.8650, -102.2750),
    3: (21.8650, -102.2700),
    4: (21.8700, -102.2750),
    5: (21.8700, -102.2700),
}
_WAYS = [
    (101, [1, 2, 3], {"highway": "primary", "name": "Avenida Prueba"}),
    (102, [2, 4], {"highway": "residential"}),
    (103, [3, 5], {"highway": "footway"}),
    (104, [4, 5], {"highway": "service", "service": "driveway"}),
]
OVERPASS_RESPONSE: dict[str, Any] = {
    "version": 0.6,
    "generator": "hand-made for siteselect tests",
    "elements": [
        {"type": "node", "id": i, "lat": lat, "lon": lon} for i, (lat, lon) in _NODES.items()
    ]
    + [{"type": "way", "id": w, "nodes": nodes, "tags": tags} for w, nodes, tags in _WAYS],
}


@pytest.fixture
def overpass_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 answering every Overpass query with the response."""
    requests_seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            requests_seen.append(self.rfile.read(length).decode("utf-8", "replace"))
            body = json.dumps(OVERPASS_RESPONSE).encode("utf-8")
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
        yield f"http://127.0.0.1:{server.server_address[1]}/api", requests_seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_download_uses_server_then_cache(
    overpass_server: tuple[str, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import osmnx as ox

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    url, seen = overpass_server
    before = (ox.settings.overpass_url, ox.settings.use_cache, ox.settings.cache_folder)
    bbox = (-102.285, 21.860, -102.265, 21.875)
    edges = download_osm_edges(bbox, tmp_path / "cache", overpass_url=url)
    assert len(seen) >= 1
    assert "highway" in seen[0]
    # Footway and driveway are filtered out; both directions of the two roads remain.
    assert set(edges["highway"]) == {"primary", "residential"}
    assert set(edges["u"]) | set(edges["v"]) == {1, 2, 3, 4}
    assert edges.crs.to_epsg() == 6372
    primary_km = edges.loc[edges["highway"] == "primary", "length_km"].to_numpy()
    # A-B and B-C (split at the junction B), both directions; 0.005° of longitude at 21.865° N
    # is 0.516 km.
    assert len(primary_km) == 4
    assert np.allclose(primary_km, 0.516, atol=0.002)
    # osmnx's settings are restored after the call.
    assert (ox.settings.overpass_url, ox.settings.use_cache, ox.settings.cache_folder) == before

    # Second call: answered from the cache folder, no new request.
    n_requests = len(seen)
    again = download_osm_edges(bbox, tmp_path / "cache", overpass_url=url)
    assert len(seen) == n_requests
    assert len(again) == len(edges)
    assert any((tmp_path / "cache").iterdir())


def test_download_failure_is_data_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with socket.socket() as sock:  # a free port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DataError, match="OSM download"):
        download_osm_edges(
            (-102.285, 21.860, -102.265, 21.875),
            tmp_path,
            overpass_url=f"http://127.0.0.1:{port}/api",
            timeout_s=2,
        )


@pytest.mark.parametrize(
    "bbox", [(1.0, 2.0, 3.0), (-102.0, 21.0, -103.0, 22.0), (0.0, 95.0, 1.0, 96.0), "  "]
)
def test_download_rejects_bad_area(bbox: Any, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        download_osm_edges(bbox, tmp_path)


def test_build_rejects_graph_without_roads() -> None:
    import networkx as nx

    graph = nx.MultiDiGraph(crs="epsg:4326")
    graph.add_node(1, x=-102.0, y=21.0)
    graph.add_node(2, x=-102.001, y=21.0)
    graph.add_edge(1, 2, highway="footway", length=100.0)
    with pytest.raises(DataError, match="no drivable road"):
        build_osm_edges(graph)


@pytest.mark.network
def test_download_real_overpass(tmp_path: Path) -> None:
    """Opt-in (`pytest -m network`): a real Overpass query for a small area of Apodaca, NL."""
    edges = download_osm_edges((-100.20, 25.77, -100.19, 25.78), tmp_path)
    assert len(edges) > 0


@pytest.mark.parametrize(
    ("kwargs", "api", "cli_args", "cli"),
    [
        ({"what": "ferries"}, "what: ferries given", ["--what", "ferries"], "--what: ferries"),
        (
            {"what": "roads", "roads": "all", "bbox": "-100.5,20.5,-100.4,20.6"},
            "roads 'all': use",
            ["--what", "roads", "--roads", "all"],
            "Invalid value for '--roads'",  # click's choice check comes first
        ),
        (
            {"what": "roads"},
            "give the area with either corridor NAME or bbox W,S,E,N",
            ["--what", "roads"],
            "give the area with either --corridor NAME or --bbox W,S,E,N",
        ),
        (
            {"what": "roads", "bbox": "a,b"},
            "bbox 'a,b': write four numbers",
            ["--what", "roads", "--bbox", "a,b"],
            "--bbox 'a,b': write four numbers",
        ),
    ],
)
def test_fetch_osm_errors_name_the_argument_or_the_option(
    kwargs: dict[str, object], api: str, cli_args: list[str], cli: str, tmp_path: Path
) -> None:
    # They said "--what", "--bbox" ... to an API caller, who has no options.
    from siteselect.api import fetch_osm_layers
    from tests.test_cli import run_main

    with pytest.raises(ConfigError, match="^" + re.escape(api)):
        fetch_osm_layers(**kwargs)  # type: ignore[arg-type]
    code, out, err = run_main(["layers", "fetch-osm", *cli_args, "-o", str(tmp_path / "o.gpkg")])
    assert code == 2 and out == ""
    assert cli in err
