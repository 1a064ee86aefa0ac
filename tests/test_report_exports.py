"""Tests for siteselect.report.exports: JSON, CSV and GeoJSON documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siteselect.api import run
from siteselect.config import load_search
from siteselect.errors import ConfigError, OutputError
from siteselect.report import (
    build_rank_csv,
    build_rank_geojson,
    build_rank_json,
    format_from_path,
    render_rank_output,
)
from siteselect.results import RankResult


@pytest.fixture(scope="module")
def result(logistics_ranking: RankResult) -> RankResult:
    return logistics_ranking


def test_json_follows_the_contract(result: RankResult) -> None:
    doc = build_rank_json(result)
    assert doc["method"] == "wsm"
    assert sum(doc["weights"].values()) == pytest.approx(1.0)
    assert doc["weights_note"] == "weights normalised to sum to 1"
    # the shortlist and the parks the [shortlist] rule held back fill the ranking without gaps
    ranks = [r["rank"] for r in doc["results"]]
    held = [h["rank"] for h in doc["held_back"]]
    assert len(ranks) == 12 and ranks == sorted(ranks)
    assert sorted(ranks + held) == list(range(1, ranks[-1] + 1))
    first = doc["results"][0]
    assert {"id", "name", "rank", "score", "criteria"} <= set(first)
    for name, entry in first["criteria"].items():
        assert {"raw", "unit", "normalised", "contribution"} <= set(entry)
        measure = result.measures[name]
        # Measures that reach a feature say which one the score used.
        assert ("nearest" in entry) == (measure.nearest is not None)
        if measure.nearest is not None:
            assert set(entry["nearest"]) == {"layer", "id", "name"}
    # WSM: contributions add up to the score.
    total = sum(e["contribution"] for e in first["criteria"].values())
    assert total == pytest.approx(first["score"], abs=1e-5)
    # the parks of the other corridors, set aside with their reason (the profile searches two)
    assert {e["stage"] for e in doc["eliminated"]} == {"corridor"}
    assert all(
        e["reason"].startswith("outside the selected corridors (") for e in doc["eliminated"]
    )
    assert len(doc["eliminated"]) == len(result.removed)
    # the shipped profiles score measured layers only
    assert doc["illustrative"] == []
    assert all(r["illustrative"] == [] for r in doc["results"])
    assert any("OpenStreetMap" in line for line in doc["provenance"])
    # The same provenance block as every export: tool, version, config hash, dated sources.
    block = build_rank_geojson(result)["siteselect"]
    keys = ("tool", "version", "config_sha256", "criteria", "sources")
    assert doc["build"] == {k: block[k] for k in keys}
    assert [c["name"] for c in doc["build"]["criteria"]] == list(result.weights)
    assert {"highways", "parks"} <= {s["name"] for s in doc["build"]["sources"]}


def test_geojson_is_rfc7946_in_rank_order(result: RankResult) -> None:
    doc = build_rank_geojson(result)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    ranked = [f for f in doc["features"] if f["properties"]["rank"] is not None]
    ranks = [f["properties"]["rank"] for f in ranked]
    # the shortlist and the parks the [shortlist] rule held back, in rank order, no gaps
    assert ranks == sorted(ranks) == list(range(1, len(ranks) + 1))
    status = [f["properties"]["shortlist"] for f in ranked]
    assert status.count("selected") == 12
    assert status.count("held back") == len(result.held_back) > 0
    # then every park set aside, in the same document (no score, still located)
    assert doc["features"][: len(ranked)] == ranked
    assert len(doc["features"]) == len(ranked) + len(result.removed)
    assert all(f["geometry"] is not None for f in doc["features"][len(ranked) :])
    for feature in ranked:
        props = feature["properties"]
        assert props["metro"] and props["metro_name"]
        assert (props["shortlist_reason"] is None) == (props["shortlist"] == "selected")
    for feature in ranked:
        lon, lat = feature["geometry"]["coordinates"]
        assert -118 < lon < -86 and 14 < lat < 33  # lon/lat order, EPSG:4326
        assert feature["geometry"]["type"] == "Point"
        # the crossing and port each park was scored with
        assert feature["properties"]["border_nearest_id"] in {
            "world-trade-bridge",
            "colombia-solidarity",
        }
        assert str(feature["properties"]["seaport_nearest_id"]).startswith("MX")


def test_csv_has_one_row_per_candidate(result: RankResult) -> None:
    lines = build_rank_csv(result).splitlines()
    assert lines[0].startswith("rank,id,name,corridor,state,score")
    # The columns the shortlist rule added come last. The provenance is not a column: it goes
    # once beside a CSV file (FILE.provenance.json).
    header = lines[0].split(",")
    assert header[-5:] == [
        "illustrative_inputs",
        "metro",
        "metro_name",
        "shortlist",
        "shortlist_reason",
    ]
    assert "provenance" not in header
    assert ",border_nearest_id," in lines[0] and ",freight_lane_nearest_id," in lines[0]
    # the shortlist, the parks held back, then the parks set aside
    assert len(lines) == 1 + 12 + len(result.held_back) + len(result.removed)
    assert lines[1].startswith("1,")
    assert "OpenStreetMap" not in lines[1]
    assert lines[1].endswith(",")  # no illustrative inputs


def test_parks_removed_by_the_corridor_filter_keep_where_they_lie(result: RankResult) -> None:
    """A park outside the searched corridors is listed with its corridor, state and
    municipality in the exports (they were once empty: a user filtering by state lost it)."""
    doc = build_rank_geojson(result)
    removed = [
        f["properties"]
        for f in doc["features"]
        if f["properties"]["status"] == "eliminated"
        and f["properties"]["eliminated_stage"] == "corridor"
    ]
    assert removed
    frame = result.eliminated
    for props in removed:
        assert props["corridor"] and props["state"] and props["municipality"], props
        assert props["corridor"] == frame.loc[props["id"], "corridor"]
        assert props["corridor"] in props["eliminated_reason"]


def test_outputs_are_byte_identical_across_runs(result: RankResult) -> None:
    again = run(load_search(profile="logistics", top=12))
    for fmt in ("json", "csv", "geojson"):
        assert render_rank_output(result, fmt) == render_rank_output(again, fmt)


def test_format_from_suffix() -> None:
    assert format_from_path(Path("a.geojson"), None) == "geojson"
    assert format_from_path(Path("a.csv"), None) == "csv"
    assert format_from_path(Path("a.json"), "geojson") == "geojson"  # GeoJSON is JSON
    assert format_from_path(Path("a.txt"), "csv") == "csv"  # .txt: any text
    assert format_from_path(Path("a.dat"), "csv") == "csv"  # a suffix that says nothing
    assert format_from_path(Path("-"), "geojson") == "geojson"
    with pytest.raises(ConfigError, match=r"-o a\.csv says csv but --format says json"):
        format_from_path(Path("a.csv"), "json")
    with pytest.raises(ConfigError, match=r"-o y\.csv says csv but --format says geojson"):
        format_from_path(Path("y.csv"), "geojson")
    assert format_from_path(None, None) == "table"
    with pytest.raises(OutputError, match="cannot tell the format"):
        format_from_path(Path("a.xyz"), None)


def test_geojson_needs_locations(tmp_path: Path, alternatives_csv: Path) -> None:
    from siteselect.config import read_config
    from tests.conftest import write_config

    text = (
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "cost"\nmeasure = "attribute"\n'
        'column = "cost"\ndirection = "min"\nweight = 1\n'
    )
    res = run(read_config(write_config(tmp_path, text)))
    with pytest.raises(OutputError, match="no locations"):
        build_rank_geojson(res)
    assert json.loads(render_rank_output(res, "json"))["results"][0]["id"] == "b"


def test_csv_neutralises_formulas_in_text_cells(tmp_path: Path) -> None:
    from siteselect.config import read_config
    from tests.conftest import write_config

    (tmp_path / "alts.csv").write_text(
        'id,name,cost\na,=HYPERLINK("http://x"),1\nb,@SUM(A1),2\nc,+cmd|calc,3\n-d,-minus,4\n',
        encoding="utf-8",
    )
    text = (
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "cost"\nmeasure = "attribute"\n'
        'column = "cost"\ndirection = "max"\nweight = 1\n'
    )
    res = run(read_config(write_config(tmp_path, text)))
    lines = build_rank_csv(res).splitlines()[1:]
    assert lines[0].startswith("1,'-d,'-minus,")
    assert "'=HYPERLINK" in lines[3] and "'@SUM" in lines[2] and "'+cmd" in lines[1]
    raw = build_rank_csv(res, raw_csv=True)
    assert ",=HYPERLINK" in raw.replace('"', "")
    # Negative numbers are numbers, not formulas (the metro columns hold the ids: text).
    assert "'-" not in "".join(line.split(",", 3)[3].split(",'-d,'-d,")[0] for line in lines)


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> RankResult:
    """A search on the user's own rents, declared illustrative, with a constraint on them."""
    folder = tmp_path_factory.mktemp("declared")
    (folder / "rents.csv").write_text(
        "id,rent_usd_m2_month\nparque-industrial-queretaro,6.1\nfinsa-guadalupe,7.2\n"
        "parque-industrial-monterrey,6.9\n",
        encoding="utf-8",
    )
    (folder / "s.toml").write_text(
        '[search]\ncorridors = ["all"]\ntop = 3\n'
        '[candidates]\nattributes = "rents.csv"\nillustrative = ["rent_usd_m2_month"]\n'
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n'
        '[[criteria]]\nname = "solar"\nmeasure = "raster"\nto = "solar"\n'
        'direction = "max"\nweight = 1\n'
        '[[constraints]]\nname = "rent known"\ncolumn = "rent_usd_m2_month"\nmax = 100\n',
        encoding="utf-8",
    )
    from siteselect.errors import DataNote

    with pytest.warns(DataNote, match="joined 3 of"):
        return run(load_search(config_path=folder / "s.toml"))


def test_declared_illustrative_columns_are_flagged_in_every_format(declared: RankResult) -> None:
    flagged = ["rent", "constraint: rent known"]
    doc = build_rank_json(declared)
    assert doc["illustrative"] == flagged
    assert len(doc["results"]) == 3
    for entry in doc["results"]:
        assert entry["illustrative"] == flagged
        assert entry["criteria"]["rent"]["illustrative"] is True
        assert "illustrative" not in entry["criteria"]["solar"]
    assert doc["constraints"] == [
        {
            "constraint": "rent known",
            "removed": len(declared.candidates.frame) - 3,
            "illustrative": True,
        }
    ]
    assert any("reads illustrative values" in n for n in doc["notes"])
    geo = build_rank_geojson(declared)
    assert all(f["properties"]["illustrative_inputs"] == ";".join(flagged) for f in geo["features"])
    assert geo["siteselect"]["illustrative"] == flagged
    rows = build_rank_csv(declared).splitlines()
    assert all("rent;constraint: rent known" in line for line in rows[1:])


@pytest.mark.parametrize(
    "profile",
    ["default", "automotive-tier1", "aerospace", "electronics", "logistics", "medical-devices"],
)
def test_shipped_profiles_score_measured_layers_only(profile: str) -> None:
    doc = build_rank_json(run(load_search(profile=profile)))
    assert doc["illustrative"] == []
    assert all(r["illustrative"] == [] for r in doc["results"])
    credits = " ".join(doc["provenance"])
    # people come from CONAPO; parks' municipalities and the boundaries from INEGI
    assert "CONAPO" in credits and "INEGI" in credits and "OpenStreetMap" in credits


def test_csv_cells_carry_no_terminal_control(tmp_path: Path) -> None:
    """A CSV printed on a terminal must not clear it or set its title."""
    from siteselect.config import read_config
    from tests.conftest import write_config

    (tmp_path / "alts.csv").write_text(
        "id,name,cost\na,Esc\x1b[2J\x1b]0;pwned\x07name,1\nb,plain,2\n", encoding="utf-8"
    )
    text = (
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "cost"\nmeasure = "attribute"\n'
        'column = "cost"\ndirection = "max"\nweight = 1\n'
    )
    res = run(read_config(write_config(tmp_path, text)))
    out = build_rank_csv(res)
    assert "\x1b" not in out and "\x07" not in out
    assert "Esc[2J]0;pwnedname" in out
