"""The country step states each instrument's status as the research table has it (issue 23), for
States drawn at random, and says where the review stands without passing the plan off as fact."""

from __future__ import annotations

import csv
import os
import random

import pytest

from untoc_desktop.core import state_facts
from untoc_desktop.core.reference import load
from untoc_desktop.i18n import set_language
from untoc_desktop.paths import resource
from untoc_desktop.store import dossiers
from untoc_desktop.ui.wizard.country import PARTY_LABELS, CountryPage, as_of_text

SEED = int(os.environ.get("PARTY_STATUS_SEED") or random.SystemRandom().randrange(1 << 30))


def csv_rows() -> list[dict[str, str]]:
    with resource("reference", "party_status.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sample(rows: list[dict[str, str]], count: int) -> list[str]:
    return random.Random(SEED).sample(sorted({row["iso2"] for row in rows}), count)


def _page(qtbot, ws, iso2: str) -> CountryPage:  # noqa: ANN001
    dossier = ws.create_dossier(title="Country step")
    dossiers.set_country(ws, dossier, iso2)
    page = CountryPage(ws, dossier)
    qtbot.addWidget(page)
    return page


def _rows(page: CountryPage) -> list[list[str]]:
    model = page.instruments
    return [[model.item(r, c).text() for c in range(3)] for r in range(model.rowCount())]


def test_random_states_show_the_tables_status_date_and_confidence(qtbot, ws) -> None:  # noqa: ANN001
    rows = csv_rows()
    by_key = {(r["iso2"], r["instrument"]): r for r in rows}
    for iso2 in sample(rows, 6):
        shown = _rows(_page(qtbot, ws, iso2))
        assert len(shown) == 4
        for line, code in zip(shown, ("untoc", "tip", "som", "firearms"), strict=True):
            row = by_key[iso2, code]
            where = f"{iso2} {code} (seed {SEED})"
            if row["status"] == "party":
                assert line[1].startswith("Party"), where
                if row["date"]:
                    assert row["date"][:4] in line[1], where
                    assert row["action"] in line[1], where
                else:
                    assert line[1] == "Party (date not found)", where
            else:
                assert line[1] == PARTY_LABELS[row["status"]], where
            assert {"high": "High", "medium": "Medium", "low": "Low"}[row["confidence"]] in line[2]
            assert as_of_text(row["source_as_of"], "en") in line[2], where


def test_unknown_reads_unknown_never_not_a_party(qtbot, ws) -> None:  # noqa: ANN001
    unknown = sorted(
        {
            r["iso2"]
            for r in csv_rows()
            if r["status"] == "unknown" and r["instrument"] == "firearms"
        }
    )
    iso2 = random.Random(SEED).choice(unknown)
    line = _rows(_page(qtbot, ws, iso2))[3]
    assert line[1].startswith("Unknown") and "not a party" in line[1], f"{iso2} (seed {SEED})"
    assert line[1] != PARTY_LABELS["not_party"]


def test_group_1_in_2026_shows_the_dated_facts_and_the_plan_as_the_plan(qtbot, ws) -> None:  # noqa: ANN001
    iso2 = next(s.iso2 for s in load().states() if s.review_group == 1)
    page = _page(qtbot, ws, iso2)
    assert "in theory this year" not in page.review_text.text()  # said "cluster 4" in 2026
    facts = page.facts_text.text()
    assert "mainly in its Cluster I phase" in facts and "30 September 2024" in facts.replace(
        "September 30, 2024", "30 September 2024"
    )
    assert "plan, not where the review is" in page.plan_heading.text()
    assert page.stage.currentText() == "Not recorded"
    assert "Nobody has recorded" in page.advice.text()


@pytest.mark.parametrize("stage", state_facts.REVIEW_STAGES)
def test_recording_the_stage_changes_the_advice_and_the_picture(qtbot, ws, stage: str) -> None:  # noqa: ANN001
    iso2 = next(s.iso2 for s in load().states() if s.review_group == 1)
    page = _page(qtbot, ws, iso2)
    page.stage.setCurrentIndex(page.stage.findData(stage))
    page.stage_cluster.setCurrentIndex(page.stage_cluster.findData(1))
    page.stage_note.setText("focal point, 2026")
    page.save_stage.click()
    recorded = state_facts.review_stage(ws, iso2)
    assert (recorded.stage, recorded.cluster, recorded.note) == (stage, 1, "focal point, 2026")
    assert page.advice.text().endswith(state_facts.STAGE_ADVICE[stage])
    assert page.timeline_picture.canvas.timeline.current_cluster() == 1


def test_as_of_notes_read_in_the_interface_language() -> None:
    """Issue 25: "(UNTC scrape)", "~2016" and "2020-05" reached French and Spanish readers as the
    research wrote them."""
    set_language("fr")
    try:
        assert as_of_text("2014-01-27 (UNTC scrape)", "fr") == (
            "27 janvier 2014 (Collection des traités des Nations Unies)"
        )
        assert as_of_text("2020-05", "fr") == "mai 2020"
        assert as_of_text("~2016", "fr") == "vers 2016"
        assert as_of_text("2019 (implied)", "fr") == "2019 (déduit)"
        assert as_of_text("2026-03-01", "fr") == "1er mars 2026"
        assert as_of_text("undated (list includes Bhutan 2008)", "fr").startswith("undated")
    finally:
        set_language("en")
