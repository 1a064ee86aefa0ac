"""Tests for siteselect.api: a user's table of alternatives, constraints, weights, results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from siteselect.api import rank, run
from siteselect.config import read_config
from siteselect.errors import DataError, DataNote, InfeasibleError
from tests.conftest import write_config

ATTRIBUTE_ONLY = """
[profile]
name = "alts"
[search]
method = "{method}"
top = 3
[candidates]
path = "alts.csv"
[[criteria]]
name = "cost"
measure = "attribute"
column = "cost"
direction = "min"
weight = 2
[[criteria]]
name = "quality"
measure = "attribute"
column = "quality"
direction = "max"
weight = 1
[[criteria]]
name = "risk"
measure = "attribute"
column = "risk"
direction = "min"
weight = 1
"""


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee", "vikor"])
def test_a_table_without_coordinates_ranks_with_attribute_criteria(
    tmp_path: Path, alternatives_csv: Path, method: str
) -> None:
    cfg = read_config(write_config(tmp_path, ATTRIBUTE_ONLY.format(method=method)))
    result = run(cfg)
    table = result.scores.table
    assert sorted(table.index) == ["a", "b", "c", "d"]
    assert list(table["rank"]) == [1, 2, 3, 4]
    assert result.weights == pytest.approx({"cost": 0.5, "quality": 0.25, "risk": 0.25})
    assert result.provenance[0].startswith("candidates:")
    assert result.shortlist.shape[0] == 3


def test_wsm_on_a_table_matches_a_hand_computation(tmp_path: Path, alternatives_csv: Path) -> None:
    """Min-max values by hand: cost (min) 100,80,120,90 -> .5, 1, 0, .75; quality (max)
    7,5,9,6 -> .5, 0, 1, .25; risk (min) .2,.4,.1,.3 -> 2/3, 0, 1, 1/3.
    Scores with weights .5/.25/.25: a .5417, b .5, c .5, d .5208; b and c tie, broken by id."""
    cfg = read_config(write_config(tmp_path, ATTRIBUTE_ONLY.format(method="wsm")))
    table = run(cfg).scores.table
    assert list(table.index) == ["a", "d", "b", "c"]
    assert table.loc["a", "score"] == pytest.approx(0.25 + 0.125 + 0.25 * 2 / 3)
    assert table.loc["b", "score"] == pytest.approx(table.loc["c", "score"])


def test_distance_criteria_need_coordinates(tmp_path: Path, alternatives_csv: Path) -> None:
    text = ATTRIBUTE_ONLY.format(method="wsm") + (
        '[[criteria]]\nname = "port"\nmeasure = "distance"\nto = "seaports"\n'
        'direction = "min"\nweight = 1\n'
    )
    cfg = read_config(write_config(tmp_path, text))
    with pytest.raises(DataError, match="no coordinate columns"):
        run(cfg)


def test_constraints_that_remove_everyone_are_infeasible(
    tmp_path: Path, alternatives_csv: Path
) -> None:
    text = ATTRIBUTE_ONLY.format(method="wsm") + (
        '[[constraints]]\ncolumn = "cost"\nmax = 85\n[[constraints]]\ncolumn = "quality"\nmin = 8\n'
    )
    cfg = read_config(write_config(tmp_path, text))
    with pytest.raises(InfeasibleError, match=r"'cost <= 85' removes 3, 'quality >= 8' removes 3"):
        run(cfg)


def test_duplicate_ids_and_missing_id_column(tmp_path: Path) -> None:
    (tmp_path / "alts.csv").write_text(
        "id,cost,quality,risk\na,1,1,1\na,2,2,2\nb,3,2,1\nc,2,3,1\n", encoding="utf-8"
    )
    cfg = read_config(write_config(tmp_path, ATTRIBUTE_ONLY.format(method="wsm")))
    result = run(cfg)
    assert sorted(result.ranking.index) == ["a", "b", "c"]
    gone = result.eliminated
    assert list(gone.index) == ["a (row 2)"]
    assert gone.loc["a (row 2)", "stage"] == "input"
    assert gone.loc["a (row 2)", "reason"] == "row 2: duplicate id 'a' (row 1 is kept)"
    (tmp_path / "alts.csv").write_text("id,cost,quality,risk\na,1,1,1\na,2,2,2\na,3,3,3\n")
    with pytest.raises(DataError, match=r"2 of 3 rows cannot be candidates .*duplicate id 'a'"):
        run(cfg)
    (tmp_path / "alts.csv").write_text(
        "key,cost,quality,risk\na,1,1,1\nb,2,2,2\n", encoding="utf-8"
    )
    # No id key and no id-like column: candidates are called by row number, and it is said.
    with pytest.warns(DataNote, match="no id column: candidates are called by row number"):
        assert sorted(run(cfg).ranking.index) == ["row 1", "row 2"]
    text = ATTRIBUTE_ONLY.format(method="wsm").replace(
        'path = "alts.csv"', 'path = "alts.csv"\nid = "id"'
    )
    with pytest.raises(DataError, match="no id column 'id'"):
        run(read_config(write_config(tmp_path, text)))


def test_ahp_weights_from_the_config(tmp_path: Path, alternatives_csv: Path) -> None:
    """A consistent pairwise matrix (a_ij = w_i / w_j) gives back w exactly: 4/7, 2/7, 1/7."""
    (tmp_path / "pairwise.csv").write_text(
        ",cost,quality,risk\ncost,1,2,4\nquality,1/2,1,2\nrisk,1/4,1/2,1\n", encoding="utf-8"
    )
    text = (
        ATTRIBUTE_ONLY.format(method="wsm") + '[weights]\nmethod = "ahp"\nmatrix = "pairwise.csv"\n'
    )
    result = run(read_config(write_config(tmp_path, text)))
    assert result.weights_method == "ahp"
    assert result.weights == pytest.approx({"cost": 4 / 7, "quality": 2 / 7, "risk": 1 / 7})


def test_entropy_weights_from_the_config(tmp_path: Path, alternatives_csv: Path) -> None:
    from siteselect.mcda import compute_entropy_weights

    text = ATTRIBUTE_ONLY.format(method="topsis") + '[weights]\nmethod = "entropy"\n'
    result = run(read_config(write_config(tmp_path, text)))
    expected = compute_entropy_weights(result.raw, {"cost": "min", "quality": "max", "risk": "min"})
    assert result.weights == pytest.approx(expected)
    assert sum(result.weights.values()) == pytest.approx(1.0)


def test_ahp_matrix_must_name_the_criteria(tmp_path: Path, alternatives_csv: Path) -> None:
    from siteselect.errors import ConfigError

    (tmp_path / "pairwise.csv").write_text(",cost,speed\ncost,1,2\nspeed,1/2,1\n", encoding="utf-8")
    text = (
        ATTRIBUTE_ONLY.format(method="wsm") + '[weights]\nmethod = "ahp"\nmatrix = "pairwise.csv"\n'
    )
    with pytest.raises(ConfigError, match="do not match the config's criteria"):
        run(read_config(write_config(tmp_path, text)))


def test_drive_time_on_a_user_osm_extract_to_a_user_layer(
    tmp_path: Path, shared_data: Path
) -> None:
    """[network] osm_path routes on the user's OSM drive network; `to` may be a user file."""
    osm = shared_data / "osm" / "aguascalientes.osm.bz2"
    # Two sites and one facility inside the extract (lat 21.863-21.875, lon -102.280/-102.263).
    (tmp_path / "sites.csv").write_text(
        "id,name,lon,lat\nnear,Near,-102.2700,21.8700\nfar,Far,-102.2790,21.8640\n",
        encoding="utf-8",
    )
    (tmp_path / "depot.csv").write_text("id,lon,lat\nd,-102.2695,21.8705\n", encoding="utf-8")
    text = (
        f'[candidates]\npath = "sites.csv"\n[network]\nosm_path = "{osm}"\n'
        '[search]\nmethod = "wsm"\ncorridors = ["all"]\n'
        '[[criteria]]\nname = "depot"\nmeasure = "drive_time"\nto = "depot.csv"\n'
        'direction = "min"\nweight = 1\n'
    )
    result = run(read_config(write_config(tmp_path, text)))
    raw = result.raw["depot"]
    assert 0 < raw["near"] < raw["far"] < 30
    assert list(result.scores.table.index) == ["near", "far"]
    assert any("depot.csv (user file)" in line for line in result.provenance)
    assert any("OpenStreetMap" in line for line in result.provenance)


# ---- the public API -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_result() -> object:
    return rank()


def test_with_weights_equals_a_fresh_rank(default_result: object) -> None:
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    changed = default_result.with_weights({"labour": 0.6, "border": 0.1})
    fresh = ss.rank(weights={"labour": 0.6, "border": 0.1})
    pd.testing.assert_frame_equal(changed.scores.table, fresh.scores.table)
    pd.testing.assert_frame_equal(changed.scores.contributions, fresh.scores.contributions)
    assert changed.weights == pytest.approx(fresh.weights)
    # Others keep their weight and the whole is normalised.
    assert sum(changed.weights.values()) == pytest.approx(1.0)
    assert changed.measures["labour"] is default_result.measures["labour"]  # not re-measured


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"nope": 1.0}, "'nope' is not a criterion of this search"),
        ({"labour": -1.0}, "must be a finite number >= 0"),
        ({"labour": float("nan")}, "must be a finite number >= 0"),
        ({"labour": "high"}, "is not a number"),
    ],
)
def test_bad_weights_are_config_errors(
    default_result: object, weights: dict[str, object], message: str
) -> None:
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    with pytest.raises(ss.ConfigError, match=message):
        default_result.with_weights(weights)  # type: ignore[arg-type]


def test_all_weights_zero_is_a_config_error(default_result: object) -> None:
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    zero = {name: 0.0 for name in default_result.weights}
    with pytest.raises(ss.ConfigError, match="at least one criterion needs a weight > 0"):
        default_result.with_weights(zero)


def test_an_edited_config_object_is_validated_again() -> None:
    import siteselect as ss
    from siteselect.config import read_profile

    cfg = read_profile("default")
    bad = cfg.model_copy(update={"criteria": []})  # model_copy skips validation
    with pytest.raises(ss.ConfigError, match="criteria: must not be empty"):
        ss.rank(config=bad)


def test_to_geodataframe_is_lonlat_in_rank_order_with_units(default_result: object) -> None:
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    gdf = default_result.to_geodataframe()
    assert gdf.crs.to_epsg() == 4326
    assert gdf.index.name == "id"
    assert list(gdf["rank"]) == list(range(1, len(gdf) + 1))
    assert {"name", "corridor", "state", "score", "border_min", "labour_people"} <= set(gdf.columns)
    assert gdf.geometry.x.between(-118, -86).all() and gdf.geometry.y.between(14, 33).all()


def test_explain_names_the_nearest_feature_the_score_used(default_result: object) -> None:
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    ex = default_result.explain("parque-industrial-queretaro")
    by_name = {v.criterion: v for v in ex.criteria}
    assert by_name["border"].nearest is not None
    assert by_name["border"].nearest.layer == "border_crossings"
    assert by_name["border"].raw == default_result.raw.at["parque-industrial-queretaro", "border"]
    assert "drive_km" in by_name["border"].details
    assert by_name["labour"].nearest is None
    assert sum(v.contribution or 0 for v in ex.criteria) > 0


def test_corridor_filter_reports_what_it_removes() -> None:
    result = rank(corridors=["northeast"])
    removed = result.eliminated
    assert len(removed) > 0
    assert set(removed["stage"]) == {"corridor"}
    assert (removed["reason"] == "outside the selected corridors (bajio)").sum() == 50
    assert set(removed["reason"]) >= {"outside the selected corridors (north-centre)"}
    assert set(result.candidates.frame["corridor"]) == {"northeast"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ss, r: ss.rank(weights=[0.5]), "give a mapping of criterion names"),
        (lambda ss, r: r.with_weights([1.0]), "give a mapping of criterion names"),
        (lambda ss, r: ss.rank(config={"search": {}}), "give a TOML file path or a SearchConfig"),
        (lambda ss, r: ss.rank(profile=3), "give a profile name"),
        (lambda ss, r: r.explain(None), "give a park id or name as text"),
        (lambda ss, r: r.compare("parque-industrial-nogalar"), "compare takes a list"),
        (lambda ss, r: ss.analyse_sensitivity("x", samples=10), "give a ranking"),
        (lambda ss, r: ss.analyse_sensitivity(r, samples="10"), "^samples: must be an integer"),
        (lambda ss, r: ss.check_profile(5), "give a profile's name or a SearchConfig"),
    ],
)
def test_api_misuse_is_a_config_error(default_result: object, call: Any, message: str) -> None:
    """A notebook user's wrong argument type gets the one-line error, not a TypeError."""
    import siteselect as ss

    with pytest.raises(ss.ConfigError, match=message):
        call(ss, default_result)


def test_one_corridor_may_be_given_as_a_string(default_result: object) -> None:
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    result = ss.rank(corridors="northeast")
    assert set(result.to_geodataframe()["corridor"]) == {"northeast"}


def test_corridor_names_fold_case_accents_and_spaces() -> None:
    """``Bajío``, ``BAJIO`` and ``North Centre`` are the table's ``bajio`` and ``north-centre``
    (they were refused as unknown corridors)."""
    from siteselect.config import load_search

    search = load_search(profile="default", corridors=["Bajío", " NORTHEAST ", "North Centre"])
    assert search.search.corridors == ["bajio", "northeast", "north-centre"]
    assert load_search(profile="default", corridors=["north_centre"]).search.corridors == [
        "north-centre"
    ]


def test_a_criterion_helps_or_hurts_never_both(default_result: object) -> None:
    """A criterion where the park earned at least half of its weight helped; else it hurt."""
    import siteselect as ss

    assert isinstance(default_result, ss.RankResult)
    normalised = default_result.scores.normalised
    for cid in default_result.scores.table.index:
        helped, hurt = default_result.drivers(str(cid), k=20)
        assert not set(helped) & set(hurt)
        assert all(normalised.loc[cid, c] >= 0.5 for c in helped)
        assert all(normalised.loc[cid, c] < 0.5 for c in hurt)


def test_the_data_folder_may_be_given_as_text(tmp_path: Path) -> None:
    from siteselect.layers import default_data_dir

    # data_dir="..." failed deep in the reader: "unsupported operand type(s) for /: 'str'".
    folder = str(default_data_dir())
    assert list(rank(profile="logistics", data_dir=folder, top=3).shortlist.index) == list(
        rank(profile="logistics", top=3).shortlist.index
    )
    with pytest.raises(DataError, match="is missing; run `make data`"):
        rank(profile="logistics", data_dir=str(tmp_path))
