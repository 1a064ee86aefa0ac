"""`siteselect layers`: list and show the embedded data layers."""

from __future__ import annotations

import sys

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
    from rich.table import Table

    from siteselect.layers import LAYERS, describe_layer

    table = Table(header_style="bold")
    for col in ("Layer", "Features", "Geometry", "CRS", "Source", "Licence"):
        table.add_column(col, overflow="fold")
    for name in LAYERS:
        d = describe_layer(name)
        table.add_row(
            name, *(str(d[k]) for k in ("features", "geometry", "crs", "source", "licence"))
        )
    make_console().print(table)


@layers.command("show")
@click.argument("name")
@format_option("table", "geojson")
@click.option("--limit", type=int, default=50, show_default=True, help="Rows in the table format.")
def show_command(name: str, fmt: str, limit: int) -> None:
    """Print one layer: a table of its attributes, or GeoJSON in EPSG:4326."""
    from siteselect.layers import read_layer

    frame = read_layer(name)
    if fmt == "geojson":
        sys.stdout.write(frame.to_crs("EPSG:4326").to_json(drop_id=True, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    columns = [c for c in frame.columns if c != "geometry"]
    table = Table(
        header_style="bold", title=f"{name}: {len(frame)} features (first {min(limit, len(frame))})"
    )
    for col in columns:
        table.add_column(str(col), overflow="fold")
    for _, row in frame.head(limit).iterrows():
        table.add_row(*["" if v is None else str(v) for v in row[columns].tolist()])
    make_console().print(table)
