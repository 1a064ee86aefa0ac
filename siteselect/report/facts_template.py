"""The park-facts template: the workbook a developer's team fills in (built here, written by
the writer).

:func:`build_facts_template` returns an ``.xlsx`` workbook (openpyxl) in Spanish (es-MX) or
English: a ``Parques``/``Parks`` sheet with a row of group titles over the column titles
(each with its unit), one row per known park (its siteselect id, name, municipality, state
and developer already filled), drop-down lists for the kinds (yes/no, rent kind, redundancy,
water source, nominal voltages) and number and date checks; an ``Instrucciones`` sheet (how
to fill it, every column with its unit, kind and accepted units; examples of numbers and
dates formatted with Babel for the language); a ``Listas`` sheet with the allowed values; and
an ``Archivo``/``File`` sheet with the schema version, the language, ``ilustrativo`` /
``illustrative`` and a default date and source (keys in the template's language).
Timestamps follow ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from siteselect.facts.schema import (
    FACTS,
    GROUP_BY_KEY,
    GROUPS,
    META_LABELS,
    NOMINAL_KV,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    FactSpec,
    Lang,
    group_meta_label,
)
from siteselect.facts.units import ACCEPTED_BY_LANG
from siteselect.report.facts_view import format_day, format_number

SHEETS = {
    "es": {"parks": "Parques", "help": "Instrucciones", "lists": "Listas", "file": "Archivo"},
    "en": {"parks": "Parks", "help": "Instructions", "lists": "Lists", "file": "File"},
}
OVERRIDE_GROUPS = ("rent", "power")
"""Groups whose facts change fastest get their own date and source columns in the template
(any group may have them: ``Agua: fecha``)."""
FIRST_DATA_ROW = 3
SPARE_ROWS = 200
YES_NO = {"es": ("Sí", "No"), "en": ("Yes", "No")}
KIND_WORDS = {
    "es": {
        "text": "texto",
        "number": "número",
        "integer": "número entero",
        "bool": "Sí / No",
        "date": "fecha",
        "choice": "una opción de la lista",
        "list": "lista separada por ;",
    },
    "en": {
        "text": "text",
        "number": "number",
        "integer": "whole number",
        "bool": "Yes / No",
        "date": "date",
        "choice": "one of the list",
        "list": "list separated by ;",
    },
}
HELP = {
    "es": (
        "Plantilla de datos de parques industriales para siteselect",
        "Esquema {schema} versión {version}. Llene una fila por parque en la hoja «{parks}».",
        "Las filas ya traen la clave, el nombre y el municipio de los parques que siteselect "
        "conoce: no cambie la clave. Para un parque nuevo deje la clave vacía y escriba su "
        "nombre y municipio (se buscará por nombre).",
        "Cada columna dice su unidad entre paréntesis. Puede cambiar la unidad del título "
        "(por ejemplo «Superficie disponible (m²)» o «Capacidad eléctrica disponible (MW)»): "
        "siteselect convierte. MW necesita el factor de potencia y MXN el tipo de cambio con "
        "su fecha: se dan al usar el archivo, nunca se suponen.",
        "Números como número (ejemplo: {number}); fechas como fecha (ejemplo: {day}). Un dato "
        "que no tiene, déjelo vacío: un dato vacío es «sin dato», nunca cero.",
        "Cada dato lleva fecha y fuente: «Fecha de los datos» y «Fuente» valen para toda la "
        "fila; las columnas «Renta: fecha», «Energía eléctrica: fuente»… valen solo para su "
        "grupo y mandan sobre las de la fila.",
        "Si los valores son ilustrativos (de ejemplo, no reales), ponga «Sí» en "
        "«{illustrative}» de la hoja «{file}»: todo resultado lo dirá.",
        "Revise el archivo con: siteselect facts validate ARCHIVO",
    ),
    "en": (
        "Industrial park facts template for siteselect",
        "Schema {schema} version {version}. Fill one row per park in the '{parks}' sheet.",
        "The rows already hold the id, name and municipality of the parks siteselect knows: "
        "do not change the id. For a new park leave the id empty and write its name and "
        "municipality (it is matched by name).",
        "Each column gives its unit in brackets. You may change a title's unit (for example "
        "'Available land (m²)' or 'Available power (MW)'): siteselect converts. MW needs the "
        "power factor and MXN the exchange rate with its date: they are given when the file is "
        "used, never assumed.",
        "Numbers as numbers (example: {number}); dates as dates (example: {day}). Leave a "
        "fact you do not have empty: an empty cell is 'unknown', never zero.",
        "Every fact carries a date and a source: 'Facts date' and 'Source' apply to the whole "
        "row; the columns 'Rent: date', 'Power: source'... apply to their group only and "
        "override the row's.",
        "If the values are illustrative (examples, not real), write 'Yes' for "
        "'{illustrative}' in the '{file}' sheet: every result will say so.",
        "Check the file with: siteselect facts validate FILE",
    ),
}
FILE_KEYS = {
    "es": {
        "schema": "esquema",
        "schema_version": "versión del esquema",
        "lang": "idioma",
        "illustrative": "ilustrativo",
        "date": "fecha",
        "source": "fuente",
        "title": "título",
    },
    "en": {
        "schema": "schema",
        "schema_version": "schema_version",
        "lang": "lang",
        "illustrative": "illustrative",
        "date": "date",
        "source": "source",
        "title": "title",
    },
}
"""The ``Archivo``/``File`` sheet's keys (column A) in each language; the reader
(:data:`siteselect.facts.table.METADATA_KEYS`) takes either language's."""
HEADERS = {
    "es": ("Columna", "Unidad", "Tipo", "Unidades aceptadas", "Qué es"),
    "en": ("Column", "Unit", "Kind", "Accepted units", "What it is"),
}


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the template: its title, group and what fills it."""

    title: str
    group: str
    spec: FactSpec | None
    role: str = "fact"


def unit_text(spec: FactSpec, lang: str) -> str:
    """A fact's canonical unit as the template's title writes it."""
    if spec.unit == "USD/m²/month":
        return "USD/m²/mes" if lang == "es" else "USD/m²/month"
    if spec.unit == "m³/day":
        return "m³/día" if lang == "es" else "m³/day"
    return spec.unit


def fact_title(spec: FactSpec, lang: str) -> str:
    """A fact's column title with its unit: ``Superficie disponible (ha)``."""
    label = spec.label[lang]
    unit = unit_text(spec, lang)
    return f"{label} ({unit})" if unit else label


def build_template_columns(lang: Lang) -> list[TemplateColumn]:
    """The template's columns in order: identity, the row's date and source, each group's
    facts (rent and power with their own date and source)."""
    out: list[TemplateColumn] = []
    meta_group = "Fecha y fuente" if lang == "es" else "Date and source"
    for group in GROUPS:
        specs = [f for f in FACTS if f.group == group.key]
        for spec in specs:
            out.append(TemplateColumn(fact_title(spec, lang), group.label[lang], spec))
        if group.key == "identity":
            out.append(TemplateColumn(META_LABELS["date"][lang], meta_group, None, "date"))
            out.append(TemplateColumn(META_LABELS["source"][lang], meta_group, None, "source"))
        if group.key in OVERRIDE_GROUPS:
            for what in ("date", "source"):
                title = group_meta_label(group.key, what, lang)
                out.append(TemplateColumn(title, group.label[lang], None, f"group_{what}"))
    return out


def build_facts_template(
    parks: Sequence[tuple[str, str, str | None, str | None, str | None]],
    lang: Lang = "es",
    *,
    when: Any = None,
) -> bytes:
    """The template workbook.

    Parameters
    ----------
    parks
        ``(id, name, municipality, state, developer)`` of the parks to list.
    lang
        ``es`` (Mexican Spanish) or ``en``.
    when
        The workbook's timestamp (``SOURCE_DATE_EPOCH``); ``None`` for openpyxl's.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = SHEETS[lang]
    columns = build_template_columns(lang)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = names["parks"]
    bold = Font(bold=True)
    band = PatternFill("solid", fgColor="DDE6F0")
    group_fill = PatternFill("solid", fgColor="B8CCE4")
    wrap = Alignment(wrap_text=True, vertical="top")
    # Row 1: group titles merged over their columns (as developers' sheets have them).
    start = 0
    for i in range(1, len(columns) + 1):
        last = i == len(columns) or columns[i].group != columns[start].group
        if last:
            cell = ws.cell(row=1, column=start + 1, value=columns[start].group)
            cell.font = bold
            cell.fill = group_fill
            if i - start > 1:
                ws.merge_cells(start_row=1, start_column=start + 1, end_row=1, end_column=i)
            start = i
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=c, value=column.title)
        cell.font = bold
        cell.fill = band
        cell.alignment = wrap
        ws.column_dimensions[get_column_letter(c)].width = max(12, min(34, len(column.title) + 2))
    key_at = {col.spec.key: i for i, col in enumerate(columns, start=1) if col.spec is not None}
    for r, (pid, name, municipality, state, developer) in enumerate(parks, start=FIRST_DATA_ROW):
        for key, value in (
            ("id", pid),
            ("name", name),
            ("municipality", municipality),
            ("state", state),
            ("developer", developer),
        ):
            if value:
                ws.cell(row=r, column=key_at[key], value=str(value)).data_type = "s"
    last_row = FIRST_DATA_ROW + len(parks) + SPARE_ROWS
    _add_validations(ws, columns, lang, last_row, DataValidation, get_column_letter)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    _help_sheet(book.create_sheet(names["help"]), columns, lang, names, bold, wrap)
    _lists_sheet(book.create_sheet(names["lists"]), lang, bold)
    meta = book.create_sheet(names["file"])
    keys = FILE_KEYS[lang]
    for key, value in (
        ("schema", SCHEMA_NAME),
        ("schema_version", SCHEMA_VERSION),
        ("lang", lang),
        ("illustrative", YES_NO[lang][1]),
        ("date", None),
        ("source", None),
        ("title", None),
    ):
        meta.append((keys[key], value))
    meta.column_dimensions["A"].width = 22
    meta.column_dimensions["B"].width = 40
    if when is not None:
        book.properties.created = when.replace(tzinfo=None)
        book.properties.modified = when.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    from siteselect.report.tabular import _fix_zip_times

    return _fix_zip_times(buffer.getvalue(), when)


def _add_validations(
    ws: Any, columns: Sequence[TemplateColumn], lang: str, last_row: int, dv: Any, letter: Any
) -> None:
    """Drop-down lists for kinds and yes/no, checks for numbers, years, percentages, dates."""
    yes, no = YES_NO[lang]
    date_format = "DD/MM/YYYY" if lang == "es" else "YYYY-MM-DD"
    for c, column in enumerate(columns, start=1):
        span = f"{letter(c)}{FIRST_DATA_ROW}:{letter(c)}{last_row}"
        spec = column.spec
        rule = None
        if column.role in ("date", "group_date") or (spec is not None and spec.kind == "date"):
            rule = dv(type="date", operator="greaterThan", formula1="DATE(1990,1,1)")
            rule.error = "Escriba una fecha" if lang == "es" else "Write a date"
            for row in range(FIRST_DATA_ROW, last_row + 1):
                ws.cell(row=row, column=c).number_format = date_format
        elif spec is None:
            continue
        elif spec.kind == "bool":
            rule = dv(type="list", formula1=f'"{yes},{no}"', allow_blank=True)
        elif spec.kind == "choice":
            labels = ",".join(choice.label[lang] for choice in spec.choices)
            rule = dv(type="list", formula1=f'"{labels}"', allow_blank=True)
        elif spec.key == "supply_voltage_kv":
            kv = ",".join(f"{v:g}" for v in NOMINAL_KV)
            rule = dv(type="list", formula1=f'"{kv}"', allow_blank=True)
            rule.errorStyle = "warning"  # another voltage is allowed, with a warning
        elif spec.kind == "integer":
            rule = dv(type="whole", operator="between", formula1="1900", formula2="2100")
        elif spec.kind == "number":
            if spec.maximum is not None:
                rule = dv(
                    type="decimal",
                    operator="between",
                    formula1=f"{spec.minimum or 0:g}",
                    formula2=f"{spec.maximum:g}",
                )
            else:
                rule = dv(type="decimal", operator="greaterThanOrEqual", formula1="0")
            for row in range(FIRST_DATA_ROW, last_row + 1):
                ws.cell(row=row, column=c).number_format = "#,##0.00"
        if rule is None:
            continue
        rule.allow_blank = True
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(span)


def _help_sheet(
    ws: Any, columns: Sequence[TemplateColumn], lang: str, names: Any, bold: Any, wrap: Any
) -> None:
    example_day = date(2026, 11, 30)
    texts = HELP[lang]
    values = {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "parks": names["parks"],
        "file": names["file"],
        "illustrative": FILE_KEYS[lang]["illustrative"],
        "number": format_number(1234.5, lang, 1),
        "day": format_day(example_day, lang),
    }
    ws.append([texts[0].format(**values)])
    ws["A1"].font = bold
    for line in texts[1:]:
        ws.append(["• " + line.format(**values)])
    ws.append([])
    ws.append(list(HEADERS[lang]))
    for cell in ws[ws.max_row]:
        cell.font = bold
    kinds = KIND_WORDS[lang]
    for column in columns:
        spec = column.spec
        if spec is None:
            kind = kinds["date"] if column.role.endswith("date") else kinds["text"]
            what = {
                "date": "Fecha de todos los datos de la fila"
                if lang == "es"
                else "Date of every fact of the row",
                "source": "Fuente de todos los datos de la fila"
                if lang == "es"
                else "Source of every fact of the row",
            }.get(column.role, "Solo para su grupo" if lang == "es" else "For its group only")
            ws.append([column.title, "", kind, "", what])
            continue
        accepted = ACCEPTED_BY_LANG[lang].get(spec.dimension or "", "")
        ws.append(
            [column.title, unit_text(spec, lang), kinds[spec.kind], accepted, spec.help[lang]]
        )
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 22
    ws.column_dimensions["D"].width = 40
    ws.column_dimensions["E"].width = 70
    for row in ws.iter_rows(min_row=2, max_row=len(texts)):
        row[0].alignment = wrap


def _lists_sheet(ws: Any, lang: str, bold: Any) -> None:
    ws.append(["Lista" if lang == "es" else "List", "Valor" if lang == "es" else "Value"])
    for cell in ws[1]:
        cell.font = bold
    for value in YES_NO[lang]:
        ws.append(["Sí/No" if lang == "es" else "Yes/No", value])
    for spec in FACTS:
        for choice in (*spec.choices, *spec.known):
            ws.append([spec.label[lang], choice.label[lang]])
    for kv in NOMINAL_KV:
        ws.append([GROUP_BY_KEY["power"].label[lang] + " (kV)", kv])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 30


REQUIREMENTS_TEMPLATE = {
    "es": """# Requisitos de un inquilino para siteselect (esquema de hechos {version}).
# Úselo con:
#   siteselect rank --profile automotive-tier1 --facts parques.xlsx --requirements requisitos.toml
# Cada requisito escrito se revisa en cada parque: cumple, no cumple o sin dato. Un parque que
# no cumple uno se excluye y se dice cuál; uno sin el dato se conserva y se muestra "sin dato"
# (unknown = "exclude" lo excluye). Un requisito que ningún parque cumple termina con código 4
# y dice cuántos parques excluyó cada requisito. Los valores de abajo son los de un proveedor
# automotriz tier 1 de ejemplo: escriba los suyos y borre (o comente con #) lo que no pida.

[requirements]
tenant = "Proveedor automotriz tier 1 (ejemplo)"
land_ha = 12                  # terreno disponible en el parque, ha (al menos)
building_m2 = 20000           # nave disponible, m² (al menos; o construcción a la medida)
clear_height_m = 10           # altura libre de la nave, m (al menos)
power_mva = 8                 # capacidad eléctrica disponible, MVA (al menos)
voltage_kv = 115              # tensión de suministro, kV (al menos)
water_m3_day = 250            # agua disponible, m³/día (al menos)
gas = true                    # gas natural en el parque
rail = true                   # espuela de ferrocarril en el parque
# fibre = true                # fibra óptica
# customs = true              # aduana interior o recinto fiscalizado
# certifications = ["AMPIP", "NMX-R-046-SCFI"]   # todas las de la lista
delivery_by = 2027-09-30      # nave entregada a más tardar (fecha AAAA-MM-DD)
max_rent_usd_m2_month = 7.5   # renta máxima, USD/m²/mes
border_hours = 4              # a lo más 4 h de manejo al cruce fronterizo del perfil
# port_hours = 10             # a lo más 10 h de manejo al puerto del perfil
workers = 1500                # plantilla a plena producción: dimensiona la cuenca laboral
# labour_pool_per_worker = 20 # revisarla: personas a 60 min >= plantilla x este número
fit_weight = 0.15             # parte del puntaje para la holgura (energía, terreno, renta)
# unknown = "exclude"         # excluir los parques sin el dato (por omisión se conservan)
""",
    "en": """# A tenant's requirements for siteselect (facts schema {version}).
# Use it with:
#   siteselect rank --profile automotive-tier1 --facts parks.xlsx --requirements tenant.toml
# Each requirement given is checked for each park: met, not met or unknown. A park that does
# not meet one is removed and said which; a park whose fact is unknown is kept and shown as
# unknown (unknown = "exclude" removes it). A requirement no park meets ends with exit code 4,
# naming how many parks each requirement removed. The values below are an example automotive
# tier-1 supplier's: write your own and delete (or comment out with #) what you do not need.

[requirements]
tenant = "Automotive tier-1 supplier (example)"
land_ha = 12                  # available land in the park, ha (at least)
building_m2 = 20000           # available building, m² (at least; or build-to-suit)
clear_height_m = 10           # clear height of the building, m (at least)
power_mva = 8                 # available power, MVA (at least)
voltage_kv = 115              # supply voltage, kV (at least)
water_m3_day = 250            # available water, m³/day (at least)
gas = true                    # natural gas in the park
rail = true                   # rail spur in the park
# fibre = true                # fibre optics
# customs = true              # inland customs or bonded area
# certifications = ["AMPIP", "NMX-R-046-SCFI"]   # every one of the list
delivery_by = 2027-09-30      # building delivered by (YYYY-MM-DD)
max_rent_usd_m2_month = 7.5   # highest rent, USD/m²/month
border_hours = 4              # at most 4 h drive to the profile's border crossing
# port_hours = 10             # at most 10 h drive to the profile's seaport
workers = 1500                # headcount at full production: sizes the labour pool
# labour_pool_per_worker = 20 # to check it: people within 60 min >= headcount x this
fit_weight = 0.15             # share of the score for headroom (power, land, rent)
# unknown = "exclude"         # remove parks whose fact is unknown (default: kept)
""",
}


def build_requirements_template(lang: str = "en") -> str:
    """An annotated ``[requirements]`` example in Spanish or English (valid TOML)."""
    return REQUIREMENTS_TEMPLATE[lang].replace("{version}", SCHEMA_VERSION)
