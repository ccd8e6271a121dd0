"""Where a USB stick is: removable drives offered first when a bundle is saved or opened.

Field staff move bundles on sticks, and the standard file dialog opens in the home folder, where a
hurried user saves the bundle on the laptop instead (and leaves a copy behind on a machine that may
be seized). The bundle dialogs therefore start on the first stick found and list every stick in the
dialog's side bar. On Linux sticks are mounted under ``/media/$USER``, ``/run/media/$USER`` or
``/mnt``; on Windows and macOS every writable volume other than the system one is offered (Qt cannot
tell a stick from a second internal disk there, and offering one too many is harmless).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QStorageInfo, QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from untoc_desktop.i18n import _
from untoc_desktop.ui import folders


def _linux_roots() -> list[Path]:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in a stripped container
        user = ""
    roots = (
        [Path("/media") / user, Path("/run/media") / user, Path("/mnt")] if user else [Path("/mnt")]
    )
    return roots + [Path("/media")]


def removable_locations(
    volumes: list[QStorageInfo] | None = None, *, platform: str = sys.platform
) -> list[Path]:
    """Writable mounted volumes that look like removable drives, in a stable order
    (tests pass ``volumes``)."""
    volumes = QStorageInfo.mountedVolumes() if volumes is None else volumes
    root = Path(QStorageInfo.root().rootPath()) if volumes else None
    found: list[Path] = []
    for volume in volumes:
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly() or volume.isRoot():
            continue
        path = Path(volume.rootPath())
        if root is not None and path == root:
            continue
        if platform.startswith("linux"):
            if not any(path != base and path.is_relative_to(base) for base in _linux_roots()):
                continue  # /boot, /home, /snap/...: internal, not a stick
        elif platform == "darwin" and not path.is_relative_to("/Volumes"):
            continue
        if path not in found:
            found.append(path)
    return sorted(found)


def choose_bundle_path(
    parent: QWidget | None, *, save: bool, suggested_name: str = ""
) -> Path | None:
    """Ask where to save (``save``) or which bundle to open, starting on a stick when there is one.

    Uses Qt's own file dialog: the native ones ignore the side bar, which is the point here.
    """
    sticks = removable_locations()
    start = folders.start_folder(folders.BUNDLES, sticks[0] if sticks else Path.home())
    dialog = QFileDialog(parent, _("Save the bundle") if save else _("Open a bundle"), str(start))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setNameFilter(_("UNTOC bundles ({pattern})").format(pattern="*.untoc"))
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("untoc")
        if suggested_name:
            dialog.selectFile(suggested_name)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    places = [*sticks, Path(QDir.homePath()), Path.home() / "Documents"]
    urls = [QUrl.fromLocalFile(os.fspath(p)) for p in places if p.is_dir()]
    dialog.setSidebarUrls(urls)
    dialog.setAccessibleName(dialog.windowTitle())
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    folders.remember(folders.BUNDLES, dialog.selectedFiles()[0])
    return Path(dialog.selectedFiles()[0])
