"""Small tabular inputs written by users: AHP pairwise comparison matrices."""

from __future__ import annotations

import csv
import math
from fractions import Fraction
from pathlib import Path

import numpy as np

from siteselect.errors import ConfigError


def _parse_cell(text: str, path: Path, line: int, row_name: str, col_name: str) -> float:
    cell = text.strip()
    where = f"{path}: line {line}, row {row_name!r}, column {col_name!r}"
    try:
        if "/" in cell:
            num, den = cell.split("/", 1)
            value = float(Fraction(num.strip()) / Fraction(den.strip()))
        else:
            value = float(cell)
    except (ValueError, ZeroDivisionError):
        msg = f"{where}: cannot read {cell!r} as a judgement; write a number such as 3, 1/3 or 0.2"
        raise ConfigError(msg) from None
    if not math.isfinite(value) or value <= 0:
        msg = f"{where}: judgement {cell!r} must be a positive number such as 3 or 1/3"
        raise ConfigError(msg)
    return value


def read_pairwise_csv(path: str | Path) -> tuple[np.ndarray, list[str]]:
    """Read a square AHP pairwise comparison matrix from CSV.

    The header row names the criteria (its first cell is a free label); each following row
    starts with a criterion name, in the same order as the header, then one judgement per
    column: ``3``, ``1/3`` or ``0.2`` (Saaty's 1-9 scale). Blank lines are ignored.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    tuple
        The ``n x n`` matrix (float) and the criterion names.

    Raises
    ------
    ConfigError
        The file is missing or unreadable, the table is not square, names disagree, or a cell
        is not a positive number; the message gives the line, row and column. The judgements
        configure a search as a TOML file does: one exit code (2) for whatever is wrong with
        them.

    Examples
    --------
    A file holding::

        criterion,labour,logistics
        labour,1,3
        logistics,1/3,1

    reads as ``([[1, 3], [1/3, 1]], ["labour", "logistics"])``.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        msg = f"{p}: pairwise matrix file not found; check the path"
        raise ConfigError(msg) from None
    except (OSError, UnicodeDecodeError) as exc:
        msg = (
            f"{p}: cannot read the pairwise matrix ({exc.__class__.__name__}); save it as UTF-8 CSV"
        )
        raise ConfigError(msg) from None
    lines = text.splitlines()
    delimiter = _sniff_delimiter(lines[0] if lines else "")
    rows = [
        (i + 1, r)
        for i, r in enumerate(csv.reader(lines, delimiter=delimiter))
        if any(c.strip() for c in r)
    ]
    if not rows:
        msg = f"{p}: the pairwise matrix is empty; write a header row and one row per criterion"
        raise ConfigError(msg)
    header_line, header = rows[0]
    names = [c.strip() for c in header[1:]]
    while names and names[-1] == "":
        names.pop()
    if not names:
        msg = (
            f"{p}: line {header_line}: the header names no criteria; list them after the first cell"
        )
        raise ConfigError(msg)
    for k, name in enumerate(names):
        if not name:
            msg = f"{p}: line {header_line}, column {k + 2}: empty criterion name in the header"
            raise ConfigError(msg)
        if name in names[:k]:
            msg = f"{p}: line {header_line}: criterion {name!r} appears twice in the header"
            raise ConfigError(msg)
    body = rows[1:]
    n = len(names)
    if len(body) != n:
        msg = (
            f"{p}: the matrix is not square: {n} criteria in the header but {len(body)} rows; "
            "write one row per criterion"
        )
        raise ConfigError(msg)
    matrix = np.empty((n, n), dtype=np.float64)
    for i, (line, row) in enumerate(body):
        cells = list(row)
        while len(cells) > n + 1 and cells[-1].strip() == "":
            cells.pop()
        row_name = cells[0].strip() if cells else ""
        if row_name != names[i]:
            msg = (
                f"{p}: line {line}: row is named {row_name!r} but the header expects {names[i]!r} "
                "here; keep rows in header order"
            )
            raise ConfigError(msg)
        if len(cells) != n + 1:
            msg = (
                f"{p}: line {line}, row {row_name!r}: {len(cells) - 1} judgements for {n} "
                "criteria; write one per column"
            )
            raise ConfigError(msg)
        for j in range(n):
            cell = cells[j + 1] if delimiter == "," else cells[j + 1].replace(",", ".")
            matrix[i, j] = _parse_cell(cell, p, line, row_name, names[j])
    return matrix, names


def _sniff_delimiter(header: str) -> str:
    """The header's delimiter: a comma, else what a Spanish spreadsheet writes (``;``, a tab
    or ``|``, decimals then written with a comma)."""
    if "," in header:
        return ","
    for candidate in (";", "\t", "|"):
        if candidate in header:
            return candidate
    return ","
