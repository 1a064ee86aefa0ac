"""The test suite's own settings hold in parallel: a warning fails a test under pytest-xdist
workers as it does in one process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_a_warning_is_an_error_in_the_parallel_workers(tmp_path: Path) -> None:
    (tmp_path / "test_warns.py").write_text(
        "import warnings\n\n"
        "def test_warns():\n    warnings.warn('deprecated thing', UserWarning)\n\n"
        "def test_quiet():\n    assert True\n",
        encoding="utf-8",
    )
    settings = ["-c", str(REPO / "pyproject.toml"), "--rootdir", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *settings, "-n", "2", "-p", "no:cacheprovider", "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 failed, 1 passed" in proc.stdout, proc.stdout
    assert "UserWarning: deprecated thing" in proc.stdout
