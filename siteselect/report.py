"""Report: renders results (rich tables) and is the only module that writes output files."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from siteselect.errors import OutputError
from siteselect.frames import cell, round_value

if TYPE_CHECKING:
    from rich.console import RenderableType

    from siteselect.pipeline import RunResult

FORMATS = ("table", "json", "csv", "geojson")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".geojson": "geojson", ".txt": "table"}
EXTRA_COLUMNS = ("closeness", "phi_plus", "phi_minus", "phi", "S", "R", "Q")
WEIGHTS_NOTE = "weights normalised to sum to 1"
ILLUSTRATIVE_NOTE = (
    "illustrative values (replace with your own) influenced the score through: {columns}"
)


def format_from_path(path: Path | None, fmt: str | None) -> str:
    """Pick the output format: explicit ``--format``, else from the file suffix, else ``table``."""
    if fmt:
        return fmt
    if path is None:
        return "table"
    found = SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        msg = (
            f"cannot tell the format of {path} from its suffix; use --format "
            f"({', '.join(FORMATS)}) or a .json/.csv/.geojson name"
        )
        raise OutputError(msg)
    return found


def _ranked(result: RunResult) -> pd.DataFrame:
    return result.shortlist


def _extras(row: pd.Series) -> dict[str, float | None]:
    return {k: round_value(row[k]) for k in EXTRA_COLUMNS if k in row.index}


def _criteria_block(result: RunResult, cid: str) -> dict[str, dict[str, Any]]:
    from siteselect.pipeline import criterion_values

    keys = ("raw", "unit", "normalised", "contribution")
    return {
        name: {k: entry[k] for k in keys} for name, entry in criterion_values(result, cid).items()
    }


def _meta(result: RunResult) -> dict[str, Any]:
    cfg = result.config
    return {
        "profile": cfg.profile.name,
        "method": result.scores.method,
        "weights_method": result.weights_method,
        "weights": {k: round_value(v) for k, v in result.weights.items()},
        "weights_note": WEIGHTS_NOTE,
        "corridors": list(cfg.search.corridors),
        "considered": len(result.candidates),
        "passed_constraints": len(result.scores.table),
    }


def _candidate_fields(result: RunResult, cid: str) -> dict[str, Any]:
    row = result.candidates.loc[cid]
    fields: dict[str, Any] = {"id": cid, "name": str(row["name"])}
    for key in ("corridor", "state", "municipality", "developer"):
        if key in result.candidates.columns:
            value = row[key]
            fields[key] = None if pd.isna(value) else str(value)
    return fields


def build_json(result: RunResult) -> dict[str, Any]:
    """The JSON document of a run: method, weights, ranked results, eliminated candidates."""
    results = []
    for cid, row in _ranked(result).iterrows():
        entry = _candidate_fields(result, str(cid))
        entry["rank"] = int(row["rank"])
        entry["score"] = round_value(row["score"])
        entry.update(_extras(row))
        entry["criteria"] = _criteria_block(result, str(cid))
        results.append(entry)
    doc = _meta(result)
    doc["results"] = results
    doc["eliminated"] = [
        {"id": str(cid), "name": str(r["name"]), "constraint": str(r["constraint"])}
        for cid, r in result.eliminated.iterrows()
    ]
    doc["constraints"] = [
        {"constraint": e.constraint, "removed": e.removed} for e in result.eliminations
    ]
    doc["illustrative"] = list(result.illustrative)
    doc["notes"] = list(result.notes)
    doc["provenance"] = list(result.provenance)
    return doc


def build_geojson(result: RunResult) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection (EPSG:4326 lon/lat, no ``crs`` member), in rank order."""
    if "geometry" not in result.candidates.columns:
        msg = "the candidates have no locations, so there is no GeoJSON to write; use json or csv"
        raise OutputError(msg)
    import geopandas as gpd

    ranked = _ranked(result)
    geoms = gpd.GeoSeries(result.candidates.geometry, crs=result.candidates.crs)
    lonlat = geoms.loc[ranked.index].to_crs("EPSG:4326")
    features = []
    for (cid, row), geom in zip(ranked.iterrows(), lonlat, strict=True):
        props = _candidate_fields(result, str(cid))
        props["rank"] = int(row["rank"])
        props["score"] = round_value(row["score"])
        props.update(_extras(row))
        keys = _raw_keys(result)
        for name, entry in _criteria_block(result, str(cid)).items():
            props[keys[name]] = entry["raw"]
            props[f"{name}_normalised"] = entry["normalised"]
            props[f"{name}_contribution"] = entry["contribution"]
        features.append(
            {
                "type": "Feature",
                "id": str(cid),
                "geometry": _geometry_json(geom),
                "properties": props,
            }
        )
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    # Foreign members (RFC 7946 section 6.1) carry the run's context.
    doc["siteselect"] = {
        **_meta(result),
        "illustrative": list(result.illustrative),
        "provenance": list(result.provenance),
    }
    return doc


def _geometry_json(geom: Any) -> dict[str, Any]:
    import shapely

    mapping: dict[str, Any] = shapely.geometry.mapping(shapely.set_precision(geom, 1e-6))
    # The round trip turns shapely's coordinate tuples into JSON arrays.
    out: dict[str, Any] = json.loads(json.dumps(mapping))
    return out


def _raw_keys(result: RunResult) -> dict[str, str]:
    """Export column of each criterion's raw value, with its unit in the name."""
    from siteselect.criteria import raw_column

    return {c.name: raw_column(c, result.units.get(c.name)) for c in result.config.criteria}


def build_frame_geojson(frame: Any) -> str:
    """RFC 7946 GeoJSON text of a GeoDataFrame already in EPSG:4326 (no ``crs`` member)."""
    data: dict[str, Any] = json.loads(frame.to_json(drop_id=True, ensure_ascii=False))
    data.pop("crs", None)
    return json.dumps(data, ensure_ascii=False) + "\n"


def build_csv(result: RunResult) -> str:
    """One row a ranked candidate: identity, rank, score, method figures, per-criterion values."""
    ranked = _ranked(result)
    names = [c.name for c in result.config.criteria]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    base = ["rank", "id", "name", "corridor", "state", "score"]
    extras = [k for k in EXTRA_COLUMNS if k in ranked.columns]
    keys = _raw_keys(result)
    crit_cols = [col for n in names for col in (keys[n], f"{n}_normalised", f"{n}_contribution")]
    # CSV has no header block: the run's context rides along in two last columns, so a
    # spreadsheet built from the file still says what is illustrative and where data came from.
    context = ["illustrative_inputs", "provenance"]
    writer.writerow(base + extras + crit_cols + context)
    illustrative = ";".join(result.illustrative)
    provenance = "; ".join(result.provenance)
    for cid, row in ranked.iterrows():
        fields = _candidate_fields(result, str(cid))
        block = _criteria_block(result, str(cid))
        line: list[Any] = [
            int(row["rank"]),
            cid,
            fields["name"],
            fields.get("corridor") or "",
            fields.get("state") or "",
            _fmt(round_value(row["score"])),
        ]
        line += [_fmt(round_value(row[k])) for k in extras]
        for n in names:
            line += [_fmt(block[n][kind]) for kind in ("raw", "normalised", "contribution")]
        writer.writerow([*line, illustrative, provenance])
    return buffer.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else repr(value)


def render_output(result: RunResult, fmt: str) -> str:
    """Serialise a run in a machine format (json, csv, geojson) as text."""
    if fmt == "json":
        return json.dumps(build_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "geojson":
        return json.dumps(build_geojson(result), ensure_ascii=False) + "\n"
    if fmt == "csv":
        return build_csv(result)
    msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
    raise OutputError(msg)


def check_writable(path: Path, *, force: bool = False) -> Path:
    """Raise :class:`OutputError` unless ``path`` can be written; return its folder.

    Called before long computations too, so a refused output costs nothing.
    """
    path = Path(path)
    if path.exists() and not force:
        msg = f"{path} exists; use --force to overwrite it"
        raise OutputError(msg)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        msg = f"cannot write {path}: folder {folder} does not exist"
        raise OutputError(msg)
    return folder


def write_text(path: Path, text: str, *, force: bool = False) -> None:
    """Write a file atomically (temporary file in the same folder, then rename).

    Refuses to overwrite an existing file unless ``force`` is set, so nothing is lost.
    """
    path = Path(path)
    folder = check_writable(path, force=force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise OutputError(msg) from None


def _bar(fraction: float, width: int = 10) -> str:
    fraction = min(max(fraction, 0.0), 1.0)
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def _bar_fraction(method: str, score: float) -> float:
    # PROMETHEE's net flow lies in [-1, 1]; the other methods' scores in [0, 1].
    return (score + 1.0) / 2.0 if method == "promethee" else score


def compute_drivers(result: RunResult, cid: str, k: int = 2) -> tuple[list[str], list[str]]:
    """The criteria that helped and hurt a candidate most.

    A criterion helps by ``weight x value`` and hurts by ``weight x (1 - value)``, where
    ``value`` is its value-function score in [0, 1]: the share of that criterion's weight
    the candidate earned or lost.
    """
    normalised = result.scores.normalised
    weights = result.scores.weights
    cols = [c for c in normalised.columns if weights.get(c, 0) > 0]
    if not cols:
        return [], []
    v = normalised.loc[cid, cols].astype(float).fillna(0.0)
    w = pd.Series({c: weights[c] for c in cols})
    gain: pd.Series = pd.Series(w * v).sort_values(ascending=False, kind="stable")
    loss: pd.Series = pd.Series(w * (1 - v)).sort_values(ascending=False, kind="stable")
    helped = [c for c in gain.index[:k] if gain[c] > 0]
    hurt = [c for c in loss.index[:k] if loss[c] > 0]
    return helped, hurt


def _fmt_raw(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "people":
        return f"{value / 1e6:.2f} M people" if value >= 1e6 else f"{value / 1e3:,.0f} k people"
    if unit == "count":
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.2f} {unit}".strip()


def _title(result: RunResult, shown: int) -> str:
    per = result.config.search.top_per_corridor
    total = len(result.scores.table)
    if per is not None:
        return f"siteselect: the best {per} of each corridor ({shown} of {total} candidates)"
    return f"siteselect: top {shown} of {total} candidates"


def render_shortlist(result: RunResult) -> RenderableType:
    """A rich renderable: the ranked table with drivers, and a footer with context."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    method = result.scores.method
    cfg = result.config
    ranked = _ranked(result)
    units = result.units
    table = Table(
        title=_title(result, len(ranked)),
        title_justify="left",
        header_style="bold",
    )
    table.add_column("#", justify="right")
    table.add_column("Park", overflow="fold", max_width=34)
    table.add_column("Corridor")
    table.add_column("State")
    table.add_column("Score", justify="left", no_wrap=True)
    table.add_column("Helped most", overflow="fold")
    table.add_column("Hurt most", overflow="fold")
    has = set(result.candidates.columns)
    for cid, row in ranked.iterrows():
        cand: Any = result.candidates.loc[str(cid)]
        helped, hurt = compute_drivers(result, str(cid))
        score = float(row["score"])
        table.add_row(
            str(int(row["rank"])),
            str(cand["name"]),
            str(cand["corridor"]) if "corridor" in has else "",
            str(cand["state"]) if "state" in has else "",
            f"{score:6.3f} {_bar(_bar_fraction(method, score))}",
            ", ".join(f"{c} ({_fmt_raw(cell(result.raw, cid, c), units[c])})" for c in helped),
            ", ".join(f"{c} ({_fmt_raw(cell(result.raw, cid, c), units[c])})" for c in hurt),
        )
    weights = ", ".join(f"{k} {v:.2f}" for k, v in result.weights.items())
    lines = [
        f"profile: {cfg.profile.name} | method: {method} | corridors: "
        f"{', '.join(cfg.search.corridors)} | {len(result.candidates)} considered, "
        f"{len(result.scores.table)} passed the constraints",
        f"weights ({result.weights_method}, {WEIGHTS_NOTE}): {weights}",
    ]
    for e in result.eliminations:
        lines.append(f"constraint {e.constraint}: removes {e.removed}")
    for note in result.notes:
        lines.append(f"note: {note}")
    if result.illustrative:
        lines.append(ILLUSTRATIVE_NOTE.format(columns=", ".join(result.illustrative)))
    lines.append("data: " + "; ".join(result.provenance))
    footer = Text("\n".join(lines), style="dim")
    return Group(table, footer)


__all__ = [
    "FORMATS",
    "build_csv",
    "build_geojson",
    "build_json",
    "compute_drivers",
    "format_from_path",
    "render_output",
    "render_shortlist",
    "write_text",
]
