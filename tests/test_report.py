"""Tests for siteselect.report: JSON/CSV/GeoJSON documents, the rich table, atomic writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from siteselect.config import load_search
from siteselect.errors import OutputError
from siteselect.pipeline import RunResult, run
from siteselect.report import (
    build_csv,
    build_geojson,
    build_json,
    compute_drivers,
    format_from_path,
    render_output,
    render_shortlist,
    write_text,
)


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run(load_search(profile="logistics", top=12))


def test_json_follows_the_contract(result: RunResult) -> None:
    doc = build_json(result)
    assert doc["method"] == "wsm"
    assert sum(doc["weights"].values()) == pytest.approx(1.0)
    assert doc["weights_note"] == "weights normalised to sum to 1"
    assert [r["rank"] for r in doc["results"]] == list(range(1, 13))
    first = doc["results"][0]
    assert {"id", "name", "rank", "score", "criteria"} <= set(first)
    for entry in first["criteria"].values():
        assert set(entry) == {"raw", "unit", "normalised", "contribution"}
    # WSM: contributions add up to the score.
    total = sum(e["contribution"] for e in first["criteria"].values())
    assert total == pytest.approx(first["score"], abs=1e-5)
    assert doc["eliminated"] == []
    assert "rent" in doc["illustrative"]
    assert any("OpenStreetMap" in line for line in doc["provenance"])


def test_geojson_is_rfc7946_in_rank_order(result: RunResult) -> None:
    doc = build_geojson(result)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    ranks = [f["properties"]["rank"] for f in doc["features"]]
    assert ranks == sorted(ranks) == list(range(1, 13))
    for feature in doc["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -118 < lon < -86 and 14 < lat < 33  # lon/lat order, EPSG:4326
        assert feature["geometry"]["type"] == "Point"


def test_csv_has_one_row_per_candidate(result: RunResult) -> None:
    lines = build_csv(result).splitlines()
    assert lines[0].startswith("rank,id,name,corridor,state,score")
    assert lines[0].endswith(",illustrative_inputs,provenance")
    assert len(lines) == 13
    assert lines[1].startswith("1,")
    assert "rent" in lines[1] and "OpenStreetMap" in lines[1]


def test_outputs_are_byte_identical_across_runs(result: RunResult) -> None:
    again = run(load_search(profile="logistics", top=12))
    for fmt in ("json", "csv", "geojson"):
        assert render_output(result, fmt) == render_output(again, fmt)


def test_the_table_names_drivers_and_provenance(result: RunResult) -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=200, no_color=True).print(render_shortlist(result))
    text = buffer.getvalue()
    assert "Helped most" in text and "Hurt most" in text
    assert "weights normalised to sum to 1" in text
    assert "illustrative values" in text
    assert "OpenStreetMap" in text
    top_id = str(result.shortlist.index[0])
    helped, _hurt = compute_drivers(result, top_id)
    assert helped and set(helped) <= set(result.weights)


def test_format_from_suffix() -> None:
    assert format_from_path(Path("a.geojson"), None) == "geojson"
    assert format_from_path(Path("a.csv"), None) == "csv"
    assert format_from_path(Path("a.csv"), "json") == "json"
    assert format_from_path(None, None) == "table"
    with pytest.raises(OutputError, match="cannot tell the format"):
        format_from_path(Path("a.xyz"), None)


def test_write_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_text(target, "one")
    with pytest.raises(OutputError, match="use --force"):
        write_text(target, "two")
    assert target.read_text() == "one"
    write_text(target, "three", force=True)
    assert target.read_text() == "three"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind
    with pytest.raises(OutputError, match="does not exist"):
        write_text(tmp_path / "missing" / "x.json", "x")


def test_geojson_needs_locations(tmp_path: Path, alternatives_csv: Path) -> None:
    from siteselect.config import read_config
    from tests.conftest import write_config

    text = (
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "cost"\nmeasure = "attribute"\n'
        'column = "cost"\ndirection = "min"\nweight = 1\n'
    )
    res = run(read_config(write_config(tmp_path, text)))
    with pytest.raises(OutputError, match="no locations"):
        build_geojson(res)
    assert json.loads(render_output(res, "json"))["results"][0]["id"] == "b"
