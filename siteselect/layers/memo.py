"""Embedded layers kept in memory between runs of one process, checked against their files.

A notebook, ``siteselect explore`` or a batch of ``ss.rank`` calls reads the same embedded
layers again and again: the states, metros, corridors and population points cost about a
tenth of a second a run to parse. A held frame is handed out as a copy (callers may add
columns) and only while every file it came from has the size and modification time it had
when read; a rebuilt file (``make data``) is read again. User files are never held: they are
read afresh each run, as a user expects after editing one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd

_Frame = TypeVar("_Frame", bound="pd.DataFrame")
_Shared = TypeVar("_Shared")

_HELD_MAX = 32
"""Objects held at once (the embedded data has about twenty layers and tables, 15 MB on disk,
and a few trees are built from them)."""

_held: OrderedDict[tuple[str, ...], tuple[tuple[tuple[str, int, int], ...], Any]] = OrderedDict()
_lock = threading.Lock()


def _stamp(sources: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """Path, modification time (ns) and size of each source file."""
    out = []
    for path in sources:
        info = path.stat()
        out.append((str(path.resolve()), info.st_mtime_ns, info.st_size))
    return tuple(out)


def read_held(key: tuple[str, ...], sources: Sequence[Path], read: Callable[[], _Frame]) -> _Frame:
    """``read()``'s frame, from memory when ``sources`` are unchanged since it was read.

    Parameters
    ----------
    key
        What is read (layer or table name and data folder).
    sources
        The files the frame is made from; all must exist.
    read
        Reads the frame when it is not held (or its files changed).

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        A copy: changing it leaves the held frame as read.
    """
    # The held frame itself is never handed out: a caller adding a column would change it.
    return read_held_shared(key, sources, read).copy()


def read_held_shared(
    key: tuple[str, ...], sources: Sequence[Path], read: Callable[[], _Shared]
) -> _Shared:
    """:func:`read_held` for an object nobody changes (a road graph): handed out itself.

    Sharing it keeps what it learnt (the road graph's snapped points: the 34,000 population
    points join the graph once a process, not once a search)."""
    stamp = _stamp(sources)
    with _lock:
        held = _held.get(key)
        if held is not None and held[0] == stamp:
            _held.move_to_end(key)
            kept: _Shared = held[1]
            return kept
    value = read()
    with _lock:
        _held[key] = (stamp, value)
        _held.move_to_end(key)
        while len(_held) > _HELD_MAX:
            _held.popitem(last=False)
    return value


def clear_held() -> None:
    """Forget every held frame (tests; a caller that changed files within one timestamp)."""
    with _lock:
        _held.clear()
