"""A facts sheet read cell by cell: header, merged cells, units, dates, sources, staleness.

A pure module: :func:`build_fact_sheet` turns the cells of a sheet as read
(:class:`RawSheet`, filled by :mod:`siteselect.layers.facts`) into a checked
:class:`~siteselect.facts.model.FactSheet`, and :func:`build_fact_set` joins its rows to a
search's candidates. Every problem names its row and column.

Dates and sources: a row's ``Fecha de los datos`` / ``Fuente`` apply to all its facts; a
group's own columns (``Renta: fecha``, ``Energía eléctrica: fuente``, or ``rent_date``,
``power_source``) override them for that group's facts; the file's ``file`` sheet or the
search's ``[candidates.facts] date``/``source`` give a default for rows that state none.
A dated fact with no date or no source is an error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from siteselect.facts import cells
from siteselect.facts.headers import (
    HEADER_SCAN_ROWS,
    Column,
    column_letter,
    detect_language,
    map_columns,
    score_row,
    split_unit,
)
from siteselect.facts.match import ParkName, RowKey, match_rows
from siteselect.facts.model import FactProblem, FactRow, FactSet, FactSheet, FactValue
from siteselect.facts.schema import FACT_BY_KEY, NOMINAL_KV, SCHEMA_VERSION, FactSpec
from siteselect.facts.units import ConversionSettings, UnitError, convert_value, describe_conversion

DEFAULT_MAX_AGE_DAYS = 365
"""Facts older than a year are stale unless the search says otherwise (rents and available
land change within months)."""

METADATA_KEYS: Mapping[str, str] = {
    "illustrative": "illustrative",
    "ilustrativo": "illustrative",
    "schema_version": "schema_version",
    "version": "schema_version",
    "version del esquema": "schema_version",
    "date": "date",
    "fecha": "date",
    "fecha de los datos": "date",
    "source": "source",
    "fuente": "source",
    "lang": "lang",
    "idioma": "lang",
    "title": "title",
    "titulo": "title",
}
"""Keys of a workbook's ``file``/``archivo`` sheet (key in column A, value in column B)."""


@dataclass(frozen=True)
class MergedRange:
    """A block of merged cells, 0-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def label(self) -> str:
        """The block as a spreadsheet shows it: ``C2:D2``."""
        return (
            f"{column_letter(self.first_col)}{self.first_row + 1}:"
            f"{column_letter(self.last_col)}{self.last_row + 1}"
        )


@dataclass(frozen=True)
class RawSheet:
    """The cells of a facts sheet as read, before any interpretation.

    Attributes
    ----------
    file, format, sheet
        File name, format (``XLSX``, ``CSV``...) and the sheet read.
    rows
        Every row of cells from the first (numbers and dates as the file typed them).
    merged
        Merged blocks (spreadsheets only).
    metadata
        Key/value pairs of the workbook's ``file`` sheet (illustrative, schema version,
        default date and source).
    decimal
        The decimal mark of a text table, when sniffed; ``None`` for spreadsheets.
    notes
        What reading found (encoding, separator).
    """

    file: str
    format: str
    sheet: str | None
    rows: tuple[tuple[Any, ...], ...]
    merged: tuple[MergedRange, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    decimal: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactSettings:
    """How a sheet is read: conversions, staleness and defaults given by the user.

    Attributes
    ----------
    conversion
        Power factor, exchange rate and its date.
    as_of
        The date facts are judged against (today, or ``SOURCE_DATE_EPOCH``).
    max_age_days
        Facts older than this are stale (``None``: no check).
    date, source
        Defaults for rows that state no date or source.
    illustrative
        ``True`` declares the file illustrative whatever it says.
    """

    as_of: date
    conversion: ConversionSettings = field(default_factory=ConversionSettings)
    max_age_days: int | None = DEFAULT_MAX_AGE_DAYS
    date: date | None = None
    source: str | None = None
    illustrative: bool = False


def _text(cell: Any) -> str:
    return "" if cells.is_empty(cell) else cells.show(cell)


def _spread_merges(
    rows: list[list[Any]], merged: Sequence[MergedRange], header: int
) -> tuple[list[FactProblem], list[str]]:
    """Give every cell of a merged block its value; a block across column titles is an error.

    A block within the group row (above the titles) or down a title's column (a title over
    two rows) is what a developer's sheet looks like and is read; a block across two
    titles leaves a column without its own title and is refused, naming the cells.
    """
    problems: list[FactProblem] = []
    notes: list[str] = []
    for block in merged:
        value = rows[block.first_row][block.first_col] if block.first_row < len(rows) else None
        spans_header = block.first_row <= header <= block.last_row
        if spans_header and block.last_col > block.first_col:
            problems.append(
                FactProblem(
                    "error",
                    f"column titles {block.label} are merged ({_text(value)!r}): give each column "
                    "its own title (unmerge the cells)",
                    row=header + 1,
                    column=column_letter(block.first_col),
                )
            )
            continue
        for r in range(block.first_row, block.last_row + 1):
            for c in range(block.first_col, block.last_col + 1):
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = value
        if block.first_row > header:
            notes.append(f"merged cells {block.label} read as {_text(value)!r} in each row")
    return problems, notes


def find_header_row(rows: Sequence[Sequence[Any]]) -> int | None:
    """The row (0-based) among the first ones with the most titles of the schema."""
    best, best_score = None, 1
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = score_row([_text(c) for c in row])
        if score > best_score:
            best, best_score = r, score
    return best


def build_fact_sheet(raw: RawSheet, settings: FactSettings) -> FactSheet:
    """Read and check a facts sheet.

    Parameters
    ----------
    raw
        The cells as read.
    settings
        Conversions, staleness, defaults.

    Returns
    -------
    FactSheet
        With every problem; the caller decides what an error stops (a search stops, a
        validation reports).
    """
    problems: list[FactProblem] = []
    notes = list(raw.notes)
    grid = [list(r) for r in raw.rows]
    width = max((len(r) for r in grid), default=0)
    grid = [r + [None] * (width - len(r)) for r in grid]
    meta = _read_metadata(raw.metadata, problems)
    version = str(meta.get("schema_version") or SCHEMA_VERSION)
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        problems.append(
            FactProblem(
                "error",
                f"the file declares schema version {version}; this siteselect reads "
                f"{SCHEMA_VERSION.split('.')[0]}.x (write a new template with "
                "`siteselect facts template`)",
            )
        )
    illustrative = bool(settings.illustrative or meta.get("illustrative", False))
    header = find_header_row(grid)
    if header is None:
        problems.append(
            FactProblem(
                "error",
                f"no row of column titles found in the first {HEADER_SCAN_ROWS} rows (titles "
                "such as 'Clave del parque', 'Superficie disponible (ha)', 'Renta "
                "(USD/m²/mes)'); write one with `siteselect facts template`",
            )
        )
        return _sheet(raw, version, None, illustrative, 0, (), (), problems, (), notes, settings)
    merge_problems, merge_notes = _spread_merges(grid, raw.merged, header)
    problems.extend(merge_problems)
    notes.extend(merge_notes)
    titles = [_text(c) for c in grid[header]]
    groups = [_text(c) for c in grid[header - 1]] if header > 0 else None
    if groups is not None and sum(bool(g) for g in groups) == 0:
        groups = None
    columns, header_problems = map_columns(titles, groups)
    for hp in header_problems:
        problems.append(
            FactProblem(
                hp.severity,
                hp.message,
                row=header + 1,
                column=column_letter(hp.column) if hp.column is not None else None,
            )
        )
    lang = detect_language(columns) or (str(meta["lang"]) if meta.get("lang") else None)
    if not any(c.role == "fact" and c.key in ("id", "name") for c in columns):
        problems.append(
            FactProblem(
                "error",
                "no park id or name column ('Clave del parque' / 'Park id' or 'Nombre del "
                "parque' / 'Park name'): rows cannot be matched to parks",
                row=header + 1,
            )
        )
    conversions = _describe_conversions(columns, settings, problems, header)
    defaults = (
        settings.date or _meta_date(meta, problems, lang),
        settings.source or (str(meta["source"]) if meta.get("source") else None),
    )
    rows: list[FactRow] = []
    for r in range(header + 1, len(grid)):
        row = _read_row(grid[r], r + 1, columns, raw.decimal, lang, settings, defaults, problems)
        if row is not None:
            rows.append(row)
    for column in [c for c in columns if c.role == "illustrative"]:
        for r in range(header + 1, len(grid)):
            cell = grid[r][column.index]
            if cells.is_empty(cell):
                continue
            try:
                illustrative = cells.parse_bool(cell) or illustrative
            except cells.CellError as exc:
                problems.append(
                    FactProblem("error", f"row {r + 1}, column {column.letter}: {exc}", r + 1)
                )
    _check_repeats(rows, problems)
    return _sheet(
        raw,
        version,
        lang,
        illustrative,
        header + 1,
        columns,
        tuple(rows),
        problems,
        conversions,
        notes,
        settings,
    )


def _sheet(
    raw: RawSheet,
    version: str,
    lang: str | None,
    illustrative: bool,
    header_row: int,
    columns: tuple[Column, ...],
    rows: tuple[FactRow, ...],
    problems: list[FactProblem],
    conversions: tuple[str, ...],
    notes: list[str],
    settings: FactSettings,
) -> FactSheet:
    ordered = sorted(
        enumerate(problems), key=lambda ip: (ip[1].row or 0, ip[1].column or "", ip[0])
    )
    return FactSheet(
        file=raw.file,
        format=raw.format,
        sheet=raw.sheet,
        schema_version=version,
        lang=lang,
        illustrative=illustrative,
        header_row=header_row,
        columns=columns,
        rows=rows,
        problems=tuple(p for _, p in ordered),
        conversions=conversions,
        notes=tuple(notes),
        as_of=settings.as_of,
        max_age_days=settings.max_age_days,
    )


def _read_metadata(metadata: Mapping[str, Any], problems: list[FactProblem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw_key, value in metadata.items():
        key = METADATA_KEYS.get(cells.plain(str(raw_key)).replace("_", " "))
        key = key or METADATA_KEYS.get(cells.plain(str(raw_key)))
        if key is None or cells.is_empty(value):
            continue
        if key == "illustrative":
            try:
                out[key] = cells.parse_bool(value)
            except cells.CellError as exc:
                problems.append(FactProblem("error", f"file sheet, illustrative: {exc}"))
        else:
            out[key] = value
    return out


def _meta_date(
    meta: Mapping[str, Any], problems: list[FactProblem], lang: str | None
) -> date | None:
    if not meta.get("date"):
        return None
    try:
        return cells.parse_date(meta["date"], day_first=True if lang == "es" else None)
    except cells.CellError as exc:
        problems.append(FactProblem("error", f"file sheet, date: {exc}"))
        return None


def _describe_conversions(
    columns: Sequence[Column], settings: FactSettings, problems: list[FactProblem], header: int
) -> tuple[str, ...]:
    """One sentence per converted column; a conversion without its figure is an error."""
    out: list[str] = []
    for column in columns:
        unit = column.unit
        if column.role != "fact" or unit is None or unit.is_canonical:
            continue
        try:
            convert_value(1.0, unit, settings.conversion)
        except UnitError as exc:
            problems.append(
                FactProblem(
                    "error",
                    f"column {column.letter} {column.header!r}: {exc}",
                    row=header + 1,
                    column=column.letter,
                    key=column.key,
                )
            )
            continue
        out.append(f"{column.header}: {describe_conversion(unit, settings.conversion)}")
    return tuple(out)


def _parse(spec: FactSpec, column: Column, cell: Any, decimal: str | None, lang: str | None) -> Any:
    if spec.kind == "number":
        return cells.parse_number(cell, decimal, column.unit.text if column.unit else "")
    if spec.kind == "integer":
        return cells.parse_integer(cell, decimal)
    if spec.kind == "bool":
        return cells.parse_bool(cell)
    if spec.kind == "date":
        return cells.parse_date(cell, day_first=True if lang == "es" else None)
    if spec.kind == "choice":
        return cells.parse_choice(cell, spec)
    if spec.kind == "list":
        return cells.parse_list(cell, spec)
    return cells.parse_text(cell)


def _read_row(
    values: Sequence[Any],
    row: int,
    columns: Sequence[Column],
    decimal: str | None,
    lang: str | None,
    settings: FactSettings,
    defaults: tuple[date | None, str | None],
    problems: list[FactProblem],
) -> FactRow | None:
    """One park's row; ``None`` for an empty row."""
    skipped = ("ignored", "illustrative")
    if all(cells.is_empty(values[c.index]) for c in columns if c.role not in skipped):
        return None
    identity: dict[str, str] = {}
    parsed: dict[str, tuple[Any, Column, Any]] = {}
    row_meta: dict[tuple[str, str | None], Any] = {}
    day_first = True if lang == "es" else None
    for column in columns:
        cell = values[column.index]
        if column.role in ("ignored", "illustrative") or cells.is_empty(cell):
            continue
        where = f"row {row}, column {column.letter} {column.header!r}"
        if column.role in ("date", "group_date"):
            try:
                row_meta[(column.role, column.key)] = cells.parse_date(cell, day_first=day_first)
            except cells.CellError as exc:
                problems.append(FactProblem("error", f"{where}: {exc}", row, column.letter))
            continue
        if column.role in ("source", "group_source"):
            row_meta[(column.role, column.key)] = cells.show(cell)
            continue
        spec = FACT_BY_KEY[str(column.key)]
        try:
            value = _parse(spec, column, cell, decimal, lang)
        except cells.AmbiguousNumber as exc:
            if lang is None:
                problems.append(
                    FactProblem("error", f"{where}: {exc}", row, column.letter, spec.key)
                )
                continue
            # The sheet's language says how: es-MX (and English) group thousands with ','
            # and mark decimals with '.'. Said, never silent.
            value = _parse(spec, column, cell, ".", lang)
            shown = cells.show(cell)
            problems.append(
                FactProblem(
                    "warning",
                    f"{where}: {shown!r} read as {value:,g} (the sheet is "
                    f"{'es-MX' if lang == 'es' else 'English'}: ',' groups thousands, '.' marks "
                    "decimals)",
                    row,
                    column.letter,
                    spec.key,
                )
            )
        except cells.CellError as exc:
            problems.append(FactProblem("error", f"{where}: {exc}", row, column.letter, spec.key))
            continue
        if not spec.dated:
            identity[spec.key] = str(value)
            continue
        parsed[spec.key] = (value, column, cell)
    if not identity.get("id") and not identity.get("name"):
        if parsed:
            problems.append(
                FactProblem(
                    "error",
                    f"row {row}: facts without a park id or name; say which park they are about",
                    row,
                )
            )
        return None
    facts: dict[str, FactValue] = {}
    undated: list[str] = []
    unsourced: list[str] = []
    for key, (value, column, cell) in parsed.items():
        spec = FACT_BY_KEY[key]
        final, given = _finish(spec, column, value, cell, settings, row, problems)
        if final is None:
            continue
        day = row_meta.get(("group_date", spec.group)) or row_meta.get(("date", None))
        day = day or defaults[0]
        source = row_meta.get(("group_source", spec.group)) or row_meta.get(("source", None))
        source = source or defaults[1]
        if day is None:
            undated.append(spec.label[lang or "en"])
        if not source:
            unsourced.append(spec.label[lang or "en"])
        stale = bool(
            day is not None
            and settings.max_age_days is not None
            and day < settings.as_of - timedelta(days=settings.max_age_days)
        )
        facts[key] = FactValue(key, final, spec.unit, day, source, given, stale, column.letter)
    _check_dates(facts, row, settings, problems, lang, identity)
    label = identity.get("name") or identity.get("id") or ""
    if undated:
        problems.append(
            FactProblem(
                "error",
                f"row {row} ({label}): {', '.join(undated)} carry no date: fill 'Fecha de los "
                "datos' / 'Facts date' (or the group's date column)",
                row,
            )
        )
    if unsourced:
        problems.append(
            FactProblem(
                "error",
                f"row {row} ({label}): {', '.join(unsourced)} carry no source: fill 'Fuente' / "
                "'Source' (or the group's source column)",
                row,
            )
        )
    _check_consistency(facts, row, label, problems)
    return FactRow(
        row=row,
        id=identity.get("id"),
        name=identity.get("name"),
        municipality=identity.get("municipality"),
        state=identity.get("state"),
        identity={k: v for k, v in identity.items() if k not in ("id", "name")},
        facts=facts,
    )


def _finish(
    spec: FactSpec,
    column: Column,
    value: Any,
    cell: Any,
    settings: FactSettings,
    row: int,
    problems: list[FactProblem],
) -> tuple[Any, str]:
    """The value in its canonical unit, checked against the fact's bounds, and the cell as
    written with the unit its column's title declares (``1,250.5 m³/día``, ``9 MW``)."""
    unit = column.unit
    shown = cells.show(cell) if isinstance(cell, str) else _given(value)
    if spec.numeric and unit is not None:
        written = split_unit(column.header)[1] or unit.text
        given = shown if shown.endswith(written) else f"{shown} {written}"
        try:
            value = convert_value(float(value), unit, settings.conversion)
        except UnitError:
            return None, given  # said once for the column
    else:
        given = _given(value) if not isinstance(cell, str) else shown
    where = f"row {row}, column {column.letter} {column.header!r}"
    if spec.numeric:
        if spec.minimum is not None and value < spec.minimum:
            problems.append(
                FactProblem(
                    "error",
                    f"{where}: {given} is below {spec.minimum:g} {spec.unit}".rstrip(),
                    row,
                    column.letter,
                    spec.key,
                )
            )
            return None, given
        if spec.maximum is not None and value > spec.maximum:
            problems.append(
                FactProblem(
                    "error",
                    f"{where}: {given} is above {spec.maximum:g} {spec.unit}".rstrip(),
                    row,
                    column.letter,
                    spec.key,
                )
            )
            return None, given
        if spec.kind == "number":
            value = float(value)
    return value, given


def _given(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "; ".join(value)
    return cells.show(value)


def _check_dates(
    facts: Mapping[str, FactValue],
    row: int,
    settings: FactSettings,
    problems: list[FactProblem],
    lang: str | None,
    identity: Mapping[str, str],
) -> None:
    """Stale facts (one line per date) and facts dated after the reference date."""
    label = identity.get("name") or identity.get("id") or ""
    by_date: dict[date, list[str]] = defaultdict(list)
    future: dict[date, list[str]] = defaultdict(list)
    for fact in facts.values():
        name = FACT_BY_KEY[fact.key].label[lang or "en"]
        if fact.stale and fact.date is not None:
            by_date[fact.date].append(name)
        elif fact.date is not None and fact.date > settings.as_of:
            future[fact.date].append(name)
    for day, names in sorted(by_date.items()):
        age = (settings.as_of - day).days
        problems.append(
            FactProblem(
                "stale",
                f"row {row} ({label}): {', '.join(names)} dated {day.isoformat()} are {age} days "
                f"old (more than {settings.max_age_days})",
                row,
            )
        )
    for day, names in sorted(future.items()):
        problems.append(
            FactProblem(
                "warning",
                f"row {row} ({label}): {', '.join(names)} dated {day.isoformat()}, after "
                f"{settings.as_of.isoformat()}",
                row,
            )
        )


def _check_consistency(
    facts: Mapping[str, FactValue], row: int, label: str, problems: list[FactProblem]
) -> None:
    """Values that contradict each other or look like a wrong unit: warnings."""

    def num(key: str) -> float | None:
        fact = facts.get(key)
        return fact.number if fact is not None else None

    def warn(text: str, key: str) -> None:
        fact = facts[key]
        problems.append(
            FactProblem("warning", f"row {row} ({label}): {text}", row, fact.column, key)
        )

    total, available = num("land_total_ha"), num("land_available_ha")
    if total is not None and available is not None and available > total:
        warn(
            f"available land {available:g} ha is more than the total {total:g} ha",
            "land_available_ha",
        )
    low, high = num("lot_min_ha"), num("lot_max_ha")
    if low is not None and high is not None and low > high:
        warn(f"smallest lot {low:g} ha is larger than the largest {high:g} ha", "lot_min_ha")
    occupancy = num("occupancy_pct")
    if occupancy is not None and 0 < occupancy <= 1:
        warn(
            f"occupancy {occupancy:g} % looks like a fraction; the column is in % (write 85, "
            "not 0.85)",
            "occupancy_pct",
        )
    kv = num("supply_voltage_kv")
    if kv is not None and all(abs(kv - n) > 1e-6 for n in NOMINAL_KV):
        nominal = ", ".join(f"{n:g}" for n in NOMINAL_KV)
        warn(
            f"{kv:g} kV is not a nominal voltage of the Mexican grid ({nominal})",
            "supply_voltage_kv",
        )


def _check_repeats(rows: Sequence[FactRow], problems: list[FactProblem]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        if row.id:
            if row.id in seen:
                problems.append(
                    FactProblem(
                        "error",
                        f"row {row.row}: park id {row.id!r} is also on row {seen[row.id]}; give "
                        "a park one row",
                        row.row,
                    )
                )
            else:
                seen[row.id] = row.row


def build_fact_set(
    sheet: FactSheet,
    parks: Sequence[ParkName],
    *,
    missing: str = "penalise",
) -> FactSet:
    """Join a sheet's rows to candidates: by id, then by name and municipality.

    Two rows matching one park are an error of the sheet (the second is a problem and
    does not join). Returns every match, including the misses.
    """
    keys = [RowKey(r.row, r.id, r.name, r.municipality) for r in sheet.rows]
    matches = list(match_rows(keys, parks))
    by_park: dict[str, Mapping[str, FactValue]] = {}
    identity: dict[str, Mapping[str, str]] = {}
    problems = list(sheet.problems)
    taken: dict[str, int] = {}
    for i, (row, match) in enumerate(zip(sheet.rows, matches, strict=True)):
        if match.park is None:
            continue
        if match.park in taken:
            first = taken[match.park]
            problems.append(
                FactProblem(
                    "error",
                    f"rows {first} and {row.row} both match park {match.park!r}; give a park "
                    "one row",
                    row.row,
                )
            )
            matches[i] = _unmatched(match, f"park {match.park!r} already has row {first}")
            continue
        taken[match.park] = row.row
        if row.facts:  # a row with its identity only (a blank template row) brings nothing
            by_park[match.park] = row.facts
        if row.identity:
            identity[match.park] = row.identity
    return FactSet(
        file=sheet.file,
        illustrative=sheet.illustrative,
        missing=missing,
        keys=sheet.keys,
        by_park=by_park,
        matches=tuple(matches),
        problems=tuple(problems),
        conversions=sheet.conversions,
        notes=sheet.notes,
        schema_version=sheet.schema_version,
        as_of=sheet.as_of,
        max_age_days=sheet.max_age_days,
        identity=identity,
    )


def _unmatched(match: Any, reason: str) -> Any:
    from dataclasses import replace

    return replace(match, park=None, park_name=None, how="none", reason=reason)
