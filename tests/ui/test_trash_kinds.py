"""Everything that can be deleted, by the user or by a partner's bundle, shows in the trash and can
be restored (issues 18, 24: a partner's deletion goes to the trash, so the trash must list it)."""

from __future__ import annotations

from pathlib import Path

from untoc_desktop.store import dossiers, phase2
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui.models.trash import TrashTableModel


def test_stakeholders_signatories_and_milestones_are_listed_and_restorable(
    qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    ws = Workspace.open(tmp_path / "ws.untocdb")
    dossier = ws.create_dossier(title="D", country="KE")
    ids = {
        "stakeholders": phase2.STAKEHOLDERS.add(ws, dossier, name="Ministry of Justice"),
        "milestones": dossiers.MILESTONES.add(ws, dossier, title="Constructive dialogue"),
        "signatories": dossiers.SIGNATORIES.add(ws, dossier, name="Coastal Network"),
    }
    for table, record_id in ids.items():
        ws.delete(table, record_id)
    model = TrashTableModel(ws)
    shown = {
        model.data(model.index(r, 0)): model.data(model.index(r, 1))
        for r in range(model.rowCount())
    }
    assert shown == {
        "Stakeholder": "Ministry of Justice",
        "Milestone": "Constructive dialogue",
        "Signatory": "Coastal Network",
    }
    for table, record_id in ids.items():
        ws.restore(table, record_id)
    model.refresh()
    assert model.rowCount() == 0
    ws.close()
