"""`siteselect surface`: a suitability surface over the corridors and its best zones."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from siteselect.cli._common import (
    OUTPUT_FILE,
    format_option,
    grid_search_options,
    load_config,
    make_console,
    render_to_text,
    show_warnings,
    width_option,
)
from siteselect.cli._progress import CountProgress, quiet_option, wants_progress
from siteselect.constants import SURFACE_RESOLUTIONS

MIN_PARTITION_SIZE = 1_000
"""The fewest cells a partition the command line asks for holds (the library takes any, for
its tests)."""

RES_CHOICES = tuple(str(r) for r in SURFACE_RESOLUTIONS)  # the API's range (one check)


@click.command()
@grid_search_options
@click.option(
    "--res",
    type=click.Choice(RES_CHOICES),
    default="7",
    show_default=True,
    help="H3 resolution: 6 (~36 km² cells), 7 (~5 km²), 8 (~0.7 km²), 9 (~0.1 km²).",
)
@click.option(
    "--output",
    "-o",
    type=OUTPUT_FILE,
    help="Write the cells: .parquet (GeoParquet), .gpkg, .geojson, or .tif (score raster).",
)
@click.option("--force", is_flag=True, help="Overwrite output files that exist.")
@click.option(
    "--top", "-n", type=int, default=10, show_default=True, help="How many best zones to list."
)
@click.option(
    "--quantile",
    type=float,
    default=0.9,
    show_default=True,
    help="Zones are made of cells scoring at or above this quantile of all scored cells.",
)
@format_option("table", "json")
@click.option("--png", type=OUTPUT_FILE, help="Also draw the surface as a PNG.")
@click.option(
    "--workers",
    type=int,
    help="Run on a local Dask cluster of N worker processes. The default, in-process, is the "
    "faster on a small machine (2 cores, make bench: Bajío res 7 in 4.2 s in-process, 8.8 s on "
    "2 workers); workers pay when one process's memory is the limit (the whole country at res "
    "8) or on more cores.",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="Run on an existing Dask cluster (tcp://host:8786)."
)
@click.option(
    "--partition-size",
    type=int,
    default=100_000,
    show_default=True,
    help="Largest number of cells processed at once (bounds memory per process).",
)
@width_option
@quiet_option
def surface(
    profile: str | None,
    config_path: Path | None,
    corridor: str | None,
    method: str | None,
    res: str,
    output: Path | None,
    force: bool,
    top: int,
    quantile: float,
    fmt: str,
    png: Path | None,
    workers: int | None,
    scheduler: str | None,
    partition_size: int,
    quiet: bool,
) -> None:
    """Score every cell of an H3 grid over the corridors and list the best zones.

    Each cell is measured like a park (drive times, labour shed, rail, solar, ...); criteria
    that only parks have (rent, power) are left out and said. The profile's value functions
    are fitted once on the whole grid, so a cell's score does not depend on how the grid was
    split. The same command runs on Dask with --workers or --scheduler
    (the dask extra: .venv/bin/pip install -e '.[dask]' in the checkout).

    \b
    Examples:
      siteselect surface --corridor bajio --res 8 --top 20
      siteselect surface --profile automotive-tier1 --res 7 -o surface.parquet --png map.png
      siteselect surface --res 8 -o score.tif --workers 2
      siteselect surface --res 9 --corridor all --scheduler tcp://10.0.0.5:8786 -o s.tif
    """
    from siteselect import report
    from siteselect.cli._common import given_candidates
    from siteselect.errors import ConfigError, OutputError
    from siteselect.report import surface as views
    from siteselect.surface import compute_surface
    from siteselect.surface.zones import check_zone_options

    if 0 < partition_size < MIN_PARTITION_SIZE:  # 0 and below: the library's own message
        msg = (
            f"--partition-size: at least {MIN_PARTITION_SIZE:,} cells, got {partition_size:,} "
            "(each partition pays its own set-up: 1 cell a partition ran for minutes)"
        )
        raise ConfigError(msg)
    if given_candidates() is not None:
        msg = "--candidates: surface scores a grid over the corridors, not your sites (rank them)"
        raise ConfigError(msg)
    show_warnings()
    config = load_config(profile, config_path, corridor, method)
    check_zone_options(top, quantile)
    # Refused outputs cost nothing: checked before the run.
    if output is not None:
        views.surface_format(output)
        report.check_writable(output, force=force)
    if png is not None:
        if str(png) != "-" and png.suffix.lower() != ".png":
            msg = f"--png {png}: the map is a PNG picture; give a file name ending in .png"
            raise ConfigError(msg)
        report.check_writable(png, force=force)
        if output is not None and output.resolve() == png.resolve():
            msg = f"-o and --png name the same file {output}"
            raise OutputError(msg)
    started = time.perf_counter()
    with CountProgress("measuring partitions", show=wants_progress(quiet, fmt)) as advance:
        result = compute_surface(
            config,
            res=int(res),
            partition_size=partition_size,
            workers=workers,
            scheduler=scheduler,
            progress=advance,
        )
    elapsed = time.perf_counter() - started
    click.echo(
        f"scored {result.n_cells:,} cells at H3 res {result.res} in {result.partitions} "
        f"partition(s), {result.executor}, in {elapsed:.1f} s",
        err=True,
    )
    zones = result.zones(top=top, quantile=quantile)
    if output is not None:
        fmt_out = views.surface_format(output)
        report.write_bytes(Path(output), views.encode_surface(result, fmt_out), force=force)
        click.echo(f"wrote {output} ({fmt_out}, {result.n_cells:,} cells)", err=True)
    if png is not None:
        report.write_bytes(Path(png), views.render_surface_png(result, zones), force=force)
        click.echo(f"wrote {png} (map)", err=True)
    if fmt == "json":
        report.write_output(None, views.build_zones_json(result, zones))
    elif sys.stdout.isatty():
        make_console().print(views.render_zones(result, zones))
    else:
        sys.stdout.write(render_to_text(views.render_zones(result, zones)))
