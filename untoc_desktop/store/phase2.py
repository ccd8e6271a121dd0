"""The guide's Phase 2 records: the pledge, stakeholders and contacts, public messages, follow-up.

Phase 1 of the Model Action Plan ends with the submission; Phase 2 (steps 7-9) asks the
organization to get the government to sign the transparency pledge, to engage the focal point and
other stakeholders, and to deliver its messages publicly, then to follow up on what the State does
with the recommendations. These are the named operations the interface, the documents and the demo
use; like ``dossiers.py``, nothing above the store names a table or a column of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from untoc_desktop.store.dossiers import Collection
from untoc_desktop.store.workspace import Record, Workspace

#: The government's answer to the pledge.
PLEDGE_ANSWERS: tuple[str, ...] = ("none", "signed", "declined")
#: The pledge's fields the pledge screen edits (the signed copy is set by ``attach_signed_pledge``).
PLEDGE_FIELDS: frozenset[str] = frozenset(
    {
        "sent_on",
        "sent_to",
        "sent_how",
        "answer_due",
        "answer",
        "answer_on",
        "published_where",
        "published_on",
        "note",
    }
)
#: Commitments tracked: 1-4 are the pledge's numbered commitments, 5 the publication of the
#: self-assessment responses the pledge's last paragraph promises.
COMMITMENTS: tuple[int, ...] = (1, 2, 3, 4, 5)
COMMITMENT_STATUSES: tuple[str, ...] = ("kept", "not_yet", "broken")
STAKEHOLDER_KINDS: tuple[str, ...] = (
    "focal_point",
    "ministry",
    "parliament",
    "cso",
    "media",
    "unodc",
    "partner",
    "other",
)
MESSAGE_KINDS: tuple[str, ...] = (
    "public_summary",
    "press_release",
    "social",
    "interview",
    "event",
    "other",
)
#: A recommendation's follow-up, in the order the review usually moves.
RECOMMENDATION_STATUSES: tuple[str, ...] = (
    "raised",
    "self_assessment",
    "observations",
    "implemented",
    "not_implemented",
    "carried_over",
)

COMMITMENT_HISTORY = Collection("pledge_commitments", "commitment, date, created_at")
STAKEHOLDERS = Collection("stakeholders", "created_at")
PUBLIC_MESSAGES = Collection("public_messages", "date, created_at")
#: Its rows hang from a recommendation: list them with ``recommendation_history``.
RECOMMENDATION_STATUS = Collection("recommendation_status", "date, created_at")


# ------------------------------------------------------------------------------ step 7: the pledge
def pledge(ws: Workspace, dossier_id: str) -> Record:
    """The dossier's pledge record, created empty on first use (one per dossier)."""
    rows = ws.rows("pledges", "dossier_id = ?", (dossier_id,), include_deleted=True)
    if rows:
        return rows[0]
    ws.insert("pledges", dossier_id=dossier_id)
    return ws.rows("pledges", "dossier_id = ?", (dossier_id,))[0]


def pledge_if_any(ws: Workspace, dossier_id: str) -> Record | None:
    """The dossier's pledge record if one was ever written (reading never creates it)."""
    rows = ws.rows("pledges", "dossier_id = ?", (dossier_id,))
    return rows[0] if rows else None


def set_pledge_field(ws: Workspace, dossier_id: str, field: str, value: Any) -> None:
    """One of ``PLEDGE_FIELDS``; an unknown answer is refused here rather than by SQLite."""
    if field not in PLEDGE_FIELDS:
        raise ValueError(f"not a pledge field: {field}")
    if field == "answer" and value not in PLEDGE_ANSWERS:
        raise ValueError(f"not a pledge answer: {value}")
    ws.update("pledges", pledge(ws, dossier_id)["id"], **{field: value})


def set_pledge_sent(ws: Workspace, dossier_id: str, on: str, to: str, how: str = "") -> None:
    with ws.transaction():
        ws.update("pledges", pledge(ws, dossier_id)["id"], sent_on=on, sent_to=to, sent_how=how)


def set_pledge_answer(ws: Workspace, dossier_id: str, answer: str, on: str = "") -> None:
    if answer not in PLEDGE_ANSWERS:
        raise ValueError(f"not a pledge answer: {answer}")
    with ws.transaction():
        ws.update("pledges", pledge(ws, dossier_id)["id"], answer=answer, answer_on=on)


def set_pledge_published(ws: Workspace, dossier_id: str, where: str, on: str = "") -> None:
    with ws.transaction():
        ws.update("pledges", pledge(ws, dossier_id)["id"], published_where=where, published_on=on)


def attach_signed_pledge(ws: Workspace, dossier_id: str, sha256: str | None, name: str) -> None:
    """The signed copy (an attachment already stored by ``ws.add_attachment``), or None."""
    with ws.transaction():
        ws.update(
            "pledges",
            pledge(ws, dossier_id)["id"],
            signed_copy_sha256=sha256,
            signed_copy_name=name if sha256 else "",
        )


def add_commitment_status(
    ws: Workspace, dossier_id: str, commitment: int, status: str, date: str, evidence: str = ""
) -> str:
    if commitment not in COMMITMENTS or status not in COMMITMENT_STATUSES:
        raise ValueError(f"commitment {commitment}, status {status}")
    return COMMITMENT_HISTORY.add(
        ws, dossier_id, commitment=commitment, status=status, date=date, evidence=evidence
    )


def commitment_history(
    ws: Workspace, dossier_id: str, commitment: int | None = None
) -> list[Record]:
    """Every observation of the pledge's commitments (of one, if given), oldest first."""
    if commitment is None:
        return COMMITMENT_HISTORY.list(ws, dossier_id)
    return ws.rows(
        "pledge_commitments",
        "dossier_id = ? AND commitment = ?",
        (dossier_id, commitment),
        order_by="date, created_at",
    )


def commitment_latest(ws: Workspace, dossier_id: str) -> dict[int, Record]:
    """Each commitment's latest observation (by date, then by when it was recorded)."""
    latest: dict[int, Record] = {}
    for row in ws.rows(
        "pledge_commitments", "dossier_id = ?", (dossier_id,), order_by="date, created_at"
    ):
        latest[row["commitment"]] = row
    return latest


# ------------------------------------------------------------------------------ step 8: engagement
def stakeholder_names(ws: Workspace, dossier_id: str) -> dict[str, str]:
    """id -> name (or organization) of the dossier's stakeholders, trashed ones included: a log
    entry keeps showing who it was with."""
    rows = ws.rows("stakeholders", "dossier_id = ?", (dossier_id,), include_deleted=True)
    return {r["id"]: (r["name"].strip() or r["organization"].strip()) for r in rows}


def live_stakeholders(ws: Workspace, dossier_id: str) -> list[Record]:
    return STAKEHOLDERS.list(ws, dossier_id)


def contacts(ws: Workspace, dossier_id: str, stakeholder_id: str | None = None) -> list[Record]:
    """The engagement log (every contact), of one stakeholder if given, oldest first."""
    if stakeholder_id is None:
        return ws.children("engagement_log", dossier_id, order_by="date, created_at")
    return ws.rows(
        "engagement_log",
        "dossier_id = ? AND stakeholder_id = ?",
        (dossier_id, stakeholder_id),
        order_by="date, created_at",
    )


def add_contact(
    ws: Workspace,
    dossier_id: str,
    *,
    date: str,
    stakeholder_id: str = "",
    channel: str = "",
    summary: str = "",
    outcome: str = "",
    next_action: str = "",
    due: str = "",
) -> str:
    """A contact in the engagement log; ``due`` is when the next action falls due (the log's
    ``follow_up`` date, which the dossier page's reminders already read)."""
    return ws.insert(
        "engagement_log",
        dossier_id=dossier_id,
        date=date,
        stakeholder_id=stakeholder_id,
        channel=channel,
        summary=summary,
        outcome=outcome,
        next_action=next_action,
        follow_up=due,
    )


def open_next_actions(ws: Workspace, dossier_id: str) -> list[Record]:
    """Contacts with a next action or a follow-up date not yet done, soonest due first (undated
    last)."""
    return ws.rows(
        "engagement_log",
        "dossier_id = ? AND done = 0 AND (trim(next_action) != '' OR trim(follow_up) != '')",
        (dossier_id,),
        order_by="CASE WHEN trim(follow_up) = '' THEN 1 ELSE 0 END, follow_up, date",
    )


# ------------------------------------------------------------------------------ step 9: in public
def add_public_message(
    ws: Workspace, dossier_id: str, kind: str, date: str, outlet: str = "", link: str = ""
) -> str:
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"not a kind of public message: {kind}")
    return PUBLIC_MESSAGES.add(ws, dossier_id, kind=kind, date=date, outlet=outlet, link=link)


# ------------------------------------------------------------------------------ follow-up
def recommendation_history(ws: Workspace, finding_id: str) -> list[Record]:
    """One recommendation's follow-up, oldest first."""
    return ws.rows(
        "recommendation_status", "finding_id = ?", (finding_id,), order_by="date, created_at"
    )


def add_recommendation_status(
    ws: Workspace,
    finding_id: str,
    status: str,
    date: str,
    evidence: str = "",
) -> str:
    if status not in RECOMMENDATION_STATUSES:
        raise ValueError(f"not a follow-up status: {status}")
    finding = ws.get("findings", finding_id)
    if finding is None or finding["kind"] != "recommendation":
        raise KeyError(finding_id)
    return ws.insert(
        "recommendation_status",
        dossier_id=finding["dossier_id"],
        finding_id=finding_id,
        status=status,
        date=date,
        evidence=evidence,
    )


def attach_recommendation_evidence(
    ws: Workspace, status_id: str, sha256: str | None, name: str
) -> None:
    """A file behind one follow-up status (stored first by ``ws.add_attachment``), or None."""
    ws.update(
        "recommendation_status",
        status_id,
        evidence_sha256=sha256,
        evidence_name=name if sha256 else "",
    )


def attach_commitment_evidence(
    ws: Workspace, status_id: str, sha256: str | None, name: str
) -> None:
    ws.update(
        "pledge_commitments",
        status_id,
        evidence_sha256=sha256,
        evidence_name=name if sha256 else "",
    )


def histories(ws: Workspace, dossier_id: str) -> dict[str, list[Record]]:
    """finding id -> its follow-up, oldest first, for every recommendation of the dossier."""
    out: dict[str, list[Record]] = {}
    for row in ws.rows(
        "recommendation_status", "dossier_id = ?", (dossier_id,), order_by="date, created_at"
    ):
        out.setdefault(row["finding_id"], []).append(row)
    return out


def latest_statuses(ws: Workspace, dossier_id: str) -> dict[str, Record]:
    """finding id -> its latest follow-up status."""
    return {fid: rows[-1] for fid, rows in histories(ws, dossier_id).items() if rows}


def carry_recommendations(
    ws: Workspace,
    source_dossier_id: str,
    target_dossier_id: str,
    finding_ids: Sequence[str],
    date: str,
    note: str = "",
) -> list[str]:
    """Copy recommendations into another dossier (the next cluster's), in one transaction: each
    gets a new recommendation there, and a "carried over" entry in its own history naming where
    it went (``note``). Returns the new recommendations' ids."""
    target = ws.dossier(target_dossier_id)
    if target is None or target_dossier_id == source_dossier_id:
        raise KeyError(target_dossier_id)
    new_ids: list[str] = []
    with ws.transaction():
        for finding_id in finding_ids:
            finding = ws.get("findings", finding_id)
            if (
                finding is None
                or finding["dossier_id"] != source_dossier_id
                or finding["kind"] != "recommendation"
            ):
                raise KeyError(finding_id)
            new_ids.append(
                ws.insert(
                    "findings",
                    dossier_id=target_dossier_id,
                    kind="recommendation",
                    text=finding["text"],
                    sensitive=finding["sensitive"],
                    instrument=finding["instrument"],
                    article=finding["article"],
                    position=ws.next_position("findings", target_dossier_id),
                )
            )
            add_recommendation_status(ws, finding_id, "carried_over", date, note)
    return new_ids
