"""Who wrote a record version, in a form no other office can forge.

Every version of a record names its author (``office_id``). The bundle's own signature proves who
*sent* the bundle, not who wrote each row in it: a partner relays other offices' versions (A → B
→ C), and without more a hostile partner could write any row and credit it to anyone, even to the
office importing it. So each version also carries its author's Ed25519 signature (the office key
that signs its bundles) over a canonical form of the version, made once by the author and relayed
unchanged; an importer verifies it with the author's key before the version may merge.

The canonical form is the UTF-8 of ``CONTEXT`` followed by the JSON array ``[table, row]``, keys
sorted, no spaces (``separators=(",", ":")``), non-ASCII characters as themselves, without the
``id`` for the tables with a natural key (``format.NATURAL_KEYS``), every text value as
``core.text.clean`` leaves it (an importer cleans what it receives, and the version must still
verify, here and at the next office it is relayed to): see ``docs/bundle-format.md`` for checking
one with standard tools.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.keys import PublicKey, SigningKey
from untoc_desktop.core.text import clean

CONTEXT = b"UNTOC Desktop record version 1\n"


def canonical(table: str, row: dict[str, Any]) -> bytes:
    """The bytes an author signs for one version of one record: every column as it travels, except
    the ``id`` of a record identified by a natural key (two offices that ticked the same article
    merge their rows under one id, and the version must stay verifiable under it)."""
    row = {
        k: clean(v) if isinstance(v, str) else v
        for k, v in row.items()
        if not (k == "id" and table in fmt.NATURAL_KEYS)
    }
    text = json.dumps([table, row], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return CONTEXT + text.encode("utf-8")


def sign(key: SigningKey, table: str, row: dict[str, Any]) -> str:
    return base64.b64encode(key.sign_raw(canonical(table, row))).decode("ascii")


def verify(key: PublicKey, table: str, row: dict[str, Any], signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(raw) == 64 and key.verify_raw(canonical(table, row), raw)
