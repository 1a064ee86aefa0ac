"""Terminal renderers: rich renderables for every command (they return, never print).

Every value that comes from data (names, ids, columns) enters as :class:`rich.text.Text`
with control characters removed, so a name like ``[/]`` or an escape sequence stays text.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from siteselect.frames import cell
from siteselect.report.exports import WEIGHTS_NOTE, swap_text
from siteselect.report.layout import SECTION, Column, FitTable
from siteselect.report.numbers import as_float, bar, bar_fraction, format_measure, format_number
from siteselect.report.sources import ILLUSTRATIVE_NOTE
from siteselect.report.text import (
    describe_drivers,
    describe_fact_basis,
    describe_removed,
    strip_control,
)

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import SearchConfig
    from siteselect.results import Comparison, Explanation, RankResult, Sensitivity


def text(value: Any, style: str = "") -> Text:
    """User data as plain text: never markup, never a terminal control sequence."""
    return Text(strip_control("" if value is None else str(value)), style=style)


def _lines(lines: Iterable[str], style: str = "dim") -> Text:
    return text("\n".join(lines), style=style)


def _title(result: RankResult, shown: int) -> str:
    per = result.config.search.top_per_corridor
    total = len(result.scores.table)
    if per is not None:
        return f"siteselect: the best {per} of each corridor ({shown} of {total} candidates)"
    return f"siteselect: top {shown} of {total} candidates"


def footer_lines(result: RankResult, said: Collection[str] = ()) -> list[str]:
    """The context under a shortlist: profile, weights, constraints, notes, data credits.

    Notes in ``said`` were printed on stderr as they arose (the CLI's terminal): not again.
    """
    cfg = result.config
    weights = ", ".join(f"{k} {v:.2f}" for k, v in result.weights.items())
    lines = [
        f"profile: {cfg.profile.name} | method: {describe_method(result)} | corridors: "
        f"{', '.join(cfg.search.corridors)} | {len(result.candidates.frame)} considered, "
        f"{len(result.scores.table)} passed the constraints",
        f"weights ({result.weights_method}, {WEIGHTS_NOTE}): {weights}",
    ]
    if len(result.removed):
        lines.append(f"removed before scoring: {describe_removed(result.removed)}")
    for e in result.eliminations:
        lines.append(f"constraint {e.constraint}: removes {e.removed}")
    lines.extend(f"note: {note}" for note in result.notes if note not in said)
    if result.illustrative:
        lines.append(ILLUSTRATIVE_NOTE.format(columns=", ".join(result.illustrative)))
    lines.append("data: " + "; ".join(result.provenance))
    return lines


def describe_method(result: RankResult) -> str:
    """The method, or the consensus rule and its voters (``borda over wsm, topsis, ...``)."""
    consensus = result.consensus
    if consensus is None:
        return result.scores.method
    voters = ", ".join(consensus.methods)
    samples = f", {consensus.samples} SMAA samples each" if consensus.samples else ""
    return f"{consensus.rule} over {voters}{samples} ({result.scores.method} explains)"


HELD_BACK_SHOWN = 6
"""Parks held back shown by name per metro in the terminal (every one is in the exports)."""

ALONE_MARK = " †"
"""Marks a park in the table that only the configured method puts in its top N."""


def render_park_name(result: RankResult, cid: str) -> Text:
    """A park's name in the ranked table, marked when one method alone puts it in the top."""
    name = text(cell(result.candidates.frame, cid, "name"))
    if cid in result.agreement.alone:
        name.append(ALONE_MARK, style="yellow")
    return name


def render_held_back(result: RankResult) -> Text | None:
    """The parks the ``[shortlist]`` rule held back, by metro: rank and name, and why."""
    held = result.held_back
    if len(held) == 0:
        return None
    cap = result.config.shortlist.max_per_metro
    lines = [
        f"held back by the shortlist rule (at most {cap} parks of one metro; ranks unchanged):"
    ]
    for metro_name, group in held.groupby("metro_name", sort=False):
        pairs = list(zip(group["rank"], group["name"], strict=True))
        parks = ", ".join(f"#{int(r)} {n}" for r, n in pairs[:HELD_BACK_SHOWN])
        rest = pairs[HELD_BACK_SHOWN:]
        if rest:
            parks += f" and {len(rest)} more (#{int(rest[0][0])}–#{int(rest[-1][0])})"
        lines.append(f"  {metro_name} already has {cap} in the shortlist: {parks}")
    if (held.groupby("metro_name").size() > HELD_BACK_SHOWN).any():
        lines.append("  (--format json and the exports list every park held back)")
    return _lines(lines, style="")


def render_agreement(result: RankResult) -> Text:
    """One line: how far the four methods agree, the top's rank ranges, and the parks in the
    top N under the configured method alone."""
    a = result.agreement
    if len(a.ranks) < 2:
        return text("methods agree: n/a (fewer than two parks ranked)", style="")
    low, high = a.tau_range
    pairs = ", ".join(f"vs {m} {t:.2f}" for m, t in a.tau_with_chosen())
    head = a.ranks.head(a.top_n)
    span = (a.rank_max - a.rank_min).loc[head.index]
    names = result.candidates.frame["name"]
    widest = str(span.idxmax()) if len(span) else None
    parts = [f"methods agree: Kendall tau-b {low:.2f}–{high:.2f} ({a.chosen} {pairs})"]
    if widest is not None:
        parts.append(
            f"top-{a.top_n} rank ranges over the 4 methods: median span {float(span.median()):g}, "
            f"widest {names[widest]} {int(a.rank_min[widest])}–{int(a.rank_max[widest])}"
        )
    if a.alone:
        listed = ", ".join(str(names[i]) for i in a.alone)
        count = len(a.alone)
        parts.append(
            f"{count} park{'s' if count > 1 else ''} in the top {a.top_n} under {a.chosen} "
            f"alone{ALONE_MARK}: {listed}"
        )
    else:
        parts.append(f"no park is in the top {a.top_n} under {a.chosen} alone")
    return text("; ".join(parts), style="")


def render_shortlist(result: RankResult, said: Collection[str] = ()) -> Group:
    """The ranked table with what helped and hurt each park most, then the parks the
    ``[shortlist]`` rule held back, the methods' agreement and a footer with context (its
    notes less those in ``said``, see :func:`footer_lines`).

    At 80 columns the score's bar goes first, then corridor and state move under the park's
    name and what hurt most under what helped (see :mod:`siteselect.report.layout`).
    """
    method = result.ranked_by
    ranked = result.shortlist
    frame = result.candidates.frame
    has = set(frame.columns)
    columns = [
        Column("rank", "#", justify="right"),
        Column("park", "Park", min_width=14, max_width=34),
        Column("corridor", "Corridor", priority=3, stack="park", stack_header=False),
        Column("state", "State", priority=3, stack="park", stack_sep=", ", stack_header=False),
        Column("score", "Score", justify="right"),
        Column("bar", "", priority=4, wrap=False),
        Column("helped", "Helped most", min_width=24),
        Column(
            "hurt", "Hurt most", priority=2, min_width=24, stack="helped", stack_prefix="hurt: "
        ),
    ]
    rows = []
    for cid, row in ranked.iterrows():
        helped, hurt = describe_drivers(result, str(cid))
        score = float(row["score"])
        rows.append(
            {
                "rank": str(int(row["rank"])),
                "park": render_park_name(result, str(cid)),
                "corridor": text(cell(frame, cid, "corridor")) if "corridor" in has else None,
                "state": text(cell(frame, cid, "state")) if "state" in has else None,
                "score": f"{score:.3f}",
                "bar": bar(bar_fraction(method, score)),
                "helped": helped,
                "hurt": hurt,
            }
        )
    table = FitTable(
        columns, rows, title=_title(result, len(ranked)), table_options={"title_justify": "left"}
    )
    held = render_held_back(result)
    parts: list[Any] = [table, *([held] if held is not None else []), render_agreement(result)]
    return Group(*parts, _lines(footer_lines(result, said)))


def _infinite(value: Any) -> bool:
    x = as_float(value) if value is not None else None
    return x is not None and math.isinf(x)


def _measured_to(v: Any) -> Text:
    target = Text()
    basis = describe_fact_basis(v)
    if basis is not None and v.details.get("from_facts", 0.0) > 0:
        return Text(basis)  # decided by the park's own facts, not the map
    if v.nearest is not None:
        target.append(strip_control(v.nearest.name or v.nearest.id or "feature"))
        if "drive_km" in v.details:
            target.append(f", {format_number(v.details['drive_km'], 0)} km by road")
        elif "drive_min" in v.details:
            target.append(f", {format_number(v.details['drive_min'], 0)} min by road")
    elif v.reaches:
        target.append("none reached")
    if basis is not None:
        target.append(f"; {basis}" if target.plain else basis)
    return target


def render_explanation(explanation: Explanation, provenance: Sequence[str]) -> Group:
    """One park: its rank and score, then each criterion and the feature it was measured to."""
    head = Text()
    head.append(strip_control(explanation.name), style="bold")
    head.append(f" ({strip_control(explanation.id)})")
    if explanation.rank is not None:
        head.append(
            f": rank {explanation.rank} of {explanation.of}, score "
            f"{format_number(explanation.score)} ({explanation.method})"
        )
    else:
        head.append(f": eliminated ({strip_control(str(explanation.eliminated_by))})")
    columns = [
        Column("criterion", "Criterion"),
        Column("raw", "Raw", justify="right"),
        Column("unit", "Unit", priority=3, stack="raw", stack_inline=True, stack_header=False),
        Column("value", "Value", justify="right"),
        Column("weight", "Weight", justify="right", priority=2),
        Column("contribution", "Contribution", justify="right"),
        Column("target", "Measured to", priority=1, min_width=16),
        Column("layer", "Layer", priority=4),
    ]
    rows = [
        {
            "criterion": text(v.criterion)
            + (Text(" *", style="yellow") if v.illustrative else Text()),
            "raw": format_measure(v.raw, 2),
            "unit": None if _infinite(v.raw) else text(v.unit),  # not "unreachable min"
            "value": format_number(v.value),
            "weight": format_number(v.weight),
            "contribution": format_number(v.contribution),
            "target": _measured_to(v),
            "layer": (
                text(v.nearest.layer)
                if v.nearest is not None and v.details.get("from_facts", 0.0) <= 0
                else None
            ),
        }
        for v in explanation.criteria
    ]
    table = FitTable(columns, rows, title="criteria (weights normalised to sum to 1)")
    parts: list[Any] = [head, table]
    if any(v.illustrative for v in explanation.criteria):
        parts.append(text("* illustrative value (replace with your own)", style="yellow"))
    parts.extend(text(f"note: {note}", style="dim") for note in explanation.notes)
    parts.append(text("data: " + "; ".join(provenance), style="dim"))
    return Group(*parts)


def render_comparison(comparison: Comparison) -> Group:
    """Parks side by side (raw -> value per criterion), and the weight that would swap them.

    When the parks do not fit the width, the last ones leave the table first (the swap
    sentences below still name every pair).
    """
    columns = [Column("criterion", "")]
    for i, p in enumerate(comparison.parks):
        columns.append(
            Column(f"park{i}", strip_control(p.name), priority=i if i > 1 else 0, min_width=12)
        )
    rows: list[dict[str, Any]] = [
        {"criterion": "rank", **{f"park{i}": str(p.rank) for i, p in enumerate(comparison.parks)}},
        {
            "criterion": "score",
            **{f"park{i}": format_number(p.score) for i, p in enumerate(comparison.parks)},
        },
    ]
    for c, crit in enumerate(comparison.criteria):
        weight = comparison.weights.get(crit, 0.0)
        marked = any(p.criteria[c].illustrative for p in comparison.parks)
        label = text(f"{crit} (w {weight:.2f})")
        row: dict[str, Any] = {
            "criterion": label + (Text(" *", style="yellow") if marked else Text())
        }
        for i, p in enumerate(comparison.parks):
            v = p.criteria[c]
            row[f"park{i}"] = f"{format_measure(v.raw, 1)} -> {format_number(v.value, 2)}"
        rows.append(row)
    table = FitTable(columns, rows, title=f"comparison ({comparison.method}, weights sum to 1)")
    names = {p.id: p.name for p in comparison.parks}
    swaps = [text(swap_text(comparison, names, i)) for i in range(len(comparison.swaps))]
    parts: list[Any] = [table, *swaps]
    if any(v.illustrative for p in comparison.parks for v in p.criteria):
        parts.append(text("* illustrative value (replace with your own)", style="yellow"))
    return Group(*parts)


def render_sensitivity(sens: Sensitivity, names: Mapping[str, str]) -> Group:
    """Rank acceptability of the parks shown, P(top k), and the optional sweep and reversals.

    A legend says what the figures are; at 80 columns the last rank columns leave the table
    first (``--format json`` holds them all).
    """
    acc = sens.acceptability
    shown = sens.shown
    columns = [
        Column("rank", "#", justify="right"),
        Column("park", "Park", min_width=20, max_width=36),
        Column("p_top_k", f"P(top {sens.top_k})", justify="right"),
        Column("mean_rank", "Mean rank", justify="right", priority=shown + 2),
    ]
    # r1 stays; later ranks leave first, then the mean rank, before the park names wrap hard.
    columns += [
        Column(f"r{r}", f"r{r}", justify="right", priority=0 if r == 1 else r)
        for r in range(1, shown + 1)
    ]
    columns.append(Column("worse", f">{shown}", justify="right", priority=1))
    rows = []
    for cid in list(acc.index)[:shown]:
        row: dict[str, Any] = {
            "rank": str(int(cell(acc, cid, "rank"))),
            "park": text(names.get(str(cid), str(cid))),
            "p_top_k": f"{float(cell(acc, cid, 'p_top_k')):.2f}",
            "mean_rank": format_number(cell(acc, cid, "mean_rank"), 1)
            if "mean_rank" in acc.columns
            else None,
            "worse": f"{float(cell(acc, cid, 'rank_worse')):.2f}"
            if "rank_worse" in acc.columns
            else "0.00",
        }
        for r in range(1, shown + 1):
            row[f"r{r}"] = f"{float(cell(acc, cid, f'rank_{r}')):.2f}"
        rows.append(row)
    table = FitTable(
        columns,
        rows,
        title=f"rank acceptability, {sens.samples} Dirichlet weight samples (seed {sens.seed})",
    )
    legend = text(
        f"shares of the weight samples: P(top {sens.top_k}) ranks the park in the first "
        f"{sens.top_k}; rN at rank N exactly; >{shown} below rank {shown}; mean rank over all "
        "samples. Weights are drawn around the chosen ones "
        f"(Dirichlet, concentration {sens.concentration:g}).",
        style="dim",
    )
    parts: list[Any] = [table, legend]
    if sens.sweep is not None:
        ranks = sens.sweep.pivot(index="id", columns="weight", values="rank")
        levels = list(ranks.columns)
        sweep_columns = [Column("park", "Park", min_width=14, max_width=36)]
        for j, w in enumerate(levels):
            # the ends and the middle stay; every other level leaves before the others
            keep = j in (0, len(levels) - 1, len(levels) // 2)
            sweep_columns.append(
                Column(
                    f"w{j}",
                    f"{float(w):.1f}",
                    justify="right",
                    priority=0 if keep else (1 if j % 2 == 0 else 2),
                )
            )
        sweep_rows = []
        for cid in list(acc.index)[:shown]:
            row = {"park": text(names.get(str(cid), str(cid)))}
            row.update({f"w{j}": str(int(r)) for j, r in enumerate(ranks.loc[cid])})
            sweep_rows.append(row)
        parts.append(
            FitTable(
                sweep_columns,
                sweep_rows,
                title=f"one-at-a-time sweep: rank as the weight of {sens.sweep_criterion!r} "
                "goes from 0 to 1 (others rescaled)",
            )
        )
    if sens.reversal is not None:
        flips = sens.reversal
        parts.append(text(f"rank reversal: {len(flips)} pair flips when dropping one candidate"))
        for _, flip in flips.head(10).iterrows():
            parts.append(
                text(
                    f"  without {flip['removed']}: {flip['higher']} and {flip['lower']} swap",
                    style="dim",
                )
            )
    if sens.illustrative:
        parts.append(
            text(ILLUSTRATIVE_NOTE.format(columns=", ".join(sens.illustrative)), style="yellow")
        )
    return Group(*parts)


def render_weights_table(
    title: str, weights: Mapping[str, float], extra: Mapping[str, float] | None = None
) -> FitTable:
    """Weights (largest first), with optional summary rows (e.g. lambda_max, CI, CR)."""
    columns = [Column("name", "criterion"), Column("weight", "weight", justify="right")]
    rows: list[Mapping[str, Any]] = [
        {"name": text(name), "weight": f"{w:.4f}"}
        for name, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if extra:
        rows.append(SECTION)
        rows += [
            {
                "name": text(key),
                "weight": f"{value:,}" if isinstance(value, int) else f"{value:.4f}",
            }
            for key, value in extra.items()
        ]
    return FitTable(columns, rows, title=strip_control(title), table_options={"header_style": ""})


def render_profiles(rows: Sequence[tuple[str, SearchConfig]]) -> FitTable:
    """The profiles with their method, number of criteria and description."""
    columns = [
        Column("name", "Profile", wrap=False),
        Column("method", "Method", priority=2, stack="name", stack_header=False),
        Column("criteria", "Criteria", justify="right", priority=1),
        Column("description", "Description", min_width=24),
    ]
    return FitTable(
        columns,
        [
            {
                "name": text(name),
                "method": cfg.search.method,
                "criteria": str(len(cfg.criteria)),
                "description": text(cfg.profile.description),
            }
            for name, cfg in rows
        ],
    )


def describe_target(params: Any) -> str:
    """What a criterion measures to, in a few words (``border_crossings``, ``60 min``)."""
    from siteselect.report.definitions import target_label

    to = getattr(params, "to", None)
    label = target_label(to if isinstance(to, str | None) else to.model_dump())
    if getattr(params, "minutes", None):
        return f"{params.minutes:g} min of {label}"
    if getattr(params, "hours", None):
        return f"{params.hours:g} h to {label}"
    if getattr(params, "km", None):
        return f"{params.km:g} km of {label}"
    return str(getattr(params, "column", None) or label or "")


def _short(value: float | None) -> str:
    """A config's number as written: ``5,000,000``, ``315.04``, ``0.5``."""
    if value is None:
        return "n/a"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.2f}"


def render_profile(name: str, cfg: SearchConfig, file_name: str) -> Group:
    """One profile: its criteria, weights, value functions and constraints."""
    head = Text()
    head.append(strip_control(name), style="bold")
    head.append(f": {strip_control(cfg.profile.description)}")
    summary = text(
        f"method {cfg.search.method}, top {cfg.search.top}, "
        f"corridors {', '.join(cfg.search.corridors)}"
    )
    columns = [
        Column("criterion", "Criterion"),
        Column("measure", "Measure", priority=2, stack="criterion", stack_header=False),
        Column("target", "Of", min_width=12),
        Column("direction", "Direction", priority=3),
        Column("weight", "Weight", justify="right"),
        Column("value", "Value function", priority=1, min_width=14),
    ]
    weights = cfg.normalised_weights
    rows = []
    for c in cfg.criteria:
        vf: str = c.value or "default"
        if c.value == "linear":
            vf = f"linear {_short(c.best)} (best) .. {_short(c.worst)} (worst)"
        rows.append(
            {
                "criterion": text(c.name),
                "measure": c.measure,
                "target": text(describe_target(c.params)),
                "direction": c.direction,
                "weight": f"{weights[c.name]:.3f}",
                "value": vf,
            }
        )
    table = FitTable(columns, rows, title="criteria (weights normalised to sum to 1)")
    parts: list[Any] = [head, summary, table]
    parts.extend(text(f"constraint: {con.label}") for con in cfg.constraints)
    parts.append(text(f"file: {file_name}", style="dim"))
    return Group(*parts)


def render_layers(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> FitTable:
    """Each layer with its feature count, geometry type, CRS, source and licence."""
    columns = [
        Column("name", "Layer", wrap=False),
        Column("features", "Features", justify="right"),
        Column("geometry", "Geometry", priority=2, stack="name", stack_header=False),
        Column("crs", "CRS", priority=3, stack="name", stack_sep=", ", stack_header=False),
        Column("source", "Source", min_width=20),
        Column("licence", "Licence", priority=1, min_width=12),
    ]
    keys = ("features", "geometry", "crs", "source", "licence")
    return FitTable(
        columns, [{"name": text(name), **{k: text(d[k]) for k in keys}} for name, d in rows]
    )


def render_frame(frame: pd.DataFrame, title: str, limit: int) -> FitTable:
    """The first rows of a table of attributes (geometry left out); at a narrow width the
    last columns leave first (``--format geojson`` has them all)."""
    names = [c for c in frame.columns if c != "geometry"]
    columns = [
        Column(f"c{i}", strip_control(str(name)), priority=i, min_width=min(len(str(name)), 8))
        for i, name in enumerate(names)
    ]
    rows = [
        {f"c{i}": text("" if v is None else v) for i, v in enumerate(row[names].tolist())}
        for _, row in frame.head(limit).iterrows()
    ]
    return FitTable(
        columns,
        rows,
        title=f"{title}: {len(frame)} features (first {min(limit, len(frame))})",
    )


def render_layer_reports(reports: Sequence[Any]) -> Group:
    """``siteselect layers validate``: what each layer holds, then one line per problem."""
    parts: list[Any] = []
    for r in reports:
        head = Text()
        head.append(strip_control(r.file), style="bold")
        if r.layer:
            head.append(f" layer {strip_control(r.layer)}")
        head.append(f" (as {r.read_as}): ")
        head.append("usable" if r.usable else "NOT usable", style="green" if r.usable else "red")
        parts.append(head)
        lines = []
        if r.format:
            lines.append(f"format: {r.format}")
        if len(r.layers) > 1:
            lines.append(f"layers in the file: {', '.join(r.layers)}")
        if r.crs:
            lines.append(f"CRS: {r.crs} ({r.crs_from})")
        if r.geometry_types:
            kinds = ", ".join(f"{k} {v:,}" for k, v in r.geometry_types.items())
            lines.append(f"geometry: {kinds}")
        if r.format and r.read_as != "raster":
            lines.append(f"rows: {r.rows:,} ({r.usable_rows:,} usable)")
        if r.columns:
            lines.append(
                "coordinates from: " + ", ".join(f"{k} = {v!r}" for k, v in r.columns.items())
            )
        if r.encoding or r.sep:
            read = [f"encoding {r.encoding}"] if r.encoding else []
            if r.sep:
                read.append(f"separator {r.sep!r}")
            if r.decimal:
                read.append(f"decimal mark {r.decimal!r}")
            lines.append("read with " + ", ".join(read))
        if r.extent:
            x0, y0, x1, y1 = r.extent
            lines.append(f"extent: lon {x0:g}..{x1:g}, lat {y0:g}..{y1:g}")
        lines.extend(f"note: {n}" for n in r.notes)
        if lines:
            parts.append(_lines((f"  {line}" for line in lines), style=""))
        for p in r.problems:
            label = "problem" if p.fatal else "warning"
            parts.append(text(f"  {label}: {p.message}", style="red" if p.fatal else "yellow"))
    return Group(*parts)


def render_fetch_summary(name: str, counts: Mapping[str, int]) -> str:
    """One line after ``layers fetch-osm``: the file and the features of each layer."""
    parts = ", ".join(f"{layer} {n:,}" for layer, n in counts.items())
    return f"wrote {strip_control(name)}: {parts} (© OpenStreetMap contributors, ODbL)"
