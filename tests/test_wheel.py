"""The wheel runs anywhere: built from the project, installed into a fresh virtual environment
outside the checkout, it finds its data and profiles as package resources."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Builds a wheel and runs commands from a fresh environment: minutes on a loaded machine.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the built wheel; dependencies come from this environment."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"pip wheel failed: {build.stderr[-2000:]}")
    wheel = next(dist.glob("siteselect-*.whl"))
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # Dependencies (geopandas, ...) from this interpreter's site-packages, appended after the
    # venv's own: a path line in a .pth file, whose own .pth files (the editable install of
    # the checkout) are not processed.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        pytest.fail(f"pip install failed: {install.stderr[-2000:]}")
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITESELECT_")}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(env_dir / "bin" / "siteselect"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_the_installed_package_is_the_wheel(installed: Path, tmp_path: Path) -> None:
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import siteselect; print(siteselect.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},  # not the checkout's
        check=True,
    ).stdout
    assert str(installed) in out and str(REPO) not in out


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (("rank", "--format", "json"), '"results"'),
        (("profiles", "list"), "automotive-tier1"),
        (("layers", "list"), "border_crossings"),
        (("data", "check"), "all checks passed"),
    ],
)
def test_commands_run_from_the_wheel(
    installed: Path, tmp_path: Path, args: tuple[str, ...], expect: str
) -> None:
    done = _run(installed, *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert expect in done.stdout


def test_report_templates_and_catalogues_ship_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    done = _run(
        installed,
        "report",
        "parque-industrial-monterrey",
        "--lang",
        "es",
        "-o",
        str(target),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Propuesta de sitio" in target.read_text(encoding="utf-8")


def test_the_wheel_carries_the_explore_styles(installed: Path, tmp_path: Path) -> None:
    """`siteselect explore` reads its .tcss beside its module: the wheel must hold it."""
    code = (
        "import pathlib, siteselect.cli.explore as e; "
        "print(e.__file__, (pathlib.Path(e.__file__).parent / 'explore.tcss').is_file())"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout
    where, found = out.split()
    assert str(installed) in where and found == "True"
