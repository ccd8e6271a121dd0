"""Three offices edit and exchange bundles in random orders; in the end they hold the same
content."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bundles.conftest import content
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, read_bundle
from untoc_desktop.store.workspace import Workspace

OFFICES = ("A", "B", "C")
office = st.sampled_from(range(3))
text = st.text(alphabet="abcé ", min_size=0, max_size=6)
edit = st.one_of(
    st.tuples(st.just("title"), office, text),
    st.tuples(st.just("finding"), office, text),
    st.tuples(st.just("edit_finding"), office, st.integers(0, 3), text),
    st.tuples(st.just("delete_finding"), office, st.integers(0, 3)),
    st.tuples(st.just("restore_finding"), office, st.integers(0, 3)),
    st.tuples(st.just("article"), office, st.integers(2, 4), st.booleans()),
    st.tuples(st.just("correct"), office, st.sampled_from(["party_TIP", "review_group"]), text),
    st.tuples(st.just("evidence"), office, st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("send"), office, office),
)
PAIRS = [(s, d) for s, d in itertools.permutations(range(3), 2)]


def send(paths: list[Path], src: int, dst: int, folder: Path, counter: itertools.count) -> None:
    if src == dst:
        return
    out = folder / f"b{next(counter)}"
    with Workspace.open(paths[src]) as ws:
        bundle = export_bundle(ws, out, include_sensitive=True).path
    with Workspace.open(paths[dst]) as ws:
        apply(ws, read_bundle(bundle, None, known_keys(ws), own_office_id=ws.office_id))


def run_edit(ws: Workspace, dossier: str, op: tuple) -> None:
    kind = op[0]
    findings = ws.rows(
        "findings", "dossier_id = ?", (dossier,), include_deleted=True, order_by="id"
    )
    if kind == "title":
        ws.update("dossiers", dossier, title=op[2])
    elif kind == "finding":
        ws.add_finding(dossier, "gap", op[2])
    elif kind in ("edit_finding", "delete_finding", "restore_finding") and findings:
        target = findings[op[2] % len(findings)]["id"]
        if kind == "edit_finding":
            ws.update("findings", target, text=op[3])
        elif kind == "delete_finding":
            ws.delete("findings", target)
        else:
            ws.restore("findings", target)
    elif kind == "article":
        ws.set_article_selected(dossier, "UNTOC", op[2], op[3])
    elif kind == "correct":
        ws.correct_state("KE", op[2], op[3])
    elif kind == "evidence":
        sha = ws.add_attachment(op[2])
        ws.insert("evidence", dossier_id=dossier, attachment_sha256=sha, attachment_name="f.bin")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(edit, min_size=1, max_size=14), final=st.permutations(PAIRS * 2))
def test_three_offices_converge_whatever_the_order(ops, final) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counter = itertools.count()
        paths = [folder / f"{name}.untocdb" for name in OFFICES]
        for path, name in zip(paths, OFFICES, strict=True):
            with Workspace.open(path) as ws:
                ws.save_organization(name=name)
        with Workspace.open(paths[0]) as ws:
            dossier = ws.create_dossier(title="Shared", country="KE")
        send(paths, 0, 1, folder, counter)
        send(paths, 0, 2, folder, counter)
        for op in ops:
            if op[0] == "send":
                send(paths, op[1], op[2], folder, counter)
            else:
                with Workspace.open(paths[op[1]]) as ws:
                    run_edit(ws, dossier, op)
        for src, dst in final:
            send(paths, src, dst, folder, counter)
        dumps = [content(p) for p in paths]
        assert dumps[0] == dumps[1] == dumps[2]
        # and nothing a partner typed was dropped: every office's integrity holds
        for path in paths:
            with Workspace.open(path) as ws:
                assert ws.integrity_problems() == []
