"""Tests for siteselect.mcda.model: fit once, apply to any rows, in any chunks."""

from __future__ import annotations

import importlib.util
import itertools
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from siteselect.errors import DataError
from siteselect.mcda import CriterionSpec, Fitted, MethodOptions, apply, apply_scores, fit, score
from siteselect.mcda.columns import ids_strictly_increasing
from siteselect.mcda.model import compute_rank_order, compute_ranks

METHODS = ["wsm", "topsis", "promethee", "vikor"]
PREFERENCES = [
    {"preference": "usual"},
    {"preference": "u-shape", "q": 5.0},
    {"preference": "v-shape", "p": 40.0},
    {"preference": "level", "q": 5.0, "p": 30.0},
    {"preference": "linear", "q": 5.0, "p": 30.0},
    {"preference": "gaussian", "s": 20.0},
]


def make_problem(n: int = 15, seed: int = 0) -> tuple[pd.DataFrame, list[CriterionSpec]]:
    """Four criteria (two min-max, one vector, one absolute), with NaN and infinite cells."""
    rng = np.random.default_rng(seed)
    raw = pd.DataFrame(
        {
            "drive_min": rng.uniform(10, 120, n),
            "area_ha": rng.uniform(5, 300, n),
            "rent_usd_m2_month": rng.uniform(3, 9, n),
            "pop_60min": rng.uniform(1e4, 2e6, n),
        },
        index=[f"park-{i:02d}" for i in rng.permutation(n)],
    )
    raw.iloc[1, 0] = np.inf
    raw.iloc[2, 1] = np.nan
    crit = [
        CriterionSpec("drive_min", "min", 0.4, preference="linear", q=5, p=30),
        CriterionSpec("area_ha", "max", 0.2, value="vector", preference="v-shape", p=100),
        CriterionSpec("rent_usd_m2_month", "min", 0.3, preference="level", q=0.5, p=2),
        CriterionSpec(
            "pop_60min", "max", 0.1, value="linear", best=2e6, worst=0, preference="gaussian", s=3e5
        ),
    ]
    return raw, crit


@pytest.mark.parametrize("method", METHODS)
def test_score_is_apply_of_fit(method: str) -> None:
    """score(raw) and apply(fit(raw), raw) give identical results, notes included."""
    raw, crit = make_problem()
    options = MethodOptions(vikor_v=0.3)
    one = score(raw, crit, method, options)
    two = apply(fit(raw, crit, method, options), raw)
    pd.testing.assert_frame_equal(one.table, two.table, check_exact=True)
    pd.testing.assert_frame_equal(one.normalised, two.normalised, check_exact=True)
    pd.testing.assert_frame_equal(one.contributions, two.contributions, check_exact=True)
    assert (one.weights, one.dropped, one.notes) == (two.weights, two.dropped, two.notes)
    assert any("missing" in note for note in one.notes)
    np.testing.assert_array_equal(
        apply_scores(fit(raw, crit, method, options), raw), one.table["score"].loc[raw.index]
    )


def _problem_and_rows() -> st.SearchStrategy[
    tuple[pd.DataFrame, list[CriterionSpec], pd.DataFrame]
]:
    cell = st.one_of(
        st.floats(-50.0, 150.0, allow_nan=False, allow_infinity=False),
        st.sampled_from([np.nan, np.inf, -np.inf, 0.0, 10.0]),
    )

    @st.composite
    def build(
        draw: st.DrawFn,
    ) -> tuple[pd.DataFrame, list[CriterionSpec], pd.DataFrame]:
        n = draw(st.integers(2, 12))
        m = draw(st.integers(1, 4))
        x = draw(arrays(np.float64, (n, m), elements=st.floats(0.0, 100.0)))
        for j in range(m):  # keep a spread so that nothing is dropped
            x[0, j], x[1, j] = 0.0, 100.0
        names = [f"c{j}" for j in range(m)]
        crit = []
        for name in names:
            kind = draw(st.sampled_from(["minmax", "vector", "linear"]))
            value = {
                "minmax": {},
                "vector": {"value": "vector"},
                "linear": {"value": "linear", "best": 100.0, "worst": 0.0},
            }[kind]
            pref = draw(st.sampled_from(PREFERENCES))
            direction = "max" if kind == "linear" else draw(st.sampled_from(["max", "min"]))
            weight = draw(st.floats(0.05, 1.0))
            crit.append(CriterionSpec(name, direction, weight, **value, **pref))  # type: ignore[arg-type]
        fitted_rows = pd.DataFrame(x, columns=names, index=[f"f{i:02d}" for i in range(n)])
        k = draw(st.integers(1, 40))
        y = draw(arrays(np.float64, (k, m), elements=cell))
        rows = pd.DataFrame(y, columns=names, index=[f"g{i:03d}" for i in range(k)])
        return fitted_rows, crit, rows

    return build()


@settings(max_examples=80, deadline=None)
@given(_problem_and_rows(), st.sampled_from(METHODS), st.data())
def test_rows_scored_in_chunks_equal_rows_scored_at_once(
    problem: tuple[pd.DataFrame, list[CriterionSpec], pd.DataFrame],
    method: str,
    data: st.DataObject,
) -> None:
    """Fit once, score rows (missing, infinite, beyond the fitted range) chunk by chunk."""
    fitted_rows, crit, rows = problem
    model = fit(fitted_rows, crit, method)
    whole = apply_scores(model, rows)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(rows)), max_size=5)))
    bounds = [0, *cuts, len(rows)]
    parts = [apply_scores(model, rows.iloc[a:b]) for a, b in itertools.pairwise(bounds)]
    np.testing.assert_array_equal(np.concatenate(parts), whole)
    # The ranked result holds the same scores.
    ranked = apply(model, rows).table["score"]
    np.testing.assert_array_equal(ranked.loc[rows.index].to_numpy(), whole)
    assert np.isfinite(whole).all()


@pytest.mark.parametrize("method", METHODS)
def test_one_row_applied_alone_keeps_its_score(method: str) -> None:
    """Against a fit, a row's score does not depend on the rows scored with it: applied alone,
    a fitted row scores what it scored among all (PROMETHEE flows run against the fitted
    references, VIKOR Q uses the fitted S* / S- / R* / R-)."""
    raw, crit = make_problem()
    model = fit(raw, crit, method)
    full = score(raw, crit, method).table
    for cid in raw.index[[0, 3, 7]]:
        alone = apply(model, raw.loc[[cid]]).table
        assert alone.at[cid, "score"] == pytest.approx(full.at[cid, "score"], abs=1e-12)
        for col in full.columns.drop(["score", "rank"]):
            assert alone.at[cid, col] == pytest.approx(full.at[cid, col], abs=1e-12)


def test_rows_beyond_the_fitted_range_are_clamped_and_noted() -> None:
    """Min-max values clip at the fitted range; absolute value functions read raw values."""
    parks = pd.DataFrame({"drive_min": [30.0, 60.0, 90.0], "area_ha": [10.0, 20.0, 30.0]})
    parks.index = ["a", "b", "c"]
    crit = [
        CriterionSpec("drive_min", "min", 1.0),
        CriterionSpec("area_ha", "max", 1.0, value="linear", best=100, worst=0),
    ]
    model = fit(parks, crit)
    grid = pd.DataFrame(
        {"drive_min": [10.0, 45.0, np.nan, np.inf], "area_ha": [50.0, 50.0, 50.0, 50.0]},
        index=["g1", "g2", "g3", "g4"],
    )
    res = apply(model, grid)
    v = res.normalised["drive_min"]
    assert v.to_dict() == pytest.approx({"g1": 1.0, "g2": 0.75, "g3": 0.0, "g4": 0.0})
    assert res.normalised["area_ha"].tolist() == pytest.approx([0.5] * 4)
    assert "drive_min: 1 cell(s) outside the fitted range [30, 90] scored at its ends" in res.notes
    assert "drive_min: 1 missing cell(s) scored as worst (g3)" in res.notes
    assert res.dropped == () and model.notes == ()


def test_fitted_is_small_picklable_and_read_only() -> None:
    """Only PROMETHEE keeps O(n) state (its sorted references); the others are O(m)."""
    sizes = {}
    for n in (50, 5_000):
        raw, crit = make_problem(n)
        for method in METHODS:
            model = fit(raw, crit, method)
            blob = pickle.dumps(model)
            back = pickle.loads(blob)
            assert isinstance(back, Fitted)
            np.testing.assert_array_equal(apply_scores(back, raw), apply_scores(model, raw))
            sizes[method, n] = len(blob)
            with pytest.raises(ValueError, match="read-only"):
                model.weights[0] = 1.0
    for method in ("wsm", "topsis", "vikor"):
        assert sizes[method, 5_000] < sizes[method, 50] + 16  # only n_rows grows
    assert sizes["promethee", 5_000] > 4 * 8 * 5_000  # four sorted reference columns


def test_apply_errors() -> None:
    raw, crit = make_problem()
    model = fit(raw, crit, "topsis")
    with pytest.raises(DataError, match="no column for criteria 'area_ha'"):
        apply_scores(model, raw.drop(columns="area_ha"))
    dup = pd.concat([raw.iloc[:2], raw.iloc[:1]])
    with pytest.raises(DataError, match="appears more than once"):
        apply(model, dup)
    empty = apply(model, raw.iloc[:0])
    assert empty.table.empty and list(empty.normalised.columns) == list(model.names)
    assert apply_scores(model, raw.iloc[:0]).shape == (0,)


@pytest.mark.parametrize("n", [9, 30_000])
def test_rank_order_breaks_ties_by_id(n: int) -> None:
    """Equal rounded scores rank by id ascending, whatever the row order (few and many ties)."""
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 3, n) / 3.0 + rng.uniform(-1e-14, 1e-14, n)  # noise below 1e-12
    ids = pd.Index([f"id{i:06d}" for i in rng.permutation(n)])
    order = compute_rank_order(scores, ids)
    expected = np.lexsort((ids.to_numpy().astype(str), -np.round(scores, 12)))
    np.testing.assert_array_equal(order, expected)
    sorted_ids = pd.Index(sorted(ids))
    sorted_scores = scores[np.argsort(ids.to_numpy().astype(str))]
    np.testing.assert_array_equal(
        compute_rank_order(sorted_scores, sorted_ids),
        np.lexsort((np.arange(n), -np.round(sorted_scores, 12))),
    )


def test_rank_order_puts_a_known_worst_above_a_missing_value() -> None:
    """A missing cell is scored as the worst, so it ties with the known worst: the site whose
    value is known ranks first, whatever the ids (here the missing one's id sorts first)."""
    raw = pd.DataFrame({"rent": [5.0, 6.0, np.nan, 7.0]}, index=["a", "b", "c", "d"])
    table = score(raw, [CriterionSpec("rent", "min", 1.0)]).table
    assert table.loc["c", "score"] == table.loc["d", "score"]
    assert list(table.index) == ["a", "b", "d", "c"]
    # Without missing values, ties still go by id.
    order = compute_rank_order(np.array([0.5, 0.5]), pd.Index(["y", "x"]))
    assert order.tolist() == [1, 0]
    order = compute_rank_order(np.array([0.5, 0.5]), pd.Index(["x", "y"]), missing=np.array([1, 0]))
    assert order.tolist() == [1, 0]


STORAGES = [
    "python",
    pytest.param(
        "pyarrow",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("pyarrow") is None, reason="pyarrow is not installed"
        ),
    ),
]


@pytest.mark.parametrize("storage", STORAGES)
def test_id_checks_on_each_string_storage(storage: str) -> None:
    """Sorted ids are recognised by one neighbour comparison; others fall back to hashing."""
    dtype = pd.StringDtype(storage, na_value=np.nan)  # type: ignore[call-overload]
    assert ids_strictly_increasing(pd.Index(["a", "b", "c"], dtype=dtype))
    assert not ids_strictly_increasing(pd.Index(["a", "c", "b"], dtype=dtype))
    assert not ids_strictly_increasing(pd.Index(["a", "a", "b"], dtype=dtype))
    assert not ids_strictly_increasing(pd.Index(["a", np.nan, "b"], dtype=dtype))
    raw = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=pd.Index(["b", "a", "b"], dtype=dtype))
    with pytest.raises(DataError, match="'b' appears more than once"):
        score(raw, [CriterionSpec("x", "max", 1.0)])
    ok = pd.DataFrame({"x": [2.0, 2.0, 1.0]}, index=pd.Index(["b", "a", "c"], dtype=dtype))
    assert list(score(ok, [CriterionSpec("x", "max", 1.0)]).table.index) == ["a", "b", "c"]


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 60), st.integers(0, 2**32 - 1), st.sampled_from(METHODS), st.booleans())
def test_compute_ranks_are_the_ranks_of_score_in_row_order(
    n: int, seed: int, method: str, ties: bool
) -> None:
    raw, crit = make_problem(n, seed)
    if ties:  # equal rows: ranks settled by missing cells, then ids
        raw.iloc[n // 2 :] = raw.iloc[0].to_numpy()
    want = score(raw, crit, method).table["rank"].reindex(raw.index).to_numpy()
    assert np.array_equal(compute_ranks(raw, crit, method), want)
