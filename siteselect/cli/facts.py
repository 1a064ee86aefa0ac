"""`siteselect facts` (template, validate, schema) and `siteselect requirements template`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from siteselect.cli._common import format_option, make_console, show_warnings

CONFIG_OPTION = click.option(
    "--config",
    "-c",
    "config_path",
    type=click.Path(path_type=Path),
    help="A search whose [candidates] are the parks (default: the embedded parks) and whose "
    "[candidates.facts] give the conversion figures and the maximum age.",
)


@click.group()
def facts() -> None:
    """Park facts: write the template a developer's team fills in, check a filled sheet.

    A facts sheet states what no open data set has: land and buildings available, rent,
    power (MVA, voltage), water, gas, rail, fibre, certifications, services; every fact
    with its unit (in the column's title), date and source. Use it in a search with
    `--facts FILE` or `[candidates] facts = "FILE"`.

    \b
    Examples:
      siteselect facts template -o parques.xlsx --lang es
      siteselect facts validate parques.xlsx --max-age-days 180
      siteselect rank --profile automotive-tier1 --facts parques.xlsx
    """


@facts.command("template")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The workbook to write (.xlsx).",
)
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default="es",
    show_default=True,
    help="Language of the titles, lists and instructions (es: Mexican Spanish).",
)
@CONFIG_OPTION
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def template(output: Path, lang: str, config_path: Path | None, force: bool) -> None:
    """Write the park-facts template: one row per park (the embedded parks, or the config's
    candidates, listed with their ids), titles with units, drop-down lists for the kinds,
    an instructions sheet and a file sheet (schema version, illustrative, default date and
    source).

    \b
    Examples:
      siteselect facts template -o parques.xlsx --lang es
      siteselect facts template -o parks.xlsx --lang en --config my_search.toml
    """
    from siteselect import report
    from siteselect.api import build_facts_template
    from siteselect.errors import OutputError

    show_warnings()
    if output.suffix.lower() != ".xlsx":
        msg = f"the template is an Excel workbook: name it .xlsx, not {output.name}"
        raise OutputError(msg)
    report.check_writable(output, force=force)
    data = build_facts_template(lang, config=config_path)
    report.write_bytes(output, data, force=force)
    click.echo(f"wrote {output} (park-facts template, {lang})", err=True)


@facts.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--max-age-days",
    type=click.IntRange(min=1),
    help="Facts older than this are reported stale (default: the config's, else 365).",
)
@click.option("--power-factor", type=float, help="Converts MW columns to MVA (MVA = MW / pf).")
@click.option("--usd-mxn", type=float, help="Pesos per dollar, for MXN rents (with its date).")
@click.option(
    "--usd-mxn-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date of --usd-mxn (YYYY-MM-DD).",
)
@click.option("--sheet", help="The workbook's sheet (default: Parques/Parks, else the first).")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge staleness at this date (default: today, or SOURCE_DATE_EPOCH).",
)
@CONFIG_OPTION
@format_option("table", "json")
def validate(
    file: Path,
    max_age_days: int | None,
    power_factor: float | None,
    usd_mxn: float | None,
    usd_mxn_date: object,
    sheet: str | None,
    as_of: object,
    config_path: Path | None,
    fmt: str,
) -> None:
    """Check a park-facts file (.xlsx, or any table the loaders read: es-MX CSV with ';' and
    decimal commas, Windows-1252...): what is wrong per row and column, what is stale, and
    which park each row matched (by id, by name, by a similar name with its similarity, or
    none, with the closest parks). Exit code 3 when the file has errors.

    \b
    Examples:
      siteselect facts validate parques.xlsx
      siteselect facts validate desarrollador.csv --max-age-days 180 --format json
      siteselect facts validate parks.xlsx --power-factor 0.9 --usd-mxn 18.3 \\
          --usd-mxn-date 2026-11-30
    """
    import sys

    from siteselect import report
    from siteselect.api import validate_facts
    from siteselect.report.facts_export import build_facts_validation_json
    from siteselect.report.terminal_facts import render_facts_validation

    show_warnings()
    result = validate_facts(
        file,
        config=config_path,
        max_age_days=max_age_days,
        power_factor=power_factor,
        usd_mxn=usd_mxn,
        usd_mxn_date=_day(usd_mxn_date),
        sheet=sheet,
        as_of=_day(as_of),
    )
    if fmt == "json":
        report.write_output(None, report.dump_json(build_facts_validation_json(result)))
    else:
        make_console().print(render_facts_validation(result))
    if not result.valid:
        sys.exit(3)


def _day(value: object) -> date | None:
    """A click DateTime as a date."""
    from datetime import datetime

    return value.date() if isinstance(value, datetime) else None


@facts.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--power-factor", type=float, help="Converts MW columns to MVA (MVA = MW / pf).")
@click.option("--usd-mxn", type=float, help="Pesos per dollar, for MXN rents (with its date).")
@click.option(
    "--usd-mxn-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date of --usd-mxn (YYYY-MM-DD).",
)
@click.option("--sheet", help="The workbook's sheet (default: Parques/Parks, else the first).")
@format_option("json", "csv", default="json")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write to this file ('-': stdout)."
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def export(
    file: Path,
    power_factor: float | None,
    usd_mxn: float | None,
    usd_mxn_date: object,
    sheet: str | None,
    fmt: str,
    output: Path | None,
    force: bool,
) -> None:
    """Write a facts sheet in canonical form: every value in the schema's unit with its date
    and source, as a park-facts JSON document (docs/schemas/park-facts.schema.json) or a CSV
    whose titles are the facts' keys (which carry their units: a search reads it as is).
    A sheet with errors is refused (exit 3; `facts validate` lists them).

    
    Examples:
      siteselect facts export parques.xlsx > parques.json
      siteselect facts export desarrollador.csv --power-factor 0.9 --format csv -o canon.csv
    """
    from siteselect import report
    from siteselect.api import read_facts
    from siteselect.report.facts_export import build_facts_csv, build_facts_document

    show_warnings()
    sheet_read = read_facts(
        file,
        power_factor=power_factor,
        usd_mxn=usd_mxn,
        usd_mxn_date=_day(usd_mxn_date),
        sheet=sheet,
    )
    if fmt == "json":
        text = report.dump_json(build_facts_document(sheet_read))
    else:
        text = build_facts_csv(sheet_read)
    report.write_output(output, text, force=force)


@facts.command("schema")
def schema() -> None:
    """Print the JSON Schema of a park-facts document (the `facts` of `validate --format
    json`; docs/schemas/park-facts.schema.json).

    \b
    Examples:
      siteselect facts schema > park-facts.schema.json
    """
    from siteselect import report
    from siteselect.facts.schema import build_json_schema

    report.write_output(None, report.dump_json(build_json_schema()))


@click.group()
def requirements() -> None:
    """A tenant's requirements: land, building, power, voltage, water, gas, rail, delivery
    date, rent, hours to the border and the port, workers.

    \b
    Examples:
      siteselect requirements template --lang es > requisitos.toml
      siteselect rank --profile automotive-tier1 --facts parques.xlsx --requirements requisitos.toml
    """


@requirements.command("template")
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default="en",
    show_default=True,
    help="Language of the comments.",
)
def requirements_template(lang: str) -> None:
    """Print an annotated [requirements] example (valid TOML) to edit.

    \b
    Examples:
      siteselect requirements template --lang es > requisitos.toml
      siteselect requirements template > tenant.toml
    """
    from siteselect import report
    from siteselect.report.facts_template import build_requirements_template

    report.write_output(None, build_requirements_template(lang))
