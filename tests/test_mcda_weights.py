"""Tests for siteselect.mcda.weights: AHP, entropy, CRITIC and direct weights."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from siteselect.errors import ConfigError, DataError, SiteselectWarning
from siteselect.mcda import (
    compute_ahp_weights,
    compute_critic_weights,
    compute_entropy_weights,
    normalise_weights,
)

# Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48, 9-26:
# choosing a house, eight criteria compared pairwise (table 2 of the paper).
HOUSE = """1 5 3 7 6 6 1/3 1/4
1/5 1 1/3 5 3 3 1/5 1/7
1/3 3 1 6 3 4 6 1/5
1/7 1/5 1/6 1 1/3 1/4 1/7 1/8
1/6 1/3 1/3 3 1 1/2 1/5 1/6
1/6 1/3 1/4 4 2 1 1/5 1/6
3 5 1/6 7 5 5 1 1/2
4 7 5 8 6 6 2 1"""
HOUSE_NAMES = [
    "size",
    "transport",
    "neighbourhood",
    "age",
    "yard",
    "modern",
    "condition",
    "finance",
]


def house_matrix() -> np.ndarray:
    return np.array([[float(Fraction(c)) for c in row.split()] for row in HOUSE.splitlines()])


def test_ahp_saaty_1990_house_example() -> None:
    """Saaty (1990) EJOR 48: priorities .173 .054 .188 .018 .031 .036 .167 .333,
    lambda_max 9.669, CI 0.238, CR 0.169 (so a warning: CR > 0.10)."""
    with pytest.warns(SiteselectWarning, match=r"consistency ratio 0\.169 exceeds 0\.10"):
        res = compute_ahp_weights(house_matrix(), HOUSE_NAMES)
    got = [res.weights[n] for n in HOUSE_NAMES]
    np.testing.assert_allclose(
        got, [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], atol=5e-4
    )
    assert res.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert res.ci == pytest.approx(0.238, abs=5e-4)
    assert res.cr == pytest.approx(0.169, abs=5e-4)
    assert res.most_inconsistent_pair is not None
    assert sum(res.weights.values()) == pytest.approx(1.0)


def test_ahp_consistent_matrix_recovers_ratios() -> None:
    """A perfectly consistent matrix a_ij = w_i / w_j gives back w, lambda_max = n, CR = 0."""
    w = np.array([0.5, 0.3, 0.15, 0.05])
    res = compute_ahp_weights(w[:, None] / w[None, :], list("abcd"))
    np.testing.assert_allclose(list(res.weights.values()), w, atol=1e-12)
    assert res.lambda_max == pytest.approx(4.0)
    assert res.cr == pytest.approx(0.0, abs=1e-12)
    assert res.most_inconsistent_pair is None


def test_ahp_most_inconsistent_pair_is_the_perturbed_cell() -> None:
    """Breaking one judgement of a consistent matrix points at that pair."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 1 / 4, 4.0  # was 4 and 1/4
    with pytest.warns(SiteselectWarning, match=r"\(a, d\)"):
        res = compute_ahp_weights(a, list("abcd"))
    assert res.most_inconsistent_pair == ("a", "d")


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        (np.ones((2, 3)), "square"),
        (np.array([[1.0, -2.0], [-0.5, 1.0]]), "positive"),
        (np.array([[1.0, 3.0], [0.5, 1.0]]), r"not reciprocal at \(a, b\)"),
        (np.array([[2.0, 1.0], [1.0, 1.0]]), "diagonal"),
        (np.ones((3, 3)), "3x3 but 2 names"),
    ],
)
def test_ahp_rejects_bad_matrices(matrix: np.ndarray, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        compute_ahp_weights(matrix, ["a", "b"])


def test_ahp_small_matrices() -> None:
    assert compute_ahp_weights(np.ones((1, 1)), ["a"]).weights == {"a": 1.0}
    res = compute_ahp_weights(np.array([[1.0, 3.0], [1 / 3, 1.0]]), ["a", "b"])
    assert res.weights["a"] == pytest.approx(0.75)
    assert res.cr == 0.0


def test_critic_diakoulaki_1995() -> None:
    """Diakoulaki, Mavrotas & Papayannakis (1995), Computers & OR 22(7): eight firms, three
    benefit criteria; weights 0.2022, 0.4809, 0.3169 (as also reproduced by scikit-criteria)."""
    raw = pd.DataFrame(
        [
            [61, 1.08, 4.33],
            [20.7, 0.26, 4.34],
            [16.3, 1.98, 2.53],
            [9.0, 3.29, 1.65],
            [5.4, 2.77, 2.33],
            [4.0, 4.12, 1.21],
            [-6.1, 3.52, 2.10],
            [-34.6, 3.31, 0.98],
        ],
        columns=["roe", "debt", "growth"],
    )
    w = compute_critic_weights(raw, {"roe": "max", "debt": "max", "growth": "max"})
    np.testing.assert_allclose(list(w.values()), [0.20222554, 0.48090173, 0.31687273], atol=1e-7)
    # Directions given as a list, one per column, give the same answer.
    assert compute_critic_weights(raw, ["max", "max", "max"]) == pytest.approx(w)


def test_critic_min_direction_is_a_mirror() -> None:
    """Flipping a criterion's direction and negating its values leaves CRITIC unchanged."""
    rng = np.random.default_rng(1)
    raw = pd.DataFrame(rng.normal(size=(20, 3)), columns=list("abc"))
    w1 = compute_critic_weights(raw, {"a": "max", "b": "min", "c": "max"})
    flipped = raw.assign(b=-raw["b"])
    w2 = compute_critic_weights(flipped, {"a": "max", "b": "max", "c": "max"})
    assert w1 == pytest.approx(w2)


def test_entropy_weights_match_shannon_definition() -> None:
    """Hwang & Yoon (1981) entropy weights on the fighter-aircraft data, against an independent
    computation with scipy.stats.entropy (natural log divided by ln n)."""
    from scipy.stats import entropy

    raw = pd.DataFrame(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ],
        columns=list("abcdef"),
    )
    dirs = dict(zip("abcdef", ["max", "max", "max", "min", "max", "max"], strict=True))
    w = compute_entropy_weights(raw, dirs)
    e = entropy(raw.to_numpy(), axis=0) / math.log(4)
    expected = (1 - e) / (1 - e).sum()
    np.testing.assert_allclose(list(w.values()), expected, atol=1e-12)
    # The reliability and manoeuvrability ratings vary most: they get the most weight.
    assert max(w, key=w.__getitem__) == "e"


def test_entropy_matches_scikit_criteria() -> None:
    """Independent implementation: scikit-criteria's EntropyWeighter (same Shannon definition)."""
    pytest.importorskip("skcriteria")
    import skcriteria
    from skcriteria.preprocessing.weighters import EntropyWeighter

    rng = np.random.default_rng(5)
    x = rng.uniform(1, 50, size=(12, 4))
    dm = skcriteria.mkdm(matrix=x, objectives=[max, max, max, max])
    theirs = EntropyWeighter().transform(dm).weights.to_numpy()
    ours = compute_entropy_weights(pd.DataFrame(x, columns=list("abcd")), ["max"] * 4)
    np.testing.assert_allclose(list(ours.values()), theirs, atol=1e-12)


def test_objective_weights_errors_and_constant_columns() -> None:
    raw = pd.DataFrame({"a": [1.0, 2.0, 3.0], "k": [4.0, 4.0, 4.0]})
    assert compute_entropy_weights(raw, {"a": "max", "k": "max"})["k"] == 0.0
    assert compute_critic_weights(raw, {"a": "max", "k": "max"}) == {"a": 1.0, "k": 0.0}
    with pytest.raises(DataError, match="negative"):
        compute_entropy_weights(pd.DataFrame({"a": [-1.0, 2.0]}), {"a": "max"})
    with pytest.raises(DataError, match="no criterion varies"):
        compute_critic_weights(raw[["k"]], {"k": "max"})
    with pytest.raises(DataError, match="no column for 'z'"):
        compute_entropy_weights(raw, {"z": "max"})
    with pytest.raises(ConfigError, match="one direction per column"):
        compute_critic_weights(raw, ["max"])


def test_normalise_weights() -> None:
    assert normalise_weights({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}
    # Weights near the float limit sum to inf: they are still weights (equal ones here).
    assert normalise_weights({"a": 1e308, "b": 1e308}) == {"a": 0.5, "b": 0.5}
    with pytest.raises(ConfigError, match="'b'"):
        normalise_weights({"a": 1, "b": -1})
    with pytest.raises(ConfigError, match="all weights are zero"):
        normalise_weights({"a": 0})
