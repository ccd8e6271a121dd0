"""A demo dossier per language for the document tests."""

from __future__ import annotations

import pytest

from untoc_desktop.core.demo import build_demo
from untoc_desktop.store.workspace import Workspace


@pytest.fixture
def demo(ws: Workspace) -> dict[str, str]:
    """One demo dossier (Kenya) in each language; the organization profile is shared."""
    return {lang: build_demo(ws, "KE", lang) for lang in ("en", "fr", "es")}
