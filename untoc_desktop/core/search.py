"""Full-text search over findings and evidence.

Whatever the user types is turned into a safe FTS5 query: every word becomes a quoted phrase (so
quotes, colons, ``NEAR`` or a lone ``-`` are just text), and the last word matches as a prefix so
results appear while typing. Accents are ignored by the index's ``remove_diacritics`` tokenizer,
so "temoignage" finds "Témoignage".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "finding" or "evidence"
    record_id: str
    dossier_id: str
    dossier_title: str
    snippet: str
    sensitive: bool


def fts_query(text: str) -> str | None:
    """The FTS5 query for free text, or None when there is nothing to search for."""
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(
    ws: Workspace, text: str, *, dossier_id: str | None = None, limit: int = 200
) -> list[SearchHit]:
    query = fts_query(text)
    if query is None:
        return []
    hits: list[SearchHit] = []
    for kind, table in (("finding", "findings"), ("evidence", "evidence")):
        room = limit - len(hits)
        if room <= 0:  # findings came first and filled the list: ranking evidence would be wasted
            break
        for rid, did, title, snippet, sensitive in dossiers.full_text_matches(
            ws, table, query, dossier_id=dossier_id, limit=room
        ):
            hits.append(SearchHit(kind, rid, did, title, snippet, sensitive))
    return hits
