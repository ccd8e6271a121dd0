"""What the wizard and the command line call: render, preview, and what a document still lacks.

A document is written to a temporary file beside the target and moved into place only when
complete, so a failure or a cancellation never leaves half a PDF where the user expects a whole one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Protocol

from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.safe_write import write_atomic
from untoc_desktop.core.timeutil import now
from untoc_desktop.documents import (
    declaration,
    followup,
    letter,
    names,
    phase2_data,
    pledge,
    press,
    public,
    social,
    statement,
    submission,
)
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import DossierData, dossier_or_error, gather, organization_of
from untoc_desktop.documents.model import Document, for_writers
from untoc_desktop.i18n import LANGUAGES, _
from untoc_desktop.store.workspace import Workspace


class Composer(Protocol):
    """What each document module provides (the modules themselves satisfy it)."""

    def compose(self, data: DossierData, ctx: Context) -> Document: ...

    def missing(self, data: DossierData) -> list[str]: ...


COMPOSERS: dict[str, Composer] = {
    "letter": letter,
    "pledge": pledge,
    "submission": submission,
    "statement": statement,
    "declaration": declaration,
    "public": public,
    "press": press,
    "followup": followup,
    "social": social,
}
FORMATS: tuple[str, ...] = names.FORMATS
Progress = Callable[[int, int], None]


def _check(document: str, fmt: str | None, lang: str | None) -> None:
    if document not in COMPOSERS:
        raise UserError(
            _(
                "Unknown document '{name}'. Choose letter, pledge, submission, statement, "
                "declaration, public, press, followup or social."
            ).format(name=document)
        )
    if fmt is not None and fmt not in FORMATS:
        raise UserError(_("Unknown format '{name}'. Choose pdf, docx or txt.").format(name=fmt))
    if lang is not None and lang not in LANGUAGES:
        raise UserError(
            _("Unknown document language '{name}'. Choose en, fr or es.").format(name=lang)
        )


def compose(
    ws: Workspace,
    dossier_id: str,
    document: str,
    lang: str | None = None,
    *,
    include_sensitive: bool = False,
) -> Document:
    """The document model, for tests, previews and both writers; ``lang`` defaults to the
    dossier's language. Its text is printable (``model.for_writers``)."""
    _check(document, None, lang)
    data = gather(ws, dossier_id, include_sensitive=include_sensitive)
    if document in phase2_data.DOCUMENTS:
        data.extra.update(phase2_data.collect(ws, dossier_id, data))
    ctx = Context.create(lang or data.dossier["language"])
    return for_writers(COMPOSERS[document].compose(data, ctx))


def render(
    ws: Workspace,
    dossier_id: str,
    document: str,
    fmt: str,
    lang: str | None,
    out: Path,
    *,
    include_sensitive: bool = False,
    properties: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write ``document`` of the dossier as ``fmt`` in ``lang`` to ``out`` and return ``out``.

    The file's properties (PDF document information, DOCX ``core.xml``) name no title, author or
    subject unless ``properties`` asks for them: a file copied off a stick or attached to an
    e-mail should not say which organization wrote about what, beyond what its pages say.

    Run it in a worker thread with its own ``Workspace.open(path, lock=False)``; ``progress`` is
    called with (step, steps) and ``cancelled`` is polled between pages of work.
    """
    _check(document, fmt, lang)
    out = Path(out).expanduser()
    steps = 4

    def step(n: int) -> None:
        if cancelled is not None and cancelled():
            raise CancelledError(_("The export was cancelled; no file was written."))
        if progress is not None:
            progress(n, steps)

    step(0)
    doc = compose(ws, dossier_id, document, lang, include_sensitive=include_sensitive)
    if not properties:
        doc = replace(doc, title="", author="", subject="")
    step(1)
    _write_atomically(doc, fmt, out, cancelled)
    step(3)
    if document == "submission":
        ws.update("dossiers", dossier_id, exported_at=now())
    step(steps)
    return out


def _write_atomically(
    doc: Document, fmt: str, out: Path, cancelled: Callable[[], bool] | None
) -> None:
    """Hand the writer a temporary file beside ``out`` (``core.safe_write``): all or nothing."""
    if out.is_dir():
        raise UserError(
            _("Cannot write {path}: it is a folder. Give a file name.").format(path=out)
        )

    def write(fh: BinaryIO) -> None:
        if fmt == "pdf":
            from untoc_desktop.documents import pdf

            pdf.write(doc, fh, cancelled=cancelled)
        elif fmt == "txt":
            fh.write((doc.plain_text() + "\n").encode("utf-8"))
        else:
            from untoc_desktop.documents import word

            word.write(doc, fh)

    write_atomic(out, write)


def preview_pages(
    ws: Workspace,
    dossier_id: str,
    document: str,
    lang: str | None = None,
    include_sensitive: bool = False,
) -> bytes:
    """The document as PDF bytes, for the wizard's preview (QPdfDocument can load them)."""
    from untoc_desktop.documents import pdf

    return pdf.to_bytes(
        compose(ws, dossier_id, document, lang, include_sensitive=include_sensitive)
    )


def what_is_missing(ws: Workspace, dossier_id: str, document: str) -> list[str]:
    """What the document will print as blanks or leave empty, in the interface language.

    The document still renders; the wizard shows this list beside the export button.
    """
    _check(document, None, None)
    dossier = dossier_or_error(ws, dossier_id)
    org = organization_of(ws, dossier)
    data = DossierData(
        dossier=dossier,
        organization=org,
        focal_point=ws.focal_point(dossier_id),
        articles=ws.selected_articles(dossier_id),
        findings=ws.children("findings", dossier_id),
        evidence=[],
        evidence_number={},
        finding_refs={},
        partners=[],
        logo_png=None,
        include_sensitive=False,
    )
    if dossier.get("kind") == "declaration":  # its sections and signatories are checked too
        data.extra["sections"] = ws.children("declaration_sections", dossier_id)
        data.extra["signatories"] = ws.children("signatories", dossier_id)
    return [_(message) for message in COMPOSERS[document].missing(data)]
