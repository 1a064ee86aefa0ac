"""Text from user files is data, never markup or terminal control, in every output."""

from __future__ import annotations

import re

# C0 controls except tab/newline, DEL and the C1 block: what a terminal would act on.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# OWASP CSV injection: cells a spreadsheet would evaluate as a formula or command.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def strip_control(text: str) -> str:
    """Remove C0/C1 control characters (escape sequences start with one) from text."""
    return _CONTROL.sub("", text)


def neutralise_cell(text: str) -> str:
    """Prefix a CSV cell that a spreadsheet would run as a formula with a single quote."""
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
