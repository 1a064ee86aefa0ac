"""Tests for siteselect.layers.options: reading keys in [candidates] and in a criterion's `to`."""

from __future__ import annotations

from pathlib import Path

import pytest

from siteselect.config import parse_config, read_config
from siteselect.errors import ConfigError
from siteselect.layers import LayerFile, ReadOptions, ref_key
from tests.conftest import write_config

CRITERION = (
    '[[criteria]]\nname = "sup"\nmeasure = "distance"\nto = {to}\ndirection = "min"\nweight = 1\n'
)


def test_a_to_table_is_read_resolved_and_written_back(tmp_path: Path) -> None:
    to = '{ path = "data/prov.csv", sep = ";", decimal = ",", lon = "Longitud", lat = "Latitud" }'
    config = read_config(write_config(tmp_path, CRITERION.format(to=to)))
    target = config.criteria[0].params.to  # type: ignore[attr-defined]
    assert isinstance(target, LayerFile)
    assert Path(target.path) == tmp_path / "data" / "prov.csv"  # relative to the config file
    assert (target.sep, target.decimal, target.lon) == (";", ",", "Longitud")
    assert str(target) == "prov.csv"  # outputs show the file name only
    again = parse_config(config.as_mapping())
    assert again.criteria[0].params == config.criteria[0].params
    plain = read_config(write_config(tmp_path, CRITERION.format(to='"border_crossings"')))
    assert plain.criteria[0].params.to == "border_crossings"  # type: ignore[attr-defined]
    assert ref_key("border_crossings") == "border_crossings"
    assert ref_key(target) != ref_key(LayerFile(path=target.path))


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ('{ path = "x.csv", sepp = ";" }', "criteria[0].to.sepp: unknown key"),
        ('{ path = "x.csv", decimal = ";" }', "criteria[0].to.decimal: must be one of"),
        ('{ path = "x.csv", sep = ";;" }', "sep must be one character"),
        ('{ path = "x.csv", encoding = "klingon" }', "unknown encoding 'klingon'"),
        ('{ sep = ";" }', "criteria[0].to.path: required key is missing"),
        ("5", "criteria[0].to: Input should be a valid string"),
    ],
)
def test_bad_reading_keys_are_config_errors(to: str, message: str) -> None:
    import tomllib

    data = tomllib.loads(CRITERION.format(to=to))
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    assert message in str(info.value)
    assert "[table]" not in str(info.value) and "[name]" not in str(info.value)


def test_candidates_take_the_same_keys(tmp_path: Path) -> None:
    text = (
        '[candidates]\npath = "p.csv"\nsep = "tab"\ndecimal = ","\nencoding = "cp1252"\n'
        'lon = "este"\nlat = "norte"\ncrs = "EPSG:32614"\n'
    ) + CRITERION.format(to='"seaports"')
    config = read_config(write_config(tmp_path, text))
    keys = config.candidates.read_options()
    assert keys == ReadOptions(
        sep="\t", decimal=",", encoding="cp1252", lon="este", lat="norte", crs="EPSG:32614"
    )
