"""What a screen reader meets in a window: each interactive object's name against what is on screen.

Used by the accessibility walk (``test_a11y_walk.py``) and runnable by hand to count findings per
window and language (``python tests/ui/a11y_audit.py en fr``). The name is read the way an AT-SPI
client reads it, through ``QAccessible.queryAccessibleInterface(w).text(Name)``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QWidget,
)

#: What follows a label and is not part of the field's name: a colon (French: after a no-break
#: space), spaces.
_TRAILING = re.compile(r"[\s\u00a0\u202f]*:?[\s\u00a0\u202f]*$")
_TAGS = re.compile(r"<[^>]+>")


def strip_mnemonic(text: str) -> str:
    """``"Add a &finding"`` → ``"Add a finding"``; ``"R&&D"`` → ``"R&D"``."""
    return re.sub(r"&(.)", r"\1", text)


def normalize(text: str) -> str:
    text = _TAGS.sub("", strip_mnemonic(text or ""))
    return " ".join(_TRAILING.sub("", text).split())


def mnemonic(text: str) -> str | None:
    """The letter after a single "&", lower case, or None."""
    match = re.search(r"(?<!&)&([^&\s])", (text or "").replace("&&", ""))
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class Finding:
    kind: str  # unnamed, ampersand, differs, untranslated
    widget: str
    name: str
    visible: str | None

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget} name={self.name!r} visible={self.visible!r}"


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces.

    A combo box on Linux is the exception Qt makes on purpose: its Name is its current item (what
    AT-SPI clients read as the value) and its name comes from its Labelled-by relation, the label
    that points at it; Orca reads "Country: combo box, Kenya". Read it that way here.
    """
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None:
        return ""
    name = iface.text(QAccessible.Text.Name)
    if isinstance(widget, QComboBox) and name == iface.text(QAccessible.Text.Value):
        labels = [
            label
            for label, _flag in iface.relations(QAccessible.RelationFlag.Label)
            if isinstance(label.object(), QLabel)  # the buddy; a group box title comes too
        ]
        return labels[0].text(QAccessible.Text.Name) if labels else ""
    return name


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isVisible()


def interactive(root: QWidget) -> list[QWidget]:
    """The objects a screen reader lists as controls: buttons of every kind (a line edit's clear
    button and a tool bar's buttons too, which Tab does not reach), and whatever takes focus."""
    out = []
    for widget in root.findChildren(QWidget):
        if not _shown(widget, root):
            continue
        if isinstance(widget, QScrollBar | QMenuBar | QTabBar):
            continue
        if widget.objectName() == "qt_scrollarea_viewport":
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
            continue  # the spin box itself carries the name
        if isinstance(widget, QAbstractButton) or widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(widget)
    return out


def _buddies(root: QWidget) -> dict[int, QLabel]:
    out = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text() and _shown(label, root):
            out[id(buddy)] = label
    return out


def visible_text(widget: QWidget, buddies: dict[int, QLabel]) -> str | None:
    """What a sighted user reads as this control's name, or None where nothing on screen names it
    (an icon-only button, a field without a label)."""
    if isinstance(widget, QAbstractButton):
        return normalize(widget.text()) or None
    if isinstance(widget, QGroupBox):
        return normalize(widget.title()) or None
    label = buddies.get(id(widget))
    if label is None and isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
        label = buddies.get(id(widget.parent()))  # a searchable combo box's text field
    if label is not None:
        return normalize(label.text()) or None
    return None


@cache
def _english_msgids() -> frozenset[str]:
    """Every English message of the catalog, normalised (to spot a name left in English)."""
    pot = Path(__file__).resolve().parents[2] / "translations" / "messages.pot"
    ids = set()
    for block in re.findall(r'^msgid ((?:".*"\n)+)', pot.read_text("utf-8"), re.M):
        text = "".join(re.findall(r'"(.*)"', block)).encode().decode("unicode_escape")
        if text and "{" not in text:
            ids.add(normalize(text))
    return frozenset(ids)


def _translation_differs(english: str, lang: str) -> bool:
    from untoc_desktop.i18n import translator

    catalog = translator(lang)
    for msgid in (english, english + ":"):
        translated = catalog.gettext(msgid)
        if translated != msgid:
            return normalize(translated) != english
    return False


def describe(widget: QWidget) -> str:
    path = []
    w: QWidget | None = widget
    while w is not None and len(path) < 3:
        path.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return f"{type(widget).__name__}<{'/'.join(reversed(path))}>"


def audit(root: QWidget, lang: str = "en") -> list[Finding]:
    """The interactive objects under ``root`` a screen reader would announce wrongly."""
    buddies = _buddies(root)
    findings = []
    english = _english_msgids()
    for widget in interactive(root):
        name = accessible_name(widget).strip()
        visible = visible_text(widget, buddies)
        where = describe(widget)
        if not name:
            findings.append(Finding("unnamed", where, name, visible))
            continue
        if re.search(r"(?<!&)&(?!&)\w", name):
            findings.append(Finding("ampersand", where, name, visible))
        elif (
            visible is not None
            and any(c.isalpha() for c in visible)  # a badge ("3", "✓") says more in its name
            and normalize(name) != visible
        ):
            findings.append(Finding("differs", where, name, visible))
        if (
            lang != "en"
            and normalize(name) in english
            and _translation_differs(normalize(name), lang)
        ):
            findings.append(Finding("untranslated", where, name, visible))
    return findings


def mnemonic_owners(window: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic live in ``window``: menu bar titles, buttons, labels with a
    buddy, check boxes, group boxes; only those shown and enabled (Qt ignores the others)."""
    out = []
    for bar in window.findChildren(QMenuBar):
        if _shown(bar, window):
            for action in bar.actions():
                if action.isVisible() and (letter := mnemonic(action.text())):
                    out.append((letter, strip_mnemonic(action.text())))
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or not widget.isEnabled():
            continue
        if (
            isinstance(widget, QAbstractButton)
            or isinstance(widget, QLabel)
            and widget.buddy() is not None
        ):
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
        else:
            continue
        if letter := mnemonic(text):
            out.append((letter, strip_mnemonic(text)))
    return out


def mnemonic_clashes(window: QWidget) -> list[str]:
    by_letter: dict[str, list[str]] = {}
    for letter, text in mnemonic_owners(window):
        by_letter.setdefault(letter, []).append(text)
    return [f"Alt+{k.upper()}: {v}" for k, v in sorted(by_letter.items()) if len(v) > 1]


def focus_stops(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits under ``root``, in order, starting from the first."""
    out: list[QWidget] = []
    seen = set()
    start = root.nextInFocusChain()
    widget = start
    while widget is not None and widget is not root:
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
            and root.isAncestorOf(widget)
            and not isinstance(widget, QScrollBar)
        ):
            if id(widget) in seen:
                break
            seen.add(id(widget))
            out.append(widget)
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return out


def invisible_stops(root: QWidget) -> list[QWidget]:
    """Tab stops that show nothing and are not named: an empty scroll area, a filler."""
    return [
        w
        for w in focus_stops(root)
        if isinstance(w, QAbstractScrollArea | QScrollArea)
        and not isinstance(w, QAbstractItemView)
        and not accessible_name(w).strip()
    ] + [w for w in focus_stops(root) if isinstance(w, QAbstractSlider) and False]


# ---------------------------------------------------------------- counting by hand
def walk(ws, lang: str):  # noqa: ANN001, ANN201 - yields (screen, window)
    """Every screen of the main window on a demo dossier, in ``lang``: the list, the steps, the
    search results, and the dialogs of the menus."""
    import tempfile

    from PySide6.QtCore import QSettings

    from untoc_desktop.core.demo import build_demo
    from untoc_desktop.ui.context import AppContext
    from untoc_desktop.ui.main_window import MainWindow

    dossier_id = build_demo(ws, "KE", lang)
    tmp = tempfile.mkdtemp()
    window = MainWindow(AppContext(ws, QSettings(f"{tmp}/a11y.ini", QSettings.Format.IniFormat)))
    window.resize(1366, 768)
    window.show()
    window.list_page.select(dossier_id)
    yield "list", window
    window.open_dossier(dossier_id)
    for step in range(10):
        window.wizard.go_to_step(step)
        yield f"step {step}", window
    window.search_field.setText("police")
    window._run_search()
    yield "search", window
    window.close_search()
    yield from _dialogs(window, ws, dossier_id)
    window.show_list()
    window.close()


def _dialogs(window, ws, dossier_id):  # noqa: ANN001, ANN202
    from untoc_desktop.ui.about import AboutDialog
    from untoc_desktop.ui.bundle_dialogs import ExportBundleDialog
    from untoc_desktop.ui.bundle_review import ConflictsDialog, PartnerOfficesDialog
    from untoc_desktop.ui.entry_points.new_dossier import NewDossierDialog
    from untoc_desktop.ui.help_dialog import HelpDialog
    from untoc_desktop.ui.main_window import ProfileDialog
    from untoc_desktop.ui.passphrase_dialogs import PassphraseDialog, UnlockDialog
    from untoc_desktop.ui.security import PreferencesDialog
    from untoc_desktop.ui.trash_dialog import TrashDialog

    for name, build in (
        ("profile", lambda: ProfileDialog(ws, window)),
        ("about", lambda: AboutDialog(window)),
        ("trash", lambda: TrashDialog(ws, window)),
        ("new dossier", lambda: NewDossierDialog(ws, window)),
        ("preferences", lambda: PreferencesDialog(ws, window.settings, window)),
        ("export bundle", lambda: ExportBundleDialog(ws, dossier_id, window)),
        ("set passphrase", lambda: PassphraseDialog("set", window)),
        ("change passphrase", lambda: PassphraseDialog("change", window)),
        ("unlock", lambda: UnlockDialog(Path("workspace.untocdb"), window)),
        ("help", lambda: HelpDialog(5, window)),
        ("conflicts", lambda: ConflictsDialog(ws, window)),
        ("partner offices", lambda: PartnerOfficesDialog(ws, window)),
    ):
        try:
            dialog = build()
        except (TypeError, ValueError):
            continue  # a constructor this walk does not know how to call
        dialog.show()
        yield name, dialog
        dialog.close()
        dialog.deleteLater()


def main(langs: list[str]) -> int:
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from untoc_desktop.store.workspace import Workspace
    from untoc_desktop.ui.app import ensure_app
    from untoc_desktop.ui.qt_i18n import apply_language

    app = ensure_app()
    verbose = "-v" in langs
    for lang in [x for x in langs if x != "-v"]:
        apply_language(lang)
        app.processEvents()
        with tempfile.TemporaryDirectory() as tmp:
            ws = Workspace.open(Path(tmp) / "a.untocdb")
            total = 0
            for screen, window in walk(ws, lang):
                for _round in range(3):
                    app.processEvents()
                findings = audit(window, lang)
                clashes = mnemonic_clashes(window)
                total += len(findings)
                print(f"{lang} {screen}: {len(findings)} findings, {len(clashes)} clashes")
                if verbose:
                    for finding in findings:
                        print("    ", finding)
                    for clash in clashes:
                        print("    clash", clash)
            print(f"{lang} total: {total}")
            ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["en", "fr"]))
