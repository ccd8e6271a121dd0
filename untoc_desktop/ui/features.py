"""Optional parts of the app (documents, bundles, backups) looked up when they are needed.

Those parts are built in parallel with the interface and one of them may be missing from a build.
The main window asks here instead of importing them at the top, and shows an action it cannot
serve as disabled with a tooltip saying why, rather than failing to start.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any


def feature(module: str, name: str) -> Callable[..., Any] | None:
    """``module.name`` if that module can be imported and defines it, else None."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    value = getattr(found, name, None)
    return value if callable(value) else None


def present(module: str) -> bool:
    """Whether ``module`` is part of this build, found without importing it.

    For enabling actions at start-up: the bundle modules pull in cryptography and pyrage (about
    0.06 s), which the first paint need not wait for. The action imports the module when used.
    """
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def wizard_class() -> type | None:
    """The ``DossierWizard`` widget, or None while the wizard package is not there."""
    try:
        from untoc_desktop.ui.wizard import DossierWizard
    except ImportError:
        return None
    return DossierWizard


def wizard_available() -> bool:
    """Whether the wizard package is there, without importing it (that is left to the first open).

    Importing the wizard costs about a tenth of a second, which the start-up need not pay just to
    enable a menu action.
    """
    try:
        return importlib.util.find_spec("untoc_desktop.ui.wizard") is not None
    except ImportError:
        return False
