"""A user's attributes table joined to the candidates (``[candidates] attributes``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from siteselect.candidates.rows import id_text, is_blank, name_key, normal_name
from siteselect.criteria import JoinedAttributes
from siteselect.errors import DataError

# Columns an attributes table cannot replace: they say where and which a candidate is.
PROTECTED_COLUMNS = frozenset({"id", "name", "geometry", "lon", "lat", "corridor"})


def join_attributes(
    frame: pd.DataFrame, path: Path, *, id_column: str = "id", name_column: str = "name"
) -> tuple[pd.DataFrame, list[str], JoinedAttributes]:
    """Add the columns of a user's attributes table to the candidates.

    The table is read like the candidates' own file (:func:`siteselect.layers.read_user_file`:
    encoding, delimiter and decimal mark sniffed, words for "no figure" as gaps). Rows join by
    the candidates' id when the table has an id column (``id_column``, else one named like an
    id: ``clave``, ``cve``...) holding some of their ids, else by name (``name_column``, else
    ``nombre``...; case, accents, punctuation and spacing ignored). Columns the candidates
    already have are replaced for the matched candidates (identity and location columns are
    never replaced); candidates without a row get empty cells. What did not match is reported.

    Parameters
    ----------
    frame
        Candidates indexed by id, with a ``name`` column.
    path
        A table (CSV, TSV, TXT) or any file the candidates' reader reads.
    id_column, name_column
        The join columns to look for in the table.

    Returns
    -------
    tuple
        The candidates with the new columns, notes (one line each) on the join, and what
        the join brought (columns, matched candidates) for the outputs to mark.

    Raises
    ------
    DataError
        The file is unreadable, has neither join column, or names a candidate twice.
    """
    from siteselect.layers.files import (
        NAME_NAMES,
        find_column,
        find_column_by_first_word,
        find_id_column,
        read_user_file,
    )

    label = path.name
    if not path.is_file():
        msg = f"[candidates] attributes: file {path} does not exist"
        raise DataError(msg)
    # The candidates' own reader: encoding, delimiter, decimal mark and "no figure" words.
    user = read_user_file(path)
    table = pd.DataFrame(user.frame.drop(columns="geometry", errors="ignore"))
    read_notes = [n for n in user.info.notes if not n.startswith("coordinates from")]
    columns = list(table.columns)
    id_found = find_id_column(columns, id_column) or find_id_column(columns, None)
    name_found = (
        find_column(columns, [normal_name(name_column)])
        or find_column(columns, NAME_NAMES)
        or find_column_by_first_word(columns, NAME_NAMES)
    )
    own_ids = pd.Series(frame.index.astype(str), index=frame.index)
    id_keys = None
    if id_found is not None:
        id_keys = table[id_found].map(lambda v: "" if is_blank(v) else id_text(v))
    # By id when the table's ids are the candidates' (a `Clave` of the user's own codes that
    # matches none of them is not), else by name.
    if id_keys is not None and (name_found is None or bool(id_keys.isin(set(own_ids)).any())):
        by, key_column, keys, targets = "id", str(id_found), id_keys, own_ids
    elif name_found is not None:
        by, key_column = "name", name_found
        keys, targets = table[name_found].map(name_key), frame["name"].map(name_key)
    else:
        msg = (
            f"{label}: no {id_column!r} or {name_column!r} column to join the candidates on "
            f"(columns: {', '.join(map(str, table.columns))})"
        )
        raise DataError(msg)
    dupes = sorted(set(keys[keys.duplicated()]))
    if dupes:
        msg = f"{label}: {by} {dupes[0]!r} appears more than once; give one row a candidate"
        raise DataError(msg)
    if by == "name" and targets.duplicated().any():
        twice = sorted(set(targets[targets.duplicated()]))
        msg = f"{label}: candidates share the name {twice[0]!r}; join by {id_column!r} instead"
        raise DataError(msg)
    lookup = dict(zip(keys, range(len(table)), strict=True))
    rows = targets.map(lookup)
    matched = rows.notna()
    known = set(targets)
    shown = keys if by == "id" else table[key_column].astype(str)
    unmatched = [str(v) for k, v in zip(keys, shown, strict=True) if k not in known]
    notes = [f"{label}: " + "; ".join(read_notes)] if read_notes else []
    via = "" if key_column == (id_column if by == "id" else name_column) else f" ({key_column!r})"
    notes.append(
        f"{label}: joined {int(matched.sum())} of {len(frame)} candidates by {by}{via}"
        + (
            f"; {len(unmatched)} row(s) matched no candidate: {', '.join(unmatched[:8])}"
            if unmatched
            else ""
        )
        + ("..." if len(unmatched) > 8 else "")
    )
    out = frame.copy()
    skip = {id_column, name_column, str(id_found), str(name_found)} | PROTECTED_COLUMNS
    taken = rows[matched].astype(int).to_numpy()
    brought = [str(c) for c in table.columns if c not in skip]
    for column in brought:
        values = pd.Series(pd.NA, index=out.index, dtype=object)
        values.loc[matched.to_numpy()] = table[column].to_numpy()[taken]
        if column in out.columns:
            notes.append(
                f"{label}: column {column!r} replaces the candidates' own for the rows matched"
            )
            out[column] = out[column].astype(object).where(~matched, values)
        else:
            out[column] = values
        out[column] = _as_numbers(out[column])
    ids = frozenset(str(i) for i in frame.index[matched.to_numpy()])
    return out, notes, JoinedAttributes(label, frozenset(brought), ids)


def _as_numbers(values: pd.Series) -> pd.Series:
    """A joined column as numbers when every present value is one (``true``/``false`` as 1/0),
    else as it is."""
    present = values.dropna()
    words = present.astype(str).str.strip().str.lower()
    if len(present) and bool(words.isin(["true", "false"]).all()):
        flags = values.astype(object).where(values.isna(), values.astype(str).str.strip())
        return pd.to_numeric(flags.str.lower().map({"true": 1.0, "false": 0.0}), errors="coerce")
    numeric = pd.to_numeric(present, errors="coerce")
    if len(present) and bool(numeric.notna().all()):
        return pd.to_numeric(values, errors="coerce")
    return values
