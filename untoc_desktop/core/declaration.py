"""A joint civil-society declaration (the plenary entry point): sections and signatories.

The seed declaration delivered to the 12th Conference shows the shape: a text in sections, then the
signatories, organizations first, then individuals. Signatures are collected offline: a partner
office receives the declaration in a bundle, records its endorsement and sends a bundle back. The
endorsement is that office's signature over the *hash of the text it read* (``text_hash``), kept
beside the signatory; when the coordinator changes the text afterwards, the hashes differ and the
signatory shows as needing to be asked again. The signing itself lives in
``bundles.endorsements`` (where the office keys are); this module only says what is signed.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from untoc_desktop.core.deadlines import optional_date
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.mentions import Mention, find_mentions
from untoc_desktop.i18n import N_, _
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Record, Workspace

KIND = "declaration"
SIGNATORY_KINDS: dict[str, str] = {
    "organization": N_("Organization"),
    "individual": N_("Individual"),
}
MESSAGE_PREFIX = b"UNTOC Desktop endorsement v1\n"

#: Endorsement states, with the label shown (translated where shown).
STATUSES: dict[str, str] = {
    "verified": N_("Signed and verified"),
    "needs_renewal": N_("Text changed after signing: ask again"),
    "recorded": N_("Agreed (recorded by hand, not signed)"),
    "unknown_office": N_("Signed by an office not known here"),
    "invalid": N_("Signature does not match: not verified"),
}


def declaration(ws: Workspace, dossier_id: str) -> Record:
    row = ws.dossier(dossier_id)
    if row is None or row.get("deleted_at") or row.get("kind") != KIND:
        raise UserError(_("There is no declaration with the id {id}.").format(id=dossier_id))
    return row


def create_declaration(ws: Workspace, *, title: str, language: str = "en") -> str:
    from untoc_desktop.core.statement import validate

    validate(language=language)
    return ws.create_dossier(title=title, language=language, kind=KIND)


# ------------------------------------------------------------------------------------ sections
def sections(ws: Workspace, dossier_id: str) -> list[Record]:
    return ws.children("declaration_sections", dossier_id)


def add_section(ws: Workspace, dossier_id: str, title: str = "", text: str = "") -> str:
    declaration(ws, dossier_id)
    return ws.insert(
        "declaration_sections",
        dossier_id=dossier_id,
        title=title,
        text=text,
        position=ws.next_position("declaration_sections", dossier_id),
    )


def move_section(ws: Workspace, section_id: str, offset: int) -> None:
    """Swap a section with its neighbour (``offset`` -1 up, +1 down); at an end nothing moves."""
    row = ws.get("declaration_sections", section_id)
    if row is None:
        return
    rows = sections(ws, row["dossier_id"])
    index = next(i for i, r in enumerate(rows) if r["id"] == section_id)
    other = index + offset
    if not 0 <= other < len(rows):
        return
    with ws.transaction():
        ws.update("declaration_sections", rows[index]["id"], position=rows[other]["position"])
        ws.update("declaration_sections", rows[other]["id"], position=rows[index]["position"])
        if rows[index]["position"] == rows[other]["position"]:
            ws.update(
                "declaration_sections", rows[other]["id"], position=rows[other]["position"] + 1
            )


def canonical_text(title: str, parts: list[tuple[str, str]]) -> bytes:
    """The declaration as signed: title and sections in order, Unicode-normalized, trimmed.

    NFC keeps an "é" typed on one keyboard equal to the same "é" typed on another, and trimming
    keeps a trailing space from invalidating every signature.
    """

    def norm(value: str) -> str:
        return unicodedata.normalize("NFC", value).strip().replace("\r\n", "\n")

    payload = {"title": norm(title), "sections": [[norm(t), norm(x)] for t, x in parts]}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def text_hash(ws: Workspace, dossier_id: str) -> str:
    """SHA-256 (hex) of the declaration's current text: what an endorsement vouches for."""
    row = declaration(ws, dossier_id)
    parts = [(s["title"], s["text"]) for s in sections(ws, dossier_id)]
    return hashlib.sha256(canonical_text(row["title"], parts)).hexdigest()


# ------------------------------------------------------------------------------------ mentions
@dataclass(frozen=True)
class FieldMentions:
    """The States named in one exported field: ``field`` is ``title``, ``section_title``,
    ``section_text`` or ``signatory_name``; ``where`` is the section's number (from 1) or the
    signatory's name, empty for the title."""

    field: str
    where: str
    mentions: tuple[Mention, ...]

    @property
    def names(self) -> str:
        return ", ".join(dict.fromkeys(m.text for m in self.mentions))


def mentions_in(
    title: str, section_rows: list[Record], signatory_rows: list[Record]
) -> list[FieldMentions]:
    """Every field the document prints, checked as a dialogue statement's are
    (``core.statement.exported_mentions``): the title, each section's title and text, each
    signatory's name. A signatory's country is printed by design (the signatory list of the
    declaration to the 12th Conference names it) and is not a mention."""
    fields = [("title", "", title)]
    for number, section in enumerate(section_rows, start=1):
        fields.append(("section_title", str(number), str(section.get("title") or "")))
        fields.append(("section_text", str(number), str(section.get("text") or "")))
    for row in signatory_rows:
        name = str(row.get("name") or "").strip()
        fields.append(("signatory_name", name, name))
    return [FieldMentions(f, where, tuple(find_mentions(text))) for f, where, text in fields]


def exported_mentions(ws: Workspace, dossier_id: str) -> list[FieldMentions]:
    """:func:`mentions_in` for the declaration as stored (sensitive signatories included)."""
    row = declaration(ws, dossier_id)
    return mentions_in(row["title"], sections(ws, dossier_id), signatories(ws, dossier_id))


# ------------------------------------------------------------------------------------ signatories
def signatories(ws: Workspace, dossier_id: str, *, include_sensitive: bool = True) -> list[Record]:
    """Organizations first, then individuals, each in the order they were added
    (the seed's order)."""
    rows = dossiers.signatories_in_order(ws, dossier_id)
    return [r for r in rows if include_sensitive or not r["sensitive"]]


def check_signatory(
    *,
    kind: str | None = None,
    name: str | None = None,
    country: str | None = None,
    agreed_on: str | None = None,
) -> dict[str, object]:
    """The signatory fields as stored, or a translated ``UserError``; unchecked
    fields pass as given."""
    from untoc_desktop.core.reference import load

    fields: dict[str, object] = {}
    if kind is not None:
        if kind not in SIGNATORY_KINDS:
            raise UserError(_("A signatory is an organization or an individual."))
        fields["kind"] = kind
    if name is not None:
        if not name.strip():
            raise UserError(_("A signatory needs a name."))
        fields["name"] = name.strip()
    if country is not None:
        code = country.strip().upper()
        if code:
            try:
                load().state(code)
            except KeyError:
                raise UserError(
                    _("“{code}” is not a known country code.").format(code=country)
                ) from None
        fields["country"] = code
    if agreed_on is not None:
        when = optional_date(agreed_on)
        fields["agreed_on"] = when.isoformat() if when else ""
    return fields


def add_signatory(
    ws: Workspace,
    dossier_id: str,
    *,
    kind: str,
    name: str,
    country: str = "",
    agreed_on: str = "",
    agreed_how: str = "",
    sensitive: bool = False,
) -> str:
    declaration(ws, dossier_id)
    fields = check_signatory(kind=kind, name=name, country=country, agreed_on=agreed_on)
    return ws.insert(
        "signatories",
        dossier_id=dossier_id,
        agreed_how=agreed_how.strip(),
        sensitive=sensitive,
        position=ws.next_position("signatories", dossier_id),
        **fields,
    )


def endorsement_message(signatory: Record, digest: str) -> bytes:
    """The bytes an office signs: who endorses which declaration, and the hash of its text.

    The signatory's name, kind and country are part of it so a signature cannot be moved to another
    signatory, nor a name changed after signing without the signature failing.
    """
    payload = {
        "declaration": signatory["dossier_id"],
        "signatory": signatory["id"],
        "kind": signatory["kind"],
        "name": unicodedata.normalize("NFC", signatory["name"].strip()),
        "country": signatory["country"],
        "text_sha256": digest,
    }
    return MESSAGE_PREFIX + json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class Endorsement:
    signatory: Record
    status: str  # a key of STATUSES

    @property
    def label(self) -> str:
        return _(STATUSES[self.status])


#: Checks a signed signatory row; True when the signature is the named office's, None when that
#: office's key is unknown here, False when it does not match (forged or altered).
Verifier = Callable[[Record], bool | None]


def endorsement_status(signatory: Record, current_hash: str, verify: Verifier) -> str:
    """One signatory's state. A forged signature never reads as verified, whatever its hash."""
    if not signatory["endorsement_signature"]:
        return "recorded"
    valid = verify(signatory)
    if valid is None:
        return "unknown_office"
    if not valid:
        return "invalid"
    return "verified" if signatory["endorsed_hash"] == current_hash else "needs_renewal"
