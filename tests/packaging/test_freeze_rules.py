"""The pruning rules of the frozen build: what they drop, what they must keep, and the contents
check."""

from __future__ import annotations

import pytest
from packaging_helpers import load

rules = load("freeze_rules")
icu_trim = load("icu_trim")

QT = "PySide6/Qt"


@pytest.mark.parametrize(
    "dest",
    [
        f"{QT}/plugins/platforms/libqxcb.so",
        f"{QT}/plugins/platforms/libqwayland.so",
        f"{QT}/plugins/platforms/libqoffscreen.so",
        f"{QT}/plugins/platforms/qwindows.dll",
        f"{QT}/plugins/platforms/libqcocoa.dylib",
        f"{QT}/plugins/imageformats/libqjpeg.so",
        f"{QT}/plugins/imageformats/libqsvg.so",
        f"{QT}/plugins/imageformats/qwebp.dll",
        f"{QT}/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        f"{QT}/translations/qtbase_fr.qm",
        f"{QT}/translations/qtbase_es.qm",
        f"{QT}/lib/libQt6Widgets.so.6",
        f"{QT}/lib/libQt6Svg.so.6",
        "babel/locale-data/fr.dat",
        "babel/locale-data/root.dat",
        "resources/fonts/DejaVuSans.ttf",
        "translations/es/LC_MESSAGES/messages.mo",
    ],
)
def test_what_the_app_needs_is_kept(dest):
    assert rules.keep(dest)
    assert rules.keep(dest.replace("/", "\\"))  # the same rules on Windows paths


@pytest.mark.parametrize(
    "dest",
    [
        f"{QT}/plugins/platforms/libqeglfs.so",
        f"{QT}/plugins/platforms/libqvnc.so",
        f"{QT}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{QT}/plugins/imageformats/libqpdf.so",
        f"{QT}/plugins/platformthemes/libqgtk3.so",
        f"{QT}/plugins/tls/libqopensslbackend.so",
        f"{QT}/plugins/sqldrivers/libqsqlite.so",
        f"{QT}/translations/qtbase_de.qm",
        f"{QT}/translations/qt_help_fr.qm",
        f"{QT}/lib/libQt6Quick.so.6",
        f"{QT}/lib/libQt6Pdf.so.6",
        f"{QT}/lib/libQt6Network.so.6",
        "Qt6Qml.dll",
        "babel/locale-data/de.dat",
        "babel/locale-data/fr_CA.dat",
        "PySide6/QtCore.pyi",
    ],
)
def test_what_the_app_never_uses_is_dropped(dest):
    assert not rules.keep(dest)


def test_orphaned_libraries_are_dropped_and_reachable_ones_kept():
    toc = [
        ("PySide6/QtWidgets.abi3.so", "/src/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/src/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        (
            "libcairo.so.2",
            "/usr/lib/libcairo.so.2",
            "BINARY",
        ),  # was needed by the pruned GTK theme only
        ("resources/demo/demo.json", "/src/demo.json", "DATA"),
    ]
    graph = {
        "/src/QtWidgets.abi3.so": ["libQt6Widgets.so.6"],
        "/src/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libc.so.6"],
        "/usr/lib/libcairo.so.2": [],
    }
    kept = {dest for dest, _, _ in rules.drop_orphans(toc, lambda path: graph[path])}
    assert kept == {
        "PySide6/QtWidgets.abi3.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "resources/demo/demo.json",
    }


def test_contents_check_names_each_missing_file_and_platform_plugin():
    complete = list(rules.REQUIRED) + [
        f"{QT}/plugins/platforms/libq{p}.so" for p in ("xcb", "wayland", "offscreen")
    ]
    assert rules.missing_files(complete, "linux") == []
    without = [p for p in complete if not p.endswith(("messages.mo", "libqoffscreen.so"))]
    missing = rules.missing_files(without, "linux")
    assert "translations/fr/LC_MESSAGES/messages.mo" in missing
    assert f"{QT}/plugins/platforms/qoffscreen" in missing
    assert len(missing) == 3  # fr and es catalogs, offscreen plugin


def test_icu_trim_keeps_the_app_languages_and_shared_data():
    items = [
        "root.res",
        "en.res",
        "fr.res",
        "es.res",
        "de.res",
        "fr_CA.res",
        "coll/root.res",
        "coll/fr.res",
        "coll/zh.res",
        "coll/de_.res",
        "brkitr/thaidict.dict",
        "ibm-943_P15A-2003.cnv",
        "cnvalias.icu",
        "translit/root.res",
        "supplementalData.res",
        "zoneinfo64.res",
        "pool.res",
        "res_index.res",
        "uts46.nrm",
    ]
    dropped = set(icu_trim.items_to_drop(items))
    assert dropped == {
        "de.res",
        "fr_CA.res",
        "coll/zh.res",
        "coll/de_.res",
        "ibm-943_P15A-2003.cnv",
        "translit/root.res",
    }
