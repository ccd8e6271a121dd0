"""Nothing of a submission dossier leaves the office before its safety check, whoever asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from untoc_desktop.core.demo import build_demo
from untoc_desktop.core.timeutil import now
from untoc_desktop.services.export import (
    SafetyCheckRequiredError,
    WorkspaceRef,
    export_bundle,
    export_bundle_in_worker,
    render,
    unconfirmed,
)
from untoc_desktop.store.workspace import Workspace


def _idle(*_args: object) -> None:
    return None


def test_render_refuses_an_unconfirmed_submission_and_writes_nothing(
    ws: Workspace, tmp_path: Path
) -> None:
    dossier = build_demo(ws, "KE", "en")
    out = tmp_path / "letter.pdf"
    with pytest.raises(SafetyCheckRequiredError) as refused:
        render(ws, dossier, "letter", "pdf", "en", out)
    assert "step 8" in str(refused.value) and ws.dossier(dossier)["title"] in str(refused.value)
    assert [d["id"] for d in refused.value.dossiers] == [dossier]
    assert not out.exists()


def test_render_after_the_check_or_with_an_explicit_confirmation(
    ws: Workspace, tmp_path: Path
) -> None:
    dossier = build_demo(ws, "KE", "en")
    assert render(
        ws, dossier, "pledge", "pdf", "en", tmp_path / "p.pdf", safety_confirmed=True
    ).exists()
    ws.update("dossiers", dossier, safety_reviewed_at=now())
    assert render(ws, dossier, "letter", "pdf", "en", tmp_path / "l.pdf").exists()


def test_statements_have_no_safety_step_and_are_not_held(ws: Workspace, tmp_path: Path) -> None:
    from untoc_desktop.core.statement import create_statement

    dossier = create_statement(ws, title="Statement to the working group")
    assert unconfirmed(ws, [dossier]) == []
    assert render(ws, dossier, "statement", "pdf", "en", tmp_path / "s.pdf").exists()


def test_a_bundle_of_the_whole_workspace_waits_for_every_dossier(
    ws: Workspace, tmp_path: Path
) -> None:
    first = build_demo(ws, "KE", "en")
    ws.create_dossier(title="Second dossier")
    ws.update("dossiers", first, safety_reviewed_at=now())
    out = tmp_path / "office.untoc"
    with pytest.raises(SafetyCheckRequiredError) as refused:
        export_bundle(ws, out, None, passphrase=None)
    assert "Second dossier" in str(refused.value) and not out.exists()
    assert export_bundle(ws, out, [first], passphrase=None).path == out  # the confirmed one may go


def test_the_worker_variant_goes_through_the_same_gate(ws: Workspace, tmp_path: Path) -> None:
    dossier = ws.create_dossier(title="Not checked")
    with pytest.raises(SafetyCheckRequiredError):
        export_bundle_in_worker(
            WorkspaceRef.of(ws),
            [dossier],
            tmp_path / "b.untoc",
            passphrase=None,
            include_sensitive=False,
            progress=_idle,
            cancelled=lambda: False,
        )
    assert not (tmp_path / "b.untoc").exists()


def test_the_letter_preview_writes_no_file_anywhere(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Issue 19: the preview held the letter as a clear-text PDF and PNGs under /tmp; now it is
    rendered in memory. Every place a temporary file could go is watched for a canary."""
    import os
    import tempfile

    from untoc_desktop.services.export import preview_pages

    canary = "Canary-Qjolvarr-7731"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    path = tmp_path / "office" / "ws.untocdb"
    path.parent.mkdir()
    with Workspace.open(path, passphrase="a long passphrase for the canary") as ws:
        ws.save_organization(name=canary, address=f"{canary} street")
        dossier = ws.create_dossier(title="Letter", country="KE")
        ref = WorkspaceRef.of(ws)
    import builtins

    real_open = builtins.open
    written: list[str] = []

    def guarded_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202
        if any(flag in mode for flag in "wax+"):
            written.append(str(file))  # a crash would leave it, and even deleted it can be carved
        return real_open(file, mode, *args, **kwargs)

    import io
    import subprocess

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(subprocess, "Popen", lambda args, *a, **k: written.append(str(args)))
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    pages = preview_pages(ref, dossier, "letter", "en", progress=_idle, cancelled=lambda: False)
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_open)
    assert written == []
    assert pages and all(page.startswith(b"\x89PNG") for page in pages)
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    new = [p for p in after if p not in before]
    assert not [p for p in new if p.is_file()], new
    for p in after:
        if p.is_file() and not p.name.startswith("ws.untocdb"):
            assert canary.encode() not in p.read_bytes(), p
    assert not os.listdir(temp)
