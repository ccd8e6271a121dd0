"""Read one dossier out of the workspace into plain values, leaving out what must not leave the
office.

The sensitive filter lives here and only here: findings, evidence and partners marked sensitive are
dropped before any document is composed, so no writer can print them by mistake. Links from a
finding to excluded evidence are dropped with it, so the numbering [E1], [E2]... never reveals that
something was withheld.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.images import check_pixels
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.state_facts import PartyFact, party_facts
from untoc_desktop.i18n import _
from untoc_desktop.store.workspace import Workspace

Record = dict[str, Any]
MAX_LOGO_PIXELS = 800  # the longest side kept; a letterhead logo never needs more


@dataclass
class DossierData:
    dossier: Record
    organization: Record
    focal_point: Record
    articles: list[tuple[str, int]]
    findings: list[Record]
    evidence: list[Record]
    evidence_number: dict[str, int]  # evidence id -> 1-based number in the annex
    finding_refs: dict[str, list[int]]  # finding id -> evidence numbers it cites
    partners: list[Record]
    logo_png: bytes | None
    include_sensitive: bool
    included_sensitive: bool = False  # at least one sensitive item is in the document
    extra: dict[str, Any] = field(default_factory=dict)
    #: The State's status under each instrument, the user's corrections applied (the same
    #: facts the country step shows); empty while no State is chosen.
    party_facts: list[PartyFact] = field(default_factory=list)


def dossier_or_error(ws: Workspace, dossier_id: str) -> Record:
    dossier = ws.dossier(dossier_id) if dossier_id else None
    if dossier is None or dossier.get("deleted_at"):
        raise UserError(_("There is no dossier with the id {id}.").format(id=dossier_id))
    return dossier


def organization_of(ws: Workspace, dossier: Record) -> Record:
    org_id = dossier.get("organization_id")
    return (ws.get("organizations", org_id) if org_id else None) or ws.organization()


def logo_png(ws: Workspace, organization: Record) -> bytes | None:
    """The organization's logo re-encoded as a plain PNG, or a clear error if it is not an image.

    Re-encoding also strips any EXIF block (a phone photo of a logo can carry GPS coordinates).
    """
    sha = organization.get("logo_sha256")
    if not sha:
        return None
    data = ws.attachment(sha)
    if data is None:
        raise UserError(
            _(
                "The organization's logo is missing from the workspace. Choose the logo again "
                "in the organization profile."
            )
        )
    from PIL import Image, UnidentifiedImageError

    check_pixels(data, name=_("(the organization's logo)"))
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = opened.convert("RGBA") if opened.mode not in ("RGB", "RGBA") else opened.copy()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UserError(
            _(
                "The organization's logo is not an image that can be printed. Choose a PNG or "
                "JPEG file in the organization profile."
            )
        ) from exc
    image.thumbnail((MAX_LOGO_PIXELS, MAX_LOGO_PIXELS))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def gather(ws: Workspace, dossier_id: str, *, include_sensitive: bool = False) -> DossierData:
    dossier = dossier_or_error(ws, dossier_id)
    organization = organization_of(ws, dossier)
    logo = logo_png(ws, organization)

    def keep(row: Record) -> bool:
        return include_sensitive or not row.get("sensitive")

    all_findings = ws.children("findings", dossier_id)
    all_evidence = ws.children("evidence", dossier_id)
    all_partners = ws.children("partners", dossier_id, order_by="created_at")
    findings = [f for f in all_findings if keep(f)]
    evidence = [e for e in all_evidence if keep(e)]
    partners = [p for p in all_partners if keep(p) and p.get("cosigner")]
    numbers = {e["id"]: n for n, e in enumerate(evidence, start=1)}
    refs = {
        f["id"]: sorted(numbers[eid] for eid in ws.evidence_for(f["id"]) if eid in numbers)
        for f in findings
    }
    extra: dict[str, Any] = {}
    if (
        dossier.get("kind") == "declaration"
    ):  # issue 11: sections and signatories, sensitive filtered
        extra["sections"] = ws.children("declaration_sections", dossier_id)
        extra["signatories"] = [s for s in ws.children("signatories", dossier_id) if keep(s)]
    included_sensitive = any(
        r.get("sensitive") for r in (*findings, *evidence, *partners, *extra.get("signatories", ()))
    )
    return DossierData(
        dossier=dossier,
        organization=organization,
        focal_point=ws.focal_point(dossier_id),
        articles=ws.selected_articles(dossier_id),
        findings=findings,
        evidence=evidence,
        evidence_number=numbers,
        finding_refs=refs,
        partners=partners,
        logo_png=logo,
        include_sensitive=include_sensitive,
        included_sensitive=included_sensitive,
        extra=extra,
        party_facts=party_facts(ws, dossier["country"]) if _known_state(dossier) else [],
    )


def _known_state(dossier: Record) -> bool:
    """A State the reference data knows (a dossier may hold a code from an older version)."""
    try:
        load_reference().state(dossier.get("country") or "")
    except KeyError:
        return False
    return True
