"""The submission's method note states the guide's Figure 1 correction (article 9 of the
Convention in cluster 1, where the figure prints 7) and its footnote 15 (articles 8 and 9 reviewed
only for States not party to the Convention against Corruption), in print, not only as tooltips
(issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import docx_text, pdf_text

from untoc_desktop.documents import render
from untoc_desktop.store.workspace import Workspace

#: Words each language's note must contain: the figure cited, both articles, the footnote, UNCAC.
MUST_SAY: dict[str, tuple[str, ...]] = {
    "en": ("Figure 1", "article 9", "article 7", "footnote 15", "articles 8 and 9", "Corruption"),
    "fr": ("figure 1", "l'article 9", "l'article 7", "note 15", "articles 8 et 9", "corruption"),
    "es": ("figura 1", "artículo 9", "artículo 7", "nota 15", "artículos 8 y 9", "Corrupción"),
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_method_note_states_the_cluster_correction_and_footnote_15(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, lang: str, fmt: str
) -> None:
    out = render(ws, demo[lang], "submission", fmt, lang, tmp_path / f"s.{fmt}")
    text = pdf_text(out) if fmt == "pdf" else docx_text(out)
    for words in MUST_SAY[lang]:
        assert words in text, f"{lang} {fmt}: {words!r} missing"
