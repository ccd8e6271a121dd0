"""The bridge between the app's gettext catalogs and Qt's translation system.

The app keeps one set of catalogs (gettext, in ``translations/``) so that documents can be
translated without Qt. Qt, however, only asks installed ``QTranslator`` objects, for its own
strings (the standard dialog buttons, the context menu of a text field) and for ``tr()``. This
module installs two translators: one that answers from our gettext catalogs and Qt's own
``qtbase_<lang>.qm``. Installing or removing a translator makes Qt send ``LanguageChange`` to every
widget, which is what makes each window's ``retranslate()`` run: the whole UI switches at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from untoc_desktop import i18n

#: The menu shows each language in its own name, so a user lost in a foreign UI can find theirs.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}


class GettextTranslator(QTranslator):
    """Answers Qt's translation requests from the app's gettext catalog of the current language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = i18n.normalize(lang)
        self._catalog = i18n.translator(self.lang)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if not source or self.lang == i18n.DEFAULT_LANGUAGE:
            return ""
        text = self._catalog.pgettext(disambiguation, source) if disambiguation else self._catalog.gettext(source)
        # An empty answer lets Qt fall through to the next translator (qtbase) or the source text.
        return text if text != source else ""

    def isEmpty(self) -> bool:
        return self.lang == i18n.DEFAULT_LANGUAGE


_installed: list[QTranslator] = []


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def apply_language(lang: str) -> str:
    """Switch the whole UI to ``lang`` now: catalogs, Qt's own strings, dates and numbers.

    Returns the language actually applied (an unknown code falls back to English).
    """
    lang = i18n.set_language(lang)
    app = QCoreApplication.instance()
    QLocale.setDefault(QLocale(lang))
    if app is None:
        return lang
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang != i18n.DEFAULT_LANGUAGE:
        qtbase = QTranslator(app)
        if qtbase.load(QLocale(lang), "qtbase", "_", qt_translations_dir()):
            _installed.append(qtbase)
        _installed.append(GettextTranslator(lang))
    for translator in _installed:
        app.installTranslator(translator)
    if not _installed:
        # Back to English with nothing to remove would send no event; send one ourselves.
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.allWidgets() if isinstance(app, QApplication) else []:
            QCoreApplication.postEvent(widget, QEvent(QEvent.Type.LanguageChange))
    return lang
