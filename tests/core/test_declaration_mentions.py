"""Every exported field of a joint declaration is checked for State mentions, the title included,
as for dialogue statements (issue 23); what is missing names each field and the States found."""

from __future__ import annotations

from untoc_desktop.core import declaration as decl
from untoc_desktop.documents.api import what_is_missing
from untoc_desktop.store import dossiers


def _clean(ws) -> str:  # noqa: ANN001
    did = decl.create_declaration(ws, title="Protect those who report organized crime")
    decl.add_section(ws, did, title="Our concerns", text="Witnesses need protection.")
    decl.add_signatory(ws, did, kind="organization", name="Coastal Watch", country="KE")
    return did


def _state_messages(ws, did: str) -> list[str]:  # noqa: ANN001
    return [m for m in what_is_missing(ws, did, "declaration") if "names a State" in m]


def test_a_clean_declaration_reports_no_state(ws) -> None:  # noqa: ANN001
    did = _clean(ws)
    assert not _state_messages(ws, did)  # the signatory's country is printed by design
    found = decl.exported_mentions(ws, did)
    assert found and not any(f.mentions for f in found), found


def test_the_title_is_checked(ws) -> None:  # noqa: ANN001
    did = _clean(ws)
    dossiers.set_title(ws, did, "Forced labour at sea off Kenya")
    messages = _state_messages(ws, did)
    assert any("title" in m and "Kenya" in m for m in messages), messages


def test_section_titles_texts_and_signatory_names_are_checked(ws) -> None:  # noqa: ANN001
    did = _clean(ws)
    decl.add_section(ws, did, title="Nigeria's ports", text="Ghanaian crews are exploited.")
    decl.add_signatory(ws, did, kind="organization", name="Senegal Fishers Union")
    messages = " | ".join(_state_messages(ws, did))
    for name in ("Nigeria", "Ghanaian", "Senegal"):
        assert name in messages, messages
    assert "section 2" in messages, messages
