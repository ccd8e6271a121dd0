"""The layers, read from the source: what may import what, and where SQL may be written.

    ui       Qt: windows, pages, dialogs            may use services, store's public names, core
    commands the command line's subcommands        may use services, store, core, documents, bundles
    services what both front ends do (gates, flows) Qt-free
    documents / bundles / core                      Qt-free domain rules
    store    the workspace file and every SQL statement

``cli.py`` is the top: nothing imports it. The checks work on the syntax tree, so they hold for
code paths no test happens to run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import untoc_desktop

PACKAGE = Path(untoc_desktop.__file__).parent
QT_FREE = ("core", "documents", "bundles", "store", "services", "commands")
QT_MODULES = {"PySide6", "shiboken6", "untoc_desktop.ui"}
#: Store internals and drivers the interface must not reach past the store's public names.
UI_FORBIDDEN = {
    "sqlite3",
    "sqlcipher3",
    "sqlite_utils",
    "untoc_desktop.store.db",
    "untoc_desktop.store.schema",
    "untoc_desktop.store.cipher",
    "untoc_desktop.store.sync",
}
#: The workspace's table-generic methods: called from the interface they would name a table.
GENERIC = {
    "insert",
    "update",
    "rows",
    "get",
    "delete",
    "restore",
    "purge",
    "children",
    "columns",
    "next_position",
    "transaction",
}
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"PRAGMA\s+\w+|CREATE\s+(TABLE|INDEX|TRIGGER))\b",
    re.S,
)


def _modules(layer: str | None = None) -> Iterator[Path]:
    root = PACKAGE / layer if layer else PACKAGE
    yield from sorted(root.rglob("*.py"))


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Full dotted names imported (``from a import b`` gives ``a`` and ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes: list[ast.AST]
    if top_level_only:
        nodes = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        nodes += [  # try/except ImportError at module level still runs at import
            n
            for t in tree.body
            if isinstance(t, ast.Try)
            for n in t.body
            if isinstance(n, ast.Import | ast.ImportFrom)
        ]
    else:
        nodes = list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _hits(names: set[str], forbidden: set[str]) -> list[str]:
    return sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))


def test_qt_free_layers_do_not_import_qt() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): bad
        for layer in QT_FREE
        for path in _modules(layer)
        if (bad := _hits(_imports(path), QT_MODULES))
    }
    assert offenders == {}


def test_the_interface_does_not_reach_into_the_store() -> None:
    """No driver, no store internals, no ``.conn``/``.db``, no table-generic workspace call."""
    offenders = []
    for path in _modules("ui"):
        where = path.relative_to(PACKAGE)
        offenders += [f"{where}: imports {n}" for n in _hits(_imports(path), UI_FORBIDDEN)]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"conn", "db"}:
                offenders.append(f"{where}:{node.lineno}: .{node.attr}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in GENERIC
                and _receiver(node.func.value) == "ws"
            ):
                offenders.append(f"{where}:{node.lineno}: ws.{node.func.attr}(...)")
    assert offenders == []


def _receiver(node: ast.expr) -> str:
    """The last name of ``ws``, ``self.ws``, ``self.model.ws``: who a method is called on."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def test_sql_is_written_only_in_the_store() -> None:
    offenders = []
    for path in _modules():
        if path.relative_to(PACKAGE).parts[0] == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and SQL.search(node.value)
                and not _is_docstring_like(node.value)
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def _is_docstring_like(text: str) -> bool:
    # Prose that mentions a statement ("``VACUUM INTO`` a fresh snapshot...") is not SQL.
    return "``" in text or len(text.split()) > 30


def test_nothing_imports_the_command_line_entry_point() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if path.name not in {"cli.py", "__main__.py"}
        and _hits(_imports(path), {"untoc_desktop.cli"})
    ]
    assert offenders == []


def test_no_import_cycles() -> None:
    """Between modules, counting what runs at import (lazy imports in functions do not cycle)."""
    modules = {_name(path): path for path in _modules()}
    graph = {
        name: {
            target
            for imported in _imports(path, top_level_only=True)
            for target in (imported, imported.rsplit(".", 1)[0])
            if target in modules and not (name + ".").startswith(target + ".")
        }
        for name, path in modules.items()
    }
    # A module's own package runs before it whatever it imports, so that edge is left out.
    cycles = [c for c in _cycles(graph) if len(c) > 1]
    assert cycles == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan), each a cycle if it has more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            out.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return out


def test_importing_the_core_does_not_load_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, untoc_desktop.cli, untoc_desktop.store.workspace, untoc_desktop.core.plan,"
        " untoc_desktop.services.export, untoc_desktop.commands.bundle;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
