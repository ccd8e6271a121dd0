"""How large an image this application agrees to decode.

A PNG or JPEG of a few kilobytes can declare 50,000 × 50,000 pixels: decoded, that is 10 GB, which
an old laptop cannot hold. Such a file may come from anywhere (a partner's bundle, a downloaded
logo), so every place that decodes pixels (the logo in documents, cleaning a photo's metadata, the
bundle import) first reads the declared size, which costs nothing, and refuses what is over the
limit with a message that says so, instead of freezing or being killed for memory.
"""

from __future__ import annotations

import io
import warnings

from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _

#: 120 megapixels: a 108 MP phone photo or an A4 page scanned at 1000 dpi (97 MP) still opens;
#: decoded it is at most 360 MB (RGB) to 480 MB (RGBA), which an old 4 GB laptop survives.
MAX_IMAGE_PIXELS = 120_000_000


class ImageTooLargeError(UserError):
    """An image declares more pixels than ``MAX_IMAGE_PIXELS`` (or is a decompression bomb)."""


class _BombError(Exception):
    """Pillow refused even to read the header: the declared size is beyond its own guard."""


def declared_size(data: bytes) -> tuple[int, int] | None:
    """Width and height an image file declares, read from its header only; None when the bytes
    are not an image Pillow knows (those are not decoded anywhere either)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Image.DecompressionBombError as exc:
        raise _BombError from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None


def check_pixels(data: bytes, *, name: str = "") -> None:
    """Refuse an image too large to decode safely, with its size in the message."""
    limit = MAX_IMAGE_PIXELS // 1_000_000
    try:
        size = declared_size(data)
    except _BombError:
        pixels = _("far more than {limit} million").format(limit=limit)
    else:
        if size is None or size[0] * size[1] <= MAX_IMAGE_PIXELS:
            return
        pixels = _("{width} × {height}").format(width=size[0], height=size[1])
    raise ImageTooLargeError(
        _(
            "The image {name} is too large to open safely ({pixels} pixels; the limit is "
            "{limit} million pixels). Use a smaller copy of it."
        ).format(name=name or _("(unnamed)"), pixels=pixels, limit=limit)
    )
