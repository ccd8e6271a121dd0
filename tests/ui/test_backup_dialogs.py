"""Backup dialogs: "Back up to…", the restore preview, and the start-up offer of a good backup."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from untoc_desktop.core import safe_write
from untoc_desktop.store import backup
from untoc_desktop.store.recovery import RecoveryStatus, open_or_recover
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import backup_dialogs
from untoc_desktop.ui.backup_dialogs import (
    BackupPreviewDialog,
    BackupSummaryView,
    RecoveryChoice,
    RecoveryDialog,
    back_up_to,
    offer_recovery,
    restore_from_backup,
)
from untoc_desktop.ui.context import AppContext


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Message boxes are recorded instead of shown (they would block the test)."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(lambda _parent, title, text, k=kind: shown.append((k, title, text))),
        )
    return shown


def _fill(ws: Workspace) -> None:
    dossier = ws.create_dossier(title="Smuggling routes", country="MX")
    ws.add_finding(dossier, "gap", "No data on deaths at sea")
    sha = ws.add_attachment(b"scan")
    ws.insert("evidence", dossier_id=dossier, source="Report", attachment_sha256=sha)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unnamed_controls(widget: QWidget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel

    return [
        type(w).__name__
        for w in widget.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QAbstractItemView | QLabel)
        and w.isVisibleTo(widget)
        and not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()))
    ]


def test_summary_view_lists_dossiers_with_counts(qtbot, ws: Workspace) -> None:  # noqa: ANN001
    _fill(ws)
    view = BackupSummaryView(backup.describe_backup(backup.create_backup(ws)))
    qtbot.addWidget(view)
    model = view.model
    assert model.rowCount() == 1
    assert [model.item(0, c).text() for c in range(5)] == ["Smuggling routes", "MX", "1", "1", "1"]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Findings"
    assert "1 dossier" in view.header.text() and "1 finding" in view.header.text()


def test_preview_dialog_is_accessible_and_cancel_is_default(qtbot, ws: Workspace) -> None:  # noqa: ANN001
    dialog = BackupPreviewDialog(backup.describe_backup(backup.create_backup(ws)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert _unnamed_controls(dialog) == []
    qtbot.waitExposed(dialog)
    assert dialog.cancel_button.isDefault() and not dialog.restore_button.isDefault()
    dialog.restore_button.setFocus()  # tabbing onto it does not make Enter restore
    assert not dialog.restore_button.isDefault()
    assert "kept as a file" in " ".join(
        lbl.text() for lbl in dialog.findChildren(backup_dialogs.QLabel)
    )


def test_back_up_to_a_stick(qtbot, ws: Workspace, tmp_path: Path, monkeypatch, messages) -> None:  # noqa: ANN001
    _fill(ws)
    dest = tmp_path / "stick" / "copy"
    dest.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), ""))
    )
    made = back_up_to(None, ws)
    assert made == dest.with_suffix(".untocdb") and made.exists()
    assert backup.describe_backup(made).dossiers[0].title == "Smuggling routes"
    assert messages[-1][0] == "information" and str(made) in messages[-1][2]


def test_back_up_to_cancelled_writes_nothing(
    qtbot, ws: Workspace, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert back_up_to(None, ws) is None
    assert messages == [] and not backup.backup_dir(ws.path).exists()


@pytest.mark.parametrize(
    ("code", "text"), [(errno.ENOSPC, "The disk is full"), (errno.EROFS, "read-only")]
)
def test_back_up_to_full_or_read_only_stick(
    qtbot,
    ws: Workspace,
    tmp_path: Path,
    monkeypatch,
    messages,
    code: int,
    text: str,  # noqa: ANN001
) -> None:
    _fill(ws)
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(ws.path)
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(stick / "b.untocdb"), ""))
    )

    def broken(_fd: int) -> None:
        raise OSError(code, "injected")

    monkeypatch.setattr(safe_write.os, "fsync", broken)
    assert back_up_to(None, ws) is None
    kind, title, message = messages[-1]
    assert kind == "warning" and title == "The backup was not made" and text in message
    assert list(stick.iterdir()) == []
    assert _digest(ws.path) == before


def test_restore_with_preview(qtbot, ws_path: Path, monkeypatch, messages) -> None:  # noqa: ANN001
    ws = Workspace.open(ws_path)
    _fill(ws)
    saved = backup.create_backup(ws)
    ws.create_dossier(title="Made after the backup")
    ws.close()
    previews: list[str] = []

    def accept(summary, _parent) -> bool:  # noqa: ANN001
        previews.append(summary.dossiers[0].title)
        return True

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(saved), ""))
    )
    monkeypatch.setattr(BackupPreviewDialog, "ask", classmethod(lambda cls, s, p: accept(s, p)))
    closed: list[bool] = []
    assert restore_from_backup(None, ws_path, before_restore=lambda: closed.append(True)) is True
    assert previews == ["Smuggling routes"] and closed == [True]
    with Workspace.open(ws_path) as restored:
        assert [d["title"] for d in restored.dossiers()] == ["Smuggling routes"]
    kind, _title, message = messages[-1]
    assert kind == "information" and "previous workspace was kept as" in message
    assert list(ws_path.parent.glob("workspace.untocdb.before-restore-*"))


def test_restore_cancelled_at_preview_changes_nothing(
    qtbot, ws_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    with Workspace.open(ws_path) as ws:
        _fill(ws)
        saved = backup.create_backup(ws)
    before = _digest(ws_path)
    monkeypatch.setattr(BackupPreviewDialog, "ask", classmethod(lambda cls, s, p: False))
    closed: list[bool] = []
    assert (
        restore_from_backup(
            None, ws_path, backup_path=saved, before_restore=lambda: closed.append(True)
        )
        is False
    )
    assert closed == [] and _digest(ws_path) == before and messages == []


def test_restore_refuses_a_file_that_is_not_a_backup(
    qtbot, ws_path: Path, tmp_path: Path, messages
) -> None:  # noqa: ANN001
    with Workspace.open(ws_path):
        pass
    before = _digest(ws_path)
    bogus = tmp_path / "holiday.untocdb"
    bogus.write_bytes(b"JPEG pretending")
    assert restore_from_backup(None, ws_path, backup_path=bogus) is False
    kind, title, message = messages[-1]
    assert (
        kind == "warning"
        and title == "This backup cannot be restored"
        and "not an UNTOC Desktop backup" in message
    )
    assert _digest(ws_path) == before


def _damaged_report(ws_path: Path, with_backup: bool = True):  # noqa: ANN202
    with Workspace.open(ws_path) as ws:
        _fill(ws)
        if with_backup:
            backup.create_backup(ws)
    data = bytearray(ws_path.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):
        data[offset : offset + 600] = b"\xab" * 600
    ws_path.write_bytes(bytes(data))
    ws, report = open_or_recover(ws_path)
    assert ws is None and report.status is RecoveryStatus.DAMAGED
    return report


def test_recovery_dialog_offers_the_latest_good_backup(qtbot, ws_path: Path) -> None:  # noqa: ANN001
    dialog = RecoveryDialog(_damaged_report(ws_path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert list(dialog.choice_buttons) == list(RecoveryChoice)
    assert dialog.choice_buttons[RecoveryChoice.RESTORE_LATEST].isDefault()
    assert dialog.findChild(BackupSummaryView) is not None
    assert _unnamed_controls(dialog) == []
    dialog.choice_buttons[RecoveryChoice.START_EMPTY].click()
    assert (
        dialog.choice is RecoveryChoice.START_EMPTY
        and dialog.result() == dialog.DialogCode.Accepted
    )


def test_recovery_dialog_without_backup(qtbot, ws_path: Path) -> None:  # noqa: ANN001
    dialog = RecoveryDialog(_damaged_report(ws_path, with_backup=False))
    qtbot.addWidget(dialog)
    assert RecoveryChoice.RESTORE_LATEST not in dialog.choice_buttons
    dialog.choice_buttons[RecoveryChoice.QUIT].click()
    assert dialog.choice is RecoveryChoice.QUIT


def test_offer_recovery_restores_and_keeps_the_damaged_file(
    qtbot, ws_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    report = _damaged_report(ws_path)
    damaged = _digest(report.damaged_path)
    monkeypatch.setattr(
        RecoveryDialog, "ask", classmethod(lambda cls, r, p: RecoveryChoice.RESTORE_LATEST)
    )
    assert offer_recovery(None, report) is True
    ws, again = open_or_recover(ws_path, backup_at_start=False)
    assert again.status is RecoveryStatus.OPENED and [d["title"] for d in ws.dossiers()] == [
        "Smuggling routes"
    ]
    ws.close()
    assert _digest(report.damaged_path) == damaged


def test_offer_recovery_quit_and_start_empty(qtbot, ws_path: Path, monkeypatch) -> None:  # noqa: ANN001
    report = _damaged_report(ws_path)
    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(lambda cls, r, p: RecoveryChoice.QUIT))
    assert offer_recovery(None, report) is False
    assert not ws_path.exists()
    monkeypatch.setattr(
        RecoveryDialog, "ask", classmethod(lambda cls, r, p: RecoveryChoice.START_EMPTY)
    )
    assert offer_recovery(None, report) is True
    assert not ws_path.exists()  # the caller creates the empty workspace when it opens the path


def test_restore_with_the_open_workspace_reconnects_it(
    qtbot, ws: Workspace, monkeypatch, messages
) -> None:  # noqa: ANN001
    """The shell passes its context: the workspace is closed for the restore, reopened, and
    announced."""
    _fill(ws)
    saved = backup.create_backup(ws)
    ws.create_dossier(title="Made after the backup")
    monkeypatch.setattr(BackupPreviewDialog, "ask", classmethod(lambda cls, s, p: True))
    ctx = AppContext(ws)
    announced: list[Workspace] = []
    ctx.workspace_replaced.connect(announced.append)
    assert restore_from_backup(None, ctx, backup_path=saved) is True
    assert announced == [ctx.ws] and ctx.ws is not ws
    assert [d["title"] for d in ctx.ws.dossiers()] == ["Smuggling routes"]
    ctx.ws.create_dossier(title="Typed after the restore")  # the new connection works
    assert len(ctx.ws.dossiers()) == 2
    ctx.ws.close()


def test_failed_restore_reconnects_to_the_old_workspace(
    qtbot, ws: Workspace, monkeypatch, messages
) -> None:  # noqa: ANN001
    _fill(ws)
    saved = backup.create_backup(ws)
    monkeypatch.setattr(BackupPreviewDialog, "ask", classmethod(lambda cls, s, p: True))

    def full(*_args: object, **_kw: object) -> None:
        raise safe_write.WriteError("The disk is full.")

    monkeypatch.setattr(backup_dialogs.backup, "restore_from", full)
    ctx = AppContext(ws)
    assert restore_from_backup(None, ctx, backup_path=saved) is False
    assert messages[-1][0] == "warning" and "The disk is full." in messages[-1][2]
    assert [d["title"] for d in ctx.ws.dossiers()] == ["Smuggling routes"]
    ctx.ws.close()


PASS = "correct horse battery staple"


def test_encrypted_backup_asks_for_its_passphrase(
    qtbot, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    secret = tmp_path / "secret.untocdb"
    with Workspace.open(secret, passphrase=PASS) as ws:
        ws.create_dossier(title="Protected")
        saved = backup.create_backup(ws)
    target = tmp_path / "plain.untocdb"
    with Workspace.open(target):
        pass
    asked: list[str | None] = []

    def ask(_parent, _path, error=None):  # noqa: ANN001, ANN202
        asked.append(error)
        return "a wrong passphrase" if len(asked) == 1 else PASS

    monkeypatch.setattr(backup_dialogs, "ask_passphrase", ask)
    monkeypatch.setattr(BackupPreviewDialog, "ask", classmethod(lambda cls, s, p: s.encrypted))
    assert restore_from_backup(None, target, backup_path=saved) is True
    assert asked == [None, "That passphrase does not open this backup. Try again."]
    with Workspace.open(target, passphrase=PASS) as restored:
        assert [d["title"] for d in restored.dossiers()] == ["Protected"]


def test_encrypted_backup_passphrase_cancelled_changes_nothing(
    qtbot, tmp_path: Path, monkeypatch, messages
) -> None:  # noqa: ANN001
    with Workspace.open(tmp_path / "secret.untocdb", passphrase=PASS) as ws:
        saved = backup.create_backup(ws)
    target = tmp_path / "plain.untocdb"
    with Workspace.open(target):
        pass
    before = _digest(target)
    monkeypatch.setattr(backup_dialogs, "ask_passphrase", lambda *a, **k: None)
    assert restore_from_backup(None, target, backup_path=saved) is False
    assert _digest(target) == before and messages == []


def test_back_up_an_encrypted_workspace(qtbot, tmp_path: Path, monkeypatch, messages) -> None:  # noqa: ANN001
    dest = tmp_path / "stick.untocdb"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), ""))
    )
    with Workspace.open(tmp_path / "secret.untocdb", passphrase=PASS) as ws:
        ws.create_dossier(title="Protected title")
        assert back_up_to(None, ws) == dest
    assert b"Protected title" not in dest.read_bytes()
    assert backup.describe_backup(dest, PASS).dossiers[0].title == "Protected title"
