"""Executors: the partitions of a grid measured in this process, or on a Dask cluster.

Both run :func:`~siteselect.surface.measure.measure_partition` on every partition and return
the results in partition order, so a grid's raw values do not depend on where it ran. Dask is
an optional extra (``pip install -e '.[dask]'`` in the checkout), imported only here and only when a
cluster is asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError, name_input

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import CriterionConfig
    from siteselect.criteria import MeasureContext
    from siteselect.surface.grid import GridPlan

ProgressFn = Callable[[int, int], None]
"""Called with (partitions done, partitions in all) after each partition."""

DASK_HINT = "install the extra: pip install -e '.[dask]' in the siteselect checkout"
CONNECT_TIMEOUT = "15s"
"""How long to try reaching a ``--scheduler`` before giving up."""


def measure_grid(
    plan: GridPlan,
    criteria: Sequence[CriterionConfig],
    context: MeasureContext,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: ProgressFn | None = None,
) -> tuple[list[pd.DataFrame], str]:
    """Measure every partition of a grid; in this process unless a cluster is asked for.

    Parameters
    ----------
    plan
        The grid's partitions.
    criteria
        Criteria that apply to a location.
    context
        Layers, rasters and road graph, read once.
    workers
        Start a local Dask cluster of this many worker processes (one thread each).
    scheduler
        Address of an existing Dask scheduler (``tcp://host:8786``); its workers need
        siteselect installed and the data files at the same paths.
    progress
        Called after each partition.

    Returns
    -------
    tuple
        One raw frame per partition, in partition order, and a description of where it ran.
    """
    if not check_cluster_options(workers, scheduler):
        return _measure_here(plan, criteria, context, progress), "in-process"
    with open_client(workers=workers, scheduler=scheduler) as client:
        parts = _measure_on_dask(client, plan, criteria, context, progress)
        n = len(client.scheduler_info(n_workers=-1).get("workers", {}))
    where = f"dask, {n} worker(s)" + (f" at {scheduler}" if scheduler else " (local cluster)")
    return parts, where


def check_cluster_options(workers: int | None, scheduler: str | None) -> bool:
    """Whether a Dask cluster is asked for; bad options or a missing extra raise at once."""
    if workers is not None and scheduler is not None:
        msg = (
            f"give {name_input('--workers')} (a local cluster) or {name_input('--scheduler')} "
            "(an existing one), not both"
        )
        raise ConfigError(msg)
    if workers is None and scheduler is None:
        return False
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        msg = f"{name_input('--workers')} {workers!r}: give a number of worker processes >= 1"
        raise ConfigError(msg)
    import_dask()
    return True


def _measure_here(
    plan: GridPlan,
    criteria: Sequence[CriterionConfig],
    context: MeasureContext,
    progress: ProgressFn | None,
) -> list[pd.DataFrame]:
    from siteselect.surface.measure import measure_partition

    out = []
    for i in range(plan.n_partitions):
        out.append(measure_partition(i, plan, criteria, context))
        if progress is not None:
            progress(i + 1, plan.n_partitions)
    return out


def import_dask() -> Any:
    """``dask.dataframe`` and ``distributed``, or a one-line error saying how to install them."""
    try:
        import dask.dataframe as dd
        import distributed
    except ImportError as exc:
        msg = f"--workers/--scheduler need Dask ({exc.name} is missing); {DASK_HINT}"
        raise ConfigError(msg) from None
    return dd, distributed


@contextlib.contextmanager
def open_client(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: on an existing scheduler, or on a local cluster started (and stopped) here.

    A local cluster started from a script needs the script's ``if __name__ == "__main__":``
    guard (its worker processes import the main module); the ``siteselect`` command has it.
    """
    import logging

    _, distributed = import_dask()
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            msg = f"--scheduler {scheduler}: cannot connect ({exc}); check the address"
            raise ConfigError(msg) from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = distributed.LocalCluster(
        n_workers=int(workers or 1),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def _measure_on_dask(
    client: Any,
    plan: GridPlan,
    criteria: Sequence[CriterionConfig],
    context: MeasureContext,
    progress: ProgressFn | None,
) -> list[pd.DataFrame]:
    """A Dask DataFrame whose partitions are made and measured on the workers.

    The context (layers, graph) and the plan are scattered to every worker once; each
    partition's cells are built inside its task from its parent cells, so nothing of grid size
    crosses the network on the way in. Results are gathered as they complete and released on
    the workers, so a worker holds about one partition at a time.
    """
    dd, distributed = import_dask()
    from siteselect.surface.measure import empty_partition, measure_partition

    context_ref = client.scatter(context, broadcast=True, hash=False)
    plan_ref = client.scatter(plan, broadcast=True, hash=False)
    frame = dd.from_map(
        measure_partition,
        range(plan.n_partitions),
        plan=plan_ref,
        criteria=list(criteria),
        context=context_ref,
        meta=empty_partition(criteria),
        label="measure-cells",
        enforce_metadata=False,
    )
    futures = client.compute(frame.to_delayed())
    position = {f.key: i for i, f in enumerate(futures)}
    out: list[Any] = [None] * len(futures)
    completed = distributed.as_completed(futures, with_results=True)
    for done, (future, part) in enumerate(completed, start=1):
        out[position[future.key]] = part
        future.release()
        if progress is not None:
            progress(done, len(futures))
    return out
