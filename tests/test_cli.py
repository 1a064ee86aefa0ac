"""Tests for the command line: help for every command, start-up cost, errors and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from siteselect.cli import COMMANDS, cli, main

# Python's own warning filters at start-up: what `siteselect` on a terminal runs under.
_STARTUP_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, None),
    ("ignore", PendingDeprecationWarning, None),
    ("ignore", ImportWarning, None),
    ("ignore", ResourceWarning, None),
)


def run_main(args: list[str]) -> tuple[int, str, str]:
    """Run the real entry point (``siteselect.cli.main``): exit code, stdout, stderr.

    In this process, as a fresh interpreter would run it: stdout and stderr (with their byte
    buffers) captured, Python's start-up warning filters instead of the suite's "error" (the
    CLI prints warnings as notes), and an uncaught exception printed as a traceback with exit
    code 1. Running in-process spares each call the geo stack's import (seconds on a loaded
    machine); what needs a real process (signals, start-up imports, ``python -m``) starts one.
    """
    import io
    import traceback
    import warnings
    from contextlib import redirect_stderr, redirect_stdout

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    code = 0
    with warnings.catch_warnings(), redirect_stdout(out), redirect_stderr(err):
        warnings.resetwarnings()
        for action, category, module in reversed(_STARTUP_FILTERS):
            warnings.filterwarnings(action, category=category, module=module or "")
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
        except Exception:
            traceback.print_exc()
            code = 1
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return code, texts[0], texts[1]


def test_help_does_not_import_the_geo_stack() -> None:
    code = (
        "import sys\n"
        "from siteselect.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('geopandas', 'osmnx', 'rasterio', 'pulp', 'pyogrio', 'pandas', "
        "'textual') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in proc.stdout, proc.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and (command.help or "").strip()


# Modules too heavy for the start-up path (imported by a command's body, never by its help).
HEAVY = (
    "geopandas",
    "osmnx",
    "rasterio",
    "pulp",
    "pyogrio",
    "pandas",
    "numpy",
    "shapely",
    "pyproj",
    "scipy",
    "networkx",
    "h3",
    "dask",
    "distributed",
    "highspy",
    "matplotlib",
    "fpdf",
    "jinja2",
    "textual",  # siteselect explore's app: imported when the command runs
)


def _command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words that name it (``["layers", "validate"]``)."""
    import click

    ctx = click.Context(cli)
    paths: list[list[str]] = []

    def walk(path: list[str], command: click.Command) -> None:
        paths.append(path)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk([*path, name], sub)

    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        walk([name], command)
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_and_subcommand_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: cli {' '.join(path)}"), result.output
    body = result.output.split("Options:")[0]
    assert "Example" in body, f"`siteselect {' '.join(path)} --help` shows no example"
    assert f"siteselect {' '.join(path)}" in body.split("Example", 1)[1]


def test_help_of_every_command_does_not_import_the_geo_stack() -> None:
    """`siteselect <command> --help` stays instant: command modules import heavy things inside
    their functions. All helps run in one fresh process, which then lists what got imported."""
    paths = _command_paths()
    code = (
        "import contextlib, io, sys\n"
        "from siteselect.cli import main\n"
        f"for path in {paths!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n            main([*path, '--help'])\n        except SystemExit as exc:\n"
        "            assert not exc.code, (path, exc.code)\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY=\n" in proc.stdout, proc.stdout
    assert len(paths) > len(COMMANDS)  # the subcommands were walked too


def test_unknown_profile_is_one_line_exit_2() -> None:
    code, out, err = run_main(["rank", "--profile", "nope"])
    assert code == 2
    assert out == ""
    assert err.strip().startswith("Error: unknown profile 'nope'")
    assert len(err.strip().splitlines()) == 1


def test_bad_toml_is_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[[criteria]\n", encoding="utf-8")
    code, _, err = run_main(["rank", "--config", str(cfg)])
    assert code == 2
    assert "not valid TOML" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback() -> None:
    code, _, err = run_main(["--debug", "rank", "--profile", "nope"])
    assert code == 2  # --debug adds the traceback, never changes the exit code
    assert "Traceback" in err


@pytest.mark.parametrize("value", ["", "abc", "1.5", "-5"])
def test_a_malformed_source_date_epoch_is_one_line(value: str) -> None:
    """numpy parses SOURCE_DATE_EPOCH at import; a bad value must not become a traceback."""
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "siteselect", "rank", "-n", "1"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": value},
    )
    assert proc.returncode == 2, proc.stderr
    assert "SOURCE_DATE_EPOCH" in proc.stderr and "Traceback" not in proc.stderr


def test_main_turns_errors_into_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["rank", "--config", "/nonexistent/x.toml"])
    assert info.value.code == 2
    assert "does not exist" in capsys.readouterr().err


def test_layers_list_and_show() -> None:
    import json

    code, out, err = run_main(["layers", "list"])
    assert code == 0, err
    for name in ("parks", "border_crossings", "highways", "solar", "population", "establishments"):
        assert name in out
    # the OSM power grid says how old and how complete it is
    assert "power_substations" in out and "power_lines" in out
    flat = " ".join(out.split())
    assert "2016/17" in flat and "incomplete" in flat and "CONAPO" in flat
    code, out, err = run_main(["layers", "show", "seaports", "--format", "geojson"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    lon, lat = doc["features"][0]["geometry"]["coordinates"]
    assert -118 < lon < -86 and 14 < lat < 33
    code, _, err = run_main(["layers", "show", "nope"])
    assert code == 2 and "unknown layer 'nope'" in err  # a usage error, like an unknown profile


def test_profiles_list_and_show() -> None:
    code, out, _ = run_main(["profiles", "list"])
    assert code == 0
    for name in ("automotive-tier1", "electronics", "medical-devices", "aerospace", "logistics"):
        assert name in out
    code, out, _ = run_main(["profiles", "show", "logistics", "--raw"])
    assert code == 0 and out.startswith("# logistics")


def test_a_reading_note_is_said_once_on_a_terminal_table(tmp_path: Path) -> None:
    """What reading the file noted goes to stderr as it arises; the table under it (the same
    terminal) does not print it again. The scoring notes stay in the table, and a JSON output
    keeps every note."""
    (tmp_path / "sites.csv").write_text(
        "id,name,lon,lat,area\n"
        "a,Alpha,-100.39,20.59,1200\n"
        "b,Beta,-100.30,25.70,-\n"
        "c,Gamma,-101.68,21.12,900\n",
        encoding="utf-8",
    )
    config = tmp_path / "search.toml"
    config.write_text(
        '[candidates]\npath = "sites.csv"\n\n[[criteria]]\nname = "area"\n'
        'measure = "attribute"\ncolumn = "area"\ndirection = "max"\nweight = 1\n',
        encoding="utf-8",
    )
    reading = "1 row gives no figure, read as gaps"
    code, out, err = run_main(["rank", "-c", str(config)])
    assert code == 0, err
    assert err.count(reading) == 1
    assert reading not in out
    assert "area: 1 missing cell(s) scored as worst (b)" in out
    code, out, err = run_main(["rank", "-c", str(config), "--format", "json"])
    assert code == 0, err
    assert reading in out and reading in err


def test_a_search_without_facts_does_not_load_the_sheet_reader() -> None:
    """`rank` without --facts imports the facts schema (criteria and exports name facts) but
    not the reading of a facts sheet (its cells, headers, matching and joining)."""
    code = (
        "import contextlib, io, sys\n"
        "from siteselect.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['rank', '--top', '3'])\n    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "names = ('model', 'table', 'match', 'headers', 'cells')\n"
        "loaded = [n for n in names if 'siteselect.facts.' + n in sys.modules]\n"
        "print('LOADED=' + ','.join(loaded))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED=\n" in proc.stdout, proc.stdout
