"""The house rules of the package layout, read from the source (the import graph and the checks' calls).

- no import circle anywhere in `reviewer/`, counting imports inside functions too (so no function-level
  import can be there to dodge one);
- a check (a module of `reviewer/lint/checks/`) imports no other check and nothing that runs the linter,
  writes, or talks to git;
- a check does no I/O: no open(), no reading or statting paths, no subprocess or database;
- each top-level folder holds what its docstring says, and git runs in one module only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "reviewer"
CHECKS = "reviewer.lint.checks"
# What a check may not import: the engine and everything around a run, other checks, git, the CLI.
FORBIDDEN_FOR_CHECKS = ("reviewer.lint.engine", "reviewer.lint.cache", "reviewer.lint.fixer", "reviewer.lint.discover",
                        "reviewer.lint.linked", "reviewer.lint.terms", "reviewer.lint.grade", "reviewer.cli",
                        "reviewer.fileio", "reviewer.git", "reviewer.review.report", "reviewer.review.rows",
                        "reviewer.init", "subprocess", "sqlite3", "shutil", "tempfile", "glob")
IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "exists", "is_file", "is_dir",
              "stat", "lstat", "iterdir", "glob", "rglob", "touch", "unlink", "mkdir", "readlink", "samefile"}
IO_FUNCTIONS = {"open", "listdir", "scandir", "walk", "stat", "lstat", "isfile", "isdir", "exists", "lexists",
                "getsize", "getmtime", "remove", "rename", "replace", "makedirs", "system", "popen"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _resolve(name: str) -> str | None:
    """The package module an import names (`reviewer.x.y` for `from reviewer.x.y import z`, or z itself
    when it is a module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(tree: ast.AST) -> list[tuple[str, int]]:
    """(imported name, line) of every import outside `if TYPE_CHECKING:`, module level and inside functions."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend((f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module,
                          node.lineno) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


GRAPH = {name: {_resolve(target) for target, _ in imports(tree) if target.startswith("reviewer")} - {name, None}
         for name, tree in TREES.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_graph_is_read():
    assert len(MODULES) > 50 and "reviewer.lint.engine" in GRAPH["reviewer.cli"]
    assert circles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]  # the circle finder finds one


def test_no_import_circles():
    assert circles(GRAPH) == []


CHECK_MODULES = sorted(name for name in MODULES if name.startswith(CHECKS + "."))


@pytest.mark.parametrize("check", CHECK_MODULES)
def test_a_check_imports_no_check_and_nothing_that_runs_or_writes(check):
    bad = [(target, line) for target, line in imports(TREES[check])
           if target.startswith(CHECKS + ".") or target.startswith(FORBIDDEN_FOR_CHECKS)]
    assert bad == [], f"{check} imports {bad}"


@pytest.mark.parametrize("check", CHECK_MODULES)
def test_a_check_does_no_io(check):
    calls = []
    for node in ast.walk(TREES[check]):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            calls.append(("open", node.lineno))
        elif isinstance(func, ast.Attribute):
            owner = ast.unparse(func.value)
            if func.attr in IO_METHODS and not owner.endswith(("re", "_PATTERN", "pattern")):
                calls.append((f"{owner}.{func.attr}", node.lineno))
            elif func.attr in IO_FUNCTIONS and owner in ("os", "os.path", "shutil"):
                calls.append((f"{owner}.{func.attr}", node.lineno))
    assert calls == [], f"{check} does I/O: {calls} (ask the engine for it through the context)"


def test_git_runs_in_one_module():
    runners = sorted(name for name, tree in TREES.items()
                     if any(target == "subprocess" for target, _ in imports(tree)))
    assert runners == ["reviewer.git"]


@pytest.mark.parametrize("folder", ["document", "language", "lint", "review"])
def test_each_folder_says_what_it_holds(folder):
    doc = ast.get_docstring(TREES[f"reviewer.{folder}"])
    assert doc and len(doc) > 40


def test_checks_leave_the_document_as_parsed():
    """Every rule runs on every sample article; each Document's fields (all but its memo) are unchanged."""
    import copy
    import dataclasses

    from conftest import AS_OF
    from reviewer.config import Config
    from reviewer.document.decode import read_document
    from reviewer.lint.engine import LintSettings, Linter

    def fields(doc):
        return {f.name: copy.deepcopy(getattr(doc, f.name)) for f in dataclasses.fields(doc) if f.name != "memo"}

    linter = Linter(LintSettings(Config(root=ROOT), AS_OF))
    articles = sorted(p for p in (ROOT / "articles").iterdir() if p.suffix in (".md", ".txt"))
    assert len(articles) >= 10
    for path in articles:
        doc = read_document(path, path.name)
        before = fields(doc)
        linter.lint_document(doc)
        assert doc.memo and fields(doc) == before, path.name
