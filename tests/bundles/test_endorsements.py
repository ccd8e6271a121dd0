"""Collecting endorsements of a joint declaration offline, between two offices, by bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from untoc_desktop.bundles.endorsements import (
    endorse,
    endorsements,
    send_for_endorsement,
    to_ask_again,
    verify,
)
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, read_bundle
from untoc_desktop.bundles.keys import SigningKey
from untoc_desktop.core import declaration as decl
from untoc_desktop.core.errors import UserError
from untoc_desktop.store.workspace import Workspace


def _import(path: Path, bundle: Path) -> None:
    with Workspace.open(path) as ws:
        apply(ws, read_bundle(bundle, None, known_keys(ws), own_office_id=ws.office_id))


def _coordinated(make_office, tmp_path) -> tuple[Path, Path, str, str]:
    """A coordinator's declaration, sent to a partner who adds itself and signs, and sent back."""
    coordinator, partner = make_office("coord"), make_office("partner")
    with Workspace.open(coordinator) as ws:
        did = decl.create_declaration(ws, title="Civil Society Declaration")
        decl.add_section(ws, did, "Preamble", "We, civil society...")
        decl.add_section(ws, did, "Declaration", "We call on all Parties...")
        decl.add_signatory(
            ws,
            did,
            kind="organization",
            name="Coordinating Network",
            country="KE",
            agreed_on="2026-01-10",
            agreed_how="email",
        )
        send_for_endorsement(ws, did, tmp_path / "out")
    _import(partner, tmp_path / "out.untoc")
    with Workspace.open(partner) as ws:
        sid = decl.add_signatory(ws, did, kind="organization", name="Partner Org", country="MX")
        endorse(ws, sid)
        assert [e.status for e in endorsements(ws, did)] == ["recorded", "verified"]
        export_bundle(ws, tmp_path / "back", [did])
    _import(coordinator, tmp_path / "back.untoc")
    return coordinator, partner, did, sid


def test_partner_endorsement_is_verified_at_the_coordinator(make_office, tmp_path) -> None:
    coordinator, _partner, did, sid = _coordinated(make_office, tmp_path)
    with Workspace.open(coordinator) as ws:
        states = {e.signatory["name"]: e.status for e in endorsements(ws, did)}
        assert states == {"Coordinating Network": "recorded", "Partner Org": "verified"}
        assert to_ask_again(ws, did) == []


def test_a_text_change_after_signing_asks_the_signatory_again(make_office, tmp_path) -> None:
    coordinator, _partner, did, sid = _coordinated(make_office, tmp_path)
    with Workspace.open(coordinator) as ws:
        section = decl.sections(ws, did)[1]
        ws.update("declaration_sections", section["id"], text="We call on all Parties, urgently...")
        assert [r["id"] for r in to_ask_again(ws, did)] == [sid]
        assert {e.signatory["id"]: e.status for e in endorsements(ws, did)}[sid] == "needs_renewal"
        # a trailing space or a different Unicode form of the same text is not a change
        ws.update("declaration_sections", section["id"], text="We call on all Parties...  ")
        assert to_ask_again(ws, did) == []


def test_a_forged_endorsement_is_not_verified(make_office, tmp_path) -> None:
    coordinator, _partner, did, sid = _coordinated(make_office, tmp_path)
    with Workspace.open(coordinator) as ws:
        row = ws.get("signatories", sid)
        forger = SigningKey.generate()  # someone else's key, claiming to be the partner office
        forged = forger.sign(decl.endorsement_message(row, row["endorsed_hash"]), "endorsement")
        ws.update("signatories", sid, endorsement_signature=forged)
        assert verify(ws, ws.get("signatories", sid)) is False
        assert {e.signatory["id"]: e.status for e in endorsements(ws, did)}[sid] == "invalid"


def test_a_signature_moved_to_another_name_is_not_verified(make_office, tmp_path) -> None:
    coordinator, _partner, did, sid = _coordinated(make_office, tmp_path)
    with Workspace.open(coordinator) as ws:
        ws.update("signatories", sid, name="Someone Else")
        assert {e.signatory["id"]: e.status for e in endorsements(ws, did)}[sid] == "invalid"


def test_an_endorsement_from_an_unknown_office_is_not_verified(make_office, tmp_path) -> None:
    coordinator, _partner, did, sid = _coordinated(make_office, tmp_path)
    with Workspace.open(coordinator) as ws:
        ws.update("signatories", sid, endorsed_office_id="never-seen")
        assert {e.signatory["id"]: e.status for e in endorsements(ws, did)}[sid] == "unknown_office"


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "robot", "name": "x"},
        {"kind": "individual", "name": "   "},
        {"kind": "individual", "name": "x", "country": "XX"},
        {"kind": "individual", "name": "x", "agreed_on": "yesterday"},
    ],
)
def test_bad_signatories_are_refused(ws, bad) -> None:
    did = decl.create_declaration(ws, title="D")
    with pytest.raises(UserError):
        decl.add_signatory(ws, did, **bad)
    assert decl.signatories(ws, did) == []


def test_signatories_come_organizations_first(ws) -> None:
    did = decl.create_declaration(ws, title="D")
    decl.add_signatory(ws, did, kind="individual", name="Richard Anthony")
    decl.add_signatory(ws, did, kind="organization", name="Rapha International")
    decl.add_signatory(ws, did, kind="individual", name="Hidden Person", sensitive=True)
    decl.add_signatory(ws, did, kind="organization", name="Soroptimist International")
    names = [r["name"] for r in decl.signatories(ws, did, include_sensitive=False)]
    assert names == ["Rapha International", "Soroptimist International", "Richard Anthony"]


def test_endorse_refuses_a_missing_signatory_and_other_kinds(ws) -> None:
    with pytest.raises(UserError):
        endorse(ws, "nobody")
    with pytest.raises(UserError):
        decl.add_section(ws, ws.create_dossier(title="a submission"), "x")
