"""The exact stage: the model as a pulp MILP, reduced, warm-started, and the injected solvers.

Formulations (``y_j`` = site ``j`` chosen):

* score: ``max sum_j s_j y_j``; with scenarios ``max t`` s.t. ``t <= F sum_j s_sj y_j``, the
  scores scaled by ``F`` (largest coefficient 1e4) because a solver meets those rows only
  within its feasibility tolerance (HiGHS: 1e-6, absolute), which would otherwise pass
  straight into ``t`` and its bound; the bound read back is divided by ``F``;
* p-median (ReVelle & Swain 1970, strong form): ``min sum w_i c_ij x_ij``, ``sum_j x_ij = 1``,
  ``x_ij <= y_j``, with ``x`` only for the pairs the Lagrangian reductions keep;
* coverage (Church & ReVelle 1974): ``max sum_i w_i (z_i1 + z_i2)``,
  ``z_i1 + z_i2 <= sum_{j covers i} y_j``, ``z_i2 <= z_i1`` (``z_i2`` only with double
  coverage); points with the same covering sites are merged first (their weights summed).

``z`` and ``x`` are continuous: with integer ``y`` some optimal solution has them integral.

Solvers run with one thread, a time limit and a relative gap. Their own status is not taken
at its word (pulp says "Optimal" when a time limit stops a run that has any solution): the
caller re-evaluates the choice and compares it with the best bound the solver proved.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from siteselect.errors import ConfigError, name_input

if TYPE_CHECKING:
    from siteselect.optimize.model import BoolArray, IntArray, LocationModel

SOLVERS = ("cbc", "highs")

MilpStatus = Literal["optimal", "time_limit", "infeasible", "no_solution"]


@dataclass(frozen=True)
class MilpOutcome:
    """What a solver run gave: its status, its choice and the best bound it proved."""

    status: MilpStatus
    chosen: IntArray | None
    bound: float | None
    raw_status: str


class Solver(Protocol):
    """A MILP solver: runs a built pulp problem under a time limit and a relative gap."""

    name: str

    def run(
        self, problem: Any, *, time_limit: float, gap: float, warm: bool
    ) -> tuple[MilpStatus, float | None, str]:
        """Solve ``problem`` in place; return (status, proven bound or None, raw status)."""


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send everything written to file descriptor 1 to descriptor 2 meanwhile.

    HiGHS prints its banner on stdout even when told to be silent, from C, so redirecting
    ``sys.stdout`` is not enough: the descriptor itself is swapped, and C's buffers are
    flushed before it is put back.
    """
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        _flush_c_stdio()
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _flush_c_stdio() -> None:
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).fflush(None)


CBC_GRACE_S = 2.0
"""Seconds CBC may run past its time limit before it is stopped: it checks the limit between
nodes, never while it solves the root LP, which can take minutes on a large model."""
STOPPED_TEXT = "stopped at the time limit (CBC was still solving its root LP)"


@contextlib.contextmanager
def stop_solver_after(seconds: float) -> Iterator[list[bool]]:
    """Kill the solver processes this process started if they run longer than ``seconds``,
    or when the run ends with an exception (Ctrl-C included): a solver never runs on orphaned.

    Yields a list that is non-empty (true) once a solver was stopped at the time limit.
    """
    import threading

    import psutil

    stopped: list[bool] = []
    me = psutil.Process()
    known = {child.pid for child in me.children(recursive=True)}

    def stop() -> None:
        if _kill_new_children(me, known):
            stopped.append(True)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield stopped
    except BaseException:
        timer.cancel()
        _kill_new_children(me, known, reap=True)
        raise
    finally:
        timer.cancel()


def _kill_new_children(me: Any, known: set[int], *, reap: bool = False) -> bool:
    """Kill the child processes of ``me`` not in ``known``; whether any was. ``reap`` waits for
    them too (when nobody else will: pulp's own wait reads the exit code at the time limit)."""
    import psutil

    killed = []
    for child in me.children(recursive=True):
        if child.pid not in known:
            with contextlib.suppress(psutil.Error):
                child.kill()
                killed.append(child)
    if reap:
        psutil.wait_procs(killed, timeout=2.0)
    return bool(killed)


MilpProgressFn = Callable[[float | None, float | None], None]
"""Called as a solver finds a better solution or proves a better bound: (objective, bound),
either ``None`` when unknown, in the problem's own sense."""

_CBC_SOLUTION = re.compile(r"Integer solution of (-?[0-9.eE+-]+)")
_CBC_NODES = re.compile(r"(-?[0-9.eE+-]+) best solution, best possible (-?[0-9.eE+-]+)")
_CBC_PARTIAL = re.compile(r"best objective (-?[0-9.eE+-]+) \(best possible (-?[0-9.eE+-]+)\)")


def read_cbc_progress(line: str, sign: float) -> tuple[float | None, float | None] | None:
    """The (objective, bound) a CBC log line reports, or ``None``; ``sign`` is -1 for a
    maximisation (CBC minimises its negation and logs that)."""
    found = _CBC_NODES.search(line) or _CBC_PARTIAL.search(line)
    if found:
        return sign * float(found.group(1)), sign * float(found.group(2))
    found = _CBC_SOLUTION.search(line)
    if found:
        return sign * float(found.group(1)), None
    return None


class _LogFile:
    """CBC's log in a file, read when it has exited."""

    def __init__(self, folder: str) -> None:
        self.path = str(Path(folder) / "cbc.log")

    def text(self) -> str:
        log = Path(self.path)
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def close(self) -> None:
        """Nothing to release."""


class _LogTerminal:
    """CBC's log read as CBC writes it, for progress.

    CBC writes its log line by line only to a terminal (to a file or a pipe it buffers until
    it exits), so its log goes to a pseudo-terminal, read by a thread that reports each new
    solution and bound.
    """

    def __init__(self, progress: MilpProgressFn, sign: float) -> None:
        import threading

        self._master, self._slave = os.openpty()
        self.path = os.ttyname(self._slave)
        self._lines: list[str] = []
        self._progress = progress
        self._sign = sign
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        pending = b""
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # every writer closed (Linux)
                break
            if not data:  # every writer closed (BSD, macOS)
                break
            pending += data
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", errors="replace").rstrip("\r")
                self._lines.append(line)
                found = read_cbc_progress(line, self._sign)
                if found is not None:
                    self._progress(*found)

    def text(self) -> str:
        return "\n".join(self._lines)

    def close(self) -> None:
        os.close(self._slave)
        self._thread.join(timeout=5.0)
        os.close(self._master)


class CbcSolver:
    """CBC, as bundled with pulp (``PULP_CBC_CMD``), one thread, bound read from its log."""

    name = "cbc"

    def run(
        self,
        problem: Any,
        *,
        time_limit: float,
        gap: float,
        warm: bool,
        progress: MilpProgressFn | None = None,
    ) -> tuple[MilpStatus, float | None, str]:
        import pulp

        with tempfile.TemporaryDirectory(prefix="siteselect-cbc-") as folder:
            log: _LogFile | _LogTerminal = _LogFile(folder)
            if progress is not None and hasattr(os, "openpty"):
                sign = -1.0 if problem.sense == pulp.LpMaximize else 1.0
                with contextlib.suppress(OSError):
                    log = _LogTerminal(progress, sign)
            with warnings.catch_warnings():
                # pulp 3.3 announces that 4.0 stops bundling CBC; the project pins pulp < 4.
                warnings.filterwarnings("ignore", "PULP_CBC_CMD is deprecated", DeprecationWarning)
                cmd = pulp.PULP_CBC_CMD(
                    msg=False,
                    timeLimit=max(1, int(np.ceil(time_limit))),
                    gapRel=gap,
                    threads=1,
                    warmStart=warm,
                    logPath=log.path,
                )
            try:
                with stdout_to_stderr(), stop_solver_after(time_limit + CBC_GRACE_S) as stopped:
                    try:
                        problem.solve(cmd)
                    except pulp.PulpSolverError:
                        if not stopped:
                            raise
            finally:
                log.close()
            if stopped:
                return "no_solution", None, STOPPED_TEXT
            text = log.text()
        result = re.search(r"^Result - (.*)$", text, flags=re.MULTILINE)
        raw = result.group(1).strip() if result else pulp.LpStatus.get(problem.status, "?")
        bound_match = re.search(
            r"^(?:Lower|Upper) bound:\s+(-?[0-9.eE+-]+)", text, flags=re.MULTILINE
        )
        objective = re.search(r"^Objective value:\s+(-?[0-9.eE+-]+)", text, flags=re.MULTILINE)
        bound: float | None = None
        if bound_match:
            # The log rounds the bound: widen it by half a unit of its last decimal.
            digits = bound_match.group(1).split(".")[-1] if "." in bound_match.group(1) else ""
            half = 0.5 * 10.0 ** -len(digits) if digits.isdigit() else 0.0
            lower = bound_match.group(0).startswith("Lower")
            bound = float(bound_match.group(1)) + (-half if lower else half)
        if problem.status == pulp.LpStatusInfeasible or "infeasible" in raw.lower():
            return "infeasible", None, raw
        has_solution = problem.sol_status in (
            pulp.LpSolutionOptimal,
            pulp.LpSolutionIntegerFeasible,
        )
        if raw.startswith("Optimal solution found"):
            if bound is None and objective is not None:
                bound = float(objective.group(1))
            return "optimal", bound, raw
        if "time" in raw.lower():
            return ("time_limit" if has_solution else "no_solution"), bound, raw
        return ("optimal" if has_solution else "no_solution"), bound, raw


class HighsSolver:
    """HiGHS through ``highspy`` (``pulp.HiGHS``), one thread, warm-started, kept off stdout."""

    name = "highs"

    def __init__(self) -> None:
        try:
            import highspy  # noqa: F401
        except ImportError:
            msg = (
                f"{name_input('--solver')} highs needs the highspy package: pip install -e "
                "'.[highs]' in the siteselect checkout"
            )
            raise ConfigError(msg) from None

    def run(
        self,
        problem: Any,
        *,
        time_limit: float,
        gap: float,
        warm: bool,
        progress: MilpProgressFn | None = None,
    ) -> tuple[MilpStatus, float | None, str]:
        import highspy
        import pulp

        sign = -1.0 if problem.sense == pulp.LpMaximize else 1.0

        def improved(event: Any) -> None:
            assert progress is not None
            out = event.data_out
            bound = float(out.mip_dual_bound)
            progress(
                sign * float(out.objective_function_value),
                sign * bound if np.isfinite(bound) else None,
            )

        class _Warm(pulp.HiGHS):  # type: ignore[misc]
            def callSolver(self, lp: Any) -> None:
                if progress is not None:
                    lp.solverModel.cbMipImprovingSolution.subscribe(improved)
                if warm:
                    values = [v.varValue if v.varValue is not None else 0.0 for v in lp.variables()]
                    solution = highspy.HighsSolution()
                    solution.col_value = values
                    solution.value_valid = True
                    lp.solverModel.setSolution(solution)
                lp.solverModel.run()

        # mip_abs_gap defaults to 1e-6: on a small objective (a sum of scores near 1) HiGHS
        # would stop short of the relative gap asked; only `gap` decides.
        cmd = _Warm(msg=False, timeLimit=float(time_limit), gapRel=gap, gapAbs=0.0, threads=1)
        with stdout_to_stderr():
            problem.solve(cmd)
        model = problem.solverModel
        status = model.getModelStatus()
        raw = model.modelStatusToString(status)
        info = model.getInfo()
        bound = float(info.mip_dual_bound) * sign if np.isfinite(info.mip_dual_bound) else None
        kinds = highspy.HighsModelStatus
        if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
            return "infeasible", None, raw
        has_solution = (
            problem.sol_status
            in (
                pulp.LpSolutionOptimal,
                pulp.LpSolutionIntegerFeasible,
            )
            and int(info.primal_solution_status) == 2
        )
        if status == kinds.kOptimal:
            if bound is None:
                bound = float(info.objective_function_value) * 1.0
            return "optimal", bound, raw
        if status == kinds.kTimeLimit:
            return ("time_limit" if has_solution else "no_solution"), bound, raw
        return ("optimal" if has_solution else "no_solution"), bound, raw


def get_solver(name: str | Solver) -> Solver:
    """The solver of that name: ``cbc`` (bundled with pulp) or ``highs`` (needs highspy); a
    solver object is returned as it is (injection)."""
    if not isinstance(name, str):
        return name
    if name == "cbc":
        return CbcSolver()
    if name == "highs":
        return HighsSolver()
    msg = f"{name_input('--solver')} {name!r}: use one of {', '.join(SOLVERS)}"
    raise ConfigError(msg)


@dataclass
class _Built:
    problem: Any
    y: dict[int, Any]
    extra: dict[str, Any] = field(default_factory=dict)


def build_problem(
    model: LocationModel,
    *,
    closed: IntArray | None = None,
    opened: IntArray | None = None,
    keep_pairs: BoolArray | None = None,
    feasibility_only: bool = False,
) -> _Built:
    """The model as a pulp problem, with sites fixed closed/open and p-median pairs kept."""
    import pulp

    maximise = model.sense == "max" or feasibility_only
    problem = pulp.LpProblem("siteselect", pulp.LpMaximize if maximise else pulp.LpMinimize)
    out = set(model.exclude) | set(() if closed is None else closed.tolist())
    forced = set(model.include) | set(() if opened is None else opened.tolist())
    # "Integer" in [0, 1], not "Binary": pulp resets a binary's bounds to 0..1 (forced opens)
    y = {
        j: problem.add_variable(f"y{j}", 1 if j in forced else 0, 1, "Integer")
        for j in range(model.n_sites)
        if j not in out
    }
    built = _Built(problem, y)
    problem += pulp.LpAffineExpression([(v, 1.0) for v in y.values()]) == model.k, "k"
    _add_families(problem, model, y)
    if feasibility_only:
        problem += pulp.LpAffineExpression([(v, 0.0) for v in y.values()])
        if model.needs_service:
            _add_service(problem, model, y)
        return built
    if model.objective == "score":
        assert model.scores is not None
        scores = model.scores
        if scores.shape[0] == 1:
            problem += pulp.LpAffineExpression([(v, float(scores[0, j])) for j, v in y.items()])
        else:
            peak = float(np.abs(scores).max())
            scale = 1e4 / peak if peak > 0 else 1.0
            t = problem.add_variable("t")
            built.extra.update(t=t, scale=scale)
            problem += pulp.LpAffineExpression([(t, 1.0)])
            for s in range(scores.shape[0]):
                terms = [(v, -scale * float(scores[s, j])) for j, v in y.items()] + [(t, 1.0)]
                problem += pulp.LpAffineExpression(terms) <= 0, f"scenario{s}"
    elif model.objective == "p-median":
        _add_p_median(built, model, keep_pairs)
    else:
        _add_coverage(built, model)
    return built


def _add_families(problem: Any, model: LocationModel, y: dict[int, Any]) -> None:
    import pulp

    if model.budget is not None:
        terms = [(v, float(model.budget.costs[j])) for j, v in y.items()]
        problem += pulp.LpAffineExpression(terms) <= model.budget.limit, "budget"
    for g_index, g in enumerate(model.groups):
        members: dict[int, list[Any]] = {}
        for j, v in y.items():
            if g.labels[j] >= 0:
                members.setdefault(int(g.labels[j]), []).append(v)
        for label, vs in members.items():
            if len(vs) > g.cap:
                expr = pulp.LpAffineExpression([(v, 1.0) for v in vs])
                problem += expr <= g.cap, f"max_per{g_index}_{label}"
    for a, b in model.conflicts.tolist():
        if a in y and b in y:
            problem += y[a] + y[b] <= 1, f"spacing{a}_{b}"


def _add_service(problem: Any, model: LocationModel, y: dict[int, Any]) -> None:
    """Every reachable demand point has a chosen site among its pairs (distinct sets once)."""
    import pulp

    assert model.pairs is not None
    pairs = model.pairs
    seen: set[tuple[int, ...]] = set()
    for i in np.flatnonzero(model.reachable):
        sites = tuple(pairs.site[pairs.indptr[i] : pairs.indptr[i + 1]].tolist())
        if len(sites) == model.n_sites or sites in seen:
            continue
        seen.add(sites)
        terms = [(y[j], 1.0) for j in sites if j in y]
        problem += pulp.LpAffineExpression(terms) >= 1, f"service{len(seen)}"


def _add_p_median(built: _Built, model: LocationModel, keep_pairs: BoolArray | None) -> None:
    import pulp

    assert model.pairs is not None and model.weights is not None
    problem, y = built.problem, built.y
    pairs = model.pairs
    keep = np.ones(pairs.nnz, dtype=bool) if keep_pairs is None else keep_pairs.copy()
    keep &= np.isin(pairs.site, np.fromiter(y.keys(), dtype=np.int64))
    rows, sites = pairs.rows[keep], pairs.site[keep]
    coef = model.weights[rows] * pairs.cost[keep]
    xs = [problem.add_variable(f"x{e}", 0, 1) for e in range(rows.shape[0])]
    problem += pulp.LpAffineExpression(list(zip(xs, coef.tolist(), strict=True)))
    starts = np.searchsorted(rows, np.arange(pairs.n_demand + 1))
    for i in np.flatnonzero(model.reachable):
        a, b = int(starts[i]), int(starts[i + 1])
        if a == b:
            # No kept pair: no solution better than the incumbent serves this point.
            built.extra["empty"] = True
            continue
        problem += pulp.LpAffineExpression([(xs[e], 1.0) for e in range(a, b)]) == 1, f"assign{i}"
    for e, j in enumerate(sites.tolist()):
        problem += xs[e] - y[j] <= 0, f"open{e}"
    built.extra.update(x=xs, x_rows=rows, x_sites=sites)


def _add_coverage(built: _Built, model: LocationModel) -> None:
    import pulp

    assert model.pairs is not None and model.weights is not None
    problem, y = built.problem, built.y
    pairs = model.pairs
    merged: dict[tuple[int, ...], float] = {}
    for i in np.flatnonzero(model.reachable & (model.weights > 0)):
        sites = tuple(
            j for j in pairs.site[pairs.indptr[i] : pairs.indptr[i + 1]].tolist() if j in y
        )
        if sites:
            merged[sites] = merged.get(sites, 0.0) + float(model.weights[i])
    objective = []
    groups = []
    firsts: list[Any] = []
    seconds: list[Any] = []
    for g, (sites, weight) in enumerate(merged.items()):
        z1 = problem.add_variable(f"z{g}", 0, 1)
        terms = [(z1, 1.0)]
        objective.append((z1, weight))
        firsts.append(z1)
        if model.double_coverage:
            z2 = problem.add_variable(f"zz{g}", 0, 1)
            terms.append((z2, 1.0))
            objective.append((z2, weight))
            seconds.append(z2)
            problem += z2 - z1 <= 0, f"second{g}"
        terms += [(y[j], -1.0) for j in sites]
        problem += pulp.LpAffineExpression(terms) <= 0, f"cover{g}"
        groups.append(sites)
    problem += pulp.LpAffineExpression(objective)
    built.extra.update(groups=groups, z1=firsts, z2=seconds)


def set_warm_start(built: _Built, model: LocationModel, chosen: IntArray) -> bool:
    """Give the solver a starting solution; ``False`` if it does not fit the built problem."""
    chosen_set = set(chosen.tolist())
    if not chosen_set <= set(built.y):
        return False
    for j, v in built.y.items():
        v.setInitialValue(1.0 if j in chosen_set else 0.0)
    if model.objective == "p-median" and "x" in built.extra:
        evaluation = model.evaluate(chosen)
        target = evaluation.assignment[built.extra["x_rows"]]
        for x, site, want in zip(
            built.extra["x"], built.extra["x_sites"].tolist(), target.tolist(), strict=True
        ):
            x.setInitialValue(1.0 if site == want else 0.0)
    if model.objective == "coverage" and "groups" in built.extra:
        for g, sites in enumerate(built.extra["groups"]):
            count = sum(1 for j in sites if j in chosen_set)
            built.extra["z1"][g].setInitialValue(1.0 if count >= 1 else 0.0)
            if model.double_coverage:
                built.extra["z2"][g].setInitialValue(1.0 if count >= 2 else 0.0)
    if "t" in built.extra and model.scores is not None:
        worst = float(model.scores[:, chosen].sum(axis=1).min())
        built.extra["t"].setInitialValue(built.extra.get("scale", 1.0) * worst)
    return True


def run_milp(
    built: _Built,
    solver: Solver,
    *,
    time_limit: float,
    gap: float,
    warm: bool,
    progress: MilpProgressFn | None = None,
) -> MilpOutcome:
    """Solve a built problem and read the chosen sites off ``y``.

    ``progress`` goes to a solver whose ``run`` takes it (CBC's and HiGHS's here; an
    injected solver without it runs as it is).
    """
    import inspect

    extra: dict[str, Any] = {}
    if progress is not None and "progress" in inspect.signature(solver.run).parameters:
        scale = built.extra.get("scale", 1.0)
        extra["progress"] = lambda value, bound: progress(
            None if value is None else value / scale, None if bound is None else bound / scale
        )
    status, bound, raw = solver.run(
        built.problem, time_limit=time_limit, gap=gap, warm=warm, **extra
    )
    if bound is not None:
        bound /= built.extra.get("scale", 1.0)  # the robust score's rows are scaled
    chosen = None
    if status in ("optimal", "time_limit"):
        picked = [j for j, v in built.y.items() if v.varValue is not None and v.varValue > 0.5]
        chosen = np.asarray(sorted(picked), dtype=np.int64)
    return MilpOutcome(status=status, chosen=chosen, bound=bound, raw_status=raw)
