"""Renderers of the optimiser and the stress test: rich tables, JSON, and every export format."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from siteselect.errors import OutputError
from siteselect.report.exports import build_criteria_table
from siteselect.report.numbers import count_noun, round_value
from siteselect.report.sources import describe_illustrative, illustrative_inputs
from siteselect.report.tabular import (
    TABLE_FORMATS,
    ExportColumn,
    ExportTable,
    Kind,
    build_csv_bytes,
    build_csv_text,
    build_table_bytes,
)

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.optimize.result import OptimizeResult, StressResult

STATUS_TEXT = {
    "optimal": "proven optimal",
    "time_limit": "time limit reached before the gap closed: not proven optimal",
    "feasible": "feasible, not proven optimal",
}


def _text(value: Any, style: str = "") -> Text:
    from siteselect.report.terminal import text

    return text(value, style)


def _num(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-" if value is None or value != value else "inf"
    return f"{value:,.{digits}f}"


def _label(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    return str(value)


def verdict_line(result: OptimizeResult) -> str:
    """One line: objective, bound, gap and status."""
    s = result.solution
    side = "lower" if s.sense == "min" else "upper"
    return (
        f"{result.objective_text}: {_num(s.objective, 3)} | {side} bound {_num(s.bound, 3)} | "
        f"gap {s.gap:.4%} | {STATUS_TEXT[s.status]} ({s.proof}; solver {s.solver}: "
        f"{s.solver_status}) | {s.timings.get('total', 0.0):.2f} s"
    )


def render_optimize(result: OptimizeResult) -> Group:
    """The chosen set, each park's role, the objective and its gap, and the run's context."""
    from siteselect.report.layout import Column, FitTable

    roles = result.roles()
    unit = result.unit
    columns = [
        Column("rank", "Rank", justify="right"),
        Column("park", "Park", min_width=14),
        Column("corridor", "Corridor", priority=4, stack="park", stack_header=False),
        Column("state", "State", priority=4, stack="park", stack_sep=", ", stack_header=False),
        Column("score", "Score", justify="right"),
    ]
    has_demand = "demand_served" in roles.columns
    robust = "worst_score" in roles.columns
    if has_demand:
        columns += [
            Column("served", "Demand served", justify="right"),
            Column("share", "Share", justify="right", priority=2),
            Column("points", "Points", justify="right", priority=3),
            Column("mean", f"Mean ({unit})", justify="right"),
            Column("max", f"Max ({unit})", justify="right", priority=1),
        ]
    if robust:
        columns += [
            Column("worst_score", "Worst score", justify="right"),
            Column("worst_closure", "Worst closure", min_width=12, priority=1),
        ]
    rows = []
    for _, row in roles.iterrows():
        cells: dict[str, Any] = {
            "rank": str(int(row["rank"])),
            "park": _text(row["name"]),
            "corridor": _text(row.get("corridor")),
            "state": _text(row.get("state")),
            "score": f"{float(row['score']):.3f}",
        }
        if has_demand:
            cells.update(
                served=_num(float(row["demand_served"]), 1),
                share=f"{float(row['share']):.1%}",
                points=str(int(row["points"])),
                mean=_num(float(row[f"mean_{unit}"]), 1),
                max=_num(float(row[f"max_{unit}"]), 1),
            )
        if robust:
            cells.update(
                worst_score=f"{float(row['worst_score']):.3f}",
                worst_closure=_text(row["worst_closure"]),
            )
        rows.append(cells)
    table = FitTable(
        columns,
        rows,
        title=f"siteselect optimize: {count_noun(len(roles), 'park')}, {result.objective_text}",
        table_options={"title_justify": "left"},
    )
    lines = [verdict_line(result)]
    cfg = result.ranking.config
    families = result.model.families()
    lines.append(
        f"profile: {cfg.profile.name} | {len(result.site_ids)} ranked parks considered | k = "
        f"{result.section.k} | constraints: {', '.join(families) or 'none'}"
    )
    if result.demand is not None:
        total = float(result.demand["weight"].sum())
        lines.append(
            f"demand: {len(result.demand)} points, weight {_num(total, 1)} | measure: "
            f"{result.section.measure}"
        )
    lines += [f"note: {n}" for n in (*result.notes, *result.ranking.notes)]
    illustrative = describe_illustrative(result.ranking)
    lines += [illustrative] if illustrative else []
    lines.append("data: " + "; ".join(result.ranking.provenance))
    return Group(table, _text("\n".join(lines), "dim"))


def build_optimize_json(result: OptimizeResult) -> dict[str, Any]:
    """``status``, ``objective``, ``bound``, ``gap``, ``chosen``, ``assignment``, and more."""
    info = dict(result.describe())
    doc: dict[str, Any] = {
        "status": info.pop("status"),
        "objective": round_value(info.pop("objective")),
        "bound": round_value(info.pop("bound")),
        "gap": round_value(info.pop("gap")),
        "chosen": list(result.chosen),
        "assignment": result.assignment,
    }
    info["timings_s"] = {k: round_value(v) for k, v in info["timings_s"].items()}
    doc.update(info)
    from siteselect.report.facts_export import (
        build_facts_json,
        build_requirements_json,
        park_requirements_json,
    )

    roles = result.roles()
    doc["parks"] = [
        {
            "id": str(cid),
            **{k: _json_value(v) for k, v in row.items()},
            "requirements": park_requirements_json(result.ranking, str(cid)),
        }
        for cid, row in roles.iterrows()
    ]
    doc["facts"] = build_facts_json(result.ranking)
    doc["requirements"] = build_requirements_json(result.ranking)
    doc["constraints"] = list(result.model.families())
    doc["closed"] = {k: list(v) for k, v in result.closures.features.items()}
    doc["closed_roads"] = [list(r) for r in result.closures.roads]
    doc["notes"] = list(result.notes) + list(result.ranking.notes)
    doc["illustrative"] = illustrative_inputs(result.ranking)
    doc["provenance"] = list(result.ranking.provenance)
    from siteselect.report.exports import build_block
    from siteselect.report.sources import build_provenance

    doc["build"] = build_block(build_provenance(result.ranking))
    return doc


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return round_value(value)
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def build_optimize_table(result: OptimizeResult) -> ExportTable:
    """The chosen parks as one :class:`ExportTable` (every export format is written from it).

    Per row: the park's identity, rank and score, its role in the choice (demand served,
    drive times, worst score under closures), the verdict (status, objective, bound, gap)
    and the illustrative inputs of the ranking the choice was made from; the provenance
    block of the ranking with the verdict added.
    """
    from siteselect.report.sources import build_provenance

    roles = result.roles()
    columns = (
        ExportColumn("id", "str"),
        *_typed_columns(roles),
        ExportColumn("status", "str"),
        *(ExportColumn(name, "float", _objective_unit(result)) for name in ("objective", "bound")),
        ExportColumn("gap", "float", "gap"),
        ExportColumn("illustrative_inputs", "str"),
    )
    s = result.solution
    illustrative = ";".join(illustrative_inputs(result.ranking)) or None
    rows = tuple(
        (
            str(cid),
            *(_json_value(row[c]) for c in roles.columns),
            s.status,
            s.objective,
            s.bound,
            s.gap,
            illustrative,
        )
        for cid, row in roles.iterrows()
    )
    geometry = None
    if result.ranking.candidates.has_location:
        parks = result.to_geodataframe()
        geometry = tuple(parks.geometry.loc[[str(c) for c in roles.index]])
    provenance = {**build_provenance(result.ranking), "optimize": build_verdict(result)}
    return ExportTable(
        name="chosen",
        columns=columns,
        rows=rows,
        geometry=geometry,
        provenance=provenance,
        extra=(build_criteria_table(result.ranking),),
    )


def _objective_unit(result: OptimizeResult) -> str | None:
    """The objective's unit for number formats: a score, or a weighted sum (General)."""
    return "score" if result.section.objective == "score" else None


def _typed_columns(frame: pd.DataFrame) -> list[ExportColumn]:
    """A frame's columns as export columns, typed from their dtypes."""
    out = []
    for name, dtype in frame.dtypes.items():
        kind = getattr(dtype, "kind", "O")
        typed: Kind = "int" if kind in "iu" else "float" if kind == "f" else "str"
        out.append(ExportColumn(str(name), typed))
    return out


def build_optimize_csv(result: OptimizeResult, *, raw_csv: bool = False) -> str:
    """CSV text of :func:`build_optimize_table`: one row per chosen park with lon/lat
    columns; the provenance goes beside a CSV file (see
    :func:`siteselect.report.tabular.write_csv`). Formula-like text is neutralised unless
    ``raw_csv``."""
    return build_csv_text(build_optimize_table(result), raw_csv=raw_csv)


def build_optimize_geojson(result: OptimizeResult, *, lines: bool = True) -> dict[str, Any]:
    """RFC 7946: the chosen parks (points) and, with ``lines``, one line per served demand
    point to its park."""
    from siteselect.report.exports import geometry_json

    if not result.ranking.candidates.has_location:
        msg = "the candidates have no locations, so there is no GeoJSON to write; use json or csv"
        raise OutputError(msg)
    from siteselect.report.sources import build_provenance

    features = []
    illustrative = ";".join(illustrative_inputs(result.ranking)) or None
    parks = result.to_geodataframe()
    for cid, row in parks.iterrows():
        props: dict[str, Any] = {"kind": "park", "id": str(cid)}
        props.update({k: _json_value(v) for k, v in row.items() if k != "geometry"})
        props["illustrative_inputs"] = illustrative
        features.append(
            {
                "type": "Feature",
                "id": str(cid),
                "geometry": geometry_json(row.geometry),
                "properties": props,
            }
        )
    if lines and result.demand is not None:
        for _, row in result.assignment_lines().iterrows():
            props = {"kind": "assignment"}
            props.update({k: _json_value(v) for k, v in row.items() if k != "geometry"})
            features.append(
                {"type": "Feature", "geometry": geometry_json(row.geometry), "properties": props}
            )
    # One foreign member, as the ranking's GeoJSON: its provenance, and the verdict.
    return {
        "type": "FeatureCollection",
        "features": features,
        "siteselect": {**build_provenance(result.ranking), **build_verdict(result)},
    }


def build_verdict(result: OptimizeResult) -> dict[str, Any]:
    """What a choice is and how good: status, objective, bound, gap, the chosen parks, the
    objective's kind and k (values rounded as in every export)."""
    info = result.describe()
    verdict: dict[str, Any] = {k: info[k] for k in ("status", "objective_kind", "objective_text")}
    verdict.update({k: round_value(info[k]) for k in ("objective", "bound", "gap")})
    verdict.update(chosen=list(result.chosen), k=info["k"], unit=info["unit"])
    return verdict


def render_optimize_output(
    result: OptimizeResult, fmt: str, *, raw_csv: bool = False, lines: bool = True
) -> str:
    """The optimiser's result in a text format (json, csv, geojson, md) as text."""
    if fmt == "json":
        from siteselect.report.exports import dump_json

        return dump_json(build_optimize_json(result))
    if fmt == "geojson":
        return json.dumps(build_optimize_geojson(result, lines=lines), ensure_ascii=False) + "\n"
    if fmt == "csv":
        return build_optimize_csv(result, raw_csv=raw_csv)
    if fmt == "md":
        return build_table_bytes(build_optimize_table(result), "md").decode("utf-8")
    msg = f"unknown text format {fmt!r}; use table, json, csv, geojson or md"
    raise OutputError(msg)


def render_optimize_bytes(
    result: OptimizeResult, fmt: str, *, raw_csv: bool = False, lines: bool = True
) -> bytes:
    """The optimiser's result in any export format (binary ones: gpkg, parquet, fgb, xlsx;
    CSV as the file is written, with a byte-order mark)."""
    if fmt == "csv":
        return build_csv_bytes(build_optimize_table(result), raw_csv=raw_csv)
    if fmt in ("json", "geojson", "md"):
        return render_optimize_output(result, fmt, raw_csv=raw_csv, lines=lines).encode("utf-8")
    if fmt in TABLE_FORMATS:
        return build_table_bytes(build_optimize_table(result), fmt)
    msg = f"unknown format {fmt!r}; use json, {', '.join(TABLE_FORMATS)}"
    raise OutputError(msg)


# ------------------------------------------------------------------------------------ stress


def render_stress(result: StressResult, top: int | None = None) -> Group:
    """Per park: worst drive-time increase and its closure, worst rank and its closure.

    ``top``: ``None`` shows the parks whose rank changes under some closure (the others are
    counted below the table), ``0`` every park, ``N`` the first N parks by rank.
    """
    from siteselect.report.layout import Column, FitTable

    summary = result.summary
    changed = summary["rank_change"].astype(int) != 0
    if top is None:
        shown = summary.loc[changed.to_numpy()]
    elif top == 0:
        shown = summary
    else:
        shown = summary.head(top)
    columns = [
        Column("rank", "Rank", justify="right"),
        Column("park", "Park", min_width=20),
        Column("increase", "Worst +min", justify="right"),
        Column("increase_closure", "Closure (drive time)", min_width=12),
        Column("criterion", "Criterion", priority=2, stack="increase_closure", stack_prefix="for "),
        Column("worst_rank", "Worst rank", justify="right"),
        Column("change", "Change", justify="right", priority=3),
        Column("rank_closure", "Closure (rank)", min_width=12),
    ]
    # The closures by name in the table (the footer lists them with their layers).
    names = {o.scenario.label: o.scenario.name or o.scenario.id for o in result.outcomes}

    def closure(label: Any) -> Text:
        return _text(names.get(label, _label(label)) if label is not None else _label(label))

    rows = []
    for _, row in shown.iterrows():
        change = int(row["rank_change"])
        rows.append(
            {
                "rank": str(int(row["rank"])),
                "park": _text(row["name"]),
                "increase": _num(float(row["max_increase_min"]), 1),
                "increase_closure": closure(row["max_increase_closure"]),
                "criterion": _text(_label(row["max_increase_criterion"])),
                "worst_rank": str(int(row["worst_rank"])),
                "change": f"+{change}" if change > 0 else str(change),
                "rank_closure": closure(row["worst_rank_closure"]),
            }
        )
    head = f"siteselect stress: {count_noun(len(result.outcomes), 'closure')}, one at a time"
    if top is None and len(shown) == 0:
        title = f"{head}; no park's rank changes under any of them"
    elif top is None:
        title = f"{head}; the {count_noun(len(shown), 'park')} whose rank changes"
    else:
        title = head
    table = FitTable(columns, rows, title=title, table_options={"title_justify": "left"})
    closures = ", ".join(result.scenarios)
    lines = [f"closed one at a time: {closures}"]
    hidden = len(summary) - len(shown)
    if hidden:
        why = "keep their rank under every closure" if top is None else "rank lower"
        lines.append(
            f"{hidden} of {len(summary)} parks not shown ({why}): --top N for the first N, "
            "--all for every park"
        )
    lines += [
        "worst +min: the largest increase in drive time to the closed kind of feature; "
        "change: ranks lost in the worst closure",
        f"profile: {result.ranking.config.profile.name} | method: {result.ranking.scores.method}",
    ]
    illustrative = describe_illustrative(result.ranking)
    lines += [illustrative] if illustrative else []
    lines.append("data: " + "; ".join(result.ranking.provenance))
    return Group(table, _text("\n".join(lines), "dim"))


def build_stress_json(result: StressResult) -> dict[str, Any]:
    """The stress test as JSON: closures, per-park summary, per-closure ranks and increases."""
    parks = []
    for cid, row in result.summary.iterrows():
        entry: dict[str, Any] = {"id": str(cid)}
        entry.update({str(k): _json_value(None if v != v else v) for k, v in row.items()})
        parks.append(entry)
    scenarios = []
    for o in result.outcomes:
        ranks = (
            {}
            if o.result is None
            else {str(i): int(r) for i, r in o.result.scores.table["rank"].items()}
        )
        scenarios.append(
            {
                "layer": o.scenario.layer,
                "id": o.scenario.id,
                "name": o.scenario.name,
                "remeasured": list(o.affected),
                "infeasible": o.result is None,
                "ranks": ranks,
            }
        )
    return {
        "profile": result.ranking.config.profile.name,
        "method": result.ranking.scores.method,
        "parks": parks,
        "closures": scenarios,
        "illustrative": illustrative_inputs(result.ranking),
        "provenance": list(result.ranking.provenance),
    }


def build_stress_table(result: StressResult) -> ExportTable:
    """The per-park summary as an :class:`ExportTable` with the ranking's provenance."""
    from siteselect.report.sources import build_provenance

    summary = result.summary
    return ExportTable(
        name="stress",
        columns=(ExportColumn("id", "str"), *_typed_columns(summary)),
        rows=tuple(
            (str(cid), *(_json_value(row[c]) for c in summary.columns))
            for cid, row in summary.iterrows()
        ),
        provenance=build_provenance(result.ranking),
    )


def build_stress_csv(result: StressResult, *, raw_csv: bool = False) -> str:
    """The per-park summary as CSV text (its provenance goes beside a CSV file, as every
    CSV export's). Formula-like text is neutralised unless ``raw_csv``."""
    return build_csv_text(build_stress_table(result), raw_csv=raw_csv)
