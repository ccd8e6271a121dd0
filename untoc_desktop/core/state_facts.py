"""What the app knows about a State, with the user's own corrections laid over the shipped data.

The shipped reference data is sometimes wrong or out of date (a ratification it has not heard of, a
review group it could not verify). A field office often knows better; its correction is stored in
the workspace (``Workspace.correct_state``) and wins over the shipped fact everywhere the fact is
used: the country page, the instruments offered in the scope, the documents. Corrections are keyed
by field name: ``party:<INSTRUMENT>`` (``party`` / ``not_party`` / ``unknown``)
and ``review_group``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from untoc_desktop.core.reference import ReferenceData, ReviewPhase
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace

PARTY_STATUSES: tuple[str, ...] = ("party", "not_party", "unknown")
REVIEW_GROUP_FIELD = "review_group"


def party_field(instrument: str) -> str:
    return f"party:{instrument}"


@dataclass(frozen=True)
class PartyFact:
    instrument: str
    status: str  # party | not_party | unknown
    verified: bool
    corrected: bool
    note: str = ""


@dataclass(frozen=True)
class GroupFact:
    group: int | None
    status: str  # verified | secondary | inferred | unknown | corrected
    corrected: bool
    note: str = ""


def _corrections(ws: Workspace, iso2: str) -> dict[str, tuple[str, str]]:
    return dossiers.state_corrections(ws, iso2)


def party_facts(ws: Workspace, iso2: str, ref: ReferenceData | None = None) -> list[PartyFact]:
    """The State's status under each instrument, in the reference order, corrections applied."""
    ref = ref or load_reference()
    state = ref.state(iso2)
    corrections = _corrections(ws, iso2)
    out = []
    for instrument in ref.instruments():
        shipped = state.party(instrument.code)
        fix = corrections.get(party_field(instrument.code))
        if fix and fix[0] in PARTY_STATUSES:
            out.append(PartyFact(instrument.code, fix[0], False, True, fix[1]))
        else:
            out.append(PartyFact(instrument.code, shipped.status, shipped.verified, False))
    return out


def eligible_instruments(
    ws: Workspace, iso2: str, ref: ReferenceData | None = None
) -> list[PartyFact]:
    """Instruments a contribution can address: those the State is party to, or may be (unknown)."""
    return [fact for fact in party_facts(ws, iso2, ref) if fact.status != "not_party"]


def review_group(ws: Workspace, iso2: str, ref: ReferenceData | None = None) -> GroupFact:
    ref = ref or load_reference()
    state = ref.state(iso2)
    fix = _corrections(ws, iso2).get(REVIEW_GROUP_FIELD)
    if fix and fix[0].strip().isdigit() and 1 <= int(fix[0]) <= 3:
        return GroupFact(int(fix[0]), "corrected", True, fix[1])
    return GroupFact(state.review_group, state.review_group_status, False)


def current_phase(timeline: list[ReviewPhase], today: date | None = None) -> ReviewPhase | None:
    """The phase of the theoretical timeline that ``today`` falls in (by year), if any."""
    year = (today or date.today()).year
    current = None
    for phase in timeline:
        start, end = int(phase.start[:4]), int(phase.end[:4])
        if start <= year < end or (current is None and start <= year <= end):
            current = phase
    return current
