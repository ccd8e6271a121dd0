"""The About box: the version, how current the reference data is and where it comes from, licences.

A party status or a review timeline can be out of date by the time a field office reads it; the
as-of date and the sources let the user judge how far to trust what the app shows and where to
check it.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from untoc_desktop import APP_NAME, __version__
from untoc_desktop.core.typography import long_date
from untoc_desktop.i18n import _, current_language
from untoc_desktop.paths import resource

#: Licences of what the app ships besides its own code: (what, licence, file under resources/).
LICENCES: tuple[tuple[str, str, str], ...] = (
    ("DejaVu Sans", "Bitstream Vera / Arev", "fonts/LICENSE-DejaVu.txt"),
    ("Noto Naskh Arabic", "SIL Open Font License 1.1", "fonts/LICENSE-Noto-OFL.txt"),
    ("Qt / PySide6", "LGPL-3.0", ""),
)


def _as_of(text: str, lang: str) -> str:
    try:
        return long_date(date.fromisoformat(text), lang)
    except (ValueError, TypeError, ImportError):
        return text


def about_html() -> str:
    """The About text as simple HTML (kept in one function so tests and the tour can read it)."""
    lang = current_language()
    esc = html.escape
    parts = [
        f"<h2>{esc(APP_NAME)} {esc(__version__)}</h2>",
        "<p>"
        + esc(
            _(
                "Prepare civil-society contributions to the review of the UN Convention against "
                "Transnational Organized Crime and its Protocols. Everything stays on this "
                "computer unless you export it."
            )
        )
        + "</p>",
        "<p>" + esc(_("Licence: GNU General Public License, version 3 or later.")) + "</p>",
        "<h3>" + esc(_("Reference data")) + "</h3>",
    ]
    try:
        from untoc_desktop.core.reference import load

        sources = load().sources()
    except Exception as exc:  # noqa: BLE001 - the About box must open even if the data is broken
        sources = []
        parts.append(
            "<p>"
            + esc(_("The reference data could not be read: {reason}").format(reason=exc))
            + "</p>"
        )
    for info in sources:
        parts.append(
            f"<h4>{esc(info.title(lang))}</h4><p>"
            + esc(_("As of {date}").format(date=_as_of(info.as_of, lang)))
            + "</p><ul>"
            + "".join(f"<li>{esc(s)}</li>" for s in info.sources)
            + "</ul>"
            + f"<p><i>{esc(info.verification)}</i></p>"
        )
    parts.append("<h3>" + esc(_("Fonts and libraries")) + "</h3><ul>")
    for what, licence, path in LICENCES:
        shipped = resource(path).exists() if path else False
        note = (
            (" — " + esc(_("licence text in {path}").format(path="resources/" + path)))
            if shipped
            else ""
        )
        parts.append(f"<li>{esc(what)}: {esc(licence)}{note}</li>")
    parts.append("</ul>")
    return "".join(parts)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("About {app}").format(app=APP_NAME))
        self.heading.setText(
            _(
                "Version {version}. The reference data below is dated: check it against "
                "the sources before you rely on it."
            ).format(version=__version__)
        )
        self.text.setHtml(about_html())
        self.text.setAccessibleName(_("About this application and its reference data"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
