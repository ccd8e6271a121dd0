"""Letters, pledges and submissions as PDF (reportlab) and DOCX (python-docx), in en, fr and es.

The GUI and the command line use only what is re-exported here. No Qt: the layer test forbids it.
"""

from untoc_desktop.documents.api import (
    COMPOSERS,
    FORMATS,
    compose,
    preview_pages,
    render,
    what_is_missing,
)

DOCUMENTS: tuple[str, ...] = tuple(COMPOSERS)

__all__ = [
    "DOCUMENTS",
    "FORMATS",
    "compose",
    "preview_pages",
    "render",
    "what_is_missing",
]
