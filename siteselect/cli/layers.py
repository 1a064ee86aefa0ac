"""`siteselect layers`: list and show the embedded layers, validate a file, fetch OpenStreetMap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from siteselect.cli._common import (
    OUTPUT_FILE,
    format_option,
    make_console,
    show_warnings,
    width_option,
)
from siteselect.cli._progress import quiet_option


@click.group()
def layers() -> None:
    """List and show the embedded layers; validate your own files; fetch OpenStreetMap layers.

    \b
    Examples:
      siteselect layers list
      siteselect layers show border_crossings
      siteselect layers show seaports --format geojson > seaports.geojson
      siteselect layers validate my_parks.csv --as candidates
      siteselect layers fetch-osm --corridor bajio --what roads,power -o bajio.gpkg
    """


@layers.command("list")
@format_option("table", "json")
@width_option
def list_command(fmt: str) -> None:
    """Each layer with its feature count, geometry type, CRS, source and licence.

    \b
    Examples:
      siteselect layers list
      siteselect layers list --format json
    """
    from siteselect.layers import LAYERS, describe_layer
    from siteselect.report.terminal import render_layers

    rows = [(name, describe_layer(name)) for name in LAYERS]
    if fmt == "json":
        from siteselect import report

        doc = {"layers": [{"name": name, **d} for name, d in rows]}
        report.write_output(None, report.dump_json(doc))
        return
    make_console().print(render_layers(rows))


@layers.command("show")
@click.argument("name")
@format_option("table", "geojson")
@click.option("--limit", type=int, default=50, show_default=True, help="Rows in the table format.")
@width_option
def show_command(name: str, fmt: str, limit: int) -> None:
    """Print one layer: a table of its attributes, or GeoJSON in EPSG:4326.

    \b
    Examples:
      siteselect layers show border_crossings --limit 10
      siteselect layers show seaports --format geojson > seaports.geojson
    """
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


def _read_options(func: Any) -> Any:
    """The reading keys of a layer reference, as options."""
    keys = (
        ("--layer", "the layer of a multi-layer file (GeoPackage, KML) or a workbook's sheet"),
        ("--sep", "delimiter of a text table: ',', ';', '|' or 'tab'"),
        ("--decimal", "decimal mark of a text table: '.' or ','"),
        ("--encoding", "text encoding of a table (utf-8, cp1252, ...)"),
        ("--lon", "longitude (or x) column of a table"),
        ("--lat", "latitude (or y) column of a table"),
        ("--wkt", "column of WKT geometries"),
        ("--crs", "CRS of the coordinates, e.g. EPSG:32614 (overrides the file's)"),
    )
    for flag, text in reversed(keys):
        func = click.option(flag, default=None, help=f"As the `{flag[2:]}` key: {text}.")(func)
    return func


@layers.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--as",
    "read_as",
    type=click.Choice(["candidates", "points", "lines", "polygons", "raster"]),
    help="What a search would use the file as (default: any layer; rasters by suffix).",
)
@click.option("--id", "id_column", help="Id column of candidates (default: id, clave, ...).")
@_read_options
@format_option("table", "json")
@width_option
def validate_command(
    file: Path, read_as: str | None, id_column: str | None, fmt: str, **keys: str | None
) -> None:
    """Read FILE the way a search would and say what it found; exit 3 if it is not usable.

    Prints the format, layer, CRS, geometry types, rows, the columns picked for coordinates,
    and one line per problem (no CRS, swapped axes, rows outside Mexico, invalid geometries
    repaired, duplicate ids, text in numeric columns). A multi-layer file is checked layer by
    layer unless --layer names one.

    \b
    Examples:
      siteselect layers validate parques.csv --as candidates
      siteselect layers validate proveedores.csv --sep ';' --decimal ','
      siteselect layers validate bajio.gpkg --format json
    """
    import sys

    from pydantic import ValidationError

    from siteselect import report
    from siteselect.errors import ConfigError
    from siteselect.layers import ReadOptions
    from siteselect.layers.validate import validate_user_file
    from siteselect.report.terminal import render_layer_reports

    try:
        options = ReadOptions.model_validate({k: v for k, v in keys.items() if v is not None})
    except ValidationError as exc:
        # The option and pydantic's message; its last line is a link to pydantic's docs.
        first = exc.errors()[0]
        option = "--" + str(first["loc"][0]).replace("_", "-") if first["loc"] else "option"
        said = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{file.name}: {option}: {said}") from None
    reports = validate_user_file(file, options, read_as=read_as, id_column=id_column)
    usable = all(r.usable for r in reports)
    if fmt == "json":
        doc = {"file": file.name, "usable": usable, "layers": [r.to_dict() for r in reports]}
        report.write_output(None, report.dump_json(doc))
    else:
        make_console().print(render_layer_reports(reports))
    if not usable:
        # The report (stdout) lists every problem; stderr says why in one line, as for any
        # bad input (`facts validate` of the same file says it there too).
        report_, problem = next(
            (r, p) for r in reports if not r.usable for p in r.problems if p.fatal
        )
        where = f"{file.name} (layer {report_.layer})" if report_.layer else file.name
        said = problem.message.removeprefix(f"{file.name}: ")
        click.echo(f"Error: {where} is not usable: {said}", err=True)
        sys.exit(3)


@layers.command("fetch-osm")
@click.option(
    "--corridor", metavar="NAME", help="A corridor's area (bajio, northeast, northwest, ...)."
)
@click.option("--bbox", metavar="W,S,E,N", help="Or an area in degrees: west,south,east,north.")
@click.option(
    "--what",
    default="roads,power,rail,industrial",
    show_default=True,
    help="Comma-separated: roads, power, rail, industrial.",
)
@click.option(
    "--roads",
    type=click.Choice(["major", "drive"]),
    default="major",
    show_default=True,
    help="Road classes: major (motorway..secondary) or every class a truck may drive.",
)
@click.option("--osm-file", type=click.Path(path_type=Path), help="Read a .osm file, offline.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    help="Where Overpass answers are cached (default: the siteselect cache folder).",
)
@click.option("--overpass-url", metavar="URL", help="Another Overpass server (a mirror).")
@click.option("--output", "-o", type=OUTPUT_FILE, required=True, help="The GeoPackage.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@quiet_option
def fetch_osm_command(
    corridor: str | None,
    bbox: str | None,
    what: str,
    roads: str,
    osm_file: Path | None,
    cache_dir: Path | None,
    overpass_url: str | None,
    output: Path,
    force: bool,
    quiet: bool,
) -> None:
    """Download OpenStreetMap layers of an area into a GeoPackage (needs the network).

    Roads (with road classes, truck speeds and minutes), power lines and substations (with
    voltages in kV), railways and industrial land use, one layer each, in EPSG:4326. Answers
    are cached on disk, so running it again needs no network. Use the file as
    `[network] osm_path`, in a criterion's `to = { path = "...", layer = "substations" }`,
    or check it with `siteselect layers validate`. Data © OpenStreetMap contributors (ODbL).

    \b
    Examples:
      siteselect layers fetch-osm --corridor bajio --what roads,power,rail,industrial -o bajio.gpkg
      siteselect layers fetch-osm --bbox -100.5,20.5,-100.3,20.7 --what power -o qro.gpkg
      siteselect layers fetch-osm --osm-file area.osm.bz2 --what roads,rail -o area.gpkg
    """
    from siteselect import report
    from siteselect.api import fetch_osm_layers
    from siteselect.report.terminal import render_fetch_summary

    show_warnings()
    report.check_writable(output, force=force)
    with _progress_bar(quiet) as progress:
        layers_read = fetch_osm_layers(
            what,
            corridor=corridor,
            bbox=bbox,
            roads=roads,
            osm_file=osm_file,
            cache_dir=cache_dir,
            overpass_url=overpass_url,
            progress=progress,
        )
    from siteselect.layers.osm import write_osm_geopackage

    counts = write_osm_geopackage(layers_read, output, force=force)
    click.echo(render_fetch_summary(output.name, counts), err=True)


class _progress_bar:
    """Progress on stderr: a rich bar in a terminal, one line per part otherwise (logs);
    nothing with ``--quiet``."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __enter__(self) -> Any:
        import sys

        from rich.progress import Progress

        self._bar: Any = None
        if self.quiet:
            return None
        if not sys.stderr.isatty():

            def line(item: str, done: int, total: int) -> None:
                if done < total:
                    click.echo(f"OpenStreetMap: {item} ({done + 1}/{total})", err=True)

            return line
        self._bar = Progress(console=make_console(stderr=True), transient=True)
        self._bar.start()
        self._task: Any = None

        def update(item: str, done: int, total: int) -> None:
            if self._task is None:
                self._task = self._bar.add_task("OpenStreetMap", total=total)
            self._bar.update(self._task, completed=done, description=f"OpenStreetMap: {item}")

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
