from __future__ import annotations

from untoc_desktop.core.plan import STEPS, missing, progress, step_complete, word_count
from untoc_desktop.store.workspace import Workspace


def test_nine_steps_in_order() -> None:
    assert [s.number for s in STEPS] == list(range(1, 10))
    assert len({s.key for s in STEPS}) == 9


def test_empty_dossier_lacks_something_in_every_required_step(ws: Workspace) -> None:
    dossier_id = ws.create_dossier()
    items = missing(ws, dossier_id)
    incomplete = {s.number for s in STEPS if not step_complete(items, s.number)}
    assert incomplete == {1, 2, 3, 4, 5, 7, 8, 9}  # partners are optional
    assert progress(ws, dossier_id) == (1, 9)


def test_filling_fields_clears_their_items(ws: Workspace) -> None:
    dossier_id = ws.create_dossier()
    ws.update("dossiers", dossier_id, country="KE")
    codes = {m.code for m in missing(ws, dossier_id)}
    assert "country" not in codes
    ws.set_article_selected(dossier_id, "TIP", 3, True)
    codes = {m.code for m in missing(ws, dossier_id)}
    assert "articles" not in codes and "article_empty" in codes
    ws.add_finding(dossier_id, "gap", "text", instrument="TIP", article=3)
    assert "article_empty" not in {m.code for m in missing(ws, dossier_id)}


def test_summary_over_the_limit_is_reported_with_numbers(ws: Workspace) -> None:
    dossier_id = ws.create_dossier(executive_summary="one two three four", summary_word_limit=3)
    [item] = [m for m in missing(ws, dossier_id) if m.code == "summary_long"]
    assert item.translated("en") == "The executive summary is 4 words long; the limit is 3"


def test_demo_dossier_is_complete_but_for_safety_and_export(ws: Workspace) -> None:
    from untoc_desktop.core.demo import build_demo

    dossier_id = build_demo(ws, "KE", "en")
    required = {m.step for m in missing(ws, dossier_id) if m.required}
    assert required == {8, 9}


def test_word_count_handles_apostrophes_and_hyphens() -> None:
    assert word_count("L'État partie s'est engagé — auto-évaluation") == 5
    assert word_count("") == 0
