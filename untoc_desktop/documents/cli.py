"""``untoc-desktop render``: the command-line face of :func:`untoc_desktop.documents.render`."""

from __future__ import annotations

import argparse

from untoc_desktop.cli import open_workspace
from untoc_desktop.documents.api import render
from untoc_desktop.i18n import _


def render_command(args: argparse.Namespace) -> int:
    """Render one document; a ``UserError`` propagates to ``cli.main``, which prints it and exits 1."""
    with open_workspace(args, create=False) as ws:
        out = render(ws, args.dossier, args.document, args.format, getattr(args, "lang", None), args.out,
                     include_sensitive=bool(args.include_sensitive))
    print(_("Wrote {path}").format(path=out))
    return 0
