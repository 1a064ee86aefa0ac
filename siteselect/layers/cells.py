"""Cells of a user's table: the delimiter and decimal mark a file is written with, cells read
as numbers, and the words that stand where a figure is not given (``consultar``, ``N/D``).

Used by every reader of a user's table (:mod:`siteselect.layers.files`), by the checks of
``layers validate`` and by ``attribute`` criteria, so that one cell reads one way everywhere.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Cells that mean "no value" in a numeric column (English and Spanish spreadsheets), compared
# in lower case with spaces collapsed: placeholders, then the words a broker writes where a
# figure is not given ("to be quoted", "on request"). A numeric column keeps its type and the
# cell becomes a stated gap (missing, with a note naming the column, the word and its rows).
NA_TOKENS = frozenset(
    {
        *("", "na", "nan", "null", "none", "n/a", "n.a.", "?"),
        *("-", "--", "—", "–", "‐"),
        *("s/d", "s.d.", "sd", "nd", "n/d", "n.d.", "sin dato", "sin datos", "no disponible"),
        *("consultar", "a consultar", "por consultar", "cotizar", "a cotizar", "por cotizar"),
        *("por definir", "a definir", "negociable"),
        *("tbd", "tba", "to be defined", "to be determined", "to be confirmed", "tbc"),
        *("on request", "upon request", "price on request", "negotiable"),
        # Infinity is no rent, area or distance a user can state: spreadsheets write it for
        # a division by zero, and read as a figure it would score as the best or the worst.
        *("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "infinito", "∞"),
    }
)
SILENT_TOKENS = frozenset({"", "na", "nan", "null", "none"})
"""Missing-value marks software writes: read as missing without a note."""
SEPARATORS = (",", ";", "\t", "|")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_DOT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_LEADING_ZERO = re.compile(r"^[+-]?0\d")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_ASCII_DIGIT = re.compile("[0-9]")
_SAMPLE_ROWS = 200
"""Cells a column's type is first told by (a text column stops there)."""


def sniff_separator(lines: Sequence[str], *, prefer_tab: bool = False) -> str:
    """The delimiter that splits every sample line into the same number (> 1) of fields.

    Among consistent delimiters the one giving the most fields wins (so ``;`` beats the
    decimal commas inside ``-100,5;21,3``); with none consistent, the one splitting the
    header most; a single-column table gets ``,``.
    """
    order = ("\t", *[s for s in SEPARATORS if s != "\t"]) if prefer_tab else SEPARATORS
    best: tuple[int, str] | None = None
    header_best: tuple[int, str] = (1, ",")
    for sep in order:
        counts = [len(row) for row in csv.reader(lines, delimiter=sep)]
        if not counts:
            continue
        if counts[0] > header_best[0]:
            header_best = (counts[0], sep)
        if (
            counts[0] > 1
            and all(c == counts[0] for c in counts)
            and (best is None or counts[0] > best[0])
        ):
            best = (counts[0], sep)
    return best[1] if best is not None else header_best[1]


def sniff_decimal(frame: pd.DataFrame, sep: str) -> str:
    """``,`` when numbers in the sample are written with decimal commas, else ``.``."""
    if not any(_holds_mark(frame[column], ",") for column in frame.columns):
        return "."  # no decimal comma can be counted (most files: skip matching every cell)
    cells = [str(value).strip() for column in frame.columns for value in frame[column].tolist()]
    comma = dot = comma_loose = dot_loose = 0
    for cell in cells:
        if _COMMA_DECIMAL.match(cell):
            comma_loose += 1
            comma += not _COMMA_THOUSANDS.match(cell)
        elif _DOT_DECIMAL.match(cell):
            dot_loose += 1
            dot += not _DOT_THOUSANDS.match(cell)
    if comma > dot or (comma == dot == 0 and comma_loose > 0 and dot_loose == 0):
        return ","
    return "."


def _any_match(text: pd.Series, pattern: str) -> bool:
    """Whether some cell of a text column matches ``pattern`` (anchored at its start, as
    ``str.match``): for Arrow text, the search ``str.match`` makes, without its Series."""
    import pandas as pd

    if isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        anchored = pattern if pattern.startswith("^") else f"^{pattern}"
        found = pc.match_substring_regex(pa.array(text.array), anchored)
        return bool(pc.any(found).as_py())  # a missing cell matches nothing
    return bool(text.str.match(pattern).fillna(False).any())


def _holds_mark(values: pd.Series, mark: str) -> bool:
    """Whether some cell's text (``str`` of it, as :func:`sniff_decimal` reads it) holds
    ``mark``: one vectorised search over a text column, a step per cell otherwise."""
    import pandas as pd

    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        # str.contains' search, without its Series; a missing cell ("nan") holds none
        return bool(pc.any(pc.match_substring(pa.array(values.array), mark)).as_py())
    if isinstance(values.dtype, pd.StringDtype):
        return bool(values.str.contains(mark, regex=False).fillna(False).any())
    return any(mark in str(value) for value in values.tolist())


def parse_numbers(values: pd.Series, decimal: str = ".") -> pd.Series:
    """Cells as floats (NaN where empty or not a number), with the given decimal mark.

    Thousands separators are understood when unambiguous (``1.234.567,8`` with decimal
    commas, ``1,234,567.8`` with decimal points).
    """

    if is_numeric_column(values):  # already numbers: their text would read 20.545 as thousands
        already: pd.Series = values.astype(float)
        return already
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return _parse_text(text, decimal)


def _parse_text(text: pd.Series, decimal: str) -> pd.Series:
    """:func:`parse_numbers` of cells already as stripped text (``str`` dtype, none missing)."""
    import pandas as pd

    # The rewrites of thousands and decimal commas change only cells holding those marks: a
    # column of plain figures (most files) goes straight to to_numeric.
    if decimal == ",":
        if _holds(text, "."):
            grouped = text.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
            text = text.where(~grouped, text.str.replace(".", "", regex=False))
        if _holds(text, ","):
            text = text.str.replace(",", ".", regex=False)
    elif _holds(text, ","):
        grouped = text.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    numbers: pd.Series = pd.to_numeric(text, errors="coerce")
    return numbers


def _holds(text: pd.Series, mark: str) -> bool:
    """Whether any cell of ``text`` holds ``mark``."""
    return bool(text.str.contains(mark, regex=False).any())


def type_columns(raw: pd.DataFrame, decimal: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Numeric columns as floats, others as text (empty cells missing), the numeric names, and
    one note per numeric column where a word (``consultar``, ``N/D``) stands for a figure."""
    import pandas as pd

    out: dict[str, pd.Series] = {}
    numeric: list[str] = []
    notes: list[str] = []
    for column in raw.columns:
        cells = raw[column]
        stripped = cells.str.strip()
        plain = _read_plain_column(cells, stripped, decimal)
        if plain is not None:  # every cell a plain figure, or a text column told by its first
            out[column] = plain[0]
            numeric.extend([str(column)] if plain[1] else [])
            continue
        blank = is_missing_word(stripped)
        filled = ~blank
        numbers = None
        if bool(filled.any()) and not _any_match(stripped, _LEADING_ZERO.pattern):
            # parse_numbers' own text of the cells, from the strip already made when it can be
            if cells.dtype == "str":
                text = stripped.fillna("")
            else:
                text = cells.astype(object).where(cells.notna(), "").astype(str).str.strip()
            numbers = _numbers_if_all(text, filled, decimal)
        if numbers is not None:
            out[column] = numbers.where(filled)
            numeric.append(str(column))
            if bool(blank.any()):
                silent = stripped.str.lower().isin(SILENT_TOKENS)
                note = describe_gaps(str(column), stripped[blank & ~silent])
                if note:
                    notes.append(note)
        else:
            out[column] = cells.where(stripped != "")
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
    return frame, numeric, notes


def type_sheet_columns(
    raw: pd.DataFrame, decimal: str
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """:func:`type_columns` for a workbook's cells, which may be numbers or text.

    Text cells are read as a text table's (decimal commas, thousands, the words that stand for
    no figure); cells the workbook types as numbers keep their value (their text would read
    ``20.545`` as thousands with decimal commas). A column is numeric when its text cells are
    numbers or gaps; otherwise it is text, its numbers written as text (``12``, ``4.25``).
    """
    import pandas as pd

    out: dict[str, pd.Series] = {}
    numeric: list[str] = []
    notes: list[str] = []
    for column in raw.columns:
        cells = raw[column]
        is_number = cells.map(is_number_cell).to_numpy(dtype=bool)
        text = cells.map(lambda c: "" if is_number_cell(c) else sheet_cell_text(c)).astype(str)
        typed, by_text, gap_notes = type_columns(pd.DataFrame({column: text}), decimal)
        if not is_number.any():
            out[column] = typed[column]
            numeric.extend(by_text)
            notes.extend(gap_notes)
            continue
        stripped = text.str.strip()
        missing = is_missing_word(stripped)
        if by_text or bool(missing.all()):
            values = pd.to_numeric(cells.where(is_number), errors="coerce").astype(float)
            if by_text:
                values = values.where(is_number, typed[column])
                notes.extend(gap_notes)
            else:
                words = stripped[missing & ~stripped.str.lower().isin(SILENT_TOKENS)]
                note = describe_gaps(str(column), words)
                notes.extend([note] if note else [])
            out[column] = values
            numeric.append(str(column))
        else:
            written = cells.map(sheet_cell_text).astype(str)
            out[column] = written.where(written.str.strip() != "")
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
    return frame, numeric, notes


def is_number_cell(value: object) -> bool:
    """Whether a workbook cell holds a number (a boolean is not one; NaN is not one)."""
    import numbers

    return (
        isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value  # NaN
    )


def sheet_cell_text(value: object) -> str:
    """A workbook cell as text: empty for none, whole numbers without ``.0``, dates in ISO."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_plain_column(
    cells: pd.Series, stripped: pd.Series, decimal: str
) -> tuple[pd.Series, bool] | None:
    """:func:`type_columns`' reading of a column settled without its per-cell steps (the
    column, and whether it is numeric), or ``None`` (the column takes them).

    Two cases give the same column the steps give (``tests/test_layers_cells.py`` checks it):
    every cell read as a figure by ``to_numeric`` with decimal points (no cell is empty, a
    word, or holds a thousands comma, since none of those reads), none a code with a leading
    zero: the numbers; and a first cell with a digit (so not a gap, and the first cell the
    steps test) that no decimal mark rewrite touches and that is not a number: the text.
    """
    import numpy as np
    import pandas as pd

    if cells.dtype != "str" or len(cells) == 0:
        return None
    first = stripped.iloc[0]
    if not isinstance(first, str) or not _ASCII_DIGIT.search(first):
        return None
    marks = "," if decimal == "." else ",."
    if any(mark in first for mark in marks):
        return None
    if decimal == "." and _PLAIN_NUMBER.fullmatch(first):
        numbers: pd.Series = pd.to_numeric(stripped, errors="coerce")
        # "inf" reads as a figure here: such a column takes the steps (it is a gap word).
        if not bool(np.isfinite(numbers.to_numpy(dtype=float)).all()):
            return None
        if _any_match(stripped, _LEADING_ZERO.pattern):
            return None
        # Every cell read as a number, so none is a missing word (the words read as none):
        # the steps' ``numbers.where(~is_missing_word(stripped))`` would change nothing.
        return numbers, True
    if pd.isna(pd.to_numeric(first, errors="coerce")):
        empty = stripped == ""
        # no empty cell (ids, names): the column as read (a copy-on-write frame shares it)
        return (cells.where(~empty) if bool(empty.any()) else cells), False
    return None


def _numbers_if_all(text: pd.Series, filled: pd.Series, decimal: str) -> pd.Series | None:
    """The cells (stripped text, see :func:`_parse_text`) as numbers when every filled one
    reads as a number, else ``None``.

    A text column (ids, names) is told by its first filled cells, without parsing them all; a
    column opening with a plain figure is parsed whole at once (it is most likely numeric).
    """
    sample = text[filled].iloc[:_SAMPLE_ROWS]
    if not _PLAIN_NUMBER.fullmatch(str(sample.iloc[0])) and not bool(
        _parse_text(sample, decimal).notna().all()
    ):
        return None
    numbers = _parse_text(text, decimal)
    return numbers if bool((numbers.notna() | ~filled).all()) else None


def is_missing_word(cells: pd.Series) -> pd.Series:
    """Which cells are empty or a word meaning "no figure" (:data:`NA_TOKENS`)."""
    import pandas as pd

    if isinstance(cells.dtype, pd.StringDtype):
        text = cells.fillna("")
    else:
        text = cells.astype(object).where(cells.notna(), "").astype(str)
    # No missing word holds a digit: the per-cell normalising (split and join, in Python) is
    # needed only for the cells without one (a column of figures or codes skips it).
    missing = pd.Series(False, index=text.index, name=text.name)
    wordy = ~text.str.contains("[0-9]", regex=True).to_numpy(dtype=bool)
    if bool(wordy.any()):
        key = text[wordy].str.lower().str.split().str.join(" ")
        missing[wordy] = key.isin(NA_TOKENS).to_numpy(dtype=bool)
    return missing


def describe_gaps(column: str, words: pd.Series) -> str | None:
    """A note on the cells of a numeric column read as gaps: the column, each word, its rows.

    ``column 'rent': 3 rows give no figure, read as gaps: 'consultar' (2), 'N/D' (1)``.
    """
    if len(words) == 0:
        return None
    counts = Counter(str(w) for w in words)
    shown = ", ".join(f"{w!r} ({n})" for w, n in counts.most_common(6))
    more = f" and {len(counts) - 6} other word(s)" if len(counts) > 6 else ""
    rows = "1 row gives" if len(words) == 1 else f"{len(words)} rows give"
    return f"column {column!r}: {rows} no figure, read as gaps: {shown}{more}"


def is_numeric_column(values: pd.Series) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return bool(is_numeric_dtype(values) and not is_bool_dtype(values))


_DMS = re.compile(
    r"""^\s*(?P<sign>[+-])?\s*(?P<deg>\d{1,3}(?:[.,]\d+)?)\s*(?:°|º|d|\s)\s*
    (?:(?P<min>\d{1,2}(?:[.,]\d+)?)\s*(?:'|′|’|m)?\s*)?
    (?:(?P<sec>\d{1,2}(?:[.,]\d+)?)\s*(?:"|″|''|s)?\s*)?
    (?P<hemi>[NSEWOnsewo])?\s*$""",
    re.VERBOSE,
)


def read_dms(text: str) -> float | None:
    """Decimal degrees of a cell written in degrees, minutes and seconds, else ``None``.

    ``100°23'05"W`` and ``100 23 05 O`` (oeste) give -100.384722; a cell without a degree
    sign and without minutes is not read (a plain number is a decimal degree already).
    """
    match = _DMS.match(text)
    if match is None or (match["min"] is None and "°" not in text and "º" not in text):
        return None
    parts = [match[k] for k in ("deg", "min", "sec")]
    deg, minutes, seconds = (float(p.replace(",", ".")) if p else 0.0 for p in parts)
    if minutes >= 60 or seconds >= 60:
        return None
    value = deg + minutes / 60 + seconds / 3600
    hemi = (match["hemi"] or "").upper()
    negative = match["sign"] == "-" or hemi in ("S", "W", "O")
    return -value if negative else value
