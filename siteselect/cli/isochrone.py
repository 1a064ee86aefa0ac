"""`siteselect isochrone`: export a park's drive-time isochrones as GeoJSON."""

from __future__ import annotations

from pathlib import Path

import click

from siteselect.cli._common import OUTPUT_FILE, load_config, show_warnings
from siteselect.errors import ConfigError


def parse_minutes(text: str) -> list[float]:
    """Parse ``"30,45,60"`` into sorted, distinct positive minutes.

    Parameters
    ----------
    text
        Comma-separated drive times in minutes.

    Returns
    -------
    list of float
        The times, ascending, without repeats.
    """
    values: set[float] = set()
    for part in text.split(","):
        item = part.strip()
        try:
            value = float(item)
        except ValueError:
            msg = f"--minutes: {item!r} is not a number; give minutes like 30,45,60"
            raise ConfigError(msg) from None
        if not (0 < value <= 24 * 60):
            msg = f"--minutes: {item} is out of range; give minutes above 0 and at most 1440"
            raise ConfigError(msg)
        values.add(value)
    return sorted(values)


GEOJSON_SUFFIXES = (".geojson", ".json")


@click.command()
@click.argument("park")
@click.option("--profile", "-p", metavar="NAME", help="Profile whose [network] settings to use.")
@click.option(
    "--config",
    "-c",
    "config_path",
    type=click.Path(path_type=Path),
    help="Config whose candidates and [network] settings (OSM extract, speeds) to use.",
)
@click.option(
    "--minutes",
    "minutes_text",
    default="30,45,60",
    show_default=True,
    help="Comma-separated drive times in minutes.",
)
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    default=None,
    help="GeoJSON file to write; stdout when omitted or '-'.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def isochrone(
    park: str,
    profile: str | None,
    config_path: Path | None,
    minutes_text: str,
    output: Path | None,
    force: bool,
) -> None:
    """Export a park's truck drive-time isochrones as GeoJSON (EPSG:4326).

    Drive times run on the same road network as `rank` (the embedded highways, or the OSM
    extract of a config's [network] section); the park and every point reach the network by
    the same access leg.

    \b
    Examples:
      siteselect isochrone parque-industrial-queretaro --minutes 30,45,60 -o park.geojson
      siteselect isochrone site-7 --config my_search.toml > site-7.geojson
    """
    from siteselect import report
    from siteselect.api import build_isochrones
    from siteselect.errors import OutputError

    show_warnings()
    minutes = parse_minutes(minutes_text)
    if not report.is_stdout(output) and Path(str(output)).suffix.lower() not in GEOJSON_SUFFIXES:
        msg = f"isochrone writes GeoJSON; name the output .geojson or .json (got {output})"
        raise OutputError(msg)
    if not report.is_stdout(output):
        report.check_writable(Path(str(output)), force=force)  # before any work
    config = load_config(profile, config_path, None, None)
    frame = build_isochrones(config, park, minutes)
    report.write_output(output, report.build_frame_geojson(frame), force=force)
    if not report.is_stdout(output):
        from siteselect.report.numbers import count_noun

        wrote = count_noun(len(frame), "isochrone")
        click.echo(f"wrote {wrote} of {park} to {output}", err=True)
