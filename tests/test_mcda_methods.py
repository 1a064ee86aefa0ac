"""Tests for siteselect.mcda.methods: published worked examples and independent implementations."""

from __future__ import annotations

import math

import mcda_oracles as oracle
import numpy as np
import pandas as pd
import pytest

from siteselect.errors import ConfigError, DataError
from siteselect.mcda import CriterionSpec, MethodOptions, score
from siteselect.mcda.promethee import PreferenceReferences

# Hwang & Yoon (1981), Multiple Attribute Decision Making, fighter aircraft example: max speed
# (Mach), ferry range (NM), max payload (lb), acquisition cost (10^6 $, a cost), reliability and
# manoeuvrability (qualitative, on Hwang & Yoon's 1-10 interval scale: low 3, average 5, high 7,
# very high 9). Weights 0.2 0.1 0.1 0.1 0.2 0.3.
AIRCRAFT = pd.DataFrame(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ],
    index=["A1", "A2", "A3", "A4"],
    columns=["speed_mach", "range_nm", "payload_lb", "cost_musd", "reliability", "manoeuvre"],
    dtype=float,
)
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]


def aircraft_criteria(**kw: object) -> list[CriterionSpec]:
    return [
        CriterionSpec(name, "min" if name == "cost_musd" else "max", w, **kw)  # type: ignore[arg-type]
        for name, w in zip(AIRCRAFT.columns, AIRCRAFT_WEIGHTS, strict=True)
    ]


def test_topsis_hwang_yoon_fighter_aircraft() -> None:
    """Hwang & Yoon (1981) fighter-aircraft TOPSIS example.

    Published relative closeness: A1 0.643, A2 0.268 (A1 best, A2 worst); A3 0.614 and A4 0.312
    follow from the same data (ranking A1 > A3 > A4 > A2).
    """
    res = score(AIRCRAFT, aircraft_criteria(), "topsis")
    c = res.table["closeness"]
    assert c["A1"] == pytest.approx(0.643, abs=6e-4)
    assert c["A2"] == pytest.approx(0.268, abs=6e-4)
    assert c["A3"] == pytest.approx(0.614, abs=6e-4)
    assert c["A4"] == pytest.approx(0.312, abs=6e-4)
    assert list(res.table.index) == ["A1", "A3", "A4", "A2"]
    assert list(res.table["rank"]) == [1, 2, 3, 4]
    assert res.weights == pytest.approx(dict(zip(AIRCRAFT.columns, AIRCRAFT_WEIGHTS, strict=True)))


def test_topsis_tzeng_huang_2011() -> None:
    """Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications (CRC).

    4 alternatives x 3 benefit criteria, weights 0.3 0.4 0.3; published closeness
    0.5037, 0.6581, 0.7482, 0.3340.
    """
    raw = pd.DataFrame(
        [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]],
        index=["A1", "A2", "A3", "A4"],
        columns=["a", "b", "c"],
        dtype=float,
    )
    crit = [CriterionSpec(n, "max", w) for n, w in zip("abc", [0.3, 0.4, 0.3], strict=True)]
    res = score(raw, crit, "topsis")
    got = res.table["closeness"].sort_index().to_numpy()
    np.testing.assert_allclose(got, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)


@pytest.mark.parametrize(
    ("weights", "s", "r", "q", "ranking", "compromise"),
    [
        (
            [1] * 8,
            [0.692, 0.7, 0.29, 0.423, 0.28, 0.346],
            [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
            [0.991, 1.0, 0.473, 0.670, 0.0, 0.578],
            ["A5", "A3", "A6", "A4", "A1", "A2"],
            "compromise solution: A5",
        ),
        (
            [2, 2, 2, 2, 1, 1, 1, 1],
            [0.701, 0.6, 0.386, 0.365, 0.317, 0.459],
            [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
            [1.0, 0.533, 0.552, 0.563, 0.0, 0.686],
            ["A5", "A2", "A3", "A4", "A6", "A1"],
            "compromise solution: A5",
        ),
        (
            [1, 1, 1, 1, 2, 2, 2, 2],
            [0.683, 0.8, 0.193, 0.48, 0.243, 0.232],
            [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
            [0.684, 1.0, 0.147, 0.554, 0.041, 0.191],
            ["A5", "A3", "A6", "A4", "A1", "A2"],
            "compromise set (C1 not met): A5, A3, A6",
        ),
        (
            [1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2],
            [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
            [0.129, 0.190, 0.057, 0.139, 0.042, 0.060],
            [0.668, 1.0, 0.051, 0.588, 0.058, 0.078],
            ["A3", "A5", "A6", "A4", "A1", "A2"],
            "compromise set (C1 not met): A3, A5, A6",
        ),
    ],
)
def test_vikor_opricovic_tzeng_2007(
    weights: list[float],
    s: list[float],
    r: list[float],
    q: list[float],
    ranking: list[str],
    compromise: str,
) -> None:
    """Opricovic & Tzeng (2007), Extended VIKOR method..., EJOR 178(2) 514-529, table of S, R, Q.

    Six reservoir-system alternatives, eight criteria, the paper's four weight sets W1..W4.
    Published values are rounded to 3 decimals.
    """
    raw = pd.DataFrame(
        [
            [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
            [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
            [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
            [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
            [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
            [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
        ],
        index=[f"A{i}" for i in range(1, 7)],
        columns=["profit", "cost", "energy", "peak", "homes", "area", "villages", "env"],
    )
    dirs = ["max", "min", "max", "max", "min", "min", "min", "max"]
    crit = [CriterionSpec(c, d, w) for c, d, w in zip(raw.columns, dirs, weights, strict=True)]  # type: ignore[arg-type]
    res = score(raw, crit, "vikor")
    t = res.table.sort_index()
    np.testing.assert_allclose(t["S"], s, atol=1.5e-3)
    np.testing.assert_allclose(t["R"], r, atol=1.5e-3)
    np.testing.assert_allclose(t["Q"], q, atol=1.5e-3)
    assert list(res.table.index) == ranking
    np.testing.assert_allclose(res.table["score"], 1 - res.table["Q"])
    assert any(compromise in note for note in res.notes)


def test_promethee_zhao_peng_li_2013() -> None:
    """Zhao, Peng & Li (2013), Procedia Computer Science 17, 181-188.

    Usual criterion everywhere; published net flows 0.1, -0.3, 0.2.
    """
    raw = pd.DataFrame(
        [[4, 3, 2], [3, 2, 4], [5, 1, 3]], index=["a1", "a2", "a3"], columns=list("xyz")
    )
    crit = [CriterionSpec(c, "max", w) for c, w in zip("xyz", [0.5, 0.3, 0.2], strict=True)]
    res = score(raw.astype(float), crit, "promethee")
    phi = res.table["phi"]
    assert phi.to_dict() == pytest.approx({"a1": 0.1, "a2": -0.3, "a3": 0.2})
    assert list(res.table.index) == ["a3", "a1", "a2"]
    np.testing.assert_allclose(res.table["phi_plus"] - res.table["phi_minus"], phi)
    np.testing.assert_allclose(res.contributions.sum(axis=1)[phi.index], phi)


def _brute_preference(d: float, pref: str, q: float, p: float, s: float) -> float:
    """Brans & Vincke (1985) generalised criteria, transcribed case by case."""
    if d <= 0:
        return 0.0
    if pref == "usual":
        return 1.0
    if pref == "u-shape":
        return 1.0 if d > q else 0.0
    if pref == "v-shape":
        return d / p if d <= p else 1.0
    if pref == "level":
        return 0.0 if d <= q else (0.5 if d <= p else 1.0)
    if pref == "linear":
        return 0.0 if d <= q else ((d - q) / (p - q) if d <= p else 1.0)
    return 1.0 - math.exp(-(d * d) / (2 * s * s))


def _brute_promethee(
    x: np.ndarray, w: np.ndarray, benefit: list[bool], prefs: list[tuple[str, float, float, float]]
) -> tuple[np.ndarray, np.ndarray]:
    n, m = x.shape
    plus = np.zeros(n)
    minus = np.zeros(n)
    for a in range(n):
        for b in range(n):
            if a == b:
                continue
            for j in range(m):
                sign = 1.0 if benefit[j] else -1.0
                pref, q, p, s = prefs[j]
                plus[a] += w[j] * _brute_preference(sign * (x[a, j] - x[b, j]), pref, q, p, s)
                minus[a] += w[j] * _brute_preference(sign * (x[b, j] - x[a, j]), pref, q, p, s)
    return plus / (n - 1), minus / (n - 1)


def test_promethee_brans_vincke_mareschal_1986_mixed_functions() -> None:
    """Brans, Vincke & Mareschal (1986), EJOR 24: six plant sites, one preference function each.

    Data and thresholds as in the paper (manpower u-shape q=10; power v-shape p=30; construction
    cost linear q=0.5 p=5; maintenance level q=1 p=6; villages usual; security gaussian s=5),
    equal weights. Checked against a direct O(n^2) transcription of the definitions.
    """
    x = np.array(
        [
            [80, 90, 6, 5.4, 8, 5],
            [65, 58, 2, 9.7, 1, 1],
            [83, 60, 4, 7.2, 4, 7],
            [40, 80, 10, 7.5, 7, 10],
            [52, 72, 6, 2.0, 3, 8],
            [94, 96, 7, 3.6, 5, 6],
        ],
        dtype=float,
    )
    names = ["manpower", "power_mw", "build_cost", "maint_cost", "villages", "security"]
    benefit = [False, True, False, False, False, True]
    prefs = [
        ("u-shape", 10.0, 0.0, 0.0),
        ("v-shape", 0.0, 30.0, 0.0),
        ("linear", 0.5, 5.0, 0.0),
        ("level", 1.0, 6.0, 0.0),
        ("usual", 0.0, 0.0, 0.0),
        ("gaussian", 0.0, 0.0, 5.0),
    ]
    crit = [
        CriterionSpec(n, "max" if b else "min", 1.0, preference=pf, q=q, p=p, s=s)  # type: ignore[arg-type]
        for n, b, (pf, q, p, s) in zip(names, benefit, prefs, strict=True)
    ]
    raw = pd.DataFrame(x, index=[f"a{i}" for i in range(1, 7)], columns=names)
    res = score(raw, crit, "promethee")
    plus, minus = _brute_promethee(x, np.full(6, 1 / 6), benefit, prefs)
    t = res.table.sort_index()
    np.testing.assert_allclose(t["phi_plus"], plus, atol=1e-12)
    np.testing.assert_allclose(t["phi_minus"], minus, atol=1e-12)
    np.testing.assert_allclose(t["phi"], plus - minus, atol=1e-12)
    np.testing.assert_allclose(res.contributions.sum(axis=1)[t.index], t["phi"], rtol=0, atol=1e-12)
    assert res.table["phi"].sum() == pytest.approx(0.0, abs=1e-12)


PREFS = ["usual", "u-shape", "v-shape", "level", "linear", "gaussian"]


@pytest.mark.parametrize("pref", PREFS)
def test_preference_sums_match_brute_force(pref: str) -> None:
    """Sorted-reference sums equal the O(n^2) definition (Brans & Vincke 1985), ties included.

    Queries are the references themselves (the fitted rows) and other values, beyond both ends
    of the references too.
    """
    rng = np.random.default_rng(7)
    # Multiples of 0.5 are exact in binary: ties and gaps exactly at q or p are tested exactly.
    refs = rng.integers(-40, 40, size=300) * 0.5
    queries = np.concatenate([refs, rng.integers(-60, 60, size=200) * 0.5])
    q, p, s = 2.0, 7.5, 4.0
    spec = CriterionSpec("x", "max", 1.0, preference=pref, q=q, p=p, s=s)  # type: ignore[arg-type]
    leaving, entering = PreferenceReferences.fit(refs, spec).sums(queries)
    d = queries[:, None] - refs[None, :]
    f = np.vectorize(lambda v: _brute_preference(v, pref, q, p, s))
    np.testing.assert_allclose(leaving, f(d).sum(axis=1), rtol=0, atol=1e-9)
    np.testing.assert_allclose(entering, f(-d).sum(axis=1), rtol=0, atol=1e-9)
    # The oracle's candidates-against-themselves sums agree on the references.
    ol, oe = oracle.preference_sums(refs, pref, q, p, s)
    np.testing.assert_allclose(leaving[: refs.size], ol, rtol=0, atol=1e-9)
    np.testing.assert_allclose(entering[: refs.size], oe, rtol=0, atol=1e-9)


def test_oracles_match_pymcdm() -> None:
    """The test oracles against an independent implementation: pymcdm, on random data."""
    methods = pytest.importorskip("pymcdm.methods")
    normalizations = pytest.importorskip("pymcdm.normalizations")
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 100, size=(40, 5))
    w = rng.dirichlet(np.ones(5))
    types = np.array([1, -1, 1, 1, -1])
    benefit = types > 0
    theirs = methods.TOPSIS(normalizations.vector_normalization)(x, w, types)
    np.testing.assert_allclose(oracle.topsis(x, w, benefit, "vector"), theirs, atol=1e-12)
    theirs_mm = methods.TOPSIS()(x, w, types)
    np.testing.assert_allclose(oracle.topsis(x, w, benefit, "minmax"), theirs_mm, atol=1e-12)
    _, _, q = oracle.vikor(x, w, benefit, 0.5)
    np.testing.assert_allclose(q, methods.VIKOR()(x, w, types), atol=1e-12)
    for ours_name, their_name in [("usual", "usual"), ("linear", "vshape_2"), ("level", "level")]:
        _, _, phi = oracle.promethee_ii(x, w, benefit, ours_name, q=5.0, p=20.0)
        body = methods.PROMETHEE_II(their_name, p=np.full(5, 20.0), q=np.full(5, 5.0))
        np.testing.assert_allclose(phi, body(x, w, types), atol=1e-9)


def _random_problem(
    n: int, seed: int, **kw: object
) -> tuple[pd.DataFrame, list[CriterionSpec], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 100, size=(n, 5))
    w = rng.dirichlet(np.ones(5))
    benefit = np.array([True, False, True, True, False])
    names = list("abcde")
    raw = pd.DataFrame(x, columns=names, index=[f"r{i:03d}" for i in range(n)])
    crit = [
        CriterionSpec(c, "max" if b else "min", float(wj), **kw)  # type: ignore[arg-type]
        for c, b, wj in zip(names, benefit, w, strict=True)
    ]
    return raw, crit, x, w, benefit


def test_product_path_matches_pymcdm() -> None:
    """score() itself against pymcdm's TOPSIS, VIKOR and PROMETHEE II (independent code)."""
    methods = pytest.importorskip("pymcdm.methods")
    normalizations = pytest.importorskip("pymcdm.normalizations")
    raw, crit, x, w, benefit = _random_problem(40, 5)
    types = np.where(benefit, 1, -1)
    topsis = score(raw, crit, "topsis").table["score"].sort_index()
    theirs = methods.TOPSIS(normalizations.vector_normalization)(x, w, types)
    np.testing.assert_allclose(topsis, theirs, rtol=0, atol=1e-12)
    vikor = score(raw, crit, "vikor").table["Q"].sort_index()
    np.testing.assert_allclose(vikor, methods.VIKOR()(x, w, types), rtol=0, atol=1e-12)
    lin = [
        CriterionSpec(c.name, c.direction, c.weight, preference="linear", q=5.0, p=20.0)
        for c in crit
    ]
    phi = score(raw, lin, "promethee").table["phi"].sort_index()
    body = methods.PROMETHEE_II("vshape_2", p=np.full(5, 20.0), q=np.full(5, 5.0))
    np.testing.assert_allclose(phi, body(x, w, types), rtol=0, atol=1e-9)


def test_wsm_contributions_sum_to_score_and_absolute_values() -> None:
    """WSM with absolute value functions: score = sum w v, independent of the other rows."""
    raw = pd.DataFrame(
        {"drive_min": [30.0, 90.0, 60.0], "rent_usd_m2_month": [5.0, 4.0, 7.0]},
        index=["p1", "p2", "p3"],
    )
    crit = [
        CriterionSpec("drive_min", "min", 3.0, value="linear", best=0, worst=120),
        CriterionSpec("rent_usd_m2_month", "min", 1.0, value="piecewise", points=((4, 1), (8, 0))),
    ]
    res = score(raw, crit)
    assert res.weights == {"drive_min": 0.75, "rent_usd_m2_month": 0.25}
    expected_p1 = 0.75 * (90 / 120) + 0.25 * 0.75
    assert res.table.at["p1", "score"] == pytest.approx(expected_p1)
    np.testing.assert_allclose(res.contributions.sum(axis=1)[res.table.index], res.table["score"])
    alone = score(raw.loc[["p1"]], crit)
    assert alone.table.at["p1", "score"] == pytest.approx(expected_p1)


def test_value_functions_logistic_and_threshold() -> None:
    """Logistic: 1/(1+exp(-k(x-m))) for max, mirrored for min; threshold: pass/fail."""
    raw = pd.DataFrame({"x": [0.0, 10.0, 20.0, np.inf]}, index=list("abcd"))
    logi = score(raw, [CriterionSpec("x", "max", 1, value="logistic", midpoint=10, steepness=0.2)])
    v = logi.normalised["x"]
    assert v["b"] == pytest.approx(0.5)
    assert v["c"] == pytest.approx(1 / (1 + math.exp(-2)))
    assert v["d"] == pytest.approx(1.0)
    mirror = score(
        raw, [CriterionSpec("x", "min", 1, value="logistic", midpoint=10, steepness=0.2)]
    )
    assert mirror.normalised.at["c", "x"] == pytest.approx(1 / (1 + math.exp(2)))
    thr = score(raw, [CriterionSpec("x", "min", 1, value="threshold", threshold=10)])
    assert thr.normalised["x"].to_dict() == {"a": 1.0, "b": 1.0, "c": 0.0, "d": 0.0}


def test_missing_and_infinite_cells_score_as_worst() -> None:
    """NaN scores as worst and is noted; +inf drive time clamps to the worst finite value."""
    raw = pd.DataFrame(
        {"drive_min": [10.0, np.inf, 40.0, np.nan], "area_ha": [50.0, 80.0, np.nan, 20.0]},
        index=["a", "b", "c", "d"],
    )
    crit = [CriterionSpec("drive_min", "min", 1.0), CriterionSpec("area_ha", "max", 1.0)]
    res = score(raw, crit)
    assert res.normalised.at["b", "drive_min"] == 0.0
    assert res.normalised.at["d", "drive_min"] == 0.0
    assert res.normalised.at["c", "area_ha"] == 0.0
    assert any("drive_min: 1 missing" in n and "d" in n for n in res.notes)
    assert any("infinite" in n for n in res.notes)
    for method in ("topsis", "promethee", "vikor"):
        r = score(raw, crit, method)
        assert np.isfinite(r.table["score"]).all()


def test_constant_and_missing_columns_are_dropped() -> None:
    """Constant / all-NaN columns leave the score and the weights renormalise over the rest."""
    raw = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0], "const": [5.0, 5.0, 5.0], "gone": [np.nan] * 3}, index=list("xyz")
    )
    crit = [
        CriterionSpec("a", "max", 1),
        CriterionSpec("const", "max", 1),
        CriterionSpec("gone", "min", 2),
    ]
    res = score(raw, crit, "topsis")
    assert res.weights == {"a": 1.0}
    assert dict(res.dropped).keys() == {"const", "gone"}
    assert list(res.normalised.columns) == ["a"]
    with pytest.raises(DataError, match=r"no usable criterion.*add candidates or criteria"):
        score(raw, crit[1:])
    # One candidate makes every fitted column constant: the way out is a fixed scale.
    with pytest.raises(DataError, match="one candidate: give each criterion best and worst"):
        score(raw.iloc[:1], crit[:1])


def test_ties_break_by_id_and_row_order_does_not_matter() -> None:
    """Equal scores rank by id ascending; shuffling rows changes nothing."""
    raw = pd.DataFrame({"a": [1.0, 2.0, 2.0, 0.0]}, index=["zeta", "beta", "alpha", "omega"])
    crit = [CriterionSpec("a", "max", 1)]
    for method in ("wsm", "topsis", "promethee", "vikor"):
        res = score(raw, crit, method)
        assert list(res.table.index[:2]) == ["alpha", "beta"]
        shuffled = score(raw.iloc[[3, 1, 0, 2]], crit, method)
        pd.testing.assert_frame_equal(res.table, shuffled.table)


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        (CriterionSpec("a", "max", 1, value="linear", best=5), "'a'.*best"),
        (CriterionSpec("a", "max", 1, value="linear", best=5, worst=5), "'a'.*equals"),
        (CriterionSpec("a", "max", 1, value="linear", best=0, worst=5), "'a'.*contradict"),
        (CriterionSpec("a", "max", 1, preference="level", q=1), "'a'.*level"),
        (CriterionSpec("a", "max", 1, preference="linear", q=3, p=2), "'a'.*q < p"),
        (CriterionSpec("a", "max", -1), "'a'.*weight"),
        (CriterionSpec("a", "up", 1), "'a'.*direction"),  # type: ignore[arg-type]
        (
            CriterionSpec("a", "max", 1, value="piecewise", points=((1, 0), (0, 1))),
            "'a'.*increasing",
        ),
        (CriterionSpec("a", "max", 1, value="logistic", midpoint=1), "'a'.*logistic"),
        (CriterionSpec("a", "max", 1, preference="gaussian"), "'a'.*gaussian"),
    ],
)
def test_invalid_specs_raise_config_error(spec: CriterionSpec, match: str) -> None:
    raw = pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "y"])
    with pytest.raises(ConfigError, match=match):
        score(raw, [spec])


def test_config_and_data_errors() -> None:
    raw = pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "y"])
    crit = [CriterionSpec("a", "max", 1)]
    with pytest.raises(ConfigError, match="unknown MCDA method 'ahp'"):
        score(raw, crit, "ahp")
    with pytest.raises(ConfigError, match=r"VIKOR v=1\.5"):
        score(raw, crit, "vikor", MethodOptions(vikor_v=1.5))
    with pytest.raises(ConfigError, match="all criterion weights are zero"):
        score(raw, [CriterionSpec("a", "max", 0)])
    with pytest.raises(ConfigError, match="defined twice"):
        score(raw, crit * 2)
    with pytest.raises(DataError, match="no column for criteria 'b'"):
        score(raw, [CriterionSpec("b", "max", 1)])
    with pytest.raises(DataError, match="'x' appears more than once"):
        score(pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "x"]), crit)


def test_topsis_value_columns_use_fixed_ideal() -> None:
    """With absolute value functions TOPSIS uses ideal 1 and anti-ideal 0: no rank reversal."""
    raw = pd.DataFrame({"a": [10.0, 20.0, 30.0], "b": [3.0, 1.0, 2.0]}, index=list("xyz"))
    crit = [
        CriterionSpec("a", "max", 1, value="linear", best=40, worst=0),
        CriterionSpec("b", "min", 1, value="linear", best=0, worst=4),
    ]
    full = score(raw, crit, "topsis").table["score"]
    part = score(raw.loc[["x", "y"]], crit, "topsis").table["score"]
    assert part["x"] == pytest.approx(full["x"])
    v = np.array([0.25, 0.25])  # x: a=10 -> 0.25, b=3 -> 0.25
    w = np.array([0.5, 0.5])
    dp = np.sqrt(np.sum((w * (1 - v)) ** 2))
    dm = np.sqrt(np.sum((w * v) ** 2))
    assert full["x"] == pytest.approx(dm / (dp + dm))


@pytest.mark.parametrize(
    "method", ["topsis-vector", "topsis-minmax", "vikor", *(f"promethee-{p}" for p in PREFS)]
)
def test_score_agrees_with_oracles(method: str) -> None:
    """score() on a DataFrame and the independent raw-matrix oracles give the same numbers."""
    raw, crit, x, w, benefit = _random_problem(30, 9)
    if method.startswith("topsis"):
        norm = method.split("-")[1]
        got = score(raw, crit, "topsis", MethodOptions(topsis_normalization=norm))  # type: ignore[arg-type]
        expected = oracle.topsis(x, w, benefit, norm)
    elif method == "vikor":
        got = score(raw, crit, "vikor")
        expected = 1 - oracle.vikor(x, w, benefit)[2]
    else:
        pref = method.split("-", 1)[1]
        thresholds = {"q": 4.0, "p": 25.0, "s": 12.0}
        crit = [
            CriterionSpec(c.name, c.direction, c.weight, preference=pref, **thresholds)  # type: ignore[arg-type]
            for c in crit
        ]
        got = score(raw, crit, "promethee")
        expected = oracle.promethee_ii(x, w, benefit, pref, **thresholds)[2]
    np.testing.assert_allclose(got.table["score"].sort_index(), expected, rtol=0, atol=1e-12)


def test_explicit_minmax_and_vector_kinds_choose_topsis_normalisation() -> None:
    """value="minmax"/"vector" override options.topsis_normalization for that criterion."""
    x = AIRCRAFT
    vec = score(x, aircraft_criteria(), "topsis", MethodOptions(topsis_normalization="vector"))
    forced_vec = score(
        x, aircraft_criteria(value="vector"), "topsis", MethodOptions(topsis_normalization="minmax")
    )
    pd.testing.assert_frame_equal(vec.table, forced_vec.table)
    mm = score(x, aircraft_criteria(), "topsis", MethodOptions(topsis_normalization="minmax"))
    forced_mm = score(x, aircraft_criteria(value="minmax"), "topsis")
    pd.testing.assert_frame_equal(mm.table, forced_mm.table)
    assert not np.allclose(vec.table["score"].sort_index(), mm.table["score"].sort_index())
    # Display values are min-max either way.
    pd.testing.assert_frame_equal(vec.normalised, forced_vec.normalised)


def test_promethee_thresholds_are_in_raw_units_even_with_a_value_function() -> None:
    """PROMETHEE compares raw differences: q and p are minutes here, not 0-1 values.

    Linear preference (type V, Brans & Vincke 1985) with q = 30 min and p = 240 min:
    P(d) = 0 for d <= q, (d - q) / (p - q) between, 1 beyond. Hand-computed flows for
    drive times 10, 50, 200, 400 min (direction min): pairwise P(a,b) = P(40) = 10/210, ...
    """
    raw = pd.DataFrame({"drive_min": [10.0, 50.0, 200.0, 400.0]}, index=list("abcd"))
    crit = [
        CriterionSpec(
            "drive_min",
            "min",
            1.0,
            value="linear",
            best=0,
            worst=600,
            preference="linear",
            q=30,
            p=240,
        )
    ]
    res = score(raw, crit, "promethee")

    def pref(d: float) -> float:
        return 0.0 if d <= 30 else min((d - 30) / 210, 1.0)

    x = {"a": 10.0, "b": 50.0, "c": 200.0, "d": 400.0}
    for k in x:
        plus = sum(pref(x[o] - x[k]) for o in x if o != k) / 3
        minus = sum(pref(x[k] - x[o]) for o in x if o != k) / 3
        assert res.table.at[k, "phi"] == pytest.approx(plus - minus)
    # The linear value function still gives the displayed value.
    assert res.normalised.at["a", "drive_min"] == pytest.approx(1 - 10 / 600)
