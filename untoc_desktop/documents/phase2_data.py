"""What the Phase 2 documents (public summary, press release, follow-up report, social texts) read
beyond ``gather``: the pledge, its commitments and each recommendation's follow-up.

``gather`` already left out what is sensitive; the follow-up of a recommendation that was left out
is left out with it here. Stakeholders and the engagement log never appear in a public document:
they name people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from untoc_desktop.documents import names
from untoc_desktop.documents.gather import DossierData, Record
from untoc_desktop.store import phase2
from untoc_desktop.store.workspace import Workspace

#: The documents that read this, and ``DossierData.extra``'s key for it.
DOCUMENTS: tuple[str, ...] = names.PHASE2
KEY = "phase2"


@dataclass
class Phase2Data:
    pledge: Record | None
    commitments: dict[int, list[Record]] = field(default_factory=dict)
    histories: dict[str, list[Record]] = field(default_factory=dict)


def collect(ws: Workspace, dossier_id: str, data: DossierData) -> dict[str, Any]:
    """``DossierData.extra`` entries for the Phase 2 documents."""
    kept = {f["id"] for f in data.findings if f["kind"] == "recommendation"}
    commitments: dict[int, list[Record]] = {}
    for row in phase2.commitment_history(ws, dossier_id):
        commitments.setdefault(row["commitment"], []).append(row)
    histories = {fid: rows for fid, rows in phase2.histories(ws, dossier_id).items() if fid in kept}
    return {KEY: Phase2Data(phase2.pledge_if_any(ws, dossier_id), commitments, histories)}


def of(data: DossierData) -> Phase2Data:
    found = data.extra.get(KEY)
    return found if isinstance(found, Phase2Data) else Phase2Data(None)


def recommendations(data: DossierData) -> list[Record]:
    return [f for f in data.findings if f["kind"] == "recommendation" and f["text"].strip()]


def findings_of(data: DossierData, kind: str) -> list[Record]:
    return [f for f in data.findings if f["kind"] == kind and f["text"].strip()]


def cleared_partners(data: DossierData) -> list[Record]:
    """Co-signers a public document may name: organizations, and individuals only when they
    agreed to sign (``agreed_on``): a public text names no person who has not cleared it."""
    return [
        p
        for p in data.partners
        if p["name"].strip() and (p["kind"] == "organization" or p["agreed_on"].strip())
    ]
