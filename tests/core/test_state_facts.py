"""The user's corrections of State facts win over the shipped reference data."""

from __future__ import annotations

from datetime import date

from untoc_desktop.core import state_facts
from untoc_desktop.core.reference import load


def test_party_corrections_override_and_filter_the_instruments(ws) -> None:
    shipped = {f.instrument: f.status for f in state_facts.party_facts(ws, "KE")}
    assert shipped["TIP"] == "party" and shipped["SOM"] == "party"
    ws.correct_state("KE", "party:SOM", "not_party", "ministry letter")
    facts = {f.instrument: f for f in state_facts.party_facts(ws, "KE")}
    assert (
        facts["SOM"].status == "not_party"
        and facts["SOM"].corrected
        and facts["SOM"].note == "ministry letter"
    )
    assert "SOM" not in [f.instrument for f in state_facts.eligible_instruments(ws, "KE")]


def test_a_nonsense_correction_is_ignored(ws) -> None:
    ws.correct_state("KE", "party:TIP", "maybe")
    ws.correct_state("KE", "review_group", "7")
    assert {f.instrument: f.status for f in state_facts.party_facts(ws, "KE")}["TIP"] == "party"
    assert not state_facts.review_group(ws, "KE").corrected


def test_review_group_correction_and_current_phase(ws) -> None:
    assert state_facts.review_group(ws, "KE").group is None
    ws.correct_state("KE", "review_group", "2")
    group = state_facts.review_group(ws, "KE")
    assert (group.group, group.status, group.corrected) == (2, "corrected", True)
    timeline = load().review_timeline(1)
    assert state_facts.current_phase(timeline, date(2021, 6, 1)).cluster == 1
    assert state_facts.current_phase(timeline, date(2019, 6, 1)).kind == "preparatory"
    assert state_facts.current_phase(timeline, date(2040, 1, 1)) is None
