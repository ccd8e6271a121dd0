"""Step 5 (evidence) has a compact "Where to get help" button that opens the guide's channels
(issue 23), the same dialog as Help → Where to get help…"""

from __future__ import annotations

from a11y_helpers import accessible_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from untoc_desktop.ui.wizard.channels import ChannelsDialog
from untoc_desktop.ui.wizard.evidence import EvidencePage


def test_where_to_get_help_opens_the_channels(qtbot, ws, monkeypatch) -> None:  # noqa: ANN001
    opened: list[ChannelsDialog] = []
    monkeypatch.setattr(ChannelsDialog, "exec", lambda self: opened.append(self) or 0)
    page = EvidencePage(ws, ws.create_dossier(title="Evidence"))
    qtbot.addWidget(page)
    page.show()
    buttons = [
        b
        for b in page.findChildren(QPushButton)
        if "get help" in b.text().replace("&", "") and b.isVisibleTo(page)
    ]
    assert len(buttons) == 1, [b.text() for b in page.findChildren(QPushButton)]
    assert accessible_name(buttons[0]) == "Where to get help…"  # as shown (issue 22)
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert {c.id for c in opened[0].view.channels()} >= {"cst", "whatson", "sherloc", "gitoc"}
