"""Endorsing a joint declaration with the office's key, and checking partners' endorsements.

A partner office that received the declaration in a bundle records its endorsement here: its
signatory row gets the office's minisign signature over ``core.declaration.endorsement_message``.
The bundle it sends back carries that row; the coordinating office checks it against the key it
recorded for that office when the bundle was imported (``partner_offices``), so a signature made
with any other key (a forged endorsement, a row edited by hand) never shows as verified.
"""

from __future__ import annotations

from pathlib import Path

from untoc_desktop.bundles.keys import PublicKey, SignatureError, office_key
from untoc_desktop.core import declaration as decl
from untoc_desktop.core.timeutil import now
from untoc_desktop.i18n import _
from untoc_desktop.store import partners
from untoc_desktop.store.workspace import Record, Workspace


def endorse(ws: Workspace, signatory_id: str, *, agreed_how: str | None = None) -> None:
    """Sign the declaration's current text on behalf of ``signatory_id`` with this office's key."""
    row = ws.get("signatories", signatory_id)
    if row is None or row["deleted_at"]:
        from untoc_desktop.core.errors import UserError

        raise UserError(_("This signatory no longer exists."))
    digest = decl.text_hash(ws, row["dossier_id"])
    key = office_key(ws)
    signature = key.sign(
        decl.endorsement_message(row, digest),
        f"endorsement {row['id']} {digest}",
        "UNTOC Desktop declaration endorsement",
    )
    stamp = now()
    ws.update(
        "signatories",
        signatory_id,
        endorsed_hash=digest,
        endorsement_signature=signature,
        endorsed_office_id=ws.office_id,
        endorsed_key_id=key.key_id.hex(),
        endorsed_at=stamp,
        agreed_on=row["agreed_on"] or stamp[:10],
        agreed_how=agreed_how
        if agreed_how is not None
        else (row["agreed_how"] or _("Signed in UNTOC Desktop")),
    )


def _office_public_key(ws: Workspace, office_id: str) -> PublicKey | None:
    if office_id == ws.office_id:
        return office_key(ws).public
    found = partners.public_key(ws, office_id)
    if found is None:
        return None
    try:
        return PublicKey.from_minisign(found)
    except SignatureError:
        return None


def verify(ws: Workspace, signatory: Record) -> bool | None:
    """True when the endorsement is the named office's signature of this signatory and hash."""
    key = _office_public_key(ws, signatory["endorsed_office_id"])
    if key is None:
        return None
    message = decl.endorsement_message(signatory, signatory["endorsed_hash"])
    try:
        key.verify(message, signatory["endorsement_signature"])
    except SignatureError:
        return False
    return bool(key.key_id.hex() == signatory["endorsed_key_id"])


def endorsements(ws: Workspace, dossier_id: str) -> list[decl.Endorsement]:
    """Every signatory of the declaration with its endorsement state, in the printed order."""
    current = decl.text_hash(ws, dossier_id)
    return [
        decl.Endorsement(row, decl.endorsement_status(row, current, lambda r: verify(ws, r)))
        for row in decl.signatories(ws, dossier_id)
    ]


def to_ask_again(ws: Workspace, dossier_id: str) -> list[Record]:
    """Signatories whose signature is for an earlier text: the coordinator must ask them again."""
    return [e.signatory for e in endorsements(ws, dossier_id) if e.status == "needs_renewal"]


def send_for_endorsement(
    ws: Workspace, dossier_id: str, out: Path, *, passphrase: str | None = None
) -> Path:
    """A bundle holding the declaration (text, sections, signatories) for a partner office."""
    from untoc_desktop.bundles.export import export_bundle

    decl.declaration(ws, dossier_id)
    result = export_bundle(ws, out, [dossier_id], passphrase=passphrase)
    return result.path
