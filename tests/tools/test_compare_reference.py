"""Tests for the reference comparisons (tools/compare_reference.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tools.compare_reference import (
    _geodesic_km,
    compare_airports,
    compare_crossings,
    compare_parks_with_retc,
    compare_reference,
    compare_seaports,
    main,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


def test_geodesic_matches_the_wgs84_degree_of_latitude() -> None:
    """One degree of latitude at the equator is 110.574 km on WGS84.

    Source: NGA/DMA TR 8350.2 (WGS84) meridian arc; tabulated in the Wikipedia article
    "Latitude", section "Length of a degree of latitude".
    """
    assert _geodesic_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(110.574, abs=0.001)


def _reference() -> pd.DataFrame:
    rows = [
        ("border_crossing", "Tecate POE", -116.62667, 32.57722),
        (
            "border_crossing",
            "San Luis Río Colorado - San Luis POE (port 2608)",
            -114.78139,
            32.48694,
        ),
        (
            "border_crossing",
            "Piedras Negras - Eagle Pass: Camino Real International Bridge (Puente II)",
            -100.510461,
            28.697698,
        ),
        (
            "border_crossing_rail",
            "Piedras Negras - Eagle Pass: Union Pacific Railroad Bridge",
            -100.510377,
            28.696318,
        ),
        ("seaport", "Lázaro Cárdenas", -102.158432, 17.930717),
        ("seaport", "Manzanillo", -104.300883, 19.070556),
        ("airport", "Querétaro Intercontinental Airport (QRO/MMQT)", -100.185997, 20.6173),
    ]
    return pd.DataFrame(rows, columns=["kind", "name", "lon", "lat"])


def _crossing(
    cid: str, name: str, city_mx: str, city_us: str, mode: str, lon: float, lat: float
) -> dict[str, object]:
    return {
        "id": cid,
        "name": name,
        "name_mx": "",
        "name_us": "",
        "city_mx": city_mx,
        "city_us": city_us,
        "mode": mode,
        "lon": lon,
        "lat": lat,
    }


def test_crossings_match_by_city_and_distinct_words() -> None:
    crossings = pd.DataFrame(
        [
            _crossing("tecate", "Tecate", "Tecate", "Tecate", "road", -116.627, 32.577),
            _crossing(
                "sl2", "San Luis II", "San Luis Río Colorado", "San Luis", "road", -114.71, 32.464
            ),
            _crossing(
                "ep1",
                "Eagle Pass Bridge I",
                "Piedras Negras",
                "Eagle Pass",
                "road",
                -100.5117,
                28.7055,
            ),
            _crossing(
                "ep2",
                "Camino Real Bridge II",
                "Piedras Negras",
                "Eagle Pass",
                "road",
                -100.5105,
                28.6977,
            ),
            _crossing(
                "eprail",
                "Eagle Pass rail bridge",
                "Piedras Negras",
                "Eagle Pass",
                "rail",
                -100.5104,
                28.6963,
            ),
        ]
    )
    result = compare_crossings(crossings, _reference())
    by_id = {r["id"]: r for r in result.rows}
    assert by_id["tecate"]["reference"] == "Tecate POE"
    assert by_id["ep2"]["reference"].startswith("Piedras Negras - Eagle Pass: Camino Real")
    assert by_id["eprail"]["reference"].endswith("Union Pacific Railroad Bridge")
    # numbered facilities do not match another facility's row
    assert by_id["sl2"]["reference"] is None and by_id["ep1"]["reference"] is None
    assert by_id["sl2"]["nearest_km"] > 5
    assert result.passed


def test_crossing_beyond_tolerance_fails() -> None:
    crossings = pd.DataFrame(
        [_crossing("tecate", "Tecate", "Tecate", "Tecate", "road", -116.6, 32.6)]
    )
    result = compare_crossings(crossings, _reference())
    assert not result.passed
    assert result.rows[0]["dist_km"] > 2.0


def test_seaports_match_without_accents_and_use_manzanillo_tolerance() -> None:
    ports = pd.DataFrame(
        {
            "id": ["MXLZC", "MXZLO", "MXSCX"],
            "name": ["Lazaro Cardenas", "Manzanillo", "Salina Cruz"],
            "lon": [-102.168, -104.40, -95.2],
            "lat": [17.938, 19.10, 16.16],
        }
    )
    result = compare_seaports(ports, _reference())
    by_id = {r["id"]: r for r in result.rows}
    assert by_id["MXLZC"]["tolerance_km"] == 5.0
    assert by_id["MXZLO"]["tolerance_km"] == 12.0
    assert by_id["MXZLO"]["dist_km"] > 5  # passes only thanks to Manzanillo's 12 km
    assert by_id["MXSCX"]["reference"] is None
    assert result.passed


def test_airports_match_by_iata() -> None:
    airports = pd.DataFrame(
        {"id": ["QRO", "XXX"], "name": ["Q", "X"], "lon": [-100.19, -100], "lat": [20.62, 20]}
    )
    result = compare_airports(airports, _reference())
    assert result.rows[0]["dist_km"] < 1 and result.rows[1]["reference"] is None


def _retc(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["parqueindustrial", "estado", "municipio", "lon", "lat"])


def _parks_for_retc() -> pd.DataFrame:
    rows = [
        ("pibq", "Parque Industrial Bernardo Quintana", "Querétaro", "El Marqués", -100.30, 20.64),
        ("cic", "Ciudad Industrial Celaya", "Guanajuato", "Celaya", -100.78, 20.55),
        (
            "zislp",
            "Zona Industrial de San Luis Potosí",
            "San Luis Potosí",
            "San Luis Potosí",
            -100.925,
            22.105,
        ),
        ("piq", "Parque Industrial Querétaro", "Querétaro", "Querétaro", -100.44, 20.78),
    ]
    frame = pd.DataFrame(rows, columns=["id", "name", "state", "municipality", "lon", "lat"])
    frame["accuracy_m"] = 10000
    return frame


def test_retc_names_confirm_parks_and_give_the_median_distance() -> None:
    retc = _retc(
        [
            ("PARQUE IND. BERNARDO QUINTANA", "Querétaro", "El Marqués", -100.30, 20.64),
            ("PARQUE INDUSTRIAL BERNARDO QUINTANA", "Querétaro", "El Marqués", -100.30, 20.66),
            ("Parque Industrial Bernardo Quintana", "Querétaro", "El Marqués", -100.30, 20.70),
            ("Celaya", "Guanajuato", "Celaya", -100.8, 20.5),  # a place name, not a park
            ("ZONA INDUSTRIAL", "San Luis Potosí", "San Luis Potosí", -100.925, 22.105),
            ("PARQUE INDUSTRIAL", "Querétaro", "Querétaro", -100.0, 20.0),  # bare: confirms nothing
            ("PARQUE INDUSTRIAL QUERETARO", "Querétaro", "Corregidora", -100.4, 20.5),  # elsewhere
        ]
    )
    result = compare_parks_with_retc(_parks_for_retc(), retc)
    by_id = {r["id"]: r for r in result.rows}
    assert by_id["pibq"]["n_establishments"] == 3
    # median of the three latitudes is 20.66: 0.02° of latitude ≈ 2.21 km
    assert by_id["pibq"]["dist_km"] == pytest.approx(2.21, abs=0.01)
    assert not by_id["cic"]["confirmed"]
    assert by_id["zislp"]["confirmed"] and by_id["zislp"]["dist_km"] == 0.0
    assert not by_id["piq"]["confirmed"]
    assert "Corregidora" in by_id["piq"]["named_elsewhere"]
    assert result.passed and result.informative
    assert result.summary.startswith("2 of 4 parks confirmed")


def test_retc_fuzzy_words_and_stage_numbers() -> None:
    parks = pd.DataFrame(
        [
            (
                "lg",
                "Logistik Industrial Park",
                "San Luis Potosí",
                "Villa de Reyes",
                -100.9,
                21.96,
                10000,
            )
        ],
        columns=["id", "name", "state", "municipality", "lon", "lat", "accuracy_m"],
    )
    retc = _retc(
        [
            (
                "PARQUE INDUSTRIAL LOGISTIK II ETAPA",
                "San Luis Potosí",
                "Villa de Reyes",
                -100.9,
                21.96,
            ),
            ("LOGISTICK", "San Luis Potosí", "Villa de Reyes", -100.9, 21.96),
        ]
    )
    assert compare_parks_with_retc(parks, retc).rows[0]["n_establishments"] == 2


# --------------------------------------------------------------------------------------------
# the script


def test_main_says_when_the_reference_is_absent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--reference-dir", str(tmp_path / "absent")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main([], default_reference_dir=tmp_path / "absent") == 0
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("skipped: no reference data")


def test_main_on_a_small_reference_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "seaports.csv").write_text(
        "id,name,state,coast,lon,lat,accuracy_m,source\n"
        "MXZLO,Manzanillo,Colima,Pacific,-104.295,19.07,1500,s\n",
        encoding="utf-8",
    )
    reference = tmp_path / "reference"
    reference.mkdir()
    _reference().assign(state="", source="").to_csv(reference / "reference_points.csv", index=False)
    args = ["--data-dir", str(data), "--reference-dir", str(reference)]
    assert main([*args, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["reference_dir"] == str(reference)
    (result,) = payload["results"]
    assert result["name"] == "reference:seaports"
    assert result["rows"][0]["reference"] == "Manzanillo"
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Reference comparison" in out and "MXZLO" in out  # every compared row is listed
    # a point moved 30 km fails its tolerance: exit 1
    (data / "seaports.csv").write_text(
        "id,name,state,coast,lon,lat,accuracy_m,source\n"
        "MXZLO,Manzanillo,Colima,Pacific,-104.0,19.07,1500,s\n",
        encoding="utf-8",
    )
    assert main(args) == 1


def test_nothing_to_compare_is_informative(tmp_path: Path) -> None:
    report = compare_reference(tmp_path, tmp_path)
    (result,) = report.results
    assert result.passed and result.informative and "nothing to compare" in result.summary


@pytest.mark.slow
def test_embedded_points_against_reference(shared_data: Path) -> None:
    """Crossings and seaports sit within the reference tolerances; parks are confirmed by RETC."""
    report = compare_reference(DATA, shared_data)
    crossings = report.get("reference:border_crossings")
    assert crossings.passed, crossings.summary
    assert sum(r["reference"] is not None for r in crossings.rows) >= 25
    seaports = report.get("reference:seaports")
    assert seaports.passed and sum(r["reference"] is not None for r in seaports.rows) == 11
    airports = report.get("reference:airports")
    assert airports.passed, airports.summary
    retc = report.get("reference:parks_retc")
    confirmed = [r for r in retc.rows if r["confirmed"]]
    assert len(confirmed) >= 70
    assert float(np.median([r["dist_km"] for r in confirmed])) < 10
