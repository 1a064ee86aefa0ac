"""Regenerate the golden ranking that tests/test_golden.py pins (run it on purpose, when the
embedded data or the default profile change, and review the diff).

Usage: python tools/regen_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "default_top10.json"


def build_golden() -> dict[str, object]:
    """The default profile's top 10 of the full ranking on the embedded data (ids and unrounded
    scores), and, separately, its shortlist of 10 under the profile's ``[shortlist]`` rule with
    the parks the rule held back."""
    import siteselect as ss

    result = ss.rank(profile="default", top=10)
    top = result.ranking.head(10)
    return {
        "profile": "default",
        "method": result.scores.method,
        "considered": len(result.candidates.frame),
        "top": [{"id": str(cid), "score": float(row["score"])} for cid, row in top.iterrows()],
        "max_per_metro": result.config.shortlist.max_per_metro,
        "shortlist": [
            {"id": str(cid), "rank": int(row["rank"])} for cid, row in result.shortlist.iterrows()
        ],
        "held_back": [
            {"id": str(cid), "rank": int(row["rank"]), "metro": str(row["metro"])}
            for cid, row in result.held_back.iterrows()
        ],
    }


def main() -> None:
    """Write the golden file."""
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(build_golden(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
