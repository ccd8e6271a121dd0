"""The figures behind "the dossier at a glance": steps done, findings by kind per article, evidence.

Computed from the workspace each time, like ``core.plan.missing``, so the picture can never
disagree with the tables the user edits. Kept free of Qt so the counting is tested without a window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from untoc_desktop.core import plan
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import FINDING_KINDS, Workspace


@dataclass(frozen=True)
class ArticleCounts:
    """Findings about one article, by kind (``None`` instrument/article: not tied to an article)."""

    instrument: str | None
    article: int | None
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


@dataclass(frozen=True)
class EvidenceCounts:
    total: int
    sensitive: int
    linked: int  # linked to at least one finding
    with_file: int  # carries an attachment


@dataclass(frozen=True)
class Glance:
    done_steps: frozenset[int]
    missing: tuple[plan.Missing, ...]
    articles: tuple[ArticleCounts, ...]
    evidence: EvidenceCounts


def findings_by_article(ws: Workspace, dossier_id: str) -> list[ArticleCounts]:
    """Selected articles first (in the scope's order, even with no finding yet), then any others."""
    counts: dict[tuple[str | None, int | None], Counter[str]] = {}
    for instrument, article in ws.selected_articles(dossier_id):
        counts[(instrument, article)] = Counter()
    for finding in ws.children("findings", dossier_id):
        kind = finding["kind"] if finding["kind"] in FINDING_KINDS else "observation"
        key = (finding["instrument"] or None, finding["article"])
        counts.setdefault(key, Counter())[kind] += 1
    return [
        ArticleCounts(instrument, article, kinds) for (instrument, article), kinds in counts.items()
    ]


def evidence_counts(ws: Workspace, dossier_id: str) -> EvidenceCounts:
    rows = ws.children("evidence", dossier_id)
    linked = dossiers.linked_evidence_count(ws, dossier_id)
    return EvidenceCounts(
        total=len(rows),
        sensitive=sum(1 for row in rows if row["sensitive"]),
        linked=linked,
        with_file=sum(1 for row in rows if row["attachment_sha256"]),
    )


def glance(ws: Workspace, dossier_id: str) -> Glance:
    items = plan.missing(ws, dossier_id)
    done = frozenset(step.number for step in plan.STEPS if plan.step_complete(items, step.number))
    return Glance(
        done,
        tuple(items),
        tuple(findings_by_article(ws, dossier_id)),
        evidence_counts(ws, dossier_id),
    )
