"""Constructive-dialogue statements: fields, sources, length, and the registration reminder."""

from __future__ import annotations

from datetime import date

import pytest

from untoc_desktop.core import statement as st
from untoc_desktop.core.deadlines import deadlines, registration_reminders
from untoc_desktop.core.errors import UserError


def test_create_and_validate(ws) -> None:
    did = st.create_statement(
        ws,
        title="TIP dialogue",
        language="fr",
        working_group="TIP",
        dialogue_date="2026-03-10",
        statement_limit="300",
    )
    row = st.statement(ws, did)
    assert (
        row["kind"],
        row["working_group"],
        row["dialogue_date"],
        row["statement_limit"],
        row["language"],
    ) == ("dialogue_statement", "TIP", "2026-03-10", 300, "fr")


@pytest.mark.parametrize(
    "bad",
    [
        {"working_group": "plenary"},
        {"dialogue_date": "10/03/2026"},
        {"dialogue_date": "2026-02-30"},
        {"statement_limit": "five hundred"},
        {"statement_limit": 0},
        {"statement_limit": -3},
        {"statement_limit": st.MAX_LIMIT + 1},
        {"language": "de"},
    ],
)
def test_bad_fields_are_refused_and_change_nothing(ws, bad) -> None:
    did = st.create_statement(ws, title="x", working_group="SOM", dialogue_date="2026-01-01")
    before = ws.dossier(did)
    with pytest.raises(UserError) as info:
        st.save_fields(ws, did, statement_text="new text", **bad)
    assert str(info.value)
    assert ws.dossier(did) == before
    count = len(ws.dossiers())
    with pytest.raises(UserError):
        st.create_statement(ws, title="y", **bad)
    assert len(ws.dossiers()) == count


def test_words_and_limit() -> None:
    check = st.check_text("Well-known rules in Côte d'Ivoire apply.", 4)
    assert check.words == 6 and check.over_limit == 2
    assert [m.states for m in check.mentions] == [("CI",)]
    assert st.check_text("", 10).words == 0


def test_insert_findings_from_other_dossiers(ws) -> None:
    source = ws.create_dossier(title="Country report")
    rec = ws.add_finding(source, "recommendation", "Fund  shelters\nfor survivors.")
    secret = ws.add_finding(source, "gap", "Named official took bribes.", sensitive=True)
    ws.add_finding(source, "gap", "   ")  # empty text is never offered
    did = st.create_statement(ws, title="Dialogue")
    items = {i.finding_id: i for i in st.source_items(ws)}
    assert set(items) == {rec, secret} and items[secret].sensitive
    assert st.insert_items(ws, did, [rec]) == "Fund shelters for survivors."
    with pytest.raises(UserError):
        st.insert_items(ws, did, [secret])
    with pytest.raises(UserError):
        st.insert_items(ws, did, ["no-such-finding"])
    assert ws.dossier(did)["statement_text"] == "Fund shelters for survivors."
    text = st.insert_items(ws, did, [secret], allow_sensitive=True)
    assert text == "Fund shelters for survivors.\n\nNamed official took bribes."


def test_statement_lookup_refuses_other_kinds(ws) -> None:
    with pytest.raises(UserError):
        st.statement(ws, ws.create_dossier(title="submission"))


@pytest.mark.parametrize(
    ("dialogue", "today", "closes", "left"),
    [
        ("2026-03-10", date(2026, 2, 20), date(2026, 2, 23), 3),  # back across February (28 days)
        ("2028-03-10", date(2028, 2, 20), date(2028, 2, 24), 4),  # leap year
        ("2026-01-05", date(2025, 12, 15), date(2025, 12, 21), 6),  # back across the year end
        ("2026-05-01", date(2026, 4, 16), date(2026, 4, 16), 0),  # due today
    ],
)
def test_registration_reminder_counts_days_across_month_ends(
    ws, dialogue, today, closes, left
) -> None:
    did = st.create_statement(ws, title="WG", dialogue_date=dialogue)
    [reminder] = registration_reminders(ws, today)
    assert (reminder.when, reminder.days_left, reminder.source_id) == (closes, left, did)
    kinds = {d.kind for d in deadlines(ws, did, today)}
    assert kinds == {"registration", "milestone"}


def test_past_or_undated_registrations_are_not_reminded(ws) -> None:
    st.create_statement(ws, title="past", dialogue_date="2026-03-10")
    st.create_statement(ws, title="undated")
    assert registration_reminders(ws, date(2026, 2, 24)) == []
