"""Benchmark: reading users' files. A Mexican Excel CSV (`;`, decimal commas, Windows-1252)
through ``read_user_file`` (sniffing, typing, per-row checks, projection) against pandas told
the separator, decimal mark and encoding; zonal means of parcels read window by window against
reading the whole band once and masking it per parcel.

Run ``python bench/bench_layers.py``; results go to ``bench/results/layers.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "layers.json"


def _timed(fn: object) -> tuple[float, float]:
    """Seconds of one untraced call, and the peak traced memory (MB) of a second call
    (tracing slows Python down, so it is not timed)."""
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()  # type: ignore[operator]
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def _excel_csv(path: Path, n: int) -> None:
    rng = np.random.default_rng(0)
    lon = rng.uniform(-103.5, -99.0, n)
    lat = rng.uniform(19.5, 26.0, n)
    rent = rng.uniform(3, 9, n)
    lines = ["Clave;Nombre;Longitud;Latitud;Renta"]
    lines += [
        f"{i};Parque Querétaro {i};{x:.6f};{y:.6f};{r:.2f}".replace(".", ",")
        for i, (x, y, r) in enumerate(zip(lon, lat, rent, strict=True))
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def _raster(path: Path, size: int) -> None:
    import rasterio
    from rasterio.transform import Affine

    data = np.random.default_rng(1).uniform(0, 3000, (size, size)).astype("float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=size,
        height=size,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(4.5 / size, 0, -103.5, 0, -6.5 / size, 26.0),
        tiled=True,
        nodata=-1,
    ) as ds:
        ds.write(data[None])


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time the reader and the zonal statistics against their peers."""
    import geopandas as gpd
    import pandas as pd
    import rasterio
    from rasterio.features import geometry_mask
    from shapely.geometry import box

    from siteselect.layers.files import read_user_file
    from siteselect.layers.raster import compute_zonal_stats

    rows: list[dict[str, object]] = []
    n = 20_000 if quick else 100_000
    zones_n = 200 if quick else 1_000
    size = 2_000 if quick else 5_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv = folder / "parques.csv"
        _excel_csv(csv, n)
        ours, ours_mb = _timed(lambda: read_user_file(csv))
        peer, peer_mb = _timed(
            lambda: pd.read_csv(csv, sep=";", decimal=",", encoding="cp1252", dtype={"Clave": str})
        )
        rows.append(
            {
                "name": f"read_user_file, Excel CSV, {n:,} rows (sniffed, checked, projected)",
                "seconds": round(ours, 3),
                "peak_mb": round(ours_mb, 1),
                "peer": "pandas.read_csv told sep/decimal/encoding (no geometry)",
                "peer_seconds": round(peer, 3),
                "peer_peak_mb": round(peer_mb, 1),
            }
        )
        tif = folder / "grid.tif"
        _raster(tif, size)
        rng = np.random.default_rng(2)
        xs = rng.uniform(-103.0, -99.5, zones_n)
        ys = rng.uniform(20.0, 25.5, zones_n)
        zones = gpd.GeoSeries(
            [box(x, y, x + 0.02, y + 0.02) for x, y in zip(xs, ys, strict=True)], crs=4326
        ).to_crs(6372)
        got: dict[str, np.ndarray] = {}
        ours, ours_mb = _timed(lambda: got.update(ours=compute_zonal_stats(tif, zones, "mean")[0]))

        def whole_band() -> None:
            with rasterio.open(tif) as ds:
                band = ds.read(1, masked=True)
                local = zones.to_crs(ds.crs)
                out = []
                for geom in local:
                    inside = geometry_mask([geom], band.shape, ds.transform, invert=True)
                    out.append(float(band[inside].mean()))
            got["peer"] = np.array(out)

        peer, peer_mb = _timed(whole_band)
        assert np.allclose(got["ours"], got["peer"], rtol=1e-5)
        rows.append(
            {
                "name": f"zonal mean by window, {zones_n:,} parcels, {size:,}² raster",
                "seconds": round(ours, 3),
                "peak_mb": round(ours_mb, 1),
                "peer": "whole band read once, masked per parcel (same values)",
                "peer_seconds": round(peer, 3),
                "peer_peak_mb": round(peer_mb, 1),
            }
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
