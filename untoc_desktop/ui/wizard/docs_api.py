"""The wizard's door to the documents and bundles packages, which may not be installed yet.

Both packages are written in parallel with the wizard; until they land, the pages show their
actions disabled with a tooltip that says why, instead of failing on import. Each function that
runs in a worker thread opens its own workspace connection (SQLite connections belong to a thread).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from untoc_desktop.core.workspace import Workspace

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
#: Resolution of the letter preview images (dots per inch); low enough for an old laptop.
PREVIEW_DPI = 72


def _open(path: Path, passphrase: str | None) -> Workspace:
    """A second connection for this worker thread (a keyed workspace needs its passphrase again)."""
    if passphrase:
        return Workspace.open(path, lock=False, create=False, passphrase=passphrase)
    return Workspace.open(path, lock=False, create=False)


def workspace_args(ws: Workspace) -> tuple[Path, str | None]:
    """What a worker needs to open its own connection to ``ws``."""
    return ws.path, getattr(ws, "passphrase", None)


def documents_module() -> ModuleType | None:
    try:
        from untoc_desktop import documents
    except ImportError:
        return None
    return documents if hasattr(documents, "render") else None


def bundles_module() -> ModuleType | None:
    try:
        from untoc_desktop import bundles
    except ImportError:
        return None
    return bundles if hasattr(bundles, "export_bundle") else None


def render_in_thread(ws_path: Path, ws_passphrase: str | None, dossier_id: str, document: str, fmt: str,
                     lang: str, out: Path, *, include_sensitive: bool, progress: Progress,
                     cancelled: Cancelled) -> Path:
    documents = documents_module()
    assert documents is not None
    with _open(ws_path, ws_passphrase) as ws:
        return documents.render(ws, dossier_id, document, fmt, lang, out, include_sensitive=include_sensitive,
                                progress=progress, cancelled=cancelled)


def bundle_in_thread(ws_path: Path, ws_passphrase: str | None, dossier_id: str, out: Path, *,
                     passphrase: str | None, include_sensitive: bool, progress: Progress, cancelled: Cancelled) -> Any:
    bundles = bundles_module()
    assert bundles is not None
    with _open(ws_path, ws_passphrase) as ws:
        return bundles.export_bundle(ws, out, dossier_ids=[dossier_id], passphrase=passphrase,
                                     include_sensitive=include_sensitive, progress=progress, cancelled=cancelled)


def preview_in_thread(ws_path: Path, ws_passphrase: str | None, dossier_id: str, document: str, lang: str, *,
                      progress: Progress, cancelled: Cancelled) -> list[bytes]:
    """PNG images of the document's pages, rendered with poppler's ``pdftoppm``.

    QtPdf is not part of PySide6-Essentials, so the PDF is rasterised by the poppler tool when it is
    installed; without it an empty list is returned and the page says so.
    """
    documents = documents_module()
    assert documents is not None
    with _open(ws_path, ws_passphrase) as ws:
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
