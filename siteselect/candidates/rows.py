"""A user's rows as candidates: indexed by id (or row number), unusable rows and repeats set
aside with their reasons, names and ids compared the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.candidates.model import INPUT_STAGE, empty_removed
from siteselect.errors import DataError

if TYPE_CHECKING:
    from siteselect.layers import UserFile

ROW_ID = "__row__"
REPEAT_WITHIN_M = 1_000.0
"""Two rows of a list without ids with the same name this close are one park listed twice
(two brokers geocode the same park a few hundred metres apart; distinct parks of one name
lie in different towns)."""
MAX_REMOVED_SHARE = 0.5
"""When more than this share of a file's rows is removed on the way in (bad rows, repeated
ids), the file or the ``[candidates]`` keys are wrong: the run stops and says so."""


def is_blank(value: Any) -> bool:
    """An empty cell: ``None``, NaN or ``""``."""
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value) == ""


def id_text(value: Any) -> str:
    """An id cell as text (``7.0`` read from a numeric column is ``7``)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def id_cell(value: Any) -> str:
    """An id cell as text, ``""`` when blank."""
    return "" if is_blank(value) else id_text(value)


def index_user_rows(
    user: UserFile,
    id_column: str,
    name_column: str,
    source: str,
    *,
    guess: bool = False,
    guess_name: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, str | None, list[str]]:
    """Index a user's rows by id, setting aside unusable rows, rows without an id and repeats.

    With ``guess`` (no ``id`` key given), a column named like an id (``id``, ``clave``,
    ``cve``, ``folio``...) is used, else the row numbers; ``guess_name`` does the same for
    names (``name``, ``nombre``, ``establecimiento``...). Without ids, repeated rows are
    removed too (:func:`find_repeated_rows`). Returns the kept rows, the removed ones (stage
    ``input``), the name column found and notes on the columns picked.
    """
    from siteselect.layers.files import (
        NAME_NAMES,
        find_column,
        find_column_by_first_word,
        find_id_column,
    )

    frame = user.frame
    columns = list(frame.columns)
    notes: list[str] = []
    found = find_id_column(columns, id_column)
    if found is None and guess:
        found = find_id_column(columns, None)
        if found is None:
            frame = frame.assign(**{ROW_ID: [f"row {i + 1}" for i in range(len(frame))]})
            found = ROW_ID
            notes.append("no id column: candidates are called by row number")
    if found is None:
        known = ", ".join(str(c) for c in columns if c != "geometry")
        msg = f"{source}: no id column {id_column!r} (columns: {known}); set [candidates].id"
        raise DataError(msg)
    if found not in (id_column, ROW_ID):
        notes.append(f"ids from column {found!r}")
    name_found = find_column(columns, [normal_name(name_column)])
    if name_found is None and guess_name:
        name_found = find_column(columns, NAME_NAMES) or find_column_by_first_word(
            columns, NAME_NAMES
        )
    if name_found is not None and name_found != name_column:
        notes.append(f"names from column {name_found!r}")
    # Lists, not the Series: iterating a text column yields its cells one by one, slowly.
    raw_ids = frame[found].tolist()
    clean = index_clean_rows(raw_ids, user.problems)
    # (position, id, reason) of each row removed
    gone: list[tuple[int, str, str]] = []
    if clean is not None:
        kept_rows, kept_ids = clean
    else:
        kept_rows, kept_ids, gone = index_rows(raw_ids, user.problems, found)
    if found == ROW_ID:
        repeats = find_repeated_rows(frame, kept_rows, name_found)
        if repeats:
            notes.append(
                f"{len(repeats)} repeated row(s) removed (an exact copy, or the same name within "
                f"{REPEAT_WITHIN_M / 1000:g} km): each is listed under `eliminated`"
            )
            ids_at = dict(zip(kept_rows, kept_ids, strict=True))
            gone.extend((pos, ids_at[pos], reason) for pos, reason in repeats.items())
            keep = [i for i, pos in enumerate(kept_rows) if pos not in repeats]
            kept_rows = [kept_rows[i] for i in keep]
            kept_ids = [kept_ids[i] for i in keep]
            gone.sort()
    taken = set(kept_ids)
    names = frame[name_found] if name_found is not None else None
    removed_rows: list[tuple[str, str, str]] = []
    for pos, cid, reason in gone:
        key = cid if cid and cid not in taken else f"{cid} (row {pos + 1})".lstrip()
        taken.add(key)
        name = cid if names is None or is_blank(names.iloc[pos]) else str(names.iloc[pos])
        removed_rows.append((key, name or key, reason))
    n = len(frame)
    if len(removed_rows) > MAX_REMOVED_SHARE * n:
        msg = (
            f"{source}: {len(removed_rows)} of {n} rows cannot be candidates (first: "
            f"{removed_rows[0][2]}); check [candidates].id and the file"
        )
        raise DataError(msg)
    # every row kept (most files): the frame without its id column, not a copy of its rows
    kept = frame.iloc[kept_rows] if len(kept_rows) < n else frame
    kept = kept.drop(columns=[found])
    kept.index = pd.Index(kept_ids, name="id")
    if removed_rows:
        removed = pd.DataFrame(
            {
                "name": [r[1] for r in removed_rows],
                "stage": INPUT_STAGE,
                "reason": [r[2] for r in removed_rows],
            },
            index=pd.Index([r[0] for r in removed_rows], name="id", dtype=object),
        )
        if user.located:  # a repeat or a repeated id has its place; an unusable row has none
            shapes = frame.geometry.to_numpy()
            removed["geometry"] = [shapes[pos] for pos, _cid, _reason in gone]
    else:
        removed = empty_removed()
    name_kept = name_found if name_found != found else None
    if name_found == found:
        kept[found] = kept.index
        name_kept = found
    return kept, removed, name_kept, notes


def index_rows(
    raw_ids: list[Any], problems: Sequence[object | None], found: str
) -> tuple[list[int], list[str], list[tuple[int, str, str]]]:
    """The kept rows' positions and ids, and the others as ``(position, id, reason)``: rows
    with a problem, without an id, or repeating an earlier row's id (``found``: the column).

    The removed are labelled once every kept id is known, so that a removed row never takes
    the id of a kept one (an unusable first row and a good repeat of its id).
    """
    kept_rows: list[int] = []
    kept_ids: list[str] = []
    first_row: dict[str, int] = {}
    gone: list[tuple[int, str, str]] = []
    for pos, (raw_id, problem) in enumerate(zip(raw_ids, problems, strict=True)):
        row = pos + 1
        # a text cell (the common case) inlined: what is_blank and id_text give it
        cid = id_cell(raw_id) if type(raw_id) is not str else raw_id.strip()
        if problem is not None:
            gone.append((pos, cid, str(problem)))
        elif not cid:
            gone.append((pos, cid, f"row {row}: no id in column {found!r}"))
        elif cid in first_row:
            reason = f"row {row}: duplicate id {cid!r} (row {first_row[cid]} is kept)"
            gone.append((pos, cid, reason))
        else:
            first_row[cid] = row
            kept_rows.append(pos)
            kept_ids.append(cid)
    return kept_rows, kept_ids, gone


def index_clean_rows(
    raw_ids: list[Any], problems: Sequence[object | None]
) -> tuple[list[int], list[str]] | None:
    """:func:`index_rows` of a file whose every row is usable with a text id of its own (most
    files), in a few passes over the column instead of one step per row; ``None`` for any
    other file (a problem, a blank, a repeated or non-text id)."""
    if not all(type(v) is str for v in raw_ids) or any(p is not None for p in problems):
        return None
    ids = [v.strip() for v in raw_ids]
    if not all(ids) or len(set(ids)) < len(ids):
        return None
    return list(range(len(ids))), ids


def find_repeated_rows(
    frame: pd.DataFrame, rows: list[int], name_column: str | None
) -> dict[int, str]:
    """Rows of a list without ids that repeat an earlier row: position -> the reason.

    A row repeats an earlier one when it is an exact copy (every cell and the location), or
    when their names are the same once case, accents, punctuation and spacing are ignored and
    they lie within :data:`REPEAT_WITHIN_M` of each other (the same park from two brokers, an
    upper-case copy; a table without locations: the same name and every other cell equal).
    The first row is kept. Only ``rows`` (the usable ones, in file order) are compared.
    """
    if len(rows) < 2:
        return {}
    sub = frame.iloc[rows].drop(columns=[ROW_ID])
    located = "geometry" in sub.columns
    cells = pd.DataFrame(sub.drop(columns="geometry")) if located else sub
    if located:
        import shapely

        points = shapely.point_on_surface(sub.geometry.to_numpy())
        cells = cells.assign(__x__=shapely.get_x(points), __y__=shapely.get_y(points))
    keys = name_keys(sub[name_column]) if name_column is not None else pd.Series("", sub.index)
    exact = pd.Series(pd.util.hash_pandas_object(cells, index=False).to_numpy())
    out: dict[int, str] = {}
    first = pd.Series(np.arange(len(rows))).groupby(exact.to_numpy()).transform("first")
    for i in np.flatnonzero(exact.duplicated().to_numpy()).tolist():
        out[rows[i]] = _repeat_reason(rows[i], rows[int(first.iloc[i])], "an exact copy")
    rest = None
    if not located and name_column is not None:  # the same name and every other cell equal
        others = cells.drop(columns=[name_column])
        rest = (
            pd.util.hash_pandas_object(others, index=False).to_numpy()
            if others.shape[1]
            else np.zeros(len(rows), dtype=np.uint64)
        )
    named = keys.to_numpy(dtype=object)
    shared = pd.Series(named).duplicated(keep=False).to_numpy() & (named != "")
    groups: dict[str, list[int]] = {}
    for i in np.flatnonzero(shared).tolist():
        groups.setdefault(str(named[i]), []).append(i)
    for members in groups.values():
        kept: list[int] = []
        for i in members:
            if rows[i] in out:
                continue
            match = None
            for j in kept:
                if located:
                    metres = float(shapely.distance(points[i], points[j]))
                    if metres <= REPEAT_WITHIN_M:
                        match = (j, f"the same name, {metres:,.0f} m apart")
                        break
                elif rest is not None and rest[i] == rest[j]:
                    match = (j, "the same name and values")
                    break
            if match is None:
                kept.append(i)
            else:
                out[rows[i]] = _repeat_reason(rows[i], rows[match[0]], match[1])
    return dict(sorted(out.items()))


def _repeat_reason(pos: int, kept: int, why: str) -> str:
    return f"row {pos + 1}: repeated row (of row {kept + 1}, which is kept: {why})"


def name_keys(values: pd.Series) -> pd.Series:
    """Names as comparison keys, vectorised: see :func:`name_key`."""
    text = values.astype(object).where(values.notna(), "").astype(str)
    plain = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    keys: pd.Series = plain.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    return keys


def name_key(value: Any) -> str:
    """A name as a join key: lower case, accents and punctuation dropped, spaces collapsed."""
    import re
    import unicodedata

    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def normal_name(name: str) -> str:
    from siteselect.layers.files import normalise_name

    return normalise_name(name)


def index_by_id(frame: pd.DataFrame, column: str, source: str) -> pd.DataFrame:
    """A trusted table (the embedded parks) indexed by its id column: every id present and
    unique, else a :class:`DataError` naming the row or the ids."""
    if column not in frame.columns:
        known = ", ".join(str(c) for c in frame.columns if c != "geometry")
        msg = f"{source}: no id column {column!r} (columns: {known}); set [candidates].id"
        raise DataError(msg)
    ids = frame[column]
    if bool(ids.isna().any()):
        row = int(np.flatnonzero(ids.isna().to_numpy())[0]) + 1
        msg = f"{source}: id column {column!r} is empty at row {row}"
        raise DataError(msg)
    ids = ids.astype(str).str.strip()
    dupes = sorted(set(ids[ids.duplicated()]))
    if dupes:
        msg = f"{source}: duplicate ids in column {column!r}: {', '.join(dupes[:5])}"
        raise DataError(msg)
    frame = frame.assign(**{column: ids}).set_index(column, drop=True)
    frame.index.name = "id"
    return frame
