"""The benchmark generator builds sound workspaces, and the queries sped up for issue 9 stay right.

No timings here (speed lives in ``benchmarks/run.py``); these check that what is measured is a
real workspace, and that the faster "what is missing" queries give the same answers as before.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import TINY, cached
from untoc_desktop.core import plan
from untoc_desktop.core.search import search
from untoc_desktop.store.workspace import Workspace


def test_tiny_workspace_is_sound_searchable_and_cached(tmp_path: Path) -> None:
    generated = cached(TINY, tmp_path)
    with Workspace.open(generated.workspace) as ws:
        assert ws.integrity_problems() == []
        assert len(ws.children("findings", generated.dossier_id)) == TINY.findings
        evidence = ws.children("evidence", generated.dossier_id)
        assert len(evidence) == TINY.evidence
        assert sum(1 for e in evidence if e["attachment_sha256"]) == TINY.attachment_files
        assert all(len(r["id"]) == 36 and r["office_id"] == ws.office_id for r in evidence)
        assert search(ws, "trafficking"), "the FTS triggers must have indexed the bulk inserts"
    first = generated.workspace.stat().st_mtime_ns
    assert cached(TINY, tmp_path).workspace.stat().st_mtime_ns == first  # reused, not rebuilt


def test_half_built_cache_is_rebuilt(tmp_path: Path) -> None:
    generated = cached(TINY, tmp_path)
    (generated.workspace.parent / "ids.txt").unlink()  # as if the build had been killed
    again = cached(TINY, tmp_path)
    with Workspace.open(again.workspace) as ws:
        assert ws.integrity_problems() == []


def _codes(ws: Workspace, dossier_id: str) -> set[str]:
    return {m.code for m in plan.missing(ws, dossier_id)}


def test_missing_ignores_deleted_rows_and_tells_recommendations_from_findings(
    ws: Workspace,
) -> None:
    dossier = ws.create_dossier(title="d", country="KE")
    ws.set_article_selected(dossier, "TIP", 5, True)
    rec = ws.add_finding(dossier, "recommendation", "Train prosecutors")
    codes = _codes(ws, dossier)
    assert (
        "findings" in codes and "recommendations" not in codes
    )  # a recommendation is not a finding
    gap = ws.add_finding(dossier, "gap", "No shelter", instrument="TIP", article=5)
    evidence = ws.add_evidence(dossier, source="Report")
    codes = _codes(ws, dossier)
    assert not {"findings", "article_empty", "evidence"} & codes
    for table, record in (("findings", gap), ("findings", rec), ("evidence", evidence)):
        ws.delete(table, record)
    codes = _codes(ws, dossier)
    assert {"findings", "article_empty", "evidence", "recommendations"} <= codes
