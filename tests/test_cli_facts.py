"""`siteselect facts` and `requirements`: the template, validation, export, and the Spanish round
trip a developer's sheet makes (template -> filled -> validate -> rank with requirements ->
report)."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from siteselect.config import read_requirements
from tests.test_cli import run_main

DATA = Path(__file__).resolve().parents[1] / "data"

REPO = Path(__file__).resolve().parents[1]


def _load(path: Path) -> object:
    from openpyxl import load_workbook

    return load_workbook(path)


def test_the_spanish_template_lists_the_parks_with_units_and_lists(tmp_path: Path) -> None:
    target = tmp_path / "plantilla.xlsx"
    code, _out, err = run_main(["facts", "template", "-o", str(target), "--lang", "es"])
    assert code == 0, err
    book = _load(target)
    assert book.sheetnames == ["Parques", "Instrucciones", "Listas", "Archivo"]  # type: ignore[attr-defined]
    ws = book["Parques"]  # type: ignore[index]
    titles = [c.value for c in ws[2]]
    for title in (
        "Clave del parque",
        "Superficie disponible (ha)",
        "Naves disponibles (m²)",
        "Renta (USD/m²/mes)",
        "Capacidad eléctrica disponible (MVA)",
        "Tensión de suministro (kV)",
        "Agua disponible (m³/día)",
        "Renta: fecha",
        "Fecha de los datos",
        "Fuente",
    ):
        assert title in titles
    ids = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    # every embedded park, in every corridor (the whole country's 178)
    n_parks = len(pd.read_csv(DATA / "parks.csv", dtype=str))
    assert "parque-industrial-queretaro" in ids and len([i for i in ids if i]) == n_parks
    lists = {str(dv.formula1) for dv in ws.data_validations.dataValidation}
    assert '"Sí,No"' in lists
    assert '"precio de salida,cotización del parque,nivel de mercado"' in lists
    assert any("115" in f and "230" in f for f in lists)
    assert ws.merged_cells.ranges  # group titles over their columns, as developers' sheets
    help_text = " ".join(str(c.value) for row in book["Instrucciones"].iter_rows() for c in row)  # type: ignore[index]
    assert "1,234.5" in help_text and "30 de noviembre de 2026" in help_text  # es-MX, Babel
    meta = {r[0].value: r[1].value for r in book["Archivo"].iter_rows()}  # type: ignore[index]
    assert meta["versión del esquema"] == "1.0" and meta["ilustrativo"] == "No"
    code, _out, err = run_main(["facts", "validate", str(target)])
    assert code == 0, err  # an empty template is a valid sheet without facts
    # Ranked with, it gives no park's value: nothing replaces a column, nothing is said of it.
    code, out, err = run_main(["rank", "--facts", str(target), "--top", "3"])
    assert code == 0, err
    assert "takes the sheet's value" not in out + err


def test_the_english_template_and_its_refusals(tmp_path: Path) -> None:
    target = tmp_path / "parks.xlsx"
    code, _, err = run_main(["facts", "template", "-o", str(target), "--lang", "en"])
    assert code == 0, err
    titles = [c.value for c in _load(target)["Parks"][2]]  # type: ignore[index]
    assert "Available land (ha)" in titles and "Rent (USD/m²/month)" in titles
    code, _, err = run_main(["facts", "template", "-o", str(target), "--lang", "en"])
    assert code == 2 and "use --force" in err
    code, _, err = run_main(["facts", "template", "-o", str(tmp_path / "x.csv")])
    assert code == 2 and ".xlsx" in err


ENGLISH_WORDS = {"or", "and", "e.g.", "month", "year", "need", "needs", "power"}


def test_the_spanish_template_speaks_spanish_in_its_units_and_file_sheet(tmp_path: Path) -> None:
    """es-MX template: accepted units and the Archivo keys in Spanish, none of the English."""
    es, en = tmp_path / "parques.xlsx", tmp_path / "parks.xlsx"
    assert run_main(["facts", "template", "-o", str(es), "--lang", "es"])[0] == 0
    assert run_main(["facts", "template", "-o", str(en), "--lang", "en"])[0] == 0
    book = _load(es)
    rows = [[c.value for c in row] for row in book["Instrucciones"].iter_rows()]  # type: ignore[index]
    at = next(i for i, r in enumerate(rows) if r[:1] == ["Columna"])
    assert rows[at][3] == "Unidades aceptadas"
    accepted = {str(r[0]): str(r[3] or "") for r in rows[at + 1 :]}
    assert accepted["Renta (USD/m²/mes)"] == (
        "USD o MXN / m² o ft² / mes o año (p. ej. USD/m²/mes, MXN/m²/mes, USD/ft²/año)"
    )
    assert accepted["Capacidad eléctrica disponible (MVA)"] == (
        "MVA, kVA, MW, kW (MW y kW necesitan el factor de potencia)"
    )
    for title, text in accepted.items():
        words = set(text.lower().replace("(", " ").replace(")", " ").replace(",", " ").split())
        assert not words & ENGLISH_WORDS, (title, text)
    keys = [r[0].value for r in book["Archivo"].iter_rows()]  # type: ignore[index]
    assert keys == [
        "esquema",
        "versión del esquema",
        "idioma",
        "ilustrativo",
        "fecha",
        "fuente",
        "título",
    ]
    help_text = " ".join(str(r[0]) for r in rows[:at])
    assert "«ilustrativo» de la hoja «Archivo»" in help_text and "illustrative" not in help_text
    english = _load(en)
    keys = [r[0].value for r in english["File"].iter_rows()]  # type: ignore[index]
    assert keys == ["schema", "schema_version", "lang", "illustrative", "date", "source", "title"]
    rows = [[c.value for c in row] for row in english["Instructions"].iter_rows()]  # type: ignore[index]
    assert any(r[3] == "MVA, kVA, MW, kW (MW and kW need the power factor)" for r in rows)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_file_sheet_of_either_language_round_trips_to_a_rank(tmp_path: Path, lang: str) -> None:
    """template -> the Archivo/File sheet's illustrative, date and source filled (rows give
    neither) -> validate -> rank: the file's keys of either language are read."""
    template = tmp_path / f"plantilla-{lang}.xlsx"
    assert run_main(["facts", "template", "-o", str(template), "--lang", lang])[0] == 0
    book = _load(template)
    parks, land, file = ("Parques", "Superficie disponible (ha)", "Archivo")
    if lang == "en":
        parks, land, file = ("Parks", "Available land (ha)", "File")
    ws = book[parks]  # type: ignore[index]
    titles = {c.value: c.column for c in ws[2]}
    ids = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    ws.cell(row=ids["finsa-queretaro"], column=titles[land], value=22.5)
    filled = {"ilustrativo": "Sí", "fecha": "01/10/2026", "fuente": "Hoja del desarrollador"}
    if lang == "en":
        filled = {"illustrative": "Yes", "date": "2026-10-01", "source": "Developer's sheet"}
    for r in book[file].iter_rows():  # type: ignore[index]
        if r[0].value in filled:
            r[1].value = filled.pop(r[0].value)
    assert not filled  # every key was found in the template's file sheet
    target = tmp_path / f"filled-{lang}.xlsx"
    book.save(target)  # type: ignore[attr-defined]
    code, out, err = run_main(
        ["facts", "validate", str(target), "--as-of", "2026-12-01", "--format", "json"]
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["valid"] and doc["illustrative"] is True, doc["problems"]
    parks_doc = {p["id"]: p for p in doc["facts"]["parks"]}
    land_fact = parks_doc["finsa-queretaro"]["facts"]["land_available_ha"]
    assert land_fact["value"] == 22.5 and land_fact["date"] == "2026-10-01"
    code, out, err = run_main(
        ["rank", "--profile", "automotive-tier1", "--facts", str(target), "--format", "json"]
    )
    assert code == 0, err
    assert json.loads(out)["facts"]["illustrative"] is True
    n_parks = len(pd.read_csv(DATA / "parks.csv", dtype=str))
    # one row gives a fact; every other row of the template is matched by id but blank
    assert f"facts of 1 of {n_parks} candidates (1 by id); {n_parks - 1} matched row(s) " in err


def test_a_candidates_list_given_as_facts_is_one_line_exit_3(tmp_path: Path) -> None:
    """A file whose titles name no fact (ids, names, coordinates) is refused alike by
    `rank --facts`, `[candidates] facts` and `facts validate`, naming what it has."""
    listing = tmp_path / "c.csv"
    listing.write_text(
        "id,name,lat,lon\nqro-1,Sitio Querétaro,20.59,-100.39\nslt,Saltillo,25.4,-101.0\n",
        encoding="utf-8",
    )
    config = tmp_path / "search.toml"
    config.write_text(
        '[search]\nmethod = "wsm"\n[candidates]\nfacts = "c.csv"\n[[criteria]]\n'
        'name = "port"\nmeasure = "distance"\nto = "seaports"\ndirection = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    for args in (
        ["rank", "--profile", "automotive-tier1", "--facts", str(listing)],
        ["rank", "--config", str(config)],
        ["facts", "validate", str(listing)],
        ["facts", "validate", str(listing), "--format", "json"],
    ):
        code, out, err = run_main(args)
        assert code == 3, (args, err)
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, (args, err)
        assert "c.csv: no column is a park fact (row 1 has 'id', 'name', 'lat', 'lon')" in lines[0]
        assert "`siteselect facts template`" in lines[0]
        assert "Traceback" not in err
    # A fact's title refused (no unit) is that title's error, not "no column is a fact".
    no_unit = tmp_path / "sin-unidad.csv"
    no_unit.write_text(
        "Clave del parque,Superficie disponible,Fecha de los datos,Fuente\n"
        "finsa-guadalupe,14,30/09/2026,Hoja\n",
        encoding="utf-8",
    )
    code, out, _ = run_main(["facts", "validate", str(no_unit)])
    assert code == 3 and "column B 'Superficie disponible': gives no unit" in out
    code, _, err = run_main(["rank", "--profile", "automotive-tier1", "--facts", str(no_unit)])
    assert code == 3 and "gives no unit" in err and "no column is a park fact" not in err


def _fill(template: Path, out: Path) -> None:
    """Fill three rows the way a Mexican developer's team does: numbers typed as es-MX text,
    dates written day first, one park by its abbreviated name, and the merged group titles
    of row 1 unmerged."""
    book = _load(template)
    ws = book["Parques"]  # type: ignore[index]
    titles = {c.value: c.column for c in ws[2]}
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    values = {
        "finsa-guadalupe": {
            "Superficie disponible (ha)": "14.5",
            "Naves disponibles (m²)": "22,000",  # es-MX grouping
            "Construcción a la medida (BTS)": "No",
            "Renta (USD/m²/mes)": "7.20",
            "Tipo de renta": "precio de salida",
            "Capacidad eléctrica disponible (MVA)": 18,
            "Tensión de suministro (kV)": 115,
            "Agua disponible (m³/día)": "1,250.5",
            "Gas natural": "Sí",
            "Espuela de ferrocarril": "Sí",
            "Fecha de entrega": "01/05/2027",
            "Fecha de los datos": "30/09/2026",
            "Fuente": "Hoja del desarrollador",
            "Renta: fecha": "15 de octubre de 2026",
            "Renta: fuente": "Cotización del parque",
        },
        "finsa-queretaro": {
            "Superficie disponible (ha)": 22.5,
            "Naves disponibles (m²)": 0,
            "Construcción a la medida (BTS)": "Sí",
            "Renta (USD/m²/mes)": 6.85,
            "Capacidad eléctrica disponible (MVA)": "14",
            "Tensión de suministro (kV)": 115,
            "Gas natural": "Sí",
            "Espuela de ferrocarril": "Sí",
            "Fecha de entrega": date(2027, 3, 1),
            "Fecha de los datos": date(2026, 10, 1),
            "Fuente": "Hoja del desarrollador",
        },
        "parque-industrial-queretaro": {
            "Superficie disponible (ha)": 6,
            "Capacidad eléctrica disponible (MVA)": 10,
            "Tensión de suministro (kV)": 115,
            "Espuela de ferrocarril": "No",
            "Fecha de los datos": "01/10/2026",
            "Fuente": "Hoja del desarrollador",
        },
    }
    for park, cells in values.items():
        for title, value in cells.items():
            ws.cell(row=rows[park], column=titles[title], value=value)
    # The Querétaro park by the name the developer uses, without its id.
    row = rows["parque-industrial-queretaro"]
    ws.cell(row=row, column=titles["Clave del parque"]).value = None
    ws.cell(row=row, column=titles["Nombre del parque"]).value = "P.I. Querétaro"
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    book.save(out)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_spanish_sheet_round_trips_to_a_report(tmp_path: Path) -> None:
    template = tmp_path / "plantilla.xlsx"
    assert run_main(["facts", "template", "-o", str(template), "--lang", "es"])[0] == 0
    filled = tmp_path / "parques.xlsx"
    _fill(template, filled)
    # validate: valid, every row matched, the abbreviated name by name
    code, out, err = run_main(
        ["facts", "validate", str(filled), "--as-of", "2026-12-01", "--format", "json"]
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["valid"] and doc["lang"] == "es"
    n_parks = len(pd.read_csv(DATA / "parks.csv", dtype=str))
    assert doc["matched"] == {"id": n_parks - 1, "name": 1, "fuzzy": 0, "none": 0}
    parks = {p["id"] or p["name"]: p for p in doc["facts"]["parks"]}
    guadalupe = parks["finsa-guadalupe"]["facts"]
    assert guadalupe["building_available_m2"]["value"] == 22000.0
    assert guadalupe["water_m3_day"] == {
        "value": 1250.5,
        "unit": "m³/day",
        "date": "2026-09-30",
        "source": "Hoja del desarrollador",
        "given": "1,250.5 m³/día",
    }
    assert guadalupe["rent_usd_m2_month"]["date"] == "2026-10-15"
    assert guadalupe["rent_usd_m2_month"]["source"] == "Cotización del parque"
    assert parks["P.I. Querétaro"]["facts"]["power_mva_available"]["value"] == 10.0
    # rank with the tenant's requirements
    tenant = tmp_path / "requisitos.toml"
    code, out, _ = run_main(["requirements", "template", "--lang", "es"])
    # FINSA Guadalupe is 4.1 h from the Laredo lane: the tenant accepts 5 h.
    tenant.write_text(out.replace("border_hours = 4 ", "border_hours = 5 "), encoding="utf-8")
    args = ["--profile", "automotive-tier1", "--facts", str(filled)]
    args += ["--requirements", str(tenant), "--corridor", "all"]
    code, out, err = run_main(["rank", *args, "--format", "json"])
    assert code == 0, err
    ranking = json.loads(out)
    assert ranking["facts"]["file"] == "parques.xlsx" and ranking["facts"]["missing"] == "penalise"
    assert ranking["requirements"]["unknown"] == "keep"
    removed = {e["id"]: e for e in ranking["eliminated"]}
    # FINSA Querétaro's building is build-to-suit but its park is 13 h from the Laredo lane.
    assert "border_hours" in removed["finsa-queretaro"]["reason"]
    assert "land_ha >= 12 ha (has 6 ha)" in removed["parque-industrial-queretaro"]["reason"]
    # The table shows the checks and the file credited
    code, table, err = run_main(["rank", *args])
    assert code == 0, err
    assert "facts ‡: parques.xlsx (user-supplied)" in table
    assert "missing facts: a park without the fact is scored at the worst known value" in table
    # the report in Spanish: every fact in its unit, dated, the file credited
    report = tmp_path / "propuesta.html"
    code, _, err = run_main(["report", "finsa-guadalupe", *args, "--lang", "es", "-o", str(report)])
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    for text in (
        "Datos del parque (hoja del usuario)",
        "14.5 ha ‡",
        "22,000 m² ‡",
        "7.20 USD/m²/mes ‡",
        "18 MVA ‡",
        "115 kV ‡",
        "1,250.5 m³/día ‡",
        "15 de octubre de 2026",
        "Cotización del parque",
        "Requisitos del inquilino",
        "cumple",
        "sin dato",
        "dato del usuario: parques.xlsx",
    ):
        assert text in html, text


def test_a_spanish_csv_validates_and_a_bad_one_exits_3(tmp_path: Path) -> None:
    good = tmp_path / "desarrollador.csv"
    good.write_bytes(
        (
            "Clave del parque;Nombre del parque;Superficie disponible (m²);"
            "Capacidad eléctrica disponible (MW);Renta (MXN/m²/mes);Fecha de los datos;Fuente\n"
            "finsa-guadalupe;;145.000;9;131,76;30/09/2026;Hoja\n"
            ";P.I. FINSA Aguascalientez;;;;;\n"
        ).encode("cp1252")
    )
    code, out, _err = run_main(["facts", "validate", str(good), "--format", "json"])
    assert code == 3
    doc = json.loads(out)
    messages = " ".join(p["message"] for p in doc["problems"])
    assert "power factor" in messages and "exchange rate" in messages
    code, out, _err = run_main(
        [
            "facts",
            "validate",
            str(good),
            "--power-factor",
            "0.9",
            "--usd-mxn",
            "18.3",
            "--usd-mxn-date",
            "2026-11-30",
            "--format",
            "json",
        ]
    )
    assert code == 0, out
    doc = json.loads(out)
    facts = doc["facts"]["parks"][0]["facts"]
    assert facts["land_available_ha"]["value"] == pytest.approx(14.5)
    assert facts["power_mva_available"]["value"] == pytest.approx(10.0)
    assert facts["rent_usd_m2_month"]["value"] == pytest.approx(7.2)
    fuzzy = doc["matches"][1]
    assert (fuzzy["how"], fuzzy["park"]) == ("fuzzy", "finsa-aguascalientes")
    assert 0.85 <= fuzzy["similarity"] < 1
    bad = tmp_path / "malo.csv"
    bad.write_text(
        "Clave del parque,Superficie disponible,Renta (USD/m²/mes),Fecha de los datos,Fuente\n"
        "finsa-guadalupe,12,7.2x,03/04/2026,Prueba\n"
        "no-such-park,3,5,2026-11-01,Prueba\n",
        encoding="utf-8",
    )
    code, out, _err = run_main(["facts", "validate", str(bad)])
    assert code == 3
    assert "column B 'Superficie disponible': gives no unit" in out
    assert "row 2, column C 'Renta (USD/m²/mes)': '7.2x' is not a number" in out
    assert "no match: row 3 'no-such-park'" in out


def test_requirements_templates_are_valid_toml_in_both_languages() -> None:
    for lang in ("es", "en"):
        code, out, err = run_main(["requirements", "template", "--lang", lang])
        assert code == 0, err
        section = read_requirements(tomllib.loads(out))
        assert section.power_mva == 8 and section.border_hours == 4 and section.workers == 1500
    example = read_requirements(REPO / "examples" / "requirements_automotive.toml")
    assert example.land_ha == 12 and example.delivery_by == date(2027, 9, 30)


def test_export_writes_canonical_units_that_read_back(tmp_path: Path) -> None:
    source = REPO / "examples" / "park_facts_example.xlsx"
    canonical = tmp_path / "canon.csv"
    code, _, err = run_main(
        ["facts", "export", str(source), "--format", "csv", "-o", str(canonical)]
    )
    assert code == 0, err
    first = json.loads(run_main(["facts", "export", str(source)])[1])
    again = json.loads(run_main(["facts", "export", str(canonical)])[1])
    for doc in (first, again):
        for park in doc["parks"]:
            park.pop("row")
            for fact in park["facts"].values():
                fact.pop("given")
    assert first == again and first["illustrative"] is True
    code, out, _ = run_main(["facts", "schema"])
    on_disk = json.loads((REPO / "docs" / "schemas" / "park-facts.schema.json").read_text())
    assert json.loads(out) == on_disk


def test_the_example_sheet_is_illustrative_in_every_output(tmp_path: Path) -> None:
    args = [
        "--profile",
        "automotive-tier1",
        "--facts",
        str(REPO / "examples" / "park_facts_example.xlsx"),
    ]
    args += ["--requirements", str(REPO / "examples" / "requirements_automotive.toml")]
    code, out, err = run_main(["rank", *args, "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["facts"]["illustrative"] is True
    assert "facts: park_facts_example.xlsx" in doc["illustrative"]
    assert doc["results"][0]["illustrative"] == doc["illustrative"]
    code, table, _ = run_main(["rank", *args])
    assert "ILLUSTRATIVE values, not real figures" in table
    target = tmp_path / "out.csv"
    assert run_main(["rank", *args, "-o", str(target)])[0] == 0
    assert "facts: park_facts_example.xlsx" in target.read_text(encoding="utf-8")
