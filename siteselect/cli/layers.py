"""`siteselect layers`: list and show the embedded data layers."""

from __future__ import annotations

import click

from siteselect.cli._common import format_option, make_console


@click.group()
def layers() -> None:
    """List and show the embedded layers (parks, border_crossings, seaports, ...).

    \b
    Examples:
      siteselect layers list
      siteselect layers show border_crossings
      siteselect layers show seaports --format geojson > seaports.geojson
    """


@layers.command("list")
def list_command() -> None:
    """Each layer with its feature count, geometry type, CRS, source and licence."""
    from siteselect.layers import LAYERS, describe_layer
    from siteselect.report.terminal import render_layers

    make_console().print(render_layers([(name, describe_layer(name)) for name in LAYERS]))


@layers.command("show")
@click.argument("name")
@format_option("table", "geojson")
@click.option("--limit", type=int, default=50, show_default=True, help="Rows in the table format.")
def show_command(name: str, fmt: str, limit: int) -> None:
    """Print one layer: a table of its attributes, or GeoJSON in EPSG:4326."""
    from siteselect import report
    from siteselect.constants import GEOGRAPHIC_CRS
    from siteselect.errors import ConfigError
    from siteselect.layers import read_layer
    from siteselect.report.terminal import render_frame

    if limit < 0:
        msg = f"--limit: must be >= 0, got {limit}"
        raise ConfigError(msg)
    frame = read_layer(name)
    if fmt == "geojson":
        report.write_output(None, report.build_frame_geojson(frame.to_crs(GEOGRAPHIC_CRS)))
        return
    make_console().print(render_frame(frame, name, limit))
