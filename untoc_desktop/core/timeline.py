"""The State's review timeline as data: which group, which cluster is under way, what is verified.

The guide's Figure 2 shows the preparatory phase, then four two-year clusters, staggered by group.
The picture in the interface is drawn from this module's :class:`Timeline`, which decides
everything that could be wrong (which row is the State's, which cluster "you are here" falls in,
which bars are only the theoretical plan) without Qt, so it is tested without a window. The real
process is badly delayed and most States' groups are not published, so nothing here pretends to
know more than the reference data and the user's own corrections say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from untoc_desktop.core.reference import ReferenceData
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.state_facts import GroupFact, StageFact, review_group, review_stage
from untoc_desktop.store.workspace import Workspace

GROUPS: tuple[int, ...] = (1, 2, 3)
#: Group statuses the user can rely on: the official list, or their own correction.
TRUSTED_GROUP_STATUSES = frozenset({"verified", "corrected"})


def parse_point(text: str) -> date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from the reference data, as the first day it
    names."""
    parts = text.strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a reference date: {text!r}")
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    return date(numbers[0], numbers[1], numbers[2])


@dataclass(frozen=True)
class Bar:
    """One phase of one group's plan."""

    group: int
    kind: str  # preparatory | cluster
    cluster: int | None
    start: date
    end: date
    verified: bool  # the phase's dates come from an official source

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass(frozen=True)
class KnownDate:
    """A dated milestone the user recorded (a dialogue, a consultation), shown on the axis."""

    when: date
    kind: str
    title: str


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    group: int | None  # the State's group, None when nobody knows it
    group_status: str  # verified | secondary | inferred | unknown | corrected
    today: date
    known_dates: tuple[KnownDate, ...]
    start: date
    end: date
    stage: StageFact = StageFact(None, None)

    @property
    def group_verified(self) -> bool:
        return self.group is not None and self.group_status in TRUSTED_GROUP_STATUSES

    @property
    def unverified(self) -> bool:
        """True when the State's place in the review is not established (no group or not
        trusted)."""
        return not self.group_verified

    def rows(self) -> list[int]:
        return sorted({bar.group for bar in self.bars})

    def bars_of(self, group: int) -> list[Bar]:
        return [bar for bar in self.bars if bar.group == group]

    def planned_bar(self) -> Bar | None:
        """The phase of the State's group that today falls in according to the plan, if the group
        is known. Only the plan: the real process runs years late."""
        if self.group is None:
            return None
        for bar in self.bars_of(self.group):
            if bar.contains(self.today):
                return bar
        return None

    def current_bar(self) -> Bar | None:
        """Where the State's review is ("you are here"), only as far as it is known.

        The user's recorded cluster wins; otherwise the plan's phase is used only when its dates
        are verified. A planned, unverified phase is not where the review is: in 2026 the plan
        puts group 1 on cluster 4, while the latest dated facts show the mechanism still mainly on
        cluster I.
        """
        if self.group is not None and self.stage.cluster is not None:
            for bar in self.bars_of(self.group):
                if bar.cluster == self.stage.cluster:
                    return bar
            return None
        planned = self.planned_bar()
        return planned if planned is not None and planned.verified else None

    def current_cluster(self) -> int | None:
        bar = self.current_bar()
        return bar.cluster if bar is not None else None

    def after_plan(self) -> bool:
        """Today is past the end of the State's theoretical plan (the real process runs late)."""
        bars = self.bars_of(self.group) if self.group is not None else []
        return bool(bars) and self.today >= max(bar.end for bar in bars)

    def fraction(self, day: date) -> float:
        """Where ``day`` falls on the axis, 0 at ``start`` and 1 at ``end`` (clamped)."""
        span = (self.end - self.start).days or 1
        return min(1.0, max(0.0, (day - self.start).days / span))


def build(
    ref: ReferenceData,
    fact: GroupFact,
    today: date,
    known: list[KnownDate] | None = None,
    stage: StageFact | None = None,
) -> Timeline:
    """The three groups' staggered plans, the State's row and today's place among them."""
    bars: list[Bar] = []
    for group in GROUPS:
        previous_end: date | None = None
        for phase in ref.review_timeline(group):
            start, end = parse_point(phase.start), parse_point(phase.end)
            # Year-only starts ("2020") would overlap a phase ending in October of that year.
            if previous_end is not None and start < previous_end < end:
                start = previous_end
            bars.append(
                Bar(group, phase.kind, phase.cluster, start, end, phase.status == "verified")
            )
            previous_end = end
    dates = sorted(known or [], key=lambda k: k.when)
    start = min(bar.start for bar in bars)
    end = max([bar.end for bar in bars] + [today] + [k.when for k in dates])
    start = min([start] + [k.when for k in dates])
    state_group = fact.group if fact.group in GROUPS else None
    status = fact.status if state_group is not None else "unknown"
    return Timeline(
        tuple(bars),
        state_group,
        status,
        today,
        tuple(dates),
        date(start.year, 1, 1),
        date(end.year + 1, 1, 1),
        stage or StageFact(None, None),
    )


def known_dates(rows: list[dict[str, Any]]) -> list[KnownDate]:
    """Milestone rows with a readable ISO date; unreadable ones are skipped (their table shows the
    error)."""
    out = []
    for row in rows:
        try:
            when = date.fromisoformat(str(row.get("date", "")).strip())
        except ValueError:
            continue
        out.append(KnownDate(when, str(row.get("kind", "other")), str(row.get("title", ""))))
    return out


def for_state(
    ws: Workspace,
    iso2: str,
    dossier_id: str | None = None,
    today: date | None = None,
    ref: ReferenceData | None = None,
) -> Timeline:
    """The timeline for ``iso2`` with the user's corrections and, if given, the dossier's
    milestones.

    An empty or unknown ``iso2`` gives the three groups' plans with no row marked as the State's.
    """
    ref = ref or load_reference()
    try:
        fact = review_group(ws, iso2, ref) if iso2 else GroupFact(None, "unknown", False)
    except KeyError:
        fact = GroupFact(None, "unknown", False)
    stage = review_stage(ws, iso2) if iso2 and fact.group is not None else None
    rows = ws.children("milestones", dossier_id, order_by="date") if dossier_id else []
    return build(ref, fact, today or date.today(), known_dates(rows), stage)
