"""``untoc-desktop bundle export|import``: the headless face of bundles, for scripts and tests.

Import prints who signed the bundle and the key's fingerprint. An office seen for the first time is
recorded and trusted on first use (compare the fingerprint by phone, and review the partner list in
the application); a known office presenting another key is refused: the command line never accepts
a changed key, the application asks. The flow itself is ``services.bundle_import``'s, as in the GUI;
this module only answers its questions from the arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from untoc_desktop.bundles.container import KeyChangedError, PassphraseError
from untoc_desktop.commands.safety import print_scopes
from untoc_desktop.commands.workspace import open_workspace
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.text import for_terminal
from untoc_desktop.i18n import _, ngettext
from untoc_desktop.services.export import SafetyCheckRequiredError, WorkspaceRef, export_bundle
from untoc_desktop.store.encryption import read_passphrase_file

if TYPE_CHECKING:  # the import's modules load only for an import: an export runs without them
    from untoc_desktop.bundles.importer import Preview, ProposalKey


def read_passphrase(path: Path | None) -> str | None:
    """The bundle's passphrase from ``--passphrase-file``, read as every passphrase file is."""
    return read_passphrase_file(path) if path is not None else None


def signer_line(prev: Preview) -> str:
    signer = prev.signer
    status = {
        "new": _("first bundle from this office: compare the fingerprint with them by phone"),
        "known": _("known office, same key as before"),
        "changed": _("KEY CHANGED since the last bundle from this office"),
    }[signer.status]
    return _("Signed by {name} (office {office}), key fingerprint {fingerprint}: {status}").format(
        name=signer.office_name or _("(no name)"),
        office=signer.office_id,
        fingerprint=signer.fingerprint,
        status=status,
    )


def preview_lines(prev: Preview) -> list[str]:
    from untoc_desktop.bundles.review import proposal_heading, proposal_lines, refusal_text

    lines = [signer_line(prev)]
    for dossier, counts in sorted(prev.per_dossier.items()):
        name = prev.titles.get(dossier) or (
            _("(untitled dossier)") if dossier else _("Organization and State data")
        )
        lines.append(
            _(
                "{name}: {new} new, {changed} changed, {conflicting} conflicting, {unchanged} "
                "unchanged"
            ).format(
                name=name,
                new=counts.new,
                changed=counts.changed,
                conflicting=counts.conflicting,
                unchanged=counts.unchanged,
            )
        )
    lines.append(
        ngettext("{count} new attachment", "{count} new attachments", prev.new_attachments).format(
            count=prev.new_attachments
        )
    )
    if prev.refused:
        lines.append(
            ngettext(
                "{count} version refused (it is left out; everything else can be imported):",
                "{count} versions refused (they are left out; everything else can be imported):",
                len(prev.refused),
            ).format(count=len(prev.refused))
        )
        lines += [
            "  " + refusal_text(r.table, r.record_id, r.author, r.reason) for r in prev.refused
        ]
    if prev.proposals:
        lines.append(
            ngettext(
                "{count} proposed change to a record another office wrote (not applied unless "
                "accepted with --accept-proposals):",
                "{count} proposed changes to records other offices wrote (not applied unless "
                "accepted with --accept-proposals):",
                len(prev.proposals),
            ).format(count=len(prev.proposals))
        )
        for proposal in prev.proposals:
            lines.append("  " + proposal_heading(proposal))
            lines += ["    " + line for line in proposal_lines(proposal)]
    return lines


def _export(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    include = bool(getattr(args, "include_sensitive", False))
    with open_workspace(args) as ws:
        try:
            result = export_bundle(
                ws,
                args.out,
                args.dossier or None,
                passphrase=passphrase,
                include_sensitive=include,
                safety_confirmed=bool(args.confirm_safety),
            )
        except SafetyCheckRequiredError as exc:
            print_scopes(
                ws,
                [d["id"] for d in exc.dossiers],
                "bundle",
                include_sensitive=include,
                stream=sys.stderr,
            )
            raise
    records = sum(result.counts.values())
    print(
        _(
            "Wrote {path} ({size} KB, {encrypted}). Records: {records}; attachments: {attachments}."
        ).format(
            path=result.path,
            records=records,
            attachments=result.attachments,
            size=result.size // 1024,
            encrypted=_("encrypted") if result.encrypted else _("not encrypted"),
        )
    )
    print(_("This office's key fingerprint: {fingerprint}").format(fingerprint=result.fingerprint))
    return 0


class _ArgumentsPrompter:
    """Answers the import's questions from the command line's arguments: it never asks."""

    def __init__(self, dry_run: bool, accept_proposals: bool = False) -> None:
        self.dry_run = dry_run
        self.accept_proposals = accept_proposals

    def passphrase(self, error: PassphraseError, tried: str | None) -> str | None:
        if tried is None:
            raise UserError(
                _("The bundle is encrypted: give its passphrase with --passphrase-file.")
            ) from None
        raise error

    def accept_key_change(self, error: KeyChangedError) -> bool:
        raise error

    def confirm(self, preview: Preview) -> bool:
        for line in preview_lines(preview):
            print(for_terminal(line, one_line=True))  # office names and titles from a partner
        if self.dry_run:
            print(_("Dry run: nothing was changed."))
        return not self.dry_run

    def accepted_proposals(self, preview: Preview) -> Collection[ProposalKey] | bool:
        return self.accept_proposals

    def applying(self) -> contextlib.AbstractContextManager[object]:
        return contextlib.nullcontext()


def _import(args: argparse.Namespace) -> int:
    """Import into the workspace; a workspace that does not exist yet is created (a new office's
    first step is often a partner's bundle), and removed again if the import fails or is a dry
    run, so a bad bundle leaves nothing behind."""
    passphrase = read_passphrase(args.passphrase_file)
    target = Path(args.workspace).expanduser()
    if target.exists() or target.is_symlink():
        return _import_into(args, passphrase)
    with tempfile.TemporaryDirectory(prefix="untoc-first-") as tmp:
        if args.dry_run:  # a check writes nothing where the user pointed
            args.workspace = Path(tmp) / target.name
        try:
            code = _import_into(args, passphrase, created=True)
        except BaseException:
            _remove_workspace(target)
            raise
    if not args.dry_run:
        print(_("Created the workspace {path}.").format(path=target))
    return code


def _remove_workspace(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def _import_into(args: argparse.Namespace, passphrase: str | None, *, created: bool = False) -> int:
    from untoc_desktop.services.bundle_import import import_bundle

    with open_workspace(args, create=created) as ws:
        result = import_bundle(
            WorkspaceRef.of(ws),
            args.bundle,
            _ArgumentsPrompter(args.dry_run, bool(getattr(args, "accept_proposals", False))),
            passphrase=passphrase,
        )
    if result is None:  # a dry run
        return 0
    print(
        ngettext(
            "Imported. {count} conflicting version was kept as a conflict copy.",
            "Imported. {count} conflicting versions were kept as conflict copies.",
            result.conflicts,
        ).format(count=result.conflicts)
    )
    proposed = len(result.preview.proposals)
    if result.accepted:
        print(
            ngettext(
                "{count} proposed change accepted.",
                "{count} proposed changes accepted.",
                result.accepted,
            ).format(count=result.accepted)
        )
    elif proposed:
        print(
            ngettext(
                "{count} proposed change was not applied; the next bundle from that office offers "
                "it again (--accept-proposals accepts it).",
                "{count} proposed changes were not applied; the next bundle from that office "
                "offers them again (--accept-proposals accepts them).",
                proposed,
            ).format(count=proposed)
        )
    return 0


def bundle_command(args: argparse.Namespace) -> int:
    if args.bundle_command == "export":
        return _export(args)
    return _import(args)
