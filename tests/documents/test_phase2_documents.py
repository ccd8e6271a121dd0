"""The Phase 2 documents (issue 24): public summary, press release, follow-up, social texts."""

from __future__ import annotations

import pytest

from untoc_desktop.core.demo import build_demo
from untoc_desktop.documents import api
from untoc_desktop.documents.common import Context
from untoc_desktop.documents.gather import gather
from untoc_desktop.documents.social import LIMIT, texts
from untoc_desktop.store import phase2

SECRET = "Witness Zeta Omega testified in camera"


@pytest.fixture
def demo(ws):
    dossier = build_demo(ws, "KE", "en")
    rec = ws.add_finding(dossier, "recommendation", SECRET)
    ws.update("findings", rec, sensitive=1)
    phase2.add_recommendation_status(ws, rec, "raised", "2026-01-01", "Hidden meeting notes")
    return dossier


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("document", ["public", "press", "followup", "social"])
def test_renders_in_three_languages_without_sensitive_items(ws, demo, tmp_path, document, lang):
    doc = api.compose(ws, demo, document, lang)
    text = doc.plain_text()
    assert SECRET not in text and "Hidden meeting notes" not in text
    assert "Zeta" not in text
    for fmt in ("pdf", "docx", "txt"):
        out = api.render(ws, demo, document, fmt, lang, tmp_path / f"{document}.{lang}.{fmt}")
        assert out.stat().st_size > 0
    included = api.compose(ws, demo, document, lang, include_sensitive=True).plain_text()
    if document in ("public", "followup"):
        assert SECRET in included


def test_public_summary_fits_two_pages(ws, demo, tmp_path):
    from pypdf import PdfReader

    out = api.render(ws, demo, "public", "pdf", "fr", tmp_path / "p.pdf")
    assert len(PdfReader(out).pages) <= 2


def test_followup_report_shows_each_recommendations_history(ws, demo):
    [first, *_rest] = [r for r in ws.children("findings", demo) if r["kind"] == "recommendation"]
    phase2.add_recommendation_status(ws, first["id"], "observations", "2026-06-01", "Observation 7")
    phase2.add_recommendation_status(ws, first["id"], "implemented", "2026-09-01", "Law adopted")
    text = api.compose(ws, demo, "followup", "en").plain_text()
    assert "Reflected in the review's observations" in text and "Observation 7" in text
    assert text.index("Observation 7") < text.index("Law adopted")
    assert "Recommendation 3" in text and "No follow-up recorded yet." in text
    phase2.set_pledge_answer(ws, demo, "signed", "2026-03-01")
    signed = api.compose(ws, demo, "followup", "es").plain_text()
    assert "Consultar a las partes interesadas sobre la autoevaluación" in signed
    assert "Todavía no" in signed  # commitment 1's latest status in the demo


def test_public_names_only_cleared_individuals(ws, demo):
    ws.insert("partners", dossier_id=demo, kind="individual", name="Uncleared Person", cosigner=1)
    text = api.compose(ws, demo, "public", "en").plain_text()
    assert "Uncleared Person" not in text
    assert "Women Fishworkers' Association" in text


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_social_texts_fit_and_carry_their_length(ws, demo, lang):
    data = gather(ws, demo)
    ctx = Context.create(lang)
    items = texts(data, ctx)
    assert len(items) == 3 and all(len(t) <= LIMIT for t in items)
    ws.update(
        "findings",
        [r for r in ws.children("findings", demo) if r["kind"] == "recommendation"][0]["id"],
        text="Very long recommendation " * 30,
    )
    long_items = texts(gather(ws, demo), ctx)
    assert all(len(t) <= LIMIT for t in long_items) and "…" in long_items[1]
    doc = api.compose(ws, demo, "press", lang).plain_text()
    assert str(len(items[0])) in doc


def test_pledge_state_is_told_in_the_documents_language(ws, demo):
    assert "waiting for its answer" in api.compose(ws, demo, "public", "en").plain_text()
    phase2.set_pledge_answer(ws, demo, "declined", "2026-02-01")
    assert "a refusé de signer" in api.compose(ws, demo, "public", "fr").plain_text()


@pytest.mark.parametrize(
    ("lang", "one"),
    [
        ("en", "publishes 1 recommendation for"),
        ("fr", "publie 1 recommandation pour"),
        ("es", "publica 1 recomendación para"),
    ],
)
def test_one_recommendation_is_counted_in_the_singular(ws, demo, lang, one):
    """Issue 25: the headline and the first social text said "1 recommendations"."""
    recommendations = [r for r in ws.children("findings", demo) if r["kind"] == "recommendation"]
    for extra in recommendations[1:]:
        ws.update("findings", extra["id"], kind="gap")
    press = api.compose(ws, demo, "press", lang).plain_text()
    assert one in press
    first = texts(gather(ws, demo), Context.create(lang))[0]
    assert " 1 recom" in first and "1 recommendations" not in first
    assert "1 recomendaciones" not in first and "1 recommandations" not in first
