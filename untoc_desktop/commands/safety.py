"""What an export contains and leaves out, printed where the GUI shows the safety check's page."""

from __future__ import annotations

from typing import TextIO

from untoc_desktop.core.safety import report
from untoc_desktop.core.text import for_terminal
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace


def print_scopes(
    ws: Workspace, dossier_ids: list[str], document: str, *, include_sensitive: bool, stream: TextIO
) -> None:
    """For each dossier: its sensitive items, people named, risky photos, and what ``document``
    holds. Titles and findings are the user's or a partner's text: each line is printed escaped
    (``core.text.for_terminal``), and a line break inside one does not start a line."""

    def say(line: str) -> None:
        print(for_terminal(line, one_line=True), file=stream)

    for dossier_id in dossier_ids:
        dossier = ws.dossier(dossier_id)
        if dossier is None or dossier["kind"] != "submission":
            continue
        found = report(ws, dossier_id, include_sensitive=include_sensitive)
        say(_("Safety check of “{title}”:").format(title=dossier["title"] or _("(untitled)")))
        for item in found.sensitive:
            say("  " + _("Sensitive: {label}: {text}").format(label=item.what, text=item.text))
        for item in found.people:
            say("  " + _("Person named: {label}: {text}").format(label=item.what, text=item.text))
        for attachment in found.flagged_images:
            say(
                "  "
                + _("Photo that shows where it was taken or with which camera: {name}").format(
                    name=attachment.name
                )
            )
        for scope in (e for e in found.exports if e.document == document):
            say("  " + _("{document} contains:").format(document=scope.title))
            for line in scope.contains:
                say("    + " + line)
            say("  " + _("and leaves out:"))
            for line in scope.leaves_out:
                say("    - " + line)
