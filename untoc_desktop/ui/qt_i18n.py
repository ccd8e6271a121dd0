"""Switching the interface language at run time: the app's catalogs, Qt's own strings, the locale.

The app keeps one set of catalogs (gettext, in ``translations/``) so that documents can be
translated without Qt, and every widget takes its text from ``untoc_desktop.i18n._`` in its
``retranslate()``. Qt's own strings (standard buttons, the context menu of a text field) come from
the ``qtbase_<lang>.qm`` catalog shipped inside PySide6. Installing or removing that translator
makes Qt send ``LanguageChange`` to every widget, which runs each ``retranslate()``: the whole UI
switches at once, without a restart.

Why no Python ``QTranslator`` subclass answering Qt's ``tr()`` from gettext: with PySide6 6.12,
every call Qt makes into a Python ``translate()`` override with no disambiguation drops one
reference to ``None`` (measured: 1,000 lookups, 1,001 references lost). Qt's widgets look texts up
thousands of times, and on Python 3.11, where ``None`` is not immortal, the process aborts with
"deallocating None" after a few language switches. The app never uses ``tr()``, so the bridge bought
nothing; ``tests/ui/test_app.py`` guards the leak so it is noticed if a bridge comes back.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from untoc_desktop import i18n

#: The menu shows each language in its own name, so a user lost in a foreign UI can find theirs.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}

_installed: list[QTranslator] = []


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def apply_language(lang: str) -> str:
    """Switch the whole UI to ``lang`` now: catalogs, Qt's own strings, dates and numbers.

    Returns the language actually applied (an unknown code falls back to English).
    """
    lang = i18n.set_language(lang)
    QLocale.setDefault(QLocale(lang))
    app = QCoreApplication.instance()
    if app is None:
        return lang
    removed = bool(_installed)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang != i18n.DEFAULT_LANGUAGE:
        qtbase = QTranslator(app)
        if qtbase.load(QLocale(lang), "qtbase", "_", qt_translations_dir()):
            app.installTranslator(qtbase)
            _installed.append(qtbase)
    if not removed and not _installed:
        # Nothing was installed or removed (English to English, or no qtbase catalog for the
        # language), so Qt sends no event: send it, and the app passes it on to every window.
        QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
    return lang
