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
from untoc_desktop.bundles.review import partner_offices, set_trusted
from untoc_desktop.core.timeutil import now
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


def meet(paths: list[Path], folder: Path, counter: itertools.count) -> None:
    """Every office sends a bundle to every other, then marks every other as a trusted co-editor
    (as partners do after comparing fingerprints by phone): their edits of each other's records
    then merge without asking."""
    for src, dst in itertools.permutations(range(len(paths)), 2):
        send(paths, src, dst, folder, counter)
    ids = set()
    for path in paths:
        with Workspace.open(path) as ws:
            ids.add(ws.office_id)
    for path in paths:
        with Workspace.open(path) as ws:
            for office in partner_offices(ws):
                if office.office_id in ids:
                    set_trusted(ws, office.office_id, True)


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
        meet(paths, folder, counter)
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


FORGERIES = st.lists(
    st.tuples(
        st.sampled_from(["credit_to_honest", "future", "credit_and_future", "own_name"]),
        st.sampled_from(["dossiers", "findings", "organizations"]),
        office,  # which honest office the forgery is credited to
    ),
    min_size=1,
    max_size=4,
)


def forge(path: Path, kind: str, table: str, victim_id: str, own_id: str, own_org: str) -> None:
    """What a hostile office can do to its own file: rewrite rows with plain SQL."""
    import sqlite3

    future = "2099-01-01T00:00:00.000000Z"
    author = own_id if kind in ("future", "own_name") else victim_id
    stamp = future if kind in ("future", "credit_and_future") else now()
    column = {"dossiers": "title", "findings": "text", "organizations": "name"}[table]
    conn = sqlite3.connect(path)
    with conn:
        # "own_name": honest authorship of changes to the others' records (D's own stays D's)
        conn.execute(
            f"UPDATE {table} SET {column} = 'FORGED', updated_at = ?, office_id = ? WHERE id <> ?",
            (stamp, author, own_org if kind == "own_name" else ""),
        )
    conn.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(edit, min_size=1, max_size=10), forgeries=FORGERIES, when=st.integers(0, 10))
def test_honest_offices_converge_and_lose_nothing_to_a_forging_fourth_office(
    ops, forgeries, when
) -> None:
    """A fourth office D takes part, then rewrites rows in other offices' names or dates them in
    2099, or changes their records in its own name (proposals, which nobody accepts), and sends
    its bundles to everyone, at a random moment. The honest offices still converge,
    and none of them holds anything D forged."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counter = itertools.count()
        paths = [folder / f"{name}.untocdb" for name in (*OFFICES, "D")]
        ids = []
        for path, name in zip(paths, (*OFFICES, "D"), strict=True):
            with Workspace.open(path) as ws:
                ws.save_organization(name=name)
                ids.append(ws.office_id)
                d_org = ws.organization()["id"]
        with Workspace.open(paths[0]) as ws:
            dossier = ws.create_dossier(title="Shared", country="KE")
        for dst in (1, 2, 3):
            send(paths, 0, dst, folder, counter)
        for src in (1, 2, 3):
            send(paths, src, 0, folder, counter)  # every office knows every key
        for dst in (1, 2, 3):
            send(paths, 0, dst, folder, counter)
        meet(paths[:3], folder, counter)  # the honest three co-edit; D is known, not trusted
        for step, op in enumerate(ops):
            if step == when % len(ops):
                for kind, table, victim in forgeries:
                    forge(paths[3], kind, table, ids[victim], ids[3], d_org)
                for dst in range(3):
                    send(paths, 3, dst, folder, counter)
            if op[0] == "send":
                send(paths, op[1], op[2], folder, counter)
            else:
                with Workspace.open(paths[op[1]]) as ws:
                    run_edit(ws, dossier, op)
        for kind, table, victim in forgeries:
            forge(paths[3], kind, table, ids[victim], ids[3], d_org)
        for dst in range(3):
            send(paths, 3, dst, folder, counter)
        for src, dst in itertools.permutations(range(3), 2):
            send(paths, src, dst, folder, counter)
        for src, dst in itertools.permutations(range(3), 2):
            send(paths, src, dst, folder, counter)
        dumps = [content(p) for p in paths[:3]]
        assert dumps[0] == dumps[1] == dumps[2]
        assert "FORGED" not in repr(dumps[0])
