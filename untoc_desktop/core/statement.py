"""A written statement to a constructive dialogue (the guide's second entry point, Part 3).

The dialogues follow the sessions of the Conference's working groups. Organizations may send
written comments beforehand, within a length the secretariat sets, and must not mention any specific
country situation. The statement is built from what the organization already found: the user picks
findings and recommendations from any of its dossiers and they are inserted as paragraphs, which the
user then rewrites in general terms (``core.mentions`` points at every State still named).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from untoc_desktop.core.deadlines import optional_date, registration_deadline
from untoc_desktop.core.errors import UserError
from untoc_desktop.core.mentions import Mention, find_mentions
from untoc_desktop.i18n import LANGUAGES, N_, _
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Record, Workspace

KIND = "dialogue_statement"

#: The five working groups of the Conference whose sessions end with a constructive dialogue.
WORKING_GROUPS: dict[str, str] = {
    "technical_assistance": N_("Working Group on Technical Assistance"),
    "international_cooperation": N_("Working Group on International Cooperation"),
    "TIP": N_("Working Group on Trafficking in Persons"),
    "SOM": N_("Working Group on the Smuggling of Migrants"),
    "FIREARMS": N_("Working Group on Firearms"),
}

#: Finding kinds that can be turned into statement paragraphs, in the order they are offered.
SOURCE_KINDS: tuple[str, ...] = ("recommendation", "gap", "good_practice", "ta_need", "observation")
MAX_LIMIT = 20_000
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(text: str) -> int:
    """Words as a word processor counts them: "well-known" and "d'Ivoire" are one word each.

    The secretariat's limits are in words, and users check them in their word processor; counting
    the same way avoids a statement that fits here and is cut there.
    """
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class StatementCheck:
    """What the editor shows beside the text: length against the limit and every State mentioned."""

    words: int
    limit: int
    mentions: tuple[Mention, ...]

    @property
    def over_limit(self) -> int:
        return max(0, self.words - self.limit) if self.limit else 0


#: The statement's fields that reach the exported document and may not name a State.
EXPORTED_FIELDS: tuple[str, ...] = ("title", "statement_text")


def exported_mentions(row: Record) -> dict[str, list[Mention]]:
    """The State mentions in every field the document prints, the title included: the document
    says it refers to no specific country, so nothing it prints may."""
    return {name: find_mentions(str(row.get(name) or "")) for name in EXPORTED_FIELDS}


def check_text(text: str, limit: int) -> StatementCheck:
    return StatementCheck(word_count(text), limit, tuple(find_mentions(text)))


def validate(
    *,
    working_group: str | None = None,
    dialogue_date: str | None = None,
    statement_limit: int | str | None = None,
    language: str | None = None,
) -> dict[str, object]:
    """The fields as they will be stored, or a translated ``UserError`` naming the bad one."""
    fields: dict[str, object] = {}
    if working_group is not None:
        if working_group and working_group not in WORKING_GROUPS:
            raise UserError(_("Unknown working group “{name}”.").format(name=working_group))
        fields["working_group"] = working_group
    if dialogue_date is not None:
        when = optional_date(dialogue_date)
        fields["dialogue_date"] = when.isoformat() if when else ""
    if statement_limit is not None:
        try:
            limit = int(str(statement_limit).strip())
        except ValueError:
            raise UserError(_("The word limit must be a whole number, for example 500.")) from None
        if not 0 < limit <= MAX_LIMIT:
            raise UserError(_("The word limit must be between 1 and {max}.").format(max=MAX_LIMIT))
        fields["statement_limit"] = limit
    if language is not None:
        if language not in LANGUAGES:
            raise UserError(
                _("Unknown document language '{name}'. Choose en, fr or es.").format(name=language)
            )
        fields["language"] = language
    return fields


def create_statement(
    ws: Workspace,
    *,
    title: str,
    language: str = "en",
    working_group: str = "",
    dialogue_date: str = "",
    statement_limit: int | str = 500,
) -> str:
    """A new dialogue-statement dossier; nothing is written when a field is refused."""
    fields = validate(
        working_group=working_group,
        dialogue_date=dialogue_date,
        statement_limit=statement_limit,
        language=language,
    )
    return ws.create_dossier(title=title, kind=KIND, **fields)  # type: ignore[arg-type]


def save_fields(ws: Workspace, dossier_id: str, **changes: str | int) -> None:
    """Save the statement's settings after validating them all (all or nothing)."""
    text = changes.pop("statement_text", None)
    fields = validate(**changes)  # type: ignore[arg-type]
    if text is not None:
        fields["statement_text"] = str(text)
    ws.update("dossiers", dossier_id, **fields)


def statement(ws: Workspace, dossier_id: str) -> Record:
    row = ws.dossier(dossier_id)
    if row is None or row.get("deleted_at") or row.get("kind") != KIND:
        raise UserError(
            _("There is no constructive-dialogue statement with the id {id}.").format(id=dossier_id)
        )
    return row


def registration_closes(row: Record) -> date | None:
    """The last day to confirm attendance (15 days before the dialogue), when the date is known."""
    when = optional_date(row.get("dialogue_date") or "")
    return registration_deadline(when) if when else None


# ------------------------------------------------------------------------------------ sources
@dataclass(frozen=True)
class SourceItem:
    """A finding offered for insertion, with where it comes from so the user can choose."""

    finding_id: str
    dossier_id: str
    dossier_title: str
    kind: str
    text: str
    sensitive: bool


def source_items(ws: Workspace, *, kinds: tuple[str, ...] = SOURCE_KINDS) -> list[SourceItem]:
    """Findings of every submission dossier, grouped by kind then dossier:
    the statement's raw matter.

    Sensitive findings are offered too, marked, because the user may want to rewrite one in general
    terms; they are never inserted unless picked one by one (``insert_items``
    refuses them otherwise).
    """
    items = [
        SourceItem(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
        for r in dossiers.findings_of_submissions(ws, kinds)
    ]
    order = {kind: n for n, kind in enumerate(kinds)}
    return sorted(items, key=lambda item: order[item.kind])


def insert_items(
    ws: Workspace, dossier_id: str, finding_ids: list[str], *, allow_sensitive: bool = False
) -> str:
    """Append the chosen findings to the statement as paragraphs; returns the new text."""
    row = statement(ws, dossier_id)
    chosen = {item.finding_id: item for item in source_items(ws)}
    unknown = [fid for fid in finding_ids if fid not in chosen]
    if unknown:
        raise UserError(_("A chosen finding no longer exists; refresh the list and choose again."))
    if not allow_sensitive and any(chosen[fid].sensitive for fid in finding_ids):
        raise UserError(
            _("A chosen finding is marked sensitive. Confirm that it may go into the statement.")
        )
    paragraphs = [" ".join(chosen[fid].text.split()) for fid in finding_ids]
    text = "\n\n".join(p for p in (row["statement_text"].rstrip(), *paragraphs) if p)
    ws.update("dossiers", dossier_id, statement_text=text)
    return text
