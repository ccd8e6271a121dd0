"""Letters, pledges and submissions as PDF (reportlab) and DOCX (python-docx), in en, fr and es.

The GUI and the command line use only what is re-exported here. No Qt: the layer test forbids it.
The composers are imported on first use (PEP 562), so that ``documents.names`` costs the command
line's start nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from untoc_desktop.documents.names import DOCUMENTS, FORMATS

if TYPE_CHECKING:
    from untoc_desktop.documents.api import compose, preview_pages, render, what_is_missing

__all__ = [
    "DOCUMENTS",
    "FORMATS",
    "compose",
    "preview_pages",
    "render",
    "what_is_missing",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from untoc_desktop.documents import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
