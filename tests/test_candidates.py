"""Tests for siteselect.candidates: every row removed on the way in is listed with its reason,
ids and names are found, polygons become points with their footprints kept."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from siteselect.api import prepare, run
from siteselect.candidates import read_candidate_set
from siteselect.config import read_config
from siteselect.errors import DataError, DataNote
from siteselect.layers.store import LayerStore
from tests.conftest import write_config

PORT = (
    '[[criteria]]\nname = "port"\nmeasure = "distance"\nto = "seaports"\n'
    'direction = "min"\nweight = 1\n'
)


def _config(tmp_path: Path, file: str, extra: str = "", search: str = "") -> Path:
    return write_config(tmp_path, f'{search}[candidates]\npath = "{file}"\n{extra}' + PORT)


def test_every_removed_row_is_listed_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat\n"
        "qro,Querétaro,-100.39,20.59\n"
        "leon,León,-101.68,21.12\n"
        "mty,Monterrey,-100.31,25.67\n"
        "ags,Aguascalientes,-102.29,21.88\n"
        "slp,San Luis,-100.98,22.15\n"
        "bad,Lat 95,-100.39,95\n"
        "nan,No lon,,20.5\n"
        "qro,Querétaro again,-100.40,20.60\n"
        ",No id,-100.41,20.61\n"
        "cdmx,CDMX,-99.13,19.43\n",
        encoding="utf-8",
    )
    config = read_config(_config(tmp_path, "c.csv"))
    chosen = prepare(config, LayerStore())
    removed = chosen.removed
    assert list(removed["stage"]) == ["input"] * 4 + ["corridor"]
    assert dict(zip(removed.index, removed["reason"], strict=True)) == {
        "bad": "row 6: lon/lat out of range (lon=-100.39, lat=95)",
        "nan": "row 7: missing or non-numeric lon/lat ('lon' empty)",
        "qro (row 8)": "row 8: duplicate id 'qro' (row 1 is kept)",
        "(row 9)": "row 9: no id in column 'id'",
        "cdmx": "outside the selected corridors (other)",
    }
    assert removed.loc["qro (row 8)", "name"] == "Querétaro again"
    assert sorted(chosen.candidates.frame.index) == ["ags", "leon", "mty", "qro", "slp"]
    result = run(config)
    assert len(result.eliminated) == 5


def test_too_many_removed_rows_stop_the_run(tmp_path: Path) -> None:
    # `state` as the id: most rows repeat an id, so the key is wrong, not the rows.
    (tmp_path / "c.csv").write_text(
        "state,name,lon,lat\nQro,A,-100.39,20.59\nQro,B,-100.40,20.60\nQro,C,-100.41,20.61\n",
        encoding="utf-8",
    )
    config = read_config(_config(tmp_path, "c.csv", 'id = "state"\n'))
    with pytest.raises(DataError, match=r"2 of 3 rows cannot be candidates .* \[candidates\].id"):
        run(config)


def test_ids_and_names_are_found_or_numbered(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "Clave,Nombre,lon,lat\n7,Parque Siete,-100.39,20.59\n8,Parque Ocho,-101.68,21.12\n",
        encoding="utf-8",
    )
    config = read_config(_config(tmp_path, "c.csv"))
    with pytest.warns(DataNote, match="ids from column 'Clave'; names from column 'Nombre'"):
        chosen = read_candidate_set(config, LayerStore())
    frame = chosen.candidates.frame
    assert list(frame.index) == ["7", "8"]  # numbers read as ids without a trailing .0
    assert list(frame["name"]) == ["Parque Siete", "Parque Ocho"]

    (tmp_path / "d.csv").write_text(
        "sitio,lon,lat\nA,-100.39,20.59\nB,-101.68,21.12\n", encoding="utf-8"
    )
    config = read_config(_config(tmp_path, "d.csv"))
    with pytest.warns(DataNote, match="no id column: candidates are called by row number"):
        chosen = read_candidate_set(config, LayerStore())
    assert list(chosen.candidates.frame.index) == ["row 1", "row 2"]
    # An id named in the config must exist: no guessing then.
    config = read_config(_config(tmp_path, "d.csv", 'id = "clave"\n'))
    with pytest.raises(DataError, match=r"no id column 'clave' \(columns: sitio, lon, lat\)"):
        read_candidate_set(config, LayerStore())


def test_polygons_and_lines_become_points_with_footprints(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["parcel", "strip"], "name": ["Parcel", "Strip"]},
        geometry=[
            box(-100.45, 20.55, -100.40, 20.60),
            LineString([(-101.70, 21.10), (-101.60, 21.15)]),
        ],
        crs="EPSG:4326",
    )
    frame.to_file(tmp_path / "p.gpkg")
    config = read_config(_config(tmp_path, "p.gpkg"))
    store = LayerStore()
    with pytest.warns(DataNote, match="1 Polygon, 1 LineString candidates measured from a"):
        chosen = read_candidate_set(config, store)
    cands = chosen.candidates
    assert set(cands.frame.geom_type) == {"Point"}
    assert cands.footprints is not None
    assert set(cands.footprints.geom_type) == {"Polygon", "LineString"}
    for point, shape in zip(cands.frame.geometry, cands.footprints, strict=True):
        assert shape.distance(point) < 1e-6  # the point lies on the parcel or the line
    assert any("representative point" in note for note in store.notes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        result = run(config)
    assert any("representative point" in note for note in result.notes)
    again = result.with_weights({"port": 1.0})
    assert again.notes == result.notes  # re-scoring keeps what reading found


def test_a_table_without_coordinates_names_the_recognised_columns(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,este,norte\na,1,2\n", encoding="utf-8")
    config = read_config(_config(tmp_path, "c.csv"))
    with pytest.raises(DataError, match=r"no coordinate columns \(columns: id, este, norte\)"):
        run(config)


def test_a_workbook_whose_first_sheet_has_no_coordinates_names_the_other_sheets(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Portada"
    cover.append(["nota"])
    cover.append(["Listado de parques 2026"])
    sites = book.create_sheet("Parques")
    sites.append(["Clave", "Latitud", "Longitud"])
    sites.append(["P1", 20.5881, -100.3899])
    sites.append(["P2", 25.6866, -100.3161])
    book.save(tmp_path / "parques.xlsx")
    # The message named no sheet: "parques.xlsx: no coordinate columns (columns: nota)".
    with pytest.raises(DataError) as raised:
        run(read_config(_config(tmp_path, "parques.xlsx")))
    message = str(raised.value)
    assert "sheet 'Portada' (the first of Portada, Parques): no coordinate" in message, message
    assert 'read another sheet with layer = "Parques" in [candidates]' in message, message
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        result = run(read_config(_config(tmp_path, "parques.xlsx", 'layer = "Parques"\n')))
    assert sorted(result.candidates.frame.index) == ["P1", "P2"]


def test_a_title_above_the_column_titles_is_named_as_the_cause(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Parques del Bajío, 2026"], ["Nombre", "Latitud", "Longitud"]):
        sheet.append(row)
    sheet.append(["Uno", 20.5881, -100.3899])
    book.save(tmp_path / "titulo.xlsx")
    # It said only "no coordinate columns (columns: Parques del Bajío, 2026, Unnamed: 1, ...)".
    with pytest.raises(DataError, match=r"the first row holds no column titles: delete the rows"):
        run(read_config(_config(tmp_path, "titulo.xlsx")))


def test_distance_from_the_footprint(tmp_path: Path) -> None:
    """A parcel whose edge touches a railway is 0 km from it; its centre is not."""
    from siteselect.layers import read_layer

    rail = read_layer("railways")
    # A railway in central Mexico (Querétaro), so both parcels lie well inside the country.
    centre = gpd.GeoSeries([Point(-100.39, 20.59)], crs=4326).to_crs(rail.crs).iloc[0]
    nearest = int(rail.distance(centre).to_numpy().argmin())
    x, y = rail.to_crs(4326).geometry.iloc[nearest].coords[0]
    frame = gpd.GeoDataFrame(
        {"id": ["touch", "far"]},
        geometry=[box(x, y, x + 0.05, y + 0.05), box(x + 0.3, y + 0.3, x + 0.35, y + 0.35)],
        crs="EPSG:4326",
    )
    frame.to_file(tmp_path / "p.gpkg")
    criterion = (
        '[search]\nmethod = "wsm"\ncorridors = ["all"]\n[candidates]\npath = "p.gpkg"\n'
        '[[criteria]]\nname = "rail"\nmeasure = "distance"\nto = "railways"\n{key}'
        'direction = "min"\nweight = 1\n'
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        edge = run(
            read_config(write_config(tmp_path, criterion.format(key='from = "footprint"\n')))
        )
        point = run(read_config(write_config(tmp_path, criterion.format(key=""))))
    assert edge.raw["rail"]["touch"] < 1e-6  # km: the corner lies on the railway
    assert point.raw["rail"]["touch"] > 0.0
    assert edge.raw["rail"]["far"] <= point.raw["rail"]["far"]
    assert edge.config.criteria[0].as_mapping()["from"] == "footprint"
    # The API's frame carries the parcels themselves, as the exports do.
    assert set(point.to_geodataframe().geom_type) == {"Polygon"}


def test_explain_says_why_a_removed_candidate_has_no_score(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat\nq,Q,-100.39,20.59\nl,L,-101.68,21.12\nz,Z,-100.39,95\n",
        encoding="utf-8",
    )
    result = run(read_config(_config(tmp_path, "c.csv")))
    with pytest.raises(DataError, match=r"'z' was removed before scoring \(input\): row 3: lon"):
        result.explain("z")


def test_the_note_on_points_is_said_once_on_stderr_and_in_the_json(tmp_path: Path) -> None:
    import json

    from tests.test_cli import run_main

    gpd.GeoDataFrame(
        {"id": ["a", "b"]},
        geometry=[box(-100.45, 20.55, -100.40, 20.60), box(-101.70, 21.10, -101.65, 21.15)],
        crs="EPSG:4326",
    ).to_file(tmp_path / "p.gpkg")
    drive = PORT.replace('"distance"', '"drive_time"')
    write_config(tmp_path, f'[candidates]\npath = "p.gpkg"\n{drive}')
    code, out, err = run_main(["rank", "-c", str(tmp_path / "search.toml"), "-f", "json"])
    assert code == 0, err
    note = "p.gpkg: 2 Polygon candidates measured from a representative point inside each"
    assert err.count(note) == 1 and err.startswith("note: ")
    assert sum(note in n for n in json.loads(out)["notes"]) == 1


def test_points_outside_mexico_are_set_aside_even_with_every_corridor(tmp_path: Path) -> None:
    """Mexico's bounding box lets Texas and the open Pacific through; the states do not.
    A candidate the file gives no state gets the one it lies in."""
    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat\n"
        "qro,Querétaro,-100.39,20.59\n"
        "tij,Tijuana,-117.0,32.5\n"
        "tx,Austin,-97.74,30.27\n"
        "sea,Pacific,-110.0,15.0\n",
        encoding="utf-8",
    )
    config = read_config(_config(tmp_path, "c.csv", search='[search]\ncorridors = ["all"]\n'))
    chosen = prepare(config, LayerStore())
    removed = chosen.removed
    assert list(removed.index) == ["tx", "sea"]
    assert set(removed["stage"]) == {"input"}
    assert removed.loc["tx", "reason"].startswith("outside Mexico (")
    assert "km from the nearest state" in removed.loc["sea", "reason"]
    states = chosen.candidates.frame["state"].to_dict()
    assert states == {"qro": "Querétaro", "tij": "Baja California"}


def test_only_foreign_candidates_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,lon,lat\ntx,-97.74,30.27\n", encoding="utf-8")
    config = read_config(_config(tmp_path, "c.csv", search='[search]\ncorridors = ["all"]\n'))
    with pytest.raises(DataError, match="no candidate lies in Mexico"):
        prepare(config, LayerStore())


def test_a_misspelt_illustrative_column_is_a_config_error(tmp_path: Path) -> None:
    """A typo would leave the user's estimates unflagged in every output."""
    from siteselect.errors import ConfigError

    (tmp_path / "c.csv").write_text(
        "id,lon,lat,rent_usd_m2_month\nqro,-100.39,20.59,5\n", encoding="utf-8"
    )
    config = read_config(_config(tmp_path, "c.csv", extra='illustrative = ["rent_usd_m2_mnth"]\n'))
    with pytest.raises(ConfigError, match="did you mean 'rent_usd_m2_month'"):
        prepare(config, LayerStore())


def test_spanish_multi_word_headers_give_ids_and_names(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "Clave del parque;Nombre del parque;Longitud;Latitud\n"
        "P1;Parque Uno;-100,39;20,59\nP2;Parque Dos;-101,68;21,12\n",
        encoding="utf-8",
    )
    config = read_config(_config(tmp_path, "c.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        frame = prepare(config, LayerStore()).candidates.frame
    assert list(frame.index) == ["P1", "P2"]
    assert list(frame["name"]) == ["Parque Uno", "Parque Dos"]


def test_repeated_rows_of_a_list_without_ids_are_kept_once(tmp_path: Path) -> None:
    # The rule (README, "Your own files"): without an id column, a row repeats an earlier one
    # when it is an exact copy, or has the same name (case, accents, punctuation ignored)
    # within 1 km; the first is kept, each other is listed with the row it repeats.
    (tmp_path / "c.csv").write_text(
        "nombre,lon,lat,renta\n"
        "Parque Industrial Querétaro,-100.3899,20.5888,5.5\n"
        "Parque Industrial León,-101.6833,21.1167,4.2\n"
        "Parque Industrial Querétaro,-100.3899,20.5888,5.5\n"  # an exact copy
        "PARQUE INDUSTRIAL LEÓN,-101.6833,21.1167,4.2\n"  # an upper-case copy
        "Parque Industrial Queretaro.,-100.3905,20.5893,5.9\n"  # another broker, 83 m off
        "Nave Apodaca,-100.31,25.67,6.0\n"
        "Nave Apodaca 2,-100.31,25.67,6.1\n"  # another building at the same point: kept
        "Parque Industrial León,-100.98,22.15,4.0\n",  # the same name 170 km away: kept
        encoding="utf-8",
    )
    config = read_config(_config(tmp_path, "c.csv"))
    with pytest.warns(DataNote, match=r"3 repeated row\(s\) removed"):
        chosen = prepare(config, LayerStore())
    frame = chosen.candidates.frame
    assert list(frame.index) == ["row 1", "row 2", "row 6", "row 7", "row 8"]
    assert dict(zip(chosen.removed.index, chosen.removed["reason"], strict=True)) == {
        "row 3": "row 3: repeated row (of row 1, which is kept: an exact copy)",
        "row 4": "row 4: repeated row (of row 2, which is kept: the same name, 0 m apart)",
        "row 5": "row 5: repeated row (of row 1, which is kept: the same name, 83 m apart)",
    }
    assert list(chosen.removed["name"]) == [
        "Parque Industrial Querétaro",
        "PARQUE INDUSTRIAL LEÓN",
        "Parque Industrial Queretaro.",
    ]


def test_repeated_rows_of_a_table_without_locations(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "nombre,renta\nNave A,5.5\nnave a,5.5\nNave A,6.0\nNave B,5.5\n", encoding="utf-8"
    )
    config = write_config(
        tmp_path,
        '[candidates]\npath = "c.csv"\n[[criteria]]\nname = "rent"\nmeasure = "attribute"\n'
        'column = "renta"\ndirection = "min"\nweight = 1\n',
    )
    with pytest.warns(DataNote, match=r"1 repeated row\(s\) removed"):
        chosen = prepare(read_config(config), LayerStore())
    assert list(chosen.candidates.frame.index) == ["row 1", "row 3", "row 4"]
    assert chosen.removed.loc["row 2", "reason"] == (
        "row 2: repeated row (of row 1, which is kept: the same name and values)"
    )


def test_a_repeated_id_is_never_both_ranked_and_eliminated(tmp_path: Path) -> None:
    # The first row of id q is unusable, the second is good: q is ranked, and the unusable
    # row is listed under another key.
    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat\nq,Q bad,,20.5\nq,Q good,-100.39,20.59\nl,L,-101.68,21.12\n"
        "m,M,-100.31,25.67\n",
        encoding="utf-8",
    )
    result = run(read_config(_config(tmp_path, "c.csv")))
    ranked = set(result.scores.table.index)
    eliminated = set(result.eliminated.index)
    assert ranked == {"q", "l", "m"}
    assert eliminated == {"q (row 1)"} and not ranked & eliminated
    assert result.eliminated.loc["q (row 1)", "name"] == "Q bad"


def test_a_park_is_found_by_its_name_typed_without_accents() -> None:
    import pandas as pd

    from siteselect.candidates import find_id

    frame = pd.DataFrame(
        {"name": ["Parque Industrial Huinalá", "Nave Querétaro Añil", "León I", "Leon-I"]},
        index=pd.Index(["huinala", "row 2", "a", "b"], name="id"),
    )
    # "unknown park 'parque industrial huinala'": a keyboard without accents found nothing.
    assert find_id(frame, "parque industrial huinala") == "huinala"
    assert find_id(frame, "NAVE QUERETARO ANIL") == "row 2"
    assert find_id(frame, "León I") == "a"  # an exact name wins over its plain twin
    with pytest.raises(DataError, match="unknown park 'leon i'"):
        find_id(frame, "leon i")  # two parks read so: none is guessed


def test_the_corridor_of_a_point_is_the_within_joins_first_row() -> None:
    """Overlapping corridors, edges, points outside every corridor: the tree query gives the
    corridor a ``within`` join's first row per point gives (the way it was computed before)."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from shapely.geometry import Point, box

    from siteselect.candidates.corridors import _corridor_of, build_corridor_shapes

    rng = np.random.default_rng(7)
    xy = rng.uniform(-5.0, 35.0, (400, 2)).round(0)  # whole numbers: many on an edge
    points = gpd.GeoSeries([Point(p) for p in xy], crs=6372)
    points.index = pd.Index([f"c{i}" for i in range(len(points))], name="id")
    shapes = [box(0, 0, 20, 20), box(10, 10, 30, 30), box(5, 5, 8, 8), box(25, 0, 30, 5)]
    for order in ([0, 1, 2, 3], [2, 1, 3, 0], [3, 0, 2, 1]):
        polygons = gpd.GeoDataFrame(
            {"corridor": [f"k{i}" for i in order]}, geometry=[shapes[i] for i in order], crs=6372
        )
        joined = gpd.GeoDataFrame(geometry=points).sjoin(
            polygons[["corridor", "geometry"]], how="left", predicate="within"
        )
        first = joined.groupby(level=0)["corridor"].first()
        expected = first.reindex(points.index).fillna("").astype(str)
        got = _corridor_of(points, polygons)
        pd.testing.assert_series_equal(got, expected, check_names=False)
        held = build_corridor_shapes(polygons.copy())  # prepared, as a run holds them
        pd.testing.assert_series_equal(_corridor_of(points, held), expected, check_names=False)
        assert (got == "").sum() > 100 and (got != "").sum() > 100


def _filter_step_by_step(frame: gpd.GeoDataFrame, corridors: list[str], store: LayerStore) -> Any:
    """The corridor filter as it was computed before it took the rows once: the rows in
    Mexico, their state, their corridor, then the rows in the corridors asked for; and the
    removed rows' names, stages and identity columns, read from the rows taken."""
    import numpy as np
    import pandas as pd

    from siteselect.candidates.corridors import _corridor_of
    from siteselect.layers.validate.rules import build_state_outlines, locate_states

    state, _km = locate_states(frame.geometry, build_state_outlines(store.layer("states")))
    inside = state.notna().to_numpy()
    out = frame.loc[inside]
    if "state" not in out.columns:
        out = out.assign(state=state.loc[inside].astype(str))
    else:
        blank = out["state"].isna() | (out["state"].astype(str).str.strip() == "")
        if bool(blank.any()):
            out = out.assign(state=out["state"].astype(object).where(~blank, state.loc[inside]))
    out = out.assign(corridor=_corridor_of(out.geometry, store.layer("corridors")))
    wanted = (
        np.ones(len(out), dtype=bool) if "all" in corridors else out["corridor"].isin(corridors)
    )
    wanted = np.asarray(wanted, dtype=bool)
    parts = []
    for gone, stage in ((frame.loc[~inside], "input"), (out.loc[~wanted], "corridor")):
        table = pd.DataFrame({"name": gone["name"].astype(str), "stage": stage}, index=gone.index)
        identity = [c for c in ("corridor", "state") if c in gone.columns]
        parts.append(table.assign(**{c: gone[c].to_numpy() for c in identity}))
    return out.loc[wanted], pd.concat([p for p in parts if len(p)])


@pytest.mark.parametrize("corridors", [["all"], ["bajio"], ["bajio", "northeast"]])
@pytest.mark.parametrize("states", [None, "kept blank", "outside blank", "filled"])
def test_the_corridor_filter_keeps_what_filtering_step_by_step_keeps(
    corridors: list[str], states: str | None
) -> None:
    """Computing the state and corridor of every row and taking the kept rows once gives the
    frame (columns, types, values) and the removed rows filtering step by step gives: points in
    and out of the corridors, in Texas and at sea, a file's own state column blank in a kept
    row or only in a removed one."""
    import numpy as np
    import pandas as pd

    from siteselect.candidates import select_corridors
    from siteselect.criteria import Candidates

    rng = np.random.default_rng(11)
    lonlat = np.column_stack([rng.uniform(-112.0, -95.0, 60), rng.uniform(17.0, 31.0, 60)])
    lonlat[:3] = [(-97.74, 30.27), (-110.0, 15.0), (-100.39, 20.59)]  # Texas, sea, Querétaro
    points = gpd.GeoSeries(gpd.points_from_xy(lonlat[:, 0], lonlat[:, 1]), crs=4326)
    frame = gpd.GeoDataFrame(
        {"name": [f"site {i}" for i in range(60)]},
        geometry=points.to_crs(6372).to_numpy(),
        crs=6372,
        index=pd.Index([f"c{i}" for i in range(60)], name="id"),
    )
    if states is not None:
        given = pd.Series(["Somewhere"] * 60, index=frame.index, dtype="str")
        if states == "kept blank":
            given.iloc[[2, 7]] = [" ", None]
        elif states == "outside blank":
            given.iloc[[0, 1]] = ["", None]
        frame = frame.assign(state=given)
    store = LayerStore()
    expected, gone = _filter_step_by_step(frame, corridors, store)
    chosen = select_corridors(Candidates(frame=frame, source="test"), corridors, store)
    pd.testing.assert_frame_equal(chosen.candidates.frame, expected, check_exact=True)
    shown = chosen.removed[list(gone.columns)]
    pd.testing.assert_frame_equal(shown, gone, check_exact=True)
    assert list(chosen.removed["stage"]).count("input") >= 2  # Texas and the sea


def test_a_file_whose_rows_are_all_kept_reads_as_one_with_a_row_removed(tmp_path: Path) -> None:
    """Every row kept (the frame itself, without its id column) or some removed (the kept
    rows taken): the same candidates, columns and types."""
    import pandas as pd

    from siteselect.candidates.rows import index_user_rows
    from siteselect.layers.files import read_user_file

    rows = "id,name,lon,lat,rent\nqro,Querétaro,-100.39,20.59,4.5\nmty,Apodaca,-100.19,25.78,\n"
    (tmp_path / "all.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "some.csv").write_text(rows + "bad,No place,,\n", encoding="utf-8")
    every = index_user_rows(read_user_file(tmp_path / "all.csv"), "id", "name", "all.csv")
    some = index_user_rows(read_user_file(tmp_path / "some.csv"), "id", "name", "some.csv")
    pd.testing.assert_frame_equal(every[0], some[0], check_exact=True)
    assert len(every[1]) == 0 and list(some[1].index) == ["bad"]


def test_an_empty_removal_table_is_a_fresh_one_each_time() -> None:
    """The held empty table is handed out as a copy: a caller adding a column to one leaves
    the next as built."""
    import pandas as pd

    from siteselect.candidates import empty_removed
    from siteselect.candidates.model import REMOVED_COLUMNS

    first = empty_removed()
    first["geometry"] = []
    built = pd.DataFrame({c: pd.Series(dtype=object) for c in REMOVED_COLUMNS})
    pd.testing.assert_frame_equal(empty_removed(), built.rename_axis("id"), check_index_type=True)


def test_municipality_names_are_the_tables_and_follow_its_file(tmp_path: Path) -> None:
    """The names metros use for municipalities in no metro: the table's, held while its file
    is unchanged and read again once it changes; none without the table."""

    from siteselect.candidates import _read_municipality_names

    shipped = LayerStore().table("population_municipalities.csv")
    names = _read_municipality_names(LayerStore())
    assert dict(names) == dict(zip(shipped["cvegeo"], shipped["municipality"], strict=True))
    table = tmp_path / "population_municipalities.csv"
    table.write_text("cvegeo,municipality\n01001,Aguascalientes\n", encoding="utf-8")
    assert dict(_read_municipality_names(LayerStore(tmp_path))) == {"01001": "Aguascalientes"}
    table.write_text("cvegeo,municipality\n01001,Ags.\n01002,Asientos\n", encoding="utf-8")
    again = _read_municipality_names(LayerStore(tmp_path))
    assert dict(again) == {"01001": "Ags.", "01002": "Asientos"}
    assert dict(_read_municipality_names(LayerStore(tmp_path / "none"))) == {}


_ID_CELLS = st.one_of(
    st.sampled_from(["p1", " p1", "p1 ", "p2", "", "  ", "\x1cp3", "p3\u00a0", "7"]),
    st.text(alphabet=st.sampled_from("pq12 \t\u3000"), max_size=4),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=False, width=16),
)


@given(st.lists(_ID_CELLS, min_size=1, max_size=25), st.lists(st.booleans(), min_size=25))
@example(["p1", "p2", " p3 "], [False] * 25)  # clean: every row kept
@example(["p1", "p1 "], [False] * 25)  # one id once stripped: a repeat
def test_clean_rows_are_indexed_as_row_by_row(cells: list[Any], bad: list[bool]) -> None:
    """Where the shortcut for clean files answers, it answers what the row-by-row indexing
    gives: every row kept, with its stripped id, none removed."""
    from siteselect.candidates.rows import index_clean_rows, index_rows

    problems = [object() if b else None for b in bad[: len(cells)]]
    clean = index_clean_rows(cells, problems)
    kept_rows, kept_ids, gone = index_rows(cells, problems, "id")
    if clean is not None:
        assert clean == (kept_rows, kept_ids) and gone == []
    elif all(type(c) is str for c in cells) and not any(bad[: len(cells)]):
        assert gone  # a blank or a repeated id: the shortcut declined a file with removals
