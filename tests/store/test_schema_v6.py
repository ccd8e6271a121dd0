"""Schema version 6 (the guide's Phase 2) applied to a file left at version 5, and its store."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from untoc_desktop.bundles import format as fmt
from untoc_desktop.core import action_plan
from untoc_desktop.store import phase2
from untoc_desktop.store.schema import (
    DOSSIER_CHILD_TABLES,
    RECORD_TABLES,
    SCHEMA_VERSION,
    migrate,
    user_version,
)
from untoc_desktop.store.workspace import Workspace

NEW_TABLES = ("pledges", "pledge_commitments", "stakeholders", "public_messages")


def test_version_5_file_migrates_to_6_and_its_log_keeps_every_entry(ws_path) -> None:
    conn = sqlite3.connect(ws_path)
    assert migrate(conn, target=5) == [1, 2, 3, 4, 5]
    conn.executescript(
        "INSERT INTO dossiers (id, created_at, updated_at, office_id, title) "
        "VALUES ('d1', 't', 't', 'o', 'Kept');"
        "INSERT INTO engagement_log (id, created_at, updated_at, office_id, dossier_id, date, "
        "channel, summary, follow_up) VALUES ('l1', 't', 't', 'o', 'd1', '2026-01-05', 'Letter', "
        "'Letter sent', '2026-02-01');"
    )
    conn.commit()
    conn.close()

    with Workspace.open(ws_path) as ws:
        assert user_version(ws.conn) == SCHEMA_VERSION  # 6, and what came after
        [entry] = phase2.contacts(ws, "d1")
        assert (entry["summary"], entry["follow_up"]) == ("Letter sent", "2026-02-01")
        assert (entry["stakeholder_id"], entry["outcome"], entry["next_action"]) == ("", "", "")
        assert phase2.pledge_if_any(ws, "d1") is None
        assert phase2.pledge(ws, "d1")["answer"] == "none"


def test_new_tables_are_registered_for_bundles() -> None:
    for table in (*NEW_TABLES, "recommendation_status"):
        assert table in RECORD_TABLES and table in fmt.MERGE_ORDER
        assert fmt.PARENTS[table][0] == ("dossier_id", "dossiers")
    for table in NEW_TABLES:
        assert table in DOSSIER_CHILD_TABLES
    assert "recommendation_status" not in DOSSIER_CHILD_TABLES
    assert ("finding_id", "findings") in fmt.PARENTS["recommendation_status"]
    assert "recommendation_status" in fmt.FINDING_CHILD_TABLES
    assert fmt.NATURAL_KEYS["pledges"] == ("dossier_id",)
    assert "stakeholders" in fmt.SENSITIVE_TABLES
    assert fmt.ATTACHMENT_COLUMNS["pledges"] == "signed_copy_sha256"


def test_schema_refuses_unknown_values(ws) -> None:
    dossier = ws.create_dossier(title="x")
    with pytest.raises(sqlite3.IntegrityError):
        ws.insert("pledges", dossier_id=dossier, answer="maybe")
    with pytest.raises(sqlite3.IntegrityError):
        ws.insert("pledge_commitments", dossier_id=dossier, commitment=6)
    with pytest.raises(sqlite3.IntegrityError):
        ws.insert("stakeholders", dossier_id=dossier, kind="spy")
    finding = ws.add_finding(dossier, "recommendation", "Adopt a law")
    with pytest.raises(sqlite3.IntegrityError):
        ws.insert("recommendation_status", dossier_id=dossier, finding_id=finding, status="done")
    with pytest.raises(ValueError):
        phase2.set_pledge_answer(ws, dossier, "maybe")
    with pytest.raises(ValueError):
        phase2.set_pledge_field(ws, dossier, "dossier_id", "other")
    gap = ws.add_finding(dossier, "gap", "No shelter")
    with pytest.raises(KeyError):
        phase2.add_recommendation_status(ws, gap, "raised", "2026-01-01")


def test_pledge_commitments_keep_their_history_and_the_latest_wins(ws) -> None:
    dossier = ws.create_dossier(title="x")
    phase2.set_pledge_sent(ws, dossier, "2026-01-10", "Ministry of Justice", "email")
    phase2.add_commitment_status(ws, dossier, 1, "not_yet", "2026-02-01", "No consultation yet")
    phase2.add_commitment_status(ws, dossier, 1, "kept", "2026-04-01", "Consultation held")
    phase2.add_commitment_status(ws, dossier, 5, "broken", "2026-05-01")
    assert [r["status"] for r in phase2.commitment_history(ws, dossier, 1)] == ["not_yet", "kept"]
    latest = phase2.commitment_latest(ws, dossier)
    assert latest[1]["status"] == "kept" and latest[5]["status"] == "broken" and 2 not in latest
    sha = ws.add_attachment(b"%PDF-1.4 signed", mime="application/pdf")
    phase2.attach_signed_pledge(ws, dossier, sha, "signed.pdf")
    assert phase2.pledge(ws, dossier)["signed_copy_name"] == "signed.pdf"


def test_pledge_answer_overdue_and_next_actions_are_reminders(ws) -> None:
    dossier = ws.create_dossier(title="x")
    assert action_plan.reminders(ws, dossier, date(2026, 3, 1)) == []
    phase2.set_pledge_sent(ws, dossier, "2026-01-10", "Ministry of Justice")
    person = phase2.STAKEHOLDERS.add(ws, dossier, kind="parliament", name="Committee on Justice")
    phase2.add_contact(
        ws,
        dossier,
        date="2026-01-20",
        stakeholder_id=person,
        summary="Hearing",
        outcome="Agreed to table a question",
        next_action="Send the briefing",
        due="2026-02-15",
    )
    done = phase2.add_contact(ws, dossier, date="2026-01-21", next_action="Call", due="2026-02-01")
    ws.update("engagement_log", done, done=1)
    items = action_plan.reminders(ws, dossier, date(2026, 3, 1))
    assert [(d.kind, d.when.isoformat(), d.overdue) for d in items] == [
        ("pledge_answer", "2026-02-09", True),  # 30 days after it was sent
        ("next_action", "2026-02-15", True),
    ]
    assert "Committee on Justice" in items[1].title
    phase2.set_pledge_answer(ws, dossier, "signed", "2026-02-20")
    assert [d.kind for d in action_plan.overdue(ws, dossier, date(2026, 3, 1))] == ["next_action"]


def test_recommendation_history_and_carrying_into_the_next_dossier(ws) -> None:
    first = ws.create_dossier(title="Cluster 1")
    second = ws.create_dossier(title="Cluster 2")
    rec = ws.add_finding(first, "recommendation", "Protect witnesses")
    phase2.add_recommendation_status(ws, rec, "raised", "2026-01-10", "Meeting with the ministry")
    phase2.add_recommendation_status(ws, rec, "observations", "2026-06-01", "List of observations")
    [new] = phase2.carry_recommendations(ws, first, second, [rec], "2026-07-01", "Cluster 2")
    assert [r["status"] for r in phase2.recommendation_history(ws, rec)] == [
        "raised",
        "observations",
        "carried_over",
    ]
    assert phase2.latest_statuses(ws, first)[rec]["status"] == "carried_over"
    assert ws.get("findings", new)["text"] == "Protect witnesses"
    assert ws.get("findings", new)["dossier_id"] == second
    with pytest.raises(KeyError):
        phase2.carry_recommendations(ws, first, first, [rec], "2026-07-01")
    # A copy of the dossier starts its own follow-up.
    copy = ws.duplicate_dossier(first)
    assert phase2.histories(ws, copy) == {}


def test_guide_steps_follow_the_dossier(ws) -> None:
    dossier = ws.create_dossier(title="x")
    assert set(action_plan.states(ws, dossier).values()) == {action_plan.NOT_STARTED}
    ws.update("dossiers", dossier, country="KE")
    phase2.set_pledge_sent(ws, dossier, "2026-01-10", "Ministry")
    states = action_plan.states(ws, dossier)
    assert states[1] == action_plan.DONE and states[7] == action_plan.STARTED
    phase2.set_pledge_answer(ws, dossier, "declined", "2026-02-01")
    phase2.add_public_message(ws, dossier, "press_release", "2026-03-01", "Daily Nation")
    states = action_plan.states(ws, dossier)
    assert states[7] == states[9] == action_plan.DONE
    assert action_plan.phase_progress(ws, dossier) == {1: (1, 6), 2: (2, 3)}
    assert [s.number for s in action_plan.GUIDE_STEPS if s.phase == 2] == [7, 8, 9]
