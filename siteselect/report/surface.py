"""Surface outputs: the best zones (terminal, JSON), the grid as files, and a map picture.

* :func:`render_zones`: a rich table of the best zones with the run's context;
* :func:`build_zones_json`: the same as JSON;
* :func:`encode_surface`: the cells as GeoParquet, GeoPackage or GeoJSON (hexagons, raw values,
  score), or the score as a GeoTIFF (:func:`rasterize_surface` says how cells become pixels);
* :func:`render_surface_png`: a matplotlib picture of the score with states, parks and zones.

Everything returns text or bytes; :mod:`siteselect.report.writer` puts them on disk.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.errors import ConfigError, DataError, OutputError
from siteselect.report.exports import build_frame_geojson, dump_json
from siteselect.report.numbers import DIGITS, as_float, format_raw, round_value
from siteselect.report.tabular import encode_ogr_frame, encode_parquet_frame

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    from rich.console import Group

    from siteselect.report.map_layers import MapLayers
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
        parts.append(f"{name} ({format_raw(as_float(value), result.units.get(name, ''))})")
    return ", ".join(parts)


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
        title=(
            "siteselect surface: the best zone"
            if len(zones) == 1
            else f"siteselect surface: the best {len(zones)} zones"
        ),
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
    hexagon (EPSG:4326), with the provenance block of rank's exports
    (:func:`siteselect.report.sources.build_surface_provenance`) where rank's carry it: the
    GeoJSON's ``siteselect`` member (numbers and coordinates to 6 decimals, as rank's), the
    GeoPackage layer's and the Parquet file's ``siteselect`` metadata. The GeoTIFF holds the
    score on a regular grid (see :func:`rasterize_surface`), the provenance in its
    ``siteselect`` tag.
    """
    from siteselect.report.sources import build_surface_provenance

    provenance = build_surface_provenance(result)
    if fmt == "tif":
        return _encode_geotiff(result, provenance)
    frame = result.to_geodataframe()
    if fmt == "parquet":
        try:
            import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
        except ImportError:
            msg = "GeoParquet needs pyarrow: pip install pyarrow (or write .gpkg / .tif)"
            raise OutputError(msg) from None
        return encode_parquet_frame(frame, provenance)
    if fmt == "geojson":
        floats = frame.select_dtypes("float").columns
        frame[floats] = frame[floats].round(DIGITS)
        return build_frame_geojson(frame, provenance).encode("utf-8")
    if fmt == "gpkg":
        return encode_ogr_frame(frame, "surface", "gpkg", provenance)
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


def _encode_geotiff(result: SurfaceResult, provenance: Mapping[str, Any]) -> bytes:
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
                siteselect=json.dumps(provenance, ensure_ascii=False, sort_keys=True),
            )
        return bytes(memory.read())


# --------------------------------------------------------------------------------------- map


def read_surface_layers(result: SurfaceResult, data_dir: Path | None = None) -> MapLayers:
    """What a surface map draws around the score: the proposals' base layers (states and
    their names, the neighbouring countries, the main places, railways, the main highways of
    the search's road graph)."""
    from siteselect.context import read_road_graph
    from siteselect.layers.store import LayerStore
    from siteselect.report.map_layers import read_base_layers

    store = LayerStore(data_dir)
    try:
        graph = read_road_graph(result.config, store)
    except DataError:  # no graph: the map is drawn without highways
        graph = None
    return read_base_layers(store, graph)


def render_surface_png(
    result: SurfaceResult,
    zones: pd.DataFrame | None = None,
    *,
    dpi: int = 150,
    layers: MapLayers | None = None,
) -> bytes:
    """A map of the surface a reader takes in at a glance: the score's colours over Mexico's
    states (land in a light neutral, the United States in another, the sea in blue), state
    and city labels placed without collisions, the main highways, existing parks, the numbered
    best zones, a scale bar, a north arrow, a legend and the credits in a legible size.

    Drawn with matplotlib from :func:`rasterize_surface`, in EPSG:6372; ``layers`` default to
    :func:`read_surface_layers`.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        msg = f"--png needs matplotlib; {PLOT_HINT}"
        raise OutputError(msg) from None
    import shapely
    from matplotlib.lines import Line2D

    from siteselect.layers import lonlat_to_metric
    from siteselect.report import charts
    from siteselect.report.i18n import read_messages
    from siteselect.surface.grid import parse_cell_ids

    m = read_messages("en")
    base = layers if layers is not None else read_surface_layers(result)
    array, transform, _ = rasterize_surface(result)
    height, width = array.shape
    left, top = transform.c, transform.f
    grid_box = (left, left + width * transform.a, top + height * transform.e, top)
    # A frame with room around the grid for the scale bar, the arrow and labels.
    pad = 0.08 * max(grid_box[1] - grid_box[0], grid_box[3] - grid_box[2])
    extent = (grid_box[0] - pad, grid_box[1] + pad, grid_box[2] - pad, grid_box[3] + pad)
    aspect = (extent[3] - extent[2]) / (extent[1] - extent[0])
    # The credits in a legible size, wrapped to the page: they set the bottom margin.
    credits = textwrap.wrap(" · ".join((m.t("map.attribution"), *result.provenance)), 175)
    map_height = min(max(8.4 * aspect, 4.0), 12.0)
    bottom_in = 0.55 + 0.13 * len(credits)
    fig = Figure(figsize=(10.0, map_height + bottom_in + 0.45), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    total = map_height + bottom_in + 0.45
    ax = fig.add_axes((0.02, bottom_in / total, 0.84, map_height / total))
    window = shapely.box(extent[0], extent[2], extent[1], extent[3]).buffer(50_000)
    clip = [shapely.intersection(g, window) for g in base.neighbours]
    charts.add_polygons(
        ax, [g for g in clip if not g.is_empty], facecolor=charts.NEIGHBOUR, edgecolor="none"
    )
    states = [g for g in shapely.intersection(list(base.states), window) if not g.is_empty]
    charts.add_polygons(ax, states, facecolor=charts.LAND, edgecolor="none", zorder=1)
    image = ax.imshow(
        array, extent=grid_box, cmap="viridis", interpolation="nearest", alpha=0.9, zorder=2
    )
    charts.add_polygons(ax, states, facecolor="none", edgecolor="#6f6a5f", linewidth=0.6, zorder=3)
    roads = base.roads
    if roads is not None and len(roads):
        inside = (
            (np.maximum(roads[:, 0], roads[:, 2]) >= extent[0])
            & (np.minimum(roads[:, 0], roads[:, 2]) <= extent[1])
            & (np.maximum(roads[:, 1], roads[:, 3]) >= extent[2])
            & (np.minimum(roads[:, 1], roads[:, 3]) <= extent[3])
        )
        shown = roads[inside]
        trunk = shown[:, 4] >= 0.12
        for rows, width_pt in ((shown[~trunk], 0.4), (shown[trunk], 0.9)):
            charts.add_segments(
                ax, rows[:, :4], color="#4a4036", linewidth=width_pt, alpha=0.55, zorder=3
            )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(charts.SEA)
    for spine in ax.spines.values():
        spine.set_color(charts.BORDER)
    ax.apply_aspect()
    placed = charts.reserved_boxes(ax)
    parks = result.parks
    grid = parse_cell_ids(result.cells.index)
    on_grid = np.isin(parks["cell"].to_numpy(dtype=np.int64), grid)
    ax.scatter(
        parks["x"].to_numpy()[on_grid],
        parks["y"].to_numpy()[on_grid],
        s=10,
        c="#d7301f",
        edgecolors="white",
        linewidths=0.4,
        zorder=5,
    )
    if zones is not None and len(zones):
        zx, zy = lonlat_to_metric().transform(
            zones["best_lon"].to_numpy(), zones["best_lat"].to_numpy()
        )
        renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
        for label, x, y in zip(zones["zone"], zx, zy, strict=True):
            mark = ax.annotate(
                str(int(label)),
                (x, y),
                color=charts.INK,
                fontsize=7.5,
                fontweight="bold",
                ha="center",
                va="center",
                bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": charts.INK, "lw": 0.5},
                zorder=7,
            )
            placed.append(mark.get_window_extent(renderer))

    # Places on the scored grid only (Mexico City beside it would take the labels' budget).
    def scored(x: float, y: float) -> bool:
        col, row = int((x - left) / transform.a), int((y - top) / transform.e)
        return 0 <= row < height and 0 <= col < width and bool(np.isfinite(array[row, col]))

    on_map = tuple(p for p in base.places if scored(p.x, p.y))
    labelled = dataclasses.replace(base, places=on_map)
    charts.draw_place_labels(ax, labelled, extent, placed, m.t("map.label.us"), halo=True)
    charts.draw_scale_bar(ax, m)
    charts.draw_north_arrow(ax, m.t("map.north"))
    bar_ax = fig.add_axes((0.875, 0.30, 0.022, 0.46))
    fig.colorbar(image, cax=bar_ax).set_label(
        f"Suitability score ({result.method.upper()}; higher is better)", fontsize=8
    )
    bar_ax.tick_params(labelsize=7)
    handles = [
        Line2D([], [], marker="o", color="#d7301f", markeredgecolor="white", linestyle="", ms=5),
        Line2D([], [], marker="o", color="white", markeredgecolor=charts.INK, linestyle="", ms=9),
        Line2D([], [], color="#4a4036", linewidth=0.9, alpha=0.7),
        Line2D([], [], color="#6f6a5f", linewidth=0.6),
    ]
    names = ["Existing industrial park", "Best zones (numbered)", "Main highways", "State line"]
    fig.legend(
        handles,
        names,
        loc="lower left",
        bbox_to_anchor=(0.02, (0.18 + 0.13 * len(credits)) / total),
        ncol=4,
        fontsize=7.5,
        frameon=False,
    )
    ax.set_title(
        f"Where to build the next park: suitability for the {result.config.profile.name} "
        f"profile (H3 resolution {result.res}; {', '.join(result.corridors)})",
        fontsize=10,
        loc="left",
        color=charts.INK,
        parse_math=False,
    )
    fig.text(
        0.02,
        (0.1 + 0.13 * len(credits)) / total,
        "\n".join(credits),
        fontsize=6.5,
        color="#52606d",
        va="top",
        linespacing=1.35,
        parse_math=False,
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
