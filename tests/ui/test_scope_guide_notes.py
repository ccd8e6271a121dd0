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


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_unofficial_headings_say_so_in_their_tooltip(qtbot, ws, lang: str) -> None:  # noqa: ANN001
    """What the app shows as a heading must not pass for treaty text (issues 23, 25)."""
    from untoc_desktop.ui.wizard.scope import KEY_ROLE

    i18n.set_language(lang)
    try:
        dossier = ws.create_dossier(title="Scope")
        dossiers.set_country(ws, dossier, "KE")
        ws.update("dossiers", dossier, instruments=["UNTOC", "TIP"], cluster=1)
        page = ScopePage(ws, dossier)
        qtbot.addWidget(page)
        page.show()
        ref = load()
        model = page.articles
        seen = {"official": 0, "working": 0}
        for r in range(model.rowCount()):
            top = model.item(r)
            for c in range(top.rowCount()):
                item = top.child(c)
                code, number = item.data(KEY_ROLE)
                status = ref.article(code, number).title_status(lang)
                marked = "\n" in item.toolTip() and len(item.toolTip().splitlines()[-1]) > 40
                assert marked == (status != "official"), (code, number, item.toolTip())
                seen[status] += 1
        assert seen["official"] and seen["working"]
    finally:
        i18n.set_language("en")
