"""pool_commute's vectorised means against the per-origin loop they replaced."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from siteselect.criteria.pool_commute import _pool_means


def _loop_means(
    origin: np.ndarray, people: np.ndarray, minutes: np.ndarray, n: int, pool: float
) -> tuple[np.ndarray, np.ndarray]:
    """The former implementation: one origin at a time, nearest people first."""
    mean = np.full(n, np.inf)
    reach = np.full(n, np.inf)
    order = np.lexsort((minutes, origin))
    origin, people, minutes = origin[order], people[order], minutes[order]
    start = np.searchsorted(origin, np.arange(n))
    count = np.bincount(origin, minlength=n)
    for i in np.flatnonzero(count):
        rows = slice(start[i], start[i] + count[i])
        cum = np.cumsum(people[rows])
        if cum[-1] < pool:
            continue
        k = int(np.searchsorted(cum, pool))
        taken = people[rows][: k + 1].copy()
        taken[k] -= cum[k] - pool
        t = minutes[rows][: k + 1]
        mean[i] = float(np.dot(taken, t) / pool)
        reach[i] = float(t[-1])
    return mean, reach


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 12),
    pairs=st.integers(0, 200),
    pool=st.floats(1.0, 5_000.0),
)
def test_vectorised_pool_means_equal_the_loop(seed: int, n: int, pairs: int, pool: float) -> None:
    rng = np.random.default_rng(seed)
    origin = rng.integers(0, n, pairs)
    people = rng.integers(0, 400, pairs).astype(float)
    minutes = rng.uniform(0.0, 60.0, pairs).round(1)
    got = _pool_means(origin, people, minutes, n, pool)
    want = _loop_means(origin, people, minutes, n, pool)
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(np.isinf(a), np.isinf(b))
        assert np.allclose(a[np.isfinite(a)], b[np.isfinite(b)], rtol=1e-9, atol=1e-9)


def test_a_pool_reached_exactly_at_a_place_counts_its_people_whole() -> None:
    # Origin 0: 100 people at 10 min, 100 at 20 min: a pool of 150 is 100 x 10 + 50 x 20.
    origin = np.array([0, 0, 1])
    people = np.array([100.0, 100.0, 10.0])
    minutes = np.array([20.0, 10.0, 5.0])
    mean, reach = _pool_means(origin, people, minutes, 3, 150.0)
    assert mean[0] == (100 * 10 + 50 * 20) / 150
    assert reach[0] == 20.0
    assert np.isinf(mean[1]) and np.isinf(mean[2])
