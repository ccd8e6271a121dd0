"""The organization profile form: filled in once, reused on the letterhead of every dossier.

Every field is written to the workspace as it is edited (there is no Save button to forget): a
field that passes its check is stored at once; one that does not shows a small red message right
under it and the stored value stays what it was. The logo is checked to be a real image (Pillow
and Qt must both read it) before it is stored, because a broken logo would only show up later as a
failed PDF.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from untoc_desktop.i18n import _, current_language
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import a11y, folders, theme

MAX_LOGO_BYTES = 5 * 1024 * 1024
LOGO_PREVIEW = QSize(160, 96)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/.]+(\.[^\s/.]+)+(/\S*)?$", re.IGNORECASE)

_TEXT_FIELDS = ("address", "focus_issues")


class LogoError(ValueError):
    """The chosen file cannot be used as a logo; the message is translated and fit to show."""


def read_logo(path: Path) -> tuple[bytes, str]:
    """The bytes and MIME type of an image file fit to be a logo, or ``LogoError``
    saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise LogoError(
                _("The logo is too large ({size} MB); choose an image under {limit} MB.").format(
                    size=size // (1024 * 1024), limit=MAX_LOGO_BYTES // (1024 * 1024)
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise LogoError(
            _("Cannot read {name}: {reason}").format(name=path.name, reason=exc.strerror or exc)
        ) from exc
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = (image.format or "").lower()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise LogoError(
            _("{name} is not an image this app can read (use PNG or JPEG).").format(name=path.name)
        ) from exc
    if kind not in ("png", "jpeg", "gif", "bmp", "webp") or QImage.fromData(data).isNull():
        raise LogoError(
            _("{name} is not an image this app can read (use PNG or JPEG).").format(name=path.name)
        )
    return data, f"image/{kind}"


def _error_label() -> QLabel:
    label = QLabel()
    theme.set_role(label, "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class ProfileForm(QWidget):
    """The organization's own profile; every edit is stored in the workspace as it is made."""

    #: Emitted after any stored change, so pages that show the profile (what is missing) refresh.
    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        org = ws.organization()
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        for name in (
            "name",
            "acronym",
            "country",
            "address",
            "email",
            "phone",
            "website",
            "focus_issues",
            "signatory_name",
            "signatory_title",
        ):
            label = QLabel()
            label.setWordWrap(True)
            self.labels[name] = label
            if name == "country":
                field: QWidget = self._build_country(org["country"])
            elif name in _TEXT_FIELDS:
                edit = QPlainTextEdit(org[name])
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
                edit.textChanged.connect(lambda n=name: self._save_text(n))
                self.edits[name] = field = edit
            else:
                line = QLineEdit(org[name])
                line.textEdited.connect(lambda _text, n=name: self._save_text(n))
                self.edits[name] = field = line
            label.setBuddy(field)
            error = _error_label()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(field)
            box.addWidget(error)
            form.addRow(label, box)

        self.logo_label = QLabel()
        self.logo_preview = QLabel()
        self.logo_preview.setMinimumSize(LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.choose_logo = QPushButton()
        self.choose_logo.clicked.connect(self._on_choose_logo)
        self.remove_logo = QPushButton()
        self.remove_logo.clicked.connect(self._on_remove_logo)
        self.logo_error = _error_label()
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_logo)
        buttons.addWidget(self.remove_logo)
        buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addLayout(buttons)
        logo_row.addStretch(1)
        logo_box = QVBoxLayout()
        logo_box.addLayout(logo_row)
        logo_box.addWidget(self.logo_error)
        self.logo_label.setBuddy(self.choose_logo)
        form.addRow(self.logo_label, logo_box)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addStretch(1)
        self._show_logo(org["logo_sha256"])
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build_country(self, current: str) -> QComboBox:
        self.country = QComboBox()
        self.country.setMinimumContentsLength(16)
        self.country.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.country.currentIndexChanged.connect(self._save_country)
        return self.country

    def _fill_countries(self, current: str) -> None:
        """(Re)list the States with names in the UI language; keyboard type-ahead finds them."""
        self.country.blockSignals(True)
        self.country.clear()
        self.country.addItem(_("(not set)"), "")
        try:
            from untoc_desktop.core.reference import load

            ref = load()
            lang = current_language()
            for state in ref.sorted_states(lang):
                self.country.addItem(ref.country_name(state.iso2, lang), state.iso2)
        except Exception:  # noqa: BLE001 - a broken reference file must not stop the profile from opening
            if current:
                self.country.addItem(current, current)
        self.country.setCurrentIndex(max(self.country.findData(current), 0))
        self.country.blockSignals(False)

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "Your organization's profile is filled in once and reused on the letter, "
                "the pledge and the submission of every dossier. Changes are saved as you type."
            )
        )
        texts = {
            "name": (_("&Name of the organization"), _("Name of the organization")),
            "acronym": (_("A&cronym"), _("Acronym")),
            "country": (_("Co&untry"), _("Country where the organization is based")),
            "address": (_("&Postal address"), _("Postal address")),
            "email": (_("&Email"), _("Email address")),
            "phone": (_("P&hone"), _("Phone number")),
            "website": (_("&Website"), _("Website")),
            "focus_issues": (_("&Issues you work on"), _("Issues the organization works on")),
            "signatory_name": (_("&Signatory's name"), _("Name of the person who signs letters")),
            "signatory_title": (
                _("Signatory's &title"),
                _("Title of the person who signs letters"),
            ),
        }
        for name, (label, accessible) in texts.items():
            self.labels[name].setText(label)
            widget = self.country if name == "country" else self.edits[name]
            widget.setAccessibleDescription(accessible)  # the label names it (issue 22)
        self.country.view().setAccessibleName(_("List of countries"))
        self.edits["email"].setPlaceholderText(_("name@example.org"))
        self.edits["website"].setPlaceholderText(_("www.example.org"))
        self.edits["focus_issues"].setPlaceholderText(
            _("For example: support to survivors of trafficking; migrants' rights")
        )
        self.logo_label.setText(_("&Logo"))
        self.logo_preview.setAccessibleName(_("Logo preview"))
        self.choose_logo.setText(_("Choose logo…"))
        self.choose_logo.setAccessibleDescription(_("Choose a logo image"))
        self.remove_logo.setText(_("Remove logo"))
        self.remove_logo.setAccessibleDescription(_("Remove the logo"))
        self._show_logo(self.ws.organization()["logo_sha256"])
        self._fill_countries(self.ws.organization()["country"])
        a11y.name_from_labels(self)
        for name in ("email", "website"):
            self._validate(name, self._text(name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ saving
    def _text(self, name: str) -> str:
        widget = self.edits[name]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def _validate(self, name: str, value: str) -> str | None:
        """The inline error for ``value`` in field ``name``, shown under it;
        None when it is fine."""
        message = None
        value = value.strip()
        if name == "email" and value and not _EMAIL.match(value):
            message = _(
                "This does not look like an email address (name@example.org). It is not saved "
                "until it is corrected."
            )
        elif name == "website" and value and not _WEBSITE.match(value):
            message = _(
                "This does not look like a web address (www.example.org). It is not saved until "
                "it is corrected."
            )
        elif name == "name" and not value:
            message = _("The organization's name is needed on every letter.")
        error = self.errors[name]
        error.setText(message or "")
        error.setVisible(message is not None)
        return message

    def _save_text(self, name: str) -> None:
        value = self._text(name)
        if self._validate(name, value) is not None and name in ("email", "website"):
            return
        self.ws.save_organization(**{name: value})
        self.changed.emit()

    def _save_country(self, index: int) -> None:
        self.ws.save_organization(country=self.country.itemData(index) or "")
        self.changed.emit()

    # ------------------------------------------------------------------ logo
    def _show_logo(self, sha: str | None) -> None:
        data = self.ws.attachment(sha) if sha else None
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
        else:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            scaled = pixmap.scaled(
                LOGO_PREVIEW * self.devicePixelRatioF(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.logo_preview.setPixmap(scaled)
        self.remove_logo.setEnabled(bool(sha))

    def set_logo_file(self, path: Path) -> bool:
        """Store ``path`` as the logo; on a bad file show why next to the logo
        and change nothing."""
        try:
            data, mime = read_logo(Path(path))
        except LogoError as exc:
            self.logo_error.setText(str(exc))
            self.logo_error.setVisible(True)
            return False
        self.logo_error.setVisible(False)
        sha = self.ws.add_attachment(data, mime=mime)
        self.ws.save_organization(logo_sha256=sha)
        self._show_logo(sha)
        self.changed.emit()
        return True

    def _on_choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a logo"),
            str(folders.start_folder(folders.IMAGES)),
            _("Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp)"),
        )
        if path:
            folders.remember(folders.IMAGES, path)
            self.set_logo_file(Path(path))

    def _on_remove_logo(self) -> None:
        self.ws.save_organization(logo_sha256=None)
        self.logo_error.setVisible(False)
        self._show_logo(None)
        self.changed.emit()
