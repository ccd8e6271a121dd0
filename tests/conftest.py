"""Shared fixtures: every test gets its own workspace in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from untoc_desktop import i18n  # noqa: E402
from untoc_desktop.store.workspace import Workspace  # noqa: E402


@pytest.fixture(autouse=True)
def _english_ui() -> Iterator[None]:
    """Tests start in English and never leak a language switch into the next test."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.untocdb"


@pytest.fixture
def ws(ws_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(ws_path)
    yield workspace
    workspace.close()
