"""Opening the workspace a subcommand names: the one way every subcommand (and the tour) does it.

Every subcommand goes through ``Workspace.open``, the same door as the interface: a non-regular
file, an empty one, a ``-wal`` that belongs to another file are refused there, in one line that
names the backup to go back to; clear-text copies a killed passphrase change left are erased (and
said so on stderr). ``check`` never opens the file for writing: ``open_workspace`` gives it the
verdict of a read-only snapshot (``store.recovery.check_workspace``), refusing in one line when
anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from untoc_desktop.core.text import for_terminal
from untoc_desktop.i18n import _

if TYPE_CHECKING:  # the workspace module is imported when a command runs, not for ``--help``
    from untoc_desktop.store.workspace import Workspace


def workspace_passphrase(args: argparse.Namespace) -> str | None:
    """The workspace passphrase from ``--workspace-passphrase-file``/``--passphrase-file``, if
    given."""
    from untoc_desktop.store.encryption import read_passphrase_file

    path = getattr(args, "workspace_passphrase_file", None)
    return read_passphrase_file(path) if path else None


def open_workspace(args: argparse.Namespace, *, create: bool = True) -> Workspace:
    """Open ``args.workspace``, encrypted or not; a missing passphrase names the option that gives
    it. For ``check``, a stand-in that holds only the snapshot's verdict (see the module)."""
    from untoc_desktop.store.db import DamagedFileError, PassphraseRequiredError
    from untoc_desktop.store.recovery import restore_advice
    from untoc_desktop.store.workspace import Workspace

    path = Path(args.workspace).expanduser()
    passphrase = workspace_passphrase(args)
    try:
        if getattr(args, "command", None) == "check":
            return check_verdict(path, passphrase)
        ws = Workspace.open(path, create=create, passphrase=passphrase)
    except PassphraseRequiredError as exc:
        option = (
            "--workspace-passphrase-file"
            if getattr(args, "command", None) == "bundle"
            else "--passphrase-file"
        )
        raise PassphraseRequiredError(
            _(
                "The workspace {path} is encrypted (or it is not a workspace): give its passphrase "
                "with {option} FILE."
            ).format(path=args.workspace, option=option)
        ) from exc
    except DamagedFileError as exc:
        raise DamagedFileError(f"{exc} {restore_advice(path, passphrase)}", exc.problem) from exc
    for leftover in ws.erased.in_clear:
        from untoc_desktop.store.checkup import erased_message

        print(for_terminal(erased_message(leftover)), file=sys.stderr)  # names a file
    return ws


def check_verdict(path: Path, passphrase: str | None) -> Workspace:
    """``check``'s read-only look at the workspace: one line (``UserError``) when anything is
    wrong; else a stand-in ``Workspace`` whose ``integrity_problems()`` is the snapshot's (none)."""
    from untoc_desktop.core.errors import WorkspaceError
    from untoc_desktop.store.recovery import check_workspace, checked

    problems = check_workspace(path, passphrase)
    if problems:
        raise WorkspaceError(" ".join(problems))
    return checked(path)
