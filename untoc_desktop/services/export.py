"""Documents and bundles leaving the office: the safety gate, then the writer. For GUI and CLI
alike.

Nothing of a submission dossier leaves the office before its safety check (wizard step 8) was
confirmed: the check lists every sensitive item, every person named and every photo that tells
where it was taken. :func:`render` and :func:`export_bundle` refuse an unconfirmed dossier with
:class:`SafetyCheckRequiredError`, whoever calls them, unless the caller says it has just shown the
user the same facts (``safety_confirmed``: the command line's ``--confirm-safety``). Statements and
declarations have no safety step; their own editors show what is left out.

The ``*_in_worker`` variants take a :class:`WorkspaceRef` instead of the workspace: SQLite objects
belong to the thread that made them, so a worker thread opens its own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.store.workspace import Record, Workspace

if TYPE_CHECKING:
    from untoc_desktop.bundles.export import ExportResult

#: The dossier kinds whose editor has a safety check (the wizard's step 8).
KINDS_WITH_SAFETY_CHECK = ("submission",)
SAFETY_STEP = 8


class SafetyCheckRequiredError(UserError):
    """A dossier would leave the office before its safety check was confirmed."""

    def __init__(self, message: str, dossiers: list[Record]) -> None:
        super().__init__(message)
        self.dossiers = dossiers


Progress = Callable[..., None]
IsCancelled = Callable[[], bool]
#: Resolution of the letter preview images (dots per inch); low enough for an old laptop.
PREVIEW_DPI = 72


@dataclass(frozen=True)
class WorkspaceRef:
    """What a worker thread needs to open its own connection to a workspace."""

    path: Path
    passphrase: str | None = None

    @classmethod
    def of(cls, ws: Workspace) -> WorkspaceRef:
        return cls(ws.path, ws.passphrase)

    def open(self) -> Workspace:
        return Workspace.open(self.path, lock=False, create=False, passphrase=self.passphrase)


def unconfirmed(ws: Workspace, dossier_ids: list[str] | None) -> list[Record]:
    """The dossiers among ``dossier_ids`` (None: all) that have a safety check nobody confirmed."""
    records = [ws.dossier(i) for i in dossier_ids] if dossier_ids is not None else ws.dossiers()
    return [
        r
        for r in records
        if r is not None and r["kind"] in KINDS_WITH_SAFETY_CHECK and not r["safety_reviewed_at"]
    ]


def require_safety_check(
    ws: Workspace, dossier_ids: list[str] | None, *, confirmed: bool = False
) -> None:
    """Refuse, naming them, dossiers whose safety check was not confirmed (``confirmed``: just
    shown)."""
    if confirmed:
        return
    missing = unconfirmed(ws, dossier_ids)
    if missing:
        raise SafetyCheckRequiredError(
            _("Nothing was exported.") + " " + unconfirmed_message(missing), missing
        )


def unconfirmed_message(missing: list[Record]) -> str:
    """What to do about dossiers whose safety check is not confirmed, naming them."""
    # TRANSLATORS: a dossier's title quoted in a sentence; use your language's quotation marks.
    titles = ", ".join(_("“{title}”").format(title=r["title"] or _("(untitled)")) for r in missing)
    return ngettext(
        "The safety check of the dossier {titles} is not confirmed: open it, review step {step} "
        "(Safety check) and confirm it first.",
        "The safety check of the dossiers {titles} is not confirmed: open each, review step {step} "
        "(Safety check) and confirm it first.",
        len(missing),
    ).format(titles=titles, step=SAFETY_STEP)


def render(
    ws: Workspace,
    dossier_id: str,
    document: str,
    fmt: str,
    lang: str | None,
    out: Path,
    *,
    include_sensitive: bool = False,
    safety_confirmed: bool = False,
    properties: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Path:
    """Write one document of the dossier to ``out`` once its safety check allows; returns the
    file."""
    from untoc_desktop import documents

    if ws.dossier(dossier_id) is not None:  # an unknown id is the renderer's own, clearer error
        require_safety_check(ws, [dossier_id], confirmed=safety_confirmed)
    return documents.render(
        ws,
        dossier_id,
        document,
        fmt,
        lang,
        out,
        include_sensitive=include_sensitive,
        properties=properties,
        progress=progress,
        cancelled=cancelled,
    )


def export_bundle(
    ws: Workspace,
    out: Path,
    dossier_ids: list[str] | None,
    *,
    passphrase: str | None,
    include_sensitive: bool = False,
    safety_confirmed: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ExportResult:
    """Write and check a bundle of ``dossier_ids`` (None: every dossier) for a partner office."""
    from untoc_desktop.bundles.export import export_bundle as write

    require_safety_check(ws, dossier_ids, confirmed=safety_confirmed)
    return write(
        ws,
        out,
        dossier_ids=dossier_ids,
        passphrase=passphrase,
        include_sensitive=include_sensitive,
        progress=progress,
        cancelled=cancelled,
    )


def render_in_worker(
    ref: WorkspaceRef,
    dossier_id: str,
    document: str,
    fmt: str,
    lang: str | None,
    out: Path,
    *,
    include_sensitive: bool,
    properties: bool = False,
    progress: Progress,
    cancelled: IsCancelled,
) -> Path:
    with ref.open() as ws:
        return render(
            ws,
            dossier_id,
            document,
            fmt,
            lang,
            out,
            include_sensitive=include_sensitive,
            properties=properties,
            progress=progress,
            cancelled=cancelled,
        )


def export_bundle_in_worker(
    ref: WorkspaceRef,
    dossier_ids: list[str] | None,
    out: Path,
    *,
    passphrase: str | None,
    include_sensitive: bool,
    progress: Progress,
    cancelled: IsCancelled,
) -> ExportResult:
    with ref.open() as ws:
        return export_bundle(
            ws,
            out,
            dossier_ids,
            passphrase=passphrase,
            include_sensitive=include_sensitive,
            progress=progress,
            cancelled=cancelled,
        )


def preview_pages(
    ref: WorkspaceRef,
    dossier_id: str,
    document: str,
    lang: str,
    *,
    progress: Progress,
    cancelled: IsCancelled,
) -> list[bytes]:
    """PNG images of the document's pages, rendered in memory (PDFium, through pypdfium2).

    Nothing is written to disk: a preview holds the organization's address, contacts and
    signatory, and a clear-text file (even deleted) can be carved from a seized laptop's disk.
    """
    import io

    import pypdfium2

    from untoc_desktop import documents

    with ref.open() as ws:
        pdf = documents.preview_pages(ws, dossier_id, document, lang)
    pages: list[bytes] = []
    doc = pypdfium2.PdfDocument(pdf)
    try:
        total = len(doc)
        for number in range(total):
            if cancelled():
                break
            progress(number, total)
            image = doc[number].render(scale=PREVIEW_DPI / 72).to_pil()
            out = io.BytesIO()
            image.save(out, "PNG")
            pages.append(out.getvalue())
    finally:
        doc.close()
    return pages
