"""Step 1, your organization: the shared profile form, reused by every dossier."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.profile import ProfileForm
from untoc_desktop.ui.wizard.common import StepPage


class OrganizationPage(StepPage):
    """Embeds ``ProfileForm``; the profile saves itself on every edit, this
    page only relays that."""

    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 1, parent)
        self.form = ProfileForm(ws)
        self.form.changed.connect(self.changed)
        self.content.addWidget(self.form)
        self.retranslate()
