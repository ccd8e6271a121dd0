"""``sync.put_attachment_stream`` binds a small file as one value and writes a large one in place
(issue 26): both store the same bytes, and both refuse a stream longer or shorter than declared."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from untoc_desktop.store import sync
from untoc_desktop.store.workspace import Workspace


@pytest.mark.parametrize("size", [0, 10, sync._BOUND_WHOLE_BYTES, sync._BOUND_WHOLE_BYTES + 1])
def test_both_paths_store_the_bytes_and_check_the_size(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    sha = hashlib.sha256(data).hexdigest()
    pieces = [data[i : i + 2**20] for i in range(0, size, 2**20)] or [b""]
    with Workspace.open(tmp_path / "w.untocdb") as ws:
        with ws.transaction():
            sync.put_attachment_stream(ws, sha, size, iter(pieces), "image/png", "s")
        assert ws.attachment(sha) == data
        for wrong in ([*pieces, b"x"], pieces[:-1] if size else []):
            if wrong == [] and size == 0:
                continue
            with pytest.raises(ValueError), ws.transaction():
                sync.put_attachment_stream(ws, "f" * 64, size, iter(wrong), "image/png", "s")
        assert not sync.has_attachment(ws, "f" * 64)
