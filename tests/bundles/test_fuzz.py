"""Mutated valid bundles: the importer either refuses them with a UserError and changes nothing, or
(when the mutation only touched bytes that carry nothing) imports exactly the genuine content."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from untoc_desktop.bundles.container import _outer_members, seal
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import apply, known_keys, read_bundle
from untoc_desktop.bundles.keys import office_key
from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.errors import UserError
from untoc_desktop.store.workspace import Workspace


def _dump(ws: Workspace) -> list:
    tables = [
        "dossiers",
        "findings",
        "evidence",
        "attachments",
        "conflicts",
        "partner_offices",
        "sync_versions",
    ]
    return [list(ws.conn.execute(f"SELECT * FROM {t} ORDER BY 1")) for t in tables]


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[bytes, Workspace, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Workspace.open(folder / "a.untocdb") as ws:
            build_demo(ws, "KE", "en")
            genuine = export_bundle(
                ws, folder / "genuine", include_sensitive=True
            ).path.read_bytes()
            signer = (
                office_key(ws),
                {
                    "format": 1,
                    "office_id": ws.office_id,
                    "office_name": "A",
                    "created_at": "2030-01-01T00:00:00.000000Z",
                },
            )
        target = Workspace.open(folder / "b.untocdb")
        yield genuine, target, folder, signer
        target.close()


mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1, exclude_max=True), st.integers(0, 7)),
    st.tuples(st.just("truncate"), st.floats(0, 1, exclude_max=True), st.just(0)),
    st.tuples(st.just("insert"), st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True), st.integers(1, 64)),
    st.tuples(st.just("overwrite"), st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
)


def mutate(data: bytes, mutations: list[tuple[str, float, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, value in mutations:
        at = int(where * len(out)) if out else 0
        if kind == "flip" and out:
            out[at] ^= 1 << value
        elif kind == "truncate":
            del out[at:]
        elif kind == "insert":
            out[at:at] = bytes([value])
        elif kind == "delete":
            del out[at : at + value]
        elif kind == "overwrite" and out:
            out[at : at + 8] = bytes([value]) * len(out[at : at + 8])
    return bytes(out)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_bundles_never_crash_or_import_partly(world, mutations) -> None:
    genuine, ws, folder, _signer = world
    data = mutate(genuine, mutations)
    path = folder / "fuzzed.untoc"
    path.write_bytes(data)
    before = _dump(ws)
    try:
        bundle = read_bundle(path, None, known_keys(ws), own_office_id=ws.office_id)
    except UserError:
        assert _dump(ws) == before
        return
    # Accepted: then it must be exactly the genuine payload (the signature vouches for it).
    apply(ws, bundle)
    reference = read_bundle(folder / "genuine.untoc", None)
    assert bundle.records == reference.records and bundle.attachments == reference.attachments


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_contents_signed_by_a_partner_never_crash_or_import_partly(
    world, mutations
) -> None:
    """A partner's own broken software (or a compromised partner) signs garbage: the parser
    holds."""
    genuine, ws, folder, (key, header) = world
    inner = mutate(_outer_members(genuine)["payload"], mutations)
    path = folder / "resigned.untoc"
    path.write_bytes(seal(inner, key, header, None))
    before = _dump(ws)
    try:
        bundle = read_bundle(path, None, known_keys(ws), own_office_id=ws.office_id)
        apply(ws, bundle)
    except UserError:
        assert _dump(ws) == before
        return
    assert ws.integrity_problems() == []
