"""The guide's Model Action Plan as the guide writes it: nine steps in two phases, in the app.

The wizard's nine pages (``core.plan.STEPS``) are the app's own way through Phase 1; they are not
the guide's nine steps. Phase 1 of the guide (steps 1-6) prepares the contribution and maps to
wizard pages; Phase 2 (steps 7-9) happens after the submission and has screens of its own (the
pledge, engagement, public messages) plus the follow-up of recommendations the guide asks for
("begin the process of monitoring the progress your government is making"). The wizard's pages
1 (organization), 8 (safety check) and 9 (export) are the app's supporting steps.

Everything is computed from the dossier each time it is asked for, like ``core.plan.missing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from untoc_desktop.core import plan
from untoc_desktop.core.deadlines import Deadline, parse_date
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import N_, _
from untoc_desktop.store import dossiers, phase2
from untoc_desktop.store.workspace import Workspace

#: Days the government is given to answer the pledge when no date was set for it.
DEFAULT_PLEDGE_ANSWER_DAYS = 30

#: Where a Phase 2 step is done: a screen reachable from the dossier page.
SCREENS: dict[str, str] = {
    "pledge": N_("Pledge"),
    "engagement": N_("Engagement"),
    "public": N_("Public messages"),
    "followup": N_("Follow-up of recommendations"),
}


@dataclass(frozen=True)
class GuideStep:
    number: int
    phase: int
    title: str  # untranslated
    app_steps: tuple[int, ...]  # wizard pages where it is done
    screens: tuple[str, ...] = ()  # Phase 2 screens where it is done


GUIDE_STEPS: tuple[GuideStep, ...] = (
    GuideStep(1, 1, N_("Find out when the State is reviewed"), (2,)),
    GuideStep(2, 1, N_("Find the focal point and write to them"), (3,)),
    GuideStep(3, 1, N_("Understand the review and choose your focus"), (4,)),
    GuideStep(4, 1, N_("Gather evidence and analysis"), (5,)),
    GuideStep(5, 1, N_("Find others to work with"), (6,)),
    GuideStep(6, 1, N_("Write recommendations that can be followed up"), (7,)),
    GuideStep(7, 2, N_("Ask the government to sign the transparency pledge"), (9,), ("pledge",)),
    GuideStep(8, 2, N_("Engage the focal point and other stakeholders"), (), ("engagement",)),
    GuideStep(9, 2, N_("Deliver the messages publicly"), (), ("public", "followup")),
)

#: The wizard's pages that are the app's own, supporting the guide's plan.
APP_SUPPORTING_STEPS: tuple[int, ...] = (1, 8, 9)

#: A guide step's state.
NOT_STARTED, STARTED, DONE = "not_started", "started", "done"
STATE_LABELS: dict[str, str] = {
    NOT_STARTED: N_("not started"),
    STARTED: N_("under way"),
    DONE: N_("done"),
}


def app_step_title(number: int) -> str:
    """The wizard page's untranslated title."""
    return next(s.title for s in plan.STEPS if s.number == number)


def where_done(step: GuideStep) -> str:
    """Where in the app a guide step is done, translated: "Step 3, Focal point; Pledge"."""
    places = [
        _("Step {number}, {title}").format(number=n, title=_(app_step_title(n)))
        for n in step.app_steps
    ]
    places += [_(SCREENS[key]) for key in step.screens]
    return " · ".join(places)


def states(ws: Workspace, dossier_id: str) -> dict[int, str]:
    """Each guide step's state for the dossier."""
    items = plan.missing(ws, dossier_id)
    dossier = ws.dossier(dossier_id) or {}

    def wizard(step: int, started: bool) -> str:
        if plan.step_complete(items, step):
            return DONE
        return STARTED if started else NOT_STARTED

    out = {
        1: DONE if dossier.get("country") else NOT_STARTED,
        2: wizard(3, dossiers.has_child(ws, "engagement_log", dossier_id)),
        3: wizard(4, bool(dossier.get("instruments") or dossier.get("cluster"))),
        4: wizard(5, dossiers.has_child(ws, "findings", dossier_id)),
        5: DONE if dossiers.has_child_with_content(ws, "partners", dossier_id) else NOT_STARTED,
        6: wizard(7, dossiers.has_child(ws, "findings", dossier_id, kind="recommendation")),
    }
    pledge = phase2.pledge_if_any(ws, dossier_id)
    if pledge is None or not (pledge["sent_on"] or pledge["answer"] != "none"):
        out[7] = NOT_STARTED
    else:
        out[7] = DONE if pledge["answer"] != "none" else STARTED
    people = phase2.live_stakeholders(ws, dossier_id)
    with_outcome = any(c["outcome"].strip() for c in phase2.contacts(ws, dossier_id))
    out[8] = DONE if people and with_outcome else (STARTED if people else NOT_STARTED)
    published = phase2.PUBLIC_MESSAGES.list(ws, dossier_id)
    followed = bool(phase2.histories(ws, dossier_id))
    out[9] = DONE if published else (STARTED if followed else NOT_STARTED)
    return out


def phase_progress(ws: Workspace, dossier_id: str) -> dict[int, tuple[int, int]]:
    """phase -> (steps done, steps in the phase)."""
    done = states(ws, dossier_id)
    out: dict[int, tuple[int, int]] = {}
    for step in GUIDE_STEPS:
        finished, total = out.get(step.phase, (0, 0))
        out[step.phase] = (finished + (done[step.number] == DONE), total + 1)
    return out


# ------------------------------------------------------------------------------ reminders
def _date_or_none(text: str) -> date | None:
    try:
        return parse_date(text) if text.strip() else None
    except UserError:
        return None


def pledge_answer_due(ws: Workspace, dossier_id: str) -> date | None:
    """When the government's answer to the pledge is expected: the date set for it, or
    ``DEFAULT_PLEDGE_ANSWER_DAYS`` after it was sent; None once answered or before it is sent."""
    pledge = phase2.pledge_if_any(ws, dossier_id)
    if pledge is None or pledge["answer"] != "none":
        return None
    due = _date_or_none(pledge["answer_due"])
    if due is not None:
        return due
    sent = _date_or_none(pledge["sent_on"])
    return sent + timedelta(days=DEFAULT_PLEDGE_ANSWER_DAYS) if sent else None


def reminders(ws: Workspace, dossier_id: str, today: date | None = None) -> list[Deadline]:
    """Phase 2's open reminders, soonest first: the pledge's answer and every next action not
    done yet (overdue ones have negative ``days_left``)."""
    today = today or date.today()
    out: list[Deadline] = []
    due = pledge_answer_due(ws, dossier_id)
    if due is not None:
        pledge = phase2.pledge(ws, dossier_id)
        out.append(
            Deadline(
                due,
                "pledge_answer",
                _("The government's answer to the pledge"),
                (due - today).days,
                "pledges",
                pledge["id"],
            )
        )
    names = phase2.stakeholder_names(ws, dossier_id)
    for row in phase2.open_next_actions(ws, dossier_id):
        when = _date_or_none(row["follow_up"])
        if when is None:
            continue
        action = row["next_action"].strip() or row["summary"].strip() or row["channel"].strip()
        who = names.get(row["stakeholder_id"], "")
        title = _("{action} ({who})").format(action=action, who=who) if who else action
        out.append(
            Deadline(when, "next_action", title, (when - today).days, "engagement_log", row["id"])
        )
    out.sort(key=lambda d: (d.when, d.title))
    return out


def overdue(ws: Workspace, dossier_id: str, today: date | None = None) -> list[Deadline]:
    return [d for d in reminders(ws, dossier_id, today) if d.overdue]
