"""Step 4 states the guide's Figure 1 correction and its footnote 15 on the page itself, not only
in tooltips (issue 23), in the interface language, from the reference data (one place for the
facts)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from untoc_desktop import i18n
from untoc_desktop.core.reference import load
from untoc_desktop.store import dossiers
from untoc_desktop.ui.wizard.scope import ScopePage


def _visible_text(page: ScopePage) -> str:
    return " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_cluster_correction_and_footnote_15_are_on_the_page(qtbot, ws, lang: str) -> None:  # noqa: ANN001
    i18n.set_language(lang)
    try:
        dossier = ws.create_dossier(title="Scope")
        dossiers.set_country(ws, dossier, "KE")
        page = ScopePage(ws, dossier)
        qtbot.addWidget(page)
        page.show()
        text = _visible_text(page)
        ref = load()
        assert ref.cluster(1).note(lang) in text  # article 9 in cluster 1, Figure 1's 7 a typo
        footnote = ref.article("UNTOC", 8).note(lang)
        assert footnote and footnote in text  # articles 8 and 9: only if not party to UNCAC
    finally:
        i18n.set_language("en")
