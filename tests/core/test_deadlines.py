"""Deadlines: the 15-day registration rule across month and year ends, follow-ups, bad dates."""

from __future__ import annotations

from datetime import date

import pytest

from untoc_desktop.core import deadlines as dl
from untoc_desktop.core.errors import UserError


@pytest.mark.parametrize(
    ("dialogue", "closes"),
    [
        ("2026-03-10", "2026-02-23"),  # across February in a common year
        ("2028-03-10", "2028-02-24"),  # ... and in a leap year
        ("2027-01-05", "2026-12-21"),  # across the year end
        ("2026-05-15", "2026-04-30"),  # lands on the last day of a 30-day month
        ("2026-08-01", "2026-07-17"),
    ],
)
def test_registration_closes_fifteen_days_before_the_dialogue(dialogue: str, closes: str) -> None:
    assert dl.registration_deadline(date.fromisoformat(dialogue)) == date.fromisoformat(closes)


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "2026-02-30", "05/03/2026", "2026-3-5", "2026-13-01"]
)
def test_bad_dates_are_refused_with_a_readable_message(text: str) -> None:
    with pytest.raises(UserError) as info:
        dl.parse_date(text)
    assert "year-month-day" in str(info.value)


def test_optional_date_accepts_empty_and_valid_dates() -> None:
    assert dl.optional_date("  ") is None
    assert dl.optional_date("2026-12-31") == date(2026, 12, 31)


def test_deadlines_of_a_dossier(ws) -> None:
    dossier = ws.create_dossier(title="T")
    ws.insert(
        "milestones", dossier_id=dossier, kind="dialogue", title="Dialogue WG", date="2026-07-10"
    )
    ws.insert("milestones", dossier_id=dossier, kind="other", title="", date="2026-05-02")
    ws.insert("milestones", dossier_id=dossier, kind="other", title="Unreadable", date="next week")
    ws.insert("milestones", dossier_id=dossier, kind="other", title="Long gone", date="2025-01-01")
    ws.insert(
        "engagement_log",
        dossier_id=dossier,
        date="2026-05-01",
        summary="Letter sent",
        follow_up="2026-05-20",
    )
    ws.insert(
        "engagement_log",
        dossier_id=dossier,
        date="2026-04-01",
        summary="Call",
        follow_up="2026-04-20",
    )
    ws.insert(
        "engagement_log",
        dossier_id=dossier,
        date="2026-04-01",
        summary="Done",
        follow_up="2026-06-01",
        done=True,
    )

    items = dl.deadlines(ws, dossier, today=date(2026, 5, 1))
    got = [(d.when.isoformat(), d.kind, d.title, d.days_left) for d in items]
    assert got == [
        ("2026-04-20", "follow_up", "Follow up: Call", -11),
        ("2026-05-02", "milestone", "Other", 1),
        ("2026-05-20", "follow_up", "Follow up: Letter sent", 19),
        ("2026-06-25", "registration", "Registration closes for: Dialogue WG", 55),
        ("2026-07-10", "milestone", "Dialogue WG", 70),
    ]
    assert items[0].overdue and not items[1].overdue
    past = dl.deadlines(ws, dossier, today=date(2026, 5, 1), include_past=True)
    assert "Long gone" in [d.title for d in past]


def test_deleted_rows_are_not_deadlines(ws) -> None:
    dossier = ws.create_dossier(title="T")
    row = ws.insert("milestones", dossier_id=dossier, kind="dialogue", date="2026-07-10")
    ws.delete("milestones", row)
    assert dl.deadlines(ws, dossier, today=date(2026, 5, 1)) == []
