"""The organization profile form: autosave, inline validation, the logo, language, accessibility."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import shell_pseudo as pseudo
from a11y_helpers import accessible_name
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from untoc_desktop.ui import profile as profile_module
from untoc_desktop.ui.profile import ProfileForm
from untoc_desktop.ui.qt_i18n import apply_language


@pytest.fixture
def form(qtbot, ws) -> ProfileForm:
    widget = ProfileForm(ws)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def png_file(path: Path, size: tuple[int, int] = (120, 60)) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 90, 160)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def test_typing_saves_each_field_at_once(qtbot, form, ws) -> None:
    qtbot.keyClicks(form.edits["name"], "Red de Apoyo")
    qtbot.keyClicks(form.edits["signatory_name"], "Ana Perez")
    form.edits["address"].setFocus()
    qtbot.keyClicks(form.edits["address"], "Calle 5")
    org = ws.organization()
    assert (org["name"], org["signatory_name"], org["address"]) == (
        "Red de Apoyo",
        "Ana Perez",
        "Calle 5",
    )


def test_closing_mid_edit_and_reopening_shows_every_field_as_typed(qtbot, ws) -> None:
    first = ProfileForm(ws)
    qtbot.addWidget(first)
    first.show()
    qtbot.keyClicks(first.edits["acronym"], "RDA")
    qtbot.keyClicks(first.edits["focus_issues"], "Trata de personas")
    qtbot.keyClicks(first.edits["email"], "info@rda.example.org")
    first.close()
    again = ProfileForm(ws)
    qtbot.addWidget(again)
    assert again.edits["acronym"].text() == "RDA"
    assert again.edits["focus_issues"].toPlainText() == "Trata de personas"
    assert again.edits["email"].text() == "info@rda.example.org"


def test_bad_email_shows_an_inline_error_and_keeps_the_stored_value(qtbot, form, ws) -> None:
    qtbot.keyClicks(form.edits["email"], "team@ngo.org")
    assert ws.organization()["email"] == "team@ngo.org"
    form.edits["email"].clear()
    qtbot.keyClicks(form.edits["email"], "team at ngo")
    assert form.errors["email"].isVisible()
    assert "email address" in form.errors["email"].text()
    assert ws.organization()["email"] == "team@ngo.org"
    form.edits["email"].clear()
    qtbot.keyClicks(form.edits["email"], "desk@ngo.org")
    assert not form.errors["email"].isVisible()
    assert ws.organization()["email"] == "desk@ngo.org"


def test_bad_website_is_refused_inline(qtbot, form, ws) -> None:
    qtbot.keyClicks(form.edits["website"], "not a site")
    assert form.errors["website"].isVisible()
    assert ws.organization()["website"] == ""


def test_country_is_stored_as_its_code(qtbot, form, ws) -> None:
    index = form.country.findData("SN")
    assert index > 0
    form.country.setCurrentIndex(index)
    assert ws.organization()["country"] == "SN"
    assert form.country.currentText() == "Senegal"


def test_a_good_logo_is_stored_and_previewed(qtbot, form, ws, tmp_path, monkeypatch) -> None:
    logo = png_file(tmp_path / "logo.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    qtbot.mouseClick(form.choose_logo, Qt.MouseButton.LeftButton)
    sha = ws.organization()["logo_sha256"]
    assert sha and ws.attachment(sha) == logo.read_bytes()
    assert not form.logo_preview.pixmap().isNull()
    assert not form.logo_error.isVisible()
    qtbot.mouseClick(form.remove_logo, Qt.MouseButton.LeftButton)
    assert ws.organization()["logo_sha256"] is None


@pytest.mark.parametrize(
    "content", [b"just some text, not an image", b"\x89PNG\r\n\x1a\n truncated", b""]
)
def test_a_file_that_is_not_an_image_is_refused_and_changes_nothing(
    form, ws, tmp_path, content
) -> None:
    good = png_file(tmp_path / "good.png")
    assert form.set_logo_file(good)
    before = ws.organization()["logo_sha256"]
    bad = tmp_path / "fake.png"
    bad.write_bytes(content)
    assert not form.set_logo_file(bad)
    assert form.logo_error.isVisible()
    assert "fake.png" in form.logo_error.text()
    assert ws.organization()["logo_sha256"] == before


def test_missing_and_oversized_logo_files_are_refused(form, ws, tmp_path, monkeypatch) -> None:
    assert not form.set_logo_file(tmp_path / "nowhere.png")
    assert "nowhere.png" in form.logo_error.text()
    monkeypatch.setattr(profile_module, "MAX_LOGO_BYTES", 10)
    assert not form.set_logo_file(png_file(tmp_path / "big.png"))
    assert "too large" in form.logo_error.text()
    assert ws.organization()["logo_sha256"] is None


def test_language_switch_retranslates_the_form(qtbot, form, monkeypatch) -> None:
    pseudo.install(monkeypatch)
    try:
        apply_language("fr")
        qtbot.waitUntil(lambda: form.labels["name"].text().startswith(pseudo.MARK))
        assert form.intro.text().startswith(pseudo.MARK)
        # Named by its label (issue 22); the longer wording is its description.
        assert form.edits["email"].accessibleDescription().startswith(pseudo.MARK)
    finally:
        apply_language("en")
    qtbot.waitUntil(lambda: not form.labels["name"].text().startswith(pseudo.MARK))


def test_every_focusable_control_has_an_accessible_name(form) -> None:
    focusable = [w for w in form.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert len(focusable) >= 12
    unnamed = [type(w).__name__ for w in focusable if not accessible_name(w)]
    assert unnamed == []
