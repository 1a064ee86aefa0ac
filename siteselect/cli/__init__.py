"""Command line: a thin click layer over the library; commands load lazily so --help is instant."""

from __future__ import annotations

import importlib
import sys

import click

from siteselect._version import __version__

# name -> "module:attribute"; a command's module is imported only when the command runs (or when
# its own --help is asked for), which keeps geopandas and friends off the start-up path.
COMMANDS: dict[str, str] = {
    "rank": "siteselect.cli.rank:rank",
    "explain": "siteselect.cli.explain:explain",
    "explore": "siteselect.cli.explore:explore",
    "compare": "siteselect.cli.explain:compare",
    "sensitivity": "siteselect.cli.sensitivity:sensitivity",
    "weights": "siteselect.cli.weights:weights",
    "isochrone": "siteselect.cli.isochrone:isochrone",
    "report": "siteselect.cli.report:report",
    "profiles": "siteselect.cli.profiles:profiles",
    "layers": "siteselect.cli.layers:layers",
    "data": "siteselect.cli.data:data",
    "optimize": "siteselect.cli.optimize:optimize",
    "stress": "siteselect.cli.stress:stress",
    "surface": "siteselect.cli.surface:surface",
    "facts": "siteselect.cli.facts:facts",
    "requirements": "siteselect.cli.facts:requirements",
    "regions": "siteselect.cli.regions:regions",
}

# One-line summaries shown by `siteselect --help` without importing the command modules.
SUMMARIES: dict[str, str] = {
    "rank": "Rank candidate parks for a profile or config; print or export the shortlist.",
    "explain": "Explain one park: raw values, scores, weights, contributions, access.",
    "explore": "Explore a search interactively: change weights, watch the shortlist re-rank.",
    "compare": "Compare parks side by side, with the weight change that would swap them.",
    "sensitivity": "Weight sensitivity: rank acceptability, top-k probability, sweeps.",
    "weights": "Derive criterion weights (AHP, entropy, CRITIC).",
    "isochrone": "Export a park's drive-time isochrones as GeoJSON.",
    "report": "Write a proposal report (HTML or PDF, Spanish or English) for a park.",
    "profiles": "List, show and back-test the industry profiles.",
    "layers": "List the embedded layers, validate a file of yours, fetch OpenStreetMap layers.",
    "data": "Check the embedded data (schema, ids, coordinates, containment).",
    "optimize": "Choose the best set of k parks (score, p-median, coverage) under constraints.",
    "stress": "Close each main crossing and port in turn: worst drive time and rank per park.",
    "surface": "Score an H3 grid over the corridors: where the next park should go.",
    "facts": "Park facts: write the template, validate a filled sheet (units, dates, matches).",
    "requirements": "A tenant's requirements: print an annotated template (es, en).",
    "regions": "Compare the corridors under a profile: best parks, scores, labour, access.",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="siteselect")
@click.option("--debug", is_flag=True, help="Show the full traceback of errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Rank Mexican industrial parks for nearshoring, and say why.

    \b
    Examples:
      siteselect rank --profile automotive-tier1 --top 10
      siteselect rank --profile electronics --format geojson -o shortlist.geojson
      siteselect explain parque-industrial-queretaro --profile aerospace
      siteselect report parque-industrial-monterrey --lang es -o monterrey.pdf
    """
    from siteselect.errors import naming_options

    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    # While a command runs, errors name its options (--top), not the API's arguments (top).
    ctx.with_resource(naming_options())


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning tool errors into one line on stderr and an exit code."""
    from siteselect.clock import read_source_date
    from siteselect.errors import SiteselectError

    args = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, before or after the subcommand.
    debug = "--debug" in args
    if debug:
        args = ["--debug", *[a for a in args if a != "--debug"]]
    try:
        # numpy parses SOURCE_DATE_EPOCH at import (scipy pulls it in): check it first.
        read_source_date()
        cli.main(args=args, prog_name="siteselect", standalone_mode=False)
    except SiteselectError as exc:
        if debug:  # the traceback, and still the error's own exit code
            import traceback

            traceback.print_exc()
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except MemoryError as exc:
        # Asked for more than the machine has (--samples 100,000,000, a huge grid): one line,
        # the data exit code, as for any input too large to use.
        if debug:
            import traceback

            traceback.print_exc()
        detail = str(exc).splitlines()[0] if str(exc) else "no detail"
        click.echo(
            f"Error: out of memory ({detail}); ask for less (fewer samples, a coarser grid, "
            "fewer points)",
            err=True,
        )
        sys.exit(3)
