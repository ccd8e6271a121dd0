"""French documents put a no-break space (never a plain one, never none) before : ; ? ! (issue 25).

The text is read back from the DOCX (its runs hold the characters exactly as written; a PDF's text
extraction turns spaces into whatever it likes).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_helpers import docx_parts

from untoc_desktop.documents import render
from untoc_desktop.store.workspace import Workspace

BARE = re.compile(r"(?: [:;?!])|(?:\w[;?!])|(?:[a-zà-ÿ]:[ \u00a0])")


def _raw_text(path: Path) -> str:
    """Every paragraph, cell, header and footer, with its spaces exactly as written."""
    return "\n".join(docx_parts(path))


@pytest.mark.parametrize("document", ["letter", "pledge", "submission"])
def test_rendered_french_has_no_bare_space_before_high_punctuation(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, document: str
) -> None:
    # The demo's organization profile is shared by its three dossiers, in English: give it French.
    ws.save_organization(focus_issues="la traite des personnes et le travail forcé dans la pêche")
    text = _raw_text(render(ws, demo["fr"], document, "docx", "fr", tmp_path / f"{document}.docx"))
    text = re.sub(r"https?://\S+", "", text)  # addresses keep their own colons
    found = [text[max(0, m.start() - 30) : m.end() + 10] for m in BARE.finditer(text)]
    assert found == []
