"""Benchmark: the MCDA engine's own path against scikit-criteria and pymcdm, plus sensitivity.

Run ``python bench/bench_mcda.py`` (or ``--quick``); results are printed and written to
``bench/results/mcda.json``. Importable: ``run(quick=False) -> list[dict]``.

Every row times what the product calls, on a DataFrame of ``n`` candidates x ``m = 12``
criteria (uniform random values, every third criterion a cost, no value function: min-max and
vector normalisation):

* ``score(<method>)``: :func:`siteselect.mcda.score` end to end (validation, cleaning, scoring,
  ranking, the result tables). TOPSIS and VIKOR are compared with scikit-criteria and pymcdm on
  the same matrix in the same run (closeness, VIKOR ``Q``); ``ratio`` is
  ``peer_seconds / seconds`` (above 1: ours is faster). Peers that are not installed are
  skipped; a peer that disagrees with ours stops the run.
* ``fit(<method>)`` and ``apply(<method>)``: the two halves of ``score``, timed apart
  (``apply`` re-reads and re-cleans the rows, so the halves add up to a bit more than ``score``).
* ``score(promethee)`` against pymcdm on a smaller ``n``: pymcdm builds ``n x n x m`` pairwise
  tables.
* ``rank_acceptability(<method>)``: :func:`siteselect.mcda.compute_rank_acceptability` with
  ``samples`` Dirichlet weight vectors, default ``max_rank``; ``peak_mb`` is the peak of memory
  traced by ``tracemalloc`` during the call.

Times are the best of a few repeats (the machine may be shared); each repeat gets a new index
object, so pandas' cached index facts (uniqueness) never make a repeat cheaper than a first call.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from siteselect.mcda import (  # noqa: E402
    CriterionSpec,
    apply,
    compute_rank_acceptability,
    fit,
    score,
)

M = 12
RESULTS = ROOT / "bench" / "results" / "mcda.json"


def _problem(
    n: int, seed: int = 0, preference: str = "usual"
) -> tuple[pd.DataFrame, list[CriterionSpec], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, M))
    w = rng.dirichlet(np.ones(M))
    benefit = np.arange(M) % 3 != 0  # every third criterion is a cost
    names = [f"c{j:02d}" for j in range(M)]
    raw = pd.DataFrame(x, columns=names, index=[f"site-{i:07d}" for i in range(n)])
    thresholds = {"q": 5.0, "p": 30.0} if preference == "linear" else {}
    crit = [
        CriterionSpec(c, "max" if b else "min", float(wj), preference=preference, **thresholds)  # type: ignore[arg-type]
        for c, b, wj in zip(names, benefit, w, strict=True)
    ]
    return raw, crit, x, w, benefit


def _time(
    fn: Callable[..., Any], repeats: int, setup: Callable[[], Any] | None = None
) -> tuple[float, Any]:
    """Best time of ``fn(setup())`` (or ``fn()``); ``setup`` runs outside the timing."""
    best = float("inf")
    out: Any = None
    for _ in range(repeats):
        out = None
        args = () if setup is None else (setup(),)
        gc.collect()
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def _fresh(raw: pd.DataFrame) -> Callable[[], pd.DataFrame]:
    """The same frame with a new index object, so no call profits from cached index facts."""
    return lambda: raw.set_axis(raw.index.copy(deep=True), axis=0)


def _peers_topsis(
    x: np.ndarray, w: np.ndarray, benefit: np.ndarray
) -> dict[str, Callable[[], Any]]:
    peers: dict[str, Callable[[], Any]] = {}
    types = np.where(benefit, 1, -1)
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
    try:
        from pymcdm.methods import TOPSIS  # type: ignore[import-untyped,unused-ignore]
        from pymcdm.normalizations import vector_normalization  # type: ignore[import-untyped,unused-ignore]

        body = TOPSIS(vector_normalization)
        peers["pymcdm"] = lambda: body(x, w, types)
    except ImportError:
        pass
    return peers


def _peers_vikor(x: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> dict[str, Callable[[], Any]]:
    peers: dict[str, Callable[[], Any]] = {}
    types = np.where(benefit, 1, -1)
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
    try:
        from pymcdm.methods import VIKOR  # type: ignore[import-untyped,unused-ignore]

        body = VIKOR()
        peers["pymcdm"] = lambda: body(x, w, types)
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
    name: str,
    n: int,
    seconds: float,
    peer: str | None = None,
    peer_s: float | None = None,
    samples: int | None = None,
    peak_mb: float | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "n": n,
        "m": M,
        "samples": samples,
        "seconds": round(seconds, 5),
        "peer": peer,
        "peer_seconds": None if peer_s is None else round(peer_s, 5),
        "ratio": None if peer_s is None else round(peer_s / seconds, 2),
        "peak_mb": None if peak_mb is None else round(peak_mb, 1),
    }


def _method_rows(
    method: str,
    raw: pd.DataFrame,
    crit: list[CriterionSpec],
    peers: dict[str, Callable[[], Any]],
    column: str,
    repeats: int,
    label: str | None = None,
) -> list[dict[str, Any]]:
    """``score``, ``fit`` and ``apply`` of one method, and ``score`` against each peer."""
    name = label or method
    n = len(raw)
    secs, res = _time(lambda r: score(r, crit, method), repeats, _fresh(raw))
    mine = res.table[column].reindex(raw.index).to_numpy()
    del res
    rows: list[dict[str, Any]] = []
    if not peers:
        rows.append(_row(f"score({name})", n, secs))
    for peer, fn in peers.items():
        peer_s, theirs = _time(fn, repeats)
        if not np.allclose(np.asarray(theirs, dtype=float), mine, rtol=0, atol=1e-8):
            msg = f"score({name}): {peer} disagrees with ours at n={n}"
            raise AssertionError(msg)
        rows.append(_row(f"score({name})", n, secs, peer, peer_s))
    fit_s, fitted = _time(lambda r: fit(r, crit, method), repeats, _fresh(raw))
    apply_s, _ = _time(lambda r: apply(fitted, r), repeats, _fresh(raw))
    rows.append(_row(f"fit({name})", n, fit_s))
    rows.append(_row(f"apply({name})", n, apply_s))
    return rows


def _acceptability_row(method: str, n: int, samples: int) -> dict[str, Any]:
    raw, crit, *_ = _problem(n, seed=1, preference="linear")
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    compute_rank_acceptability(raw, crit, method, samples=samples, seed=0)
    secs = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return _row(f"rank_acceptability({method})", n, secs, samples=samples, peak_mb=peak / 1e6)


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Time the product path against the peers; return one row per (call, size, peer).

    Parameters
    ----------
    quick
        Use 10,000 and 100,000 rows (500 for the PROMETHEE peer, 1,000 x 100 and 2,000 x 200
        for rank acceptability) instead of 100,000 and 1,000,000 (2,000; 5,000 x 200 and
        10,000 x 1,000).

    Returns
    -------
    list of dict
        Rows with ``name``, ``n``, ``m``, ``samples``, ``seconds``, ``peer``,
        ``peer_seconds``, ``ratio`` and ``peak_mb``.
    """
    sizes = (10_000, 100_000) if quick else (100_000, 1_000_000)
    promethee_peer_n = 500 if quick else 2_000
    acceptability = ((1_000, 100), (2_000, 200)) if quick else ((5_000, 200), (10_000, 1_000))
    rows: list[dict[str, Any]] = []
    for n in sizes:
        raw, crit, x, w, benefit = _problem(n)
        repeats = 3
        rows += _method_rows(
            "topsis", raw, crit, _peers_topsis(x, w, benefit), "closeness", repeats
        )
        rows += _method_rows("vikor", raw, crit, _peers_vikor(x, w, benefit), "Q", repeats)
        rows += _method_rows("wsm", raw, crit, {}, "score", repeats)
        rows += _method_rows("promethee", raw, crit, {}, "phi", 1, "promethee usual")
        raw_l, crit_l, *_ = _problem(n, preference="linear")
        rows += _method_rows("promethee", raw_l, crit_l, {}, "phi", 1, "promethee linear")
    raw, crit, x, w, benefit = _problem(promethee_peer_n)
    rows += _method_rows(
        "promethee", raw, crit, _peers_promethee(x, w, benefit), "phi", 3, "promethee usual"
    )
    for n, samples in acceptability:
        for method in ("wsm", "topsis", "vikor", "promethee"):
            rows.append(_acceptability_row(method, n, samples))
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'name':<32}{'n':>10}{'samples':>8}{'seconds':>10}  {'peer':<16}{'peer_s':>9}"
        f"{'ratio':>8}{'peak_mb':>9}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        samples = "" if r["samples"] is None else str(r["samples"])
        peer_s = "" if r["peer_seconds"] is None else f"{r['peer_seconds']:.4f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.1f}x"
        peak = "" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}"
        print(
            f"{r['name']:<32}{r['n']:>10}{samples:>8}{r['seconds']:>10.4f}  "
            f"{r['peer'] or '-':<16}{peer_s:>9}{ratio:>8}{peak:>9}"
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
