"""The core, documents and bundles never import Qt, so they run headless and in scripts."""

from __future__ import annotations

import ast
from pathlib import Path

import untoc_desktop

PACKAGE = Path(untoc_desktop.__file__).parent
QT_FREE = ("core", "documents", "bundles")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
            if node.module.startswith("untoc_desktop.ui"):
                names.add("untoc_desktop.ui")
    return names


def test_qt_free_layers_do_not_import_qt() -> None:
    offenders = []
    for layer in QT_FREE:
        for path in (PACKAGE / layer).rglob("*.py"):
            bad = _imports(path) & {"PySide6", "shiboken6", "untoc_desktop.ui"}
            if bad:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    assert offenders == []


def test_importing_the_core_does_not_load_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, untoc_desktop.cli, untoc_desktop.store.workspace, untoc_desktop.core.plan;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
