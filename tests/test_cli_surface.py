"""CLI tests for `siteselect surface`: zones on stdout, files, refusals, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run_main


def test_zones_as_json_with_a_raster_and_a_map(tmp_path: Path) -> None:
    tif, png = tmp_path / "score.tif", tmp_path / "map.png"
    args = ["surface", "--corridor", "bajio", "--res", "6", "--top", "4", "--format", "json"]
    code, out, err = run_main([*args, "-o", str(tif), "--png", str(png)])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["surface"]["res"] == 6 and doc["surface"]["corridors"] == ["bajio"]
    assert 4000 < doc["surface"]["cells"] < 5000
    assert [z["zone"] for z in doc["zones"]] == [1, 2, 3, 4]
    best = [z["score_max"] for z in doc["zones"]]
    assert best == sorted(best, reverse=True)
    assert {z["state"] for z in doc["zones"]} <= {
        "Aguascalientes",
        "Guanajuato",
        "Jalisco",
        "Querétaro",
        "San Luis Potosí",
    }
    from siteselect.config import load_search
    from siteselect.criteria import get_measure

    cfg = load_search(profile="default")
    parks_only = [c.name for c in cfg.criteria if not get_measure(c.measure).needs_location]
    assert [x["name"] for x in doc["surface"]["left_out"]] == parks_only
    shed = next(c.name for c in cfg.criteria if c.measure == "population_within")
    assert doc["zones"][0]["raw"][shed]["unit"] == "people"
    assert "scored" in err and "wrote" in err
    assert tif.read_bytes()[:2] in (b"II", b"MM")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_on_stdout_and_geoparquet(tmp_path: Path) -> None:
    import geopandas as gpd

    target = tmp_path / "cells.parquet"
    code, out, err = run_main(["surface", "--corridor", "bajio", "--res", "6", "-o", str(target)])
    assert code == 0, err
    assert "the best 10 zones" in out
    frame = gpd.read_parquet(target)
    assert {"cell", "lon", "lat", "eligible", "score", "geometry"} <= set(frame.columns)
    assert any(c.endswith("_people") for c in frame.columns)
    assert frame.crs.to_epsg() == 4326
    code, _, err = run_main(["surface", "--corridor", "bajio", "--res", "6", "-o", str(target)])
    assert code != 0 and "use --force" in err and len(err.strip().splitlines()) == 1


def test_cells_geojson_carries_provenance_and_six_decimals(tmp_path: Path) -> None:
    """Found by a new user: `-o s.geojson` had no `siteselect` member and 16 decimals."""
    import re

    target = tmp_path / "s.geojson"
    args = ["surface", "--corridor", "bajio", "--res", "6", "--top", "3", "-o", str(target)]
    code, _, err = run_main(args)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    block = json.loads(text)["siteselect"]
    assert block["profile"] == "default" and block["corridors"] == ["bajio"]
    assert any("ODbL" in s["licence"] for s in block["sources"])
    assert max(len(d) for d in re.findall(r"\d\.(\d+)", text[: text.index('"siteselect"')])) <= 6


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "cells.csv"], 2, "cannot tell the format"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], 2, "not both"),
        (["--top", "0"], 2, "--top"),
        (["--quantile", "1.5"], 2, "--quantile"),
        (["--res", "12"], 2, "Invalid value for '--res'"),
        (["--corridor", "yucatan"], 2, "unknown corridor"),
        (["--partition-size", "0"], 2, "partition_size"),
        (["--partition-size", "1"], 2, "--partition-size: at least 1,000 cells, got 1"),
        (["--png", "map.jpg"], 2, "--png map.jpg: the map is a PNG picture"),
    ],
)
def test_bad_options_exit_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    got, _, err = run_main(["surface", "--res", "6", *args])
    assert got == code and message in err, err
    assert err.strip().splitlines()[-1].count("Error") == 1
    assert list(tmp_path.iterdir()) == []  # refused before anything is written


def test_help_does_not_offer_candidates_that_surface_refuses() -> None:
    code, out, _ = run_main(["surface", "--help"])
    assert code == 0 and "--res" in out and "--candidates" not in out
    code, out, _ = run_main(["rank", "--help"])
    assert code == 0 and "--candidates" in out
