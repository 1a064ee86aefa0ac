"""CLI tests for `siteselect rank`: formats, files, exit codes, the default search."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tests.test_cli import run_main

DATA = Path(__file__).resolve().parents[1] / "data"


def test_default_search_spans_both_corridors() -> None:
    code, out, err = run_main(["rank", "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["results"]) >= 10
    assert {r["corridor"] for r in doc["results"]} == {"bajio", "northeast"}


def test_geojson_file_then_refusal_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.geojson"
    code, out, err = run_main(["rank", "--profile", "electronics", "-o", str(target)])
    assert code == 0, err
    assert out == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    ranks = [f["properties"]["rank"] for f in doc["features"]]
    ranked = [r for r in ranks if r is not None]
    assert ranked == sorted(ranked) and ranks[: len(ranked)] == ranked
    before = target.read_bytes()
    code, _, err = run_main(["rank", "--profile", "electronics", "-o", str(target)])
    assert code != 0
    assert "use --force" in err and len(err.strip().splitlines()) == 1
    assert target.read_bytes() == before
    code, _, err = run_main(["rank", "--profile", "electronics", "-o", str(target), "--force"])
    assert code == 0, err
    assert target.read_bytes() == before  # deterministic


def test_user_csv_ranks_from_the_command_line(tmp_path: Path, alternatives_csv: Path) -> None:
    cfg = tmp_path / "alts.toml"
    cfg.write_text(
        '[search]\nmethod = "topsis"\n[candidates]\npath = "alts.csv"\n'
        '[[criteria]]\nname = "cost"\nmeasure = "attribute"\ncolumn = "cost"\n'
        'direction = "min"\nweight = 1\n'
        '[[criteria]]\nname = "quality"\nmeasure = "attribute"\ncolumn = "quality"\n'
        'direction = "max"\nweight = 1\n',
        encoding="utf-8",
    )
    code, out, err = run_main(["rank", "--config", str(cfg), "--format", "csv"])
    assert code == 0, err
    assert out.splitlines()[0].startswith("rank,id,name")
    assert len(out.splitlines()) == 5


def test_infeasible_constraints_exit_4(tmp_path: Path) -> None:
    cfg = tmp_path / "tight.toml"
    cfg.write_text(
        '[[criteria]]\nname = "wage"\nmeasure = "attribute"\ncolumn = "min_wage_mxn_day"\n'
        'direction = "min"\nweight = 1\n'
        '[[constraints]]\ncolumn = "min_wage_mxn_day"\nmax = 100\n',
        encoding="utf-8",
    )
    parks = pd.read_csv(DATA / "parks.csv")
    n = int(parks["corridor"].isin(["bajio", "northeast"]).sum())  # the default corridors
    code, out, err = run_main(["rank", "--config", str(cfg)])
    assert code == 4
    assert f"eliminate all {n} candidates" in err and f"removes {n}" in err
    assert out == ""


def test_missing_column_and_unknown_corridor_messages(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(
        '[[criteria]]\nname = "x"\nmeasure = "attribute"\ncolumn = "no_such_column"\n'
        'direction = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    code, _, err = run_main(["rank", "--config", str(cfg)])
    assert code == 3
    assert "criteria[0] ('x'): column 'no_such_column' is not a column" in err
    code, _, err = run_main(["rank", "--corridor", "yucatan"])
    assert code == 2
    assert "unknown corridor 'yucatan'" in err


def test_user_csv_with_swapped_coordinates_is_one_line_exit_3(tmp_path: Path) -> None:
    (tmp_path / "parks.csv").write_text(
        "id,name,lat,lon\na,A,-100.3,25.6\n", encoding="utf-8"
    )  # columns in the right place, values swapped (every row: the file is unusable)
    cfg = tmp_path / "s.toml"
    cfg.write_text(
        '[candidates]\npath = "parks.csv"\n[[criteria]]\nname = "port"\nmeasure = "distance"\n'
        'to = "seaports"\ndirection = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    code, out, err = run_main(["rank", "--config", str(cfg)])
    assert code == 3
    assert "look swapped" in err and "exchange the lon and lat" in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_user_points_rank_with_distances(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(
        "id,name,lon,lat\nmty,Monterrey site,-100.31,25.67\nqro,Querétaro site,-100.39,20.59\n",
        encoding="utf-8",
    )
    cfg = tmp_path / "s.toml"
    cfg.write_text(
        '[search]\nmethod = "wsm"\n[candidates]\npath = "sites.csv"\n'
        '[[criteria]]\nname = "border"\nmeasure = "distance"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    code, out, err = run_main(["rank", "--config", str(cfg), "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert [r["id"] for r in doc["results"]] == ["mty", "qro"]
    assert {r["corridor"] for r in doc["results"]} == {"northeast", "bajio"}  # located by polygon
    assert doc["results"][0]["criteria"]["border"]["unit"] == "km"


SITES = (
    "id,name,lon,lat\n"
    "qro,Querétaro site,-100.40,20.60\n"
    "leon,León site,-101.60,21.10\n"
    "tij,Tijuana site,-116.93,32.50\n"
)


def test_a_profile_ranks_the_users_own_sites_with_candidates(tmp_path: Path) -> None:
    """--candidates: the profile's criteria on the user's sites instead of the embedded parks;
    the corridor filter applies as to any candidates, and the API gives the same scores."""
    import siteselect as ss

    sites = tmp_path / "sites.csv"
    sites.write_text(SITES, encoding="utf-8")
    code, out, err = run_main(
        ["rank", "--profile", "electronics", "--candidates", str(sites), "--format", "json"]
    )
    assert code == 0, err
    doc = json.loads(out)
    assert {r["id"] for r in doc["results"]} == {"qro", "leon"}
    assert [e["id"] for e in doc["eliminated"]] == ["tij"]
    assert "outside the selected corridors (northwest)" in doc["eliminated"][0]["reason"]
    assert doc["considered"] == 2 and doc["profile"] == "electronics"
    code, out, err = run_main(
        ["rank", "-p", "electronics", "--candidates", str(sites), "--corridor", "all", "-f", "json"]
    )
    assert code == 0, err
    national = {r["id"]: r["score"] for r in json.loads(out)["results"]}
    assert set(national) == {"qro", "leon", "tij"}
    api = ss.rank(profile="electronics", candidates=sites, corridors=["all"])
    for cid, score in national.items():
        assert abs(float(api.ranking.loc[cid, "score"]) - score) < 1e-6


def test_a_format_the_file_suffix_contradicts_is_refused(tmp_path: Path) -> None:
    """Found by a new user: `-o y.csv --format geojson` wrote GeoJSON into a .csv."""
    target = tmp_path / "y.csv"
    code, out, err = run_main(["rank", "-o", str(target), "--format", "geojson"])
    assert code == 2 and "says csv but --format says geojson" in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not target.exists() and out == ""


def test_candidates_errors_are_one_line(tmp_path: Path) -> None:
    code, _, err = run_main(["rank", "--candidates", str(tmp_path / "none.csv")])
    assert code == 3 and "does not exist" in err and "Traceback" not in err
    sites = tmp_path / "sites.csv"
    sites.write_text(SITES, encoding="utf-8")
    code, _, err = run_main(["surface", "--candidates", str(sites)])
    assert code == 2 and "surface scores a grid" in err
