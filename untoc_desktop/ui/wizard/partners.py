"""Step 6, partners: the organizations and individuals who work with you,
and whether they co-sign."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from untoc_desktop.i18n import N_, _
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.wizard.common import StepPage, wrapped
from untoc_desktop.ui.wizard.models import Column, RecordTableModel
from untoc_desktop.ui.wizard.record_form import MasterDetailEditor

PARTNER_KINDS = {"organization": N_("Organization"), "individual": N_("Individual")}


class PartnersPage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 6, parent)
        self.help = wrapped()
        model = RecordTableModel(
            ws,
            dossiers.PARTNERS,
            [
                Column("kind", N_("Kind"), "choice", PARTNER_KINDS),
                Column("name", N_("Name")),
                Column("role", N_("Role")),
                Column("email", N_("Email")),
                Column("cosigner", N_("Co-signs"), "bool"),
                Column("agreed_on", N_("Agreed on"), "date"),
                Column("agreed_how", N_("How they agreed")),
                Column("sensitive", N_("Sensitive"), "bool"),
            ],
            lambda: dossiers.PARTNERS.list(ws, dossier_id),
            self,
        )
        self.table = MasterDetailEditor(
            model,
            self._add,
            focus_key="name",
            long_keys=("agreed_how",),
            list_keys=("name", "role", "cosigner", "sensitive"),
        )
        self.table.edited.connect(self.changed)
        self.content.addWidget(self.help)
        self.content.addWidget(self.table, 1)
        self.retranslate()

    def retranslate_page(self) -> None:
        self.help.setText(
            _(
                "Record how each partner agreed to co-sign (an email, a signed letter) and when. "
                "Mark a partner sensitive if naming them could put them at risk: "
                "sensitive partners are left out of documents unless you include them at export."
            )
        )
        self.table.retranslate(
            _("Partners"),
            _("&Add a partner"),
            _(
                "No partners yet. List the organizations and people who work with you on this "
                "contribution, and whether they co-sign it: several signatures carry more weight."
            ),
            _("Selected partner"),
        )

    def reload(self) -> None:
        self.table.model.reload()

    def _add(self) -> str:
        return dossiers.PARTNERS.add(self.ws, self.dossier_id, kind="organization", cosigner=True)
