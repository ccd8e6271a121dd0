"""What the rendered files say: language, sensitive filter, confidential mark, numbering,
metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from doc_helpers import docx_text, pdf_pages, pdf_text, squash
from pypdf import PdfReader

from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.typography import apostrophes, long_date
from untoc_desktop.documents import compose, preview_pages, render
from untoc_desktop.documents.templates import load as load_template
from untoc_desktop.store.workspace import Workspace

LANGS = ("en", "fr", "es")


def sensitive_texts(ws: Workspace, dossier_id: str) -> list[str]:
    findings = [f["text"] for f in ws.children("findings", dossier_id) if f["sensitive"]]
    evidence = [e["description"] for e in ws.children("evidence", dossier_id) if e["sensitive"]]
    assert findings and evidence, (
        "the demo dossier must hold sensitive items for these tests to mean anything"
    )
    return [squash(t) for t in findings + evidence]


@pytest.mark.parametrize("lang", LANGS)
def test_letter_pdf_is_in_the_document_language(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, lang: str
) -> None:
    out = render(ws, demo[lang], "letter", "pdf", lang, tmp_path / "letter.pdf")
    text = pdf_text(out)
    template = load_template("letter", lang)
    assert long_date(date.today(), lang) in text
    assert squash(template["closing"]) in text
    assert squash(template["subject"]) in text
    assert load_reference().country_name("KE", lang) in text
    org = ws.organization()
    assert org["signatory_name"] in text
    others = [load_template("letter", other)["closing"] for other in LANGS if other != lang]
    assert not any(squash(other) in text for other in others)


def test_document_language_is_independent_of_the_dossier_language(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    out = render(ws, demo["en"], "pledge", "pdf", "es", tmp_path / "pledge.pdf")
    text = pdf_text(out)
    assert squash(load_template("pledge", "es")["transparency"]) in text
    assert squash(load_template("pledge", "en")["transparency"]) not in text


def test_language_defaults_to_the_dossier_language(ws: Workspace, demo: dict[str, str]) -> None:
    doc = compose(ws, demo["fr"], "letter")
    assert doc.lang == "fr"
    assert long_date(date.today(), "fr") in doc.plain_text()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_sensitive_items_are_left_out_by_default(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    dossier = demo["en"]
    out = render(ws, dossier, "submission", fmt, "en", tmp_path / f"s.{fmt}")
    text = pdf_text(out) if fmt == "pdf" else docx_text(out)
    for secret in sensitive_texts(ws, dossier):
        assert secret[:60] not in text
    assert "CONFIDENTIAL" not in text
    kept = [f for f in ws.children("findings", dossier) if not f["sensitive"]]
    assert squash(kept[0]["text"])[:60] in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_sensitive_items_included_on_request_with_a_mark_on_every_page(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    dossier = demo["en"]
    out = render(
        ws, dossier, "submission", fmt, "en", tmp_path / f"s.{fmt}", include_sensitive=True
    )
    if fmt == "pdf":
        pages = pdf_pages(out)
        assert len(pages) > 2
        assert all("CONFIDENTIAL" in page for page in pages)
        text = " ".join(pages)
    else:
        document = docx.Document(str(out))
        assert "CONFIDENTIAL" in document.sections[0].header.paragraphs[0].text
        text = docx_text(out)
    for secret in sensitive_texts(ws, dossier):
        assert secret[:60] in text


def test_every_pdf_page_has_its_number_and_the_dossier_title(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    dossier = ws.dossier(demo["en"])
    pages = pdf_pages(render(ws, demo["en"], "submission", "pdf", "en", tmp_path / "s.pdf"))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert squash(dossier["title"])[:40] in page


def test_evidence_numbering_has_no_holes_when_sensitive_evidence_is_withheld(
    ws: Workspace, demo: dict[str, str]
) -> None:
    dossier = demo["en"]
    total = len(ws.children("evidence", dossier))
    public = len([e for e in ws.children("evidence", dossier) if not e["sensitive"]])
    text = compose(ws, dossier, "submission", "en").plain_text()
    assert public < total
    for n in range(1, public + 1):
        assert f"E{n}" in text
    assert f"E{public + 1}" not in text


def test_submission_lists_articles_with_official_titles_in_the_document_language(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    ref = load_reference()
    out = render(ws, demo["fr"], "submission", "docx", "fr", tmp_path / "s.docx")
    text = docx_text(out)
    for instrument, number in ws.selected_articles(demo["fr"]):
        assert squash(ref.article(instrument, number).title("fr")) in text
    assert ref.cluster(1).name("fr") in text


def test_pdf_metadata_and_embedded_fonts(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    out = render(ws, demo["fr"], "submission", "pdf", "fr", tmp_path / "s.pdf", properties=True)
    reader = PdfReader(str(out))
    # asked for (issue 19); French print has the typographic apostrophe (issue 25)
    assert reader.metadata.title == apostrophes(ws.dossier(demo["fr"])["title"], "fr")
    assert reader.metadata.author == ws.organization()["name"]
    assert str(reader.trailer["/Root"].get("/Lang")) == "fr"
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
        if "/BaseFont" in f.get_object()
    }
    assert any("DejaVuSans" in name for name in fonts)
    assert reader.outline, "headings must appear in the PDF outline"


def test_docx_uses_word_headings_and_scrubbed_properties(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    out = render(ws, demo["es"], "submission", "docx", "es", tmp_path / "s.docx")
    document = docx.Document(str(out))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Title"} <= styles
    props = document.core_properties
    assert props.author == "" and props.title == ""  # named only when asked: issue 19
    assert "python-docx" not in f"{props.author} {props.comments} {props.last_modified_by}"
    named = render(ws, demo["es"], "submission", "docx", "es", tmp_path / "n.docx", properties=True)
    assert docx.Document(str(named)).core_properties.author == ws.organization()["name"]
    assert props.language == "es-ES"
    assert props.created.year >= 2024


def test_names_in_cyrillic_and_arabic_scripts_print(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    dossier = demo["en"]
    ws.insert("partners", dossier_id=dossier, kind="individual", name="Иван Петров", cosigner=True)
    ws.insert("partners", dossier_id=dossier, kind="individual", name="مريم الحسن", cosigner=True)
    out = render(ws, dossier, "submission", "pdf", "en", tmp_path / "s.pdf")
    reader = PdfReader(str(out))
    assert "Иван Петров" in pdf_text(out)
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("NotoNaskhArabic" in name for name in fonts)


def test_exporting_the_submission_records_the_export(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    dossier = demo["en"]
    assert ws.dossier(dossier)["exported_at"] is None
    render(ws, dossier, "letter", "pdf", "en", tmp_path / "l.pdf")
    assert ws.dossier(dossier)["exported_at"] is None
    render(ws, dossier, "submission", "docx", "en", tmp_path / "s.docx")
    assert ws.dossier(dossier)["exported_at"]


def test_preview_is_a_pdf_without_sensitive_items(ws: Workspace, demo: dict[str, str]) -> None:
    data = preview_pages(ws, demo["en"], "submission", "en")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for secret in sensitive_texts(ws, demo["en"]):
        assert secret[:60] not in text


def test_progress_is_reported_up_to_the_end(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    render(
        ws,
        demo["en"],
        "pledge",
        "pdf",
        "en",
        tmp_path / "p.pdf",
        progress=lambda a, b: seen.append((a, b)),
    )
    assert seen[0][0] == 0
    assert seen[-1][0] == seen[-1][1]
    assert [a for a, _b in seen] == sorted(a for a, _b in seen)
