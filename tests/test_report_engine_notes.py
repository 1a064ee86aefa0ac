"""Tests for siteselect.report.engine_notes: the engine's notes on reading a user's file, on a
raster zone without a valid cell and on closures, read in the report's language (a Spanish
analyst report printed them in English, as "Nota del cálculo (texto del programa): sitios.csv:
columns separated by semicolons; decimal commas; ...")."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from siteselect.errors import DataNote, SiteselectWarning
from siteselect.report.i18n import read_messages
from siteselect.report.labels import translate_note
from siteselect.report.proposal import build_proposal
from siteselect.results import RankResult
from tests.test_cli import run_main

UNTRANSLATED = {"es": "Nota del cálculo (texto del programa)", "en": "Engine note"}

# A broker's list as a Spanish spreadsheet saves it: ';', decimal commas, words for missing
# rents, a repeated row, no id column; in Windows-1252 (the accents of "Querétaro").
SITES = (
    "Nombre;Longitud;Latitud;Renta\n"
    "Parque Uno;-100,3161;25,6866;6,5\n"
    "Parque Dos;-100,9855;22,1565;consultar\n"
    "Parque Tres Querétaro;-101,6820;21,1250;N/D\n"
    "Parque Tres Querétaro;-101,6820;21,1250;N/D\n"
    "Parque Cuatro;-99,1332;19,4326;5,2\n"
    "Parque Cinco;-106,4850;31,7619;4,9\n"
    "Parque Siete;-103,3496;20,6597;7,1\n"
    "Parque Ocho;-100,4;20,6;6,0\n"
    "Parque Nueve;-100,1;25,5;5,0\n"
)
ATTRIBUTES = "id;renta_usd\nrow 1;6,5\nrow 2;7,1\nrow 99;5\n"
PLANTS = "nombre;lon;lat;empleo\nA;-100,3;25,7;100\nB;-100,9;22,2;N/D\nC;-101,6;21,1;50\nD;;;3\n"
SEARCH = """
[search]
corridors = ["all"]
[candidates]
path = "sitios.csv"
attributes = "attrs.csv"
[[criteria]]
name = "solar"
measure = "raster"
to = "sun.tif"
stat = "mean"
radius_km = 5
direction = "max"
weight = 1
[[criteria]]
name = "plantas"
measure = "count_within_km"
to = "plantas.csv"
km = 300
direction = "max"
weight = 1
[[criteria]]
name = "renta"
measure = "attribute"
column = "renta_usd"
direction = "min"
weight = 1
"""


def write_sun(path: Path) -> None:
    """A 0.1-degree raster over lon -107..-99, lat 18..32, rising west to east, without a
    valid cell south of 21.5 N (its nodata value)."""
    import numpy as np
    import rasterio
    from affine import Affine

    cells = np.tile(np.linspace(4, 7, 80, dtype="float32"), (140, 1))
    cells[105:, :] = -9999
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=80,
        height=140,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.1, 0.0, -107.0, 0.0, -0.1, 32.0),
        nodata=-9999,
    ) as dataset:
        dataset.write(cells, 1)


def write_search(folder: Path) -> Path:
    (folder / "sitios.csv").write_bytes(SITES.encode("cp1252"))
    (folder / "attrs.csv").write_text(ATTRIBUTES, encoding="utf-8")
    (folder / "plantas.csv").write_text(PLANTS, encoding="utf-8")
    write_sun(folder / "sun.tif")
    (folder / "search.toml").write_text(SEARCH, encoding="utf-8")
    return folder / "search.toml"


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> RankResult:
    import siteselect as ss

    config = write_search(tmp_path_factory.mktemp("reading"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        warnings.simplefilter("ignore", SiteselectWarning)  # the list is in Windows-1252
        return ss.rank(config=config)


def _reading_notes(result: RankResult) -> list[str]:
    files = ("sitios.csv:", "attrs.csv:", "plantas.csv:", "solar: 4 candidate")
    return [n for n in result.notes if n.startswith(files)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_reading_and_raster_note_of_a_run_is_in_the_language(
    ranked: RankResult, lang: str
) -> None:
    engine = _reading_notes(ranked)
    # sitios x2 (its reading, its encoding), attrs x2, plantas x2, the raster's
    assert len(engine) == 7, ranked.notes
    said = [translate_note(n, read_messages(lang)) for n in engine]
    assert [n for n in said if n.startswith(UNTRANSLATED[lang])] == []


def test_the_spanish_reading_notes_read_as_written_for_a_mexican_reader(
    ranked: RankResult,
) -> None:
    notes = build_proposal(ranked, None, lang="es", audience="analyst").robustness
    said = "\n".join(notes)
    for sentence in (
        "sitios.csv: columnas separadas por punto y coma; coma decimal; columna 'Renta': 3 "
        "filas no dan una cifra y se leen como vacías: 'N/D' (2), 'consultar' (1); coordenadas "
        "de las columnas 'Longitud'/'Latitud'; sin columna de clave: los candidatos se nombran "
        "por su número de fila; nombres de la columna 'Nombre'; 1 fila repetida quitada (una "
        "copia exacta, o el mismo nombre a menos de 1 km): aparece en `eliminated`.",
        'sitios.csv: no es UTF-8: se leyó como Windows-1252 (indique encoding = "..." si los '
        "acentos se ven mal).",
        "attrs.csv: columnas separadas por punto y coma; coma decimal.",
        "attrs.csv: se unieron 2 de 8 candidatos por clave; 1 fila no corresponde a ningún "
        "candidato: row 99.",
        "plantas.csv: 1 de 4 filas quedó fuera (lon/lat faltante o no numérica: 1; la primera: "
        "fila 4: lon/lat faltante o no numérica ('lon' empty)).",
        "plantas.csv: columnas separadas por punto y coma; coma decimal; columna 'empleo': 1 "
        "fila no da una cifra y se lee como vacía: 'N/D' (1).",
        "solar: 4 candidatos no tienen ninguna celda válida del ráster a menos de 5 km.",
    ):
        assert sentence in notes, said
    assert "columns separated by" not in said and "valid raster cell" not in said


def test_counts_and_figures_of_reading_notes_take_mexican_marks() -> None:
    import pandas as pd

    from siteselect.layers.cells import describe_gaps

    m = read_messages("es")
    words = pd.Series(["N/D"] * 1234 + ["consultar"] * 2)
    gaps = describe_gaps("Renta", words)
    assert gaps is not None
    # as siteselect.candidates writes a file's reading notes: its name, then the clauses
    assert translate_note(f"sitios.csv: {gaps}", m) == (
        "sitios.csv: columna 'Renta': 1,236 filas no dan una cifra y se leen como vacías: "
        "'N/D' (1,234), 'consultar' (2)."
    )
    # siteselect.criteria.raster.RasterMeasure.compute: f"{empty} candidate(s) have no valid
    # raster cell {where}", where is "within {radius_km:g} km" or "within the footprint"
    assert translate_note(
        "solar: 1234 candidate(s) have no valid raster cell within 0.5 km", m
    ) == ("solar: 1,234 candidatos no tienen ninguna celda válida del ráster a menos de 0.5 km.")
    assert translate_note(
        "solar: 1 candidate(s) have no valid raster cell within the footprint", m
    ) == ("solar: 1 candidato no tiene ninguna celda válida del ráster dentro de su polígono.")


def test_closures_are_said_in_spanish() -> None:
    from siteselect.closures import build_closures

    closures = build_closures(
        {"border_crossings": ["world-trade-bridge", "colombia-solidarity"]},
        [(-99.51, 27.6, 0.5)],
    )
    m = read_messages("es")
    assert [translate_note(n, m) for n in closures.describe()] == [
        "Cierre en este cálculo (Cruces fronterizos con EE. UU.): world-trade-bridge, "
        "colombia-solidarity; la búsqueda se midió sin lo cerrado.",
        "Carreteras cerradas en este cálculo en un radio de 0.5 km alrededor de (\u221299.5100, "
        "27.6000); los tiempos de manejo se midieron sin ellas.",
    ]


def test_the_reading_notes_of_other_files_are_said_in_spanish(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from siteselect.layers.files import read_user_file
    from siteselect.layers.options import ReadOptions

    (tmp_path / "p.txt").write_text("id|lon|lat\na|-100.3|25.7|\nb|-101.6|21.1|\n", "utf-8")
    (tmp_path / "w.csv").write_bytes(
        "id,nombre,lon,lat\na,Querétaro,-100.3,25.7\n".encode("cp1252")
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sitios"
    sheet.append(["id", "lon", "lat"])
    sheet.append(["a", -100.3, 25.7])
    book.create_sheet("Otros").append(["x"])
    book.save(tmp_path / "b.xlsx")
    bowtie = [[[-100.3, 25.7], [-100.2, 25.8], [-100.2, 25.7], [-100.3, 25.8], [-100.3, 25.7]]]
    feature = {"type": "Feature", "properties": {"id": "a"}}
    geometry = {"type": "Polygon", "coordinates": bowtie}
    collection = {"type": "FeatureCollection", "features": [{**feature, "geometry": geometry}]}
    (tmp_path / "g.geojson").write_text(json.dumps(collection), encoding="utf-8")
    read = {
        "p.txt": read_user_file(tmp_path / "p.txt").info,
        "w.csv": read_user_file(tmp_path / "w.csv").info,
        "b.xlsx": read_user_file(tmp_path / "b.xlsx", ReadOptions(sep=";", encoding="utf-8")).info,
        "g.geojson": read_user_file(tmp_path / "g.geojson").info,
    }
    # as siteselect.layers.read_user_layer_with_notes writes a layer's notes and warnings
    notes = {name: f"{name}: {'; '.join((*i.notes, *i.warnings))}" for name, i in read.items()}
    m = read_messages("es")
    assert {name: translate_note(n, m) for name, n in notes.items()} == {
        "p.txt": "p.txt: se ignoran barras verticales al final de las filas; columnas separadas "
        "por barras verticales.",
        "w.csv": 'w.csv: no es UTF-8: se leyó como Windows-1252 (indique encoding = "..." si '
        "los acentos se ven mal).",
        "b.xlsx": "b.xlsx: hoja 'Sitios', la primera de 2 (Sitios, Otros); otra con layer = "
        '"Otros"; sep, encoding aplican a tablas de texto: no se usan en un libro de Excel.',
        "g.geojson": "g.geojson: 1 geometría no válida reparada.",
    }


def test_a_layers_rows_left_out_are_counted_in_spanish(tmp_path: Path) -> None:
    from siteselect.layers import read_user_layer_with_notes

    rows = ["A,-100.3,25.7", "B,-100.9,95", "C,25.1,-101.6"] + [
        f"{name},-100.{i},21.{i}" for i, name in enumerate("DEFG", start=1)
    ]
    (tmp_path / "plantas.csv").write_text("nombre,lon,lat\n" + "\n".join(rows) + "\n", "utf-8")
    _, notes, warned = read_user_layer_with_notes(tmp_path / "plantas.csv")
    assert notes == ()
    (left_out,) = warned  # a warning the layer store keeps among the run's notes
    assert translate_note(left_out, read_messages("es")) == (
        "plantas.csv: 2 de 7 filas quedaron fuera (lon/lat fuera de rango: 1, lon/lat parecen "
        "invertidas: 1; la primera: fila 2: lon/lat fuera de rango (lon=-100.9, lat=95))."
    )


@pytest.mark.parametrize(
    ("note", "spanish"),
    [
        (  # siteselect.layers.files._crs_label after "crs = ... overrides the file's"
            "parques.gpkg: crs = EPSG:6372 overrides the file's EPSG:4326",
            "parques.gpkg: crs = EPSG:6372 reemplaza el del archivo (EPSG:4326).",
        ),
        (  # siteselect.candidates.attributes.join_attributes
            "rentas.csv: column 'rent_usd_m2_month' replaces the candidates' own for the rows "
            "matched",
            "rentas.csv: la columna 'rent_usd_m2_month' reemplaza la de los candidatos en las "
            "filas emparejadas.",
        ),
        (
            "rentas.csv: joined 3 of 1234 candidates by name ('Parque'); 2 row(s) matched no "
            "candidate: Norte, Sur",
            "rentas.csv: se unieron 3 de 1,234 candidatos por nombre (columna 'Parque'); 2 "
            "filas no corresponden a ningún candidato: Norte, Sur.",
        ),
        (  # siteselect.candidates.rows.index_user_rows
            "sitios.gpkg: ids from column 'Clave'",
            "sitios.gpkg: claves de la columna 'Clave'.",
        ),
        (  # siteselect.candidates.read_candidate_set (polygon candidates)
            "lotes.gpkg: 3 Polygon, 1 MultiPolygon candidates measured from a representative "
            'point inside each (footprints kept for `distance` with from = "footprint" and '
            "zonal `raster` statistics)",
            "lotes.gpkg: candidatos con polígono (Polygon: 3, MultiPolygon: 1) medidos desde un "
            "punto representativo dentro de cada uno (los polígonos se conservan para `distance` "
            'con from = "footprint" y las estadísticas zonales de `raster`).',
        ),
        (  # siteselect.criteria._shed.read_shed_points, behind the criterion's name
            "empleo: layer 'plantas.csv': 2 of 1500 features left out, their 'empleo' is not a "
            "number >= 0 (first: row 7, 'N/D')",
            "empleo: capa 'plantas.csv': 2 de 1,500 elementos quedaron fuera, su 'empleo' no es "
            "un número ≥ 0 (el primero: fila 7, 'N/D').",
        ),
    ],
)
def test_other_reading_notes_are_said_in_spanish(note: str, spanish: str) -> None:
    assert translate_note(note, read_messages("es")) == spanish


@pytest.mark.parametrize(
    "note",
    [
        "sitios.csv: columns separated by semicolons; a clause no pattern knows",
        "a note no pattern knows",
    ],
)
def test_a_note_with_an_unknown_clause_stays_engine_text_whole(note: str) -> None:
    said = translate_note(note, read_messages("es"))
    assert said == f"{UNTRANSLATED['es']}: {note}"


def test_a_spanish_analyst_report_says_a_users_file_reading_in_spanish(tmp_path: Path) -> None:
    (tmp_path / "sitios.csv").write_bytes(SITES.encode("cp1252"))
    out = tmp_path / "s.html"
    code, _, err = run_main(
        [
            "report",
            "--shortlist",
            "--lang",
            "es",
            "--corridor",
            "all",
            "--candidates",
            str(tmp_path / "sitios.csv"),
            "-o",
            str(out),
        ]
    )
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "columnas separadas por punto y coma; coma decimal; columna &#39;Renta&#39;" in page
    assert "columns separated by" not in page and "texto del programa" not in page
