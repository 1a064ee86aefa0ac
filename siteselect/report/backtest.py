"""``profiles check``: the back-test of profiles as a terminal table and as JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Group
from rich.text import Text

from siteselect.report.numbers import round_value
from siteselect.report.text import strip_control

if TYPE_CHECKING:
    from siteselect.backtest import BacktestResult, Figures


def _f(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:.3f}"


def _verdict(value: bool | None) -> str:
    return "n/a" if value is None else ("yes" if value else "no")


def render_backtests(results: Sequence[BacktestResult]) -> Group:
    """One row a profile: its figures beside the metro-population baseline's, and whether it
    beats it; with more than one corridor, each corridor's own figures; then, per profile, the
    codes and establishments used and the criteria left out. Both tables fit 80 columns (the
    leave-one-metro-out column leaves first)."""
    from siteselect.report.layout import Column, FitTable

    columns = [
        Column("profile", "Profile"),
        Column("chosen", "Chosen", justify="right"),
        Column("auc", "AUC", justify="right"),
        Column("rho", "rho", justify="right"),
        Column("lomo", "LOMO AUC min/med", justify="right", priority=2),
        Column("pop_auc", "Pop. AUC", justify="right"),
        Column("pop_rho", "Pop. rho", justify="right"),
        Column("beats", "Beats pop."),
    ]
    rows: list[dict[str, Any]] = []
    for r in results:
        p, b = r.profile_figures, r.baseline
        beats = f"AUC {_verdict(r.beats_auc)}, rho {_verdict(r.beats_rho)}"
        rows.append(
            {
                "profile": Text(strip_control(r.profile)),
                "chosen": f"{r.positives}/{r.parks}",
                "auc": _f(p.auc),
                "rho": _f(p.rho),
                "lomo": f"{_f(p.lomo_min)}/{_f(p.lomo_median)}",
                "pop_auc": _f(b.auc),
                "pop_rho": _f(b.rho),
                "beats": Text(beats, style="green" if r.beats_baseline else "red"),
            }
        )
    corridors = sorted({", ".join(r.corridors) for r in results if r.corridors})
    where = f" (corridors: {'; '.join(corridors)})" if corridors else ""
    parts: list[Any] = [
        FitTable(
            columns,
            rows,
            title="back-test: does the score (cluster criteria left out) find where firms of "
            f"the profile's industry are?{where}",
            table_options={"title_justify": "left", "header_style": "bold"},
        )
    ]
    per = [r for r in results if r.per_corridor]
    if per:
        parts.append(_render_per_corridor(per))
    lines = []
    for r in results:
        dropped = ", ".join(r.dropped) if r.dropped else "none"
        lines.append(
            f"{r.profile} ({r.method}): SCIAN {', '.join(r.codes)} from {r.codes_from}: "
            f"{r.establishments} RETC 2022 establishments, {r.near_parks} within "
            f"{r.radius_km:g} km of a park; chosen: parks with {r.threshold} of them; "
            f"scored on {', '.join(r.criteria)} (left out: {dropped}); leave-one-metro-out "
            f"over {r.folds} metros"
        )
    lines.append(
        "AUC: chosen parks (>= 1 such establishment within the radius; above the median count "
        "where every park has one) vs the others (ties count 1/2); rho: Spearman, score vs "
        "count; Pop.: the CONAPO 2026 population of the park's metro alone"
    )
    if per:
        lines.append(
            "per corridor: the one score (fitted over every corridor searched) and the "
            "baseline on each corridor's own parks, the chosen parks counted within it"
        )
    parts.append(Text("\n".join(strip_control(x) for x in lines), style="dim"))
    return Group(*parts)


def _render_per_corridor(results: Sequence[BacktestResult]) -> Any:
    from siteselect.report.layout import Column, FitTable

    columns = [
        Column("profile", "Profile"),
        Column("corridor", "Corridor"),
        Column("chosen", "Chosen", justify="right"),
        Column("auc", "AUC", justify="right"),
        Column("rho", "rho", justify="right"),
        Column("pop_auc", "Pop. AUC", justify="right"),
        Column("pop_rho", "Pop. rho", justify="right"),
        Column("beats", "Beats pop."),
    ]
    rows: list[dict[str, Any]] = []
    for r in results:
        for c in r.per_corridor:
            verdict = c.beats
            if c.note:
                text = c.note
            else:
                auc = "n/a" if not np.isfinite(c.auc) else _verdict(c.auc > c.base_auc)
                rho = "n/a" if not np.isfinite(c.rho) else _verdict(c.rho > c.base_rho)
                text = f"AUC {auc}, rho {rho}"
            style = "green" if verdict else ("red" if verdict is False else "")
            rows.append(
                {
                    "profile": Text(strip_control(r.profile)),
                    "corridor": Text(strip_control(c.corridor)),
                    "chosen": f"{c.positives}/{c.parks}",
                    "auc": _f(c.auc),
                    "rho": _f(c.rho),
                    "pop_auc": _f(c.base_auc),
                    "pop_rho": _f(c.base_rho),
                    "beats": Text(text, style=style),
                }
            )
    return FitTable(
        columns,
        rows,
        title="per corridor",
        table_options={"title_justify": "left", "header_style": "bold"},
    )


def _figures_json(f: Figures) -> dict[str, Any]:
    return {
        "auc": round_value(f.auc),
        "rho": round_value(f.rho),
        "lomo_auc_min": round_value(f.lomo_min),
        "lomo_auc_median": round_value(f.lomo_median),
    }


def build_backtest_json(results: Sequence[BacktestResult]) -> dict[str, Any]:
    """The JSON document of ``profiles check``."""
    out = []
    for r in results:
        out.append(
            {
                "profile": r.profile,
                "method": r.method,
                "scian": list(r.codes),
                "scian_from": r.codes_from,
                "establishments": r.establishments,
                "establishments_near_parks": r.near_parks,
                "radius_km": r.radius_km,
                "criteria": list(r.criteria),
                "dropped": list(r.dropped),
                "parks": r.parks,
                "parks_with_establishments": r.positives,
                "chosen_rule": r.threshold,
                "metros_left_out": r.folds,
                "score": _figures_json(r.profile_figures),
                "baseline": _figures_json(r.baseline),
                "beats_auc": r.beats_auc,
                "beats_rho": r.beats_rho,
                "beats_baseline": r.beats_baseline,
                "corridors": list(r.corridors),
                "per_corridor": [
                    {
                        "corridor": c.corridor,
                        "parks": c.parks,
                        "parks_chosen": c.positives,
                        "chosen_rule": c.threshold or None,
                        "auc": round_value(c.auc),
                        "rho": round_value(c.rho),
                        "baseline_auc": round_value(c.base_auc),
                        "baseline_rho": round_value(c.base_rho),
                        "beats_baseline": c.beats,
                        "note": c.note or None,
                    }
                    for c in r.per_corridor
                ],
            }
        )
    return {"baseline": "CONAPO 2026 population of the park's metro", "profiles": out}
