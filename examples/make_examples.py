"""Write a proposal report for each shipped profile's top park, in Spanish and English, as
HTML and PDF, into examples/out/ (``make examples``; the folder is not committed)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--paper", default="a4", choices=("a4", "letter"))
    parser.add_argument("--audience", default="sales", choices=("sales", "analyst"))
    args = parser.parse_args()

    import siteselect as ss
    from siteselect.api import build_report
    from siteselect.clock import read_source_date
    from siteselect.report import write_bytes, write_text
    from siteselect.report.charts import render_proposal_images
    from siteselect.report.html import render_proposal_html
    from siteselect.report.pdf import render_proposal_pdf

    when = read_source_date() or datetime.now(tz=UTC)
    args.out.mkdir(parents=True, exist_ok=True)
    for profile in ss.list_profiles():
        result = ss.rank(profile=profile)
        park = str(result.shortlist.index[0])
        for lang in ("es", "en"):
            view = build_report(
                result, park, lang=lang, paper=args.paper, day=when.date(), audience=args.audience
            )
            images = render_proposal_images(view)
            stem = args.out / f"{profile}-{lang}"
            write_text(stem.with_suffix(".html"), render_proposal_html(view, images), force=True)
            pdf = render_proposal_pdf(view, images, created=when)
            write_bytes(stem.with_suffix(".pdf"), pdf, force=True)
            print(f"{stem}.pdf/.html: {view.parks[0].name} ({profile}, {lang})")


if __name__ == "__main__":
    main()
