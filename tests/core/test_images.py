"""Images too large to decode are refused from their header, before any pixel is decoded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from untoc_desktop.core.images import (
    MAX_IMAGE_PIXELS,
    ImageTooLargeError,
    check_pixels,
    declared_size,
)


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG that declares ``width`` × ``height`` grey pixels (all zero, so it compresses to
    almost nothing): the classic decompression bomb."""
    raw = zlib.compress(b"\x00" * (width + 1) * 8, 9)  # a few rows are enough to be read as PNG

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_a_small_file_declaring_a_huge_image_is_refused_with_its_size() -> None:
    data = bomb_png(12_000, 12_000)
    assert len(data) < 10_000
    with pytest.raises(ImageTooLargeError, match="12000 × 12000 pixels"):
        check_pixels(data, name="bomb.png")


def test_ordinary_images_and_other_files_pass() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000)).save(out, "JPEG")
    check_pixels(out.getvalue())
    assert declared_size(out.getvalue()) == (4000, 3000)
    check_pixels(b"%PDF-1.7 not an image")
    assert declared_size(b"%PDF-1.7") is None


def test_the_limit_is_the_product_of_the_sides() -> None:
    side = int(MAX_IMAGE_PIXELS**0.5)
    check_pixels(bomb_png(side, side))
    with pytest.raises(ImageTooLargeError):
        check_pixels(bomb_png(side + 1, side + 1))


def test_a_size_beyond_pillows_own_guard_is_refused_too() -> None:
    with pytest.raises(ImageTooLargeError, match="far more than 120 million pixels"):
        check_pixels(bomb_png(60_000, 60_000), name="huge.png")


def test_a_bomb_as_the_logo_stops_the_document_with_a_clear_message(ws) -> None:
    """The render path reads the logo's size before decoding it."""
    from untoc_desktop.core.errors import UserError
    from untoc_desktop.documents.gather import gather

    sha = ws.add_attachment(bomb_png(12_000, 12_000), mime="image/png")
    ws.save_organization(name="Network", logo_sha256=sha)
    dossier = ws.create_dossier(title="With a bomb for a logo", country="KE")
    with pytest.raises(UserError, match="organization's logo.*too large to open safely"):
        gather(ws, dossier)
