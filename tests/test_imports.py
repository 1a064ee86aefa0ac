"""The package's import graph: no circle, and the stages below `api` never import it.

Every ``import`` and ``from ... import`` of every module is read with :mod:`ast`, at module level
and inside functions alike (a lazy import is still an edge of the house's order), and so is
``importlib.import_module("siteselect...")`` with a literal name. Imports under ``if
TYPE_CHECKING:`` are left out: they never run, and an annotation may name a type of a module
that imports this one. ``from siteselect.x import y`` is an edge to ``siteselect.x.y`` when that
is a module, else to ``siteselect.x``.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "siteselect"
# The api floor: the package `siteselect.api` and every module in it (they compose the stages and
# may import one another).
API = "siteselect.api"
# The floors above the stages: the public facade, the api and the command line may import the api.
ABOVE_API = ("siteselect", API, "siteselect.cli")


def _module_names() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, whether it is a package's ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of the nodes inside ``if TYPE_CHECKING:`` blocks (their ``else`` runs)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The dotted names an import node (or ``importlib.import_module("...")``) brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        return [source, *(f"{source}.{alias.name}" for alias in node.names)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
        == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return [node.args[0].value]
    return []


@functools.cache
def build_import_graph() -> dict[str, frozenset[str]]:
    """Module -> the package modules it imports (module level and lazy); read once."""
    modules = _module_names()
    graph: dict[str, frozenset[str]] = {}
    for module, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skipped = _type_checking_nodes(tree)
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            names = _imported(node, module, is_package)
            if not names:
                continue
            if isinstance(node, ast.ImportFrom):
                source, *members = names
                found = [m for m in members if m in modules]
                # `from pkg import module` is an edge to the module; `from pkg import name`
                # to the package that defines or re-exports the name.
                if len(found) < len(members) and source in modules:
                    found.append(source)
                targets.update(found)
            else:
                targets.update(_nearest_module(name, modules) for name in names)
        targets.discard(module)
        targets.discard("")
        graph[module] = frozenset(t for t in targets if t in modules)
    return graph


def _in_floor(module: str, floor: str) -> bool:
    """Whether a module is ``floor`` or one of its submodules."""
    return module == floor or module.startswith(f"{floor}.")


def find_stages_reaching_up(graph: Mapping[str, AbstractSet[str]]) -> list[str]:
    """The modules below the api floor that import ``siteselect.api`` or any module in it."""
    return sorted(
        module
        for module, targets in graph.items()
        if any(_in_floor(target, API) for target in targets)
        and not (module == "siteselect" or any(_in_floor(module, f) for f in ABOVE_API[1:]))
    )


def _nearest_module(name: str, modules: dict[str, tuple[Path, bool]]) -> str:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name


def find_circles(graph: Mapping[str, AbstractSet[str]]) -> list[list[str]]:
    """One circle through each strongly connected group of modules (Tarjan), as a path that
    ends where it starts."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return [_circle_in(group, graph) for group in groups]


def _circle_in(group: set[str], graph: Mapping[str, AbstractSet[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    first = min(group)
    paths = {first: [first]}
    queue = [first]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == first:
                return [*paths[node], first]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return sorted(group)  # pragma: no cover - a strongly connected group always closes


def test_the_package_has_no_import_circle() -> None:
    circles = find_circles(build_import_graph())
    shown = "\n".join(" -> ".join(circle) for circle in circles)
    assert not circles, f"import circles:\n{shown}"


def test_no_stage_below_the_api_imports_it() -> None:
    reaching_up = find_stages_reaching_up(build_import_graph())
    assert not reaching_up, f"stages importing siteselect.api: {', '.join(reaching_up)}"


def test_the_walker_sees_lazy_imports_and_finds_a_circle() -> None:
    """The checks above can fail: lazy edges are in the graph, and a loop is found and shown
    as a path."""
    graph = build_import_graph()
    assert "siteselect.api" in graph["siteselect"]  # importlib.import_module("siteselect.api")
    assert "siteselect.scoring" in graph["siteselect.results"]  # inside score_result
    assert "siteselect.layers.cells" in graph["siteselect.criteria.attribute"]  # in a helper
    loop = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"a"}}
    assert find_circles(loop) == [["a", "b", "c", "a"]]
    assert find_circles({**graph, "siteselect.constants": frozenset({"siteselect.api"})})
    # the api's modules are in the graph, and a circle through one of them is found too
    assert "siteselect.api.search" in graph["siteselect.api.optimization"]
    assert find_circles({**graph, "siteselect.constants": frozenset({"siteselect.api.search"})})


def test_the_floors_rule_sees_every_api_module() -> None:
    """A stage importing the api package or any module in it is caught; the facade, the
    command line and the api's own modules may import them."""
    graph = build_import_graph()
    assert {"siteselect.api.search", "siteselect.api._common"} <= graph["siteselect.api.analysis"]
    assert find_stages_reaching_up(graph) == []
    for target in ("siteselect.api", "siteselect.api.report", "siteselect.api._common"):
        reaching = {**graph, "siteselect.results": frozenset({target})}
        assert find_stages_reaching_up(reaching) == ["siteselect.results"]
    # a stage whose name starts like a floor's is still a stage
    lookalike = {**graph, "siteselect.apiary": frozenset({"siteselect.api.osm"})}
    assert find_stages_reaching_up(lookalike) == ["siteselect.apiary"]
