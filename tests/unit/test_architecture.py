"""The house's shape: the pipeline's arrows run one way, no module imports itself back, the top stays small.

docs/architecture.md draws the layers; pyproject's [tool.importlinter] states them
as a contract, and these tests run it (and show it can fail).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "scaffold"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(REPO / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_contract_is_kept():
    result = _lint_imports(REPO / "src", REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_arrow_running_back_up_breaks_the_contract(tmp_path):
    # The same contract on a copy of the package where the questionnaire imports the renderer
    # inside a function (a function-level import counts as much as one at the top).
    copy = tmp_path / "src" / "scaffold"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    questions = copy / "questionnaire" / "questions.py"
    questions.write_text(
        questions.read_text("utf-8") + "\n\ndef _upward() -> None:\n    from scaffold.render import pipeline  # noqa\n",
        "utf-8",
    )
    result = _lint_imports(tmp_path / "src", tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "scaffold.questionnaire.questions -> scaffold.render.pipeline" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import cycle between scaffold's modules, as found by a depth-first walk."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if state.get(imported) == 1:
                found.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = 2

    for module in sorted(graph.modules):
        if module not in state:
            visit(module)
    return found


def test_no_module_imports_itself_back_even_through_a_function():
    sys.path.insert(0, str(REPO / "src"))
    try:
        graph = grimp.build_graph("scaffold", cache_dir=None)
    finally:
        sys.path.remove(str(REPO / "src"))
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.z")
    graph.add_import(importer="a.z", imported="a.x")
    assert _cycles(graph) == [["a.x", "a.y", "a.z", "a.x"]]


def test_the_top_level_holds_at_most_eight_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 8, top


@pytest.mark.parametrize("package", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")))
def test_each_package_says_what_it_owns_and_may_import(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text("utf-8"))) or ""
    assert "May import" in doc, f"scaffold.{package}'s docstring does not say what it may import"
    modules = {p.stem for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__"}
    unnamed = sorted(module for module in modules if f"`{module}`" not in doc)
    assert unnamed == [], f"scaffold.{package}'s docstring does not name {unnamed}"


def _explained(lines: list[str], number: int) -> bool:
    """Whether the import on line `number` says why it waits: a comment on it, or just above its block."""
    if "#" in lines[number - 1]:
        return True
    above = number - 2
    # An import block may be split in sections (standard library, third party, scaffold) by blank lines.
    while above >= 0 and (not lines[above].strip() or lines[above].strip().startswith(("from ", "import "))):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def _unexplained_function_imports() -> list[str]:
    """Every import inside a function of scaffold that does not say why it is not at the top."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text("utf-8")
        lines = source.splitlines()
        functions = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        numbers = {
            inner.lineno
            for function in functions
            for inner in ast.walk(function)
            if isinstance(inner, ast.Import | ast.ImportFrom)
        }
        found += [
            f"{path.relative_to(REPO)}:{n}: {lines[n - 1].strip()}" for n in sorted(numbers) if not _explained(lines, n)
        ]
    return found


def test_every_import_inside_a_function_says_why():
    # Most wait for `scaffold --help`'s 100 ms budget; a reader must not have to guess which.
    assert _unexplained_function_imports() == []


def test_an_unexplained_import_inside_a_function_is_found():
    lines = ["def f():", "    import os", "    # lazy: a reason", "    import sys", "", "    import json", "    x = 1"]
    lines += ["    import re", "    import csv  # lazy: why"]
    assert [_explained(lines, n) for n in (2, 4, 6, 8, 9)] == [False, True, True, False, True]
