"""Reading a park-facts sheet: Excel workbooks and every format the loaders read.

:func:`read_fact_cells` returns the cells of a sheet as read (:class:`RawSheet`): an
``.xlsx`` workbook through openpyxl (the facts sheet, its merged cells, the ``file`` sheet's
metadata), a CSV/TSV/TXT table through the sniffing reader of :mod:`siteselect.layers.files`
(encoding, delimiter and decimal mark of an es-MX or Spanish spreadsheet: ``;`` and decimal
commas, Windows-1252), and GeoPackage, GeoJSON, Shapefile, Parquet... through
:func:`~siteselect.layers.files.read_user_file` (attributes only). :func:`read_fact_sheet`
reads and checks it (:func:`siteselect.facts.build_fact_sheet`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.errors import ConfigError, DataError
from siteselect.facts.cells import plain
from siteselect.facts.model import FactSet, FactSheet
from siteselect.facts.schema import FACT_BY_KEY, IDENTITY_KEYS
from siteselect.facts.table import FactSettings, MergedRange, RawSheet, build_fact_sheet
from siteselect.facts.units import ConversionSettings
from siteselect.layers.files import (
    GDAL_SUFFIXES,
    PARQUET_SUFFIXES,
    TABLE_SUFFIXES,
    XLSX_SUFFIXES,
    FileError,
    check_file,
    read_text_rows,
    read_user_file,
)
from siteselect.layers.options import ReadOptions

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config.schema import FactsSection

FACTS_SUFFIXES = XLSX_SUFFIXES + TABLE_SUFFIXES + PARQUET_SUFFIXES + GDAL_SUFFIXES
FACT_SHEET_NAMES = ("parques", "parks", "facts", "datos", "hechos")
OTHER_SHEET_NAMES = (
    "instrucciones",
    "instructions",
    "listas",
    "lists",
    "archivo",
    "file",
    "leeme",
    "readme",
)
METADATA_SHEET_NAMES = ("archivo", "file")
MAX_ROWS = 100_000


def read_fact_cells(
    path: Path, *, sheet: str | None = None, options: ReadOptions | None = None
) -> RawSheet:
    """The cells of a facts file as read.

    Parameters
    ----------
    path
        An ``.xlsx`` workbook, or any table or vector file the loaders read.
    sheet
        The workbook's sheet (default: ``Parques``/``Parks``, else the first that is not
        the instructions, lists or file sheet).
    options
        Reading keys of a text table (``sep``, ``decimal``, ``encoding``).

    Raises
    ------
    DataError
        The file is missing, empty, unreadable, or an old ``.xls`` workbook.
    ConfigError
        ``sheet`` names no sheet of the workbook; a format siteselect does not read.
    """
    path = Path(path)
    check_file(path, "facts file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        msg = f"{path.name} is an old Excel workbook (.xls); save it as .xlsx (Excel 2007 or later)"
        raise FileError(msg, "unreadable")
    if suffix in XLSX_SUFFIXES:
        return _read_workbook(path, sheet)
    if sheet is not None:
        msg = f"{path.name}: `sheet` applies to Excel workbooks, not to {suffix} files"
        raise ConfigError(msg)
    if suffix in TABLE_SUFFIXES:
        rows, info = read_text_rows(path, options)
        notes = tuple(info.notes) + tuple(info.warnings)
        return RawSheet(
            file=path.name,
            format=info.format,
            sheet=None,
            rows=tuple(tuple(r) for r in rows),
            decimal=info.decimal,
            notes=notes,
        )
    if suffix not in FACTS_SUFFIXES:
        known = ", ".join(FACTS_SUFFIXES)
        msg = (
            f"{path.name}: siteselect does not read {suffix or 'files without a suffix'} ({known})"
        )
        raise ConfigError(msg)
    user = read_user_file(path, options)
    frame = user.frame.drop(columns="geometry", errors="ignore")
    body = [tuple(_typed(v) for v in row) for row in frame.itertuples(index=False)]
    return RawSheet(
        file=path.name,
        format=user.info.format,
        sheet=user.info.layer,
        rows=(tuple(str(c) for c in frame.columns), *body),
        notes=tuple(user.info.notes),
    )


def _typed(value: Any) -> Any:
    """A cell of a pandas row as a plain Python value (NaN and NA as ``None``)."""
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def _read_workbook(path: Path, wanted: str | None) -> RawSheet:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        msg = f"cannot read {path.name} as an Excel workbook: {str(exc).splitlines()[0]}"
        raise FileError(msg, "unreadable") from None
    names = list(book.sheetnames)
    name = _choose_sheet(path.name, names, wanted)
    ws = book[name]
    rows: list[tuple[Any, ...]] = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i >= MAX_ROWS:
            break
        rows.append(tuple(row))
    while rows and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[-1]):
        rows.pop()
    merged = tuple(
        MergedRange(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
        for r in ws.merged_cells.ranges
    )
    metadata: dict[str, Any] = {}
    for other in names:
        if plain(other) in METADATA_SHEET_NAMES:
            for row in book[other].iter_rows(min_row=1, max_col=2, values_only=True):
                if row and row[0] is not None:
                    metadata[str(row[0]).strip()] = row[1] if len(row) > 1 else None
    if not rows:
        msg = f"{path.name}: sheet {name!r} is empty"
        raise FileError(msg, "empty")
    return RawSheet(
        file=path.name,
        format="XLSX",
        sheet=name,
        rows=tuple(rows),
        merged=merged,
        metadata=metadata,
    )


def _choose_sheet(file: str, names: list[str], wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in names:
            msg = f"{file} has no sheet {wanted!r} (sheets: {', '.join(names)})"
            raise ConfigError(msg)
        return wanted
    for name in names:
        if plain(name) in FACT_SHEET_NAMES:
            return name
    for name in names:
        if plain(name) not in OTHER_SHEET_NAMES:
            return name
    return names[0]


def read_fact_sheet(
    path: Path,
    settings: FactSettings,
    *,
    sheet: str | None = None,
    options: ReadOptions | None = None,
) -> FactSheet:
    """Read and check a facts file (see :func:`siteselect.facts.build_fact_sheet`).

    Raises
    ------
    DataError
        The file cannot be read, or its titles row names no park fact (a candidates list
        passed as a facts sheet: only ids, names, coordinates).
    """
    read = build_fact_sheet(read_fact_cells(path, sheet=sheet, options=options), settings)
    _check_fact_columns(Path(path), read)
    return read


FACT_EXAMPLES = ("land_available_ha", "rent_usd_m2_month", "power_mva_available")
"""Facts a message names to show what a facts sheet's columns look like."""


def _check_fact_columns(path: Path, read: FactSheet) -> None:
    """A sheet whose titles row has no fact beyond a park's identity cannot give any fact:
    say so rather than join nothing (a candidates list given as ``--facts``)."""
    if read.header_row == 0:  # no titles row: the sheet's own error says so
        return
    if any(p.row == read.header_row and p.severity == "error" for p in read.problems):
        return  # a fact's title refused (no unit, an unknown unit): its own error says which
    if any(c.role == "fact" and c.key not in IDENTITY_KEYS for c in read.columns):
        return
    titles = [str(c.header) for c in read.columns]
    shown = ", ".join(repr(t) for t in titles[:8]) + (" ..." if len(titles) > 8 else "")
    examples = ", ".join(repr(FACT_BY_KEY[k].label["es"]) for k in FACT_EXAMPLES)
    msg = (
        f"{path.name}: no column is a park fact (row {read.header_row} has {shown}); a facts "
        f"sheet has a park id or name and fact columns such as {examples}: write one with "
        "`siteselect facts template`"
    )
    raise DataError(msg)


def read_as_of() -> date:
    """The date facts are judged against: ``SOURCE_DATE_EPOCH`` when set, else today."""
    from siteselect.clock import read_source_date

    when = read_source_date()
    return when.date() if when is not None else date.today()


def build_settings(section: FactsSection, as_of: date | None = None) -> FactSettings:
    """The reading settings of a search's ``[candidates.facts]``."""
    return FactSettings(
        as_of=as_of or read_as_of(),
        conversion=ConversionSettings(
            power_factor=section.power_factor,
            usd_mxn=section.usd_mxn,
            usd_mxn_date=section.usd_mxn_date,
        ),
        max_age_days=section.max_age_days,
        date=section.date,
        source=section.source,
        illustrative=section.illustrative,
    )


def join_fact_sheet(
    frame: pd.DataFrame, section: FactsSection, *, as_of: date | None = None
) -> tuple[pd.DataFrame, FactSet, list[str], list[str]]:
    """Read a search's facts sheet and join it to the candidates.

    Each fact the sheet has a column for becomes a candidates' column named by its key, in
    the schema's unit (numbers as floats, yes/no as booleans, dates as ISO text, lists as
    ``a; b``); parks without a row, or with the cell empty, get a gap (never a zero). A
    column the candidates already have (the embedded ``rail_spur``) takes the sheet's value
    where the sheet gives one. A blank ``developer`` takes the sheet's.

    Returns
    -------
    tuple
        The candidates with the fact columns, the :class:`FactSet`, notes (the join,
        fuzzy matches, misses, conversions, stale facts, the missing-fact policy) and
        warnings (suspicious values).

    Raises
    ------
    DataError
        The sheet has errors (each names its row and column; ``siteselect facts validate``
        lists them all), or two rows match one park.
    """
    import pandas as pd

    from siteselect.facts.match import ParkName
    from siteselect.facts.table import build_fact_set

    path = Path(section.path)
    sheet = read_fact_sheet(
        path, build_settings(section, as_of), sheet=section.sheet, options=section.read_options()
    )
    municipality = frame["municipality"] if "municipality" in frame.columns else None
    parks = [
        ParkName(
            str(cid),
            str(name),
            None
            if municipality is None or _blank(municipality.iloc[i])
            else str(municipality.iloc[i]),
        )
        for i, (cid, name) in enumerate(zip(frame.index, frame["name"], strict=True))
    ]
    facts = build_fact_set(sheet, parks, missing=section.missing)
    errors = [p for p in facts.problems if p.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        msg = (
            f"{path.name}: {errors[0].message}{more}; run `siteselect facts validate "
            f"{path.name}` for every problem"
        )
        raise DataError(msg)
    out = frame.copy()
    notes = _join_notes(facts, len(frame))
    for key in facts.keys:
        values = [_cell(facts, str(cid), key) for cid in out.index]
        series = pd.Series(values, index=out.index, dtype=object)
        known = series.notna()
        if key in out.columns:
            n_given = int(known.sum())
            if n_given:  # a sheet that gives none (a fresh template) changes nothing to say
                notes.append(
                    f"{path.name}: column {key!r} of the candidates takes the sheet's value for "
                    f"the {n_given} park{'' if n_given == 1 else 's'} it gives"
                )
            series = series.where(known, out[key].astype(object))
        if FACT_BY_KEY[key].numeric:
            series = pd.to_numeric(series, errors="coerce")
        out[key] = series
    if "developer" in out.columns:
        given = [facts.identity.get(str(cid), {}).get("developer") for cid in out.index]
        blank = out["developer"].isna() | (out["developer"].astype(str).str.strip() == "")
        out["developer"] = (
            out["developer"].astype(object).where(~blank, pd.Series(given, index=out.index))
        )
    warnings = [f"{path.name}: {p.message}" for p in facts.problems if p.severity == "warning"]
    return out, facts, notes, warnings


def _blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""
    )


def _cell(facts: FactSet, cid: str, key: str) -> Any:
    found = facts.value(cid, key)
    if found is None:
        return None
    value = found.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def _join_notes(facts: FactSet, considered: int) -> list[str]:
    """What the join did, one line each: counts, fuzzy matches, misses, conversions, staleness."""
    name = facts.file
    counts: dict[str, int] = {}
    empty = 0  # rows joined to a park but with every fact blank (a blank template row)
    for m in facts.matches:
        if m.park is None:
            continue
        if m.park in facts.by_park:
            counts[m.how] = counts.get(m.how, 0) + 1
        else:
            empty += 1
    how = ", ".join(f"{counts[k]} by {k}" for k in ("id", "name", "fuzzy") if counts.get(k))
    blank = f"{empty} matched row(s) give no fact; " if empty else ""
    lines = [
        f"{name}: facts of {len(facts.by_park)} of {considered} candidates ({how or 'none'}); "
        f"{blank}"
        f"{'ILLUSTRATIVE values, not real figures; ' if facts.illustrative else ''}"
        f"a missing fact: {facts.describe_policy()}"
    ]
    if facts.fuzzy:
        shown = "; ".join(
            f"row {m.row} {m.given_name!r} -> {m.park} ({m.similarity:.2f})" for m in facts.fuzzy
        )
        lines.append(f"{name}: matched by a similar name: {shown}")
    if facts.misses:
        shown = "; ".join(
            f"row {m.row} {m.given_name or m.given_id!r}" + (f" ({m.reason})" if m.reason else "")
            for m in facts.misses[:8]
        )
        more = " ..." if len(facts.misses) > 8 else ""
        lines.append(f"{name}: {len(facts.misses)} row(s) matched no candidate: {shown}{more}")
    lines.extend(f"{name}: {c}" for c in facts.conversions)
    if facts.stale:
        lines.append(
            f"{name}: {len(facts.stale)} park row(s) with facts older than "
            f"{facts.max_age_days} days (first: {facts.stale[0].message})"
        )
    return lines
