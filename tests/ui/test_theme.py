"""The visual system: WCAG contrast of every text/background pair, scheme choice, icons."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from untoc_desktop.ui import icons, theme


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_pair_meets_wcag_aa(scheme: str) -> None:
    palette = theme.PALETTES[scheme]
    pairs = theme.text_pairs(palette)
    assert len(pairs) >= 20  # all three backgrounds x six text colours, plus the bars
    failures = []
    for name, fg, bg, large in pairs:
        needed = 3.0 if large else 4.5
        ratio = theme.contrast_ratio(fg, bg)
        if ratio < needed:
            failures.append(f"{scheme}: {name} is {ratio:.2f}:1, needs {needed}:1")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_meaningful_marks_meet_non_text_contrast(scheme: str) -> None:
    failures = [
        f"{name} {theme.contrast_ratio(fg, bg):.2f}"
        for name, fg, bg in theme.graphic_pairs(theme.PALETTES[scheme])
        if theme.contrast_ratio(fg, bg) < 3.0
    ]
    assert not failures


def test_contrast_ratio_matches_known_values() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker gives 4.54:1 for #767676 on white, the classic AA boundary.
    assert theme.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert theme.contrast_ratio("#ffffff", "#767676") == theme.contrast_ratio("#767676", "#ffffff")


@pytest.mark.parametrize("bad", ["", "#fff", "#12345", "red", "#gggggg"])
def test_contrast_ratio_refuses_malformed_colours(bad: str) -> None:
    with pytest.raises(ValueError):
        theme.contrast_ratio(bad, "#ffffff")


def test_env_forces_the_scheme(monkeypatch: pytest.MonkeyPatch, qapp) -> None:  # noqa: ANN001
    monkeypatch.setenv(theme.THEME_ENV, "dark")
    assert theme.system_scheme() == "dark"
    monkeypatch.setenv(theme.THEME_ENV, "light")
    assert theme.system_scheme() == "light"
    monkeypatch.setenv(theme.THEME_ENV, "purple")  # unknown value: falls back to the system's
    assert theme.system_scheme() in ("light", "dark")


def test_apply_sets_the_application_palette(qapp) -> None:  # noqa: ANN001
    try:
        theme.apply(qapp, "dark")
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
        assert theme.current() is theme.DARK
        assert theme.DARK.error_text in qapp.styleSheet()
    finally:
        theme.apply(qapp, "light")
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.LIGHT.window


def test_every_shipped_icon_renders_tinted_at_two_ratios(qapp) -> None:  # noqa: ANN001
    names = icons.available()
    assert "plus" in names and "circle-alert" in names
    for name in names:
        pm = icons.pixmap(name, 24, "#a4001d", 2.0)
        assert (pm.width(), pm.height()) == (48, 48)
        image = pm.toImage()
        colours = {
            image.pixelColor(x, y).name()
            for x in range(48)
            for y in range(48)
            if image.pixelColor(x, y).alpha() == 255
        }
        assert "#a4001d" in colours, name
    assert not icons.icon("inbox").isNull()


def test_unknown_icon_is_refused(qapp) -> None:  # noqa: ANN001
    with pytest.raises(FileNotFoundError):
        icons.pixmap("no-such-icon", 16, "#000000")


def test_icon_licence_is_shipped() -> None:
    from untoc_desktop.paths import resource

    assert "ISC License" in resource("icons", "lucide", "LICENSE").read_text(encoding="utf-8")
