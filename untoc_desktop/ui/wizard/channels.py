"""Where to get help: the guide's channels (``resources/reference/channels.json``), what each is for
and how to reach it, as text an offline user can select and copy.

Shown on the partners step (the Model Action Plan's step 5: find others to work with), on the
country step (where to check the review's status), and from the Help menu as a dialog with all of
them. Nothing here opens a browser: the user may be offline, or may not want the visit logged.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.core.reference import Channel
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.typography import labelled
from untoc_desktop.i18n import _, current_language


def channels_text(channels: list[Channel], lang: str) -> str:
    """The channels as plain text, one block each: what the Copy button puts on the clipboard."""
    blocks = []
    for channel in channels:
        lines = [channel.name(lang), channel.what(lang), *channel.where]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def channel_note(channel_id: str, lang: str) -> str:
    """One channel as a line of guidance: "Rule 17(3) …: The rule your organization attends the
    plenary under: …", worded once in ``channels.json``."""
    channel = load_reference().channel(channel_id)
    return labelled(channel.name(lang), channel.what(lang), lang)


def channels_html(channels: list[Channel], lang: str) -> str:
    esc = html.escape
    parts = []
    for channel in channels:
        where = "<br>".join(f"<code>{esc(w)}</code>" for w in channel.where)
        parts.append(
            f"<p><b>{esc(channel.name(lang))}</b><br>{esc(channel.what(lang))}<br>{where}</p>"
        )
    return "".join(parts)


class ChannelsView(QWidget):
    """The channels offered for ``use`` (all when ``None``), selectable, with a Copy button."""

    def __init__(self, use: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.use = use
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.retranslate()

    def channels(self) -> list[Channel]:
        return load_reference().channels(self.use)

    def retranslate(self) -> None:
        lang = current_language()
        self.intro.setText(
            _(
                "The guide names these places to get help. The addresses are as the guide printed "
                "them; select and copy them to use when you are online."
            )
        )
        self.text.setHtml(channels_html(self.channels(), lang))
        self.text.setAccessibleName(_("Where to get help"))
        self.copy_button.setText(_("&Copy all addresses"))
        self.copy_button.setAccessibleDescription(_("Copy the channels and their addresses"))
        self.copied.clear()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(channels_text(self.channels(), current_language()))
        self.copied.setText(_("Copied."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ChannelsDialog(QDialog):
    """Help → Where to get help: every channel of the guide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ChannelsView(None, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Where to get help"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def show_channels(parent: QWidget | None = None) -> None:
    """Open the dialog (the Help menu's entry)."""
    ChannelsDialog(parent).exec()
