"""Every exported field of a dialogue statement is checked for State mentions, the title included
(issue 23): the printed note says the statement refers to no specific country."""

from __future__ import annotations

from untoc_desktop.core import statement
from untoc_desktop.documents.api import what_is_missing


def test_a_state_in_the_title_is_reported(ws) -> None:  # noqa: ANN001
    sid = statement.create_statement(ws, title="Forced labour at sea in Kenya")
    statement.save_fields(ws, sid, statement_text="Fishing crews need protection.")
    missing = what_is_missing(ws, sid, "statement")
    assert any("title" in m and "Kenya" in m for m in missing), missing
    found = statement.exported_mentions(ws.dossier(sid))
    assert [m.text for m in found["title"]] == ["Kenya"] and not found["statement_text"]


def test_a_state_in_the_text_is_reported_and_a_clean_statement_is_not(ws) -> None:  # noqa: ANN001
    sid = statement.create_statement(ws, title="Forced labour at sea")
    statement.save_fields(ws, sid, statement_text="Kenyan crews need protection.")
    assert any("text" in m for m in what_is_missing(ws, sid, "statement"))
    statement.save_fields(ws, sid, statement_text="Crews need protection.")
    assert not any("State" in m for m in what_is_missing(ws, sid, "statement"))
