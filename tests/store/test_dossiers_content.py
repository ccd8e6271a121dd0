"""Completion counts only items the user wrote something in (issue 21)."""

from __future__ import annotations

from untoc_desktop.core.plan import missing
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace


def test_empty_items_do_not_count_as_content(ws: Workspace) -> None:
    dossier_id = ws.create_dossier()
    ws.set_article_selected(dossier_id, "TIP", 3, True)
    finding = ws.add_finding(dossier_id, "gap", "  ", instrument="TIP", article=3)
    evidence = ws.add_evidence(dossier_id)
    partner = dossiers.PARTNERS.add(ws, dossier_id, kind="organization")
    rec = dossiers.add_recommendation(ws, dossier_id)
    assert not dossiers.has_child_with_content(ws, "evidence", dossier_id)
    assert not dossiers.has_child_with_content(ws, "partners", dossier_id)
    assert not dossiers.has_child_with_content(ws, "findings", dossier_id, kind="recommendation")
    assert dossiers.covered_articles_with_text(ws, dossier_id) == set()
    codes = {m.code for m in missing(ws, dossier_id)}
    assert {"findings", "evidence", "partners", "recommendations"} <= codes

    dossiers.FINDINGS.update(ws, finding, text="Not criminalized")
    dossiers.EVIDENCE.update(ws, evidence, source="Court records")
    dossiers.PARTNERS.update(ws, partner, name="Women Fishworkers")
    dossiers.FINDINGS.update(ws, rec, text="Train prosecutors")
    assert dossiers.covered_articles_with_text(ws, dossier_id) == {("TIP", 3)}
    codes = {m.code for m in missing(ws, dossier_id)}
    assert not {"findings", "evidence", "partners", "recommendations", "article_empty"} & codes
