"""Where the maintainer tools find ``../shared/data`` (real reference data, not in a fresh clone).

Builders that derive product tables from it (population, parks, establishments, power grid)
skip with a message where it is absent and keep the committed files, as the data folder's
README asks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
"""The project's reference data folder, next to the repository (absent in a fresh clone)."""

SKIP_EXIT = 0
"""Exit status of a builder that skipped because its input is absent (not an error)."""


def find_shared_file(relative: str | Path, shared_dir: Path | None = None) -> Path | None:
    """The path of a file under the shared data folder, or None where it is absent.

    Parameters
    ----------
    relative
        Path inside the shared data folder, e.g. ``population/conapo_...csv``.
    shared_dir
        The folder; :data:`SHARED_DATA` when None.

    Returns
    -------
    pathlib.Path or None
    """
    path = (shared_dir or SHARED_DATA) / relative
    return path if path.is_file() else None


def report_skip(what: str, relative: str | Path, shared_dir: Path | None = None) -> int:
    """Say on stderr that a table was not rebuilt, and return the skip exit status."""
    where = (shared_dir or SHARED_DATA) / relative
    print(
        f"skipped {what}: {where} is absent; keeping the committed file "
        "(pass --shared-dir to point at ../shared/data)",
        file=sys.stderr,
    )
    return SKIP_EXIT


def write_build_record(readme: Path, key: str, title: str, lines: list[str]) -> Path:
    """Write (or replace) one generated block of ``data/README.md``, marked by ``key``.

    The block sits between ``<!-- build:<key>:start -->`` and ``<!-- build:<key>:end -->``;
    where the markers are missing it is appended at the end. Everything else in the file is
    kept as written.

    Parameters
    ----------
    readme
        ``data/README.md``.
    key
        Marker name, e.g. ``population``.
    title
        Heading of the block.
    lines
        Markdown lines (bullets) of the record.

    Returns
    -------
    pathlib.Path
        ``readme``.
    """
    start, end = f"<!-- build:{key}:start -->", f"<!-- build:{key}:end -->"
    block = "\n".join([start, f"### {title}", "", *lines, end]) + "\n"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    i, j = text.find(start), text.find(end)
    if i >= 0 and j > i:
        new = text[:i] + block + text[j + len(end) :].lstrip("\n")
    else:
        new = text.rstrip("\n") + ("\n\n" if text else "") + block
    with readme.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(new)
    return readme


def build_parser(doc: str | None) -> argparse.ArgumentParser:
    """The command line every builder of ``../shared/data`` tables shares: ``--out`` (the data
    folder) and ``--shared-dir``; a builder adds its own options to it."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0] if doc else None)
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder")
    parser.add_argument("--shared-dir", type=Path, default=SHARED_DATA, help="../shared/data")
    return parser
