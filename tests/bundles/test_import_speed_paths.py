"""The import's shortcuts for speed (issue 26) change nothing it accepts or stores: a record line
that skips cleaning is one cleaning would not change, and files hashed on a second thread give the
same digests, in order, with a failing hash reported."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from untoc_desktop.bundles import importer
from untoc_desktop.bundles.hashing import HashWorker
from untoc_desktop.core.text import clean

_ALPHABET = [
    "a", "é", " ", "\\", "u", "b", "f", "r", "n", "t", "\r", "\x0b", "\x0c", "\x00", "\x1f",
    "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\u202e", "\u2067", "\u00a0", "\ud800", "ü",
]  # fmt: skip


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_a_line_said_clean_has_no_value_cleaning_would_change(ensure_ascii: bool) -> None:
    rng = random.Random(26)
    for _ in range(20000):
        value = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 8)))
        line = json.dumps({"title": value, "n": 1}, ensure_ascii=ensure_ascii)
        if not importer._may_need_cleaning(line):
            assert clean(value) == value, repr(line)


def test_records_are_cleaned_as_before() -> None:
    stamp = "2026-01-01T00:00:00.000000Z"
    base = {"id": "a1", "office_id": "o1", "created_at": stamp, "updated_at": stamp}
    texts = ["plain", "caf\u00e9", "a\u202eb", "x\\u202ey", "l\r\nm", "tab\there", "d\x7fel"]
    lines = [
        json.dumps({**base, "id": f"r{i}", "text": t}, ensure_ascii=i % 2 == 0)
        for i, t in enumerate(texts)
    ]
    rows = importer._records("findings", lines)
    assert [r["text"] for r in rows] == [clean(t) for t in texts]


def test_the_worker_hashes_many_files_in_order() -> None:
    worker = HashWorker(depth=2)
    try:
        blobs = [bytes([i]) * (i * 70001) for i in range(12)]
        digests = []
        for blob in blobs:
            digest = hashlib.sha256()
            for start in range(0, len(blob), 65536):
                worker.update(digest, memoryview(blob)[start : start + 65536])
            digests.append(digest)
        worker.wait()
        assert [d.hexdigest() for d in digests] == [hashlib.sha256(b).hexdigest() for b in blobs]
    finally:
        worker.close()
    worker.close()  # twice is harmless
    with pytest.raises(ValueError):
        worker.update(hashlib.sha256(), b"late")


def test_a_failing_hash_is_raised_by_wait() -> None:
    class Broken:
        def update(self, data: bytes) -> None:
            raise OSError("disk")

        def digest(self) -> bytes:
            return b""

    worker = HashWorker()
    try:
        worker.update(Broken(), b"x")
        with pytest.raises(OSError):
            worker.wait()
    finally:
        worker.close()


def test_list_lines_read_without_the_decoder_give_what_the_decoder_gives() -> None:
    """Every line, taken apart by the fast expression or not, yields what ``json.loads`` and the
    checks give, and a malformed one is refused either way."""
    rng = random.Random(5)
    good = ["findings", "a-1", "2026-01-01T00:00:00.000000Z", "o.1", "c2lnbmF0dXJl+/="]
    bad = ["nope", "", "2026-01-01T00:00:00Z", "a b", "\u0661", "x" * 201, 'q"']
    for _ in range(3000):
        items = [rng.choice(good if rng.random() < 0.9 else bad) for _ in range(rng.choice([4, 5]))]
        line = json.dumps(items, separators=rng.choice([(", ", ": "), (",", ":")]))
        for length, valid in ((4, lambda i: importer._is_version(i, 4)), (5, None)):
            check = valid or (lambda i: importer._is_version(i, 5) and len(i[4]) <= 200)
            expected = json.loads(line) if check(json.loads(line)) else None
            try:
                got = list(importer._list_items([line], length, check, "not json", "malformed"))
            except importer.BundleError:
                got = None
            assert got == (None if expected is None else [expected]), line


def _bundle_of(make_office, tmp_path, name: str = "A"):  # noqa: ANN001, ANN202
    from untoc_desktop.bundles.export import export_bundle
    from untoc_desktop.store.workspace import Workspace

    source = make_office(name)
    with Workspace.open(source) as ws:
        dossier = ws.create_dossier(title="Shared", country="KE")
        finding = ws.add_finding(dossier, "gap", "A's words")
        for i in range(30):
            ws.add_finding(dossier, "observation", f"note {i}")
        path = export_bundle(ws, tmp_path / f"{name}.untoc").path
    return path, dossier, finding


def test_apply_reuses_the_previews_plan_only_while_nothing_changed(
    make_office, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    """Issue 26: apply planned every record again after the preview had; the plan is reused,
    unless the workspace changed in between, then it is made again (a change the user made while
    the preview was on screen is merged, never overwritten)."""
    from tests.bundles.conftest import content
    from untoc_desktop.store.workspace import Workspace

    bundle, dossier, finding = _bundle_of(make_office, tmp_path)
    plans = []
    original = importer._plan
    monkeypatch.setattr(importer, "_plan", lambda ws, b: plans.append(1) or original(ws, b))

    target = make_office("B")
    with Workspace.open(target) as ws:
        validated = importer.read_bundle(bundle, None, importer.known_keys(ws))
        importer.preview(ws, validated)
        importer.apply(ws, validated)
    assert len(plans) == 1

    # B's user edits the finding while a second look at the same bundle is on screen.
    other = make_office("C")
    with Workspace.open(other) as ws:
        validated = importer.read_bundle(bundle, None, importer.known_keys(ws))
        importer.apply(ws, validated)  # C has A's dossier now
    plans.clear()
    with Workspace.open(other) as ws:
        validated = importer.read_bundle(bundle, None, importer.known_keys(ws))
        shown = importer.preview(ws, validated)
        assert shown.total.unchanged > 0
        ws.update("findings", finding, text="C's words, typed while the preview was open")
        importer.apply(ws, validated)
        assert ws.get("findings", finding)["text"].startswith("C's words")
    assert len(plans) == 2  # the change made the preview's plan stale: planned again
    assert content(other)["findings"]


def test_new_records_land_in_batches_exactly_as_one_by_one(make_office, tmp_path) -> None:  # noqa: ANN001
    from tests.bundles.conftest import content
    from untoc_desktop.store.workspace import Workspace

    bundle, _dossier, _finding = _bundle_of(make_office, tmp_path)
    batched, single = make_office("B"), make_office("C")
    for path in (batched, single):
        with Workspace.open(path) as ws:
            validated = importer.read_bundle(bundle, None, importer.known_keys(ws))
            if path == single:
                validated.planned = None
                original = importer._Inserts.add

                def one_by_one(self, table, row, original=original):  # noqa: ANN001, ANN202
                    original(self, table, row)
                    self.flush()

                importer._Inserts.add = one_by_one  # type: ignore[method-assign]
                try:
                    importer.apply(ws, validated)
                finally:
                    importer._Inserts.add = original  # type: ignore[method-assign]
            else:
                importer.apply(ws, validated)
    a, b = content(batched), content(single)
    a.pop("organizations", None), b.pop("organizations", None)
    assert a == b and a["findings"]
