"""Import the build scripts in ``packaging/`` (not a Python package: it would shadow PyPI's
``packaging``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

PACKAGING_DIR = Path(__file__).resolve().parents[2] / "packaging"


def load(name: str) -> ModuleType:
    if str(PACKAGING_DIR) not in sys.path:
        sys.path.append(str(PACKAGING_DIR))
    return importlib.import_module(name)
