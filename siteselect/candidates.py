"""Candidates: read the alternatives, one representative point each, and the corridor filter.

Every candidate a stage removes is reported with its reason, never dropped silently.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from siteselect.constants import CORRIDOR_ALL
from siteselect.criteria import Candidates
from siteselect.errors import ConfigError, DataError, InfeasibleError

if TYPE_CHECKING:
    from siteselect.config import SearchConfig
    from siteselect.layers.store import LayerStore

REMOVED_COLUMNS = ("name", "stage", "reason")
JOIN_NOTES = "siteselect_join_notes"
"""Key of ``frame.attrs`` holding what an attributes join reported (unmatched rows)."""
# Columns an attributes table cannot replace: they say where and which a candidate is.
PROTECTED_COLUMNS = frozenset({"id", "name", "geometry", "lon", "lat", "corridor"})


@dataclass(frozen=True)
class CandidateSet:
    """The candidates a search considers, and those removed on the way in.

    Attributes
    ----------
    candidates
        The considered candidates.
    removed
        Index: id; columns ``name``, ``stage`` (``corridor``) and ``reason``.
    """

    candidates: Candidates
    removed: pd.DataFrame


def empty_removed() -> pd.DataFrame:
    """A removal table with no rows."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in REMOVED_COLUMNS}).rename_axis("id")


def read_candidates(config: SearchConfig, store: LayerStore) -> Candidates:
    """Read the candidates: the embedded parks, or the user's table or vector file.

    A table without coordinates is accepted when every criterion is an ``attribute``.
    Polygon and line candidates (parcels) are measured from a representative point inside
    them; their footprints are kept.
    """
    spec = config.candidates
    if spec.path is None:
        frame: pd.DataFrame = store.layer("parks").copy()
        source = "embedded parks"
    else:
        from siteselect.layers import check_in_mexico, read_alternatives

        path = Path(spec.path)
        source = path.name
        frame = read_alternatives(
            path, id_column=spec.id, lon=spec.lon, lat=spec.lat, layer=spec.layer
        )
        if "geometry" in frame.columns:
            check_in_mexico(frame, source)
        elif config.needs_location:
            msg = (
                f"{source}: no {spec.lon!r}/{spec.lat!r} columns, but some criteria measure "
                "distances; add coordinates or use only `attribute` criteria"
            )
            raise DataError(msg)
    if len(frame) == 0:
        msg = f"{source}: no candidates (the file has no rows)"
        raise DataError(msg)
    frame = _index_by_id(frame, spec.id, source)
    if spec.name in frame.columns:
        frame["name"] = frame[spec.name].astype(str)
    else:
        frame["name"] = frame.index.to_series().astype(str)
    if spec.attributes is not None:
        frame, notes = join_attributes(
            frame, Path(spec.attributes), id_column=spec.id, name_column=spec.name
        )
        frame.attrs[JOIN_NOTES] = tuple(notes)
    return with_representative_points(frame, source)


def join_attributes(
    frame: pd.DataFrame, path: Path, *, id_column: str = "id", name_column: str = "name"
) -> tuple[pd.DataFrame, list[str]]:
    """Add the columns of a user's attributes table to the candidates.

    Rows join by the candidates' id when the table has the id column, else by name (case,
    accents, punctuation and spacing ignored). Columns the candidates already have are replaced
    for the matched candidates (identity and location columns are never replaced); candidates
    without a row get empty cells. What did not match is reported.

    Parameters
    ----------
    frame
        Candidates indexed by id, with a ``name`` column.
    path
        A CSV (or TSV) file of attributes.
    id_column, name_column
        The join columns to look for in the table.

    Returns
    -------
    tuple
        The candidates with the new columns, and notes (one line each) on the join.

    Raises
    ------
    DataError
        The file is unreadable, has neither join column, or names a candidate twice.
    """
    label = path.name
    if not path.is_file():
        msg = f"[candidates] attributes: file {path} does not exist"
        raise DataError(msg)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        table = pd.read_csv(path, sep=sep, dtype={id_column: str, name_column: str})
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        msg = f"cannot read {path} as CSV: {str(exc).splitlines()[0]}"
        raise DataError(msg) from None
    if id_column in table.columns:
        by, keys = "id", table[id_column].astype(str).str.strip()
        targets = pd.Series(frame.index.astype(str), index=frame.index)
    elif name_column in table.columns:
        by, keys = "name", table[name_column].map(_name_key)
        targets = frame["name"].map(_name_key)
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
    shown = table[id_column if by == "id" else name_column].astype(str)
    unmatched = [str(v) for k, v in zip(keys, shown, strict=True) if k not in known]
    notes = [
        f"{label}: joined {int(matched.sum())} of {len(frame)} candidates by {by}"
        + (
            f"; {len(unmatched)} row(s) matched no candidate: {', '.join(unmatched[:8])}"
            if unmatched
            else ""
        )
        + ("..." if len(unmatched) > 8 else "")
    ]
    out = frame.copy()
    skip = {id_column, name_column} | PROTECTED_COLUMNS
    taken = rows[matched].astype(int).to_numpy()
    for column in table.columns:
        if column in skip:
            continue
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
    return out, notes


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
    """A joined column as numbers when every present value is one, else as it is."""
    present = values.dropna()
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
    if "corridor" not in frame.columns:
        polygons = store.layer("corridors")
        located: Any = frame[["geometry"]]
        joined = located.sjoin(polygons[["corridor", "geometry"]], how="left", predicate="within")
        first = joined.groupby(level=0)["corridor"].first()
        frame = frame.assign(corridor=first.reindex(frame.index).fillna("").astype(str))
    everywhere = CORRIDOR_ALL in corridors
    kept = frame if everywhere else frame.loc[frame["corridor"].isin(corridors)]
    gone = frame.loc[~frame.index.isin(kept.index)]
    wanted = ", ".join(corridors)
    reasons = [
        f"outside the corridors searched ({wanted}): lies in corridor {c!r}"
        if c
        else f"outside the corridors searched ({wanted}): in no corridor"
        for c in gone["corridor"].astype(str)
    ]
    removed = pd.DataFrame(
        {"name": gone["name"].astype(str), "stage": "corridor", "reason": reasons},
        index=gone.index,
    )
    if len(kept) == 0:
        msg = (
            f"no candidate lies in the corridors {wanted} (all {len(frame)} lie elsewhere); "
            "use --corridor all to search everywhere"
        )
        raise InfeasibleError(msg)
    footprints = candidates.footprints
    if footprints is not None:
        footprints = footprints.loc[kept.index]
    return CandidateSet(Candidates(kept, footprints, candidates.source), removed)


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
