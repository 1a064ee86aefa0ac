"""`--format json` is a contract: real outputs validate against docs/schemas/*.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from siteselect.cli import cli
from tests.conftest import REPO

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

SCHEMAS = REPO / "docs" / "schemas"
PAIRWISE = "criterion,labour,logistics,power\nlabour,1,2,4\nlogistics,1/2,1,2\npower,1/4,1/2,1\n"

# schema file -> command lines whose JSON output must validate against it. Adding a command's
# schema is one file in docs/schemas and one entry here.
CASES: dict[str, list[list[str]]] = {
    "rank.schema.json": [
        ["rank", "--format", "json"],
        ["rank", "--profile", "automotive-tier1", "--corridor", "bajio", "--format", "json"],
        ["rank", "--profile", "electronics", "--method", "promethee", "--format", "json"],
        ["rank", "--profile", "logistics", "--method", "vikor", "--format", "json"],
    ],
    "explain.schema.json": [
        ["explain", "parque-industrial-monterrey", "--format", "json"],
        ["explain", "parque-industrial-queretaro", "--profile", "aerospace", "--format", "json"],
    ],
    "compare.schema.json": [
        [
            "compare",
            "parque-industrial-monterrey",
            "parque-industrial-escobedo",
            "parque-industrial-queretaro",
            "--format",
            "json",
        ],
    ],
    "sensitivity.schema.json": [
        ["sensitivity", "--samples", "40", "--top", "3", "--format", "json"],
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
        ],
    ],
    "weights.schema.json": [
        ["weights", "ahp", "{pairwise}", "--format", "json"],
        ["weights", "entropy", "--format", "json"],
        ["weights", "critic", "--profile", "logistics", "--format", "json"],
    ],
    "data-check.schema.json": [["data", "check", "--format", "json"]],
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


def _run(args: list[str], tmp_path: Path) -> Any:
    pairwise = tmp_path / "pairwise.csv"
    pairwise.write_text(PAIRWISE, encoding="utf-8")
    args = [a.replace("{pairwise}", str(pairwise)) for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_schema_is_valid_and_has_cases() -> None:
    schemas = _schemas()
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    commands = set(schemas) - {"common.schema.json"}
    assert commands == set(CASES), "each schema needs command lines in CASES, and vice versa"
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in schemas)


@pytest.mark.parametrize(
    ("schema", "args"),
    [(name, args) for name, lines in CASES.items() for args in lines],
    ids=lambda v: v if isinstance(v, str) else " ".join(v[:3]),
)
def test_real_outputs_validate(schema: str, args: list[str], tmp_path: Path) -> None:
    doc = _run(args, tmp_path)
    errors = sorted(_validator(schema).iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_the_schemas_catch_broken_documents(tmp_path: Path) -> None:
    doc = _run(["rank", "--profile", "logistics", "--top", "2", "--format", "json"], tmp_path)
    validator = _validator("rank.schema.json")
    assert validator.is_valid(doc)
    for broken in (
        {k: v for k, v in doc.items() if k != "results"},  # a required key missing
        {**doc, "method": "electre"},  # not a method
        {**doc, "results": [{**doc["results"][0], "rank": "1"}]},  # a rank as text
        {**doc, "surprise": 1},  # an undocumented key
    ):
        assert not validator.is_valid(broken)
    first = doc["results"][0]
    crit = next(iter(first["criteria"]))
    first["criteria"][crit]["unit"] = 3  # a unit that is not text
    assert not validator.is_valid(doc)
