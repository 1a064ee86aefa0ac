"""Write examples/park_facts_example.xlsx: a developer's facts sheet for a dozen embedded parks.

Every value is FICTITIOUS, made up for the example (the file's ``Archivo`` sheet says
``ilustrativo = Sí``, every source says "ejemplo ficticio", and every siteselect output
names the file as illustrative). The sheet is the Spanish template
(``siteselect facts template --lang es``) filled the way a developer's team fills it:
numbers typed as numbers and a few as es-MX text, dates as dates, one park named
``P.I. Querétaro`` without its id (matched by name), one with a misspelt name (matched
fuzzily), and the rent and power columns dated on their own.

Run from the repository root (the output is byte-identical from run to run)::

    python examples/make_park_facts.py
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from siteselect.report.facts_template import (  # noqa: E402
    FILE_KEYS,
    FIRST_DATA_ROW,
    build_facts_template,
    build_template_columns,
)
from siteselect.report.tabular import _fix_zip_times  # noqa: E402

OUT = ROOT / "examples" / "park_facts_example.xlsx"
WHEN = datetime(2026, 12, 1, tzinfo=UTC)
SOURCE = "Ejemplo ficticio: no es dato real"

# (id, name, municipality, state, developer) as the sheet lists them; two rows give no id.
PARKS = [
    ("", "P.I. Querétaro", "Querétaro", "Querétaro", None),
    ("finsa-queretaro", "Parque Industrial FINSA Querétaro", "El Marqués", "Querétaro", "FINSA"),
    (
        "parque-aeroespacial-queretaro",
        "Parque Aeroespacial de Querétaro",
        "Colón",
        "Querétaro",
        None,
    ),
    (
        "guanajuato-puerto-interior",
        "Guanajuato Puerto Interior",
        "Silao de la Victoria",
        "Guanajuato",
        None,
    ),
    (
        "finsa-aguascalientes",
        "Parque Industrial FINSA Aguascalientes",
        "Aguascalientes",
        "Aguascalientes",
        "FINSA",
    ),
    (
        "logistik-industrial-park",
        "Logistik Industrial Park",
        "Villa de Reyes",
        "San Luis Potosí",
        None,
    ),
    ("corredor-industrial-el-salto", "Corredor Industrial El Salto", "El Salto", "Jalisco", None),
    ("", "Pq. Ind. FINSA Guadelupe", "Guadalupe", "Nuevo León", "FINSA"),
    ("parque-industrial-apodaca", "Parque Industrial Apodaca", "Apodaca", "Nuevo León", None),
    ("interpuerto-monterrey", "Interpuerto Monterrey", "Salinas Victoria", "Nuevo León", None),
    (
        "finsa-ramos-arizpe",
        "Parque Industrial FINSA Ramos Arizpe",
        "Ramos Arizpe",
        "Coahuila",
        "FINSA",
    ),
    (
        "finsa-nuevo-laredo",
        "Parque Industrial FINSA Nuevo Laredo",
        "Nuevo Laredo",
        "Tamaulipas",
        "FINSA",
    ),
]

# Fictitious facts, one dict a park (same order). Keys are fact keys; None leaves the cell
# empty (unknown, never zero). Text numbers are written as a Mexican sheet might type them.
FACTS: list[dict[str, object]] = [
    dict(
        land_total_ha=240,
        land_available_ha=6,
        building_available_m2=0,
        build_to_suit="Sí",
        clear_height_m=10,
        building_delivery_date=date(2027, 8, 15),
        rent_usd_m2_month=6.4,
        rent_kind="precio de salida",
        power_mva_available=10,
        supply_voltage_kv=115,
        own_substation="Sí",
        power_redundancy="doble alimentación",
        water_m3_day=300,
        water_origin="red municipal",
        natural_gas="Sí",
        rail_spur="Sí",
        fibre="Sí",
        certifications="AMPIP; NMX-R-046-SCFI",
        year_established=1984,
        occupancy_pct=96,
    ),
    dict(
        land_total_ha=160,
        land_available_ha=22.5,
        building_available_m2=24000,
        build_to_suit="Sí",
        clear_height_m=12,
        building_delivery_date=date(2027, 3, 1),
        rent_usd_m2_month="6,85",
        rent_kind="precio de salida",
        power_mva_available=14,
        supply_voltage_kv=115,
        own_substation="Sí",
        power_redundancy="anillo",
        water_m3_day=450,
        water_origin="pozo propio",
        natural_gas="Sí",
        rail_spur="Sí",
        fibre="Sí",
        fibre_carriers="Telmex; Totalplay",
        certifications="AMPIP; LEED",
        customs="No",
        training_centre="Sí",
        security_24h="Sí",
        year_established=2012,
        occupancy_pct=82,
    ),
    dict(
        land_total_ha=500,
        land_available_ha=60,
        building_available_m2=8000,
        build_to_suit="Sí",
        clear_height_m=14,
        building_delivery_date=date(2027, 11, 30),
        rent_usd_m2_month=7.1,
        rent_kind="cotización del parque",
        power_mva_available=20,
        supply_voltage_kv=230,
        own_substation="Sí",
        natural_gas="Sí",
        rail_spur="No",
        fibre="Sí",
        certifications="AMPIP",
        customs="Sí",
        year_established=2007,
        occupancy_pct=70,
    ),
    dict(
        land_total_ha=1200,
        land_available_ha=95,
        building_available_m2=30000,
        build_to_suit="Sí",
        clear_height_m=12,
        building_delivery_date=date(2027, 6, 30),
        rent_usd_m2_month=5.9,
        rent_kind="precio de salida",
        power_mva_available=25,
        supply_voltage_kv=115,
        own_substation="Sí",
        power_redundancy="anillo",
        water_m3_day=600,
        natural_gas="Sí",
        rail_spur="Sí",
        fibre="Sí",
        certifications="AMPIP; Parque Industrial Limpio",
        customs="Sí",
        training_centre="Sí",
        security_24h="Sí",
        year_established=2006,
        occupancy_pct=78,
    ),
    dict(
        land_total_ha=90,
        land_available_ha=4,
        building_available_m2=6500,
        build_to_suit="No",
        clear_height_m=9.5,
        rent_usd_m2_month=5.6,
        rent_kind="nivel de mercado",
        power_mva_available=5,
        supply_voltage_kv=34.5,
        natural_gas="Sí",
        rail_spur="No",
        fibre="Sí",
        year_established=2015,
        occupancy_pct=93,
    ),
    dict(
        land_total_ha=300,
        land_available_ha=45,
        building_available_m2=21000,
        build_to_suit="Sí",
        clear_height_m=12,
        building_delivery_date=date(2027, 9, 1),
        rent_usd_m2_month=5.4,
        rent_kind="precio de salida",
        power_mva_available=12,
        supply_voltage_kv=115,
        natural_gas="Sí",
        rail_spur="Sí",
        water_m3_day=280,
        certifications="AMPIP",
        year_established=2014,
        occupancy_pct=71,
    ),
    dict(
        land_total_ha=400,
        land_available_ha=18,
        building_available_m2=12000,
        build_to_suit="Sí",
        rent_usd_m2_month=6.9,
        rent_kind="nivel de mercado",
        power_mva_available=9,
        supply_voltage_kv=69,
        natural_gas="No",
        rail_spur="Sí",
        year_established=1990,
    ),
    dict(
        land_total_ha=110,
        land_available_ha=15,
        building_available_m2=20000,
        build_to_suit="Sí",
        clear_height_m=12,
        building_delivery_date=date(2027, 5, 15),
        rent_usd_m2_month=7.4,
        rent_kind="cotización del parque",
        power_mva_available=16,
        supply_voltage_kv=115,
        own_substation="Sí",
        power_redundancy="doble alimentación",
        water_m3_day=350,
        water_origin="red municipal",
        natural_gas="Sí",
        rail_spur="Sí",
        fibre="Sí",
        certifications="AMPIP; NMX-R-046-SCFI",
        customs="No",
        security_24h="Sí",
        year_established=2010,
        occupancy_pct=88,
    ),
    dict(
        land_total_ha=200,
        land_available_ha=3,
        building_available_m2=4000,
        build_to_suit="No",
        rent_usd_m2_month=7.8,
        rent_kind="precio de salida",
        power_mva_available=6,
        supply_voltage_kv=34.5,
        natural_gas="Sí",
        rail_spur="No",
        year_established=1996,
        occupancy_pct=98,
    ),
    dict(
        land_total_ha=700,
        land_available_ha=120,
        building_available_m2=45000,
        build_to_suit="Sí",
        clear_height_m=13.7,
        building_delivery_date=date(2027, 4, 1),
        rent_usd_m2_month=6.6,
        rent_kind="precio de salida",
        power_mva_available=30,
        supply_voltage_kv=115,
        own_substation="Sí",
        power_redundancy="anillo",
        water_m3_day=800,
        natural_gas="Sí",
        rail_spur="Sí",
        fibre="Sí",
        certifications="AMPIP; LEED",
        customs="Sí",
        year_established=2017,
        occupancy_pct=64,
    ),
    dict(
        land_total_ha=130,
        land_available_ha=14,
        building_available_m2=22000,
        build_to_suit="Sí",
        clear_height_m=11,
        building_delivery_date=date(2027, 7, 1),
        rent_usd_m2_month=6.2,
        rent_kind="precio de salida",
        power_mva_available=11,
        supply_voltage_kv=115,
        own_substation="No",
        water_m3_day=260,
        natural_gas="Sí",
        rail_spur=None,
        fibre="Sí",
        certifications="AMPIP",
        year_established=2004,
        occupancy_pct=85,
    ),
    dict(
        land_total_ha=80,
        land_available_ha=10,
        building_available_m2=18000,
        build_to_suit="Sí",
        clear_height_m=10,
        building_delivery_date=date(2027, 10, 15),
        rent_usd_m2_month=6.3,
        rent_kind="precio de salida",
        power_mva_available=7.5,
        supply_voltage_kv=115,
        natural_gas="Sí",
        rail_spur="Sí",
        fibre="Sí",
        customs="Sí",
        year_established=2009,
        occupancy_pct=80,
    ),
]
ROW_DATES = [date(2026, 10, 1)] * 12
# Rent and power dated on their own where the developer's figures are older or newer.
RENT_DATES = {1: date(2026, 11, 15), 6: date(2025, 6, 1), 9: date(2026, 11, 20)}
POWER_DATES = {3: date(2026, 9, 15), 11: date(2026, 8, 1)}


def main() -> None:
    """Build the template for the dozen parks, fill it, write it (fixed timestamps)."""
    from openpyxl import load_workbook

    data = build_facts_template(PARKS, "es", when=WHEN)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Parques"]
    columns = build_template_columns("es")
    at: dict[str, int] = {}
    for c, column in enumerate(columns, start=1):
        key = column.spec.key if column.spec is not None else column.role
        if column.role.startswith("group_"):
            key = f"{column.role}:{column.title.split(':')[0]}"
        at[key] = c
    for i, facts in enumerate(FACTS):
        row = FIRST_DATA_ROW + i
        for key, value in facts.items():
            if value is not None:
                sheet.cell(row=row, column=at[key], value=value)
        sheet.cell(row=row, column=at["date"], value=ROW_DATES[i])
        sheet.cell(row=row, column=at["source"], value=SOURCE)
        if i in RENT_DATES:
            sheet.cell(row=row, column=at["group_date:Renta"], value=RENT_DATES[i])
            sheet.cell(row=row, column=at["group_source:Renta"], value=SOURCE + " (cotización)")
        if i in POWER_DATES:
            sheet.cell(row=row, column=at["group_date:Energía eléctrica"], value=POWER_DATES[i])
            sheet.cell(
                row=row,
                column=at["group_source:Energía eléctrica"],
                value=SOURCE + " (carta de factibilidad)",
            )
    meta = book["Archivo"]
    for row in meta.iter_rows():
        if row[0].value == FILE_KEYS["es"]["illustrative"]:
            row[1].value = "Sí"
        elif row[0].value == FILE_KEYS["es"]["title"]:
            row[1].value = "Hoja de datos de parques: EJEMPLO FICTICIO (valores inventados)"
    book.properties.created = WHEN.replace(tzinfo=None)
    book.properties.modified = WHEN.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    OUT.write_bytes(_fix_zip_times(buffer.getvalue(), WHEN))
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
