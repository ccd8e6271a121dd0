"""What an export contains and leaves out, printed where the GUI shows the safety check's page."""

from __future__ import annotations

from typing import TextIO

from untoc_desktop.core.safety import report
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace


def print_scopes(
    ws: Workspace, dossier_ids: list[str], document: str, *, include_sensitive: bool, stream: TextIO
) -> None:
    """For each dossier: its sensitive items, people named, risky photos, and what ``document``
    holds."""
    for dossier_id in dossier_ids:
        dossier = ws.dossier(dossier_id)
        if dossier is None or dossier["kind"] != "submission":
            continue
        found = report(ws, dossier_id, include_sensitive=include_sensitive)
        print(
            _("Safety check of “{title}”:").format(title=dossier["title"] or _("(untitled)")),
            file=stream,
        )
        for item in found.sensitive:
            print(
                "  " + _("Sensitive: {label}: {text}").format(label=item.what, text=item.text),
                file=stream,
            )
        for item in found.people:
            print(
                "  " + _("Person named: {label}: {text}").format(label=item.what, text=item.text),
                file=stream,
            )
        for attachment in found.flagged_images:
            print(
                "  "
                + _("Photo that shows where it was taken or with which camera: {name}").format(
                    name=attachment.name
                ),
                file=stream,
            )
        for scope in (e for e in found.exports if e.document == document):
            print("  " + _("{document} contains:").format(document=scope.title), file=stream)
            for line in scope.contains:
                print("    + " + line, file=stream)
            print("  " + _("and leaves out:"), file=stream)
            for line in scope.leaves_out:
                print("    - " + line, file=stream)
