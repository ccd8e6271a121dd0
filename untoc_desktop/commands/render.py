"""``untoc-desktop render``: one document of a dossier, through the safety gate of
``services.export``."""

from __future__ import annotations

import argparse
import sys

from untoc_desktop.commands.safety import print_scopes
from untoc_desktop.commands.workspace import open_workspace
from untoc_desktop.core.text import for_terminal
from untoc_desktop.i18n import _
from untoc_desktop.services.export import SafetyCheckRequiredError, render


def render_command(args: argparse.Namespace) -> int:
    """Render one document; a ``UserError`` propagates to ``cli.main``, which prints it and exits 1.

    A submission dossier whose safety check was not confirmed in the app is refused, after printing
    what the document would contain and leave out; ``--confirm-safety`` says the user read it.
    """
    include = bool(args.include_sensitive)
    with open_workspace(args, create=False) as ws:
        try:
            out = render(
                ws,
                args.dossier,
                args.document,
                args.format,
                getattr(args, "lang", None),
                args.out,
                include_sensitive=include,
                safety_confirmed=bool(args.confirm_safety),
                properties=bool(getattr(args, "with_properties", False)),
            )
        except SafetyCheckRequiredError:
            print_scopes(
                ws, [args.dossier], args.document, include_sensitive=include, stream=sys.stderr
            )
            raise
    print(for_terminal(_("Wrote {path}").format(path=out)))
    return 0
