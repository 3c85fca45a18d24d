"""The package's dependency rules (README "Layout"), checked over the source with ``ast``.

Every import counts for the layers, at module top, inside a function or under ``TYPE_CHECKING``:
each is a dependency. Layers, lowest first; a module may import its own package and anything lower:

    core, prompts → tools → synth (tools only) → retrieval → llm → testing (fakes of the LLM)
    → agent, records → queue → evals, bench → ui, api → cli

Import cycles are checked over the imports that run: one under ``TYPE_CHECKING`` names a type for
the checker and never executes, so it cannot make a loop at import time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import underwrite

PACKAGE = Path(underwrite.__file__).resolve().parent
RANK: dict[str, int] = {
    "core": 0,
    "prompts": 0,
    "tools": 1,
    "synth": 2,
    "retrieval": 3,
    "llm": 4,
    "testing": 5,
    "agent": 6,
    "records": 6,
    "queue": 7,
    "evals": 8,
    "bench": 8,
    "ui": 9,  # the compliance view reads the latest eval report through evals' own log reader
    "api": 9,  # the REST API: beside the workbench, never through it
    "cli": 10,
}
# Same-rank packages that may import each other (the rest of a rank may not: evals and bench are
# siblings that share code through lower layers, never through each other).
SIBLINGS_ALLOWED = {frozenset({"agent", "records"})}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of import nodes inside ``if TYPE_CHECKING:`` blocks."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            ids.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return ids


def imports_of(path: Path, modules: dict[str, Path], *, runtime_only: bool = False) -> set[str]:
    """The underwrite modules ``path`` imports (``from pkg import submodule`` names the submodule)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = _type_checking_only(tree) if runtime_only else set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("underwrite."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("underwrite"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
    return {m for m in found if m in modules}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def import_graph(*, runtime_only: bool = False) -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imports_of(path, modules, runtime_only=runtime_only) for name, path in modules.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for src, targets in graph.items():
        a = layer(src)
        for dst in targets:
            b = layer(dst)
            if a is None or b is None or a == b:
                continue
            if a not in RANK or b not in RANK:
                bad.append(f"{src} -> {dst}: package not placed in a layer")
            elif RANK[b] > RANK[a] or (RANK[b] == RANK[a] and frozenset({a, b}) not in SIBLINGS_ALLOWED):
                bad.append(f"{src} -> {dst}")
    return sorted(bad)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(RANK)


def test_no_upward_import() -> None:
    assert upward_imports(import_graph()) == []


def test_no_import_cycle() -> None:
    assert cycles(import_graph(runtime_only=True)) == []


def test_the_checks_catch_what_they_look_for() -> None:
    graph = {
        "underwrite.tools.a": {"underwrite.agent.b"},  # upward
        "underwrite.agent.b": {"underwrite.tools.a"},
        "underwrite.ui.c": {"underwrite.evals.d"},  # allowed: ui stands above evals
        "underwrite.evals.d": {"underwrite.bench.g"},  # sideways between siblings
        "underwrite.bench.g": set(),
        "underwrite.agent.e": {"underwrite.records.f"},  # allowed siblings
        "underwrite.records.f": set(),
    }
    assert upward_imports(graph) == [
        "underwrite.evals.d -> underwrite.bench.g",
        "underwrite.tools.a -> underwrite.agent.b",
    ]
    assert cycles(graph) == [["underwrite.agent.b", "underwrite.tools.a"]]


def test_type_checking_imports_are_not_runtime_cycles(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from underwrite.core import schemas\n"
        "from underwrite.core import settings\n"
    )
    modules = {"underwrite.core.schemas": source, "underwrite.core.settings": source}
    assert imports_of(source, modules) == set(modules)
    assert imports_of(source, modules, runtime_only=True) == {"underwrite.core.settings"}


MAX_LINES = 300
KNOWN_LONG: set[str] = set()
"""Modules allowed over the limit: none. A new entry needs a reason written beside it."""


def test_no_module_over_300_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if len(p.read_text("utf-8").splitlines()) > MAX_LINES
    }
    assert long == KNOWN_LONG


LAZY_MARK = "# lazy:"
"""An ``underwrite`` import inside a function needs this comment (on its line or on the comment
lines just above it or above its block of imports), saying why it cannot stand at module top: a
heavy library (Chroma, LightGBM, LangGraph, torch, llama.cpp) that most callers never need, or a
real import cycle."""

LAZY_BY_FOLDER: dict[str, str] = {
    "cli/": "the console script imports every command module at start; each command imports what "
    "it runs, so `underwrite --help` and quick commands do not load Chroma, LightGBM or LangGraph",
}
"""Paths (relative to the package, by prefix) whose function-level imports are allowed wholesale."""


def _function_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                else:
                    continue
                if any(n.startswith("underwrite") for n in names):
                    found.append(node)
    return found


def unexplained_lazy_imports(source: str) -> list[int]:
    """Line numbers of function-level ``underwrite`` imports without a ``# lazy:`` reason."""
    tree = ast.parse(source)
    lines = source.splitlines()
    every_import = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    block_start = {n.end_lineno: n.lineno for n in every_import}  # an import ending on line L starts on
    bad = []
    for node in _function_imports(tree):
        if any(LAZY_MARK in line for line in lines[node.lineno - 1 : node.end_lineno]):
            continue
        top = node.lineno
        while top - 1 in block_start:  # climb over the imports right above it (one block)
            top = block_start[top - 1]
        above = top - 1
        explained = False
        while above >= 1 and lines[above - 1].strip().startswith("#"):
            explained = explained or lines[above - 1].strip().startswith(LAZY_MARK)
            above -= 1
        if not explained:
            bad.append(node.lineno)
    return sorted(set(bad))


def test_function_level_imports_say_why() -> None:
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if any(rel.startswith(prefix) for prefix in LAZY_BY_FOLDER):
            continue
        bad += [f"{rel}:{line}" for line in unexplained_lazy_imports(path.read_text("utf-8"))]
    assert bad == [], "move these to module top, or write '# lazy: <why>' above them"


def test_the_lazy_import_check_can_fail() -> None:
    source = (
        "import os\n"
        "def a():\n    from underwrite.core import settings\n"
        "def b():\n    # lazy: pulls in Chroma\n    from underwrite import retrieval\n"
        "    from underwrite.llm import client\n"
        "def c():\n    import json\n    from underwrite.tools import scoring  # lazy: LightGBM\n"
        "def d():\n    # this comment gives no reason\n    from underwrite import agent\n"
    )
    assert unexplained_lazy_imports(source) == [3, 13]
