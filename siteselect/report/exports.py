"""Exports: JSON, CSV and GeoJSON documents of results (text; the writer puts them on disk)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError, OutputError
from siteselect.frames import cell
from siteselect.report.definitions import build_criterion_definitions, target_label
from siteselect.report.facts_export import (
    build_facts_json,
    build_requirements_json,
    check_json,
    fact_columns,
    fact_row,
    facts_tables,
    park_facts_json,
    park_requirements_json,
)
from siteselect.report.numbers import round_value
from siteselect.report.sources import illustrative_inputs
from siteselect.report.tabular import (
    TABLE_FORMATS,
    TABLE_SUFFIXES,
    ExportColumn,
    ExportTable,
    build_csv_bytes,
    build_csv_text,
    build_geojson_document,
    build_geometry_json,
    build_table_bytes,
)
from siteselect.report.text import describe_fact_basis

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.results import Comparison, CriterionValue, Explanation, RankResult, Sensitivity

FORMATS = ("table", "json", *TABLE_FORMATS)
SUFFIX_FORMATS = {".json": "json", ".txt": "table", **TABLE_SUFFIXES}
METHOD_COLUMNS = ("closeness", "phi_plus", "phi_minus", "phi", "S", "R", "Q")
WEIGHTS_NOTE = "weights normalised to sum to 1"


SUFFIX_ALSO = {".json": ("geojson",), ".txt": ("json", "csv", "md", "geojson")}
"""Formats a suffix also holds with ``--format`` (GeoJSON is JSON; .txt is any text)."""


def format_from_path(path: Path | None, fmt: str | None, formats: tuple[str, ...] = FORMATS) -> str:
    """Pick the output format: explicit ``--format``, else from the file suffix, else ``table``.

    A ``--format`` that a file's known suffix contradicts (``-o y.csv --format geojson``) is a
    :class:`ConfigError`, not GeoJSON written into a ``.csv``.
    """
    suffix = Path(path).suffix.lower() if path is not None and str(path) != "-" else ""
    if fmt:
        implied = SUFFIX_FORMATS.get(suffix)
        if implied is not None and fmt != implied and fmt not in SUFFIX_ALSO.get(suffix, ()):
            msg = (
                f"-o {path} says {implied} but --format says {fmt}; drop --format or name "
                f"the file for {fmt}"
            )
            raise ConfigError(msg)
        return fmt
    if path is None or str(path) == "-":
        return "table"
    found = SUFFIX_FORMATS.get(suffix)
    if found is None or found not in formats:
        msg = (
            f"cannot tell the format of {path} from its suffix; use --format "
            f"({', '.join(formats)}) or a name ending in "
            f"{', '.join(k for k, v in SUFFIX_FORMATS.items() if v in formats)}"
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
    if "from_facts" in value.details:
        basis: dict[str, Any] = {
            "from": "facts" if value.details["from_facts"] > 0 else "grid_fallback",
            "text": describe_fact_basis(value),
        }
        if value.facts:
            basis["file"] = value.facts_file
            basis["facts"] = {f.key: f.to_json() for f in value.facts}
        entry["basis"] = basis
    if value.illustrative:
        entry["illustrative"] = True
    return entry


def _identity(result: RankResult, cid: str) -> dict[str, Any]:
    return _removed_identity(result.candidates.frame, cid)


def _removed_identity(frame: pd.DataFrame, cid: str) -> dict[str, Any]:
    """A candidate's id, name and where and whose it is, from ``frame``: the candidates, or
    the removal table of one removed before scoring (a park outside the corridors keeps its
    corridor and state)."""
    from siteselect.constants import IDENTITY_COLUMNS

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
    # Column lists, not iterrows: a row Series costs ~0.1 ms, 1.5 s for 14,000 removals.
    frame = result.eliminated
    constraints = (
        frame["constraint"].tolist() if "constraint" in frame.columns else [None] * len(frame)
    )
    return [
        {
            "id": str(cid),
            "name": str(name),
            "stage": str(stage),
            "reason": str(reason),
            "constraint": None if _missing(constraint) else str(constraint),
        }
        for cid, name, stage, reason, constraint in zip(
            frame.index.tolist(),
            frame["name"].tolist(),
            frame["stage"].tolist(),
            frame["reason"].tolist(),
            constraints,
            strict=True,
        )
    ]


def _metro(result: RankResult, cid: str) -> dict[str, Any]:
    frame = result.candidates.frame
    if "metro" not in frame.columns:
        return {"metro": None, "metro_name": None}
    return {
        "metro": str(cell(frame, cid, "metro")),
        "metro_name": str(cell(frame, cid, "metro_name")),
    }


def _method_ranks(result: RankResult, cid: str) -> dict[str, Any]:
    a = result.agreement
    ranks = {m: int(cell(a.ranks, cid, m)) for m in a.methods}
    return {
        "method_ranks": ranks,
        "rank_range": [min(ranks.values()), max(ranks.values())],
        "one_method_alone": cid in a.alone,
    }


def build_agreement_json(result: RankResult) -> dict[str, Any]:
    """How far the four methods agree: tau-b per pair, the top's rank ranges, the parks in the
    configured method's top N that no other method has in its top N."""
    a = result.agreement
    low, high = a.tau_range
    return {
        "chosen": a.chosen,
        "methods": list(a.methods),
        "top_n": a.top_n,
        "tau_b": [{"a": x, "b": y, "tau_b": round_value(t)} for (x, y), t in a.tau],
        "tau_b_range": [round_value(low), round_value(high)],
        "top": [
            {
                "id": str(cid),
                "ranks": {m: int(cell(a.ranks, cid, m)) for m in a.methods},
                "rank_min": int(a.rank_min[cid]),
                "rank_max": int(a.rank_max[cid]),
            }
            for cid in a.ranks.index[: a.top_n]
        ],
        "alone": list(a.alone),
    }


def build_consensus_json(result: RankResult) -> dict[str, Any] | None:
    """The consensus that orders the ranking, or ``None``."""
    c = result.consensus
    if c is None:
        return None
    return {
        "rule": c.rule,
        "methods": list(c.methods),
        "samples": c.samples,
        "seed": c.seed,
        "voters": c.voters,
    }


def held_back_json(result: RankResult) -> list[dict[str, Any]]:
    """The parks the ``[shortlist]`` rule held back: rank, score, metro and the reason."""
    return [
        {
            "id": str(cid),
            "name": str(row["name"]),
            "rank": int(row["rank"]),
            "score": round_value(row["score"]),
            "metro": str(row["metro"]),
            "metro_name": str(row["metro_name"]),
            "reason": str(row["reason"]),
        }
        for cid, row in result.held_back.iterrows()
    ]


def build_rank_json(result: RankResult) -> dict[str, Any]:
    """The JSON document of a ranking: context, shortlist with per-criterion values, the parks
    the shortlist rule held back, how far the methods agree, removals."""
    results = []
    flagged = illustrative_inputs(result)
    for cid, row in result.shortlist.iterrows():
        entry = _identity(result, str(cid))
        entry.update(_metro(result, str(cid)))
        entry["rank"] = int(row["rank"])
        entry["score"] = round_value(row["score"])
        entry.update(_method_figures(row))
        if result.consensus is not None:
            entry["consensus_points"] = round_value(row["points"])
        entry.update(_method_ranks(result, str(cid)))
        entry["criteria"] = {
            v.criterion: criterion_json(v, keys=("raw", "unit", "normalised", "contribution"))
            for v in result.criterion_values(str(cid))
        }
        entry["illustrative"] = list(flagged)
        entry["facts"] = park_facts_json(result, str(cid))
        entry["requirements"] = park_requirements_json(result, str(cid))
        results.append(entry)
    doc = _meta(result)
    doc["consensus"] = build_consensus_json(result)
    doc["max_per_metro"] = result.config.shortlist.max_per_metro
    doc["results"] = results
    doc["held_back"] = held_back_json(result)
    doc["agreement"] = build_agreement_json(result)
    doc["facts"] = build_facts_json(result)
    doc["requirements"] = build_requirements_json(result)
    doc["eliminated"] = eliminated_json(result)
    marked = set(result.constraints.illustrative)
    doc["constraints"] = [
        {"constraint": e.constraint, "removed": e.removed, "illustrative": e.constraint in marked}
        for e in result.eliminations
    ]
    doc["illustrative"] = flagged
    doc["notes"] = list(result.notes)
    doc["provenance"] = list(result.provenance)
    # What every export's provenance block carries: who made it, from which config and data.
    from siteselect.report.sources import build_provenance

    block = build_provenance(result)
    doc["build"] = build_block(block)
    return doc


BUILD_KEYS = ("tool", "version", "config_sha256", "criteria", "sources")
"""What a JSON document's ``build`` member keeps of the provenance block (the rest of the
block, weights and counts, is in the document itself)."""


def build_block(provenance: Mapping[str, Any]) -> dict[str, Any]:
    """The ``build`` member of a JSON document: who made it, from which config, criteria
    (each one's definition) and data."""
    return {k: provenance[k] for k in BUILD_KEYS}


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
    doc["facts"] = {f.key: f.to_json() for f in explanation.facts}
    doc["requirements"] = {c.requirement: check_json(c) for c in explanation.requirements}
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


def build_rank_table(result: RankResult) -> ExportTable:
    """The shortlist (with the parks the ``[shortlist]`` rule held back, in rank order), then
    every eliminated candidate, as one :class:`ExportTable`.

    Per row: identity, ``status`` (``ranked``/``eliminated``), rank, score and method figures,
    for each criterion its raw value (column named with its unit), normalised value,
    contribution, the feature it reached and that measure's details, the illustrative inputs
    and, for eliminated rows, the stage, reason and constraint; last, the park's ``metro`` and
    ``metro_name``, ``shortlist`` (``selected`` or ``held back``; empty when eliminated) and the
    ``shortlist_reason`` of a park held back. Geometries are the candidates' footprints (or
    points) in EPSG:4326.
    """
    from siteselect.constants import IDENTITY_COLUMNS
    from siteselect.report.sources import build_provenance

    frame = result.candidates.frame
    selected = set(result.shortlist.index)
    held = result.held_back
    # the shortlist and the parks the rule held back, in rank order
    ranked = result.ranking.loc[
        [i for i in result.ranking.index if i in selected or i in held.index]
    ]
    eliminated = result.eliminated
    extras = [k for k in METHOD_COLUMNS if k in ranked.columns]
    identity = [
        k for k in IDENTITY_COLUMNS if k in frame.columns and k not in ("corridor", "state")
    ]
    keys = raw_keys(result)
    columns: list[ExportColumn] = [
        ExportColumn("rank", "int"),
        ExportColumn("id", "str"),
        ExportColumn("name", "str"),
        ExportColumn("corridor", "str"),
        ExportColumn("state", "str"),
        ExportColumn("score", "float", "score"),
        ExportColumn("status", "str"),
        *(ExportColumn(k, "str") for k in identity),
        *(ExportColumn(k, "float", "score") for k in extras),
    ]
    detail_keys: dict[str, list[str]] = {}
    for c in result.config.criteria:
        m = result.measures[c.name]
        columns += [
            ExportColumn(keys[c.name], "float", m.unit),
            ExportColumn(f"{c.name}_normalised", "float", "score"),
            ExportColumn(f"{c.name}_contribution", "float", "score"),
        ]
        if m.nearest is not None:
            columns += [
                ExportColumn(f"{c.name}_nearest_id", "str"),
                ExportColumn(f"{c.name}_nearest_name", "str"),
            ]
        detail_keys[c.name] = sorted(m.details)
        columns += [ExportColumn(f"{c.name}_{k}", "float") for k in detail_keys[c.name]]
    columns += fact_columns(result)
    columns += [
        ExportColumn("eliminated_stage", "str"),
        ExportColumn("eliminated_reason", "str"),
        ExportColumn("eliminated_constraint", "str"),
        ExportColumn("illustrative_inputs", "str"),
        # appended last: the columns before keep their places
        ExportColumn("metro", "str"),
        ExportColumn("metro_name", "str"),
        ExportColumn("shortlist", "str"),
        ExportColumn("shortlist_reason", "str"),
    ]
    illustrative = ";".join(illustrative_inputs(result)) or None
    has_metro = "metro" in frame.columns
    ids = ranked.index.astype(str).tolist() + eliminated.index.astype(str).tolist()
    rows: list[tuple[Any, ...]] = []
    for cid in ids:
        in_frame = cid in frame.index
        is_ranked = cid in ranked.index
        fields = _identity(result, cid) if in_frame else _removed_identity(eliminated, cid)
        row: list[Any] = [
            int(cell(ranked, cid, "rank")) if is_ranked else None,
            cid,
            fields.get("name"),
            fields.get("corridor"),
            fields.get("state"),
            float(cell(ranked, cid, "score")) if is_ranked else None,
            "ranked" if is_ranked else "eliminated",
            *(fields.get(k) for k in identity),
            *(_number(cell(ranked, cid, k)) if is_ranked else None for k in extras),
        ]
        values = {v.criterion: v for v in result.criterion_values(cid)} if in_frame else {}
        for c in result.config.criteria:
            v = values.get(c.name)
            row += [
                _number(v.raw) if v else None,
                v.value if v else None,
                v.contribution if v else None,
            ]
            if result.measures[c.name].nearest is not None:
                near = v.nearest if v else None
                row += [near.id if near else None, near.name if near else None]
            row += [_number(v.details.get(k)) if v else None for k in detail_keys[c.name]]
        row += fact_row(result, cid if in_frame else None)
        if is_ranked:
            row += [None, None, None]
        else:
            constraint = cell(eliminated, cid, "constraint")
            row += [
                str(cell(eliminated, cid, "stage")),
                str(cell(eliminated, cid, "reason")),
                None if _missing(constraint) else str(constraint),
            ]
        row.append(illustrative)
        row += [
            str(cell(frame, cid, "metro")) if in_frame and has_metro else None,
            str(cell(frame, cid, "metro_name")) if in_frame and has_metro else None,
            ("held back" if cid in held.index else "selected") if is_ranked else None,
            str(cell(held, cid, "reason")) if cid in held.index else None,
        ]
        rows.append(tuple(row))
    geometry = None
    if result.candidates.has_location:
        geometry = _lonlat_geometries(result, ids)
    return ExportTable(
        name="shortlist",
        columns=tuple(columns),
        rows=tuple(rows),
        geometry=geometry,
        provenance=build_provenance(result),
        extra=(build_criteria_table(result), *facts_tables(result)),
    )


def _number(value: Any) -> float | None:
    """A finite float, or ``None`` (missing, NaN, unreachable)."""
    if value is None or _missing(value):
        return None
    x = float(value)
    return None if math.isinf(x) else x


def _lonlat_geometries(result: RankResult, ids: list[str]) -> tuple[Any, ...]:
    """Footprints (or points) of the given ids in EPSG:4326; ``None`` for ids not located."""
    import geopandas as gpd

    from siteselect.constants import GEOGRAPHIC_CRS

    candidates = result.candidates
    geoms = candidates.footprints
    if geoms is None:
        geoms = candidates.frame.geometry
    known = [i for i in ids if i in geoms.index]
    lonlat = geoms.loc[known].to_crs(GEOGRAPHIC_CRS)
    found = dict(zip(known, lonlat.to_numpy(), strict=True))
    # Candidates removed before measuring (outside the corridors or Mexico, repeats) keep
    # their place: the removal table carries it.
    removed = result.removed
    if "geometry" in removed.columns:
        shapes = removed["geometry"]
        placed = [i for i in ids if i not in found and i in shapes.index]
        placed = [i for i in placed if shapes.loc[i] is not None and not _missing(shapes.loc[i])]
        if placed:
            where = gpd.GeoSeries(shapes.loc[placed].to_numpy(), crs=geoms.crs)
            found.update(zip(placed, where.to_crs(GEOGRAPHIC_CRS).to_numpy(), strict=True))
    return tuple(found.get(i) for i in ids)


def build_criteria_table(result: RankResult) -> ExportTable:
    """One row a criterion (the sheet beside a workbook's results): measure, target layer,
    its filter and reach, direction, weight, unit, value function, illustrative flag and
    description (see :func:`build_criterion_definitions`)."""
    columns = (
        ExportColumn("criterion", "str"),
        ExportColumn("measure", "str"),
        ExportColumn("to", "str"),
        ExportColumn("where", "str"),
        ExportColumn("reach", "str"),
        ExportColumn("column", "str"),
        ExportColumn("direction", "str"),
        ExportColumn("weight", "float", "score"),
        ExportColumn("unit", "str"),
        ExportColumn("value_function", "str"),
        ExportColumn("best", "float"),
        ExportColumn("worst", "float"),
        ExportColumn("illustrative", "bool"),
        ExportColumn("description", "str"),
    )
    rows = []
    for c, d in zip(result.config.criteria, build_criterion_definitions(result), strict=True):
        reach = ", ".join(
            f"{d[key]:g} {label}"
            for key, label in (("minutes", "min"), ("hours", "h"), ("km", "km"))
            if d[key] is not None
        )
        vf = d["value_function"]
        kind = vf["kind"] + (" (fitted to the candidates)" if vf["fitted"] else "")
        rows.append(
            (
                c.name,
                c.measure,
                d["layer"],
                _where_text(d["where"]),
                reach or None,
                d["column"],
                d["direction"],
                d["weight"],
                d["unit"],
                kind,
                vf["best"],
                vf["worst"],
                d["illustrative"],
                c.description,
            )
        )
    return ExportTable(name="criteria", columns=columns, rows=tuple(rows))


def _where_text(where: Mapping[str, Any] | None) -> str | None:
    """A ``where`` filter as a reader writes it: ``scian_rama in 3361, 3362; voltage_kv >= 230``."""
    if not where:
        return None
    parts = []
    for column, rule in where.items():
        if not isinstance(rule, dict):
            parts.append(f"{column} = {rule}")
            continue
        for key, op in (("min", ">="), ("max", "<="), ("in", "in"), ("not", "not")):
            if rule.get(key) is None:
                continue
            value = rule[key]
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else f"{value:g}"
            if isinstance(value, str):
                shown = value
            parts.append(f"{column} {op} {shown}")
    return "; ".join(parts)


def build_rank_geojson(result: RankResult) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection (EPSG:4326 lon/lat, no ``crs`` member): the shortlist in
    rank order, then the eliminated candidates; the run's provenance as a foreign member."""
    if not result.candidates.has_location:
        msg = "the candidates have no locations, so there is no GeoJSON to write; use json or csv"
        raise OutputError(msg)
    return build_geojson_document(build_rank_table(result))


def geometry_json(geom: Any) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry object, coordinates rounded to 1e-6 degrees."""
    out = build_geometry_json(geom)
    if out is None:
        msg = "cannot export an empty geometry"
        raise OutputError(msg)
    return out


def build_frame_geojson(frame: Any, provenance: Mapping[str, Any] | None = None) -> str:
    """RFC 7946 GeoJSON text of a GeoDataFrame already in EPSG:4326 (no ``crs`` member):
    6 decimals, exterior rings counter-clockwise (see :func:`build_geometry_json`), and the
    ``provenance`` block, when given, as the ``siteselect`` foreign member as rank's."""
    data: dict[str, Any] = json.loads(frame.to_json(drop_id=True, ensure_ascii=False))
    data.pop("crs", None)
    for feature, geom in zip(data.get("features", []), frame.geometry, strict=True):
        feature["geometry"] = build_geometry_json(geom)
    if provenance is not None:
        data["siteselect"] = dict(provenance)
    return json.dumps(data, ensure_ascii=False) + "\n"


def build_rank_csv(result: RankResult, *, raw_csv: bool = False) -> str:
    """CSV text of :func:`build_rank_table`: one row a candidate (shortlist, then eliminated),
    with lon/lat columns; the provenance goes beside a CSV file, never in it
    (:func:`siteselect.report.tabular.write_csv`).

    Text cells that a spreadsheet would run as a formula are neutralised unless ``raw_csv``.
    """
    return build_csv_text(build_rank_table(result), raw_csv=raw_csv)


def render_rank_output(result: RankResult, fmt: str, *, raw_csv: bool = False) -> str:
    """Serialise a ranking in a text format (json, csv, geojson, md) as text."""
    if fmt == "json":
        return dump_json(build_rank_json(result))
    if fmt == "geojson":
        return json.dumps(build_rank_geojson(result), ensure_ascii=False) + "\n"
    if fmt == "csv":
        return build_rank_csv(result, raw_csv=raw_csv)
    if fmt == "md":  # the columns a person pastes (siteselect.report.markdown)
        from siteselect.report.markdown import build_rank_markdown

        return build_rank_markdown(result)
    msg = f"unknown text format {fmt!r}; use one of json, csv, geojson, md"
    raise OutputError(msg)


def render_rank_bytes(result: RankResult, fmt: str, *, raw_csv: bool = False) -> bytes:
    """Serialise a ranking in any export format (binary ones: gpkg, parquet, fgb, xlsx; CSV
    as the file is written: with a byte-order mark, its provenance in a sidecar, see
    :func:`siteselect.report.tabular.write_csv`)."""
    if fmt == "csv":
        return build_csv_bytes(build_rank_table(result), raw_csv=raw_csv)
    if fmt in ("json", "geojson", "md"):
        return render_rank_output(result, fmt, raw_csv=raw_csv).encode("utf-8")
    if fmt in TABLE_FORMATS:
        return build_table_bytes(build_rank_table(result), fmt)
    msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
    raise OutputError(msg)


def dump_json(doc: Any, *, indent: int | None = 2) -> str:
    """JSON text of a ``--format json`` document, with a final newline (non-ASCII kept as is).

    NaN and infinities become ``null`` (missing or unreachable): JSON has no such numbers, and
    ``NaN`` in a document breaks strict parsers such as ``jq`` or browsers.
    """
    return json.dumps(_finite(doc), indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


def _finite(obj: Any) -> Any:
    """``obj`` with non-finite floats replaced by ``None``, containers copied."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


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
        "illustrative": list(sens.illustrative),
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
        sweep = sens.sweep
        doc["sweep"] = [
            {"weight": round_value(w), "id": str(i), "score": round_value(s), "rank": int(r)}
            for w, i, s, r in zip(
                sweep["weight"].tolist(),
                sweep["id"].tolist(),
                sweep["score"].tolist(),
                sweep["rank"].tolist(),
                strict=True,
            )
        ]
    if sens.reversal is not None:
        doc["rank_reversal"] = json.loads(sens.reversal.to_json(orient="records"))
    return doc
