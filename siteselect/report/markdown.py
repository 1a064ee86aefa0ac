"""The Markdown table a person pastes: the shortlist in a few columns, chosen with --columns.

``rank -o shortlist.md`` writes the shortlist (rank, park, metro when the candidates have one,
corridor, state, score, what helped and hurt most) as a GitHub-flavoured table, then the
provenance block every export carries. ``--columns`` picks other columns: identity columns,
the score, the drivers, lon/lat, or any criterion's raw value with its unit. The CSV, GeoJSON
and workbook exports keep every property; this table is for reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError
from siteselect.frames import cell
from siteselect.report.numbers import format_raw
from siteselect.report.tabular import ExportColumn, ExportTable, Kind, build_markdown_text
from siteselect.report.text import describe_drivers

if TYPE_CHECKING:
    from siteselect.config import SearchConfig
    from siteselect.results import RankResult

# name -> (header, kind); kinds right-align numbers in the table
FIXED_COLUMNS: dict[str, tuple[str, Kind]] = {
    "rank": ("#", "int"),
    "id": ("Id", "str"),
    "park": ("Park", "str"),
    "metro": ("Metro", "str"),
    "corridor": ("Corridor", "str"),
    "state": ("State", "str"),
    "municipality": ("Municipality", "str"),
    "developer": ("Developer", "str"),
    "score": ("Score", "float"),
    "helped": ("Helped most", "str"),
    "hurt": ("Hurt most", "str"),
    "lon": ("Lon", "float"),
    "lat": ("Lat", "float"),
}
DEFAULT_COLUMNS = ("rank", "park", "metro", "corridor", "state", "score", "helped", "hurt")
"""The columns people paste; ``metro`` only where the candidates have one."""
_IDENTITY = ("metro", "corridor", "state", "municipality", "developer")


def list_markdown_columns(config: SearchConfig) -> list[str]:
    """Every column name ``--columns`` accepts for a search: the fixed ones, then each
    criterion's name (its raw value with the unit)."""
    names = list(FIXED_COLUMNS)
    names += [c.name for c in config.criteria if c.name not in FIXED_COLUMNS]
    return names


def parse_markdown_columns(text: str, config: SearchConfig) -> tuple[str, ...]:
    """``--columns a,b,c`` as names, checked: a :class:`ConfigError` lists the valid names."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    valid = list_markdown_columns(config)
    if not names:
        msg = f"--columns: give at least one column name: {', '.join(valid)}"
        raise ConfigError(msg)
    unknown = [n for n in names if n not in valid]
    if unknown:
        msg = f"--columns: unknown column {unknown[0]!r}; use some of: {', '.join(valid)}"
        raise ConfigError(msg)
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        msg = f"--columns: {repeated[0]!r} is given twice"
        raise ConfigError(msg)
    return tuple(names)


def build_rank_markdown(result: RankResult, columns: Sequence[str] | None = None) -> str:
    """The shortlist as a Markdown table in ``columns`` (default :data:`DEFAULT_COLUMNS`), then
    the provenance block as a list.

    Parameters
    ----------
    result
        The ranking.
    columns
        Names from :func:`list_markdown_columns`, in order; ``None``: the defaults (``metro``
        only when the candidates have that column).
    """
    from siteselect.report.sources import build_provenance

    frame = result.candidates.frame
    if columns is None:
        columns = [c for c in DEFAULT_COLUMNS if c != "metro" or "metro" in frame.columns]
    else:
        columns = list(parse_markdown_columns(",".join(columns), result.config))
    ranked = result.shortlist
    ids = [str(i) for i in ranked.index]
    lonlat = _lonlat(result, ids) if {"lon", "lat"} & set(columns) else {}
    units = result.units
    raw = result.raw
    rows = []
    for cid in ids:
        helped, hurt = (
            describe_drivers(result, cid) if {"helped", "hurt"} & set(columns) else ("", "")
        )
        values: dict[str, Any] = {
            "rank": int(cell(ranked, cid, "rank")),
            "id": cid,
            "park": str(cell(frame, cid, "name")),
            "score": f"{float(cell(ranked, cid, 'score')):.3f}",
            "helped": helped,
            "hurt": hurt,
        }
        for key in _IDENTITY:
            value = cell(frame, cid, key) if key in frame.columns else None
            values[key] = None if value is None or value != value else str(value)
        if values.get("metro") is not None and "metro_name" in frame.columns:
            name = cell(frame, cid, "metro_name")  # a reader knows the metro by its name
            values["metro"] = str(name) if name is not None and name == name else values["metro"]
        if cid in lonlat:
            values["lon"], values["lat"] = lonlat[cid]
        for name in units:
            if name not in FIXED_COLUMNS:
                values[name] = format_raw(float(cell(raw, cid, name)), units[name])
        rows.append(tuple(values.get(name) for name in columns))
    table = ExportTable(
        name="shortlist",
        columns=tuple(_column(name) for name in columns),
        rows=tuple(rows),
        provenance=build_provenance(result),
    )
    return build_markdown_text(table)


def _column(name: str) -> ExportColumn:
    if name in FIXED_COLUMNS:
        header, kind = FIXED_COLUMNS[name]
        return ExportColumn(header, kind)
    return ExportColumn(name, "float")  # a criterion's raw value: right-aligned


def _lonlat(result: RankResult, ids: list[str]) -> dict[str, tuple[float, float]]:
    """Longitude and latitude (6 decimals) of the located candidates among ``ids``."""
    from siteselect.constants import GEOGRAPHIC_CRS

    if not result.candidates.has_location:
        return {}
    points = result.candidates.frame.geometry.loc[ids].to_crs(GEOGRAPHIC_CRS)
    out = {}
    for cid, geom in points.items():
        if geom is not None and not geom.is_empty:
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            out[str(cid)] = (round(float(point.x), 6), round(float(point.y), 6))
    return out
