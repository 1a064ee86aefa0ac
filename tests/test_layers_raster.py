"""Tests for siteselect.layers.raster and the `raster` measure: sampled and zonal values
against numbers computed by hand, rasters in other CRSs, nodata, a raster larger than memory."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import Affine
from rasterio.windows import Window
from shapely.geometry import Point, box

from siteselect.api import run
from siteselect.config import read_config
from siteselect.errors import ConfigError, DataError, DataNote
from siteselect.layers.raster import compute_zonal_stats, sample_raster
from tests.conftest import write_config


def write_grid(path: Path) -> Path:
    """6 x 5 cells of 0.1° from (-101.0, 21.0) in EPSG:4326; cell (row r, col c) holds
    10 r + c, and cell (2, 3) is nodata (-9999)."""
    values = np.array([[10.0 * r + c for c in range(6)] for r in range(5)], dtype="float32")
    values[2, 3] = -9999.0
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=6,
        height=5,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.1, 0.0, -101.0, 0.0, -0.1, 21.0),
        nodata=-9999.0,
    ) as ds:
        ds.write(values[None])
    return path


def _lonlat(*geoms: object) -> gpd.GeoSeries:
    return gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs("EPSG:6372")


def test_sampled_values_by_hand(tmp_path: Path) -> None:
    path = write_grid(tmp_path / "g.tif")
    points = _lonlat(
        Point(-100.75, 20.85),  # col floor(0.25/0.1) = 2, row floor(0.15/0.1) = 1 -> 12
        Point(-100.45, 20.55),  # col 5, row 4 -> 45
        Point(-100.65, 20.75),  # col 3, row 2: nodata -> NaN
        Point(-99.0, 20.0),  # outside the raster -> NaN
    )
    got = sample_raster(path, points)
    assert got[:2].tolist() == [12.0, 45.0]
    assert np.isnan(got[2:]).all()


def test_zonal_statistics_by_hand(tmp_path: Path) -> None:
    path = write_grid(tmp_path / "g.tif")
    # Cell centres at lon -101 + 0.1 c + 0.05 and lat 21 - 0.1 r - 0.05: this box holds the
    # centres of rows 2-3 and cols 2-3: 22, (23 is nodata), 32, 33.
    zones = _lonlat(
        box(-100.8, 20.6, -100.6, 20.8),
        box(-100.78, 20.82, -100.77, 20.83),  # inside one cell (row 1, col 2), no centre
        box(-99.5, 19.5, -99.4, 19.6),  # outside the raster
    )
    expected = {"mean": 29.0, "max": 33.0, "min": 22.0, "sum": 87.0}
    for stat, value in expected.items():
        got, cells = compute_zonal_stats(path, zones, stat)
        assert got[0] == pytest.approx(value)
        assert got[1] == 12.0  # a zone smaller than a cell takes the cell it touches
        assert np.isnan(got[2])
        assert cells.tolist() == [3, 1, 0]
    with pytest.raises(DataError, match="stat 'median'"):
        compute_zonal_stats(path, zones, "median")


def test_zonal_statistics_in_a_projected_raster(tmp_path: Path) -> None:
    """A UTM 14N raster of 1 km cells holding 10 r² + c; zones in other CRSs are reprojected."""
    values = np.array([[10.0 * r * r + c for c in range(5)] for r in range(5)], dtype="float32")
    path = tmp_path / "utm.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=5,
        height=5,
        count=1,
        dtype="float32",
        crs="EPSG:32614",
        transform=Affine(1000.0, 0.0, 380_000.0, 0.0, -1000.0, 2_280_000.0),
    ) as ds:
        ds.write(values[None])
    # The centres of rows 1-2, cols 1-2 (11, 12, 41, 42), with a 10 m margin.
    parcel = gpd.GeoSeries([box(381_010, 2_277_010, 382_990, 2_278_990)], crs="EPSG:32614")
    got, cells = compute_zonal_stats(path, parcel.to_crs("EPSG:6372"), "mean")
    assert cells.tolist() == [4]
    assert got[0] == pytest.approx((11 + 12 + 41 + 42) / 4)
    # A 1.2 km circle around the centre of (2, 2) holds it and its 4 neighbours (1 km away),
    # not the diagonals (1.41 km): 42, 12, 92, 41, 43.
    centre = gpd.GeoSeries([Point(382_500, 2_277_500)], crs="EPSG:32614").to_crs("EPSG:6372")
    got, cells = compute_zonal_stats(path, centre.buffer(1200, quad_segs=16), "mean")
    assert cells.tolist() == [5]
    assert got[0] == pytest.approx((42 + 12 + 92 + 41 + 43) / 5)
    assert sample_raster(path, centre)[0] == 42.0


def test_a_raster_larger_than_memory_is_read_by_window(tmp_path: Path) -> None:
    """200,000 x 200,000 float32 cells (160 GB if read whole), sparse on disk: only the
    blocks under the sites are read."""
    path = tmp_path / "big.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=200_000,
        height=200_000,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.0001, 0.0, -110.0, 0.0, -0.0001, 30.0),
        tiled=True,
        blockxsize=512,
        blockysize=512,
        nodata=-1.0,
        sparse_ok=True,
        BIGTIFF="YES",
    ) as ds:
        block = np.arange(400, dtype="float32").reshape(1, 20, 20)
        ds.write(block, window=Window(96_100, 94_100, 20, 20))
    assert path.stat().st_size < 10_000_000
    # Cell (94_105, 96_105) holds 5 * 20 + 5 = 105.
    x = -110.0 + 0.0001 * 96_105.5
    y = 30.0 - 0.0001 * 94_105.5
    point = _lonlat(Point(x, y))
    assert sample_raster(path, point)[0] == 105.0
    zone = _lonlat(box(x - 0.00021, y - 0.00021, x + 0.00021, y + 0.00021))
    got, cells = compute_zonal_stats(path, zone, "max")
    # Centres within ±2.1 cells: rows/cols 94_103..94_107 -> 25 cells, the largest 7*20+7.
    assert cells.tolist() == [25]
    assert got[0] == 147.0
    # Away from the written block: never written, so nodata.
    assert np.isnan(sample_raster(path, _lonlat(Point(-100.0, 20.0)))[0])


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("max_window_cells", [1, 50, 1 << 24])
@pytest.mark.parametrize("masking", ["nodata", "mask band"])
def test_sampling_in_windows_equals_per_point_reads(
    tmp_path: Path, seed: int, max_window_cells: int, masking: str
) -> None:
    """A random raster (UTM 14N, with NaN cells and invalid cells marked by a nodata value
    or by a mask band) sampled at random points, some outside it and some on cell edges: one
    window, or many small tiles, give exactly what rasterio's own per-point sampler reads."""
    rng = np.random.default_rng(seed)
    height, width, size = 40, 60, 500.0
    x0, y0 = 300_000.0, 2_300_000.0
    values = rng.normal(100.0, 30.0, (height, width)).astype("float32")
    invalid = rng.random((height, width)) < 0.1
    if masking == "nodata":
        values[invalid] = -9999.0
    values[rng.random((height, width)) < 0.05] = np.nan
    path = tmp_path / "random.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="float32",
        crs="EPSG:32614",
        transform=Affine(size, 0.0, x0, 0.0, -size, y0),
        nodata=-9999.0 if masking == "nodata" else None,
    ) as ds:
        ds.write(values[None])
        if masking == "mask band":  # the cells keep their values; only the mask hides them
            ds.write_mask(np.where(invalid, 0, 255).astype("uint8"))
    n = 400
    # A margin of 5 cells around the raster puts some points outside it.
    xs = rng.uniform(x0 - 5 * size, x0 + (width + 5) * size, n)
    ys = rng.uniform(y0 - (height + 5) * size, y0 + 5 * size, n)
    # Some points exactly on cell edges (the floor decides the cell).
    xs[:40] = x0 + size * rng.integers(0, width, 40)
    ys[:40] = y0 - size * rng.integers(0, height, 40)
    points = gpd.GeoSeries(gpd.points_from_xy(xs, ys), crs="EPSG:32614").to_crs("EPSG:6372")
    got = sample_raster(path, points, max_window_cells=max_window_cells)
    # The reference reads in the raster's CRS what the vectorised path reprojects to it.
    local = points.to_crs("EPSG:32614")
    expected = np.full(n, np.nan)
    with rasterio.open(path) as ds:
        for i, (x, y) in enumerate(zip(local.x, local.y, strict=True)):
            cell = next(ds.sample([(x, y)], indexes=1, masked=True))
            if not np.ma.getmaskarray(cell)[0]:
                expected[i] = float(np.ma.getdata(cell)[0])
    expected[expected == -9999.0] = np.nan
    assert np.isfinite(expected).sum() > n // 2  # most points hit a valid cell
    assert np.isnan(expected).sum() > 20  # and some hit nodata, NaN or nothing
    np.testing.assert_array_equal(got, expected)


def test_sampling_points_far_apart_in_a_large_raster_reads_small_tiles(tmp_path: Path) -> None:
    """Two points at opposite corners of a 100,000 x 100,000 raster (40 GB as float32): the
    box around them is far larger than one window, so each is read in its own tile."""
    path = tmp_path / "wide.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=100_000,
        height=100_000,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.0001, 0.0, -105.0, 0.0, -0.0001, 25.0),
        tiled=True,
        blockxsize=256,
        blockysize=256,
        nodata=-1.0,
        sparse_ok=True,
        BIGTIFF="YES",
    ) as ds:
        ds.write(np.full((1, 1, 1), 7.0, dtype="float32"), window=Window(10, 10, 1, 1))
        ds.write(np.full((1, 1, 1), 9.0, dtype="float32"), window=Window(99_990, 99_990, 1, 1))
    points = _lonlat(
        Point(-105.0 + 0.0001 * 10.5, 25.0 - 0.0001 * 10.5),
        Point(-105.0 + 0.0001 * 99_990.5, 25.0 - 0.0001 * 99_990.5),
        Point(-105.0 + 0.0001 * 50_000.5, 25.0 - 0.0001 * 50_000.5),  # never written: nodata
    )
    got = sample_raster(path, points)
    assert got[:2].tolist() == [7.0, 9.0]
    assert np.isnan(got[2])
    with pytest.raises(ValueError, match="max_window_cells"):
        sample_raster(path, points, max_window_cells=0)


SEARCH = """
[search]
method = "wsm"
corridors = ["all"]
[candidates]
path = "{cands}"
[[criteria]]
name = "grid"
measure = "raster"
to = "g.tif"
{keys}
direction = "max"
weight = 1
"""


def test_the_raster_measure_uses_footprints_or_a_radius(tmp_path: Path) -> None:
    write_grid(tmp_path / "g.tif")
    gpd.GeoDataFrame(
        {"id": ["box", "small"]},
        geometry=[box(-100.8, 20.6, -100.6, 20.8), box(-100.78, 20.82, -100.77, 20.83)],
        crs="EPSG:4326",
    ).to_file(tmp_path / "p.gpkg")
    keys = 'stat = "mean"\nunit = "index"'
    config = read_config(write_config(tmp_path, SEARCH.format(cands="p.gpkg", keys=keys)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        result = run(config)
    raw = result.raw["grid"]
    assert raw["box"] == pytest.approx(29.0) and raw["small"] == 12.0
    assert result.units["grid"] == "index"
    assert result.measures["grid"].details["cells"].tolist() == [3.0, 1.0]
    (tmp_path / "pts.csv").write_text("id,lon,lat\na,-100.75,20.85\nb,-100.45,20.55\n")
    with pytest.raises(ConfigError, match=r"needs polygon candidates .* or radius_km"):
        run(read_config(write_config(tmp_path, SEARCH.format(cands="pts.csv", keys=keys))))
    # A radius of 12 km holds the cell and its four neighbours (≈10.4 km east-west and
    # 11.1 km north-south at 20.85° N), not the diagonals (≈15 km): 12, 2, 22, 11, 13.
    keys = 'stat = "mean"\nradius_km = 12'
    result = run(read_config(write_config(tmp_path, SEARCH.format(cands="pts.csv", keys=keys))))
    assert result.raw["grid"]["a"] == pytest.approx((12 + 2 + 22 + 11 + 13) / 5)
    with pytest.raises(ConfigError, match="radius_km needs stat"):
        read_config(write_config(tmp_path, SEARCH.format(cands="pts.csv", keys="radius_km = 5")))


def test_raster_files_that_cannot_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tif"
    bad.write_bytes(b"not a tiff")
    with pytest.raises(DataError, match=r"cannot read raster bad\.tif"):
        sample_raster(bad, _lonlat(Point(-100, 20)))
    path = write_grid(tmp_path / "g.tif")
    with pytest.raises(DataError, match="has 1 band"):
        sample_raster(path, _lonlat(Point(-100, 20)), band=2)
