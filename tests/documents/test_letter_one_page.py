"""A letter fits one page: its closing and signature never stand alone on a second (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from untoc_desktop.core.demo import build_demo
from untoc_desktop.documents import render
from untoc_desktop.store.workspace import Workspace


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("country", ["NG", "KE", "PE"])
def test_the_demo_letter_is_one_page(
    ws: Workspace, tmp_path: Path, lang: str, country: str
) -> None:
    dossier = build_demo(ws, country, lang)
    out = render(ws, dossier, "letter", "pdf", lang, tmp_path / "letter.pdf")
    pages = PdfReader(str(out)).pages
    assert len(pages) == 1
    assert ws.organization()["signatory_name"] in pages[0].extract_text()
