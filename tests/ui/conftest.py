"""Each UI test leaves the application as it found it.

Top-level windows a test opened and did not close would otherwise stay alive for the rest of the
run: their application-wide shortcuts (Ctrl+L, Ctrl+N) become ambiguous for the next test's
window, and their retranslation on the next language switch reaches a closed workspace.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _dispose_leftover_windows(qapp: QApplication) -> Iterator[None]:
    before = {id(w) for w in qapp.topLevelWidgets()}
    yield
    leftovers = [w for w in qapp.topLevelWidgets() if id(w) not in before]
    for widget in leftovers:
        widget.blockSignals(True)
        widget.setUpdatesEnabled(False)
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
