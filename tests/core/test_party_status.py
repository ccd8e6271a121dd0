"""Party status as the research table has it (issue 23): every participant, every instrument.

The States are drawn at random from the CSV, so the checks cover States nobody picked; the seed is
printed in every failure message so a failing draw can be replayed with ``PARTY_STATUS_SEED``.
"""

from __future__ import annotations

import csv
import os
import random
from collections import Counter
from pathlib import Path

import pytest

from untoc_desktop.core import state_facts
from untoc_desktop.core.reference import INSTRUMENT_CODES, ReferenceData, load
from untoc_desktop.paths import resource

SHARED_CSV = Path(__file__).resolve().parents[3] / "shared" / "reference" / "party_status.csv"
SEED = int(os.environ.get("PARTY_STATUS_SEED") or random.SystemRandom().randrange(1 << 30))


def csv_rows() -> list[dict[str, str]]:
    """The table the app ships (or, in a checkout that predates it, the research's own copy)."""
    shipped = resource("reference", "party_status.csv")
    path = shipped if shipped.exists() else SHARED_CSV
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sample(rows: list[dict[str, str]], count: int) -> list[str]:
    codes = sorted({row["iso2"] for row in rows})
    return random.Random(SEED).sample(codes, count)


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return csv_rows()


def test_random_states_have_the_tables_status_date_and_source(
    ref: ReferenceData, rows: list[dict[str, str]]
) -> None:
    by_key = {(r["iso2"], r["instrument"].upper()): r for r in rows}
    for iso2 in sample(rows, 30):
        for code in INSTRUMENT_CODES:
            row, party = by_key[iso2, code], ref.state(iso2).party(code)
            where = f"{iso2} {code} (seed {SEED})"
            assert party.status == row["status"], where
            assert (party.date or "") == row["date"], where
            assert (party.action or "") == row["action"], where
            assert party.source == row["source"], where
            assert (party.as_of or "") == row["source_as_of"], where
            assert party.confidence == row["confidence"], where


def test_the_parties_the_issue_names_are_parties(ref: ReferenceData) -> None:
    """Issue 23: UNTOC was "unknown" for the USA, Russia, Italy and South Africa, the TIP
    Protocol for Nigeria, Senegal, the UK and France; all are parties."""
    for iso2 in ("US", "RU", "IT", "ZA"):
        assert ref.state(iso2).party("UNTOC").status == "party", iso2
        assert ref.state(iso2).party("UNTOC").date, iso2
    for iso2 in ("NG", "SN", "GB", "FR"):
        assert ref.state(iso2).party("TIP").status == "party", iso2


def test_counts_per_instrument_match_the_table(
    ref: ReferenceData, rows: list[dict[str, str]]
) -> None:
    for code in INSTRUMENT_CODES:
        expected = Counter(r["status"] for r in rows if r["instrument"].upper() == code)
        got = Counter(state.party(code).status for state in ref.states())
        assert got == expected, code
    unknown = {
        code: sum(1 for s in ref.states() if s.party(code).status == "unknown")
        for code in INSTRUMENT_CODES
    }
    assert unknown == {"UNTOC": 0, "TIP": 11, "SOM": 47, "FIREARMS": 61}
    assert sum(1 for s in ref.states() if s.party("UNTOC").status == "party") == 193


def test_unknown_is_never_not_a_party(ref: ReferenceData, rows: list[dict[str, str]]) -> None:
    unknown = [r for r in rows if r["status"] == "unknown"]
    assert unknown
    for row in unknown:
        party = ref.state(row["iso2"]).party(row["instrument"].upper())
        assert party.status == "unknown" and party.confidence == "low"
        assert party.source  # what was last known (signed in 2014, no action...) stays visible


def test_every_row_keeps_source_as_of_and_confidence(ref: ReferenceData) -> None:
    for state in ref.states():
        for code, party in state.parties():
            assert party.source and party.as_of and party.confidence in {"high", "medium", "low"}
            if party.date or party.action:
                assert party.status == "party", (state.iso2, code)
            assert party.verified == (party.confidence == "high")


def test_shipped_table_is_the_research_table() -> None:
    if not SHARED_CSV.exists():
        pytest.skip("the research table is not available on this machine")
    shipped = resource("reference", "party_status.csv").read_bytes()
    assert shipped == SHARED_CSV.read_bytes()


def test_the_about_box_sources_name_the_table(ref: ReferenceData) -> None:
    states = next(s for s in ref.sources() if s.file == "states.json")
    assert any("party_status.csv" in source for source in states.sources)
    assert "unknown" in states.verification and "confidence" in states.verification


def test_state_facts_carry_the_row_and_the_correction_still_wins(
    ws, ref: ReferenceData, rows: list[dict[str, str]]
) -> None:
    iso2 = sample(rows, 1)[0]
    facts = {f.instrument: f for f in state_facts.party_facts(ws, iso2, ref)}
    for code in INSTRUMENT_CODES:
        party = ref.state(iso2).party(code)
        fact = facts[code]
        assert (fact.status, fact.date, fact.confidence, fact.as_of, fact.source) == (
            party.status,
            party.date,
            party.confidence,
            party.as_of,
            party.source,
        ), f"{iso2} {code} (seed {SEED})"
    ws.correct_state(iso2, "party:FIREARMS", "signatory", "our ministry, 2026")
    fixed = {f.instrument: f for f in state_facts.party_facts(ws, iso2, ref)}["FIREARMS"]
    assert (fixed.status, fixed.corrected, fixed.note, fixed.date) == (
        "signatory",
        True,
        "our ministry, 2026",
        None,
    )
    # A signatory is not bound by the Protocol, so it is not offered for the review.
    offered = [f.instrument for f in state_facts.eligible_instruments(ws, iso2, ref)]
    assert "FIREARMS" not in offered


def test_unknown_instruments_stay_offered(ws, ref: ReferenceData) -> None:
    iso2 = next(s.iso2 for s in ref.states() if s.party("FIREARMS").status == "unknown")
    offered = [f.instrument for f in state_facts.eligible_instruments(ws, iso2, ref)]
    assert "FIREARMS" in offered
