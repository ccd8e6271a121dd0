"""The letter as the guide means it: sent before anyone knows who the focal point is (issue 23).

Without a name it is addressed to the office that coordinates the review (or the ministry the user
named), prints no bracketed placeholder, asks who the focal point is, fits on one page, and reads
the organization's own words as part of its sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import docx_text, pdf_pages, pdf_text

from untoc_desktop.documents import compose, render
from untoc_desktop.store.workspace import Workspace

LANGS = ("en", "fr", "es")


def _runs(doc) -> list:  # noqa: ANN001
    out = []
    for block in doc.blocks:
        stack = [block]
        while stack:
            item = stack.pop()
            runs = getattr(item, "runs", None)
            if runs:
                out.extend(runs)
            for attr in ("blocks", "items"):
                for child in getattr(item, attr, ()) or ():
                    stack.extend(child if isinstance(child, tuple) else (child,))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_no_placeholder_when_the_focal_point_is_unknown(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, lang: str, fmt: str
) -> None:
    dossier = demo[lang]
    assert not ws.focal_point(dossier)["name"].strip()  # the demo's case: name not known yet
    out = render(ws, dossier, "letter", fmt, lang, tmp_path / f"letter.{fmt}")
    text = pdf_text(out) if fmt == "pdf" else docx_text(out)
    assert "[" not in text and "]" not in text, text[:400]
    assert not [r for r in _runs(compose(ws, dossier, "letter", lang)) if r.blank]


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_letter_fits_on_one_page(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, lang: str
) -> None:
    out = render(ws, demo[lang], "letter", "pdf", lang, tmp_path / "letter.pdf")
    assert len(pdf_pages(out)) == 1


def test_addressed_to_the_coordinating_office_and_asks_for_the_focal_point(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    dossier = demo["en"]
    ws.set_focal_point(dossier, name="", position="", ministry="", address="", email="")
    text = pdf_text(render(ws, dossier, "letter", "pdf", "en", tmp_path / "a.pdf"))
    assert "[" not in text
    assert "office coordinating" in text.lower()
    assert "name of the focal point" in text.lower()  # the request, not a placeholder
    ws.set_focal_point(dossier, ministry="Ministry of Justice")
    text = pdf_text(render(ws, dossier, "letter", "pdf", "en", tmp_path / "b.pdf"))
    assert "Ministry of Justice" in text and "[" not in text


def test_a_named_focal_point_is_greeted_by_name(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    dossier = demo["en"]
    ws.set_focal_point(dossier, name="Ms Jane Wanjiru")
    text = pdf_text(render(ws, dossier, "letter", "pdf", "en", tmp_path / "n.pdf"))
    assert "Dear Ms Jane Wanjiru," in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_issues_read_as_part_of_the_sentence(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, lang: str
) -> None:
    ws.save_organization(focus_issues="Trafficking in persons at sea; Access to justice.")
    text = pdf_text(render(ws, demo[lang], "letter", "pdf", lang, tmp_path / "f.pdf"))
    assert "Trafficking in persons at sea" not in text
    assert "trafficking in persons at sea; Access to justice" in text
    assert "justice.." not in text
