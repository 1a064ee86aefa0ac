"""Tests for siteselect.surface.executor: the same grid in this process and on Dask."""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from siteselect.config import load_search
from siteselect.errors import ConfigError
from siteselect.layers.store import LayerStore
from siteselect.surface import compute_surface

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ags() -> gpd.GeoDataFrame:
    states = LayerStore().layer("states")
    return states.loc[states["state"] == "Aguascalientes"]


@pytest.mark.slow
def test_two_dask_workers_give_the_in_process_surface(
    ags: gpd.GeoDataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2-worker LocalCluster and this process: identical cells, raw values and scores."""
    pytest.importorskip("distributed")
    # Worker processes import siteselect: from this checkout, as the test process does.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    config = load_search(profile="default")
    seen: list[tuple[int, int]] = []
    here = compute_surface(config, res=7, area=ags, partition_size=343)
    there = compute_surface(
        config,
        res=7,
        area=ags,
        partition_size=343,
        workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert there.executor.startswith("dask, 2 worker(s)")
    assert here.partitions == there.partitions > 1
    assert seen[-1] == (there.partitions, there.partitions)
    pd.testing.assert_index_equal(there.cells.index, here.cells.index)
    for column in here.cells.columns:
        a = here.cells[column].to_numpy(dtype=float)
        b = there.cells[column].to_numpy(dtype=float)
        assert np.allclose(a, b, rtol=0, atol=1e-9, equal_nan=True), column


def test_missing_dask_is_a_one_line_error(
    ags: gpd.GeoDataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(ConfigError, match=r"pip install -e '\.\[dask\]'") as info:
        compute_surface(load_search(profile="default"), res=6, area=ags, workers=2)
    assert "\n" not in str(info.value)


def test_cluster_options_are_checked(ags: gpd.GeoDataFrame) -> None:
    config = load_search(profile="default")
    with pytest.raises(ConfigError, match="not both"):
        compute_surface(config, res=6, area=ags, workers=2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ConfigError, match=r"^workers 0: give a number"):
        compute_surface(config, res=6, area=ags, workers=0)


def test_an_unreachable_scheduler_is_a_config_error(
    ags: gpd.GeoDataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    from siteselect.surface import executor

    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConfigError, match="cannot connect"):
        compute_surface(
            load_search(profile="default"), res=6, area=ags, scheduler="tcp://127.0.0.1:9"
        )
