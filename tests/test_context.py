"""Tests for siteselect.context: measures built once, their warnings said once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """
import resource, warnings
resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))
import siteselect as ss
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    result = ss.rank(config=r"{config}")
print(len(result.shortlist), sum("rows left out" in str(w.message) for w in seen))
"""


def test_a_warning_while_measuring_is_said_once_and_the_run_ends(tmp_path: Path) -> None:
    """A measured layer with an unusable row warns while the measures are built: the warning
    was re-emitted inside its own recorder, recorded again, and so on until memory ran out
    (a MemoryError after 24 s). Run in a child with a time and memory bound."""
    (tmp_path / "suppliers.csv").write_text(
        "id,name,lat,lon\np1,Prov 1,25.70,-100.30\np2,Prov 2,20.60,-100.40\np3,Prov 3,,\n",
        encoding="utf-8",
    )
    config = tmp_path / "search.toml"
    config.write_text(
        '[search]\ntop = 3\n[[criteria]]\nname = "suppliers"\nmeasure = "distance"\n'
        'to = "suppliers.csv"\ndirection = "min"\nweight = 1\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(config=config)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shortlist, warned = (int(x) for x in done.stdout.split())
    assert shortlist == 3 and warned == 1
