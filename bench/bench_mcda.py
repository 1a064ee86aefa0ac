"""Benchmark: our TOPSIS, VIKOR and PROMETHEE II kernels against scikit-criteria and pymcdm.

Run ``python bench/bench_mcda.py`` (or ``--quick``); results are printed and written to
``bench/results/mcda.json``. Importable: ``run(quick=False) -> list[dict]``.

Rows compare the same computation on the same random matrix (``n`` candidates x ``m = 12``
criteria, mixed directions): closeness, VIKOR Q, or PROMETHEE II net flows. ``ratio`` is
``peer_seconds / seconds`` (above 1: ours is faster). Peers that are not installed are skipped.
PROMETHEE peers build n x n (x m) pairwise tables, so they are timed on a smaller ``n``, and
ours is timed on that same ``n`` for the ratio as well as on the large sizes alone. Rows named
``score(...)`` time the full :func:`siteselect.mcda.score` (validation, missing-value handling,
ranking and the result tables) on a DataFrame, with no peer.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from siteselect.mcda import CriterionSpec, score  # noqa: E402
from siteselect.mcda.methods import compute_promethee_ii, compute_topsis, compute_vikor  # noqa: E402

M = 12
RESULTS = ROOT / "bench" / "results" / "mcda.json"


def _matrix(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, M))
    w = rng.dirichlet(np.ones(M))
    benefit = np.arange(M) % 3 != 0  # every third criterion is a cost
    return x, w, benefit


def _time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best = float("inf")
    out: Any = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _peers_topsis(
    x: np.ndarray, w: np.ndarray, benefit: np.ndarray
) -> dict[str, Callable[[], Any]]:
    peers: dict[str, Callable[[], Any]] = {}
    types = np.where(benefit, 1, -1)
    try:
        from pymcdm.methods import TOPSIS  # type: ignore[import-untyped,unused-ignore]
        from pymcdm.normalizations import vector_normalization  # type: ignore[import-untyped,unused-ignore]

        body = TOPSIS(vector_normalization)
        peers["pymcdm"] = lambda: body(x, w, types)
    except ImportError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import skcriteria  # type: ignore[import-untyped,unused-ignore]
            from skcriteria.agg.topsis import TOPSIS as SKTOPSIS  # type: ignore[import-untyped,unused-ignore]
            from skcriteria.preprocessing.scalers import VectorScaler  # type: ignore[import-untyped,unused-ignore]

        def sk() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dm = skcriteria.mkdm(x, [max if b else min for b in benefit], weights=w)
                dm = VectorScaler(target="matrix").transform(dm)
                return SKTOPSIS().evaluate(dm).e_.similarity

        peers["scikit-criteria"] = sk
    except ImportError:
        pass
    return peers


def _peers_vikor(x: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> dict[str, Callable[[], Any]]:
    peers: dict[str, Callable[[], Any]] = {}
    types = np.where(benefit, 1, -1)
    try:
        from pymcdm.methods import VIKOR  # type: ignore[import-untyped,unused-ignore]

        body = VIKOR()
        peers["pymcdm"] = lambda: body(x, w, types)
    except ImportError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import skcriteria  # type: ignore[import-untyped,unused-ignore]
            from skcriteria.agg.vikor import VIKOR as SKVIKOR  # type: ignore[import-untyped,unused-ignore]

        def sk() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dm = skcriteria.mkdm(x, [max if b else min for b in benefit], weights=w)
                return SKVIKOR(use_compromise_set=False).evaluate(dm).e_.q_k

        peers["scikit-criteria"] = sk
    except ImportError:
        pass
    return peers


def _peers_promethee(
    x: np.ndarray, w: np.ndarray, benefit: np.ndarray
) -> dict[str, Callable[[], Any]]:
    peers: dict[str, Callable[[], Any]] = {}
    types = np.where(benefit, 1, -1)
    try:
        from pymcdm.methods import PROMETHEE_II  # type: ignore[import-untyped,unused-ignore]

        body = PROMETHEE_II("usual")
        peers["pymcdm"] = lambda: body(x, w, types)
    except ImportError:
        pass
    # scikit-criteria has no PROMETHEE.
    return peers


def _row(
    name: str, n: int, seconds: float, peer: str | None, peer_s: float | None
) -> dict[str, Any]:
    return {
        "name": name,
        "n": n,
        "m": M,
        "seconds": round(seconds, 5),
        "peer": peer,
        "peer_seconds": None if peer_s is None else round(peer_s, 5),
        "ratio": None if peer_s is None else round(peer_s / seconds, 2),
    }


def _compare(
    name: str,
    n: int,
    ours: Callable[[], np.ndarray],
    peers: dict[str, Callable[[], Any]],
    repeats: int,
) -> list[dict[str, Any]]:
    secs, mine = _time(ours, repeats)
    rows: list[dict[str, Any]] = []
    if not peers:
        rows.append(_row(name, n, secs, None, None))
    for peer, fn in peers.items():
        peer_s, theirs = _time(fn, repeats)
        if not np.allclose(np.asarray(theirs, dtype=float), mine, atol=1e-8):
            msg = f"{name}: {peer} disagrees with ours at n={n}"
            raise AssertionError(msg)
        rows.append(_row(name, n, secs, peer, peer_s))
    return rows


def _score_row(method: str, x: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> dict[str, Any]:
    names = [f"c{j:02d}" for j in range(M)]
    raw = pd.DataFrame(x, columns=names, index=[f"site-{i:07d}" for i in range(len(x))])
    crit = [
        CriterionSpec(c, "max" if b else "min", float(wj))
        for c, b, wj in zip(names, benefit, w, strict=True)
    ]
    secs, _ = _time(lambda: score(raw, crit, method), 1)
    return _row(f"score({method})", len(x), secs, None, None)


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Time the kernels against the peers; return one row per (method, size, peer).

    Parameters
    ----------
    quick
        Use 10,000 and 100,000 rows (and 500 for PROMETHEE peers) instead of 100,000 and
        1,000,000 (and 2,000).

    Returns
    -------
    list of dict
        Rows with ``name``, ``n``, ``m``, ``seconds``, ``peer``, ``peer_seconds``, ``ratio``.
    """
    sizes = (10_000, 100_000) if quick else (100_000, 1_000_000)
    promethee_peer_n = 500 if quick else 2_000
    rows: list[dict[str, Any]] = []
    for n in sizes:
        x, w, benefit = _matrix(n)
        repeats = 3 if n <= 100_000 else 2

        def topsis(x: np.ndarray = x, w: np.ndarray = w, b: np.ndarray = benefit) -> np.ndarray:
            return compute_topsis(x, w, b, "vector")

        def vikor(x: np.ndarray = x, w: np.ndarray = w, b: np.ndarray = benefit) -> np.ndarray:
            return compute_vikor(x, w, b, 0.5)[2]

        def prom_usual(x: np.ndarray = x, w: np.ndarray = w, b: np.ndarray = benefit) -> np.ndarray:
            return compute_promethee_ii(x, w, b, "usual")[2]

        def prom_linear(
            x: np.ndarray = x, w: np.ndarray = w, b: np.ndarray = benefit
        ) -> np.ndarray:
            return compute_promethee_ii(x, w, b, "linear", q=np.full(M, 5.0), p=np.full(M, 30.0))[2]

        rows += _compare("topsis", n, topsis, _peers_topsis(x, w, benefit), repeats)
        rows += _compare("vikor", n, vikor, _peers_vikor(x, w, benefit), repeats)
        rows += _compare("promethee_ii(usual)", n, prom_usual, {}, 1)
        rows += _compare("promethee_ii(linear)", n, prom_linear, {}, 1)
        for method in ("topsis", "vikor", "promethee"):
            rows.append(_score_row(method, x, w, benefit))
    x, w, benefit = _matrix(promethee_peer_n)
    rows += _compare(
        "promethee_ii(usual)",
        promethee_peer_n,
        lambda: compute_promethee_ii(x, w, benefit, "usual")[2],
        _peers_promethee(x, w, benefit),
        3,
    )
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    head = f"{'name':<22}{'n':>10}{'m':>4}{'seconds':>10}  {'peer':<16}{'peer_s':>10}{'ratio':>8}"
    print(head)
    print("-" * len(head))
    for r in rows:
        peer_s = "" if r["peer_seconds"] is None else f"{r['peer_seconds']:.4f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.1f}x"
        print(
            f"{r['name']:<22}{r['n']:>10}{r['m']:>4}{r['seconds']:>10.4f}  "
            f"{r['peer'] or '-':<16}{peer_s:>10}{ratio:>8}"
        )


def main() -> None:
    """Command-line entry: run, print, write ``bench/results/mcda.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    rows = run(quick=args.quick)
    _print(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "quick": args.quick,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
