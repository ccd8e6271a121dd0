"""Opening the workspace a subcommand names: the one way every subcommand (and the tour) does it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

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
    it."""
    from untoc_desktop.store.db import PassphraseRequiredError
    from untoc_desktop.store.workspace import Workspace

    try:
        return Workspace.open(args.workspace, create=create, passphrase=workspace_passphrase(args))
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
