"""A session on an encrypted workspace leaves nothing readable outside the workspace file.

Issue 19's "done when": a scripted session, locked at moments, killed once mid-preview, leaves no
canary anywhere outside the workspace file (and its encrypted backups); nothing is readable while
locked. The canary is written in the organization, the dossier's title and a finding; every file
under the session's home, settings and temporary folders is searched for it (UTF-8 and UTF-16).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from untoc_desktop.store import backup
from untoc_desktop.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
CANARY = "Qjolvarr-canary-5521"
PASS = "river stones under the old bridge"


def _canaries(folder: Path, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    needles = (CANARY.encode(), CANARY.encode("utf-16-le"))
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path not in skip:
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(path)
    return found


def _workspace(folder: Path) -> tuple[Path, str]:
    path = folder / "office" / "ws.untocdb"
    path.parent.mkdir(parents=True)
    with Workspace.open(path, passphrase=PASS) as ws:
        ws.save_organization(name=f"Red {CANARY}", address=f"{CANARY} street 4")
        dossier = ws.create_dossier(title=f"Witnesses {CANARY}", country="PE")
        ws.add_finding(dossier, "gap", f"The payment {CANARY} was seen.")
        backup.create_backup(ws)
    return path, dossier


def test_a_scripted_session_leaves_no_canary_outside_the_workspace(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    from untoc_desktop.services.export import WorkspaceRef, preview_pages
    from untoc_desktop.ui.context import AppContext
    from untoc_desktop.ui.main_window import MainWindow

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    settings_dir = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    store = QSettings(str(settings_dir / "untoc.ini"), QSettings.Format.IniFormat)
    path, dossier = _workspace(tmp_path)
    ws = Workspace.open(path, passphrase=PASS)
    window = MainWindow(AppContext(ws, store))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_dossier(dossier)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    QApplication.clipboard().setText(f"copied {CANARY}")  # as Ctrl+C in a field would
    window.lock.lock()
    assert CANARY not in QApplication.clipboard().text()
    assert window.lock.try_unlock(PASS)
    pages = preview_pages(
        WorkspaceRef.of(ws),
        dossier,
        "letter",
        "en",
        progress=lambda *a: None,
        cancelled=lambda: False,
    )
    assert pages
    window.lock.lock()
    assert window.lock.try_unlock(PASS)
    window.close()
    ws.close()
    store.sync()
    workspace_files = tuple(
        p
        for p in path.parent.rglob("*")
        if p.name.startswith("ws.untocdb") or p.suffix == ".untocdb"
    )
    assert _canaries(tmp_path, skip=workspace_files) == []
    assert [p for p in workspace_files if CANARY.encode() in p.read_bytes()] == []  # encrypted


KILLED_PREVIEW = textwrap.dedent(
    """
    import os, sys
    import pypdfium2
    from untoc_desktop.services.export import WorkspaceRef, preview_pages
    real = pypdfium2.PdfPage.render
    def render(self, *a, **k):
        os._exit(9)  # killed in the middle of the preview
    pypdfium2.PdfPage.render = render
    preview_pages(WorkspaceRef(__import__("pathlib").Path(sys.argv[1]), sys.argv[2]), sys.argv[3],
                  "letter", "en", progress=lambda *a: None, cancelled=lambda: False)
    """
)


def test_a_preview_killed_halfway_leaves_no_clear_text_file(tmp_path: Path) -> None:
    path, dossier = _workspace(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", KILLED_PREVIEW, str(path), PASS, dossier],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 9, done.stderr
    assert list(temp.iterdir()) == []
    workspace_files = tuple(p for p in path.parent.rglob("*") if p.is_file())
    assert _canaries(tmp_path, skip=workspace_files) == []
    assert [p for p in workspace_files if CANARY.encode() in p.read_bytes()] == []
