"""Tests for the metros: data/metros.csv (tools/facts/metros.py) and siteselect.metros."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from siteselect.layers.validate import check_metros
from siteselect.metros import (
    assign_metros,
    build_metro_groups,
    compute_group_population,
    find_municipalities,
    read_code,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def metros() -> pd.DataFrame:
    return pd.read_csv(DATA / "metros.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def municipalities() -> pd.DataFrame:
    return pd.read_csv(DATA / "population_municipalities.csv", dtype=str, keep_default_na=False)


def _total(metros: pd.DataFrame, municipalities: pd.DataFrame, metro: str) -> int:
    codes = set(metros.loc[metros["metro_id"] == metro, "municipality_code"])
    chosen = municipalities.loc[municipalities["cvegeo"].isin(codes), "population"]
    return int(chosen.astype(int).sum())


def test_queretaro_is_the_four_municipalities_of_the_2020_delimitation(
    metros: pd.DataFrame, municipalities: pd.DataFrame
) -> None:
    """FIELD_NOTES: Querétaro (22006, 22008, 22011, 22014), CONAPO 2026 1,550,851."""
    codes = sorted(metros.loc[metros["metro_id"] == "zm-queretaro", "municipality_code"])
    assert codes == ["22006", "22008", "22011", "22014"]
    assert _total(metros, municipalities, "zm-queretaro") == 1_550_851


def test_monterrey_has_16_municipalities_in_2020_not_the_18_of_2015(
    metros: pd.DataFrame, municipalities: pd.DataFrame
) -> None:
    """Two transcriptions of the 2020 table list 16 municipalities (5,509,141 people in 2026);
    the 18-municipality total of 5,528,839 quoted in FIELD_NOTES adds Abasolo (19001) and
    Hidalgo (19047), the 2015 delimitation."""
    codes = set(metros.loc[metros["metro_id"] == "zm-monterrey", "municipality_code"])
    assert len(codes) == 16 and not {"19001", "19047"} & codes
    assert _total(metros, municipalities, "zm-monterrey") == 5_509_141
    people = municipalities.set_index("cvegeo")["population"].astype(int)
    assert 5_509_141 + people["19001"] + people["19047"] == 5_528_839


def test_the_table_passes_its_data_check(metros: pd.DataFrame) -> None:
    inegi = pd.read_csv(DATA / "wage_zones.csv", dtype=str, keep_default_na=False)
    result = check_metros(metros, inegi)
    assert result.passed, result.summary
    kinds = set(metros["kind"])
    assert kinds == {"zona metropolitana", "metrópoli municipal", "zona conurbada"}
    # every corridor state and the other states the issue names have their metros
    states = set(metros["state"])
    for state in ("Querétaro", "Guanajuato", "Aguascalientes", "San Luis Potosí", "Jalisco"):
        assert state in states
    for state in ("Nuevo León", "Coahuila", "Tamaulipas", "Baja California", "Sonora"):
        assert state in states
    for state in ("Chihuahua", "Durango", "Estado de México", "Ciudad de México", "Puebla"):
        assert state in states
    for state in ("Tlaxcala", "Hidalgo", "Morelos"):
        assert state in states
    assert metros["source"].str.contains("not re-checked against the official file").all()


def test_data_check_catches_a_municipality_in_two_metros_and_a_wrong_code() -> None:
    inegi = pd.DataFrame({"municipality_code": ["01001", "01002"], "municipality": ["A", "B"]})
    table = pd.DataFrame(
        {
            "metro_id": ["zm-a", "zm-b", "zm-b"],
            "metro": [
                "Zona metropolitana de A",
                "Zona metropolitana de B",
                "Zona metropolitana de B",
            ],
            "kind": ["zona metropolitana"] * 3,
            "municipality_code": ["01001", "01001", "09999"],
            "municipality": ["A", "A", "X"],
        }
    )
    result = check_metros(table, inegi)
    assert not result.passed
    problems = " | ".join(str(r["problem"]) for r in result.rows)
    assert "also in zm-a" in problems and "unknown code" in problems


def test_codes_are_read_as_five_digits() -> None:
    assert read_code(19039) == "19039"
    assert read_code(1001.0) == "01001"
    assert read_code(" 01001 ") == "01001"
    assert read_code("") is None and read_code(float("nan")) is None and read_code("x1") is None


def _points(xy: list[tuple[float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy], crs="EPSG:6372")


def test_candidates_take_their_metro_or_municipality_or_themselves() -> None:
    metros = pd.DataFrame(
        {
            "metro_id": ["zm-a"],
            "metro": ["Zona metropolitana de A"],
            "municipality_code": ["01001"],
        }
    )
    names = {"01001": "Aa", "01002": "Bee"}
    population = _points([(0.0, 0.0), (20_000.0, 0.0)]).assign(municipality_code=["01001", "01002"])
    frame = _points([(1_000.0, 0.0), (23_000.0, 0.0), (100_000.0, 0.0), (4_000.0, 0.0)])
    frame.index = pd.Index(["near-a", "near-b", "far", "own-code"], name="id")
    # a candidate's own municipality code wins over the nearest population point
    frame["municipality_code"] = [None, None, None, "01002"]
    out = assign_metros(frame, metros, names, population)
    assert list(out["metro"]) == ["zm-a", "mun-01002", "far", "mun-01002"]
    assert list(out["metro_name"]) == [
        "Zona metropolitana de A",
        "Municipio de Bee",
        "far",
        "Municipio de Bee",
    ]
    # the 5 km radius, exactly
    codes = find_municipalities(frame.get_coordinates().to_numpy(), population, radius_km=5.0)
    assert codes == ["01001", "01002", None, "01001"]


def test_a_users_own_metro_column_wins() -> None:
    metros = pd.DataFrame({"metro_id": ["zm-a"], "metro": ["ZM A"], "municipality_code": ["01001"]})
    frame = pd.DataFrame(
        {"municipality_code": ["01001", "01001"], "metro": ["mine", ""]},
        index=pd.Index(["x", "y"], name="id"),
    )
    out = assign_metros(frame, metros, {})
    assert list(out["metro"]) == ["mine", "zm-a"]
    assert list(out["metro_name"]) == ["mine", "ZM A"]


def test_group_population_sums_the_metro(
    metros: pd.DataFrame, municipalities: pd.DataFrame
) -> None:
    groups = pd.Series(["zm-queretaro", "mun-22016", "alone"], index=["a", "b", "c"])
    people = compute_group_population(groups, metros, municipalities)
    san_juan = int(municipalities.set_index("cvegeo").loc["22016", "population"])
    assert people["a"] == 1_550_851 and people["b"] == san_juan and pd.isna(people["c"])


def test_the_embedded_parks_carry_their_metro() -> None:
    import siteselect as ss

    result = ss.rank(profile="default", corridors=["all"], max_per_metro=0)
    frame = result.candidates.frame
    assert frame["metro"].notna().all() and frame["metro_name"].notna().all()
    assert frame.loc["parque-industrial-ramos-arizpe", "metro"] == "zm-saltillo"
    assert frame.loc["parque-aeroespacial-queretaro", "metro"] == "mun-22005"  # Colón
    assert frame.loc["parque-aeroespacial-queretaro", "metro_name"] == "Municipio de Colón"
    assert (frame.loc[frame["state"] == "Nuevo León", "metro"] == "zm-monterrey").all()
    assert any("Metrópolis de México 2020" in line for line in result.provenance)


def test_build_groups_keeps_order() -> None:
    metros = pd.DataFrame({"metro_id": ["m"], "metro": ["M"], "municipality_code": ["01001"]})
    out = build_metro_groups(pd.Index(["b", "a"]), [None, "01001"], metros, {})
    assert list(out.index) == ["b", "a"] and list(out["metro"]) == ["b", "m"]


def test_candidates_all_without_a_code_are_placed_as_those_with_some() -> None:
    """Every candidate without a code of its own (the whole frame looked up) or only some
    (the rows without one looked up): the same groups for the same places."""
    metros = pd.DataFrame({"metro_id": ["zm-a"], "metro": ["ZM A"], "municipality_code": ["01001"]})
    names = {"01001": "Aa", "01002": "Bee"}
    population = _points([(0.0, 0.0), (20_000.0, 0.0)]).assign(municipality_code=["01001", "01002"])
    frame = _points([(1_000.0, 0.0), (23_000.0, 0.0), (100_000.0, 0.0), (19_000.0, 0.0)])
    frame.index = pd.Index(["a", "b", "far", "d"], name="id")
    every = assign_metros(frame.assign(municipality_code=None), metros, names, population)
    some = assign_metros(
        frame.assign(municipality_code=[None, "01002", None, None]), metros, names, population
    )
    pd.testing.assert_frame_equal(every[["metro", "metro_name"]], some[["metro", "metro_name"]])
    assert list(every["metro"]) == ["zm-a", "mun-01002", "far", "mun-01002"]
