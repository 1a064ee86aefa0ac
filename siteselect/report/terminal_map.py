"""A map in the terminal: state outlines in braille dots, places as numbered markers.

Each character cell holds 2 x 4 braille dots, which are square on a terminal whose cells are
twice as tall as wide, so a metric CRS (EPSG:6372) is drawn without distortion. Outlines are
simplified to the size of a dot first; markers (a rank's digit or letter) sit on top, the
first given on top of the others; state names go where they fit without covering anything.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    import geopandas as gpd

# Bit of each dot (column, row) in a braille cell (Unicode block U+2800).
_DOTS = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (1, 0): 0x08,
         (1, 1): 0x10, (1, 2): 0x20, (0, 3): 0x40, (1, 3): 0x80}  # fmt: skip
MARKERS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Marker of the n-th place (1..9, then letters); beyond them ``+``."""


@dataclass(frozen=True)
class MapPlace:
    """A place on the map: its coordinates in the outlines' CRS, its marker and style."""

    x: float
    y: float
    marker: str
    style: str = "bold yellow"


def marker_for(index: int) -> str:
    """The marker of the place at ``index`` (0-based): ``1``..``9``, ``A``..``Z``, ``+``."""
    return MARKERS[index] if 0 <= index < len(MARKERS) else "+"


def compute_extent(
    places: Sequence[MapPlace], *, pad: float = 0.25, minimum: float = 250_000.0
) -> tuple[float, float, float, float]:
    """A box around the places, padded by ``pad`` of its size and at least ``minimum`` wide
    and tall (map units: metres in EPSG:6372)."""
    xs = [p.x for p in places]
    ys = [p.y for p in places]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w = max(x1 - x0, minimum) * (1 + 2 * pad)
    h = max(y1 - y0, minimum) * (1 + 2 * pad)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def render_terminal_map(
    states: gpd.GeoDataFrame,
    places: Sequence[MapPlace],
    width: int,
    height: int,
    *,
    extent: tuple[float, float, float, float] | None = None,
    name_column: str = "state",
) -> Text:
    """The map as ``height`` lines of ``width`` cells.

    Parameters
    ----------
    states
        Polygons to outline, in a metric CRS (the places' CRS).
    places
        Markers, drawn in reverse order so the first is on top.
    width, height
        Size in character cells.
    extent
        ``(xmin, ymin, xmax, ymax)`` to show; default: every state.
    name_column
        Column of ``states`` with the names written on the map.
    """
    import shapely

    width, height = max(width, 4), max(height, 2)
    if extent is None:
        extent = tuple(float(v) for v in states.total_bounds)  # type: ignore[assignment]
    assert extent is not None
    x0, y0, x1, y1 = extent
    dots_w, dots_h = width * 2, height * 4
    scale = max((x1 - x0) / dots_w, (y1 - y0) / dots_h) or 1.0  # map units per dot
    # centre the extent in the canvas
    ox = (x0 + x1) / 2 - scale * dots_w / 2
    oy = (y0 + y1) / 2 + scale * dots_h / 2

    def to_dot(x: float, y: float) -> tuple[float, float]:
        return (x - ox) / scale, (oy - y) / scale

    cells = [[0] * width for _ in range(height)]
    window = shapely.box(ox, oy - scale * dots_h, ox + scale * dots_w, oy)
    shown = states[states.intersects(window)]
    for geom in shown.geometry.simplify(scale):
        for ring in _rings(geom):
            coords = [to_dot(x, y) for x, y in shapely.get_coordinates(ring)]
            for (ax, ay), (bx, by) in itertools.pairwise(coords):
                _line(cells, ax, ay, bx, by, dots_w, dots_h)
    chars: list[list[tuple[str, str]]] = [
        [(chr(0x2800 + c) if c else " ", "grey50") for c in row] for row in cells
    ]
    taken = set()
    for place in reversed(places):
        dx, dy = to_dot(place.x, place.y)
        col, row = int(dx // 2), int(dy // 4)
        if 0 <= col < width and 0 <= row < height:
            chars[row][col] = (place.marker[:1] or "+", place.style)
            taken.add((row, col))
    _write_names(chars, shown, name_column, to_dot, taken)
    out = Text()
    for r, line in enumerate(chars):
        for char, style in line:
            out.append(char, style=style)
        if r < height - 1:
            out.append("\n")
    return out


def _rings(geom: Any) -> list[Any]:
    import shapely

    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out.append(part.exterior)
            out.extend(part.interiors)
        elif part.geom_type in ("LineString", "LinearRing"):
            out.append(part)
    return out


def _line(
    cells: list[list[int]], ax: float, ay: float, bx: float, by: float, w: int, h: int
) -> None:
    """Set the dots of a segment (in dot coordinates), clipped to the canvas."""
    if (ax < 0 and bx < 0) or (ay < 0 and by < 0) or (ax >= w and bx >= w) or (ay >= h and by >= h):
        return
    steps = max(1, math.ceil(max(abs(bx - ax), abs(by - ay))))
    for i in range(steps + 1):
        t = i / steps
        x, y = int(ax + (bx - ax) * t), int(ay + (by - ay) * t)
        if 0 <= x < w and 0 <= y < h:
            cells[y // 4][x // 2] |= _DOTS[(x % 2, y % 4)]


def _write_names(
    chars: list[list[tuple[str, str]]],
    states: gpd.GeoDataFrame,
    column: str,
    to_dot: Any,
    taken: set[tuple[int, int]],
) -> None:
    """Write each state's name at its representative point where it covers no marker."""
    if column not in states.columns:
        return
    height, width = len(chars), len(chars[0])
    for name, point in zip(states[column], states.geometry.representative_point(), strict=True):
        label = str(name)
        dx, dy = to_dot(point.x, point.y)
        row = int(dy // 4)
        start = int(dx // 2) - len(label) // 2
        if not (0 <= row < height) or start < 0 or start + len(label) > width:
            continue
        span = range(start - 1, start + len(label) + 1)
        if any((row, c) in taken for c in span):
            continue
        for i, char in enumerate(label):
            chars[row][start + i] = (char, "italic grey70")
        taken.update((row, c) for c in span)
