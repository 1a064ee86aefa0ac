"""A disk cache for derived arrays (road graphs): built once, read back in milliseconds.

The cache lives in ``$SITESELECT_CACHE_DIR``, else ``$XDG_CACHE_HOME/siteselect``, else
``~/.cache/siteselect``; ``SITESELECT_CACHE_DIR=off`` disables it. Keys hash the source
file's path, size and modification time with the build parameters and the tool's version,
so an edited file or a new release never reads a stale entry. Failures to write (a
read-only home) are ignored: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

CACHE_ENV = "SITESELECT_CACHE_DIR"
KEEP_PER_KIND = 16
"""Entries of one kind kept; older ones are removed when a new one is written (an edited
source file or a new release leaves its old entries behind)."""


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "siteselect"


def build_key(kind: str, source: Path, params: Mapping[str, Any]) -> str:
    """A cache key for what ``kind`` derives from ``source`` with ``params``."""
    from siteselect._version import __version__

    stat = Path(source).stat()
    text = json.dumps(
        {
            "kind": kind,
            "source": str(Path(source).resolve()),
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "params": dict(params),
            "version": __version__,
        },
        sort_keys=True,
        default=str,
    )
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def read_arrays(key: str) -> dict[str, np.ndarray] | None:
    """The arrays stored under ``key``, or ``None`` (absent, unreadable or caching off)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError):
        return None


def write_arrays(key: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Store arrays under ``key`` (atomically; silently skipped when it cannot be written)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
        payload: dict[str, Any] = dict(arrays)
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **payload)
        os.replace(tmp, folder / f"{key}.npz")
        prune(folder, key.split("-", 1)[0])
    except OSError:
        return


def prune(folder: Path, kind: str, keep: int = KEEP_PER_KIND) -> None:
    """Remove all but the ``keep`` most recently written entries of one kind."""
    entries = sorted(folder.glob(f"{kind}-*.npz"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-keep] if keep > 0 else entries:
        old.unlink(missing_ok=True)


def describe_files(paths: list[Path]) -> list[tuple[str, int, int]]:
    """Name, size and modification time of each file: what a key over many files hashes."""
    out = []
    for path in sorted(paths):
        stat = path.stat()
        out.append((str(path.resolve()), stat.st_size, stat.st_mtime_ns))
    return out


def build_files_key(kind: str, sources: list[Path], params: Mapping[str, Any]) -> str:
    """A cache key for what ``kind`` derives from many files (each file's path, size and
    modification time) with ``params`` and the tool's version."""
    from siteselect._version import __version__

    text = json.dumps(
        {
            "kind": kind,
            "files": describe_files(sources),
            "params": dict(params),
            "version": __version__,
        },
        sort_keys=True,
        default=str,
    )
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:32]}"
