"""What the app knows about a State, with the user's own corrections laid over the shipped data.

The shipped reference data is sometimes wrong or out of date (a ratification it has not heard of, a
review group it could not verify). A field office often knows better; its correction is stored in
the workspace (``Workspace.correct_state``) and wins over the shipped fact everywhere the fact is
used: the country page, the instruments offered in the scope, the documents. Corrections are keyed
by field name: ``party:<INSTRUMENT>`` (``party`` / ``signatory`` / ``not_party`` / ``unknown``),
``review_group`` and ``review_stage`` (where the State's review really is, which the shipped data
cannot know). Corrections are workspace rows, so they travel in bundles like any other record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from untoc_desktop.core.reference import PARTY_STATUSES as SHIPPED_STATUSES
from untoc_desktop.core.reference import ReferenceData, ReviewPhase
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.i18n import N_
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace

PARTY_STATUSES: tuple[str, ...] = SHIPPED_STATUSES
#: Statuses under which a State cannot be reviewed for an instrument (it is not bound by it).
NOT_BOUND: frozenset[str] = frozenset({"signatory", "not_party"})
REVIEW_GROUP_FIELD = "review_group"
REVIEW_STAGE_FIELD = "review_stage"
REVIEW_CLUSTER_FIELD = "review_cluster"

#: Where a State's own review can really be, in the order it goes through them (guide, Part 2:
#: self-assessment, then the dialogue with the two reviewing States, then the report).
REVIEW_STAGES: tuple[str, ...] = (
    "not_started",
    "self_assessment",
    "dialogue",
    "report",
    "completed",
)
STAGE_LABELS: dict[str, str] = {
    "not_started": N_("Not started yet"),
    "self_assessment": N_("The government is answering the self-assessment questionnaire"),
    "dialogue": N_("Questionnaire sent; the reviewing States are in dialogue with the government"),
    "report": N_("The review report is being drafted or agreed"),
    "completed": N_("This cluster's review is completed"),
}
#: What to do next at each stage; ``None`` is the stage nobody has recorded yet.
STAGE_ADVICE: dict[str | None, str] = {
    None: N_(
        "Nobody has recorded where your State's review really is. Ask the focal point "
        "(step 3) and look for your State on SHERLOC, then record it above."
    ),
    "not_started": N_(
        "Use the time before the self-assessment: identify the focal point (step 3), choose "
        "your articles (step 4) and gather your evidence, so your contribution is ready when "
        "the questionnaire is being answered."
    ),
    "self_assessment": N_(
        "This is the moment that counts most: the government is encouraged to consult civil "
        "society on its answers. Send your contribution to the focal point now and ask to "
        "take part in the national consultations."
    ),
    "dialogue": N_(
        "The reviewing States are reading the government's answers. Ask the focal point "
        "whether your contribution reached them, and whether a country visit or meeting with "
        "civil society is planned."
    ),
    "report": N_(
        "Ask the government to publish its answers and the review's results (the pledge, "
        "exported at step 9), and prepare to follow up the recommendations."
    ),
    "completed": N_(
        "Follow up: compare the recommendations with what you see on the ground, share "
        "your findings publicly, and prepare for the next cluster."
    ),
}


def party_field(instrument: str) -> str:
    return f"party:{instrument}"


@dataclass(frozen=True)
class PartyFact:
    """One instrument's status for the State as the app states it, and where it comes from.

    For a shipped fact, ``date``/``action``/``confidence``/``as_of``/``source`` are the row of
    ``party_status.csv``; for the user's correction, ``note`` is their source and the rest is empty.
    """

    instrument: str
    status: str  # party | signatory | not_party | unknown
    verified: bool
    corrected: bool
    note: str = ""
    date: str | None = None
    action: str | None = None
    confidence: str = ""  # high | medium | low; "" for a correction
    as_of: str | None = None
    source: str = ""


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
            out.append(
                PartyFact(
                    instrument.code,
                    shipped.status,
                    shipped.verified,
                    False,
                    date=shipped.date,
                    action=shipped.action,
                    confidence=shipped.confidence,
                    as_of=shipped.as_of,
                    source=shipped.source,
                )
            )
    return out


def eligible_instruments(
    ws: Workspace, iso2: str, ref: ReferenceData | None = None
) -> list[PartyFact]:
    """Instruments a contribution can address: those the State is party to, or may be (unknown).

    A signatory is not bound by the instrument yet, so it is not reviewed under it either.
    """
    return [fact for fact in party_facts(ws, iso2, ref) if fact.status not in NOT_BOUND]


def review_group(ws: Workspace, iso2: str, ref: ReferenceData | None = None) -> GroupFact:
    ref = ref or load_reference()
    state = ref.state(iso2)
    fix = _corrections(ws, iso2).get(REVIEW_GROUP_FIELD)
    if fix and fix[0].strip().isdigit() and 1 <= int(fix[0]) <= 3:
        return GroupFact(int(fix[0]), "corrected", True, fix[1])
    return GroupFact(state.review_group, state.review_group_status, False)


@dataclass(frozen=True)
class StageFact:
    """Where the State's review really is, as the user recorded it (``None``: not recorded)."""

    stage: str | None
    cluster: int | None
    note: str = ""

    @property
    def advice(self) -> str:
        """The untranslated next-step advice for this stage (translate where shown)."""
        return STAGE_ADVICE[self.stage]


def review_stage(ws: Workspace, iso2: str) -> StageFact:
    """The stage and cluster the user recorded for ``iso2``; unreadable values count as none."""
    corrections = _corrections(ws, iso2)
    stage_fix = corrections.get(REVIEW_STAGE_FIELD)
    cluster_fix = corrections.get(REVIEW_CLUSTER_FIELD)
    stage = stage_fix[0] if stage_fix and stage_fix[0] in REVIEW_STAGES else None
    cluster = None
    if cluster_fix and cluster_fix[0].strip().isdigit() and 1 <= int(cluster_fix[0]) <= 4:
        cluster = int(cluster_fix[0])
    note = (stage_fix[1] if stage_fix and stage else "") or (cluster_fix[1] if cluster_fix else "")
    return StageFact(stage, cluster, note)


def record_stage(
    ws: Workspace, iso2: str, stage: str | None, cluster: int | None, note: str = ""
) -> None:
    """Store the stage and cluster (``None`` clears one); they travel in bundles like any
    correction."""
    if stage is not None and stage not in REVIEW_STAGES:
        raise ValueError(f"unknown review stage {stage!r}")
    if cluster is not None and not 1 <= cluster <= 4:
        raise ValueError(f"unknown cluster {cluster!r}")
    with ws.transaction():
        ws.correct_state(iso2.upper(), REVIEW_STAGE_FIELD, stage or "", note)
        ws.correct_state(iso2.upper(), REVIEW_CLUSTER_FIELD, str(cluster or ""), note)


def current_phase(timeline: list[ReviewPhase], today: date | None = None) -> ReviewPhase | None:
    """The phase of the theoretical timeline that ``today`` falls in (by year), if any."""
    year = (today or date.today()).year
    current = None
    for phase in timeline:
        start, end = int(phase.start[:4]), int(phase.end[:4])
        if start <= year < end or (current is None and start <= year <= end):
            current = phase
    return current
