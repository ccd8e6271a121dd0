"""The folder each kind of file dialog opens in: the one the user last chose for that kind.

Remembered for the session only, in memory. A folder path kept in the settings
("/media/stick/Tumbes witnesses") would say what the office works on to whoever reads the laptop
(issue 19); within a session, the user who saved the letter to a stick expects the pledge to be
offered the same stick (issue 21).
"""

from __future__ import annotations

from pathlib import Path

#: Kinds of file a dialog asks for; each remembers its own folder.
DOCUMENTS = "documents"
BUNDLES = "bundles"
ATTACHMENTS = "attachments"
IMAGES = "images"
BACKUPS = "backups"

_last: dict[str, Path] = {}


def start_folder(kind: str, default: Path | None = None) -> Path:
    """The folder the last dialog of this kind ended in, if it still exists; else ``default``
    (else the home folder)."""
    last = _last.get(kind)
    if last is not None and last.is_dir():
        return last
    return default if default is not None else Path.home()


def remember(kind: str, chosen: str | Path) -> None:
    """Note the folder of a chosen file (or the folder itself) for the next dialog of this kind."""
    path = Path(chosen)
    _last[kind] = path if path.is_dir() else path.parent


def start_path(kind: str, name: str = "", default: Path | None = None) -> str:
    """``start_folder``, with ``name`` appended: the string a save dialog starts on."""
    folder = start_folder(kind, default)
    return str(folder / name) if name else str(folder)


def forget() -> None:
    """Forget every folder (tests; a workspace switch)."""
    _last.clear()
