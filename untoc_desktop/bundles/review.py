"""What the user reviews after imports: conflict copies to restore, partner offices to trust.

Conflict copies and partner offices are this office's own notes: they do not travel in bundles.
Restoring a conflict copy is an ordinary edit made now, so it wins the next merge everywhere.
"""

from __future__ import annotations

from typing import Any

from untoc_desktop.bundles.importer import Proposal
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, NP_, _
from untoc_desktop.store import partners, sync
from untoc_desktop.store.partners import PartnerOffice
from untoc_desktop.store.sync import Conflict
from untoc_desktop.store.workspace import Workspace

__all__ = [
    "Conflict",
    "FIELD_NAMES",
    "PartnerOffice",
    "Proposal",
    "TABLE_NAMES",
    "conflicts",
    "current_version",
    "dismiss_conflict",
    "field_name",
    "forget_office",
    "partner_offices",
    "proposal_heading",
    "proposal_lines",
    "refusal_text",
    "restore_conflict",
    "set_trusted",
    "shown_value",
]

#: What a record of each table is called when the user is told about it (conflicts, refusals).
TABLE_NAMES = {
    "organizations": N_("Organization"),
    "dossiers": N_("Dossier"),
    "focal_points": N_("Focal point"),
    "dossier_articles": N_("Article selection"),
    "findings": N_("Finding"),
    "evidence": NP_("one record", "Evidence"),
    "finding_evidence": N_("Evidence link"),
    "partners": N_("Partner"),
    "engagement_log": NP_("one record", "Engagement"),
    "milestones": N_("Milestone"),
    "state_corrections": N_("State correction"),
    "declaration_sections": N_("Declaration section"),
    "signatories": N_("Signatory"),
    "pledges": N_("Pledge"),
    "pledge_commitments": N_("Pledge commitment"),
    "stakeholders": N_("Stakeholder"),
    "public_messages": N_("Public message"),
    "recommendation_status": N_("Recommendation status"),
}


#: What a column is called when a proposal shows what it would change; others show their name.
FIELD_NAMES = {
    "title": N_("Title"),
    "text": N_("Text"),
    "kind": N_("Kind"),
    "name": N_("Name"),
    "acronym": N_("Acronym"),
    "country": N_("Country"),
    "address": N_("Address"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "website": N_("Website"),
    "role": N_("Role"),
    "ministry": N_("Ministry"),
    "position": N_("Order in the list"),  # a focal point's ``position`` is its job: below
    "description": N_("Description"),
    "source": N_("Source"),
    "date": N_("Date"),
    "summary": N_("Summary"),
    "follow_up": N_("Follow-up"),
    "sensitive": N_("Sensitive"),
    "executive_summary": N_("Executive summary"),
    "instrument": N_("Instrument"),
    "article": N_("Article"),
    "focus_issues": N_("Issues you work on"),
    "signatory_name": N_("Signatory"),
    "signatory_title": N_("Signatory's title"),
}


def field_name(column: str, table: str = "") -> str:
    if table == "focal_points" and column == "position":
        return _("Focal point's position")
    return _(FIELD_NAMES[column]) if column in FIELD_NAMES else column


def proposal_heading(proposal: Proposal) -> str:
    """Whose proposal, to which record: the line above its changes."""
    office = proposal.author_name or proposal.author
    kind = _(TABLE_NAMES.get(proposal.table, proposal.table)).lower()
    label = (
        shown_value(" ".join(proposal.label.split()), 60) if proposal.label else proposal.record_id
    )
    if proposal.deletes:
        text = _("{office} proposes to move this {kind} to the trash: “{label}”")
    elif proposal.restores:
        text = _("{office} proposes to restore this {kind} from the trash: “{label}”")
    else:
        text = _("{office} proposes to change this {kind}: “{label}”")
    return text.format(office=office, kind=kind, label=label)


def shown_value(value: Any, limit: int = 0) -> str:
    """A field's value as the user reads it; cut after ``limit`` characters when one is given."""
    if value is None or value == "":
        return _("(empty)")
    text = str(value)
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def proposal_lines(proposal: Proposal, limit: int = 160) -> list[str]:
    """Each field a proposal would change: this workspace's value, then the proposed one."""
    return [
        _("{field}: here {mine} / proposed {theirs}").format(
            field=field_name(column, proposal.table),
            mine=f"“{shown_value(mine, limit)}”",
            theirs=f"“{shown_value(theirs, limit)}”",
        )
        for column, mine, theirs in proposal.changes
        if column != "deleted_at"
    ]


def refusal_text(table: str, record_id: str, author: str, reason: str) -> str:
    """One refused version, as the import preview and the command line show it."""
    return _("{kind} {id} (written, it says, by office {office}): {reason}").format(
        kind=_(TABLE_NAMES.get(table, table)), id=record_id, office=author, reason=reason
    )


_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "office_id", "deleted_at"})


def conflicts(ws: Workspace, *, include_resolved: bool = False) -> list[Conflict]:
    return sync.conflicts(ws, include_resolved=include_resolved)


def current_version(ws: Workspace, item: Conflict) -> dict[str, Any] | None:
    """The record a conflict copy belongs to, as stored now (to show what differs)."""
    return sync.stored_row(ws, item.table, item.record_id)


def _conflict(ws: Workspace, conflict_id: str) -> Conflict:
    for item in conflicts(ws, include_resolved=True):
        if item.id == conflict_id:
            return item
    raise UserError(_("There is no conflict copy with the id {id}.").format(id=conflict_id))


def restore_conflict(ws: Workspace, conflict_id: str) -> None:
    """Make the kept version current again (as a new edit by this office) and mark it resolved."""
    item = _conflict(ws, conflict_id)
    current = ws.get(item.table, item.record_id)
    if current is None:
        raise UserError(_("The record this conflict copy belongs to no longer exists."))
    fields = {
        k: v
        for k, v in item.record.items()
        if k not in _BOOKKEEPING and k in ws.columns(item.table)
    }
    with ws.transaction():
        ws.update(item.table, item.record_id, **fields)
        if item.record.get("deleted_at") and not current["deleted_at"]:
            ws.delete(item.table, item.record_id)
        elif not item.record.get("deleted_at") and current["deleted_at"]:
            ws.restore(item.table, item.record_id)
        sync.mark_resolved(ws, conflict_id)


def dismiss_conflict(ws: Workspace, conflict_id: str) -> None:
    """Keep the merged version; the copy stays in the history as resolved."""
    _conflict(ws, conflict_id)
    sync.mark_resolved(ws, conflict_id)


def partner_offices(ws: Workspace) -> list[PartnerOffice]:
    return partners.partner_offices(ws)


def set_trusted(ws: Workspace, office_id: str, trusted: bool) -> None:
    """Make an office a trusted co-editor (its changes to others' records merge without asking),
    after the user compared its fingerprint another way (by phone, in person); or withdraw it."""
    if not partners.set_trusted(ws, office_id, trusted):
        raise UserError(_("There is no partner office with the id {id}.").format(id=office_id))


def forget_office(ws: Workspace, office_id: str) -> None:
    """Forget an office's key, e.g. after it really changed keys; its next bundle is a first use."""
    partners.forget(ws, office_id)
