"""A search written back as TOML: the config that ``siteselect rank --config`` reads again.

``siteselect explore`` writes the search on screen (weights, method, corridors, top N,
constraints) with :func:`build_search_toml`; ``rank --config`` on that file gives the same
ranking. Every key of the validated config is written, defaults included, so nothing depends
on a default that may change; file paths are written absolute (the file can move).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import OutputError

if TYPE_CHECKING:
    from siteselect.config import SearchConfig

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# Sections in the order a person reads a search; arrays of tables come last.
_ORDER = ("profile", "search", "candidates", "weights", "topsis", "vikor", "network", "optimize")


def build_search_toml(config: SearchConfig, *, comment: Sequence[str] = ()) -> str:
    """The whole search as TOML text that :func:`siteselect.config.read_config` reads back
    into an equal config.

    Parameters
    ----------
    config
        A validated search.
    comment
        Lines written as ``#`` comments at the top (what the file is, where it came from).
    """
    from siteselect.config import resolve_paths

    data = resolve_paths(config, Path.cwd()).as_mapping()
    lines = [f"# {line}".rstrip() for text in comment for line in text.splitlines()]
    if lines:
        lines.append("")
    sections = [k for k in _ORDER if k in data] + sorted(
        k for k in data if k not in _ORDER and isinstance(data[k], Mapping)
    )
    for name in sections:
        lines.append(f"[{_key(name)}]")
        lines += [f"{_key(k)} = {_value(v)}" for k, v in data[name].items() if v is not None]
        lines.append("")
    for name in ("criteria", "constraints"):
        for entry in data.get(name, []):
            lines.append(f"[[{name}]]")
            lines += [f"{_key(k)} = {_value(v)}" for k, v in entry.items() if v is not None]
            lines.append("")
    return "\n".join(lines)


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    # JSON's escapes are TOML's; TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    """A TOML value: nested tables inline, paths as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Path):
        return _string(str(value))
    if isinstance(value, Mapping):
        items = [f"{_key(str(k))} = {_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    msg = f"cannot write {type(value).__name__} {value!r} as TOML"
    raise OutputError(msg)
