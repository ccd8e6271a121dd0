"""The review timeline's logic: which group row and which cluster are marked, and what is
unverified."""

from __future__ import annotations

from datetime import date

import pytest

from untoc_desktop.core import state_facts, timeline
from untoc_desktop.core.reference import load
from untoc_desktop.core.state_facts import GroupFact


def _secondary_state() -> tuple[str, int]:
    state = next(s for s in load().states() if s.review_group_status == "secondary")
    return state.iso2, state.review_group  # type: ignore[return-value]


def test_state_with_a_known_group_marks_its_row_and_the_current_cluster(ws) -> None:  # noqa: ANN001
    iso2, group = _secondary_state()
    # Pick a day inside the third cluster of that group's plan, from the reference data itself.
    phase = next(p for p in load().review_timeline(group) if p.cluster == 3)
    day = date(int(phase.start[:4]), 6, 15)
    tl = timeline.for_state(ws, iso2, today=day)
    assert tl.group == group
    assert tl.group_status == "secondary"
    planned = tl.planned_bar()
    assert planned is not None and planned.group == group and planned.cluster == 3
    assert not planned.verified  # the theoretical plan...
    assert tl.current_bar() is None  # ...is not where the review is (issue 23)
    assert tl.unverified  # a secondary source is not an official one
    # The stage the user records is what "you are here" follows.
    state_facts.record_stage(ws, iso2, "self_assessment", 1, "focal point, March")
    tl = timeline.for_state(ws, iso2, today=day)
    bar = tl.current_bar()
    assert bar is not None and bar.group == group and bar.cluster == 1
    assert tl.stage == state_facts.StageFact("self_assessment", 1, "focal point, March")


def test_groups_are_staggered_by_a_year() -> None:
    tl = timeline.build(load(), GroupFact(1, "verified", False), date(2021, 6, 1))
    firsts = [next(b for b in tl.bars_of(g) if b.cluster == 1).start.year for g in (1, 2, 3)]
    assert firsts == [firsts[0], firsts[0] + 1, firsts[0] + 2]
    assert tl.current_cluster() == 1 and tl.group_verified and not tl.unverified


def test_state_with_unknown_group_is_unverified_and_marks_nothing(ws) -> None:  # noqa: ANN001
    unknown = next(s for s in load().states() if s.review_group is None)
    tl = timeline.for_state(ws, unknown.iso2, today=date(2026, 3, 1))
    assert tl.group is None and tl.group_status == "unknown"
    assert tl.unverified
    assert tl.current_bar() is None
    assert tl.rows() == [1, 2, 3]  # the three plans are still drawn, none marked


def test_a_correction_wins_and_is_trusted(ws) -> None:  # noqa: ANN001
    unknown = next(s for s in load().states() if s.review_group is None)
    ws.correct_state(unknown.iso2, "review_group", "3", "told by the focal point")
    tl = timeline.for_state(ws, unknown.iso2, today=date(2023, 3, 1))
    assert (tl.group, tl.group_status, tl.group_verified) == (3, "corrected", True)
    assert tl.planned_bar() is not None and tl.planned_bar().cluster == 1
    assert tl.current_cluster() is None  # the plan's dates for group 3 are inferred


@pytest.mark.parametrize("iso2", ["", "ZZ", "not a country"])
def test_no_or_unknown_state_gives_an_unverified_timeline(ws, iso2: str) -> None:  # noqa: ANN001
    tl = timeline.for_state(ws, iso2, today=date(2026, 3, 1))
    assert tl.group is None and tl.unverified


def test_phases_of_a_group_do_not_overlap() -> None:
    tl = timeline.build(load(), GroupFact(None, "unknown", False), date(2026, 1, 1))
    for group in tl.rows():
        bars = tl.bars_of(group)
        for before, after in zip(bars, bars[1:], strict=False):
            assert before.end <= after.start


def test_after_the_plan_nothing_is_marked_but_it_is_said() -> None:
    tl = timeline.build(load(), GroupFact(1, "verified", False), date(2040, 1, 1))
    assert tl.current_bar() is None and tl.after_plan()
    assert tl.fraction(date(2040, 1, 1)) <= 1.0


def test_milestones_become_known_dates_and_bad_dates_are_skipped(ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="t", country="KE")
    ws.insert(
        "milestones", dossier_id=dossier, kind="dialogue", title="Dialogue", date="2026-06-10"
    )
    ws.insert("milestones", dossier_id=dossier, kind="other", title="Bad", date="10/06/2026")
    ws.insert("milestones", dossier_id=dossier, kind="other", title="Empty", date="")
    tl = timeline.for_state(ws, "KE", dossier, today=date(2026, 3, 1))
    assert [(k.when, k.title) for k in tl.known_dates] == [(date(2026, 6, 10), "Dialogue")]
    assert 0 < tl.fraction(date(2026, 6, 10)) < 1


@pytest.mark.parametrize("text", ["", "20x0", "2020-13", "2020-01-01-01", "abcd"])
def test_parse_point_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        timeline.parse_point(text)


def test_parse_point_reads_the_three_precisions() -> None:
    assert timeline.parse_point("2018") == date(2018, 1, 1)
    assert timeline.parse_point("2018-10") == date(2018, 10, 1)
    assert timeline.parse_point("2018-10-05") == date(2018, 10, 5)


def test_group_1_in_2026_is_not_said_to_be_on_cluster_4() -> None:
    """Issue 23: the plan puts group 1 on cluster 4 in 2026; the facts: still mainly cluster I."""
    tl = timeline.build(load(), GroupFact(1, "secondary", False), date(2026, 6, 1))
    assert tl.planned_bar() is not None and tl.planned_bar().cluster == 4
    assert tl.current_bar() is None and tl.current_cluster() is None
    recorded = timeline.build(
        load(),
        GroupFact(1, "secondary", False),
        date(2026, 6, 1),
        stage=state_facts.StageFact("dialogue", 1),
    )
    assert recorded.current_cluster() == 1


def test_a_verified_planned_phase_is_still_shown_as_current() -> None:
    tl = timeline.build(load(), GroupFact(1, "verified", False), date(2021, 6, 1))
    assert tl.current_cluster() == 1  # group 1's first cluster has verified dates
