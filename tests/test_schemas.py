"""`--format json` is a contract: real outputs validate against docs/schemas/*.schema.json."""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner

from siteselect.cli import cli
from tests.conftest import REPO

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

SCHEMAS = REPO / "docs" / "schemas"

# Input files the command lines below read, written into each test's tmp folder ({tmp}).
BORDER = (
    '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
    'direction = "min"\nweight = 1\n'
)
FILES: dict[str, str] = {
    "pairwise.csv": (
        "criterion,labour,logistics,power\nlabour,1,2,4\nlogistics,1/2,1,2\npower,1/4,1/2,1\n"
    ),
    # Demand for p-median and coverage: five metro areas (approximate centres), weights made up
    # for the test.
    "demand.csv": (
        "id,name,lon,lat,weight\nmty,Monterrey,-100.31,25.67,5\nsal,Saltillo,-101.00,25.42,1\n"
        "qro,Querétaro,-100.39,20.59,2\nleo,León,-101.68,21.12,2\n"
        "ags,Aguascalientes,-102.29,21.88,1\n"
    ),
    "p-median.toml": (
        '[search]\ncorridors = ["all"]\n'
        + BORDER
        + '[optimize]\nobjective = "p-median"\nk = 2\nmax_per = { state = 1 }\n'
        '[optimize.demand]\npath = "demand.csv"\nweight = "weight"\n'
    ),
    "coverage.toml": (
        '[search]\ncorridors = ["all"]\n'
        + BORDER
        + '[optimize]\nobjective = "coverage"\nk = 2\nthreshold_min = 120\n'
        '[optimize.demand]\npath = "demand.csv"\nweight = "weight"\n'
    ),
    # The score objective, robust to closures, with every constraint family but must_*.
    "robust.toml": (
        '[search]\ncorridors = ["all"]\n'
        + BORDER
        + "[optimize]\nk = 3\nrobust = true\nmax_per = { state = 1 }\nmin_spacing_km = 50\n"
        'budget = 100000\ncost_column = "accuracy_m"\n'
    ),
    # The user's own rents, declared illustrative, with a constraint that eliminates the parks
    # without one.
    "rents.csv": (
        "id,rent_usd_m2_month\nparque-industrial-queretaro,6.1\nfinsa-guadalupe,7.2\n"
        "parque-industrial-monterrey,6.9\n"
    ),
    "declared.toml": (
        '[search]\ncorridors = ["all"]\n'
        '[candidates]\nattributes = "rents.csv"\nillustrative = ["rent_usd_m2_month"]\n'
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n'
        '[[criteria]]\nname = "solar"\nmeasure = "raster"\nto = "solar"\n'
        'direction = "max"\nweight = 1\n'
        '[[constraints]]\nname = "rent known"\ncolumn = "rent_usd_m2_month"\nmax = 100\n'
    ),
    # A developer's facts sheet as a Spanish spreadsheet saves it (';', decimal commas, day
    # first), one park by id, one by its abbreviated name, one by a misspelt name, one stale;
    # and a tenant's requirements.
    "facts.csv": (
        "Clave del parque;Nombre del parque;Municipio;Superficie disponible (ha);"
        "Capacidad eléctrica disponible (MVA);Tensión de suministro (kV);Renta (USD/m²/mes);"
        "Espuela de ferrocarril;Gas natural;Certificaciones;Fecha de los datos;Fuente\n"
        "finsa-guadalupe;;;14,5;18;115;7,20;Sí;Sí;AMPIP;15/10/2026;Prueba\n"
        ";P.I. Querétaro;Querétaro;25;9;115;6,10;Sí;Sí;AMPIP, LEED;01/11/2026;Prueba\n"
        ";Parque Industrial Escobedoo;General Escobedo;8;5,4;34,5;5,90;No;Sí;;15/03/2024;Prueba\n"
        ";Parque Inexistente;Tula;3;1;13,8;4;No;No;;01/11/2026;Prueba\n"
    ),
    "tenant.toml": (
        "[requirements]\nland_ha = 12\npower_mva = 8\nvoltage_kv = 115\nrail = true\n"
        "border_hours = 12\nmax_rent_usd_m2_month = 7.5\n"
    ),
    "facts-search.toml": (
        '[search]\ncorridors = ["all"]\n'
        '[candidates.facts]\npath = "facts.csv"\nmissing = "neutral"\n'
        + BORDER
        + '[[criteria]]\nname = "power"\nmeasure = "fact"\nfact = "power_mva_available"\n'
        'direction = "max"\nweight = 1\nmissing = "exclude"\n'
        "[requirements]\nland_ha = 10\nborder_hours = 20\n"
    ),
    # The power criterion decided by the parks' own facts, the grid distance as the fallback.
    "power-search.toml": (
        '[search]\ncorridors = ["all"]\n'
        '[candidates.facts]\npath = "facts.csv"\n'
        + BORDER
        + '[[criteria]]\nname = "power"\nmeasure = "grid_distance"\nvoltage_kv = 115\n'
        'direction = "min"\nweight = 1\n'
        "[requirements]\npower_mva = 8\nvoltage_kv = 115\n"
    ),
    # A sheet with errors: a number that is not one, an ambiguous date, a column without unit.
    "bad-facts.csv": (
        "Clave del parque,Superficie disponible,Renta (USD/m²/mes),Fecha de los datos,Fuente\n"
        "finsa-guadalupe,12,7.2x,03/04/2026,Prueba\n"
    ),
    # Usable, with one row left out (outside Mexico); unusable (every row's lon/lat swapped).
    "usable.csv": "id,name,lon,lat\na,A,-100.39,20.59\nb,B,-100.31,25.67\nc,C,2.35,48.85\n",
    "unusable.csv": "id,name,lon,lat\na,A,20.59,-100.39\nb,B,25.67,-100.31\n",
}


class Case(NamedTuple):
    """A command line and the exit code it must end with (its JSON is printed either way)."""

    args: list[str]
    exit_code: int = 0


# schema file -> command lines whose JSON output must validate against it. Adding a command's
# schema is one file in docs/schemas and one entry here.
CASES: dict[str, list[Case]] = {
    "rank.schema.json": [
        Case(["rank", "--format", "json"]),
        Case(["rank", "--profile", "automotive-tier1", "--corridor", "bajio", "--format", "json"]),
        Case(["rank", "--profile", "electronics", "--method", "promethee", "--format", "json"]),
        Case(["rank", "--profile", "logistics", "--method", "vikor", "--format", "json"]),
        Case(["rank", "--config", "{tmp}/declared.toml", "--format", "json"]),
        # ranked by a consensus, the shortlist rule off
        Case(["rank", "--consensus", "borda", "--max-per-metro", "0", "--format", "json"]),
        Case(
            [
                "rank",
                "--profile",
                "automotive-tier1",
                "--facts",
                "{tmp}/facts.csv",
                "--requirements",
                "{tmp}/tenant.toml",
                "--corridor",
                "all",
                "--format",
                "json",
            ]
        ),
        Case(["rank", "--config", "{tmp}/facts-search.toml", "--format", "json"]),
    ],
    "profiles-check.schema.json": [
        Case(["profiles", "check", "default", "logistics", "--format", "json"]),
        Case(["profiles", "check", "logistics", "--corridor", "all", "--format", "json"]),
    ],
    "regions.schema.json": [
        Case(["regions", "--profile", "electronics", "--format", "json"]),
        Case(["regions", "--corridor", "bajio,northeast", "--top", "2", "--format", "json"]),
    ],
    "explain.schema.json": [
        Case(["explain", "parque-industrial-monterrey", "--format", "json"]),
        Case(
            ["explain", "parque-industrial-queretaro", "--profile", "aerospace", "--format", "json"]
        ),
        Case(
            [
                "explain",
                "finsa-guadalupe",
                "--config",
                "{tmp}/facts-search.toml",
                "--requirements",
                "{tmp}/tenant.toml",
                "--format",
                "json",
            ]
        ),
        # Power from the park's facts (finsa-guadalupe: 18 MVA at 115 kV) and the fallback.
        Case(
            [
                "explain",
                "finsa-guadalupe",
                "--config",
                "{tmp}/power-search.toml",
                "--format",
                "json",
            ]
        ),
        Case(
            [
                "explain",
                "parque-industrial-monterrey",
                "--config",
                "{tmp}/power-search.toml",
                "--format",
                "json",
            ]
        ),
        # An eliminated park: no score, eliminated_by instead.
        Case(
            [
                "explain",
                "parque-industrial-escobedo",
                "--config",
                "{tmp}/declared.toml",
                "--format",
                "json",
            ]
        ),
    ],
    "facts-validate.schema.json": [
        Case(["facts", "validate", "{tmp}/facts.csv", "--format", "json"]),
        Case(["facts", "validate", "{tmp}/bad-facts.csv", "--format", "json"], exit_code=3),
    ],
    "park-facts.schema.json": [
        Case(["facts", "export", "{tmp}/facts.csv", "--format", "json"]),
    ],
    "compare.schema.json": [
        Case(
            [
                "compare",
                "parque-industrial-monterrey",
                "parque-industrial-escobedo",
                "parque-industrial-queretaro",
                "--format",
                "json",
            ]
        ),
    ],
    "sensitivity.schema.json": [
        Case(["sensitivity", "--samples", "40", "--top", "3", "--format", "json"]),
        Case(
            [
                "sensitivity",
                "--profile",
                "logistics",
                "--samples",
                "20",
                "--sweep",
                "border",
                "--reversal",
                "--format",
                "json",
            ]
        ),
        # VIKOR's ranking flips when parks are removed: rank_reversal has rows.
        Case(
            [
                "sensitivity",
                "--profile",
                "logistics",
                "--method",
                "vikor",
                "--samples",
                "10",
                "--reversal",
                "--format",
                "json",
            ]
        ),
    ],
    "weights.schema.json": [
        Case(["weights", "ahp", "{tmp}/pairwise.csv", "--format", "json"]),
        Case(["weights", "entropy", "--format", "json"]),
        Case(["weights", "critic", "--profile", "logistics", "--format", "json"]),
    ],
    "data-check.schema.json": [Case(["data", "check", "--format", "json"])],
    "optimize.schema.json": [
        Case(["optimize", "--profile", "default", "--k", "3", "--format", "json"]),
        Case(["optimize", "--config", "{tmp}/p-median.toml", "--format", "json"]),
        Case(["optimize", "--config", "{tmp}/coverage.toml", "--format", "json"]),
        Case(["optimize", "--config", "{tmp}/facts-search.toml", "--k", "2", "--format", "json"]),
        Case(
            [
                "optimize",
                "--config",
                "{tmp}/robust.toml",
                "--close",
                "border_crossings:world-trade-bridge",
                "--close-road",
                "-100.3,25.7,5",
                "--format",
                "json",
            ]
        ),
    ],
    "stress.schema.json": [
        Case(["stress", "--profile", "logistics", "--format", "json"]),
        Case(["stress", "--profile", "default", "--no-ports", "--format", "json"]),
    ],
    "layers-validate.schema.json": [
        Case(["layers", "validate", "{tmp}/usable.csv", "--as", "candidates", "--format", "json"]),
        Case(["layers", "validate", "{tmp}/two-layers.gpkg", "--format", "json"]),
        Case(["layers", "validate", "{tmp}/grid.tif", "--format", "json"]),
        Case(
            ["layers", "validate", "{tmp}/unusable.csv", "--as", "candidates", "--format", "json"],
            exit_code=3,
        ),
    ],
    "surface.schema.json": [
        Case(["surface", "--corridor", "bajio", "--res", "6", "--top", "5", "--format", "json"]),
    ],
    "profiles-list.schema.json": [Case(["profiles", "list", "--format", "json"])],
    "layers-list.schema.json": [Case(["layers", "list", "--format", "json"])],
}

# Objects whose keys are data (criterion names, ids, layers, ...), not names the contract fixes:
# renaming one of their keys is not a break. Paths are keys from the root, "*" for any list
# item and "?" for any key of such an object.
# Criterion definitions (the ``build`` member): their filters name columns, their options
# a measure's own settings.
# A criterion's filters are data: their keys are the layer's columns (per_where, a tightness
# ratio's filter on the establishments it divides by, is one of its options).
DEFINITIONS = {"build/criteria/*/where", "build/criteria/*/options", "build/criteria/*/options/?"}
DATA_KEYS: dict[str, set[str]] = {
    "rank.schema.json": {
        "weights",
        "results/*/criteria",
        "results/*/criteria/?/details",
        "facts/criteria",
        *DEFINITIONS,
    },
    "explain.schema.json": {"criteria/*/details", "access/labour_shed"},
    "compare.schema.json": {"weights", "parks/*/criteria", "parks/*/criteria/?/details"},
    "sensitivity.schema.json": {"weights"},
    "weights.schema.json": {"weights"},
    "data-check.schema.json": {"results/*/rows/*"},
    "optimize.schema.json": {"assignment", "closed", "facts/criteria", *DEFINITIONS},
    "facts-validate.schema.json": set(),
    "park-facts.schema.json": set(),
    "stress.schema.json": {"closures/*/ranks"},
    "layers-validate.schema.json": {"layers/*/geometry_types", "layers/*/columns"},
    "surface.schema.json": {"surface/weights", "zones/*/raw"},
    "profiles-list.schema.json": {"profiles/*/criteria"},
    "profiles-check.schema.json": set(),
    "layers-list.schema.json": set(),
    "regions.schema.json": {"weights", "regions/*/access", *DEFINITIONS},
}


def _schemas() -> dict[str, dict[str, Any]]:
    return {
        p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")
    }


def _validator(name: str) -> Any:
    schemas = _schemas()
    registry = referencing.Registry().with_resources(
        (s["$id"], referencing.Resource.from_contents(s)) for s in schemas.values()
    )
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def _write_inputs(folder: Path) -> None:
    import geopandas as gpd
    import numpy as np
    import rasterio
    from rasterio.transform import Affine
    from shapely.geometry import Point, box

    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    gpkg = folder / "two-layers.gpkg"
    gpd.GeoDataFrame(
        {"id": ["p1", "p2"], "name": ["One", "Two"]},
        geometry=[Point(-100.4, 20.6), Point(-101.7, 21.1)],
        crs="EPSG:4326",
    ).to_file(gpkg, layer="sites")
    gpd.GeoDataFrame(
        {"id": ["z1"]}, geometry=[box(-100.5, 20.5, -100.3, 20.7)], crs="EPSG:4326"
    ).to_file(gpkg, layer="zones")
    with rasterio.open(
        folder / "grid.tif",
        "w",
        driver="GTiff",
        width=4,
        height=3,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.1, 0.0, -101.0, 0.0, -0.1, 21.0),
        nodata=-9999.0,
    ) as ds:
        ds.write(np.arange(12, dtype="float32").reshape(1, 3, 4))


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not JSON (RFC 8259): a number must be finite"
    raise ValueError(msg)


def _run(case: Case, tmp_path: Path) -> Any:
    _write_inputs(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in case.args]
    with warnings.catch_warnings():
        # Data notes (e.g. how many rows a user's table joined) go to stderr, as in a shell.
        warnings.simplefilter("default")
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == case.exit_code, (result.output, result.exception)
    # Strict JSON: NaN and Infinity, which Python's json writes by default, are refused.
    return json.loads(result.stdout, parse_constant=_reject_constant)


def _keys(doc: Any, data_keys: set[str], path: tuple[str, ...] = ()) -> Iterator[Any]:
    """Every (path pattern, key, concrete location) of the document's fixed-name objects."""
    if isinstance(doc, dict):
        pattern = "/".join(path)
        is_data = pattern in data_keys
        for key, value in doc.items():
            if not is_data:
                yield pattern, key, [key]
            for pat, k, where in _keys(value, data_keys, (*path, "?" if is_data else key)):
                yield pat, k, [key, *where]
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            for pat, k, where in _keys(item, data_keys, (*path, "*")):
                yield pat, k, [i, *where]


def _renamed(doc: Any, where: list[Any]) -> Any:
    """A copy of ``doc`` with the key at ``where`` renamed (its value kept)."""
    out = copy.deepcopy(doc)
    parent = out
    for step in where[:-1]:
        parent = parent[step]
    parent[f"{where[-1]}_renamed"] = parent.pop(where[-1])
    return out


def test_every_schema_is_valid_and_has_cases() -> None:
    schemas = _schemas()
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    commands = set(schemas) - {"common.schema.json", SIDECAR}
    assert commands == set(CASES), "each schema needs command lines in CASES, and vice versa"
    assert set(DATA_KEYS) == set(CASES)
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in schemas)


def test_every_json_format_has_a_schema() -> None:
    """Each command offering --format json is covered by a case here."""
    import click

    from siteselect.cli import COMMANDS

    covered = {" ".join(c.args[:2]) for lines in CASES.values() for c in lines}
    ctx = click.Context(cli)

    def walk(name: str, command: click.Command) -> Iterator[str]:
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                yield from walk(f"{name} {sub}", command.get_command(ctx, sub))  # type: ignore[arg-type]
            return
        for param in command.params:
            if param.name == "fmt" and "json" in getattr(param.type, "choices", ()):
                yield name

    with_json = {n for top in COMMANDS for n in walk(top, cli.get_command(ctx, top))}  # type: ignore[arg-type]
    assert with_json, "no command offers --format json?"
    missing = {n for n in with_json if not any(c.startswith(n) for c in covered)}
    assert not missing, f"--format json without a schema case: {sorted(missing)}"


@pytest.mark.parametrize(
    ("schema", "case"),
    [(name, case) for name, lines in CASES.items() for case in lines],
    ids=lambda v: v if isinstance(v, str) else " ".join(v.args[:3]),
)
def test_real_outputs_validate(schema: str, case: Case, tmp_path: Path) -> None:
    doc = _run(case, tmp_path)
    validator = _validator(schema)
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    # Every key the contract names is checked: renaming any one of them (at the first place
    # each appears) breaks the document.
    seen: set[tuple[str, str]] = set()
    for pattern, key, where in _keys(doc, DATA_KEYS[schema]):
        if (pattern, key) in seen:
            continue
        seen.add((pattern, key))
        assert not validator.is_valid(_renamed(doc, where)), f"renaming {pattern}/{key} passes"
    assert seen


def test_the_schemas_catch_broken_documents(tmp_path: Path) -> None:
    doc = _run(Case(["rank", "--profile", "logistics", "--top", "2", "--format", "json"]), tmp_path)
    validator = _validator("rank.schema.json")
    assert validator.is_valid(doc)
    for broken in (
        {k: v for k, v in doc.items() if k != "results"},  # a required key missing
        {**doc, "method": "electre"},  # not a method
        {**doc, "results": [{**doc["results"][0], "rank": "1"}]},  # a rank as text
        {**doc, "surprise": 1},  # an undocumented key
        {**doc, "results": [{**doc["results"][0], "surprise": 1}]},  # one inside a result
    ):
        assert not validator.is_valid(broken)
    first = doc["results"][0]
    crit = next(iter(first["criteria"]))
    first["criteria"][crit]["unit"] = 3  # a unit that is not text
    assert not validator.is_valid(doc)


def test_the_verdicts_agree_with_the_details(tmp_path: Path) -> None:
    """The schemas tie a document's verdict to its parts: a usable file has no fatal problem,
    a p-median answer has demand figures per park, the score objective has none."""
    layers = _run(
        Case(
            ["layers", "validate", "{tmp}/unusable.csv", "--as", "candidates", "--format", "json"],
            3,
        ),
        tmp_path,
    )
    validator = _validator("layers-validate.schema.json")
    assert validator.is_valid(layers)
    assert not validator.is_valid({**layers, "usable": True})
    fixed = copy.deepcopy(layers)
    fixed["layers"][0]["problems"][0]["fatal"] = False  # unusable without a fatal problem
    assert not validator.is_valid(fixed)
    median = _run(
        Case(["optimize", "--config", "{tmp}/p-median.toml", "--format", "json"]), tmp_path
    )
    validator = _validator("optimize.schema.json")
    assert validator.is_valid(median)
    assert not validator.is_valid({**median, "objective_kind": "score"})
    bare = copy.deepcopy(median)
    del bare["parks"][0]["demand_served"], bare["parks"][0]["share"], bare["parks"][0]["points"]
    assert not validator.is_valid(bare)


def test_json_documents_never_hold_nan_or_infinity() -> None:
    """NaN and infinities become null, whatever a builder hands over."""
    import math

    from siteselect.report import dump_json

    text = dump_json({"a": math.nan, "b": [math.inf, -math.inf], "c": {"d": 0.5}, "e": (2, "x")})
    assert json.loads(text, parse_constant=_reject_constant) == {
        "a": None,
        "b": [None, None],
        "c": {"d": 0.5},
        "e": [2, "x"],
    }


SIDECAR = "csv-provenance.schema.json"
SIDECAR_DATA_KEYS = {
    "provenance/weights",
    "provenance/criteria/*/where",
    "provenance/criteria/*/options",
    "provenance/criteria/*/options/?",
}


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--profile", "automotive-tier1"],
        ["rank", "--profile", "electronics", "--method", "promethee"],
        ["optimize", "--config", "{tmp}/p-median.toml"],
        ["stress", "--profile", "default", "--no-ports"],
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_csv_provenance_sidecars_validate(args: list[str], tmp_path: Path) -> None:
    """``-o FILE.csv`` writes FILE.provenance.json beside it; it follows its schema, closed
    like the JSON outputs' (renaming any fixed key breaks it)."""
    _write_inputs(tmp_path)
    target = tmp_path / "out.csv"
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["-o", str(target)]
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, (result.output, result.exception)
    doc = json.loads((tmp_path / "out.provenance.json").read_text(encoding="utf-8"))
    assert doc["file"] == "out.csv"
    validator = _validator(SIDECAR)
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    seen: set[tuple[str, str]] = set()
    for pattern, key, where in _keys(doc, SIDECAR_DATA_KEYS):
        if (pattern, key) in seen:
            continue
        seen.add((pattern, key))
        assert not validator.is_valid(_renamed(doc, where)), f"renaming {pattern}/{key} passes"
