"""Tests for the RETC 2022 establishments layer (tools/build_establishments.py)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from siteselect.errors import DataError
from tools import build_establishments as be

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _municipalities() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"cvegeo": ["19006"], "state_code": ["19"], "municipality": ["Apodaca"]},
        geometry=[box(-100.4, 25.6, -100.0, 25.9)],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372")


def _retc(scian: str = "336390", nra: tuple[str, str] = ("B2", "A1")) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nra": list(nra),
            "scian": [scian, "334410"],
            "sector": ["Automotriz", None],
            "parqueindustrial": ["PARQUE  INDUSTRIAL  STIVA", "ND"],
            "municipio": ["Apodaca", "Apodaca"],
            "estado": ["Nuevo León", "Nuevo León"],
            "lon": [-100.2, -100.1],
            "lat": [25.7, 25.8],
        }
    )


def test_park_placeholders_become_blank() -> None:
    assert be.clean_park_name("  PARQUE   INDUSTRIAL STIVA ") == "PARQUE INDUSTRIAL STIVA"
    for blank in ("ND", "n/d", "NO APLICA", "S/N", "SN", "_.", None, float("nan")):
        assert be.clean_park_name(blank) == ""


def test_establishments_carry_scian_levels_and_inegi_municipality() -> None:
    table = be.build_establishments(_retc(), _municipalities())
    assert list(table["id"]) == ["A1", "B2"]  # sorted by RETC number
    row = table.set_index("id").loc["B2"]
    assert (row["scian_sector"], row["scian_subsector"], row["scian_rama"]) == ("33", "336", "3363")
    assert row["state"] == "Nuevo León" and row["municipality_code"] == "19006"
    assert row["park"] == "PARQUE INDUSTRIAL STIVA"
    assert table.set_index("id").loc["A1", "park"] == ""
    assert "establecimiento" not in table.columns and "name" not in table.columns


def test_bad_codes_and_repeated_numbers_are_refused() -> None:
    with pytest.raises(DataError, match="not 6 digits"):
        be.build_establishments(_retc(scian="3363"), _municipalities())
    with pytest.raises(DataError, match="appear twice"):
        be.build_establishments(_retc(nra=("A1", "A1")), _municipalities())


@pytest.mark.data_extra
def test_committed_establishments_match_a_rebuild(shared_data: Path, tmp_path: Path) -> None:
    assert be.main(["--out", str(tmp_path), "--shared-dir", str(shared_data)]) == 0
    assert (tmp_path / "establishments.csv").read_bytes() == (
        DATA / "establishments.csv"
    ).read_bytes()
