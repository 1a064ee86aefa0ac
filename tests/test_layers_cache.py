"""Tests for siteselect.layers.cache: graphs read back from the cache equal fresh builds."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from siteselect.api import read_road_graph
from siteselect.config import read_profile
from siteselect.layers import cache
from siteselect.layers.store import LayerStore


def test_cached_graph_equals_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from siteselect.layers.memo import clear_held

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    config = read_profile("default")
    clear_held()  # each read from disk (the process's memory is tested in test_layers_memo)
    fresh = read_road_graph(config, LayerStore())
    assert len(list(tmp_path.glob("graph-*.npz"))) == 1
    clear_held()
    cached = read_road_graph(config, LayerStore())
    assert cached is not fresh
    np.testing.assert_array_equal(cached.x, fresh.x)
    assert (cached.minutes != fresh.minutes).nnz == 0
    assert (cached.km != fresh.km).nnz == 0


def test_keys_change_with_the_source_and_the_settings(tmp_path: Path) -> None:
    source = tmp_path / "edges.gpkg"
    source.write_bytes(b"one")
    first = cache.build_key("graph", source, {"default": 60})
    assert cache.build_key("graph", source, {"default": 50}) != first
    os.utime(source, ns=(1, 1))
    assert cache.build_key("graph", source, {"default": 60}) != first


def test_cache_off_and_unwritable_folders_are_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    cache.write_arrays("k", {"a": np.arange(3)})
    assert cache.read_arrays("k") is None
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "sub"))
    cache.write_arrays("k", {"a": np.arange(3)})  # cannot create the folder: skipped
    assert cache.read_arrays("k") is None


def test_old_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    for i in range(cache.KEEP_PER_KIND + 3):
        cache.write_arrays(f"graph-{i:04d}", {"a": np.arange(3)})
        os.utime(tmp_path / f"graph-{i:04d}.npz", ns=(i + 1, i + 1))
    names = sorted(p.name for p in tmp_path.glob("graph-*.npz"))
    assert len(names) == cache.KEEP_PER_KIND
    assert names[-1] == f"graph-{cache.KEEP_PER_KIND + 2:04d}.npz"
    assert cache.read_arrays(f"graph-{cache.KEEP_PER_KIND + 2:04d}") is not None


def _same_ranking(a: object, b: object) -> None:
    import pandas as pd

    pd.testing.assert_frame_equal(a.raw, b.raw)  # type: ignore[attr-defined]
    pd.testing.assert_frame_equal(a.scores.table, b.scores.table)  # type: ignore[attr-defined]
    assert a.provenance == b.provenance  # type: ignore[attr-defined]
    assert a.notes == b.notes  # type: ignore[attr-defined]


def test_cached_measures_rank_as_uncached_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from siteselect.api import rank

    monkeypatch.setenv(cache.CACHE_ENV, "off")
    uncached = rank("default")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    first = rank("default")  # measures, then writes the entry
    assert len(list(tmp_path.glob("measures-*.npz"))) == 1
    second = rank("default")  # read back
    _same_ranking(first, uncached)
    _same_ranking(second, uncached)
    # Another profile's criteria are another entry.
    other = rank("automotive-tier1")
    assert len(list(tmp_path.glob("measures-*.npz"))) == 2
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    _same_ranking(other, rank("automotive-tier1"))


def test_an_edited_data_file_measures_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import pandas as pd

    from siteselect.api import rank
    from siteselect.layers import default_data_dir

    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    store = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(store))
    before = rank("default", data_dir=data)
    people = pd.read_csv(data / "population.csv", dtype=str, keep_default_na=False)
    people["population"] = (people["population"].astype(float) * 2).map(lambda v: f"{v:g}")
    people.to_csv(data / "population.csv", index=False)
    after = rank("default", data_dir=data)
    assert len(list(store.glob("measures-*.npz"))) == 2
    labour = after.raw["labour"] / before.raw["labour"]
    assert labour.dropna().gt(1.0).all()
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    _same_ranking(after, rank("default", data_dir=data))


def test_cached_corridor_polygons_equal_fresh_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    from siteselect.layers import read_layer
    from siteselect.layers.memo import clear_held

    # Each read from the files (the process's memory of them is tested in test_layers_memo).
    clear_held()
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    fresh = read_layer("corridors")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    clear_held()
    read_layer("corridors")
    assert len(list(tmp_path.glob("corridors-*.npz"))) == 1
    clear_held()
    cached = read_layer("corridors")
    pd.testing.assert_frame_equal(cached.drop(columns="geometry"), fresh.drop(columns="geometry"))
    assert cached.crs == fresh.crs
    assert all(a.equals_exact(b, 0.0) for a, b in zip(cached.geometry, fresh.geometry, strict=True))
