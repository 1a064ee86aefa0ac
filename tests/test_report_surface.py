"""Tests for siteselect.report.surface: zones tables, cell files, the score raster, the map."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import h3
import numpy as np
import pytest
from rich.console import Console

from siteselect.errors import OutputError
from siteselect.report import surface as views
from siteselect.surface import SurfaceResult


@pytest.fixture(scope="module")
def ags_surface(ags_default_surface: SurfaceResult) -> SurfaceResult:
    return ags_default_surface


@pytest.mark.parametrize("fmt", ["parquet", "gpkg", "geojson"])
def test_vector_files_hold_every_cell(ags_surface: SurfaceResult, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"cells.{fmt}"
    path.write_bytes(views.encode_surface(ags_surface, fmt))
    frame = gpd.read_parquet(path) if fmt == "parquet" else gpd.read_file(path)
    assert len(frame) == ags_surface.n_cells
    assert frame.crs.to_epsg() == 4326
    assert list(frame["cell"]) == list(ags_surface.cells.index)
    rounded = {"abs": 5e-7} if fmt == "geojson" else {}  # GeoJSON: 6 decimals, as rank's
    expected = ags_surface.cells["score"].to_numpy()
    assert frame["score"].to_numpy() == pytest.approx(expected, **rounded)
    assert set(ags_surface.raw_columns.values()) <= set(frame.columns)
    # The hexagon of each row is its cell's: the centre lies inside it.
    centres = gpd.GeoSeries(gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)
    inside = frame.geometry.contains(centres, align=False)
    assert inside.all()


@pytest.mark.parametrize("fmt", ["geojson", "parquet", "gpkg", "tif"])
def test_cell_files_carry_the_provenance_of_rank_exports(
    ags_surface: SurfaceResult, fmt: str, tmp_path: Path
) -> None:
    """The block rank's exports carry (profile, weights, config hash, sources with their
    licences, credits) rides where rank's does: GeoJSON member, layer and file metadata."""
    import pyarrow.parquet as pq
    import pyogrio
    import rasterio

    data = views.encode_surface(ags_surface, fmt)
    path = tmp_path / f"cells.{fmt}"
    path.write_bytes(data)
    if fmt == "geojson":
        block = json.loads(data)["siteselect"]
    elif fmt == "parquet":
        block = json.loads(pq.read_schema(path).metadata[b"siteselect"])
    elif fmt == "gpkg":
        block = json.loads(pyogrio.read_info(path)["layer_metadata"]["siteselect"])
    else:
        with rasterio.open(path) as ds:
            block = json.loads(ds.tags()["siteselect"])
    assert block["tool"] == "siteselect" and block["profile"] == "default"
    assert len(block["config_sha256"]) == 64 and block["method"] == ags_surface.method
    assert block["res"] == ags_surface.res and block["cells"] == ags_surface.n_cells
    assert block["weights"] == pytest.approx(ags_surface.weights, abs=1e-6)
    assert [c["name"] for c in block["criteria"]] == list(ags_surface.criteria)
    assert {x["name"] for x in block["left_out"]} == {n for n, _ in ags_surface.left_out}
    sources = {s["name"]: s for s in block["sources"]}
    assert "ODbL" in sources["highways"]["licence"]
    assert any("OpenStreetMap" in c for c in block["credits"])


def test_cell_geojson_rounds_like_rank_geojson(ags_surface: SurfaceResult) -> None:
    """RFC 7946 as rank writes it: at most 6 decimals, exterior rings counter-clockwise."""
    import re

    from shapely.geometry import shape

    text = views.encode_surface(ags_surface, "geojson").decode("utf-8")
    features = json.loads(text)["features"]
    cells = text[: text.index('"siteselect"')]
    assert max(len(d) for d in re.findall(r"\d\.(\d+)", cells)) <= 6
    ring = features[0]["geometry"]["coordinates"][0]
    assert shape(features[0]["geometry"]).exterior.is_ccw and ring[0] == ring[-1]
    lon = ags_surface.cells["lon"].iloc[0]
    assert features[0]["properties"]["lon"] == round(lon, 6)


def test_geotiff_pixels_take_the_score_of_the_cell_under_their_centre(
    ags_surface: SurfaceResult, tmp_path: Path
) -> None:
    import rasterio
    from pyproj import Transformer

    path = tmp_path / "score.tif"
    path.write_bytes(views.encode_surface(ags_surface, "tif"))
    with rasterio.open(path) as ds:
        band = ds.read(1)
        assert ds.crs.to_epsg() == 6372 and ds.descriptions[0] == "score"
        rows, cols = np.indices(band.shape)
        t = ds.transform
        xs = t.c + (cols.ravel() + 0.5) * t.a
        ys = t.f + (rows.ravel() + 0.5) * t.e
    lon, lat = Transformer.from_crs(6372, 4326, always_xy=True).transform(xs, ys)
    under = [h3.latlng_to_cell(y, x, ags_surface.res) for x, y in zip(lon, lat, strict=True)]
    scores = ags_surface.cells["score"]
    expected = np.array([scores.get(c, np.nan) for c in under], dtype=np.float32)
    values = band.ravel()
    assert np.array_equal(np.isnan(values), np.isnan(expected))
    assert np.allclose(values, expected, rtol=1e-6, equal_nan=True)
    # Every cell covers at least one pixel centre.
    assert set(scores.index) <= set(under)


def test_zones_render_as_a_table_and_as_json(ags_surface: SurfaceResult) -> None:
    zones = ags_surface.zones(top=3)
    buffer = io.StringIO()
    Console(file=buffer, width=160).print(views.render_zones(ags_surface, zones))
    text = buffer.getvalue()
    assert "the best 1 zones" in text or "the best" in text
    assert "Aguascalientes" in text and "H3 res 7" in text
    doc = json.loads(views.build_zones_json(ags_surface, zones))
    assert doc["zones"][0]["zone"] == 1
    assert doc["zones"][0]["nearest_park"]["name"]
    assert doc["surface"]["cells"] == ags_surface.n_cells


def test_png_map(ags_surface: SurfaceResult) -> None:
    data = views.render_surface_png(ags_surface, ags_surface.zones(top=3), dpi=60)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_png_map_reads_as_a_map(ags_surface: SurfaceResult) -> None:
    """The surface map draws what the proposals' maps draw: land in a neutral colour, the
    main highways of the road graph, the main places and state names to label."""
    import io

    import numpy as np
    from matplotlib.image import imread

    from siteselect.report import charts

    layers = views.read_surface_layers(ags_surface)
    assert layers.roads is not None and len(layers.roads) > 100
    assert layers.places and layers.state_labels
    data = views.render_surface_png(ags_surface, ags_surface.zones(top=3), dpi=60, layers=layers)
    pixels = imread(io.BytesIO(data))[..., :3]

    def share(colour: str) -> float:
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
        return float(np.all(np.abs(pixels - rgb) < 0.02, axis=-1).mean())

    assert share(charts.LAND) > 0.05  # Mexico around the scored grid, in the land colour


def test_surface_format_from_suffix() -> None:
    assert views.surface_format("a.parquet") == "parquet"
    assert views.surface_format("a.TIF") == "tif"
    assert views.surface_format("a.gpkg") == "gpkg"
    with pytest.raises(OutputError, match="cannot tell the format"):
        views.surface_format("a.csv")
