"""The file names the application suggests: neutral, so a file list says nothing about the work.

A name made of a dossier's title ("Trafficking-in-Tumbes-witnesses-submission.pdf") tells whoever
looks at a stick, a Downloads folder or an e-mail attachment what the office works on. The
suggestions name only the kind of document, its language and the date; the user can still type
any name in the save dialog.
"""

from __future__ import annotations

from datetime import date


def document_file_name(document: str, lang: str, ext: str, day: date | None = None) -> str:
    """``letter-fr-2026-12-06.pdf``: the kind, the language (a French and an English export of the
    same letter do not overwrite each other) and the day."""
    return f"{document}-{lang}-{(day or date.today()):%Y-%m-%d}.{ext}"


def bundle_file_name(day: date | None = None) -> str:
    return f"bundle-{(day or date.today()):%Y-%m-%d}.untoc"
