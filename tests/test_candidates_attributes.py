"""Tests for siteselect.candidates: the user's attributes table joined to the candidates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from siteselect.candidates import join_attributes
from siteselect.errors import DataError


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"name": ["Parque Uno", "Parque Dos", "Parque Tres"], "state": ["A", "A", "B"]},
        index=pd.Index(["p1", "p2", "p3"], name="id"),
    )


def test_join_by_id_adds_columns_and_reports_unmatched(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,rent,mva\np1,6.5,40\np3,7.0,\nzz,1,1\n", encoding="utf-8")
    out, notes, _ = join_attributes(_frame(), path)
    assert out.loc["p1", "rent"] == 6.5 and out.loc["p3", "rent"] == 7.0
    assert pd.isna(out.loc["p2", "rent"]) and pd.isna(out.loc["p3", "mva"])
    assert pd.api.types.is_numeric_dtype(out["rent"])
    assert notes == ["mine.csv: joined 2 of 3 candidates by id; 1 row(s) matched no candidate: zz"]


def test_join_by_name_ignores_case_accents_and_spacing(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,rail_spur\nPARQUE  UNO,true\nparque dós,false\nParque Cuatro,true\n",
        encoding="utf-8",
    )
    frame = _frame()
    frame.loc["p2", "name"] = "Parque Dós"
    out, notes, _ = join_attributes(frame, path)
    assert out["rail_spur"].tolist()[:2] == [1.0, 0.0]  # read as booleans, scored as 1/0
    assert "joined 2 of 3 candidates by name" in notes[0]
    assert "Parque Cuatro" in notes[0]


def test_join_never_replaces_identity_and_says_when_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,name,state,corridor\np1,Other,Z,x\n", encoding="utf-8")
    out, notes, _ = join_attributes(_frame(), path)
    assert out.loc["p1", "name"] == "Parque Uno" and "corridor" not in out.columns
    assert out.loc["p1", "state"] == "Z" and out.loc["p2", "state"] == "A"
    assert any("'state' replaces" in n for n in notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,rent\np1,1\n", "no 'id' or 'name' column"),
        ("id,rent\np1,1\np1,2\n", "appears more than once"),
    ],
)
def test_join_errors_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        join_attributes(_frame(), path)
    with pytest.raises(DataError, match="does not exist"):
        join_attributes(_frame(), tmp_path / "absent.csv")


def test_rank_joins_attributes_and_flags_declared_illustrative_columns(tmp_path: Path) -> None:
    import siteselect as ss

    (tmp_path / "mine.csv").write_text(
        "id,rent_usd_m2_month\nparque-industrial-queretaro,6.1\nfinsa-guadalupe,7.2\nnope,1\n",
        encoding="utf-8",
    )
    cfg = tmp_path / "s.toml"
    cfg.write_text(
        '[candidates]\nattributes = "mine.csv"\nillustrative = ["rent_usd_m2_month"]\n'
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    from siteselect.errors import DataNote

    with pytest.warns(DataNote, match="joined 2 of"):
        result = ss.rank(config=cfg)
    assert result.illustrative == ("rent",)
    assert any("joined 2 of" in n and "nope" in n for n in result.notes)


def test_a_spanish_spreadsheet_export_joins_like_a_candidates_file(tmp_path: Path) -> None:
    # Excel in Mexico saves CSV as Windows-1252 with `;` and decimal commas, quoted.
    path = tmp_path / "rentas.csv"
    path.write_bytes(
        (
            "Clave;Nombre;Renta (USD/m²);Energía MVA\n"
            'p1;Parque Uno;"6,50";"40,5"\n'
            "p3;Parque Tres;consultar;12\n"
        ).encode("cp1252")
    )
    out, notes, joined = join_attributes(_frame(), path)
    assert out.loc["p1", "Renta (USD/m²)"] == 6.5 and out.loc["p1", "Energía MVA"] == 40.5
    assert pd.isna(out.loc["p3", "Renta (USD/m²)"]) and out.loc["p3", "Energía MVA"] == 12.0
    assert pd.api.types.is_numeric_dtype(out["Renta (USD/m²)"])
    assert "Clave" not in out.columns and "Nombre" not in out.columns
    assert joined.columns == frozenset({"Renta (USD/m²)", "Energía MVA"})
    text = "\n".join(notes)
    assert "columns separated by semicolons; decimal commas" in text
    assert "'consultar' (1)" in text
    assert "joined 2 of 3 candidates by id ('Clave')" in text


def test_a_table_of_names_under_nombre_joins_by_name(tmp_path: Path) -> None:
    # Its `Clave` holds the broker's own codes, none a candidate's id: the names join.
    path = tmp_path / "rentas.csv"
    path.write_text("Clave;Nombre;renta\nB-01;PARQUE DOS;5,25\nB-02;Parque Tres;6\n", "utf-8")
    out, notes, _ = join_attributes(_frame(), path)
    assert pd.isna(out.loc["p1", "renta"])
    assert out.loc["p2", "renta"] == 5.25 and out.loc["p3", "renta"] == 6.0
    assert "joined 2 of 3 candidates by name ('Nombre')" in notes[-1]
