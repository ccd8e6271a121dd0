"""A pseudo-translation for UI tests: French text is the English text with a marker and padding.

The real French and Spanish catalogs are filled in by translators on their own schedule; what the
UI tests check is the mechanism (every visible text is fetched again through ``_()`` when the
language changes) and that 30% longer labels still fit. A marker makes both visible.
"""

from __future__ import annotations

import gettext

MARK = "⟦fr⟧"


class PseudoFrench(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{MARK}{message}~~~" if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def install(monkeypatch) -> None:  # noqa: ANN001 - pytest's MonkeyPatch
    """Serve the pseudo-catalog for "fr" (English and Spanish stay as they are)."""
    from untoc_desktop import i18n

    real = i18n.translator

    def fake(lang: str) -> gettext.NullTranslations:
        return PseudoFrench() if i18n.normalize(lang) == "fr" else real(lang)

    monkeypatch.setattr(i18n, "translator", fake)
