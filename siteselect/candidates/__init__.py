"""Candidates: read the alternatives, one representative point each, and the corridor filter.

Every candidate a stage removes is reported with its reason, never dropped silently: rows of
the user's file that cannot be used (no location, outside Mexico, unreadable geometry, no id,
a repeated id) at the ``input`` stage, the corridor filter at the ``corridor`` stage.

The package's rooms: :mod:`~siteselect.candidates.model` (the candidate set and the removal
table), :mod:`~siteselect.candidates.rows` (a user's rows by id, set-aside rows, repeats),
:mod:`~siteselect.candidates.attributes` (``[candidates] attributes``) and
:mod:`~siteselect.candidates.corridors` (the corridor filter, outside Mexico).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from siteselect.candidates.attributes import PROTECTED_COLUMNS, join_attributes
from siteselect.candidates.corridors import select_corridors
from siteselect.candidates.model import INPUT_STAGE, REMOVED_COLUMNS, CandidateSet, empty_removed
from siteselect.candidates.rows import find_repeated_rows, index_by_id, index_user_rows, is_blank
from siteselect.criteria import Candidates
from siteselect.errors import ConfigError, DataError

if TYPE_CHECKING:
    from siteselect.config import SearchConfig
    from siteselect.layers.store import LayerStore

__all__ = [
    "INPUT_STAGE",
    "PROTECTED_COLUMNS",
    "REMOVED_COLUMNS",
    "CandidateSet",
    "empty_removed",
    "find_id",
    "find_repeated_rows",
    "join_attributes",
    "read_candidate_set",
    "read_candidates",
    "select_corridors",
    "with_metros",
    "with_representative_points",
]


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
        frame = index_by_id(frame, spec.id, source)
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
            where, other = source, ""
            layers, layer = user.info.layers, user.info.layer
            if layer is not None and len(layers) > 1 and spec.layer is None:
                # The first sheet of a workbook was read: the sites may be on another one.
                where = f"{source}, sheet {layer!r} (the first of {', '.join(layers)})"
                other = f', or read another sheet with layer = "{layers[1]}" in [candidates]'
            unnamed = [c for c in user.frame.columns if str(c).startswith("Unnamed: ")]
            titles = ""
            if 2 * len(unnamed) >= len(user.frame.columns):
                # A title above the column titles: its one cell became the header.
                titles = " (the first row holds no column titles: delete the rows above them)"
            msg = (
                f"{where}: no coordinate columns (columns: {columns}){titles}; name them with "
                f"lon/lat (recognised: {'/'.join(LON_NAMES[:6])} and {'/'.join(LAT_NAMES[:4])}) "
                f"or wkt in [candidates]{other}, or use only `attribute` criteria"
            )
            raise DataError(msg)
        frame, removed, name_column, picked = index_user_rows(
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
        # a text cell (the common case) inlined: what is_blank and str give it
        frame["name"] = [
            (v if v else str(i)) if type(v) is str else (str(v) if not is_blank(v) else str(i))
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
    from siteselect.metros import (
        MunicipalityPoints,
        assign_metros,
        build_municipality_points,
        needs_population,
    )

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
    names = _read_municipality_names(store)
    population: MunicipalityPoints | None = None
    if needs_population(frame):
        try:
            population = store.derived("population", "municipalities", build_municipality_points)
        except DataError:  # no population layer in this data folder: municipality unknown
            population = None
    return assign_metros(frame, metros, names, population)


def _read_municipality_names(store: LayerStore) -> Mapping[str, str]:
    """CVEGEO -> municipality name from ``population_municipalities.csv`` (empty without the
    table), held while the table is unchanged: 2,465 names a run cost a millisecond."""
    from types import MappingProxyType

    from siteselect.layers import default_data_dir
    from siteselect.layers.memo import read_held_shared

    name = "population_municipalities.csv"
    path = (store.data_dir or default_data_dir()) / name
    if not path.exists():
        return {}

    def build() -> Mapping[str, str]:
        municipalities = store.table(name)
        # tolist: iterating a column of text steps through Arrow one cell at a time (5 ms)
        codes = municipalities["cvegeo"].tolist()
        return MappingProxyType(
            dict(zip(codes, municipalities["municipality"].tolist(), strict=True))
        )

    return read_held_shared(("municipality names", str(path)), [path], build)


def _check_declared_illustrative(declared: list[str], frame: pd.DataFrame) -> None:
    """A column declared illustrative must exist: a typo would leave estimates unflagged."""
    columns = [str(c) for c in frame.columns if c != "geometry"]
    for column in declared:
        if column not in frame.columns:
            close = difflib.get_close_matches(column, columns, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f" (columns: {', '.join(columns)})"
            msg = f"[candidates] illustrative: the candidates have no column {column!r}{hint}"
            raise ConfigError(msg)


def with_representative_points(frame: pd.DataFrame, source: str) -> Candidates:
    """Replace non-point geometries by a representative point, keeping the footprints."""
    if "geometry" not in frame.columns:
        return Candidates(frame=frame, source=source)
    import geopandas as gpd
    import shapely

    geoms: Any = frame.geometry
    # type id 0: a point (a missing geometry is -1), without a type name per geometry
    if bool((shapely.get_type_id(geoms.to_numpy()) == 0).all()):
        return Candidates(frame=frame, source=source)
    footprints = gpd.GeoSeries(geoms.to_numpy(), index=frame.index, crs=frame.crs)
    points = shapely.point_on_surface(geoms.to_numpy())
    out = frame.copy()
    out["geometry"] = gpd.GeoSeries(points, index=frame.index, crs=frame.crs)
    return Candidates(frame=out, footprints=footprints, source=source)


def find_id(frame: pd.DataFrame, key: str, *, listing: str = "siteselect rank") -> str:
    """Resolve an id or an exact name (case-insensitive; else with accents and punctuation
    ignored, as typed on a keyboard without them: ``Huinala`` for ``Huinalá``) among
    candidates indexed by id; an unknown one points at ``listing`` with a ``--top`` that
    lists every candidate."""
    from siteselect.candidates.rows import name_key, name_keys

    index = frame.index
    if key in index:
        return key
    names = frame["name"].astype(str).str.lower()
    hits = list(index[(names == key.lower()).to_numpy()])
    if not hits:
        hits = list(index[(name_keys(frame["name"]) == name_key(key)).to_numpy()])
    if len(hits) == 1:
        return str(hits[0])
    close = difflib.get_close_matches(key, [str(i) for i in index], n=3, cutoff=0.5)
    every = f"; see `{listing} --top {len(index)}`"  # it said --top 100 of 102
    hint = f"; did you mean {', '.join(close)}?" if close else every
    msg = f"unknown park {key!r} among the {len(index)} candidates considered{hint}"
    raise DataError(msg)
