"""Offline maps and charts of proposals, drawn with matplotlib (no tile server, no network).

Every text drawn from data goes through matplotlib with ``parse_math=False``, so a park named
``$x$`` stays text instead of becoming mathtext.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from siteselect.report.i18n import Messages
    from siteselect.report.map_layers import MapLayers, MapPoint
    from siteselect.report.proposal import ProposalView
    from siteselect.report.proposal_view import ContributionView, MapView

DPI = 170
INK = "#1f2a37"
ACCENT = "#0b6e4f"
MUTED = "#9aa5b1"
LAND = "#f3f1ea"
NEIGHBOUR = "#e2e0da"  # the United States: land, but not Mexico's colour
SEA = "#d3e3ee"
BORDER = "#c9c3b3"
ROAD = "#b59e7a"
PLACE = "#3e4a55"
STATE_LABEL = "#8d8577"
MAX_PLACES = 14
ISO_COLOURS = ("#2b8a6e", "#9fd8c4")  # shortest time darkest
MARKERS = {
    "border_crossings": ("^", "#b8322a"),
    "seaports": ("s", "#1f5fa8"),
    "airports": ("P", "#7a4fa3"),
    "power_substations": ("h", "#c77c02"),
    "facility": ("D", "#8a6d1f"),
}
MAX_LABEL = 34
MARGIN = 0.14
"""Share of a map's width kept free on each side of what it frames (the scale bar, the north
arrow and labels sit there)."""
LABEL_OFFSETS = (
    (5, -3, "left", "top"),
    (5, 3, "left", "bottom"),
    (-5, -3, "right", "top"),
    (-5, 3, "right", "bottom"),
    (0, -7, "center", "top"),
    (0, 7, "center", "bottom"),
)
"""Where a label may sit around its point (points; alignment), tried in this order."""


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    # No software/time metadata: the same figure gives the same bytes. A light compression:
    # the PDF and the HTML compress the picture again, and it is drawn in a fraction of the
    # time of zlib's default level.
    fig.savefig(
        buffer,
        format="png",
        dpi=DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 2},
    )
    _pyplot().close(fig)
    return buffer.getvalue()


def _short(text: str, size: int = MAX_LABEL) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _wrap(text: str, width: int = 40, most: int = 3) -> str:
    """A label on at most ``most`` lines of ``width`` characters."""
    import textwrap

    lines = textwrap.wrap(text, width)
    if len(lines) <= most:
        return "\n".join(lines)
    return "\n".join([*lines[: most - 1], _short(" ".join(lines[most - 1 :]), width)])


def _nice_length(span_m: float) -> float:
    """A round scale-bar length (metres) near a fifth of the map's width."""
    target = span_m / 5.0
    power = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * power <= target:
            return float(step * power)
    return float(power)


def reserved_boxes(ax: Any) -> list[Any]:
    """Display boxes of the scale bar (bottom left, with its label) and the north arrow (top
    right): place and state labels keep off them."""
    from matplotlib.transforms import Bbox

    x0, x1 = ax.get_xlim()
    share = _nice_length(x1 - x0) / (x1 - x0)
    boxes = []
    for left, bottom, right, top in (
        (0.02, 0.0, 0.08 + share, 0.16),  # the bar, its ticks and "100 km"
        (0.88, 0.72, 1.0, 1.0),  # N and its arrow
    ):
        (a, b), (c, d) = ax.transAxes.transform([(left, bottom), (right, top)])
        boxes.append(Bbox.from_extents(a, b, c, d))
    return boxes


def draw_scale_bar(ax: Any, m: Messages) -> None:
    """A scale bar of a round length at the bottom left, labelled in the report's language."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length(x1 - x0)
    left = x0 + 0.05 * (x1 - x0)
    base = y0 + 0.06 * (y1 - y0)
    tick = 0.012 * (y1 - y0)
    ax.plot([left, left + length], [base, base], color=INK, linewidth=2.2, solid_capstyle="butt")
    for x in (left, left + length / 2, left + length):
        ax.plot([x, x], [base - tick, base + tick], color=INK, linewidth=1.0)
    ax.text(
        left + length / 2,
        base + 2 * tick,
        m.t("map.scale", km=m.number(length / 1000.0, 0)),
        ha="center",
        va="bottom",
        fontsize=7,
        color=INK,
        parse_math=False,
    )


def draw_north_arrow(ax: Any, north: str) -> None:
    """A north arrow at the top right (EPSG:6372's grid north)."""
    # EPSG:6372 is conformal and its grid north is within a few degrees of true north here.
    ax.annotate(
        north,
        xy=(0.94, 0.93),
        xytext=(0.94, 0.80),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold",
        color=INK,
        arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.5},
        parse_math=False,
    )


def _extent(points: Sequence[tuple[float, float]], minimum_m: float) -> tuple[float, ...]:
    """A square frame around ``points`` with a :data:`MARGIN` on each side."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys), minimum_m)
    half = span / 2 / (1 - 2 * MARGIN)
    return cx - half, cx + half, cy - half, cy + half


def _polygon_path(geom: Any) -> Any:
    """One matplotlib path of a (multi)polygon, holes included."""
    import numpy as np
    from matplotlib.path import Path as MPath

    vertices: list[Any] = []
    codes: list[Any] = []
    polygons = getattr(geom, "geoms", [geom])
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(xy), MPath.LINETO, dtype=np.uint8)
            ring_codes[0] = MPath.MOVETO
            ring_codes[-1] = MPath.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    if not vertices:
        return None
    return MPath(np.concatenate(vertices), np.concatenate(codes))


def add_polygons(ax: Any, geoms: Sequence[Any], **style: Any) -> None:
    """Polygons as one collection (geopandas' plot redraws the figure on every call)."""
    from matplotlib.collections import PathCollection

    paths = [p for p in (_polygon_path(g) for g in geoms) if p is not None]
    if paths:
        ax.add_collection(PathCollection(paths, **style), autolim=False)


def _add_lines(ax: Any, geoms: Sequence[Any], **style: Any) -> None:
    """Lines and multilines as one collection."""
    import numpy as np
    from matplotlib.collections import LineCollection

    segments = []
    for geom in geoms:
        for line in getattr(geom, "geoms", [geom]):
            if not line.is_empty:
                segments.append(np.asarray(line.coords)[:, :2])
    if segments:
        ax.add_collection(LineCollection(segments, **style), autolim=False)


def add_segments(ax: Any, rows: Any, **style: Any) -> None:
    """Line segments ``x0, y0, x1, y1`` as one path (thousands of road segments draw in one
    call, not one path object each)."""
    import numpy as np
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    if not len(rows):
        return
    vertices = np.asarray(rows, dtype=float).reshape(-1, 2)
    codes = np.tile(np.array([MPath.MOVETO, MPath.LINETO], dtype=np.uint8), len(rows))
    patch = PathPatch(MPath(vertices, codes), fill=False, capstyle="round", **style)
    ax.add_artist(patch)  # not add_patch: no data limits walked over every segment


def _draw_base(ax: Any, view: MapView, extent: tuple[float, ...]) -> None:
    import shapely
    from shapely.geometry import box

    window = box(extent[0], extent[2], extent[1], extent[3]).buffer(50_000)
    states = [
        g
        for g in shapely.intersection(list(view.layers.states), window)
        if g is not None and not g.is_empty
    ]
    neighbours = [
        g
        for g in shapely.intersection(list(view.layers.neighbours), window)
        if g is not None and not g.is_empty
    ]
    add_polygons(ax, neighbours, facecolor=NEIGHBOUR, edgecolor=BORDER, linewidth=0.6, zorder=1)
    add_polygons(ax, states, facecolor=LAND, edgecolor=BORDER, linewidth=0.6, zorder=1)
    roads = view.layers.roads
    if roads is not None and len(roads):
        import numpy as np

        inside = (
            (np.maximum(roads[:, 0], roads[:, 2]) >= extent[0])
            & (np.minimum(roads[:, 0], roads[:, 2]) <= extent[1])
            & (np.maximum(roads[:, 1], roads[:, 3]) >= extent[2])
            & (np.minimum(roads[:, 1], roads[:, 3]) <= extent[3])
        )
        shown = roads[inside]
        trunk = shown[:, 4] >= 0.12
        for rows, width in ((shown[~trunk], 0.45), (shown[trunk], 1.1)):
            add_segments(ax, rows[:, :4], color=ROAD, linewidth=width, zorder=2)
    if view.layers.railways is not None:
        rail = [g for g in view.layers.railways if g is not None and g.intersects(window)]
        _add_lines(ax, rail, colors=MUTED, linewidths=0.6, linestyles=(0, (3, 1.5)), zorder=2)
    for _, polygon in view.areas:  # the other shortlisted parks' largest areas, outlined
        add_polygons(
            ax, [polygon], facecolor="none", edgecolor=ACCENT, linewidth=0.7, alpha=0.8, zorder=3
        )
    for minutes_index, (_, polygon) in reversed(list(enumerate(view.isochrones))):
        colour = ISO_COLOURS[min(minutes_index, len(ISO_COLOURS) - 1)]
        add_polygons(
            ax, [polygon], facecolor=colour, alpha=0.55, edgecolor=ACCENT, linewidth=0.5, zorder=3
        )
    if view.lines:
        _add_lines(ax, list(view.lines), colors="#8a6d1f", linewidths=2.2, zorder=4)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(SEA)  # the sea (neighbouring countries are drawn in their own colour)
    for spine in ax.spines.values():
        spine.set_color(BORDER)


def _inside(p: MapPoint, extent: tuple[float, ...]) -> bool:
    return extent[0] <= p.x <= extent[1] and extent[2] <= p.y <= extent[3]


def _marker_box(ax: Any, p: MapPoint, size: float) -> Any:
    """The display box a marker of ``size`` pixels covers (labels keep off it)."""
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform((p.x, p.y))
    return Bbox.from_extents(x - size, y - size, x + size, y + size)


def _place_label(
    ax: Any, placed: list[Any], text: str, p: MapPoint, *, required: bool, **style: Any
) -> None:
    """Put a label next to its point where it stays inside the frame and overlaps no label or
    marker placed before; a label that fits nowhere is drawn at its first place when
    ``required``, else left out."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    first = None
    for dx, dy, ha, va in LABEL_OFFSETS:
        label = ax.annotate(
            text,
            (p.x, p.y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            parse_math=False,
            **style,
        )
        box = label.get_window_extent(renderer)
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
        inside = inside and box.y1 <= frame.y1
        if inside and not any(box.overlaps(other) for other in placed):
            if first is not None:
                first[0].remove()
            placed.append(box)
            return
        if first is None:
            first = (label, box)
        else:
            label.remove()
    if first is not None:
        if required:
            placed.append(first[1])
        else:
            first[0].remove()


def _draw_points(ax: Any, view: MapView, extent: tuple[float, ...], labels: bool) -> None:
    ax.apply_aspect()  # labels are placed in display space: the frame must be final
    placed = reserved_boxes(ax)
    placed += [_marker_box(ax, p, 9) for p in view.subjects]
    placed += [_marker_box(ax, p, 5) for p in view.facilities if _inside(p, extent)]
    for p in view.facilities:
        if not _inside(p, extent):
            continue
        marker, colour = MARKERS.get(p.kind, MARKERS["facility"])
        ax.scatter(
            p.x, p.y, s=46, marker=marker, color=colour, edgecolor="white", linewidth=0.7, zorder=6
        )
    for p in view.subjects:
        ax.scatter(
            p.x, p.y, s=170, marker="*", color="#e0a800", edgecolor=INK, linewidth=0.8, zorder=7
        )
    if len(view.subjects) > 1:
        for p in view.subjects:
            _place_label(
                ax, placed, p.label, p, required=True, fontsize=7, fontweight="bold", color=INK
            )
    for p in view.facilities:
        if not _inside(p, extent):
            continue
        _, colour = MARKERS.get(p.kind, MARKERS["facility"])
        _place_label(
            ax,
            placed,
            _short(p.label),
            p,
            required=True,
            fontsize=6.5,
            color=colour,
            zorder=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    for p in view.others:
        if _inside(p, extent):
            ax.scatter(p.x, p.y, s=14, color="#5b6770", edgecolor="white", linewidth=0.5, zorder=5)
            if labels:
                _place_label(ax, placed, p.label, p, required=False, fontsize=6, color="#5b6770")
    draw_place_labels(ax, view.layers, extent, placed, view.labels.get("us", ""))


def draw_place_labels(
    ax: Any,
    layers: MapLayers,
    extent: tuple[float, ...],
    placed: list[Any],
    us: str = "",
    *,
    halo: bool = False,
) -> None:
    """The main places (biggest first), the states' names and the neighbour country's, where
    they fit without touching a label, marker, scale bar or arrow already placed; ``halo``
    outlines them in white (over a coloured surface)."""
    style: dict[str, Any] = {}
    if halo:
        from matplotlib import patheffects

        style["path_effects"] = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    shown = 0
    for p in layers.places:
        if shown >= MAX_PLACES:
            break
        if not _inside(p, extent):
            continue
        box = _marker_box(ax, p, 2.5)
        if any(box.overlaps(other) for other in placed):
            continue
        before = len(placed)
        _place_label(
            ax,
            placed,
            _short(p.label, 24),
            p,
            required=False,
            fontsize=6.3,
            color=PLACE,
            zorder=6,
            **style,
        )
        if len(placed) > before:
            ax.scatter(p.x, p.y, s=7, color=PLACE, edgecolor="white", linewidth=0.4, zorder=5)
            placed.append(box)
            shown += 1
    for p in layers.state_labels:
        if not _inside(p, extent):
            continue
        _place_centred(ax, placed, p.label.upper(), p, fontsize=6.2, color=STATE_LABEL, **style)
    if us and layers.neighbours:
        x0, x1, y0, y1 = extent
        for geom in layers.neighbours[:1]:  # the United States
            import shapely

            visible = shapely.intersection(geom, shapely.box(x0, y0, x1, y1))
            if visible.is_empty or visible.area < 0.02 * (x1 - x0) * (y1 - y0):
                continue
            point = visible.representative_point()
            from siteselect.report.map_layers import MapPoint

            _place_centred(
                ax,
                placed,
                us,
                MapPoint("country", us, point.x, point.y),
                fontsize=7,
                color="#7d776b",
            )


def _place_centred(ax: Any, placed: list[Any], text: str, p: MapPoint, **style: Any) -> None:
    """A label centred on its point (state and country names), left out where it would
    touch anything already placed or leave the frame."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    label = ax.text(
        p.x,
        p.y,
        text,
        ha="center",
        va="center",
        fontstyle="italic",
        parse_math=False,
        zorder=4,
        **style,
    )
    box = label.get_window_extent(renderer)
    inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= box.y1 <= frame.y1
    if not inside or any(box.overlaps(other) for other in placed):
        label.remove()
        return
    placed.append(box)


def _legend(fig: Any, view: MapView) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Line2D([], [], marker="*", color="#e0a800", markeredgecolor=INK, linestyle="", ms=11),
    ]
    names = [view.legend["subject"]]
    if view.others:
        handles.append(Line2D([], [], marker="o", color="#5b6770", linestyle="", ms=5))
        names.append(view.legend["park"])
    if view.layers.roads is not None:
        handles.append(Line2D([], [], color=ROAD, linewidth=1.1))
        names.append(view.legend["roads"])
    kinds = sorted({p.kind for p in view.facilities})
    for kind in kinds:
        marker, colour = MARKERS.get(kind, MARKERS["facility"])
        handles.append(Line2D([], [], marker=marker, color=colour, linestyle="", ms=6))
        names.append(view.legend.get(kind, view.legend["facility"]))
    handles.append(Line2D([], [], color=MUTED, linestyle=(0, (3, 1.5)), linewidth=1))
    names.append(view.legend["railways"])
    if view.lines:
        handles.append(Line2D([], [], color="#8a6d1f", linewidth=2))
        names.append(view.legend["rail_used"])
    for i, label in enumerate(view.iso_labels):
        handles.append(Patch(color=ISO_COLOURS[min(i, len(ISO_COLOURS) - 1)], alpha=0.55))
        names.append(label)
    if view.areas:
        handles.append(Patch(facecolor="none", edgecolor=ACCENT, linewidth=0.7))
        names.append(view.labels.get("areas", ""))
    fig.legend(
        handles,
        names,
        loc="lower center",
        ncol=min(len(names), 5),
        fontsize=7,
        frameon=False,
        bbox_to_anchor=(0.5, 0.035),
    )


def render_map_png(view: MapView, m: Messages) -> bytes:
    """Two panels: the region with the facilities the score used, and the park's
    drive-time area (30/60-minute isochrones); scale bars, north arrows, attribution."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 5.4))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.17, wspace=0.04)
    # Other parks are drawn where they fall inside the frames.
    subject = view.subjects[0]
    if view.isochrones:
        bounds = view.isochrones[-1][1].bounds
        local = _extent(
            [(bounds[0], bounds[1]), (bounds[2], bounds[3]), (subject.x, subject.y)], 40_000
        )
    else:
        local = _extent([(subject.x, subject.y)], 120_000)
    # The region frames the park(s), what their scores reached and the local panel's frame
    # (drawn on it as the inset box), so none of them sits on its edge.
    region_points = [(p.x, p.y) for p in (*view.subjects, *view.facilities)]
    for line in view.lines:
        bounds = line.bounds
        region_points += [(bounds[0], bounds[1]), (bounds[2], bounds[3])]
    region_points += [(local[0], local[2]), (local[1], local[3])]
    region = _extent(region_points, 200_000)
    for ax, extent, title, labels in (
        (axes[0], region, view.titles[0], True),
        (axes[1], local, view.titles[1], False),
    ):
        _draw_base(ax, view, extent)
        _draw_points(ax, view, extent, labels)
        draw_scale_bar(ax, m)
        draw_north_arrow(ax, view.north)
        ax.set_title(title, fontsize=9, color=INK, loc="left", parse_math=False)
    if view.isochrones or view.subjects:
        from matplotlib.patches import Rectangle

        axes[0].add_patch(
            Rectangle(
                (local[0], local[2]),
                local[1] - local[0],
                local[3] - local[2],
                fill=False,
                edgecolor=INK,
                linewidth=0.8,
                linestyle="--",
                zorder=8,
            )
        )
    _legend(fig, view)
    fig.text(0.01, 0.008, view.attribution, fontsize=6.5, color="#52606d", parse_math=False)
    return _png(fig)


def render_contributions_png(items: Sequence[ContributionView], m: Messages) -> bytes:
    """Horizontal bars: each criterion's weight, the part the park earned filled in."""
    plt = _pyplot()
    height = 0.42 * max(len(items), 1) + 0.7
    fig, ax = plt.subplots(figsize=(7.2, height))
    fig.subplots_adjust(left=0.34, right=0.8, top=0.97, bottom=0.6 / height)
    labels = [_wrap(i.label) for i in items]
    ys = list(range(len(items)))[::-1]
    weights = [i.weight for i in items]
    earned = [i.earned for i in items]
    ax.barh(ys, weights, color="#e4e7eb", height=0.62, zorder=1)
    ax.barh(ys, earned, color=ACCENT, height=0.62, zorder=2)
    ax.set_yticks(ys)
    for tick in ax.set_yticklabels(labels, fontsize=7.2, color=INK, linespacing=1.0):
        tick.set_parse_math(False)
    top = max(weights) if weights else 1.0
    ax.set_xlim(0, top * 1.02)
    for y, item in zip(ys, items, strict=True):
        ax.text(
            top * 1.04,
            y,
            item.raw_text,
            va="center",
            fontsize=7,
            color=INK,
            parse_math=False,
            clip_on=False,
        )
    ax.xaxis.set_major_formatter(_percent_formatter(m))
    ax.tick_params(axis="x", labelsize=7, colors="#52606d")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(BORDER)
    ax.grid(axis="x", color="#eef0f2", zorder=0)
    ax.set_axisbelow(True)
    return _png(fig)


def _percent_formatter(m: Messages) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: m.percent(x))


@dataclass(frozen=True)
class ProposalImages:
    """The pictures of a proposal as PNG bytes: the map (or ``None``) and one contributions
    chart a park section."""

    map: bytes | None
    charts: tuple[bytes, ...]


def render_proposal_images(view: ProposalView) -> ProposalImages:
    """Draw the map and the charts of a proposal once, for any renderer."""
    m = view.messages
    picture = render_map_png(view.map, m) if view.map is not None else None
    # Only an analyst's document shows what drives each score.
    charts = (
        tuple(render_contributions_png(p.contributions, m) for p in view.parks)
        if view.audience == "analyst"
        else ()
    )
    return ProposalImages(picture, charts)
