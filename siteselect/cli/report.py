"""`siteselect report`: a proposal document (HTML or PDF) for a park or a shortlist."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import (
    OUTPUT_FILE,
    facts_options,
    load_config,
    search_options,
    show_warnings,
)
from siteselect.cli._progress import StepProgress, quiet_option, wants_progress

SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf"}


@click.command()
@click.argument("park", required=False)
@search_options
@facts_options
@click.option(
    "--compare",
    "compare",
    multiple=True,
    metavar="ID",
    help="A park to compare with (repeat; default: the best others of the shortlist).",
)
@click.option("--shortlist", is_flag=True, help="Report on the shortlist instead of one park.")
@click.option(
    "--top", "-n", type=int, help="Parks in a --shortlist report (default: the config's)."
)
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default="en",
    show_default=True,
    help="Language of the document.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size of the PDF (and of the HTML page when printed).",
)
@click.option(
    "--audience",
    type=click.Choice(["sales", "analyst"]),
    default=None,
    help="Who reads it: sales (a park's default: verdict, facts, map; method in an annex) or "
    "analyst (a shortlist's default: scores, comparison, robustness).",
)
@click.option(
    "--logo",
    type=click.Path(path_type=Path),
    default=None,
    help="The developer's logo (PNG or JPEG) for the first page; or [report] logo.",
)
@click.option(
    "--photo",
    type=click.Path(path_type=Path),
    default=None,
    help="A photo of the park (PNG or JPEG) for the first page; or [report] photo.",
)
@click.option("--contact", default=None, help='Who to call, e.g. "Ana Ruiz, +52 81 5555 0000".')
@click.option("--prepared-for", default=None, help='Who the document is for, e.g. "Acme GmbH".')
@click.option(
    "--output",
    "-o",
    type=OUTPUT_FILE,
    required=True,
    help="File to write: .html (self-contained) or .pdf.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@quiet_option
def report(
    park: str | None,
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    facts: Path | None,
    requirements: Path | None,
    compare: tuple[str, ...],
    shortlist: bool,
    top: int | None,
    lang: str,
    paper: str,
    audience: str | None,
    logo: Path | None,
    photo: Path | None,
    contact: str | None,
    prepared_for: str | None,
    output: Path,
    force: bool,
    quiet: bool,
) -> None:
    """Write a proposal a sales team can attach. For sales (a park's default): why this park
    in one or two sentences built from its measured strengths, its facts as cards with units,
    the requirements checked, a labelled map with its drive-time areas, then access times,
    workforce, suppliers nearby, resilience and sustainability, and the method and sources in
    an annex; other parks only with --compare. For an analyst (a shortlist's default): the
    score, what drives it, the comparison, robustness and the Industry 5.0 scorecard.

    \b
    Examples:
      siteselect report parque-industrial-monterrey --lang es -o monterrey.pdf
      siteselect report parque-industrial-queretaro --profile aerospace --lang es \\
          --logo logo.png --contact "Ana Ruiz, +52 442 000 0000" -o queretaro.pdf
      siteselect report parque-industrial-queretaro --audience analyst \\
          --compare stiva-aeropuerto -o queretaro.html
      siteselect report --shortlist --top 5 --profile electronics -o shortlist.pdf
      siteselect report finsa-queretaro --facts parks.xlsx --requirements tenant.toml \\
          --lang es -o propuesta.pdf

    With --facts the report shows the park's own facts in their units (‡, the file credited);
    with --requirements, the tenant's checklist (met / not met / unknown).
    """
    from datetime import UTC, datetime

    from siteselect import report as out
    from siteselect.api import build_branding, build_report, run
    from siteselect.clock import read_source_date
    from siteselect.errors import ConfigError, OutputError

    show_warnings()  # each once: a report reads the user's files again (isochrones, stress)
    if shortlist == (park is not None):
        msg = "give a PARK id, or --shortlist for the top of the search (not both)"
        raise ConfigError(msg)
    if shortlist and compare:
        msg = "--compare goes with a PARK, not with --shortlist"
        raise ConfigError(msg)
    kind = SUFFIXES.get(output.suffix.lower())
    if kind is None:
        msg = f"cannot tell the report format of {output}; name it .html or .pdf"
        raise OutputError(msg)
    out.check_writable(output, force=force)  # before the run: refuse early
    config = load_config(
        profile,
        config_path,
        corridor,
        method,
        top if shortlist else None,
        facts=facts,
        requirements=requirements,
    )
    # The pictures are checked before the run: a bad logo fails in a moment, with one line.
    branding = build_branding(
        config, logo=logo, photo=photo, contact=contact, prepared_for=prepared_for
    )
    with StepProgress("report", show=wants_progress(quiet)) as step:
        if step is not None:
            step("ranking", 0, 1)
        result = run(config)
        # The document's date: SOURCE_DATE_EPOCH for reproducible files, else today (UTC).
        when = read_source_date() or datetime.now(tz=UTC)
        steps = [1]

        def progress(what: str, done: int, total: int) -> None:
            # One more step than the library's: rendering the file.
            steps[0] = total + 1
            if step is not None:
                step(what, done, total + 1)

        view = build_report(
            result,
            park,
            compare=compare,
            lang=lang,
            paper=paper,
            top=top,
            day=when.date(),
            audience=audience,
            branding=branding,
            progress=progress,
        )
        if step is not None:
            step(f"writing the {kind.upper()}", steps[0] - 1, steps[0])
        if kind == "html":
            from siteselect.report.html import render_proposal_html

            out.write_text(output, render_proposal_html(view), force=force)
        else:
            from siteselect.report.pdf import render_proposal_pdf

            out.write_bytes(output, render_proposal_pdf(view, created=when), force=force)
    click.echo(
        f"wrote {output} ({kind}, {lang}, {view.audience}, {len(view.parks)} park(s))", err=True
    )
