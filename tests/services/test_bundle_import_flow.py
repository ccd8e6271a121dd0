"""One import flow for GUI and CLI: questions through a prompter, nothing written before the
answer."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest

from untoc_desktop.bundles.container import KeyChangedError, PassphraseError
from untoc_desktop.bundles.export import export_bundle
from untoc_desktop.services.bundle_import import import_bundle
from untoc_desktop.services.export import WorkspaceRef
from untoc_desktop.store.workspace import Workspace

PASS = "read aloud over the phone"


class Scripted:
    """Answers from a list and records every question asked."""

    def __init__(
        self, passphrases: list[str | None], *, confirm: bool = True, accept_key: bool = False
    ) -> None:
        self.passphrases, self.confirm_answer, self.accept_key = (
            list(passphrases),
            confirm,
            accept_key,
        )
        self.asked: list[str] = []
        self.applied = False

    def passphrase(self, error: PassphraseError, tried: str | None) -> str | None:
        self.asked.append(f"passphrase after {tried!r}")
        return self.passphrases.pop(0)

    def accept_key_change(self, error: KeyChangedError) -> bool:
        self.asked.append("key")
        return self.accept_key

    def confirm(self, preview: object) -> bool:
        self.asked.append("confirm")
        return self.confirm_answer

    @contextlib.contextmanager
    def applying(self):  # noqa: ANN201
        self.applied = True
        yield


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    with Workspace.open(tmp_path / "a" / "ws.untocdb") as source:
        source.save_organization(name="Nairobi office")
        source.create_dossier(title="Fishing vessels")
        return export_bundle(source, tmp_path / "a.untoc", passphrase=PASS).path


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "b" / "ws.untocdb"
    Workspace.open(path).close()
    return path


def test_a_wrong_passphrase_is_asked_again_then_the_bundle_merges(
    bundle: Path, target: Path
) -> None:
    prompter = Scripted(["not it", PASS])
    result = import_bundle(WorkspaceRef(target), bundle, prompter)
    assert result is not None and prompter.applied
    assert prompter.asked == ["passphrase after None", "passphrase after 'not it'", "confirm"]
    with Workspace.open(target) as ws:
        assert [d["title"] for d in ws.dossiers()] == ["Fishing vessels"]


@pytest.mark.parametrize(
    "prompter",
    [Scripted([None]), Scripted([PASS], confirm=False)],
    ids=["gave up at the passphrase", "declined at the preview"],
)
def test_stopping_at_a_question_changes_nothing(
    bundle: Path, target: Path, prompter: Scripted
) -> None:
    before = _digest(target)
    assert import_bundle(WorkspaceRef(target), bundle, prompter) is None
    assert not prompter.applied and _digest(target) == before


def test_the_given_passphrase_is_tried_first(bundle: Path, target: Path) -> None:
    prompter = Scripted([])
    assert import_bundle(WorkspaceRef(target), bundle, prompter, passphrase=PASS) is not None
    assert prompter.asked == ["confirm"]
