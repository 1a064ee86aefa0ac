"""Hypothesis invariants of siteselect.mcda.score."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from siteselect.mcda import CriterionSpec, score

ALL = ["wsm", "topsis", "promethee", "vikor"]
values = st.floats(min_value=1.0, max_value=1000.0, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw: st.DrawFn, min_rows: int = 3) -> tuple[pd.DataFrame, list[CriterionSpec]]:
    n = draw(st.integers(min_rows, 9))
    m = draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (n, m), elements=values))
    for j in range(m):  # keep every column non-constant so nothing is dropped
        if np.ptp(x[:, j]) == 0:
            x[0, j] += 1.0
    dirs = draw(st.lists(st.sampled_from(["max", "min"]), min_size=m, max_size=m))
    weights = draw(st.lists(st.floats(0.05, 1.0), min_size=m, max_size=m))
    names = [f"c{j}" for j in range(m)]
    ids = [f"id{i:02d}" for i in range(n)]
    crit = [CriterionSpec(c, d, w) for c, d, w in zip(names, dirs, weights, strict=True)]  # type: ignore[arg-type]
    return pd.DataFrame(x, index=ids, columns=names), crit


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(ALL), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(
    problem: tuple[pd.DataFrame, list[CriterionSpec]], method: str, rnd: object
) -> None:
    raw, crit = problem
    order = list(range(len(raw)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    a = score(raw, crit, method).table
    b = score(raw.iloc[order], crit, method).table
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a["score"], b["score"], rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(ALL), st.floats(0.001, 1000.0), st.data())
def test_positive_rescaling_of_a_column(
    problem: tuple[pd.DataFrame, list[CriterionSpec]], method: str, k: float, data: st.DataObject
) -> None:
    """Scores do not change when a column (and its PROMETHEE thresholds) is multiplied by k > 0."""
    raw, crit = problem
    j = data.draw(st.integers(0, len(crit) - 1))
    name = crit[j].name
    pref = data.draw(st.sampled_from(["usual", "linear"]))
    q, p = 0.1 * float(np.ptp(raw[name])), 0.6 * float(np.ptp(raw[name]))
    crit1 = list(crit)
    crit2 = list(crit)
    if pref == "linear":
        crit1[j] = CriterionSpec(
            name, crit[j].direction, crit[j].weight, preference="linear", q=q, p=p
        )
        crit2[j] = CriterionSpec(
            name, crit[j].direction, crit[j].weight, preference="linear", q=q * k, p=p * k
        )
    scaled = raw.assign(**{name: raw[name] * k})
    a = score(raw, crit1, method).table.sort_index()
    b = score(scaled, crit2, method).table.sort_index()
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-9, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(problems(), st.sampled_from(["wsm", "topsis"]), st.data(), st.floats(0.0, 500.0))
def test_improving_on_a_max_criterion_never_lowers_the_score(
    problem: tuple[pd.DataFrame, list[CriterionSpec]], method: str, data: st.DataObject, bump: float
) -> None:
    raw, crit = problem
    maxes = [j for j, c in enumerate(crit) if c.direction == "max"]
    if not maxes:
        return
    j = data.draw(st.sampled_from(maxes))
    i = data.draw(st.integers(0, len(raw) - 1))
    better = raw.copy()
    better.iloc[i, j] += bump
    cid = raw.index[i]
    before = score(raw, crit, method).table.at[cid, "score"]
    after = score(better, crit, method).table.at[cid, "score"]
    assert after >= before - 1e-12


@settings(max_examples=80, deadline=None)
@given(problems(), st.data())
def test_dominated_candidate_never_outranks_its_dominator_under_wsm(
    problem: tuple[pd.DataFrame, list[CriterionSpec]], data: st.DataObject
) -> None:
    raw, crit = problem
    i = data.draw(st.integers(0, len(raw) - 1))
    gains = data.draw(st.lists(st.floats(0.0, 50.0), min_size=len(crit), max_size=len(crit)))
    gains[data.draw(st.integers(0, len(crit) - 1))] += 1.0  # strictly better somewhere
    dom = raw.iloc[i].copy()
    for j, c in enumerate(crit):
        dom.iloc[j] += gains[j] if c.direction == "max" else -gains[j]
    dom.name = "zz-dominator"  # sorts after every id, so a tie would rank it below
    grown = pd.concat([raw, dom.to_frame().T])
    ranks = score(grown, crit, "wsm").table["rank"]
    assert ranks["zz-dominator"] < ranks[raw.index[i]]
