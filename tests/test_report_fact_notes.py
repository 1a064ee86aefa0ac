"""Tests for siteselect.report.fact_notes: the engine's notes on a facts sheet and a tenant's
requirements read in the report's language (issue 21: a Spanish analyst report printed them
in English, as "Nota del cálculo (texto del programa): ... 90 park(s) unknown ...")."""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from siteselect.errors import DataNote
from siteselect.report.proposal import build_proposal
from siteselect.results import RankResult
from tests.test_cli import run_main

# A developer's sheet as users fill it: one park by id, one by a misspelt name (a fuzzy
# match) with facts dated long ago (stale), one row naming no park of the search (a miss).
SHEET = (
    "Clave del parque,Nombre del parque,Capacidad eléctrica disponible (MVA),"
    "Renta (USD/m²/mes),Fecha de los datos,Fuente\n"
    "finsa-guadalupe,,9,7.2,01/10/2026,Carta CFE\n"
    ",Parque Industrial Nogalarr,12,6.1,01/03/2025,Hoja\n"
    "parque-x,Parque Inexistente del Norte,5,5,01/10/2026,Hoja\n"
)
TENANT = "[requirements]\npower_mva = 8\ndelivery_by = 2027-09-30\nworkers = 1000\n"
UNTRANSLATED = {"es": "Nota del cálculo (texto del programa)", "en": "Engine note"}


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> RankResult:
    import siteselect as ss

    folder = tmp_path_factory.mktemp("facts")
    (folder / "f.csv").write_text(SHEET, encoding="utf-8")
    (folder / "t.toml").write_text(TENANT, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        return ss.rank(facts=folder / "f.csv", requirements=folder / "t.toml")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_note_of_a_run_with_facts_and_requirements_is_in_the_language(
    ranked: RankResult, lang: str
) -> None:
    engine = [n for n in ranked.notes if n.startswith(("f.csv:", "requirement", "power:"))]
    assert len(engine) >= 6, ranked.notes  # the join, fuzzy, miss, stale, power, requirements
    notes = build_proposal(ranked, None, lang=lang, audience="analyst").robustness
    left = [n for n in notes if n.startswith(UNTRANSLATED[lang])]
    assert left == []


def test_the_spanish_notes_read_as_written_for_a_mexican_reader(ranked: RankResult) -> None:
    notes = build_proposal(ranked, None, lang="es", audience="analyst").robustness
    said = "\n".join(notes)
    for sentence in (
        "f.csv: datos de 2 de 178 candidatos (1 por id, 1 por un nombre parecido); un dato "
        "faltante: un parque sin el dato se califica con el peor dato conocido "
        "(missing = penalise).",
        "f.csv: emparejado por un nombre parecido: fila 3 'Parque Industrial Nogalarr' → "
        "Parque Industrial Nogalar (similitud 0.93).",
        "f.csv: 1 fila no corresponde a ningún candidato: fila 4 'Parque Inexistente del "
        "Norte' (la clave 'parque-x' no es un parque de esta búsqueda; ningún nombre de parque "
        "se parece lo suficiente).",
    ):
        assert sentence in notes, said
    # The stale date by Babel (es-MX long format), the fact labels in Spanish; the age in days
    # depends on the day the test runs.
    assert re.search(
        r"^f\.csv: 1 fila de parque con datos de más de 365 días \(fila 3 \(Parque Industrial "
        r"Nogalarr\): Capacidad eléctrica disponible, Renta con fecha del 1 de marzo de 2025, "
        r"hace \d{3,} días\)\.$",
        said,
        re.MULTILINE,
    ), said
    unknown = [n for n in notes if n.startswith("Requisito «Energía»")]
    assert unknown == [
        "Requisito «Energía» (al menos 8 MVA): 100 parques sin el dato se conservan y se "
        "muestran como «sin dato» (unknown = keep)."
    ]
    assert any(
        n.startswith("Requisito «Entrega de nave» (a más tardar el 30 de septiembre de 2027): ")
        for n in notes
    ), said
    assert "park(s)" not in said and " of 102 " not in said


def test_a_spanish_analyst_report_has_no_english_engine_note(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text(SHEET, encoding="utf-8")
    (tmp_path / "t.toml").write_text(TENANT, encoding="utf-8")
    out = tmp_path / "s.html"
    code, _, err = run_main(
        [
            "report",
            "--shortlist",
            "--lang",
            "es",
            "--facts",
            str(tmp_path / "f.csv"),
            "--requirements",
            str(tmp_path / "t.toml"),
            "-o",
            str(out),
        ]
    )
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "texto del programa" not in page
    assert "park(s) unknown" not in page and "matched by a similar name" not in page


def test_a_national_rankings_thin_grid_note_is_in_spanish() -> None:
    import siteselect as ss

    result = ss.rank(corridors=["all"])
    assert any("the mapped grid of 115 kV or more is thin" in n for n in result.notes)
    notes = build_proposal(result, None, lang="es", audience="analyst").robustness
    assert not [n for n in notes if n.startswith(UNTRANSLATED["es"])]
    (thin,) = [n for n in notes if "la red mapeada" in n]
    assert thin.startswith(
        "power: la red mapeada de 115 kV o más es escasa (menos del 50 % de la densidad "
        "nacional de líneas mapeadas) en Baja California, "
    )


@pytest.mark.parametrize(
    ("unit", "dimension", "settings", "spanish"),
    [
        (
            "MW",
            "power",
            {"power_factor": 0.9},
            "parks.xlsx: Capacidad: MW → MVA (dividido entre el factor de potencia 0.9).",
        ),
        (
            "MXN/m²/mes",
            "rent",
            {"usd_mxn": 18.3, "usd_mxn_date": date(2026, 11, 30)},
            "parks.xlsx: Capacidad: MXN/m²/mes → USD/m²/mes (a 18.3 MXN por USD del 30 de "
            "noviembre de 2026).",
        ),
    ],
)
def test_a_sheets_unit_conversion_is_said_in_spanish(
    unit: str, dimension: str, settings: dict[str, Any], spanish: str
) -> None:
    from siteselect.facts.units import ConversionSettings, describe_conversion, parse_unit
    from siteselect.report.i18n import read_messages
    from siteselect.report.labels import translate_note

    parsed = parse_unit(unit, dimension)
    assert parsed is not None
    # as siteselect.layers.facts writes it: the file, the column's title, the conversion
    note = f"parks.xlsx: Capacidad: {describe_conversion(parsed, ConversionSettings(**settings))}"
    assert translate_note(note, read_messages("es")) == spanish
