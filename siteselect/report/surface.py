"""Surface outputs: the best zones (terminal, JSON), the grid as files, and a map picture.

* :func:`render_zones`: a rich table of the best zones with the run's context;
* :func:`build_zones_json`: the same as JSON;
* :func:`encode_surface`: the cells as GeoParquet, GeoPackage or GeoJSON (hexagons, raw values,
  score), or the score as a GeoTIFF (:func:`rasterize_surface` says how cells become pixels);
* :func:`render_surface_png`: a matplotlib picture of the score with states, parks and zones.

Everything returns text or bytes; :mod:`siteselect.report.writer` puts them on disk.
"""

from __future__ import annotations

import io
import math
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.errors import ConfigError, OutputError
from siteselect.report.exports import dump_json
from siteselect.report.numbers import format_raw, round_value

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Group

    from siteselect.surface import SurfaceResult

SURFACE_FORMATS = {
    ".parquet": "parquet",
    ".geoparquet": "parquet",
    ".tif": "tif",
    ".tiff": "tif",
    ".gpkg": "gpkg",
    ".geojson": "geojson",
}
"""Output file suffix -> format."""

PLOT_HINT = "install matplotlib: pip install -e '.[plot]' in the siteselect checkout"


def surface_format(path: Path | str) -> str:
    """The output format of a surface file from its suffix, or an :class:`OutputError`."""
    found = SURFACE_FORMATS.get(Path(str(path)).suffix.lower())
    if found is None:
        known = ", ".join(sorted(SURFACE_FORMATS))
        msg = f"cannot tell the format of {path} from its suffix; use one of {known}"
        raise OutputError(msg)
    return found


# ------------------------------------------------------------------------------------- zones


def _criterion_text(result: SurfaceResult, zone: pd.Series, names: list[str]) -> str:
    parts = []
    for name in names:
        value = zone.get(f"raw_{name}")
        parts.append(f"{name} ({format_raw(_float(value), result.units.get(name, ''))})")
    return ", ".join(parts)


def _float(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def footer_lines(result: SurfaceResult, zones: pd.DataFrame | None = None) -> list[str]:
    """The context under a zones table: profile, grid, weights, what was left out, credits."""
    info = result.describe()
    weights = ", ".join(f"{k} {v:.2f}" for k, v in result.weights.items())
    lines = [
        f"profile: {info['profile']} | method: {info['method']} | H3 res {result.res} | "
        f"corridors: {', '.join(result.corridors)} | {info['cells']:,} cells, "
        f"{info['scored']:,} scored | {result.partitions} partition(s), {result.executor}",
        f"weights (normalised to sum to 1 over the criteria a cell has): {weights}",
    ]
    if zones is not None and "threshold" in zones.attrs:
        lines.append(
            f"zones: neighbouring cells scoring >= {zones.attrs['threshold']:.3f} "
            f"(the --quantile of all scored cells), merged; ranked by their best cell"
        )
    lines.extend(f"note: {note}" for note in result.notes)
    lines.append("data: " + "; ".join(result.provenance))
    return lines


def render_zones(result: SurfaceResult, zones: pd.DataFrame) -> Group:
    """The best zones: where, how large, how good, the park already nearest, and why."""
    from rich.console import Group

    from siteselect.report.layout import Column, FitTable
    from siteselect.report.terminal import text

    columns = [
        Column("zone", "#", justify="right"),
        Column("state", "State", min_width=8),
        Column("best", "Best cell (lon, lat)", wrap=False),
        Column("area", "Area km²", justify="right", priority=2),
        Column("score_max", "Best", justify="right"),
        Column("score_mean", "Mean", justify="right", priority=3),
        Column(
            "park",
            "Nearest park (km)",
            min_width=14,
            priority=1,
            stack="state",
            stack_prefix="near ",
        ),
        Column("inside", "Parks in", justify="right", priority=3),
        Column("helped", "Helped most", min_width=16),
        Column("hurt", "Hurt most", priority=2, stack="helped", stack_prefix="hurt: "),
    ]
    rows = []
    for _, z in zones.iterrows():
        park = "n/a"
        if z["nearest_park"] is not None:
            park = f"{z['nearest_park']} ({z['nearest_park_km']:.1f})"
        rows.append(
            {
                "zone": str(int(z["zone"])),
                "state": text(z["state"]),
                "best": f"{z['best_lon']:.3f}, {z['best_lat']:.3f}",
                "area": f"{z['area_km2']:,.0f}",
                "score_max": f"{z['score_max']:.3f}",
                "score_mean": f"{z['score_mean']:.3f}",
                "park": text(park),
                "inside": str(int(z["parks_inside"])),
                "helped": text(_criterion_text(result, z, list(z["helped"]))),
                "hurt": text(_criterion_text(result, z, list(z["hurt"]))),
            }
        )
    table = FitTable(
        columns,
        rows,
        title=f"siteselect surface: the best {len(zones)} zones",
        table_options={"title_justify": "left"},
    )
    footer = text("\n".join(footer_lines(result, zones)), style="dim")
    return Group(table, footer)


def build_zones_json(result: SurfaceResult, zones: pd.DataFrame) -> str:
    """The best zones and the run's context as JSON (numbers rounded to 6 decimals)."""
    out_zones = []
    for _, z in zones.iterrows():
        raw = {
            name: {"median": round_value(z[f"raw_{name}"]), "unit": result.units.get(name, "")}
            for name in result.criteria
        }
        out_zones.append(
            {
                "zone": int(z["zone"]),
                "cells": int(z["cells"]),
                "area_km2": round_value(z["area_km2"]),
                "score_max": round_value(z["score_max"]),
                "score_mean": round_value(z["score_mean"]),
                "centroid": [round_value(z["centroid_lon"]), round_value(z["centroid_lat"])],
                "best_cell_at": [round_value(z["best_lon"]), round_value(z["best_lat"])],
                "state": z["state"],
                "best_cell": z["best_cell"],
                "nearest_park": {
                    "id": z["nearest_park_id"],
                    "name": z["nearest_park"],
                    "km": round_value(z["nearest_park_km"]),
                },
                "parks_inside": int(z["parks_inside"]),
                "helped": list(z["helped"]),
                "hurt": list(z["hurt"]),
                "raw": raw,
            }
        )
    doc = {
        "surface": result.describe(),
        "threshold": round_value(zones.attrs.get("threshold")),
        "zones": out_zones,
        "notes": list(result.notes),
        "provenance": list(result.provenance),
    }
    return dump_json(doc)


# ------------------------------------------------------------------------------------- files


def encode_surface(result: SurfaceResult, fmt: str) -> bytes:
    """The surface as a file's bytes: ``parquet``, ``gpkg``, ``geojson`` or ``tif``.

    Vector formats hold one row per cell: ``cell`` (H3 id), ``lon``, ``lat``, the raw value of
    each criterion (named with its unit, e.g. ``border_min``), ``eligible``, ``score`` and the
    hexagon (EPSG:4326). The GeoTIFF holds the score on a regular grid (see
    :func:`rasterize_surface`).
    """
    if fmt == "tif":
        return _encode_geotiff(result)
    frame = result.to_geodataframe()
    if fmt == "parquet":
        try:
            import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
        except ImportError:
            msg = "GeoParquet needs pyarrow: pip install pyarrow (or write .gpkg / .tif)"
            raise OutputError(msg) from None
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return bytes(buffer.getvalue())
    if fmt == "geojson":
        text: str = frame.to_json(drop_id=True, ensure_ascii=False)
        return text.encode("utf-8")
    if fmt == "gpkg":
        with tempfile.TemporaryDirectory(prefix="siteselect-") as folder:
            path = Path(folder) / "surface.gpkg"
            frame.to_file(path, layer="surface", driver="GPKG")
            return path.read_bytes()
    msg = f"unknown surface format {fmt!r}; use parquet, gpkg, geojson or tif"
    raise OutputError(msg)


def rasterize_surface(
    result: SurfaceResult, pixel_m: float | None = None
) -> tuple[np.ndarray, Any, str]:
    """The score on a regular grid in EPSG:6372 (metres), north up.

    How cells map to pixels: a pixel holds the score of the H3 cell that contains its centre
    (``h3.latlng_to_cell`` of the centre, the H3 definition of a cell), NaN (nodata) where that
    cell is not in the grid or not scored. The default pixel side is the mean edge of the
    grid's hexagons, from their true areas: a hexagon's inscribed circle (diameter
    ``sqrt(3)`` edges) is then wider than a pixel's diagonal (``sqrt(2)``), so every cell holds
    at least one pixel centre, about 2.6 on average. The raster covers the cells' extent.

    Returns
    -------
    tuple
        ``(array float32 [rows, cols], affine transform, CRS)``.
    """
    from affine import Affine
    from h3.api import basic_int
    from pyproj import Transformer

    from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS
    from siteselect.surface.grid import compute_cell_areas_km2, parse_cell_ids

    cells = parse_cell_ids(result.cells.index)
    if cells.size == 0:
        msg = "the surface has no cells to rasterise"
        raise OutputError(msg)
    order = np.argsort(cells)
    sorted_cells = cells[order]
    sorted_scores = result.cells["score"].to_numpy(dtype=np.float64)[order]
    if pixel_m is None:
        sample = cells[:: max(1, cells.size // 5000)]
        mean_area_m2 = float(compute_cell_areas_km2(sample).mean()) * 1e6
        pixel_m = math.sqrt(2.0 * mean_area_m2 / (3.0 * math.sqrt(3.0)))
    if not (math.isfinite(pixel_m) and pixel_m > 0):
        msg = f"pixel size {pixel_m!r} must be a positive number of metres"
        raise ConfigError(msg)
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    to_lonlat = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
    x, y = to_metric.transform(result.cells["lon"].to_numpy(), result.cells["lat"].to_numpy())
    reach = 1.5 * pixel_m  # a hexagon reaches one edge (~ one pixel) beyond its centre
    minx, maxx = float(np.min(x)) - reach, float(np.max(x)) + reach
    miny, maxy = float(np.min(y)) - reach, float(np.max(y)) + reach
    width = max(1, math.ceil((maxx - minx) / pixel_m))
    height = max(1, math.ceil((maxy - miny) / pixel_m))
    transform = Affine(pixel_m, 0.0, minx, 0.0, -pixel_m, maxy)  # from the top left corner
    array = np.full((height, width), np.nan, dtype=np.float32)
    px = minx + (np.arange(width) + 0.5) * pixel_m
    res = result.res
    for top in range(0, height, 256):  # blocks of rows: memory stays small at any size
        rows = np.arange(top, min(top + 256, height))
        py = maxy - (rows + 0.5) * pixel_m
        gx, gy = np.meshgrid(px, py)
        lon, lat = to_lonlat.transform(gx.ravel(), gy.ravel())
        pairs = zip(lat.tolist(), lon.tolist(), strict=True)
        under = np.fromiter(
            (basic_int.latlng_to_cell(b, a, res) for b, a in pairs), dtype=np.int64, count=lon.size
        )
        pos = np.minimum(np.searchsorted(sorted_cells, under), sorted_cells.size - 1)
        found = sorted_cells[pos] == under
        block = np.full(under.size, np.nan)
        block[found] = sorted_scores[pos[found]]
        array[rows[0] : rows[-1] + 1] = block.reshape(rows.size, width)
    return array, transform, METRIC_CRS


def _encode_geotiff(result: SurfaceResult) -> bytes:
    from rasterio.io import MemoryFile

    array, transform, crs = rasterize_surface(result)
    profile = {
        "driver": "GTiff",
        "height": array.shape[0],
        "width": array.shape[1],
        "count": 1,
        "dtype": "float32",
        "crs": crs,
        "transform": transform,
        "nodata": float("nan"),
        "compress": "deflate",
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
    }
    with MemoryFile() as memory:
        with memory.open(**profile) as dataset:
            dataset.write(array, 1)
            dataset.set_band_description(1, "score")
            dataset.update_tags(
                profile=result.config.profile.name,
                method=result.method,
                h3_resolution=str(result.res),
                pixels="each pixel holds the score of the H3 cell containing its centre",
            )
        return bytes(memory.read())


# --------------------------------------------------------------------------------------- map


def render_surface_png(
    result: SurfaceResult, zones: pd.DataFrame | None = None, *, dpi: int = 150
) -> bytes:
    """A picture of the surface: score colours, state borders, existing parks, numbered zones.

    Drawn with matplotlib (an optional extra) from :func:`rasterize_surface`, in EPSG:6372.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        msg = f"--png needs matplotlib; {PLOT_HINT}"
        raise OutputError(msg) from None
    import shapely

    from siteselect.layers import lonlat_to_metric
    from siteselect.surface.grid import parse_cell_ids

    array, transform, _ = rasterize_surface(result)
    height, width = array.shape
    left, top = transform.c, transform.f
    extent = (left, left + width * transform.a, top + height * transform.e, top)
    fig, ax = plt.subplots(figsize=(10, 10 * max(height / max(width, 1), 0.4)), dpi=dpi)
    try:
        image = ax.imshow(array, extent=extent, cmap="viridis", interpolation="nearest")
        fig.colorbar(image, ax=ax, shrink=0.6, label=f"score ({result.method})")
        window = shapely.box(extent[0], extent[2], extent[1], extent[3]).buffer(20_000)
        states = result.states
        for geom in states.geometry.to_numpy():
            if not geom.intersects(window):
                continue
            for part in shapely.get_parts(geom):
                x, y = shapely.get_coordinates(part.exterior).T
                ax.plot(x, y, color="white", linewidth=0.4, alpha=0.8)
        parks = result.parks
        grid = parse_cell_ids(result.cells.index)
        inside = np.isin(parks["cell"].to_numpy(dtype=np.int64), grid)  # parks on the grid
        ax.scatter(
            parks["x"].to_numpy()[inside],
            parks["y"].to_numpy()[inside],
            s=8,
            c="red",
            edgecolors="black",
            linewidths=0.3,
            label="existing parks",
            zorder=3,
        )
        if zones is not None and len(zones):
            zx, zy = lonlat_to_metric().transform(
                zones["best_lon"].to_numpy(), zones["best_lat"].to_numpy()
            )
            for label, x, y in zip(zones["zone"], zx, zy, strict=True):
                ax.annotate(
                    str(int(label)),
                    (x, y),
                    color="black",
                    fontsize=8,
                    ha="center",
                    va="center",
                    bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "alpha": 0.85},
                    zorder=4,
                )
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.legend(loc="lower left", fontsize=8)
        title = (
            f"Suitability for a new park: profile {result.config.profile.name}, "
            f"H3 res {result.res}, {', '.join(result.corridors)}"
        )
        ax.set_title(title, fontsize=10)
        ax.text(
            0.0,
            -0.02,
            "numbers: best zones; " + "; ".join(result.provenance),
            transform=ax.transAxes,
            fontsize=5,
            va="top",
            wrap=True,
        )
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(fig)
