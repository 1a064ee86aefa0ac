"""Park facts (siteselect.facts): units, cells, column titles, fuzzy matching, sheets, staleness."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siteselect.facts import (
    FACT_BY_KEY,
    FACTS,
    GROUPS,
    ConversionSettings,
    FactSettings,
    MergedRange,
    RawSheet,
    build_fact_set,
    build_fact_sheet,
    build_json_schema,
)
from siteselect.facts.cells import CellError, parse_bool, parse_date, parse_list, parse_number
from siteselect.facts.headers import map_columns, match_header
from siteselect.facts.match import ParkName, match_row, normalise_park_name
from siteselect.facts.units import UnitError, convert_value, parse_unit

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 12, 1)


# ---- units ----------------------------------------------------------------------------------


def test_area_conversions_use_exact_factors() -> None:
    # 1 ft = 0.3048 m exactly (international yard and pound, 1959), so 1 ft² = 0.09290304 m²;
    # 1 acre = 4,046.8564224 m² (NIST Handbook 44, appendix C); 1 ha = 10,000 m².
    none = ConversionSettings()
    assert convert_value(25_000, parse_unit("m²", "area_ha"), none) == pytest.approx(2.5)
    assert convert_value(1, parse_unit("acres", "area_ha"), none) == pytest.approx(0.40468564224)
    assert convert_value(10_000, parse_unit("ft²", "area_m2"), none) == pytest.approx(929.0304)
    assert convert_value(2, parse_unit("ha", "area_m2"), none) == pytest.approx(20_000)
    assert convert_value(30, parse_unit("ft", "length"), none) == pytest.approx(9.144)


def test_water_and_voltage_conversions() -> None:
    none = ConversionSettings()
    assert convert_value(5, parse_unit("L/s", "flow"), none) == pytest.approx(432.0)  # 5 x 86.4
    assert convert_value(10, parse_unit("m³/h", "flow"), none) == pytest.approx(240.0)
    assert convert_value(115_000, parse_unit("V", "voltage"), none) == pytest.approx(115.0)


def test_mw_needs_a_stated_power_factor() -> None:
    unit = parse_unit("MW", "power")
    with pytest.raises(UnitError, match="power factor"):
        convert_value(9, unit, ConversionSettings())
    assert convert_value(9, unit, ConversionSettings(power_factor=0.9)) == pytest.approx(10.0)
    kw = parse_unit("kW", "power")
    assert convert_value(900, kw, ConversionSettings(power_factor=0.9)) == pytest.approx(1.0)
    assert convert_value(2500, parse_unit("kVA", "power"), ConversionSettings()) == 2.5


def test_mxn_rents_need_a_dated_rate() -> None:
    unit = parse_unit("MXN/m²/mes", "rent")
    with pytest.raises(UnitError, match="exchange rate"):
        convert_value(128.1, unit, ConversionSettings(usd_mxn=18.3))  # no date
    dated = ConversionSettings(usd_mxn=18.3, usd_mxn_date=date(2026, 11, 30))
    assert convert_value(128.1, unit, dated) == pytest.approx(7.0)


def test_rent_per_square_foot_and_per_year() -> None:
    none = ConversionSettings()
    per_ft2 = parse_unit("USD/ft²/month", "rent")
    assert convert_value(0.65, per_ft2, none) == pytest.approx(0.65 / 0.09290304)
    per_year = parse_unit("USD / m2 / año", "rent")
    assert convert_value(84, per_year, none) == pytest.approx(7.0)
    assert parse_unit("EUR/m²/mes", "rent") is None


# ---- cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("7,10", None, 7.1),  # a decimal comma is unambiguous with two decimals
        ("1,234.5", None, 1234.5),
        ("1.234,5", None, 1234.5),
        ("40,0 MVA", None, 40.0),
        ("1,500", ",", 1.5),  # the file's own decimal mark decides
        ("1,500", ".", 1500.0),
        ("1.500", ",", 1500.0),
        (12, None, 12.0),
    ],
)
def test_numbers_as_mexican_and_spanish_sheets_write_them(
    text: object, decimal: str | None, expected: float
) -> None:
    assert parse_number(text, decimal, "MVA") == pytest.approx(expected)


def test_ambiguous_numbers_are_refused_never_guessed() -> None:
    with pytest.raises(CellError, match="ambiguous"):
        parse_number("1,500", None)
    with pytest.raises(CellError, match="unit"):
        parse_number("12 MW", None, "MVA")
    with pytest.raises(CellError, match="not a number"):
        parse_number("7.2x", None)


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda x: round(x, 2)))
@settings(max_examples=60, deadline=None)
def test_es_mx_numbers_read_back(value: float) -> None:
    """What Babel writes for es-MX (``1,234.5``) reads back as the same number."""
    from babel.numbers import format_decimal

    text = format_decimal(value, format="#,##0.00", locale="es_MX")
    assert parse_number(text, ".") == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("30/11/2026", True, date(2026, 11, 30)),
        ("03/04/2026", True, date(2026, 4, 3)),  # Mexico writes day first
        ("30 de noviembre de 2026", True, date(2026, 11, 30)),
        ("noviembre 2026", True, date(2026, 11, 1)),
        ("2026-11-30", None, date(2026, 11, 30)),
        ("November 30, 2026", None, date(2026, 11, 30)),
        ("30/11/2026", None, date(2026, 11, 30)),  # 30 cannot be a month
    ],
)
def test_dates(text: str, day_first: bool | None, expected: date) -> None:
    assert parse_date(text, day_first=day_first) == expected


def test_an_ambiguous_date_is_refused_when_the_language_does_not_tell() -> None:
    with pytest.raises(CellError, match="ambiguous"):
        parse_date("03/04/2026", day_first=None)


def test_yes_no_and_lists() -> None:
    assert parse_bool("Sí") is True and parse_bool("no") is False and parse_bool("X") is True
    with pytest.raises(CellError):
        parse_bool("quizá")
    certs = parse_list("AMPIP; pil; NMX-R-046-SCFI-2015; Otra", FACT_BY_KEY["certifications"])
    assert certs == ("AMPIP", "Parque Industrial Limpio", "NMX-R-046-SCFI", "Otra")


# ---- column titles --------------------------------------------------------------------------


def test_titles_declare_their_units() -> None:
    column, problem = match_header("Terreno disponible (m²)")
    assert problem is None and column is not None
    assert column.key == "land_available_ha" and column.unit is not None
    assert column.unit.factor == pytest.approx(1e-4)
    column, _ = match_header("Available land in ha")
    assert column is not None and column.key == "land_available_ha"
    column, _ = match_header("power_mva_available")  # the key carries its unit
    assert column is not None and column.unit is not None and column.unit.text == "MVA"


def test_a_title_without_its_unit_is_an_error_naming_the_column() -> None:
    columns, problems = map_columns(["Clave del parque", "Superficie disponible", "Ocupación"])
    errors = [p for p in problems if p.severity == "error"]
    assert [p.column for p in errors] == [1, 2]
    assert "column B 'Superficie disponible'" in errors[0].message
    assert "(ha)" in errors[0].message
    assert columns[1].role == "ignored"


def test_group_titles_over_columns_name_them() -> None:
    """A developer's two-row header: ``Energía`` over ``Disponible (MVA)``; ``Renta`` over
    ``Fuente`` is the rent's source, not the row's."""
    columns, problems = map_columns(
        ["Clave", "Disponible (MVA)", "Fuente", "Fuente"],
        ["", "Energía", "Renta", ""],
    )
    assert not [p for p in problems if p.severity == "error"]
    assert columns[1].key == "power_mva_available"
    assert (columns[2].role, columns[2].key) == ("group_source", "rent")
    assert columns[3].role == "source"


def test_no_fact_key_meets_a_group_date_or_source_column() -> None:
    groups = {g.key for g in GROUPS}
    for spec in FACTS:
        for group in groups:
            assert spec.key not in (f"{group}_date", f"{group}_source")


# ---- fuzzy matching -------------------------------------------------------------------------


PARKS = [
    ParkName("parque-industrial-queretaro", "Parque Industrial Querétaro", "Querétaro"),
    ParkName("finsa-queretaro", "Parque Industrial FINSA Querétaro", "El Marqués"),
    ParkName("finsa-guadalupe", "Parque Industrial FINSA Guadalupe", "Guadalupe"),
    ParkName("parque-industrial-escobedo", "Parque Industrial Escobedo", "General Escobedo"),
    ParkName("ciudad-industrial-celaya", "Ciudad Industrial Celaya", "Celaya"),
    ParkName("el-salto", "Corredor Industrial El Salto", "El Salto"),
]


@pytest.mark.parametrize(
    "written",
    [
        "P.I. Querétaro",
        "P. I. Queretaro",
        "PI QUERETARO",
        "Parque Industrial Queretaro",
        "Pq. Ind. Querétaro",
        "Querétaro Industrial Park",
        "parque industrial  querétaro ",
    ],
)
def test_abbreviations_accents_case_and_word_order_match(written: str) -> None:
    m = match_row(1, None, written, "Querétaro", PARKS)
    assert m.park == "parque-industrial-queretaro"
    assert m.how == "name" and m.similarity == 1.0


def test_a_misspelt_name_is_a_fuzzy_match_with_its_similarity() -> None:
    m = match_row(4, None, "Pq. Ind. FINSA Guadelupe", "Guadalupe", PARKS)
    assert (m.park, m.how) == ("finsa-guadalupe", "fuzzy")
    assert 0.85 <= m.similarity < 1.0
    m = match_row(5, None, "Cd. Ind. Celaya", None, PARKS)
    assert (m.park, m.how) == ("ciudad-industrial-celaya", "name")


def test_a_municipality_abbreviated_still_agrees() -> None:
    m = match_row(2, None, "P.I. Escobedo", "Gral. Escobedo", PARKS)
    assert m.park == "parque-industrial-escobedo"


def test_a_different_municipality_lowers_the_similarity() -> None:
    m = match_row(2, None, "Parque Industrial Escobedo", "Celaya", PARKS)
    assert m.park is None and m.similarity == pytest.approx(0.8)
    assert m.closest[0][0] == "parque-industrial-escobedo"
    assert "is in General Escobedo" in m.reason


def test_misses_name_the_closest_parks() -> None:
    m = match_row(7, None, "Parque Industrial Inexistente", "Tula", PARKS)
    assert m.park is None and m.how == "none"
    m = match_row(8, "finsa-queretaroo", None, None, PARKS)
    assert m.park is None and "finsa-queretaroo" in m.reason
    assert m.closest[0][0] == "finsa-queretaro"


def test_an_unknown_id_falls_back_to_the_name_and_says_so() -> None:
    m = match_row(3, "pi-qro", "P.I. Querétaro", None, PARKS)
    assert m.park == "parque-industrial-queretaro" and "pi-qro" in m.reason


@given(st.sampled_from([p.name for p in PARKS]))
def test_normalising_ignores_case_and_accents(name: str) -> None:
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    assert normalise_park_name(name) == normalise_park_name(plain.upper())


# ---- sheets ---------------------------------------------------------------------------------


def _sheet(rows: list[tuple[object, ...]], **raw: object) -> RawSheet:
    return RawSheet(file="parks.xlsx", format="XLSX", sheet="Parques", rows=tuple(rows), **raw)  # type: ignore[arg-type]


HEADER = (
    "Clave del parque",
    "Nombre del parque",
    "Capacidad eléctrica disponible (MW)",
    "Renta (USD/m²/mes)",
    "Renta: fecha",
    "Fecha de los datos",
    "Fuente",
)


def test_a_sheet_converts_units_and_dates_each_fact() -> None:
    rows = [
        HEADER,
        ("finsa-guadalupe", None, 9, "7,20", None, date(2026, 10, 1), "Carta CFE"),
        (None, "P.I. Querétaro", 18, 6.1, "15/03/2025", "01/10/2026", "Hoja del parque"),
    ]
    settings = FactSettings(as_of=AS_OF, conversion=ConversionSettings(power_factor=0.9))
    sheet = build_fact_sheet(_sheet(rows), settings)
    assert sheet.valid, sheet.problems
    assert sheet.lang == "es"
    first, second = sheet.rows
    power = first.facts["power_mva_available"]
    assert power.value == pytest.approx(10.0) and power.unit == "MVA" and power.given == "9 MW"
    assert first.facts["rent_usd_m2_month"].value == pytest.approx(7.2)
    # The rent's own date overrides the row's; it is older than a year: stale.
    rent = second.facts["rent_usd_m2_month"]
    assert rent.date == date(2025, 3, 15) and rent.stale
    assert not second.facts["power_mva_available"].stale
    stale = [p for p in sheet.problems if p.severity == "stale"]
    assert len(stale) == 1 and "row 3" in stale[0].message and "626 days" in stale[0].message
    assert any("power factor 0.9" in c for c in sheet.conversions)


def test_a_fact_without_date_or_source_is_an_error() -> None:
    rows = [("Clave del parque", "Superficie disponible (ha)"), ("finsa-guadalupe", 12)]
    sheet = build_fact_sheet(_sheet(rows), FactSettings(as_of=AS_OF))
    messages = [p.message for p in sheet.errors]
    assert any("carry no date" in m for m in messages)
    assert any("carry no source" in m for m in messages)
    defaults = FactSettings(as_of=AS_OF, date=date(2026, 11, 1), source="Broker list")
    assert build_fact_sheet(_sheet(rows), defaults).valid


def test_merged_group_titles_are_read_and_merged_column_titles_are_refused() -> None:
    rows = [
        ("Identidad", None, "Energía", None),
        ("Clave del parque", "Fuente", "Disponible (MVA)", "Fecha de los datos"),
        ("finsa-guadalupe", "Hoja", 12, "01/10/2026"),
        ("finsa-queretaro", None, 14, "01/10/2026"),
    ]
    # A group title merged over its columns, a source merged down two rows: read.
    merged = (MergedRange(0, 0, 0, 1), MergedRange(0, 2, 0, 3), MergedRange(2, 1, 3, 1))
    sheet = build_fact_sheet(_sheet(rows, merged=merged), FactSettings(as_of=AS_OF))
    assert sheet.valid, sheet.problems
    assert sheet.rows[1].facts["power_mva_available"].source == "Hoja"
    assert any("merged cells B3:B4" in n for n in sheet.notes)
    # Two column titles merged into one: an error naming the cells.
    bad = (MergedRange(1, 2, 1, 3),)
    sheet = build_fact_sheet(_sheet(rows, merged=bad), FactSettings(as_of=AS_OF))
    assert any("C2:D2 are merged" in p.message for p in sheet.errors)


def test_values_out_of_bounds_and_suspicious_ones() -> None:
    rows = [
        (
            "Clave del parque",
            "Ocupación (%)",
            "Tensión de suministro (kV)",
            "Superficie total (ha)",
            "Superficie disponible (ha)",
            "Fecha de los datos",
            "Fuente",
        ),
        ("a", 0.85, 120, 10, 12, "01/10/2026", "x"),
        ("b", 140, 115, 10, 5, "01/10/2026", "x"),
    ]
    sheet = build_fact_sheet(_sheet(rows), FactSettings(as_of=AS_OF))
    warnings = " ".join(p.message for p in sheet.problems if p.severity == "warning")
    assert "looks like a fraction" in warnings
    assert "not a nominal voltage" in warnings
    assert "more than the total" in warnings
    assert any("140" in p.message and "above 100" in p.message for p in sheet.errors)


def test_the_file_sheet_declares_illustrative_and_a_major_version_is_refused() -> None:
    rows = [("Clave del parque", "Fuente"), ("a", "x")]
    meta = {"illustrative": "Sí", "schema_version": "1.3"}
    assert build_fact_sheet(_sheet(rows, metadata=meta), FactSettings(as_of=AS_OF)).illustrative
    old = build_fact_sheet(_sheet(rows, metadata={"version": "2.0"}), FactSettings(as_of=AS_OF))
    assert any("schema version 2.0" in p.message for p in old.errors)


@pytest.mark.parametrize(
    ("keys", "yes", "day"),
    [
        (("ilustrativo", "versión del esquema", "fecha", "fuente"), "Sí", "30/09/2026"),
        (("illustrative", "schema_version", "date", "source"), "Yes", "2026-09-30"),
        (("Ilustrativo", "Version del esquema", "Fecha", "Fuente"), "si", "30/09/2026"),
    ],
)
def test_the_file_sheet_keys_are_read_in_spanish_and_english(
    keys: tuple[str, str, str, str], yes: str, day: str
) -> None:
    rows = [("Clave del parque", "Superficie disponible (ha)"), ("a", 3)]
    meta = dict(zip(keys, (yes, "2.1", day, "Hoja"), strict=True))
    sheet = build_fact_sheet(_sheet(rows, metadata=meta), FactSettings(as_of=AS_OF))
    assert sheet.illustrative
    assert any("schema version 2.1" in p.message for p in sheet.errors)
    meta = dict(zip(keys, (yes, "1.0", day, "Hoja"), strict=True))
    sheet = build_fact_sheet(_sheet(rows, metadata=meta), FactSettings(as_of=AS_OF))
    assert sheet.valid, sheet.problems
    land = sheet.rows[0].facts["land_available_ha"]
    assert (land.date, land.source) == (date(2026, 9, 30), "Hoja")


def test_two_rows_of_one_park_are_an_error() -> None:
    rows = [
        ("Nombre del parque", "Superficie disponible (ha)", "Fecha de los datos", "Fuente"),
        ("P.I. Querétaro", 5, "01/10/2026", "x"),
        ("Parque Industrial Querétaro", 6, "01/10/2026", "y"),
    ]
    sheet = build_fact_sheet(_sheet(rows), FactSettings(as_of=AS_OF))
    joined = build_fact_set(sheet, PARKS)
    assert any("both match park" in p.message for p in joined.problems)
    assert len(joined.by_park) == 1


def test_the_json_schema_file_is_the_registry_s() -> None:
    on_disk = json.loads((REPO / "docs" / "schemas" / "park-facts.schema.json").read_text())
    assert on_disk == build_json_schema()


def test_the_documentation_names_every_fact_and_requirement() -> None:
    from siteselect.config.requirements import REQUIREMENTS

    text = (REPO / "docs" / "facts.md").read_text(encoding="utf-8")
    for spec in FACTS:
        assert f"`{spec.key}`" in text, spec.key
    for requirement in REQUIREMENTS:
        assert f"`{requirement.key}`" in text, requirement.key
