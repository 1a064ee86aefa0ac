"""Candidates: read the alternatives, one representative point each, and the corridor filter.

Every candidate a stage removes is reported with its reason, never dropped silently: rows of
the user's file that cannot be used (no location, outside Mexico, unreadable geometry, no id,
a repeated id) at the ``input`` stage, the corridor filter at the ``corridor`` stage.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.constants import CORRIDOR_ALL, OUTSIDE_CORRIDORS
from siteselect.criteria import Candidates, JoinedAttributes
from siteselect.errors import ConfigError, DataError, InfeasibleError

if TYPE_CHECKING:
    from siteselect.config import SearchConfig
    from siteselect.layers import UserFile
    from siteselect.layers.store import LayerStore

REMOVED_COLUMNS = ("name", "stage", "reason")
# Columns an attributes table cannot replace: they say where and which a candidate is.
PROTECTED_COLUMNS = frozenset({"id", "name", "geometry", "lon", "lat", "corridor"})
INPUT_STAGE = "input"
ROW_ID = "__row__"
REPEAT_WITHIN_M = 1_000.0
"""Two rows of a list without ids with the same name this close are one park listed twice
(two brokers geocode the same park a few hundred metres apart; distinct parks of one name
lie in different towns)."""
MAX_REMOVED_SHARE = 0.5
"""When more than this share of a file's rows is removed on the way in (bad rows, repeated
ids), the file or the ``[candidates]`` keys are wrong: the run stops and says so."""


@dataclass(frozen=True)
class CandidateSet:
    """The candidates a search considers, and those removed on the way in.

    Attributes
    ----------
    candidates
        The considered candidates.
    removed
        Index: id; columns ``name``, ``stage`` (``input`` or ``corridor``), ``reason`` and, for
        candidates with locations, ``geometry`` (EPSG:6372: the footprint or point; ``None``
        for a row without a usable one).
    """

    candidates: Candidates
    removed: pd.DataFrame


def empty_removed() -> pd.DataFrame:
    """A removal table with no rows."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in REMOVED_COLUMNS}).rename_axis("id")


def read_candidates(config: SearchConfig, store: LayerStore) -> Candidates:
    """Read the candidates: the embedded parks, or the user's table or vector file.

    See :func:`read_candidate_set`; the rows removed on the way in are not returned.
    """
    return read_candidate_set(config, store).candidates


def read_candidate_set(config: SearchConfig, store: LayerStore) -> CandidateSet:
    """Read the candidates, and list the rows of the user's file that cannot be candidates.

    A table without coordinates is accepted when every criterion is an ``attribute``.
    Polygon and line candidates (parcels) are measured from a representative point inside
    them; their footprints are kept. What reading guessed (columns, encoding) and the
    reduction to points are added to the store's notes (said once on stderr).

    Raises
    ------
    DataError
        The file cannot be used as a whole: unreadable, empty, no id column, no coordinates
        where criteria need them, or more than half of its rows removed.
    """
    spec = config.candidates
    notes: list[str] = []
    if spec.path is None:
        frame: pd.DataFrame = store.layer("parks").copy()
        source = "embedded parks"
        if len(frame) == 0:
            msg = f"{source}: no candidates (the file has no rows)"
            raise DataError(msg)
        frame = _index_by_id(frame, spec.id, source)
        removed = empty_removed()
        name_column: str | None = spec.name if spec.name in frame.columns else None
    else:
        from siteselect.layers import read_alternatives

        path = Path(spec.path)
        source = path.name
        user = read_alternatives(path, spec.read_options())
        store.add_warnings([f"{source}: {text}" for text in user.info.warnings])
        read_notes = list(user.info.notes)
        if not user.located and config.needs_location:
            from siteselect.layers.files import LAT_NAMES, LON_NAMES

            columns = ", ".join(str(c) for c in user.frame.columns[:20])
            msg = (
                f"{source}: no coordinate columns (columns: {columns}); name them with lon/lat "
                f"(recognised: {'/'.join(LON_NAMES[:6])} and {'/'.join(LAT_NAMES[:4])}) or "
                "wkt in [candidates], or use only `attribute` criteria"
            )
            raise DataError(msg)
        frame, removed, name_column, picked = _index_user_rows(
            user,
            spec.id,
            spec.name,
            source,
            guess="id" not in spec.model_fields_set,
            guess_name="name" not in spec.model_fields_set,
        )
        read_notes.extend(picked)
        if read_notes:
            notes.append(f"{source}: " + "; ".join(read_notes))
    if name_column is not None:
        frame["name"] = [
            str(v) if not _blank(v) else str(i)
            for i, v in zip(frame.index.tolist(), frame[name_column].tolist(), strict=True)
        ]
    else:
        frame["name"] = frame.index.to_series().astype(str)
    attributes = None
    if spec.attributes is not None:
        frame, joined, attributes = join_attributes(
            frame, Path(spec.attributes), id_column=spec.id, name_column=spec.name
        )
        notes.extend(joined)
    facts = None
    if spec.facts is not None:
        from siteselect.layers.facts import join_fact_sheet

        frame, facts, fact_notes, fact_warnings = join_fact_sheet(frame, spec.facts)
        notes.extend(fact_notes)
        store.add_warnings(fact_warnings)
    _check_declared_illustrative(spec.illustrative, frame)
    candidates = replace(
        with_representative_points(frame, source), attributes=attributes, facts=facts
    )
    candidates = replace(candidates, frame=with_metros(candidates.frame, store))
    if candidates.footprints is not None:
        kinds = candidates.footprints.geom_type.value_counts()
        shapes = ", ".join(f"{count} {kind}" for kind, count in kinds.items() if kind != "Point")
        notes.append(
            f"{source}: {shapes} candidates measured from a representative point inside "
            'each (footprints kept for `distance` with from = "footprint" and zonal `raster` '
            "statistics)"
        )
    store.add_notes(notes)
    return CandidateSet(candidates, removed)


def with_metros(frame: pd.DataFrame, store: LayerStore) -> pd.DataFrame:
    """The candidates with their ``metro`` and ``metro_name`` (see :mod:`siteselect.metros`);
    the ``population`` layer is read only for candidates without a municipality code.

    A data folder without ``metros.csv`` (an old or partial ``SITESELECT_DATA_DIR``) groups
    candidates by municipality only, and says so.
    """
    from siteselect.metros import assign_metros, needs_population

    try:
        metros = store.table("metros.csv")
    except DataError:
        metros = pd.DataFrame({"metro_id": [], "metro": [], "municipality_code": []}, dtype=str)
        # a note in the result (footer, JSON), not a warning: the run is sound without metros
        note = (
            "metros.csv is missing from the data folder: candidates are grouped by their "
            "municipality only (run `make data`)"
        )
        if note not in store.notes:
            store.notes.append(note)
    else:
        if "metros" not in store.used:
            store.used.append("metros")
    try:
        municipalities = store.table("population_municipalities.csv")
        names = dict(zip(municipalities["cvegeo"], municipalities["municipality"], strict=True))
    except DataError:
        names = {}
    population = None
    if needs_population(frame):
        try:
            population = store.layer("population")
        except DataError:  # no population layer in this data folder: municipality unknown
            population = None
    return assign_metros(frame, metros, names, population)


def _check_declared_illustrative(declared: list[str], frame: pd.DataFrame) -> None:
    """A column declared illustrative must exist: a typo would leave estimates unflagged."""
    columns = [str(c) for c in frame.columns if c != "geometry"]
    for column in declared:
        if column not in frame.columns:
            close = difflib.get_close_matches(column, columns, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f" (columns: {', '.join(columns)})"
            msg = f"[candidates] illustrative: the candidates have no column {column!r}{hint}"
            raise ConfigError(msg)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value) == ""


def _id_text(value: Any) -> str:
    """An id cell as text (``7.0`` read from a numeric column is ``7``)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _id_cell(value: Any) -> str:
    """An id cell as text, ``""`` when blank."""
    return "" if _blank(value) else _id_text(value)


def _index_user_rows(
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
    name_found = find_column(columns, [_normal(name_column)])
    if name_found is None and guess_name:
        name_found = find_column(columns, NAME_NAMES) or find_column_by_first_word(
            columns, NAME_NAMES
        )
    if name_found is not None and name_found != name_column:
        notes.append(f"names from column {name_found!r}")
    kept_rows: list[int] = []
    kept_ids: list[str] = []
    first_row: dict[str, int] = {}
    # (position, id, reason): labelled once every kept id is known, so that a removed row
    # never takes the id of a kept one (an unusable first row and a good repeat of its id).
    gone: list[tuple[int, str, str]] = []
    # Lists, not the Series: iterating a text column yields its cells one by one, slowly.
    raw_ids = frame[found].tolist()
    for pos, (raw_id, problem) in enumerate(zip(raw_ids, user.problems, strict=True)):
        row = pos + 1
        # a text cell (the common case) inlined: what _blank and _id_text give it
        cid = _id_cell(raw_id) if type(raw_id) is not str else raw_id.strip()
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
        name = cid if names is None or _blank(names.iloc[pos]) else str(names.iloc[pos])
        removed_rows.append((key, name or key, reason))
    n = len(frame)
    if len(removed_rows) > MAX_REMOVED_SHARE * n:
        msg = (
            f"{source}: {len(removed_rows)} of {n} rows cannot be candidates (first: "
            f"{removed_rows[0][2]}); check [candidates].id and the file"
        )
        raise DataError(msg)
    kept = frame.iloc[kept_rows].drop(columns=[found])
    kept.index = pd.Index(kept_ids, name="id")
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
    if not removed_rows:
        removed = empty_removed()
    name_kept = name_found if name_found != found else None
    if name_found == found:
        kept[found] = kept.index
        name_kept = found
    return kept, removed, name_kept, notes


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
    keys = _name_keys(sub[name_column]) if name_column is not None else pd.Series("", sub.index)
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


def _name_keys(values: pd.Series) -> pd.Series:
    """Names as comparison keys, vectorised: see :func:`_name_key`."""
    text = values.astype(object).where(values.notna(), "").astype(str)
    plain = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    keys: pd.Series = plain.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    return keys


def _normal(name: str) -> str:
    from siteselect.layers.files import normalise_name

    return normalise_name(name)


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
        find_column(columns, [_normal(name_column)])
        or find_column(columns, NAME_NAMES)
        or find_column_by_first_word(columns, NAME_NAMES)
    )
    own_ids = pd.Series(frame.index.astype(str), index=frame.index)
    id_keys = None
    if id_found is not None:
        id_keys = table[id_found].map(lambda v: "" if _blank(v) else _id_text(v))
    # By id when the table's ids are the candidates' (a `Clave` of the user's own codes that
    # matches none of them is not), else by name.
    if id_keys is not None and (name_found is None or bool(id_keys.isin(set(own_ids)).any())):
        by, key_column, keys, targets = "id", str(id_found), id_keys, own_ids
    elif name_found is not None:
        by, key_column = "name", name_found
        keys, targets = table[name_found].map(_name_key), frame["name"].map(_name_key)
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


def _name_key(value: Any) -> str:
    """A name as a join key: lower case, accents and punctuation dropped, spaces collapsed."""
    import re
    import unicodedata

    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


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


def _index_by_id(frame: pd.DataFrame, column: str, source: str) -> pd.DataFrame:
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


def with_representative_points(frame: pd.DataFrame, source: str) -> Candidates:
    """Replace non-point geometries by a representative point, keeping the footprints."""
    if "geometry" not in frame.columns:
        return Candidates(frame=frame, source=source)
    import geopandas as gpd
    import shapely

    geoms: Any = frame.geometry
    if bool((geoms.geom_type == "Point").all()):
        return Candidates(frame=frame, source=source)
    footprints = gpd.GeoSeries(geoms.to_numpy(), index=frame.index, crs=frame.crs)
    points = shapely.point_on_surface(geoms.to_numpy())
    out = frame.copy()
    out["geometry"] = gpd.GeoSeries(points, index=frame.index, crs=frame.crs)
    return Candidates(frame=out, footprints=footprints, source=source)


def select_corridors(
    candidates: Candidates, corridors: list[str], store: LayerStore
) -> CandidateSet:
    """Keep the candidates in the requested corridors; report every one removed.

    ``all`` switches the filter off (candidates outside every corridor stay, with an empty
    corridor). Candidates without a corridor column get one from their location. A plain
    table without locations or a corridor column is returned as it is.
    """
    frame = candidates.frame
    has_geometry = candidates.has_location
    if "corridor" not in frame.columns and not has_geometry:
        return CandidateSet(candidates, empty_removed())
    table = store.table("corridors.csv")
    known = list(table["corridor"])
    if CORRIDOR_ALL not in corridors:
        unknown = [c for c in corridors if c not in known]
        if unknown:
            msg = (
                f"unknown corridor {unknown[0]!r}; known corridors: {', '.join(known)} "
                f"(or '{CORRIDOR_ALL}')"
            )
            raise ConfigError(msg)
    outside = empty_removed()
    if has_geometry:
        frame, outside = _keep_in_mexico(frame, store)
        outside["geometry"] = _shapes(candidates, outside.index)
    if "corridor" not in frame.columns:
        polygons = store.layer("corridors")
        located: Any = frame[["geometry"]]
        joined = located.sjoin(polygons[["corridor", "geometry"]], how="left", predicate="within")
        first = joined.groupby(level=0)["corridor"].first()
        frame = frame.assign(corridor=first.reindex(frame.index).fillna("").astype(str))
    everywhere = CORRIDOR_ALL in corridors
    # One mask for both sides (ids are unique here): an isin over 100,000 text ids costs 1 s.
    inside = (
        np.ones(len(frame), dtype=bool)
        if everywhere
        else frame["corridor"].isin(corridors).to_numpy(dtype=bool)
    )
    kept = frame if everywhere else frame.loc[inside]
    gone = frame.loc[~inside]
    wanted = ", ".join(corridors)
    # the corridor the candidate lies in: the run's own corridors are in its context
    reasons = [
        f"{OUTSIDE_CORRIDORS} ({c or 'in no corridor'})" for c in gone["corridor"].astype(str)
    ]
    removed = pd.DataFrame(
        {"name": gone["name"].astype(str), "stage": "corridor", "reason": reasons},
        index=gone.index,
    )
    if has_geometry:
        removed["geometry"] = _shapes(candidates, gone.index)
    if len(outside):
        removed = pd.concat([outside, removed]) if len(removed) else outside
    if len(kept) == 0 and len(frame) == 0:
        first = outside.iloc[0]
        msg = (
            f"no candidate lies in Mexico: all {len(outside)} lie outside it (first: "
            f"{outside.index[0]} {first['name']!r}, {first['reason']}); check the file's "
            "coordinates and CRS"
        )
        raise DataError(msg)
    if len(kept) == 0:
        msg = (
            f"no candidate lies in the corridors {wanted} (all {len(frame)} lie elsewhere); "
            "use --corridor all to search everywhere"
        )
        raise InfeasibleError(msg)
    footprints = candidates.footprints
    if footprints is not None:
        footprints = footprints.loc[kept.index]
    return CandidateSet(replace(candidates, frame=kept, footprints=footprints), removed)


def _shapes(candidates: Candidates, ids: pd.Index) -> list[Any]:
    """The footprints (or points) of some candidates, EPSG:6372: a removed park keeps its place
    in every export."""
    shapes = candidates.footprints
    if shapes is None:
        shapes = candidates.frame.geometry
    return list(shapes.loc[ids].to_numpy())


def _keep_in_mexico(frame: pd.DataFrame, store: LayerStore) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates in Mexico (a ``state`` filled in where the file has none), and those outside.

    Mexico's bounding box lets through Texas and the open sea; the states' outline does not.
    """
    from siteselect.layers.validate.rules import MEXICO_TOLERANCE_M, locate_states

    located: Any = frame.geometry
    state, outside_km = locate_states(located, store.layer("states"))
    inside = state.notna().to_numpy()
    out = frame.loc[inside]
    if "state" not in out.columns:
        out = out.assign(state=state.loc[inside].astype(str))
    else:
        blank = out["state"].isna() | (out["state"].astype(str).str.strip() == "")
        if bool(blank.any()):
            filled = out["state"].astype(object).where(~blank, state.loc[inside])
            out = out.assign(state=filled)
    gone = frame.loc[~inside]
    reasons = [
        f"outside Mexico ({km:,.0f} km from the nearest state; more than "
        f"{MEXICO_TOLERANCE_M / 1000:g} km)"
        for km in outside_km.loc[~inside]
    ]
    removed = pd.DataFrame(
        {"name": gone["name"].astype(str), "stage": INPUT_STAGE, "reason": reasons},
        index=gone.index,
    )
    return out, removed


def find_id(frame: pd.DataFrame, key: str) -> str:
    """Resolve an id or an exact name (case-insensitive) among candidates indexed by id."""
    index = frame.index
    if key in index:
        return key
    names = frame["name"].astype(str).str.lower()
    hits = list(index[(names == key.lower()).to_numpy()])
    if len(hits) == 1:
        return str(hits[0])
    close = difflib.get_close_matches(key, [str(i) for i in index], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `siteselect rank --top 100`"
    msg = f"unknown park {key!r} among the {len(index)} candidates considered{hint}"
    raise DataError(msg)
