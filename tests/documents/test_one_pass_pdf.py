"""The PDF is laid out once: the contents' page numbers and "page X of Y" drawn after layout must be
exactly what laying everything out twice (reportlab's multiBuild) gives."""

from __future__ import annotations

import io

import pytest
from doc_helpers import pdf_pages

from untoc_desktop.documents import compose
from untoc_desktop.documents import pdf as pdf_module
from untoc_desktop.documents.model import Document
from untoc_desktop.store.workspace import Workspace


def _long_submission(ws: Workspace, dossier_id: str) -> Document:
    for i in range(60):  # enough findings for the headings to spread over many pages
        ws.add_finding(
            dossier_id,
            "gap" if i % 2 else "good_practice",
            f"Finding {i}: " + "shelter capacity " * 40,
        )
    return compose(ws, dossier_id, "submission", "en")


def _two_passes(document: Document) -> bytes:
    out = io.BytesIO()
    pdf_module.write_two_passes(document, out)
    return out.getvalue()


def test_one_pass_gives_the_same_pages_as_two_and_needs_no_second_layout(
    ws: Workspace, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _long_submission(ws, demo["en"])
    expected = pdf_pages(_two_passes(document))
    monkeypatch.setattr(
        pdf_module, "write_two_passes", lambda *a, **k: pytest.fail("fell back to two passes")
    )
    pages = pdf_pages(pdf_module.to_bytes(document))
    assert pages == expected
    assert len(pages) > 5 and all(
        f"Page {n} of {len(pages)}" in p for n, p in enumerate(pages, start=1)
    )


def test_when_layout_does_not_meet_the_headings_as_planned_it_lays_out_again(
    ws: Workspace, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _long_submission(ws, demo["en"])
    expected = pdf_pages(_two_passes(document))
    planned = pdf_module._contents_entries
    monkeypatch.setattr(
        pdf_module, "_contents_entries", lambda story: [*planned(story), (0, "Ghost", "h999")]
    )
    calls: list[int] = []
    real = pdf_module.write_two_passes
    monkeypatch.setattr(
        pdf_module, "write_two_passes", lambda *a, **k: (calls.append(1), real(*a, **k))
    )
    out = io.BytesIO()
    pdf_module.write(document, out)
    assert calls == [1]
    assert pdf_pages(out.getvalue()) == expected  # written once, the second layout's result only
