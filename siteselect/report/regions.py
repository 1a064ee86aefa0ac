"""The regional comparison for people and machines: a terminal table and a JSON document."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from siteselect.report.numbers import as_float, count_noun, format_raw, round_value
from siteselect.report.sources import describe_illustrative

if TYPE_CHECKING:
    from rich.console import Group

    from siteselect.regions import RegionComparison


def build_regions_json(comparison: RegionComparison) -> dict[str, Any]:
    """The JSON document of ``siteselect regions`` (schema: docs/schemas/regions.schema.json).

    One entry per corridor, in the comparison's order (best median score first): its parks,
    median and best score, labour pool, the median of each access criterion, the metros and
    method agreement where known, and its best parks with their rank in the whole ranking.
    """
    from siteselect.regions import LABOUR_POOL_MINUTES
    from siteselect.report.sources import build_provenance

    doc: dict[str, Any] = comparison.describe()
    doc["weights"] = {k: round_value(v) for k, v in doc["weights"].items()}
    doc["labour_pool"] = {
        "minutes": LABOUR_POOL_MINUTES,
        "unit": "people",
        "source": comparison.labour_source,
    }
    doc["access"] = [
        {"criterion": a.name, "layer": a.layer, "measure": a.measure, "unit": a.unit}
        for a in comparison.access
    ]
    regions = []
    for cid, row in comparison.table.iterrows():
        best = comparison.best.loc[comparison.best["corridor"] == cid]
        entry: dict[str, Any] = {
            "corridor": str(cid),
            "name": str(row["name"]),
            "parks": int(row["parks"]),
            "ranked": int(row["ranked"]),
            "median_score": round_value(row["median_score"]),
            "best_score": round_value(row["best_score"]),
            "best_rank": _int(row["best_rank"]),
            "labour_pool_people": _int(row["labour_pool"]),
            "access": {a.name: round_value(row[a.name]) for a in comparison.access},
            "metros": _int(row["metros"]) if "metros" in row.index else None,
            "method_agreement": (
                {"tau_min": round_value(row["tau_min"])} if "tau_min" in row.index else None
            ),
            "best": [_park_json(pid, rec) for pid, rec in best.iterrows()],
        }
        regions.append(entry)
    doc["regions"] = regions
    doc["notes"] = list(comparison.notes) + list(comparison.result.notes)
    doc["provenance"] = list(comparison.provenance)
    block = build_provenance(comparison.result)
    keys = ("tool", "version", "config_sha256", "criteria", "sources")
    doc["build"] = {k: block[k] for k in keys}
    return doc


def render_regions(comparison: RegionComparison) -> Group:
    """A table of the corridors (best median score first), with context and notes below.

    It fits the terminal's width (:class:`~siteselect.report.layout.FitTable`): at 80 columns
    the park and metro counts go under the corridor's name and the access medians leave the
    table first (``--format json`` holds them all).
    """
    from rich.console import Group

    from siteselect.regions import LABOUR_POOL_MINUTES
    from siteselect.report.layout import Column, FitTable
    from siteselect.report.terminal import text

    info = comparison.describe()
    has_metros = "metros" in comparison.table.columns
    agreement = "tau_min" in comparison.table.columns
    columns = [
        Column("corridor", "Corridor", min_width=12),
        Column(
            "parks",
            "Parks",
            justify="right",
            priority=8,
            stack="corridor",
            stack_prefix="parks ",
            stack_header=False,
        ),
    ]
    if has_metros:
        columns.append(
            Column(
                "metros",
                "Metros",
                justify="right",
                priority=7,
                stack="corridor",
                stack_sep=", ",
                stack_prefix="metros ",
                stack_header=False,
            )
        )
    columns += [
        Column("median", "Median score", justify="right"),
        Column("best", f"Best parks (#rank of {info['ranked']}, score)", min_width=24),
        Column("labour", f"Labour ({LABOUR_POOL_MINUTES:g} min)", justify="right", priority=2),
    ]
    columns += [
        Column(a.name, f"{a.name} ({a.unit})", justify="right", priority=3 + i)
        for i, a in enumerate(comparison.access)
    ]
    if agreement:
        columns.append(Column("tau", "Methods agree (tau min)", justify="right", priority=1))
    rows: list[dict[str, Any]] = []
    for cid, row in comparison.table.iterrows():
        best = comparison.best.loc[comparison.best["corridor"] == cid]
        lines = [
            f"#{int(rec['rank'])} {rec['name']} ({_score(rec['score'])})"
            for _, rec in best.iterrows()
        ]
        cells: dict[str, Any] = {
            "corridor": text(f"{row['name']} ({cid})"),
            "parks": f"{int(row['ranked'])}/{int(row['parks'])}",
            "median": _score(row["median_score"]),
            "best": text("\n".join(lines) or "none ranked"),
            "labour": format_raw(as_float(row["labour_pool"]), "people"),
        }
        if has_metros:
            n = _int(row["metros"])
            cells["metros"] = None if n is None else str(n)
        for a in comparison.access:
            cells[a.name] = format_raw(as_float(row[a.name]), a.unit)
        if agreement:
            tau = as_float(row["tau_min"])
            cells["tau"] = "n/a" if tau is None else f"{tau:.2f}"
        rows.append(cells)
    title = (
        f"siteselect regions: {count_noun(len(comparison.table), 'corridor')} compared, "
        f"{count_noun(int(info['ranked']), 'park')} ranked together (profile {info['profile']}, "
        f"{info['method']})"
    )
    table = FitTable(
        columns,
        rows,
        title=title,
        table_options={"title_justify": "left", "header_style": "bold"},
    )
    footer = [
        f"profile: {info['profile']} | method: {comparison.result.scores.method} | corridors: "
        f"{', '.join(comparison.corridors)} | access columns are medians over each "
        "corridor's parks; tau min: the lowest Kendall tau-b between the method and another "
        "over the corridor's parks",
        *(f"note: {n}" for n in comparison.notes),
    ]
    illustrative = describe_illustrative(comparison.result)
    footer += [illustrative] if illustrative else []
    footer.append("data: " + "; ".join(comparison.provenance))
    return Group(table, text("\n".join(footer), style="dim"))


def _park_json(pid: Any, rec: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(pid),
        "name": str(rec["name"]),
        "position": int(rec["position"]),
        "rank": int(rec["rank"]),
        "score": round_value(rec["score"]),
    }
    for key in ("metro_name",):
        if key in rec.index:
            out[key] = str(rec[key])
    for key in ("rank_min", "rank_max"):
        if key in rec.index:
            out[key] = _int(rec[key])
    return out


def _int(value: Any) -> int | None:
    x = as_float(value)
    return None if x is None or math.isinf(x) else round(x)


def _score(value: Any) -> str:
    x = as_float(value)
    return "n/a" if x is None else f"{x:.3f}"
