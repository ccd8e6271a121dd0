"""The export writes the attachments first and reads the records after them, in one snapshot of the
workspace: an encrypted bundle's scrypt (256 MiB) runs beside the attachments, which stream, and has
ended before the records are held; an edit another window commits meanwhile is either wholly in the
bundle or wholly out of it."""

from __future__ import annotations

import io
import os
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from untoc_desktop.bundles import age_stream
from untoc_desktop.bundles import export as export_module
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.bundles.importer import read_bundle
from untoc_desktop.bundles.keys import office_key
from untoc_desktop.store import sync
from untoc_desktop.store.workspace import Workspace


def _evidence_with_photo(ws: Workspace, dossier: str, data: bytes) -> tuple[str, str]:
    sha = ws.add_attachment(data, mime="image/jpeg")
    evidence = ws.insert(
        "evidence",
        dossier_id=dossier,
        description="photo",
        attachment_sha256=sha,
        attachment_name="p.jpg",
    )
    return evidence, sha


def _read(ws: Workspace, path: Path) -> Any:
    return read_bundle(
        path, None, {ws.office_id: office_key(ws).public.base64}, own_office_id=ws.office_id
    )


def test_attachments_come_before_the_records_in_the_inner_zip(
    ws: Workspace, tmp_path: Path
) -> None:
    dossier = ws.insert("dossiers", title="D")
    _evidence_with_photo(ws, dossier, os.urandom(2000))
    result = export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    with (
        zipfile.ZipFile(result.path) as outer,
        zipfile.ZipFile(io.BytesIO(outer.read(fmt.PAYLOAD))) as inner,
    ):
        names = inner.namelist()
    first_record = min(i for i, n in enumerate(names) if n.startswith(fmt.RECORDS_PREFIX))
    attachments = [i for i, n in enumerate(names) if n.startswith(fmt.ATTACHMENTS_PREFIX)]
    assert attachments and max(attachments) < first_record
    assert names[-1] == fmt.MANIFEST


def test_an_encrypted_export_reads_the_records_only_once_scrypt_has_ended(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = ws.insert("dossiers", title="D")
    _evidence_with_photo(ws, dossier, os.urandom(2000))
    pending: list[age_stream.PendingHeader] = []
    made = age_stream.PendingHeader

    def keep(*args: Any, **kwargs: Any) -> age_stream.PendingHeader:
        pending.append(made(*args, **kwargs))
        return pending[-1]

    seen: list[tuple[bool, bool]] = []
    collect = export_module.collect

    def watch(*args: Any, **kwargs: Any) -> Any:
        seen.append((kwargs.get("with_json", True), pending[0].done()))
        return collect(*args, **kwargs)

    monkeypatch.setattr(export_module, "PendingHeader", keep)
    monkeypatch.setattr(export_module, "collect", watch)
    export_bundle(
        ws, tmp_path / "out.untoc", passphrase="a long passphrase", include_sensitive=True
    )
    # the light pass (which attachments) may overlap scrypt; the records' pass never does
    assert [with_json for with_json, _ in seen] == [False, True]
    assert seen[1] == (True, True)


def test_an_attachment_added_by_another_window_during_the_export_is_wholly_out_of_it(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = ws.insert("dossiers", title="D")
    _evidence_with_photo(ws, dossier, os.urandom(2000))
    added: list[tuple[str, str]] = []
    write_one = export_module._add_attachment

    def add_meanwhile(*args: Any) -> Any:
        if not added:  # the GUI's connection commits while the worker writes the attachments
            with Workspace.open(ws.path, lock=False, create=False) as other:
                added.append(_evidence_with_photo(other, dossier, os.urandom(3000)))
        return write_one(*args)

    monkeypatch.setattr(export_module, "_add_attachment", add_meanwhile)
    result = export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    bundle = _read(ws, result.path)
    evidence_ids = {row["id"] for row in bundle.records["evidence"]}
    referenced = {row["attachment_sha256"] for row in bundle.records["evidence"]}
    new_evidence, new_sha = added[0]
    assert new_evidence not in evidence_ids and new_sha not in bundle.attachments
    assert referenced == set(bundle.attachments)
    # the next export carries it, with its photo
    monkeypatch.setattr(export_module, "_add_attachment", write_one)
    again = _read(ws, export_bundle(ws, tmp_path / "again.untoc", include_sensitive=True).path)
    assert new_evidence in {row["id"] for row in again.records["evidence"]}
    assert new_sha in again.attachments


def test_the_signatures_made_for_an_export_are_kept_after_it_for_the_next(
    ws: Workspace, tmp_path: Path
) -> None:
    dossier = ws.insert("dossiers", title="D")
    ws.insert("findings", dossier_id=dossier, instrument="UNTOC", article="5", kind="gap")
    assert not sync.version_signatures(ws, "findings")
    export_bundle(ws, tmp_path / "out.untoc", include_sensitive=True)
    kept = sync.version_signatures(ws, "findings")
    assert len(kept) == 1
    export_bundle(ws, tmp_path / "again.untoc", include_sensitive=True)
    assert sync.version_signatures(ws, "findings") == kept


@pytest.mark.parametrize("scoped", [False, True])
@pytest.mark.parametrize("include_sensitive", [False, True])
def test_the_light_pass_names_the_attachments_the_records_reference(
    ws: Workspace, scoped: bool, include_sensitive: bool
) -> None:
    """The attachment list comes from a pass over fewer tables and columns than the records: it
    must name the same files, scope and sensitive rows included (a follow-up's evidence under a
    sensitive recommendation, a pledge's signed copy, an organization's logo)."""
    chosen, other = ws.insert("dossiers", title="A"), ws.insert("dossiers", title="B")
    for dossier in (chosen, other):
        _evidence_with_photo(ws, dossier, os.urandom(100))
        hidden, _ = _evidence_with_photo(ws, dossier, os.urandom(100))
        ws.update("evidence", hidden, sensitive=1)
        for sensitive in (0, 1):
            finding = ws.insert(
                "findings", dossier_id=dossier, kind="recommendation", sensitive=sensitive
            )
            ws.insert(
                "recommendation_status",
                dossier_id=dossier,
                finding_id=finding,
                evidence_sha256=ws.add_attachment(os.urandom(100), mime="image/jpeg"),
            )
        ws.insert(
            "pledges",
            dossier_id=dossier,
            signed_copy_sha256=ws.add_attachment(os.urandom(100), mime="application/pdf"),
        )
    scope = [chosen] if scoped else None
    full = export_module.collect(ws, scope, include_sensitive=include_sensitive)
    light = export_module.collect(
        ws,
        scope,
        include_sensitive=include_sensitive,
        with_json=False,
        tables=fmt.ATTACHMENT_COLUMNS,
    )
    expected = export_module._referenced_attachments(full)
    assert export_module._referenced_attachments(light) == expected
    # per dossier: a photo, a follow-up's file and a signed copy; with the sensitive rows, the
    # hidden photo and the sensitive recommendation's file too
    assert len(expected) == (1 if scoped else 2) * (5 if include_sensitive else 3)


def test_exporting_again_what_has_already_travelled_writes_nothing_to_the_workspace(
    ws: Workspace, tmp_path: Path
) -> None:
    dossier = ws.insert("dossiers", title="D")
    finding = ws.insert("findings", dossier_id=dossier, kind="gap", text="first")
    export_bundle(ws, tmp_path / "one.untoc", include_sensitive=True)
    sent = {
        (r[0], r[1]) for r in ws.conn.execute("SELECT table_name, record_id FROM sync_versions")
    }
    assert ("findings", finding) in sent
    before = ws.conn.total_changes
    export_bundle(ws, tmp_path / "two.untoc", include_sensitive=True)
    assert ws.conn.total_changes == before
    # an edit is a new version: the next export remembers it, and only it
    ws.update("findings", finding, text="second")
    before = ws.conn.total_changes
    export_bundle(ws, tmp_path / "three.untoc", include_sensitive=True)
    assert ws.conn.total_changes - before == 2  # its version and its signature


def test_the_progress_says_what_an_encrypted_export_waits_for(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the attachments are written before scrypt has ended, the dialog says the key is being
    derived, then goes back to writing, then to the check on the drive."""
    dossier = ws.insert("dossiers", title="D")
    _evidence_with_photo(ws, dossier, os.urandom(2000))
    gate = threading.Event()

    class SlowHeader(age_stream.PendingHeader):
        def _run(self, passphrase: str, log_n: int) -> None:
            gate.wait(10)
            super()._run(passphrase, log_n)

    stages: list[str] = []

    def progress(done: int, total: int, stage: str = "") -> None:
        if stage:
            stages.append(stage)
        if len(stages) >= 3:  # the export now waits for the key: let scrypt finish
            gate.set()

    monkeypatch.setattr(export_module, "PendingHeader", SlowHeader)
    export_bundle(ws, tmp_path / "out.untoc", passphrase="a long passphrase", progress=progress)
    assert stages == [
        "Deriving the key from the passphrase…",
        "Writing the bundle…",
        "Deriving the key from the passphrase…",
        "Writing the bundle…",
        "Checking the bundle on the drive…",
    ]
