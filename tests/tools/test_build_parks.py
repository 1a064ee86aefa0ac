"""Tests for the park placement from RETC 2022 establishments (tools/build_parks.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from siteselect.errors import DataError
from tools import build_parks as bk

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
GEOD = Geod(ellps="WGS84")


def _fact(pid: str, names: tuple[str, ...], **kw: object) -> bk.ParkFact:
    base: dict[str, object] = {
        "id": pid,
        "name": pid.title(),
        "developer": "",
        "municipality": "Uno",
        "state": "Alpha",
        "lon": float("nan"),
        "lat": float("nan"),
        "accuracy_m": float("nan"),
        "placement": "",
        "retc_names": names,
        "listed_by_author": False,
    }
    base.update(kw)
    return bk.ParkFact(**base)  # type: ignore[arg-type]


def _retc(rows: list[tuple[str, str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["nra", "municipio", "parqueindustrial", "colonia", "lon", "lat"]
    ).assign(estado="Alpha")


def test_names_are_normalised_like_the_reference_comparison() -> None:
    assert (
        bk.normalise_name("PARQUE IND. O´DONNELL AEROPUERTO") == "parque ind o donnell aeropuerto"
    )
    assert bk.normalise_name("Parque Industrial WTC2") == "parque industrial wtc 2"
    assert bk.normalise_name(None) == "" and bk.normalise_name(float("nan")) == ""
    assert bk.colonia_name("Colonia PARQUE INDUSTRIAL NACIONAL") == "parque industrial nacional"
    assert bk.colonia_name("Fraccionamiento Industrial Balvanera") == "industrial balvanera"


def test_matching_uses_the_park_field_first_then_the_colonia() -> None:
    parks = [_fact("a", ("finsa",)), _fact("b", ("parque industrial stiva",))]
    retc = _retc(
        [
            ("1", "Uno", "FINSA", "Colonia Parque Industrial Stiva", -100.0, 21.0),
            ("2", "Uno", "", "Colonia Parque Industrial Stiva", -100.0, 21.0),
            ("3", "Dos", "FINSA", "", -100.0, 21.0),  # another municipality: not this park
            ("4", "Uno", "ND", "Centro", -100.0, 21.0),
        ]
    )
    hits = bk.match_establishments(retc, parks)
    assert hits == {"a": [0], "b": [1]}


def test_a_name_shared_by_two_parks_of_one_municipality_is_refused() -> None:
    parks = [_fact("a", ("finsa",)), _fact("b", ("finsa",))]
    with pytest.raises(DataError, match="names both a and b"):
        bk.match_establishments(_retc([]), parks)
    with pytest.raises(DataError, match="not normalised"):
        bk.match_establishments(_retc([]), [_fact("c", ("FINSA",))])


def test_locate_park_median_spread_and_floor() -> None:
    # two establishments 1 km apart: the midpoint, accuracy 500 m (the floor)
    lon2, lat2, _ = GEOD.fwd(-100.0, 21.0, 90, 1_000)
    loc = bk.locate_park([-100.0, lon2], [21.0, lat2], ["x", "y"])
    assert loc.used == 2 and loc.accuracy_m == 500 and loc.dropped == ()
    # one establishment: 1 km
    one = bk.locate_park([-100.0], [21.0], ["x"])
    assert (one.lon, one.lat, one.accuracy_m, one.used) == (-100.0, 21.0, 1_000.0, 1)
    # four close ones and one 30 km away: the far one is left out
    pts = [GEOD.fwd(-100.0, 21.0, az, d) for az, d in ((0, 400), (90, 800), (180, 600), (270, 0))]
    far = GEOD.fwd(-100.0, 21.0, 45, 30_000)
    loc = bk.locate_park(
        [p[0] for p in pts] + [far[0]], [p[1] for p in pts] + [far[1]], ["a", "b", "c", "d", "far"]
    )
    assert loc.dropped == ("far",) and loc.used == 4
    assert 500 <= loc.accuracy_m <= 1_000
    with pytest.raises(DataError):
        bk.locate_park([], [], [])


def test_two_far_apart_establishments_follow_the_author_only_when_one_agrees() -> None:
    near, far = (-100.17, 20.617), (-100.03, 20.681)
    anchor = (-100.17, 20.605, 3_000.0)
    loc = bk.locate_park([near[0], far[0]], [near[1], far[1]], ["n", "f"], anchor)
    assert (loc.lon, loc.lat) == near and loc.dropped == ("f",) and loc.accuracy_m == 1_000
    # without an agreeing author point both stay, and the accuracy says how unsure it is
    both = bk.locate_park([near[0], far[0]], [near[1], far[1]], ["n", "f"])
    _, _, half = GEOD.inv(near[0], near[1], far[0], far[1])
    assert both.used == 2 and both.accuracy_m >= half / 2


def test_build_parks_table_places_joins_and_reports() -> None:
    parks = [
        _fact("p-one", ("parque uno",), developer="Dev"),
        _fact(
            "p-two",
            ("nothing names me",),
            lon=-99.5,
            lat=21.5,
            accuracy_m=4_000.0,
            placement="author's placement",
            listed_by_author=True,
        ),
    ]
    retc = _retc(
        [
            ("1", "Uno", "Parque Uno", "", -100.5, 21.5),
            ("2", "Uno", "PARQUE UNO", "", -100.5, 21.51),
        ]
    )
    corridors = pd.DataFrame({"corridor": ["c1"], "states": ["Alpha;Beta"]})
    zones = pd.DataFrame(
        {
            "municipality_code": ["01001", "01002"],
            "zone": ["general", "zlfn"],
            "min_wage_mxn_day": ["315.04", "440.87"],
        }
    )

    def municipality_of(lon: list[float], lat: list[float]) -> tuple[list[str], list[str]]:
        return (["01001"], ["Uno"]) if lon[0] < -100 else (["01002"], ["Dos"])

    table, record = bk.build_parks_table(parks, retc, municipality_of, corridors, zones)
    one = table.set_index("id").loc["p-one"]
    assert (one["lon"], one["lat"], one["accuracy_m"]) == ("-100.500000", "21.505000", "600")
    assert one["n_establishments"] == "2" and one["wage_zone"] == "general"
    assert "developer Dev" in one["source"] and one["corridor"] == "c1"
    two = table.set_index("id").loc["p-two"]
    assert two["accuracy_m"] == "4000" and two["n_establishments"] == "0"
    assert two["wage_zone"] == "zlfn" and two["min_wage_mxn_day"] == "440.87"
    assert any("p-two" in line and "no RETC" in line for line in record)
    assert any("p-two" in line and "lies in Dos" in line for line in record)


def test_summarise_accuracy() -> None:
    line = bk.summarise_accuracy([500, 1_000, 9_000], [True, True, False])
    assert line.startswith("2 of 3 parks") and "median 1.0 km" in line and "max 9.0 km" in line


# --- the committed table ---------------------------------------------------------------------


@pytest.mark.slow
def test_parks_script_rewrites_the_committed_table(shared_data: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SITESELECT_FACTS_OUT": str(tmp_path),
        "SITESELECT_SHARED_DATA": str(shared_data),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "facts" / "parks.py")],
        check=True,
        env=env,
        capture_output=True,
    )
    assert (tmp_path / "parks.csv").read_bytes() == (DATA / "parks.csv").read_bytes()


def test_parks_script_skips_without_shared_data(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SITESELECT_FACTS_OUT": str(tmp_path),
        "SITESELECT_SHARED_DATA": str(tmp_path / "no"),
    }
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "facts" / "parks.py")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "skipped parks.csv" in proc.stderr
    assert not (tmp_path / "parks.csv").exists()


def test_park_points_lie_at_their_establishments(shared_data: Path) -> None:
    """Every park placed from RETC lies within its stated accuracy of an establishment naming it
    (not an independent confirmation: the points come from the same records)."""
    import pyogrio

    retc = pyogrio.read_dataframe(
        shared_data / "industrial_facilities" / "retc_2022_facilities.gpkg",
        columns=["nra", "lon", "lat"],
        read_geometry=False,
    )
    parks = pd.read_csv(DATA / "parks.csv")
    located = parks[parks["n_establishments"] > 0]
    assert len(located) == len(parks)
    x, y = retc["lon"].to_numpy(), retc["lat"].to_numpy()
    for rec in located.itertuples():
        _, _, dist = GEOD.inv(np.full(len(x), rec.lon), np.full(len(x), rec.lat), x, y)
        assert float(np.min(dist)) <= rec.accuracy_m, rec.id
