"""``untoc-desktop bundle export|import``: the headless face of bundles, for scripts and tests.

Import prints who signed the bundle and the key's fingerprint. An office seen for the first time is
recorded and trusted on first use (compare the fingerprint by phone, and review the partner list in
the application); a known office presenting another key is refused: the command line never accepts
a changed key, the application asks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from untoc_desktop.bundles.container import PassphraseError
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import Preview, apply, known_keys, preview, read_bundle
from untoc_desktop.cli import open_workspace
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _, ngettext

MAX_PASSPHRASE_FILE = 64 * 1024


def read_passphrase(path: Path | None) -> str | None:
    """The first line of the passphrase file (a trailing newline is not part of the passphrase)."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(_("The passphrase file {path} is not UTF-8 text.").format(path=path)) from exc
    passphrase = text.splitlines()[0] if text.splitlines() else ""
    if len(data) > MAX_PASSPHRASE_FILE or not passphrase:
        raise UserError(_("The passphrase file {path} must hold one line: the passphrase.").format(path=path))
    return passphrase


def signer_line(prev: Preview) -> str:
    signer = prev.signer
    status = {
        "new": _("first bundle from this office: compare the fingerprint with them by phone"),
        "known": _("known office, same key as before"),
        "changed": _("KEY CHANGED since the last bundle from this office"),
    }[signer.status]
    return _("Signed by {name} (office {office}), key fingerprint {fingerprint}: {status}").format(
        name=signer.office_name or _("(no name)"), office=signer.office_id, fingerprint=signer.fingerprint,
        status=status,
    )


def preview_lines(prev: Preview) -> list[str]:
    lines = [signer_line(prev)]
    for dossier, counts in sorted(prev.per_dossier.items()):
        name = prev.titles.get(dossier) or (_("(untitled dossier)") if dossier else _("Organization and State data"))
        lines.append(
            _("{name}: {new} new, {changed} changed, {conflicting} conflicting, {unchanged} unchanged").format(
                name=name, new=counts.new, changed=counts.changed, conflicting=counts.conflicting,
                unchanged=counts.unchanged,
            )
        )
    lines.append(
        ngettext("{count} new attachment", "{count} new attachments", prev.new_attachments).format(
            count=prev.new_attachments
        )
    )
    return lines


def _export(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    with open_workspace(args) as ws:
        result = export_bundle(
            ws, args.out, args.dossier or None, passphrase,
            include_sensitive=bool(getattr(args, "include_sensitive", False)),
        )
    records = sum(result.counts.values())
    print(
        _("Wrote {path} ({size} KB, {encrypted}). Records: {records}; attachments: {attachments}.").format(
            path=result.path, records=records, attachments=result.attachments, size=result.size // 1024,
            encrypted=_("encrypted") if result.encrypted else _("not encrypted"),
        )
    )
    print(_("This office's key fingerprint: {fingerprint}").format(fingerprint=result.fingerprint))
    return 0


def _import(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    with open_workspace(args, create=False) as ws:
        try:
            bundle = read_bundle(args.bundle, passphrase, known_keys(ws), own_office_id=ws.office_id)
        except PassphraseError:
            if passphrase is None:
                raise UserError(
                    _("The bundle is encrypted: give its passphrase with --passphrase-file.")
                ) from None
            raise
        prev = preview(ws, bundle)
        for line in preview_lines(prev):
            print(line)
        if args.dry_run:
            print(_("Dry run: nothing was changed."))
            return 0
        result = apply(ws, bundle)
    print(
        ngettext(
            "Imported. {count} conflicting version was kept as a conflict copy.",
            "Imported. {count} conflicting versions were kept as conflict copies.",
            result.conflicts,
        ).format(count=result.conflicts)
    )
    return 0


def bundle_command(args: argparse.Namespace) -> int:
    if args.bundle_command == "export":
        return _export(args)
    return _import(args)
