"""Dates the user must not miss: milestones, the deadlines they imply, and engagement follow-ups.

The guide (Part 3) says organizations must confirm attendance at a constructive dialogue no later
than 15 days before it; a field office that learns the dialogue's date should see the registration
deadline at once, not compute it by hand across a month end. Everything here is computed from the
dossier's rows every time it is asked for, never stored, so it cannot drift from what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, _
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace

#: Organizations confirm attendance at a constructive dialogue at least this many days before it.
REGISTRATION_DAYS_BEFORE_DIALOGUE = 15

#: Milestone kinds, with the untranslated label shown for each.
MILESTONE_KINDS: dict[str, str] = {
    "dialogue": N_("Constructive dialogue"),
    "working_group": N_("Working group session"),
    "consultation": N_("National consultation"),
    "other": N_("Other"),
}


def parse_date(text: str) -> date:
    """Parse an ISO date (YYYY-MM-DD) typed by the user, or raise a translated ``UserError``."""
    value = text.strip()
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(
            _("“{text}” is not a date. Write it as year-month-day, for example 2026-03-05.").format(
                text=text
            )
        ) from None


def optional_date(text: str) -> date | None:
    """Like ``parse_date`` but an empty field means "no date" rather than an error."""
    return parse_date(text) if text.strip() else None


def registration_deadline(dialogue: date) -> date:
    """The last day to confirm attendance at a constructive dialogue held on ``dialogue``."""
    return dialogue - timedelta(days=REGISTRATION_DAYS_BEFORE_DIALOGUE)


@dataclass(frozen=True)
class Deadline:
    """One dated thing to do or attend, with the days left from ``today`` (negative when past)."""

    when: date
    kind: str  # "registration" | "milestone" | "follow_up"
    title: str  # already translated into the UI language
    days_left: int
    source_table: str
    source_id: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def deadlines(
    ws: Workspace, dossier_id: str, today: date | None = None, *, include_past: bool = False
) -> list[Deadline]:
    """Every dated milestone, registration deadline and open follow-up of a dossier, soonest first.

    Rows whose date cannot be read are skipped here (the table that holds them shows the error);
    a follow-up marked done is no longer a deadline.
    """
    today = today or date.today()
    out: list[Deadline] = []

    def add(when: date, kind: str, title: str, table: str, record_id: str) -> None:
        left = (when - today).days
        if include_past or left >= 0 or kind == "follow_up":
            out.append(Deadline(when, kind, title, left, table, record_id))

    for row in ws.children("milestones", dossier_id, order_by="date"):
        try:
            when = parse_date(row["date"])
        except UserError:
            continue
        label = _(MILESTONE_KINDS.get(row["kind"], MILESTONE_KINDS["other"]))
        title = row["title"].strip() or label
        add(when, "milestone", title, "milestones", row["id"])
        if row["kind"] == "dialogue":
            add(
                registration_deadline(when),
                "registration",
                _("Registration closes for: {title}").format(title=title),
                "milestones",
                row["id"],
            )
    dossier = ws.dossier(dossier_id) or {}
    if dossier.get("kind") == "dialogue_statement":
        dialogue: date | None
        try:
            dialogue = parse_date(dossier.get("dialogue_date") or "")
        except UserError:
            dialogue = None
        if dialogue is not None:
            title = dossier["title"].strip() or _("Constructive dialogue")
            add(dialogue, "milestone", title, "dossiers", dossier_id)
            add(
                registration_deadline(dialogue),
                "registration",
                _("Registration closes for: {title}").format(title=title),
                "dossiers",
                dossier_id,
            )
    for row in ws.children("engagement_log", dossier_id, order_by="date"):
        if row["done"] or not row["follow_up"].strip():
            continue
        try:
            when = parse_date(row["follow_up"])
        except UserError:
            continue
        summary = row["summary"].strip() or row["channel"].strip()
        add(
            when,
            "follow_up",
            _("Follow up: {summary}").format(summary=summary),
            "engagement_log",
            row["id"],
        )
    out.sort(key=lambda d: (d.when, d.kind))
    return out


def registration_reminders(ws: Workspace, today: date | None = None) -> list[Deadline]:
    """Registration deadlines of every constructive-dialogue statement still ahead (or due today).

    Each one's ``title`` is the statement's own title: the reminder bar says what closes.

    The main window shows these whatever dossier is open: a missed registration cannot be undone,
    the chair may even cancel a dialogue that too few organizations registered for.
    """
    today = today or date.today()
    out: list[Deadline] = []
    for row in dossiers.dialogue_statements(ws):
        try:
            dialogue = parse_date(row["dialogue_date"])
        except UserError:
            continue
        closes = registration_deadline(dialogue)
        left = (closes - today).days
        if left >= 0:
            title = row["title"].strip() or _("Constructive dialogue")
            out.append(Deadline(closes, "registration", title, left, "dossiers", row["id"]))
    out.sort(key=lambda d: (d.when, d.title))
    return out
