"""Full-text search over findings and evidence.

Whatever the user types is turned into a safe FTS5 query: every word becomes a quoted phrase (so
quotes, colons, ``NEAR`` or a lone ``-`` are just text), and the last word matches as a prefix so
results appear while typing. Accents are ignored by the index's ``remove_diacritics`` tokenizer,
so "temoignage" finds "Témoignage".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        if (
            room <= 0
        ):  # findings come first and filled the list: ranking the evidence would be wasted
            break
        sql = f"""
            SELECT t.id, t.dossier_id, d.title, snippet({table}_fts, -1, '[', ']', '…', 12), t.sensitive
            FROM {table}_fts
            JOIN {table} t ON t.rowid = {table}_fts.rowid
            JOIN dossiers d ON d.id = t.dossier_id
            WHERE {table}_fts MATCH ? AND t.deleted_at IS NULL AND d.deleted_at IS NULL
            {"AND t.dossier_id = ?" if dossier_id else ""}
            ORDER BY rank LIMIT ?
        """
        params: tuple = (query, dossier_id, room) if dossier_id else (query, room)
        for rid, did, title, snippet, sensitive in ws.conn.execute(sql, params):
            hits.append(SearchHit(kind, rid, did, title, snippet, bool(sensitive)))
    return hits
