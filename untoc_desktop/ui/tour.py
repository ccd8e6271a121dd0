"""``untoc-desktop tour``: a picture of the main window, the profile and every wizard step.

Reviewers and translators need to see every screen in every language without clicking through the
app, and a layout that truncates a French label is only caught by looking. The tour drives the real
widgets offscreen on the demo dossier and saves one PNG per screen.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from untoc_desktop.i18n import _, ngettext
from untoc_desktop.store import dossiers

SIZE = (1366, 768)
STEP_FILES = (
    "10-step-0-overview.png",
    "11-step-1-organization.png",
    "12-step-2-country.png",
    "13-step-3-focal-point.png",
    "14-step-4-scope.png",
    "15-step-5-evidence.png",
    "16-step-6-partners.png",
    "17-step-7-recommendations.png",
    "18-step-8-safety.png",
    "19-step-9-export.png",
)
DEMO_COUNTRY = "KE"


def _settle(app) -> None:  # noqa: ANN001 - QApplication, imported lazily
    for _round in range(3):
        app.processEvents()


def dispose(app, *widgets) -> None:  # noqa: ANN001 - QApplication, QWidgets
    """Delete widgets now, so none is left to react to a later language switch
    on a closed workspace."""
    from PySide6.QtCore import QEvent

    for widget in widgets:
        widget.close()
        widget.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def _save(widget, path: Path) -> Path:  # noqa: ANN001 - QWidget
    if not widget.grab().save(str(path), "PNG"):
        from untoc_desktop.core.errors import UserError

        raise UserError(_("Cannot write {path}.").format(path=path))
    return path


def take_tour(
    ws,  # noqa: ANN001 - Workspace
    out: Path,
    lang: str,
    size: tuple[int, int] | None = None,
) -> list[Path]:
    """Save the tour's pictures into ``out`` and return their paths (the workspace
    gets a demo if empty); ``size`` is the main window's (default 1366x768)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from untoc_desktop.core.demo import build_demo
    from untoc_desktop.ui.app import ensure_app
    from untoc_desktop.ui.context import AppContext
    from untoc_desktop.ui.main_window import MainWindow, ProfileDialog
    from untoc_desktop.ui.qt_i18n import apply_language

    app = ensure_app()
    apply_language(lang)
    out.mkdir(parents=True, exist_ok=True)
    existing = ws.dossiers()
    dossier_id = existing[0]["id"] if existing else build_demo(ws, DEMO_COUNTRY, lang)
    saved_step = ws.dossier(dossier_id)["step"]
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        # A throwaway settings file: the tour must not move the user's own window geometry.
        store = QSettings(str(Path(tmp) / "tour.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(ws, store))
        window.resize(*(size or SIZE))
        window.show()
        window.list_page.select(dossier_id)
        _settle(app)
        written.append(_save(window, out / "01-main-window.png"))

        dialog = ProfileDialog(ws, window)
        dialog.resize(min(760, (size or SIZE)[0]), min(700, (size or SIZE)[1]))
        dialog.show()
        _settle(app)
        written.append(_save(dialog, out / "02-profile.png"))
        dispose(app, dialog)

        window.open_dossier(dossier_id)
        for step, name in enumerate(STEP_FILES):
            if hasattr(window.wizard, "go_to_step"):
                window.wizard.go_to_step(step)
            _settle(app)
            written.append(_save(window, out / name))
        window.show_list()
        dispose(app, window)
    dossiers.set_step(ws, dossier_id, saved_step)
    return written


def tour_command(args: argparse.Namespace) -> int:
    from untoc_desktop.commands.workspace import open_workspace
    from untoc_desktop.i18n import current_language

    with open_workspace(args) as ws:
        written = take_tour(
            ws,
            Path(args.out),
            getattr(args, "lang", None) or current_language(),
            getattr(args, "size", None),
        )
    message = ngettext(
        "Saved {count} picture in {folder}", "Saved {count} pictures in {folder}", len(written)
    )
    print(message.format(count=len(written), folder=args.out))
    return 0
