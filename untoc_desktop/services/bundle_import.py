"""Importing a partner office's bundle: read and verify, preview, ask, merge. One flow for GUI and
CLI.

The steps are always the same and in the same order: read the bundle (asking for its passphrase,
and again after a wrong one; asking whether a changed office key was confirmed), compare it with
the workspace, show that comparison and ask (to import at all, and which partner proposals to
accept), then merge. What differs between the two front ends
is only how a question is asked and how a slow step runs, so both come in as arguments: a
:class:`ImportPrompter` and a :data:`Runner` (the GUI's runs each step in a worker thread behind a
progress dialog; the command line's calls it directly).

Each step opens its own connection from the :class:`WorkspaceRef`: SQLite objects belong to the
thread that made them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from untoc_desktop.i18n import _
from untoc_desktop.services.export import IsCancelled, Progress, WorkspaceRef

if TYPE_CHECKING:
    from untoc_desktop.bundles.container import KeyChangedError, PassphraseError
    from untoc_desktop.bundles.importer import (
        ImportResult,
        Preview,
        ProposalKey,
        ValidatedBundle,
    )

T = TypeVar("T")


class Runner(Protocol):
    """Runs ``fn(*args, progress=..., cancelled=...)`` for a step called ``title``; returns its
    result."""

    def __call__(self, title: str, fn: Callable[..., T], *args: Any) -> T: ...


class ImportPrompter(Protocol):
    """The questions an import asks the user."""

    def passphrase(self, error: PassphraseError, tried: str | None) -> str | None:
        """A passphrase for the encrypted bundle (``tried`` was missing or wrong), or None to give
        up."""
        ...

    def accept_key_change(self, error: KeyChangedError) -> bool:
        """Whether the office confirmed its new key (by phone); False refuses the bundle."""
        ...

    def confirm(self, preview: Preview) -> bool:
        """Show what the import would change; True to merge it."""
        ...

    def accepted_proposals(self, preview: Preview) -> Collection[ProposalKey] | bool:
        """The proposals the user accepted after ``confirm`` (True: all of them; none by
        default)."""
        ...

    def applying(self) -> contextlib.AbstractContextManager[object]:
        """Held while the merge writes (the GUI closes the open dossier and freezes the window)."""
        ...


def run_directly(title: str, fn: Callable[..., T], *args: Any) -> T:
    """The command line's runner: no thread, no progress dialog."""
    return fn(*args, progress=lambda *_a: None, cancelled=lambda: False)


def _read(
    ref: WorkspaceRef,
    path: Path,
    passphrase: str | None,
    accept: bool,
    *,
    progress: Progress,
    cancelled: IsCancelled,
) -> ValidatedBundle:
    from untoc_desktop.bundles.importer import known_keys, read_bundle

    progress(0, 0)  # one long step: a busy indicator
    with ref.open() as ws:
        keys, own = known_keys(ws), ws.office_id
    return read_bundle(path, passphrase, keys, accept_key_change=accept, own_office_id=own)


def _preview(
    ref: WorkspaceRef, bundle: ValidatedBundle, *, progress: Progress, cancelled: IsCancelled
) -> Preview:
    from untoc_desktop.bundles.importer import preview

    with ref.open() as ws:
        return preview(ws, bundle)


def _apply(
    ref: WorkspaceRef,
    bundle: ValidatedBundle,
    accept: Collection[ProposalKey] | bool,
    *,
    progress: Progress,
    cancelled: IsCancelled,
) -> ImportResult:
    from untoc_desktop.bundles.importer import apply

    with ref.open() as ws:
        return apply(ws, bundle, accept)


def read_bundle_asking(
    ref: WorkspaceRef,
    path: Path,
    prompter: ImportPrompter,
    run: Runner = run_directly,
    *,
    passphrase: str | None = None,
) -> ValidatedBundle | None:
    """The verified bundle, after the passphrase and key questions; None when the user gave up."""
    from untoc_desktop.bundles.container import KeyChangedError, PassphraseError

    accept = False
    while True:
        try:
            return run(_("Reading the bundle…"), _read, ref, path, passphrase, accept)
        except PassphraseError as exc:
            passphrase = prompter.passphrase(exc, passphrase)
            if passphrase is None:
                return None
        except KeyChangedError as exc:
            if not prompter.accept_key_change(exc):
                return None
            accept = True


def import_bundle(
    ref: WorkspaceRef,
    path: Path,
    prompter: ImportPrompter,
    run: Runner = run_directly,
    *,
    passphrase: str | None = None,
) -> ImportResult | None:
    """Read, compare, ask, merge; the merge's result, or None when the user stopped at a
    question."""
    bundle = read_bundle_asking(ref, path, prompter, run, passphrase=passphrase)
    if bundle is None:
        return None
    with bundle:  # releases the bundle's private copy at once, whatever happens
        comparison = run(_("Comparing with this workspace…"), _preview, ref, bundle)
        if not prompter.confirm(comparison):
            return None
        accept = prompter.accepted_proposals(comparison) if comparison.proposals else ()
        with prompter.applying():
            return run(_("Importing the bundle…"), _apply, ref, bundle, accept)
