"""What the frozen application keeps and what it leaves out: the rules the PyInstaller spec applies.

PyInstaller's Qt hooks collect generously: every plugin of a used module, every Qt translation,
every Babel locale. A hello-world app with PySide6 Essentials comes out at about 161 MiB, over the
150 MB budget for a USB stick install. These rules prune what UNTOC Desktop cannot use. They are
plain functions over destination paths, kept out of the spec so tests can check them without a
build, and written so one rule set serves Linux, Windows and macOS.

The rule of thumb: drop a file only when we know what it does and that the app never needs it;
``build.py`` then checks the build still holds everything the app reads (``REQUIRED``) and runs the
frozen app's ``selftest``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

#: Python modules never needed at run time (test tools, other GUI toolkits, Qt modules we don't
#: use).
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc_data",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "PyInstaller",
    "setuptools",
    "pip",
    "IPython",
    "numpy",
    # Pillow's AVIF codec (5 MB of libavif) and Tk bridge: logos are PNG, JPEG, GIF, BMP or WebP.
    "PIL._avif",
    "PIL._imagingtk",
    "PIL.ImageTk",
    # An offline app opens no TLS connection; hashlib falls back to its built-in SHA-2 and BLAKE2
    # (cryptography carries its own OpenSSL), so the host's libssl/libcrypto stay out.
    "ssl",
    "_ssl",
    "_hashlib",
    # python-docx needs lxml.etree only.
    "lxml.objectify",
    "lxml.html",
    "lxml.isoschematron",
    "lxml.sax",
    "lxml.builder",
    # East Asian legacy codecs and terminal line editing: the app reads and writes UTF-8 only.
    "_codecs_jp",
    "_codecs_hk",
    "_codecs_cn",
    "_codecs_kr",
    "_codecs_tw",
    "_codecs_iso2022",
    "readline",
    "curses",
    "_curses",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
)

#: Qt plugin folders (or single plugins) the app never loads. Paths are relative to ``plugins/``.
#: Kept: platforms xcb/wayland/offscreen (Linux), windows, cocoa; imageformats for logos and the SVG
#: icon; input contexts for dead keys and compose (French and Spanish accents); the XDG portal theme
#: (native file dialogs through D-Bus). The GTK3 theme is dropped: it drags in 10 MB of GTK's
#: libraries from the build machine, which can clash with the laptop's own GTK.
_DROPPED_PLUGINS = re.compile(
    r"""^(
        egldeviceintegrations | generic | networkinformation | tls | sqldrivers | qmltooling
      | designer | position | multimedia | renderers | sceneparsers | geometryloaders
      | wayland-graphics-integration-server
      | platforms/[^/]*(eglfs|linuxfb|minimal|minimalegl|vnc|vkkhrdisplay|direct2d)[^/]*
      | platformthemes/[^/]*gtk3[^/]*
      | imageformats/[^/]*(qpdf|qtga|qtiff|qwbmp|qicns)[^/]*
      | platforminputcontexts/[^/]*qtvirtualkeyboard[^/]*
    )(/|$)""",
    re.VERBOSE,
)

#: Qt libraries that only the dropped plugins or unused modules link to.
_DROPPED_QT_LIBS = re.compile(
    r"(^|/)(lib)?Qt6(Quick|Qml|Pdf|Network|OpenGL|VirtualKeyboard|Designer|Help|Sql|Test|UiTools|Xml|"
    r"WaylandCompositor|Lottie|LabsStyleKit|ShaderTools|Charts|Graphs|Multimedia|Positioning)[^/]*$"
)

#: Qt's own catalogs: only the base strings (standard buttons, dialogs) in the app's languages.
_KEPT_QT_TRANSLATIONS = re.compile(r"^qtbase_(fr|es|en)\.qm$")

#: Babel locale data: the three UI/document languages and the root locale they inherit from. The
#: app always passes ``i18n.normalize``-d codes (en, fr, es) to babel, never regional ones.
_KEPT_BABEL_LOCALES = re.compile(r"^(root|en|fr|es)\.dat$")

#: Files the frozen app reads; the build fails if one is missing. Paths relative to the bundle root
#: (``sys._MEIPASS``), with ``*`` for "any one file".
REQUIRED: tuple[str, ...] = (
    "resources/reference/articles.json",
    "resources/reference/states.json",
    "resources/reference/party_status.csv",
    "resources/reference/channels.json",
    "docs/field-guide.md",
    "resources/demo/demo.json",
    "resources/fonts/DejaVuSans.ttf",
    "resources/fonts/DejaVuSans-Bold.ttf",
    "resources/fonts/NotoNaskhArabic-Regular.ttf",
    "resources/icons/untoc-desktop.svg",
    "translations/fr/LC_MESSAGES/messages.mo",
    "translations/es/LC_MESSAGES/messages.mo",
    "babel/locale-data/fr.dat",
    "babel/locale-data/es.dat",
    "babel/locale-data/en.dat",
    "babel/locale-data/root.dat",
    "PySide6/Qt/translations/qtbase_fr.qm",
    "PySide6/Qt/translations/qtbase_es.qm",
)

#: Per platform, the Qt platform plugins that must be there (``selftest`` uses ``offscreen``).
REQUIRED_PLATFORM_PLUGINS: dict[str, tuple[str, ...]] = {
    "linux": ("qxcb", "qwayland", "qoffscreen"),
    "win32": ("qwindows", "qoffscreen"),
    "darwin": ("qcocoa", "qoffscreen"),
}


def _normalize(dest: str) -> str:
    return dest.replace("\\", "/")


def keep(dest: str) -> bool:
    """Whether the file PyInstaller would place at ``dest`` (relative to the bundle root) stays."""
    path = _normalize(dest)
    marker = "PySide6/Qt/plugins/"
    if marker in path:
        return not _DROPPED_PLUGINS.match(path.split(marker, 1)[1])
    if "PySide6/Qt/translations/" in path:
        return bool(_KEPT_QT_TRANSLATIONS.match(path.rsplit("/", 1)[-1]))
    if "babel/locale-data/" in path:
        return bool(_KEPT_BABEL_LOCALES.match(path.rsplit("/", 1)[-1]))
    if _DROPPED_QT_LIBS.search(path):
        return False
    # Type stubs and Qt's build metadata are for developers, not for the running app.
    return not path.endswith((".pyi", ".prl", ".cmake"))


def prune(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Filter a PyInstaller TOC (``(dest, source, kind)`` entries) down to what ``keep`` allows."""
    return [entry for entry in toc if keep(entry[0])]


def _is_library(dest: str) -> bool:
    """A shared library only other binaries load, as opposed to an extension module or a Qt
    plugin."""
    path = _normalize(dest)
    name = path.rsplit("/", 1)[-1]
    if (
        "/plugins/" in path
        or name.startswith("libpython")
        or ".cpython-" in name
        or ".abi3." in name
    ):
        return False
    return name.endswith((".dll", ".dylib")) or ".so" in name


def drop_orphans(
    toc: Iterable[tuple[str, str, str]], imports_of: Callable[[str], Iterable[str]]
) -> list[tuple[str, str, str]]:
    """Drop shared libraries that nothing kept still loads.

    Pruning a plugin leaves behind the libraries PyInstaller collected for it (the GTK theme
    brings cairo, pango, gdk-pixbuf...). Starting from what must stay (extension modules, Qt
    plugins, libpython), follow each binary's imports (``imports_of(source path)`` gives the
    library names it links to) and keep only the libraries reached.
    """
    entries = list(toc)
    by_name: dict[str, list[tuple[str, str, str]]] = {}
    for entry in entries:
        if entry[2] == "BINARY" and _is_library(entry[0]):
            by_name.setdefault(_normalize(entry[0]).rsplit("/", 1)[-1], []).append(entry)
    todo = [e for e in entries if e[2] in ("BINARY", "EXTENSION") and not _is_library(e[0])]
    reached: set[str] = set()
    while todo:
        entry = todo.pop()
        for name in imports_of(entry[1]):
            base = _normalize(name).rsplit("/", 1)[-1]
            if base in by_name and base not in reached:
                reached.add(base)
                todo.extend(by_name[base])
    return [
        e
        for e in entries
        if not (e[2] == "BINARY" and _is_library(e[0]))
        or _normalize(e[0]).rsplit("/", 1)[-1] in reached
    ]


def missing_files(present: Iterable[str], platform: str) -> list[str]:
    """The required files (and platform plugins) absent from ``present`` (paths relative to the
    root)."""
    have = {_normalize(p) for p in present}
    missing = [path for path in REQUIRED if path not in have]
    plugin_names = {p.rsplit("/", 1)[-1] for p in have if "/plugins/platforms/" in p}
    for plugin in REQUIRED_PLATFORM_PLUGINS.get(platform, ()):
        if not any(name.startswith((plugin + ".", "lib" + plugin + ".")) for name in plugin_names):
            missing.append(f"PySide6/Qt/plugins/platforms/{plugin}")
    return missing
