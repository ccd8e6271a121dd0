"""Linux desktop entry and AppStream metadata, the generated icons, and the Windows version
resource."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from packaging_helpers import PACKAGING_DIR, load
from PIL import Image

from untoc_desktop import __version__

LINUX = PACKAGING_DIR / "linux"
SVG = PACKAGING_DIR.parent / "resources" / "icons" / "untoc-desktop.svg"


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_desktop_entry_is_valid():
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / "org.untoc.Desktop.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstream_metadata_is_valid_and_names_the_current_version():
    metainfo = LINUX / "org.untoc.Desktop.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'<release version="{__version__}"' in metainfo.read_text(encoding="utf-8")


def test_desktop_entry_and_metadata_agree_on_the_app_id():
    entry = (LINUX / "org.untoc.Desktop.desktop").read_text(encoding="utf-8")
    metainfo = (LINUX / "org.untoc.Desktop.metainfo.xml").read_text(encoding="utf-8")
    assert "Icon=org.untoc.Desktop" in entry
    assert "<id>org.untoc.Desktop</id>" in metainfo
    assert '<launchable type="desktop-id">org.untoc.Desktop.desktop</launchable>' in metainfo
    for lang in ("fr", "es"):  # three languages everywhere
        assert f"Comment[{lang}]=" in entry and f'<summary xml:lang="{lang}">' in metainfo


def test_icons_are_generated_in_every_size(tmp_path: Path):
    icons = load("app_icons").build_icons(SVG, tmp_path)
    for size in load("app_icons").PNG_SIZES:
        with Image.open(icons[f"png-{size}"]) as png:
            assert png.size == (size, size)
            assert png.getpixel((size // 2, size // 2))[3] == 255  # drawn, not blank
            assert png.getpixel((0, 0))[3] == 0  # rounded corner stays transparent
    with Image.open(icons["ico"]) as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    with Image.open(icons["icns"]) as icns:
        assert icns.format == "ICNS"


def test_an_invalid_svg_is_refused(tmp_path: Path):
    bad = tmp_path / "bad.svg"
    bad.write_text("<svg this is not xml", encoding="utf-8")
    with pytest.raises(ValueError, match="not a valid SVG"):
        load("app_icons").render_png(bad, 32, tmp_path / "out.png")
    assert not (tmp_path / "out.png").exists()


def test_windows_version_resource_carries_the_app_version(tmp_path: Path):
    out = load("build").windows_version_file("1.2.3", tmp_path / "version_info.txt")
    text = out.read_text(encoding="utf-8")
    assert "filevers=(1, 2, 3, 0)" in text and "StringStruct('ProductVersion', '1.2.3')" in text
    assert "@VERSION" not in text
    # PyInstaller parses this file as a Python literal; it must at least be valid Python.
    compile(text, "version_info.txt", "eval")
