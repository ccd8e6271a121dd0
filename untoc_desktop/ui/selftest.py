"""``untoc-desktop selftest``: start the real interface offscreen and check that it works.

Run after installing on a field office's laptop (or by CI on each platform): it catches a missing
Qt library, a broken translation catalog or a page that raises, before a user meets them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from pathlib import Path

from untoc_desktop.i18n import LANGUAGES, _, current_language


def run_checks(workdir: Path, lang: str) -> list[str]:
    """Drive the main window and the wizard on a demo dossier; return the problems found."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from untoc_desktop.core.demo import build_demo
    from untoc_desktop.store.workspace import Workspace
    from untoc_desktop.ui.app import ensure_app
    from untoc_desktop.ui.context import AppContext
    from untoc_desktop.ui.main_window import MainWindow
    from untoc_desktop.ui.qt_i18n import apply_language
    from untoc_desktop.ui.tour import dispose

    problems: list[str] = []
    app = ensure_app()
    apply_language(lang)
    with Workspace.open(workdir / "selftest.untocdb") as ws:
        dossier_id = build_demo(ws, "KE", lang)
        window = MainWindow(
            AppContext(ws, QSettings(str(workdir / "selftest.ini"), QSettings.Format.IniFormat))
        )
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        if window.list_page.model.rowCount() != 1:
            problems.append(_("The dossier list does not show the demo dossier."))
        window.open_dossier(dossier_id)
        app.processEvents()
        wizard = window.wizard
        for step in range(wizard.step_count() + 1):
            wizard.go_to_step(step)
            app.processEvents()
            if wizard.current_step() != step:
                problems.append(_("The wizard did not reach step {step}.").format(step=step))
        other = next(code for code in LANGUAGES if code != lang)
        apply_language(other)
        app.processEvents()
        if current_language() != other or not window.language_actions[other].isChecked():
            problems.append(_("Switching the language did not take effect."))
        apply_language(lang)
        window.show_list()
        dispose(app, window)
        problems += ws.integrity_problems()
    return problems


def selftest_command(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or current_language()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            problems = run_checks(Path(tmp), lang)
        except Exception as exc:  # noqa: BLE001 - any failure is the self-test's finding, reported in one line
            traceback.print_exc(file=sys.stderr)
            problems = [_("The interface failed: {reason}").format(reason=exc)]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(_("Self-test passed: the interface works."))
    return 0
