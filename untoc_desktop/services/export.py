"""Documents and bundles written off the UI thread, each on the worker's own workspace connection.

SQLite objects belong to the thread that made them, so a worker opens a second connection from a
:class:`WorkspaceRef` (the path and, for an encrypted workspace, its passphrase) instead of using
the window's.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from untoc_desktop.core.workspace import Workspace

if TYPE_CHECKING:
    from untoc_desktop.bundles.export import ExportResult

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


def render_document(ref: WorkspaceRef, dossier_id: str, document: str, fmt: str, lang: str, out: Path, *,
                    include_sensitive: bool, progress: Progress, cancelled: IsCancelled) -> Path:
    """Write one document of the dossier to ``out``; returns the file written."""
    from untoc_desktop.documents import render

    with ref.open() as ws:
        return render(ws, dossier_id, document, fmt, lang, out, include_sensitive=include_sensitive,
                      progress=progress, cancelled=cancelled)


def write_bundle(ref: WorkspaceRef, dossier_ids: list[str] | None, out: Path, *, passphrase: str | None,
                 include_sensitive: bool, progress: Progress, cancelled: IsCancelled) -> ExportResult:
    """Write and check a bundle of ``dossier_ids`` (None: every dossier) for a partner office."""
    from untoc_desktop.bundles.export import export_bundle

    with ref.open() as ws:
        return export_bundle(ws, out, dossier_ids=dossier_ids, passphrase=passphrase,
                             include_sensitive=include_sensitive, progress=progress, cancelled=cancelled)


def preview_pages(ref: WorkspaceRef, dossier_id: str, document: str, lang: str, *, progress: Progress,
                  cancelled: IsCancelled) -> list[bytes]:
    """PNG images of the document's pages, rendered with poppler's ``pdftoppm``.

    QtPdf is not part of PySide6-Essentials, so the PDF is rasterised by the poppler tool when it is
    installed; without it an empty list is returned and the page says so.
    """
    from untoc_desktop import documents

    with ref.open() as ws:
        pdf = documents.preview_pages(ws, dossier_id, document, lang)
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory(prefix="untoc-preview-") as folder:
        source = Path(folder) / "preview.pdf"
        source.write_bytes(pdf)
        subprocess.run([tool, "-png", "-r", str(PREVIEW_DPI), str(source), str(Path(folder) / "page")],
                       check=True, capture_output=True, timeout=120)
        return [p.read_bytes() for p in sorted(Path(folder).glob("page*.png"))]
