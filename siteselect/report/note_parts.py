"""What the catalogue translations of engine notes share: a handler's shape and the counts and
figures read back from an English note, said in the report's marks (Babel).

Used by :mod:`siteselect.report.fact_notes` and :mod:`siteselect.report.engine_notes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from siteselect.report.i18n import Messages

Names = Mapping[str, str]
Handler = Callable[["re.Match[str]", "Messages", Names], str]


def _say(m: Messages, key: str, n: str, **values: str) -> str:
    """``key``'s sentence, its ``.one`` form for a count of one (``1 fila``, not ``1 filas``)."""
    one = int(n.replace(",", "")) == 1 and f"{key}.one" in m.catalogue
    return m.t(f"{key}.one" if one else key, count=_count(n, m), **values)


def _count(text: str, m: Messages) -> str:
    return m.number(float(text.replace(",", "")), 0)


def _number(text: str, m: Messages) -> str:
    """A figure the engine wrote with ``:g`` (``12``, ``0.5``) in the report's marks."""
    plain = text.replace(",", "")
    digits = len(plain.partition(".")[2]) if "e" not in plain else 2
    return m.number(float(plain), digits)
