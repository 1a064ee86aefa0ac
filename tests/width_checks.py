"""Checks that a table printed at some width cuts nothing: shared by the width tests.

A rendering at ``width`` is compared with the same renderable at a width where nothing wraps
(:data:`REFERENCE`): every word printed at ``width`` must be a word of the reference (plus the
few words the layout adds: the "not shown" line, stacking prefixes). A word cut across lines
("Industri" / "al") or truncated ("0.…") is not a word of the reference, so it fails.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console

REFERENCE = 1000
# Words the layout itself prints: the dropped-columns line and headers of stacked columns.
_SPLIT = re.compile(r"[\s\u2500-\u257f]+")  # whitespace and box-drawing characters


def render(renderable: object, width: int) -> str:
    """Plain text of a renderable printed at ``width`` columns."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, soft_wrap=False).print(renderable)
    return buffer.getvalue()


def words(text: str) -> set[str]:
    """The words of a rendering: split at spaces and box lines, without the commas that
    lists add (the "not shown" line, ``corridor, state`` stacked on one line)."""
    return {w.rstrip(",;") for w in _SPLIT.split(text) if w.rstrip(",;")}


LAYOUT_WORDS = frozenset(
    words("not shown at columns: (a wider terminal, --width, or --format json) / hurt: for near")
)


def check_cut(text: str, reference: str, width: int, allowed: Iterable[str] = ()) -> None:
    """Assert that ``text`` (printed at ``width``) cuts no word and no number of
    ``reference`` (the same output where nothing wraps)."""
    long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not long, f"lines wider than {width}: {long[:3]}"
    assert "…" not in text, [line for line in text.splitlines() if "…" in line][:3]
    known = words(reference) | LAYOUT_WORDS | set(allowed) | {str(width)}
    cut = sorted(words(text) - known)
    assert not cut, f"words cut or changed at {width} columns: {cut[:12]}"


def check_renderable(renderable: object, widths: Iterable[int] = (80, 160)) -> dict[int, str]:
    """Render at each width and at :data:`REFERENCE`; check nothing is cut; return the texts."""
    reference = render(renderable, REFERENCE)
    out = {}
    for width in widths:
        text = render(renderable, width)
        check_cut(text, reference, width)
        out[width] = text
    return out
