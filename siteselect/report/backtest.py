"""``profiles check``: the back-test of profiles as a terminal table and as JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
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
    beats it; then, per profile, the codes and establishments used and the criteria left out."""
    table = Table(
        title="back-test: does the score (cluster criteria left out) find where firms of the "
        "profile's industry are?",
        title_justify="left",
        header_style="bold",
    )
    for col in ("Profile", "Chosen", "AUC", "rho", "LOMO AUC min/med", "Pop. AUC", "Pop. rho"):
        table.add_column(col, justify="left" if col == "Profile" else "right")
    table.add_column("Beats pop.", justify="left")
    for r in results:
        p, b = r.profile_figures, r.baseline
        beats = f"AUC {_verdict(r.beats_auc)}, rho {_verdict(r.beats_rho)}"
        table.add_row(
            Text(strip_control(r.profile)),
            f"{r.positives}/{r.parks}",
            _f(p.auc),
            _f(p.rho),
            f"{_f(p.lomo_min)}/{_f(p.lomo_median)}",
            _f(b.auc),
            _f(b.rho),
            Text(beats, style="green" if r.beats_baseline else "red"),
        )
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
    return Group(table, Text("\n".join(strip_control(x) for x in lines), style="dim"))


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
            }
        )
    return {"baseline": "CONAPO 2026 population of the park's metro", "profiles": out}
