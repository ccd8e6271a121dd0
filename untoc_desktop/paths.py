"""Where the application finds its shipped files and keeps the user's workspace.

The shipped data (reference data, templates, fonts, icons) lives in the top-level ``resources/``
folder and the message catalogs in ``translations/``. They are found relative to the package in a
source checkout or an editable install, inside the bundle of a frozen build, or in the data
directory of a regular wheel install; ``UNTOC_RESOURCES`` overrides all of these for tests.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from platformdirs import user_data_path

from untoc_desktop import APP_ID

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / name)
    found.append(_PACKAGE_DIR.parent / name)
    found.append(Path(sys.prefix) / "share" / APP_ID / name)
    return found


@cache
def _locate(name: str, env: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    for path in _candidates(name):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"{name}/ not found next to {APP_ID}; the installation is incomplete")


def resources_dir() -> Path:
    """The ``resources/`` folder: reference data, document templates, fonts, icons."""
    return _locate("resources", "UNTOC_RESOURCES")


def translations_dir() -> Path:
    """The ``translations/`` folder with the gettext catalogs."""
    return _locate("translations", "UNTOC_TRANSLATIONS")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_data_dir() -> Path:
    """The platform's per-user data folder (XDG on Linux, AppData on Windows, Application Support on
    macOS)."""
    return user_data_path(APP_ID, appauthor=False)


def default_workspace() -> Path:
    return default_data_dir() / "workspace.untocdb"
