"""The application shell: start-up, language choice, the gettext bridge and the worker."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from untoc_desktop import i18n
from untoc_desktop.core.errors import CancelledError
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import app as appmod
from untoc_desktop.ui.qt_i18n import apply_language
from untoc_desktop.ui.worker import run_task


@pytest.fixture
def user_settings(tmp_path: Path, qapp):  # noqa: ANN001, ANN201
    """Point the app's QSettings at a temporary folder so tests never touch the real user's."""
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield
    apply_language("en")


def test_not_a_workspace_shows_one_error_and_exits_1(tmp_path, user_settings, monkeypatch) -> None:
    bogus = tmp_path / "notes.untocdb"
    bogus.write_bytes(b"This is a text file, not SQLite.\n" * 20)
    before = bogus.read_bytes()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a: shown.append((title, text))
    )
    monkeypatch.setattr(QApplication, "exec", lambda *a: pytest.fail("the window must not start"))

    assert appmod.run_gui(bogus, "en") == 1
    assert len(shown) == 1
    assert "notes.untocdb" in shown[0][1]
    assert bogus.read_bytes() == before


def test_run_gui_opens_the_window_in_the_remembered_language(
    tmp_path, user_settings, monkeypatch
) -> None:
    appmod.ensure_app()
    appmod.settings().setValue("language", "es")
    seen: list[str] = []

    def fake_exec(*_args) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow")
        seen.append(i18n.current_language())
        seen.append("visible" if window.isVisible() else "hidden")
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert appmod.run_gui(tmp_path / "ws.untocdb", None) == 0
    assert seen == ["es", "visible"]
    # The workspace was closed on the way out: it can be opened (and locked) again.
    Workspace.open(tmp_path / "ws.untocdb").close()


def test_command_line_language_wins_over_the_remembered_one() -> None:
    assert appmod.choose_language("fr", "es") == "fr"
    assert appmod.choose_language(None, "es") == "es"
    assert appmod.choose_language(None, "klingon") == i18n.system_language()
    assert appmod.choose_language("xx", None) == i18n.system_language()


def test_qt_standard_strings_follow_the_language(qapp) -> None:
    try:
        assert apply_language("fr") == "fr"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        assert apply_language("es") == "es"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    finally:
        apply_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert apply_language("not-a-language") == "en"


def test_qt_lookups_do_not_leak_references_to_none(qapp) -> None:
    """PySide6 6.12 loses a reference to None per call into a Python QTranslator override, which
    aborts Python 3.11 after a few thousand lookups; whatever apply_language installs must not."""
    try:
        apply_language("fr")
        before = sys.getrefcount(None)
        for _round in range(2000):
            QCoreApplication.translate("QPlatformTheme", "Cancel")
            QCoreApplication.translate("NoSuchContext", "no such text")
        assert sys.getrefcount(None) - before > -100
    finally:
        apply_language("en")


def test_switching_language_reaches_every_window_even_without_a_qt_catalog(
    qtbot, monkeypatch
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QWidget

    class Probe(QWidget):
        changes = 0

        def changeEvent(self, event: QEvent) -> None:
            if event.type() == QEvent.Type.LanguageChange:
                self.changes += 1
            super().changeEvent(event)

    probe = Probe()
    qtbot.addWidget(probe)
    child = Probe(probe)
    monkeypatch.setattr("untoc_desktop.ui.qt_i18n.qt_translations_dir", lambda: "/nonexistent")
    apply_language("es")
    qtbot.waitUntil(lambda: probe.changes >= 1 and child.changes >= 1)
    assert i18n.current_language() == "es"


# ---------------------------------------------------------------------------------------- worker
def test_run_task_returns_the_result_and_reports_progress(qtbot) -> None:
    steps: list[tuple[int, int]] = []

    def work(n: int, *, progress, cancelled) -> int:  # noqa: ANN001
        for i in range(n):
            progress(i + 1, n)
            steps.append((i + 1, n))
        return n * 2

    assert run_task(None, "Counting", work, 4) == 8
    assert steps[-1] == (4, 4)


def test_run_task_shows_the_stage_a_long_step_names(qtbot, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QProgressDialog

    labels: list[str] = []
    real = QProgressDialog.setLabelText
    monkeypatch.setattr(
        QProgressDialog, "setLabelText", lambda self, text: (labels.append(text), real(self, text))
    )

    def work(*, progress, cancelled) -> bool:  # noqa: ANN001
        progress(1, 3)
        progress(2, 3, "Checking the bundle on the drive…")
        progress(3, 3)
        time.sleep(0.2)  # still running while the dialog takes the signals
        return True

    assert run_task(None, "Writing the bundle…", work) is True
    assert labels == ["Checking the bundle on the drive…"]


def test_run_task_raises_the_functions_error_in_the_ui_thread(qtbot) -> None:
    def fail(*, progress, cancelled) -> None:  # noqa: ANN001
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        run_task(None, "Failing", fail)


def test_run_task_works_on_its_own_workspace_connection(qtbot, ws) -> None:
    ws.create_dossier(title="Seen from the worker")

    def count(path: Path, *, progress, cancelled) -> list[str]:  # noqa: ANN001
        with Workspace.open(path, lock=False) as own:
            return [d["title"] for d in own.dossiers()]

    assert run_task(None, "Reading", count, ws.path) == ["Seen from the worker"]


def test_escape_in_the_progress_dialog_stops_the_task(qtbot) -> None:
    finished = False

    def press_cancel() -> None:
        # Keep pressing until the task has stopped: on a loaded machine the first key can reach the
        # dialog before it is active and be dropped; a second Escape on a cancelled dialog is
        # harmless.
        if finished:
            return
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible() and w.windowTitle() == "Endless"
        ]
        if dialogs:
            qtbot.keyClick(dialogs[0], Qt.Key.Key_Escape)
        QTimer.singleShot(100, press_cancel)

    def endless(*, progress, cancelled) -> None:  # noqa: ANN001
        deadline = time.monotonic() + 20
        while not cancelled():
            if time.monotonic() > deadline:
                raise AssertionError("never cancelled")
            time.sleep(0.01)
        raise CancelledError("stopped")

    QTimer.singleShot(50, press_cancel)
    try:
        with pytest.raises(CancelledError):
            run_task(None, "Endless", endless)
    finally:
        finished = True


def test_item_models_returning_none_do_not_leak_references(qapp) -> None:
    """Guard against PySide6 6.12.0 on Python 3.11: every None an item model returned to Qt cost a
    reference to None (measured: 996 per 1,000 calls), and the app aborted after a few minutes of
    use."""
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt

    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(QStringListModel(["a"]))
    from untoc_desktop.ui.models.search import SearchResultsModel

    class Probe(SearchResultsModel):
        def rowCount(self, parent=None) -> int:  # noqa: ANN001
            return 1

        def data(self, index, role=0):  # noqa: ANN001, ANN201
            return None

    model = Probe(ws=None)  # type: ignore[arg-type]
    proxy.setSourceModel(model)
    before = sys.getrefcount(None)
    for _round in range(2000):
        proxy.data(proxy.index(0, 0), Qt.ItemDataRole.DisplayRole)
    assert sys.getrefcount(None) - before > -100
