"""Build the package-derived embedded layers: ``python scripts/build_data.py [--out data]``."""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Build the layers and print one line per file (size, sha256) on stderr."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder (data/)")
    args = parser.parse_args(argv)

    from siteselect.layers.build import build_data

    start = time.perf_counter()
    paths = build_data(args.out)
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{path}  {path.stat().st_size:>10,d} B  sha256 {digest}", file=sys.stderr)
    print(f"built {len(paths)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
