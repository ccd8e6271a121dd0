"""The constructive-dialogue statement and the joint declaration as PDF and DOCX in en, fr and
es."""

from __future__ import annotations

import pytest
from doc_helpers import docx_text, pdf_text

from untoc_desktop import cli
from untoc_desktop.core import declaration as decl
from untoc_desktop.core import statement as st
from untoc_desktop.core.errors import UserError
from untoc_desktop.documents import compose, render

HEADINGS = {
    "en": ("Organizations", "Individuals"),
    "fr": ("Organisations", "Personnes"),
    "es": ("Organizaciones", "Personas"),
}
KENYA = {"en": "Kenya", "fr": "Kenya", "es": "Kenia"}


@pytest.fixture
def declaration_id(ws) -> str:
    ws.save_organization(name="Alliance of NGOs")
    did = decl.create_declaration(ws, title="A Civil Society Declaration")
    decl.add_section(ws, did, "Preamble", "The crucial role of civil society.")
    decl.add_signatory(ws, did, kind="individual", name="Richard Anthony", country="KE")
    decl.add_signatory(ws, did, kind="organization", name="Rapha International", country="US")
    decl.add_signatory(
        ws, did, kind="individual", name="Shielded Witness", country="MX", sensitive=True
    )
    decl.add_signatory(ws, did, kind="organization", name="Soroptimist International")
    return did


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_declaration_lists_organizations_then_individuals(
    ws, declaration_id, tmp_path, lang, fmt
) -> None:
    out = render(ws, declaration_id, "declaration", fmt, lang, tmp_path / f"d.{fmt}")
    text = pdf_text(out) if fmt == "pdf" else docx_text(out)
    orgs, people = HEADINGS[lang]
    order = [
        text.index(s)
        for s in (
            orgs,
            "Rapha International",
            "Soroptimist International",
            people,
            f"Richard Anthony ({KENYA[lang]})",
        )
    ]
    assert order == sorted(order)
    assert "The crucial role of civil society." in text
    assert "Shielded Witness" not in text


def test_sensitive_signatory_only_when_deliberately_included(ws, declaration_id) -> None:
    doc = compose(ws, declaration_id, "declaration", "en", include_sensitive=True)
    assert "Shielded Witness" in doc.plain_text() and doc.confidential_label


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_statement_renders_in_each_language(ws, tmp_path, lang, fmt) -> None:
    ws.save_organization(name="Red Cívica")
    sid = st.create_statement(
        ws,
        title="Shelters first",
        language=lang,
        working_group="TIP",
        dialogue_date="2026-05-04",
        statement_limit=200,
    )
    st.save_fields(
        ws, sid, statement_text="Fund shelters for survivors.\n\nTrain labour inspectors."
    )
    out = render(ws, sid, "statement", fmt, None, tmp_path / f"s.{fmt}")
    text = pdf_text(out) if fmt == "pdf" else docx_text(out)
    assert "Fund shelters for survivors." in text and "Train labour inspectors." in text
    assert {"en": "May 4, 2026", "fr": "4 mai 2026", "es": "4 de mayo de 2026"}[lang] in text


def test_an_empty_statement_prints_marked_blanks(ws) -> None:
    sid = st.create_statement(ws, title="")
    text = compose(ws, sid, "statement", "en").plain_text()
    assert "[statement to be written]" in text and "[working group]" in text


def test_cli_renders_a_declaration_and_refuses_a_bad_id(ws_path, tmp_path, capsys) -> None:
    from untoc_desktop.store.workspace import Workspace

    with Workspace.open(ws_path) as ws:
        did = decl.create_declaration(ws, title="D")
    out = tmp_path / "d.pdf"
    assert (
        cli.main(
            [
                "render",
                "declaration",
                "--workspace",
                str(ws_path),
                "--dossier",
                did,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.stat().st_size > 0
    assert (
        cli.main(
            [
                "render",
                "statement",
                "--workspace",
                str(ws_path),
                "--dossier",
                "nope",
                "--out",
                str(tmp_path / "n.pdf"),
            ]
        )
        == 1
    )
    assert not (tmp_path / "n.pdf").exists()
    assert "nope" in capsys.readouterr().err


def test_unknown_document_is_a_clear_error(ws, declaration_id) -> None:
    with pytest.raises(UserError):
        compose(ws, declaration_id, "manifesto", "en")
