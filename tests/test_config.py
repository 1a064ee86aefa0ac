"""Tests for siteselect.config: validation messages, profiles, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from siteselect.config import (
    list_profiles,
    load_search,
    parse_config,
    read_config,
    read_profile,
)
from siteselect.errors import ConfigError

BASE = {
    "criteria": [
        {"name": "rent", "measure": "attribute", "column": "rent", "direction": "min", "weight": 1},
        {
            "name": "border",
            "measure": "distance",
            "to": "border_crossings",
            "direction": "min",
            "weight": 3,
        },
    ]
}


def test_weights_are_normalised_to_one() -> None:
    cfg = parse_config(BASE)
    assert cfg.normalised_weights == pytest.approx({"rent": 0.25, "border": 0.75})


def test_defaults_match_the_contract() -> None:
    cfg = parse_config(BASE)
    assert cfg.search.method == "topsis"
    assert cfg.search.top == 10
    assert cfg.search.corridors == ["bajio", "northeast"]
    assert cfg.candidates.path is None


def test_negative_weight_names_the_key() -> None:
    data = {"criteria": [dict(BASE["criteria"][0]), dict(BASE["criteria"][1])]}
    data["criteria"][1]["weight"] = -1
    with pytest.raises(ConfigError, match=r"criteria\[1\]\.weight: must be >= 0"):
        parse_config(data)


def test_every_problem_is_reported() -> None:
    data = {
        "search": {"method": "magic", "top": 0},
        "criteria": [{"name": "x", "measure": "attribute", "direction": "up", "weight": 1}],
    }
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    text = str(info.value)
    assert "search.method: must be one of" in text
    assert "search.top: must be >= 1" in text
    assert "criteria[0].direction" in text


def test_unknown_key_is_reported() -> None:
    data = {"criteria": BASE["criteria"], "serach": {}}
    with pytest.raises(ConfigError, match="serach: unknown key"):
        parse_config(data)


def test_attribute_needs_column_and_distance_needs_to() -> None:
    with pytest.raises(ConfigError, match="needs `column`"):
        parse_config(
            {"criteria": [{"name": "a", "measure": "attribute", "direction": "max", "weight": 1}]}
        )
    with pytest.raises(ConfigError, match="needs `to`"):
        parse_config(
            {"criteria": [{"name": "a", "measure": "distance", "direction": "min", "weight": 1}]}
        )


def test_linear_value_function_needs_best_and_worst() -> None:
    crit = dict(BASE["criteria"][0], value="linear", best=1)
    with pytest.raises(ConfigError, match="needs `best` and `worst`"):
        parse_config({"criteria": [crit]})


def test_duplicate_names_and_zero_weights_rejected() -> None:
    crit = BASE["criteria"][0]
    with pytest.raises(ConfigError, match="unique"):
        parse_config({"criteria": [crit, crit]})
    with pytest.raises(ConfigError, match="weight > 0"):
        parse_config({"criteria": [dict(crit, weight=0)]})


def test_constraint_must_name_a_known_criterion() -> None:
    data = {"criteria": BASE["criteria"], "constraints": [{"criterion": "nope", "max": 3}]}
    with pytest.raises(ConfigError, match=r"constraints\[0\]\.criterion: 'nope'"):
        parse_config(data)


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[search\nmethod = 'wsm'", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        read_config(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        read_config(tmp_path / "missing.toml")


def test_relative_paths_resolve_against_the_config(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[candidates]\npath = "alts.csv"\n[[criteria]]\nname = "a"\nmeasure = "attribute"\n'
        'column = "a"\ndirection = "max"\nweight = 1\n',
        encoding="utf-8",
    )
    assert read_config(path).candidates.path == tmp_path / "alts.csv"


def test_shipped_profiles_are_valid_and_documented() -> None:
    names = list_profiles()
    for wanted in ("automotive-tier1", "electronics", "medical-devices", "aerospace", "logistics"):
        assert wanted in names
    for name in names:
        cfg = read_profile(name)
        assert cfg.profile.name == name
        assert cfg.profile.description
        # Fixed value functions in real units: no rank reversal when the list changes.
        # ("pool" is linear from 0 to the plant's pool, fixed in people.)
        kinds = ("linear", "threshold", "piecewise", "pool")
        assert all(c.value in kinds for c in cfg.criteria), name


def test_unknown_profile_lists_the_available_ones() -> None:
    with pytest.raises(ConfigError, match=r"available profiles: .*automotive-tier1"):
        read_profile("no-such-profile")


def test_overrides_apply_and_are_validated() -> None:
    cfg = load_search(profile="logistics", corridors=["bajio"], method="vikor", top=3)
    assert (cfg.search.corridors, cfg.search.method, cfg.search.top) == (["bajio"], "vikor", 3)
    with pytest.raises(ConfigError, match=r"^top: must be an integer >= 1, got 0"):
        load_search(profile="logistics", top=0)
    with pytest.raises(ConfigError, match="either profile or config"):
        load_search(profile="logistics", config_path=Path("x.toml"))


def test_files_given_as_frames_or_lists_are_one_line_config_errors() -> None:
    import pandas as pd

    sites = pd.DataFrame({"id": ["a", "b"], "lat": [20.58, 25.68], "lon": [-100.39, -100.31]})
    # The message held the frame's repr, over three lines.
    with pytest.raises(ConfigError) as raised:
        load_search(profile="logistics", candidates=sites)  # type: ignore[arg-type]
    assert str(raised.value) == "candidates: give the path of a file of sites, not DataFrame"
    with pytest.raises(ConfigError, match=r"^facts: give the path of .* not DataFrame$"):
        load_search(profile="logistics", facts=sites)  # type: ignore[arg-type]
    # A list was a ValueError from dict() with a traceback.
    with pytest.raises(ConfigError, match=r"^requirements: give a TOML file or a mapping .* list$"):
        load_search(profile="logistics", requirements=["power_mva"])  # type: ignore[arg-type]
