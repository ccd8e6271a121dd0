"""What every composer needs: the document's language, its date, the State's name, the blanks'
labels.

The document language is chosen per document and is independent of the interface language, so all
text here goes through :class:`untoc_desktop.i18n.DocumentLanguage`, never through ``_``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import Locale

from untoc_desktop.core.reference import INSTRUMENT_CODES, ReferenceData
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.typography import long_date
from untoc_desktop.documents import templates
from untoc_desktop.i18n import N_, DocumentLanguage, normalize

#: Labels of the blanks printed where a value is missing (translated in the document's language).
BLANK_LABELS: dict[str, str] = {
    "organization": N_("name of your organization"),
    "focus_issues": N_("issues your organization works on"),
    "focal_name": N_("name of the focal point"),
    "focal_contact": N_("address or email of the focal point"),
    "signatory_name": N_("name of the signatory"),
    "signatory_title": N_("title of the signatory"),
    "country": N_("State party"),
    "org_country": N_("country"),
    "summary": N_("executive summary to be written"),
}


@dataclass
class Context:
    """One document's language and the reference data, shared by the composers."""

    lang: str
    t: DocumentLanguage
    ref: ReferenceData
    today: date

    @classmethod
    def create(cls, lang: str, today: date | None = None) -> Context:
        lang = normalize(lang)
        return cls(lang, DocumentLanguage(lang), load_reference(), today or date.today())

    def gettext(self, message: str) -> str:
        return self.t.gettext(message)

    def long_date(self, value: date | str | None = None) -> str:
        """A date written out in the document's language ("5 mars 2026", "5 de marzo de 2026")."""
        if value is None:
            value = self.today
        if isinstance(value, str):
            try:
                parsed = date.fromisoformat(value[:10])
            except ValueError:
                return value  # free text the user typed ("mid-2024"): shown as written
            value = parsed
        return long_date(value, self.lang)

    def country(self, iso2: str | None) -> str:
        if not iso2:
            return ""
        try:
            return self.ref.country_name(iso2, self.lang)
        except KeyError:
            return iso2

    def language_name(self) -> str:
        """The document's language named in itself, as CLDR writes it mid-sentence: "English",
        "français", "español" (French and Spanish do not capitalize language names)."""
        return Locale.parse(self.lang).get_display_name(self.lang) or self.lang

    def blanks(self) -> dict[str, str]:
        return {key: self.gettext(label) for key, label in BLANK_LABELS.items()}

    def template(self, document: str) -> Any:
        return templates.load(document, self.lang)

    def article_label(self, instrument: str, number: int, *, with_title: bool = True) -> str:
        """ "TIP Protocol, article 5: Criminalization", with the heading in the document's
        language."""
        try:
            short = self.ref.instrument(instrument).short_name(self.lang)
        except KeyError:
            short = instrument
        if not with_title:
            return self.gettext("{instrument}, article {number}").format(
                instrument=short, number=number
            )
        return self.gettext("{instrument}, article {number}: {title}").format(
            instrument=short, number=number, title=self.article_title(instrument, number)
        )

    def article_title(self, instrument: str, number: int) -> str:
        try:
            article = self.ref.article(instrument, number)
        except KeyError:
            return ""
        title = article.title(self.lang)
        if article.title_status(self.lang) != "official":
            title = self.gettext("{title} (working translation)").format(title=title)
        return title


def article_sort_key(key: tuple[str | None, int | None]) -> tuple[int, int]:
    instrument, number = key
    order = (
        INSTRUMENT_CODES.index(instrument)
        if instrument in INSTRUMENT_CODES
        else len(INSTRUMENT_CODES)
    )
    return order, number or 0


def contact_line(*values: str) -> str:
    return " · ".join(v.strip() for v in values if v and v.strip())
