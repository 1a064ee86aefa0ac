"""Exports: JSON, CSV and GeoJSON documents of results (text; the writer puts them on disk)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import OutputError
from siteselect.frames import cell
from siteselect.report.numbers import round_value
from siteselect.report.text import neutralise_cell

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.results import Comparison, CriterionValue, Explanation, RankResult, Sensitivity

FORMATS = ("table", "json", "csv", "geojson")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".geojson": "geojson", ".txt": "table"}
METHOD_COLUMNS = ("closeness", "phi_plus", "phi_minus", "phi", "S", "R", "Q")
WEIGHTS_NOTE = "weights normalised to sum to 1"
ILLUSTRATIVE_NOTE = (
    "illustrative values (replace with your own) influenced the score through: {columns}"
)


def format_from_path(path: Path | None, fmt: str | None, formats: tuple[str, ...] = FORMATS) -> str:
    """Pick the output format: explicit ``--format``, else from the file suffix, else ``table``."""
    if fmt:
        return fmt
    if path is None or str(path) == "-":
        return "table"
    found = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if found is None or found not in formats:
        msg = (
            f"cannot tell the format of {path} from its suffix; use --format "
            f"({', '.join(formats)}) or a .json/.csv/.geojson name"
        )
        raise OutputError(msg)
    return found


def _method_figures(row: pd.Series) -> dict[str, float | None]:
    return {k: round_value(row[k]) for k in METHOD_COLUMNS if k in row.index}


def criterion_json(value: CriterionValue, *, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """One criterion of one candidate as JSON: raw, unit, normalised, contribution, nearest."""
    entry: dict[str, Any] = {
        "raw": round_value(value.raw),
        "unit": value.unit,
        "normalised": round_value(value.value),
        "weight": round_value(value.weight),
        "contribution": round_value(value.contribution),
    }
    if keys is not None:
        entry = {k: entry[k] for k in keys}
    if value.reaches:
        entry["nearest"] = (
            None
            if value.nearest is None
            else {"layer": value.nearest.layer, "id": value.nearest.id, "name": value.nearest.name}
        )
    if value.details:
        entry["details"] = {k: round_value(v) for k, v in value.details.items()}
    if value.illustrative:
        entry["illustrative"] = True
    return entry


def _identity(result: RankResult, cid: str) -> dict[str, Any]:
    from siteselect.results import IDENTITY_COLUMNS

    frame = result.candidates.frame
    fields: dict[str, Any] = {"id": cid, "name": str(cell(frame, cid, "name"))}
    for key in IDENTITY_COLUMNS:
        if key in frame.columns:
            value = cell(frame, cid, key)
            fields[key] = None if _missing(value) else str(value)
    return fields


def _missing(value: Any) -> bool:
    try:
        return bool(value != value) or value is None
    except (TypeError, ValueError):
        return False


def _meta(result: RankResult) -> dict[str, Any]:
    meta = result.describe()
    meta["weights"] = {k: round_value(v) for k, v in meta["weights"].items()}
    meta["weights_note"] = WEIGHTS_NOTE
    return {
        key: meta[key]
        for key in (
            "profile",
            "method",
            "weights_method",
            "weights",
            "weights_note",
            "corridors",
            "considered",
            "passed_constraints",
        )
    }


def eliminated_json(result: RankResult) -> list[dict[str, Any]]:
    """Every candidate removed, with its stage and reason (and the constraint it fails)."""
    out = []
    for cid, row in result.eliminated.iterrows():
        constraint = row.get("constraint")
        out.append(
            {
                "id": str(cid),
                "name": str(row["name"]),
                "stage": str(row["stage"]),
                "reason": str(row["reason"]),
                "constraint": None if _missing(constraint) else str(constraint),
            }
        )
    return out


def build_rank_json(result: RankResult) -> dict[str, Any]:
    """The JSON document of a ranking: context, shortlist with per-criterion values, removals."""
    results = []
    for cid, row in result.shortlist.iterrows():
        entry = _identity(result, str(cid))
        entry["rank"] = int(row["rank"])
        entry["score"] = round_value(row["score"])
        entry.update(_method_figures(row))
        entry["criteria"] = {
            v.criterion: criterion_json(v, keys=("raw", "unit", "normalised", "contribution"))
            for v in result.criterion_values(str(cid))
        }
        results.append(entry)
    doc = _meta(result)
    doc["results"] = results
    doc["eliminated"] = eliminated_json(result)
    doc["constraints"] = [
        {"constraint": e.constraint, "removed": e.removed} for e in result.eliminations
    ]
    doc["illustrative"] = list(result.illustrative)
    doc["notes"] = list(result.notes)
    doc["provenance"] = list(result.provenance)
    return doc


def build_explanation_json(explanation: Explanation) -> dict[str, Any]:
    """The JSON document of ``explain``."""
    doc: dict[str, Any] = {
        "id": explanation.id,
        "name": explanation.name,
        "method": explanation.method,
        "of": explanation.of,
    }
    doc.update(explanation.fields)
    doc["rank"] = explanation.rank
    if explanation.rank is not None:
        doc["score"] = round_value(explanation.score)
    else:
        doc["eliminated_by"] = explanation.eliminated_by
    doc["criteria"] = [
        {"criterion": v.criterion, **criterion_json(v)} for v in explanation.criteria
    ]
    doc["access"] = access_json(explanation)
    doc["notes"] = list(explanation.notes)
    return doc


def access_json(explanation: Explanation) -> dict[str, Any]:
    """What the score's own measures reached: each nearest feature by road or straight line,
    and the labour sheds (people within N minutes) of the population criteria."""
    nearest = []
    for v in explanation.criteria:
        if not v.reaches:
            continue
        entry: dict[str, Any] = {
            "criterion": v.criterion,
            "layer": v.nearest.layer if v.nearest else target_label(v.parameters.get("to")),
            "id": v.nearest.id if v.nearest else None,
            "name": v.nearest.name if v.nearest else None,
        }
        if v.measure in ("drive_time", "drive_distance"):
            entry["drive_min"] = round_value(
                v.raw if v.unit == "min" else v.details.get("drive_min")
            )
            entry["drive_km"] = round_value(v.raw if v.unit == "km" else v.details.get("drive_km"))
            entry["straight_km"] = round_value(v.details.get("straight_km"))
        else:
            entry["straight_km"] = round_value(v.raw)
        nearest.append(entry)
    shed = {
        f"{float(v.parameters['minutes']):g}": round_value(v.raw)
        for v in explanation.criteria
        if v.measure == "population_within" and v.unit == "people"
    }
    return {"nearest": nearest, "labour_shed": shed}


def target_label(to: Any) -> str | None:
    """A criterion's ``to`` as outputs show it: a layer name, or a file's name (no folders)."""
    if to is None:
        return None
    if isinstance(to, dict):
        name = Path(str(to.get("path", ""))).name
        return f"{name}:{to['layer']}" if to.get("layer") else name
    text = str(to)
    return Path(text).name if ("/" in text or "\\" in text or Path(text).suffix) else text


def swap_text(comparison: Comparison, names: dict[str, str], index: int) -> str:
    """A sentence saying what single weight change would swap a pair."""
    swap = comparison.swaps[index]
    ahead, behind = names[swap.ahead], names[swap.behind]
    if swap.criterion is None:
        return f"{behind} cannot overtake {ahead} by changing any single weight"
    return (
        f"{behind} overtakes {ahead} if the weight of {swap.criterion!r} goes from "
        f"{swap.weight_from:.3f} to {swap.weight_to:.3f} (others rescaled)"
    )


def build_comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The JSON document of ``compare``."""
    names = {p.id: p.name for p in comparison.parks}
    parks = [
        {
            "id": p.id,
            "name": p.name,
            "rank": p.rank,
            "score": round_value(p.score),
            "criteria": {
                v.criterion: {"criterion": v.criterion, **criterion_json(v)} for v in p.criteria
            },
        }
        for p in comparison.parks
    ]
    swaps = []
    for i, s in enumerate(comparison.swaps):
        entry: dict[str, Any] = {"ahead": s.ahead, "behind": s.behind, "criterion": s.criterion}
        if s.criterion is not None:
            entry["weight_from"] = round_value(s.weight_from)
            entry["weight_to"] = round_value(s.weight_to)
        entry["text"] = swap_text(comparison, names, i)
        swaps.append(entry)
    return {
        "method": comparison.method,
        "weights": dict(comparison.weights),
        "criteria": list(comparison.criteria),
        "parks": parks,
        "swaps": swaps,
    }


def raw_keys(result: RankResult) -> dict[str, str]:
    """Export column of each criterion's raw value, with its unit in the name."""
    from siteselect.criteria import raw_column

    return {c.name: raw_column(c, result.measures[c.name].unit) for c in result.config.criteria}


def build_rank_geojson(result: RankResult) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection (EPSG:4326 lon/lat, no ``crs`` member), in rank order."""
    if not result.candidates.has_location:
        msg = "the candidates have no locations, so there is no GeoJSON to write; use json or csv"
        raise OutputError(msg)
    from siteselect.constants import GEOGRAPHIC_CRS

    ranked = result.shortlist
    geoms = result.candidates.frame.geometry
    lonlat = geoms.loc[ranked.index].to_crs(GEOGRAPHIC_CRS)
    keys = raw_keys(result)
    features = []
    for (cid, row), geom in zip(ranked.iterrows(), lonlat, strict=True):
        props = _identity(result, str(cid))
        props["rank"] = int(row["rank"])
        props["score"] = round_value(row["score"])
        props.update(_method_figures(row))
        for v in result.criterion_values(str(cid)):
            props[keys[v.criterion]] = round_value(v.raw)
            props[f"{v.criterion}_normalised"] = round_value(v.value)
            props[f"{v.criterion}_contribution"] = round_value(v.contribution)
        features.append(
            {
                "type": "Feature",
                "id": str(cid),
                "geometry": geometry_json(geom),
                "properties": props,
            }
        )
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    # Foreign members (RFC 7946 section 6.1) carry the run's context.
    doc["siteselect"] = {
        **_meta(result),
        "illustrative": list(result.illustrative),
        "eliminated": eliminated_json(result),
        "notes": list(result.notes),
        "provenance": list(result.provenance),
    }
    return doc


def geometry_json(geom: Any) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry object, coordinates rounded to 1e-6 degrees."""
    import shapely

    mapping: dict[str, Any] = shapely.geometry.mapping(shapely.set_precision(geom, 1e-6))
    # The round trip turns shapely's coordinate tuples into JSON arrays.
    out: dict[str, Any] = json.loads(json.dumps(mapping))
    return out


def build_frame_geojson(frame: Any) -> str:
    """RFC 7946 GeoJSON text of a GeoDataFrame already in EPSG:4326 (no ``crs`` member)."""
    data: dict[str, Any] = json.loads(frame.to_json(drop_id=True, ensure_ascii=False))
    data.pop("crs", None)
    return json.dumps(data, ensure_ascii=False) + "\n"


def build_rank_csv(result: RankResult, *, raw_csv: bool = False) -> str:
    """One row a ranked candidate: identity, rank, score, method figures, per-criterion values.

    Text cells that a spreadsheet would run as a formula are neutralised unless ``raw_csv``.
    """
    ranked = result.shortlist
    names = [c.name for c in result.config.criteria]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    base = ["rank", "id", "name", "corridor", "state", "score"]
    extras = [k for k in METHOD_COLUMNS if k in ranked.columns]
    keys = raw_keys(result)
    crit_cols = [col for n in names for col in (keys[n], f"{n}_normalised", f"{n}_contribution")]
    # CSV has no header block: the run's context rides along in two last columns, so a
    # spreadsheet built from the file still says what is illustrative and where data came from.
    # Candidates removed on the way (bad rows, corridors, hard constraints) follow the ranked
    # rows, without a rank, their reason in `eliminated`.
    context = ["illustrative_inputs", "provenance"]
    writer.writerow([*base, *extras, *crit_cols, "eliminated", *context])
    illustrative = ";".join(result.illustrative)
    provenance = "; ".join(result.provenance)

    def text(value: Any) -> str:
        s = "" if value is None else str(value)
        return s if raw_csv else neutralise_cell(s)

    for cid, row in ranked.iterrows():
        fields = _identity(result, str(cid))
        values = {v.criterion: v for v in result.criterion_values(str(cid))}
        line: list[Any] = [
            int(row["rank"]),
            text(cid),
            text(fields["name"]),
            text(fields.get("corridor")),
            text(fields.get("state")),
            _fmt(round_value(row["score"])),
        ]
        line += [_fmt(round_value(row[k])) for k in extras]
        for n in names:
            v = values[n]
            line += [_fmt(round_value(x)) for x in (v.raw, v.value, v.contribution)]
        writer.writerow([*line, "", text(illustrative), text(provenance)])
    considered = set(result.candidates.frame.index)
    for entry in eliminated_json(result):
        cid = entry["id"]
        fields = _identity(result, cid) if cid in considered else {"name": entry["name"]}
        line = [
            "",
            text(cid),
            text(fields["name"]),
            text(fields.get("corridor")),
            text(fields.get("state")),
            "",
        ]
        line += ["" for _ in extras]
        if cid in considered:
            values = {v.criterion: v for v in result.criterion_values(cid)}
            for n in names:
                line += [_fmt(round_value(values[n].raw)), "", ""]
        else:
            line += ["" for _ in crit_cols]
        reason = f"{entry['stage']}: {entry['reason']}"
        writer.writerow([*line, text(reason), text(illustrative), text(provenance)])
    return buffer.getvalue()


def _fmt(value: float | None) -> str:
    return "" if value is None else repr(value)


def render_rank_output(result: RankResult, fmt: str, *, raw_csv: bool = False) -> str:
    """Serialise a ranking in a machine format (json, csv, geojson) as text."""
    if fmt == "json":
        return json.dumps(build_rank_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "geojson":
        return json.dumps(build_rank_geojson(result), ensure_ascii=False) + "\n"
    if fmt == "csv":
        return build_rank_csv(result, raw_csv=raw_csv)
    msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
    raise OutputError(msg)


def dump_json(doc: Any) -> str:
    """Indented JSON text with a final newline (non-ASCII kept as is)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def build_sensitivity_json(sens: Sensitivity, names: dict[str, str]) -> dict[str, Any]:
    """The JSON document of ``sensitivity``: acceptability of the ranks shown, and worse."""
    acc = sens.acceptability
    rank_cols = [f"rank_{r}" for r in range(1, sens.shown + 1)] + ["rank_worse"]
    doc: dict[str, Any] = {
        "method": sens.method,
        "samples": sens.samples,
        "seed": sens.seed,
        "concentration": sens.concentration,
        "top_k": sens.top_k,
        "ranks_shown": sens.shown,
        "weights": {k: round_value(v) for k, v in sens.weights.items()},
        "acceptability": [
            {
                "id": str(cid),
                "name": names.get(str(cid), str(cid)),
                "rank": int(cell(acc, cid, "rank")),
                "p_top_k": round_value(cell(acc, cid, "p_top_k")),
                "mean_rank": round_value(cell(acc, cid, "mean_rank")),
                "ranks": {c: round_value(cell(acc, cid, c)) for c in rank_cols},
            }
            for cid in acc.index
        ],
    }
    if sens.sweep is not None:
        doc["sweep"] = json.loads(sens.sweep.to_json(orient="records"))
    if sens.reversal is not None:
        doc["rank_reversal"] = json.loads(sens.reversal.to_json(orient="records"))
    return doc
