"""Small helpers the list models share: localized names and times."""

from __future__ import annotations

from datetime import UTC, datetime

from untoc_desktop.i18n import N_, _, current_language

STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "ready": N_("Ready"),
    "submitted": N_("Submitted"),
    "archived": N_("Archived"),
}


def country_name(iso2: str) -> str:
    """The State's name in the UI language; the bare code if the reference data does not know it."""
    if not iso2:
        return ""
    try:
        from untoc_desktop.core.country_names import country_name as name_of

        return name_of(iso2, current_language())
    except (KeyError, ImportError, ValueError):
        return iso2


def language_name(code: str) -> str:
    """A document language's name in the UI language ("French", "français", "francés")."""
    try:
        from babel import Locale

        name = Locale.parse(code).get_language_name(current_language()) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def local_time(stamp: str | None) -> str:
    """A stored UTC time as a short local date and time in the UI's locale."""
    if not stamp:
        return ""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    from babel.dates import format_date, format_time

    local, lang = moment.astimezone(), current_language()
    return f"{format_date(local, 'medium', locale=lang)} {format_time(local, 'short', locale=lang)}"


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))
