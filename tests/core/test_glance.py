"""The figures of the dossier-at-a-glance card, counted from the workspace."""

from __future__ import annotations

from untoc_desktop.core import glance


def test_empty_dossier_counts_nothing_and_misses_things(ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="empty")
    data = glance.glance(ws, dossier)
    assert data.articles == ()
    assert data.evidence == glance.EvidenceCounts(0, 0, 0, 0)
    assert 2 not in data.done_steps and 5 not in data.done_steps
    assert any(m.step == 2 for m in data.missing)


def test_findings_are_counted_by_kind_per_article(ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="d", country="KE")
    ws.set_article_selected(dossier, "UNTOC", 5, True)
    ws.set_article_selected(dossier, "TIP", 3, True)
    ws.add_finding(dossier, "gap", "a", instrument="TIP", article=3)
    ws.add_finding(dossier, "gap", "b", instrument="TIP", article=3)
    ws.add_finding(dossier, "good_practice", "c", instrument="TIP", article=3)
    gone = ws.add_finding(dossier, "gap", "deleted", instrument="TIP", article=3)
    ws.delete("findings", gone)
    ws.add_finding(dossier, "recommendation", "r")
    by = {(a.instrument, a.article): a for a in glance.findings_by_article(ws, dossier)}
    assert by[("TIP", 3)].kinds == {"gap": 2, "good_practice": 1}
    assert by[("UNTOC", 5)].total == 0  # selected but still empty: shown, so the gap is visible
    assert by[(None, None)].kinds == {"recommendation": 1}


def test_evidence_counts_links_files_and_sensitive_items(ws) -> None:  # noqa: ANN001
    dossier = ws.create_dossier(title="d")
    other = ws.create_dossier(title="other")
    finding = ws.add_finding(dossier, "gap", "x")
    e1 = ws.add_evidence(dossier, source="report", sensitive=True)
    ws.add_evidence(dossier, source="press")
    ws.link_evidence(finding, e1)
    other_finding = ws.add_finding(other, "gap", "y")
    ws.link_evidence(other_finding, ws.add_evidence(other, source="elsewhere"))
    counts = glance.evidence_counts(ws, dossier)
    assert (counts.total, counts.sensitive, counts.linked, counts.with_file) == (2, 1, 1, 0)
    ws.delete("findings", finding)  # a link to a deleted finding no longer counts
    assert glance.evidence_counts(ws, dossier).linked == 0
