"""The dossier aggregate: a dossier's own fields and the records that belong to it.

The interface edits a dossier through these names, never through table or column names: a page
says ``dossiers.set_title(ws, dossier_id, text)``, a list says ``FINDINGS.add(ws, dossier_id)``.
So a schema change (a renamed column, a table split) is made here and in ``schema.py`` and nowhere
above, and a new maintainer finds every statement that touches a dossier in one module.

The generic record engine (bookkeeping, transactions, tombstones) is ``workspace.Workspace``; the
dossier methods it already offers (``create_dossier``, ``add_finding``, ``focal_point`` ...) are
part of this aggregate too and stay there because every layer calls them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from untoc_desktop.core.timeutil import now
from untoc_desktop.store.workspace import Record, Workspace


# ------------------------------------------------------------------------------ child records
@dataclass(frozen=True)
class Collection:
    """One kind of record that belongs to a dossier, in the order the documents list them."""

    table: str
    order_by: str = "position, created_at"

    def list(self, ws: Workspace, dossier_id: str) -> list[Record]:
        return ws.children(self.table, dossier_id, order_by=self.order_by)

    def get(self, ws: Workspace, record_id: str) -> Record | None:
        return ws.get(self.table, record_id)

    def add(self, ws: Workspace, dossier_id: str, **fields: Any) -> str:
        """A new record at the end of the list (``position`` is filled where the table has one)."""
        if "position" in ws.columns(self.table) and "position" not in fields:
            fields["position"] = ws.next_position(self.table, dossier_id)
        return ws.insert(self.table, dossier_id=dossier_id, **fields)

    def update(self, ws: Workspace, record_id: str, **fields: Any) -> None:
        ws.update(self.table, record_id, **fields)

    def delete(self, ws: Workspace, record_id: str) -> None:
        ws.delete(self.table, record_id)

    def restore(self, ws: Workspace, record_id: str) -> None:
        ws.restore(self.table, record_id)

    def swap_positions(self, ws: Workspace, moving: Record, neighbour: Record, step: int) -> None:
        """Exchange two neighbours' places (``step`` is -1 up, +1 down) in one transaction, so a
        crash never leaves both in the same place; equal positions are pulled apart by ``step``."""
        pos_a, pos_b = moving["position"], neighbour["position"]
        if pos_a == pos_b:
            pos_b = pos_a + step
        with ws.transaction():
            ws.update(self.table, moving["id"], position=pos_b)
            ws.update(self.table, neighbour["id"], position=pos_a)


FINDINGS = Collection("findings")
EVIDENCE = Collection("evidence")
PARTNERS = Collection("partners", "created_at")
ENGAGEMENT_LOG = Collection("engagement_log", "date, created_at")
MILESTONES = Collection("milestones", "date, created_at")
DECLARATION_SECTIONS = Collection("declaration_sections")
SIGNATORIES = Collection("signatories")


def findings_for_article(
    ws: Workspace, dossier_id: str, instrument: str | None, article: int | None
) -> list[Record]:
    """The findings filed under one article, or the general ones (no article) when ``instrument``
    is empty. Filtered in SQL: loading a large dossier's every finding for one article took 0.1 s
    each time the user picked another article."""
    where = "dossier_id = ? AND kind != 'recommendation' AND "
    params: tuple[Any, ...]
    if instrument:
        where, params = where + "instrument = ? AND article = ?", (dossier_id, instrument, article)
    else:
        where, params = where + "(instrument IS NULL OR instrument = '')", (dossier_id,)
    return ws.rows("findings", where, params, order_by="position, created_at")


def recommendations(ws: Workspace, dossier_id: str) -> list[Record]:
    return ws.rows(
        "findings",
        "dossier_id = ? AND kind = 'recommendation'",
        (dossier_id,),
        order_by="position, created_at",
    )


def add_recommendation(ws: Workspace, dossier_id: str, text: str = "") -> str:
    return ws.add_finding(dossier_id, "recommendation", text)


def signatories_in_order(ws: Workspace, dossier_id: str) -> list[Record]:
    """Organizations first, then individuals, each in the order they were added."""
    return ws.rows(
        "signatories",
        "dossier_id = ?",
        (dossier_id,),
        order_by="CASE kind WHEN 'organization' THEN 0 ELSE 1 END, position, created_at",
    )


def has_child(ws: Workspace, table: str, dossier_id: str, *, kind: str | None = None) -> bool:
    """Whether the dossier has at least one live record of ``table`` (an indexed lookup, not a
    load): the dossier list asks this of every dossier at every refresh."""
    ws.columns(table)  # refuses a name that is not a record table
    sql = f"SELECT 1 FROM {table} WHERE dossier_id = ? AND deleted_at IS NULL"
    params: tuple[Any, ...] = (dossier_id,)
    if kind is not None:
        sql, params = sql + " AND kind = ?", (dossier_id, kind)
    return ws.conn.execute(sql + " LIMIT 1", params).fetchone() is not None


def covered_articles(ws: Workspace, dossier_id: str) -> set[tuple[Any, ...]]:
    """The articles that have at least one finding; only which, never the findings' text: a
    dossier of 10,000 findings must not load them all to draw the dossier list."""
    return {
        tuple(row)
        for row in ws.conn.execute(
            "SELECT DISTINCT instrument, article FROM findings "
            "WHERE dossier_id = ? AND deleted_at IS NULL AND kind != 'recommendation'",
            (dossier_id,),
        )
    }


def linked_evidence_count(ws: Workspace, dossier_id: str) -> int:
    """How many of the dossier's pieces of evidence back at least one finding. One join, counted
    in SQL: the IN-subquery form took 3 s on a dossier of 10,000 findings."""
    row = ws.conn.execute(
        "SELECT COUNT(DISTINCT l.evidence_id) FROM finding_evidence l "
        "JOIN evidence e ON e.id = l.evidence_id JOIN findings f ON f.id = l.finding_id "
        "WHERE e.dossier_id = ? AND l.deleted_at IS NULL AND e.deleted_at IS NULL "
        "AND f.deleted_at IS NULL",
        (dossier_id,),
    ).fetchone()
    return int(row[0])


def findings_of_submissions(ws: Workspace, kinds: Sequence[str]) -> list[tuple[Any, ...]]:
    """(id, dossier id, dossier title, kind, text, sensitive) of every non-empty finding of the
    given kinds in the office's submissions, newest dossier first, in each dossier's order."""
    if not kinds:
        return []
    placeholders = ", ".join("?" * len(kinds))
    cur = ws.conn.execute(
        "SELECT f.id, f.dossier_id, d.title, f.kind, f.text, f.sensitive FROM findings f "
        "JOIN dossiers d ON d.id = f.dossier_id "
        "WHERE f.deleted_at IS NULL AND d.deleted_at IS NULL AND d.kind = 'submission' "
        f"AND f.kind IN ({placeholders}) AND trim(f.text) != '' "
        "ORDER BY d.updated_at DESC, f.position",
        tuple(kinds),
    )
    return [tuple(row) for row in cur]


def dialogue_statements(ws: Workspace) -> list[Record]:
    """Statements for a constructive dialogue whose date is known (their deadlines count)."""
    return ws.rows("dossiers", "kind = 'dialogue_statement' AND dialogue_date != ''")


# ------------------------------------------------------------------------------ a dossier's fields
def _set(ws: Workspace, dossier_id: str, **fields: Any) -> None:
    ws.update("dossiers", dossier_id, **fields)


def set_title(ws: Workspace, dossier_id: str, title: str) -> None:
    _set(ws, dossier_id, title=title)


def set_step(ws: Workspace, dossier_id: str, step: int) -> None:
    """Where the wizard reopens the dossier."""
    _set(ws, dossier_id, step=step)


def set_language(ws: Workspace, dossier_id: str, language: str) -> None:
    """The language of the dossier's documents (independent of the interface's)."""
    _set(ws, dossier_id, language=language)


def set_status(ws: Workspace, dossier_id: str, status: str) -> None:
    _set(ws, dossier_id, status=status)


def set_country(ws: Workspace, dossier_id: str, iso2: str) -> None:
    _set(ws, dossier_id, country=iso2)


def set_cluster(ws: Workspace, dossier_id: str, cluster: int | None) -> None:
    _set(ws, dossier_id, cluster=cluster)


def set_instruments(ws: Workspace, dossier_id: str, codes: Sequence[str]) -> None:
    _set(ws, dossier_id, instruments=list(codes))


def set_crime_types(ws: Workspace, dossier_id: str, keys: Sequence[str]) -> None:
    _set(ws, dossier_id, crime_types=list(keys))


def set_sdg_targets(ws: Workspace, dossier_id: str, keys: Sequence[str]) -> None:
    _set(ws, dossier_id, sdg_targets=list(keys))


def set_executive_summary(ws: Workspace, dossier_id: str, text: str) -> None:
    _set(ws, dossier_id, executive_summary=text)


def set_summary_word_limit(ws: Workspace, dossier_id: str, words: int) -> None:
    _set(ws, dossier_id, summary_word_limit=words)


def set_safety_reviewed(ws: Workspace, dossier_id: str, reviewed: bool) -> None:
    """Record (now) or withdraw the user's confirmation of the safety check; exports of the
    submission and bundles wait for it."""
    _set(ws, dossier_id, safety_reviewed_at=now() if reviewed else None)


def delete(ws: Workspace, dossier_id: str) -> None:
    """Move the dossier to the trash (restorable, and a tombstone for partner offices)."""
    ws.delete("dossiers", dossier_id)


def restore(ws: Workspace, dossier_id: str) -> None:
    ws.restore("dossiers", dossier_id)


def restore_trashed(ws: Workspace, table: str, record_id: str) -> None:
    """Bring back an item listed by ``Workspace.trash`` (which says which table it came from)."""
    ws.restore(table, record_id)


def full_text_matches(
    ws: Workspace, table: str, query: str, *, dossier_id: str | None, limit: int
) -> list[tuple[str, str, str, str, bool]]:
    """(id, dossier id, dossier title, snippet, sensitive) of the live ``findings`` or
    ``evidence`` records matching an FTS5 ``query``, best first."""
    if table not in ("findings", "evidence"):
        raise ValueError(f"{table} has no full-text index")
    sql = f"""
        SELECT t.id, t.dossier_id, d.title, snippet({table}_fts, -1, '[', ']', '…', 12), t.sensitive
        FROM {table}_fts
        JOIN {table} t ON t.rowid = {table}_fts.rowid
        JOIN dossiers d ON d.id = t.dossier_id
        WHERE {table}_fts MATCH ? AND t.deleted_at IS NULL AND d.deleted_at IS NULL
        {"AND t.dossier_id = ?" if dossier_id else ""}
        ORDER BY rank LIMIT ?
    """
    params: tuple[Any, ...] = (query, dossier_id, limit) if dossier_id else (query, limit)
    return [(r[0], r[1], r[2], r[3], bool(r[4])) for r in ws.conn.execute(sql, params)]


def state_corrections(ws: Workspace, iso2: str) -> dict[str, tuple[str, str]]:
    """The user's corrections of shipped facts about one State: field -> (value, note)."""
    rows = ws.rows("state_corrections", "country = ?", (iso2.upper(),))
    return {r["field"]: (r["value"], r["note"]) for r in rows}


# ------------------------------------------------------------------------------ completion
#: The columns whose text makes a record count as written, per record table: an item the user
#: added but left empty does not complete a step.
CONTENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "findings": ("text",),
    "evidence": ("source", "description", "attachment_name"),
    "partners": ("name",),
    "signatories": ("name",),
    "engagement_log": ("summary", "date"),
}


def has_child_with_content(
    ws: Workspace, table: str, dossier_id: str, *, kind: str | None = None
) -> bool:
    """Like ``has_child``, counting only records with some text in ``CONTENT_COLUMNS[table]``."""
    columns = [c for c in CONTENT_COLUMNS[table] if c in ws.columns(table)]
    written = " OR ".join(f"trim(coalesce({c}, '')) != ''" for c in columns) or "1"
    sql = f"SELECT 1 FROM {table} WHERE dossier_id = ? AND deleted_at IS NULL AND ({written})"
    params: tuple[Any, ...] = (dossier_id,)
    if kind is not None:
        sql, params = sql + " AND kind = ?", (dossier_id, kind)
    return ws.conn.execute(sql + " LIMIT 1", params).fetchone() is not None


#: The articles with a finding that has text; its WHERE is the partial index ``findings_covered``'s
#: condition, term for term (schema version 7), so SQLite answers from the index alone.
COVERED_WITH_TEXT_SQL = (
    "SELECT DISTINCT instrument, article FROM findings "
    "WHERE dossier_id = ? AND deleted_at IS NULL AND kind != 'recommendation' "
    "AND trim(text) != ''"
)


def covered_articles_with_text(ws: Workspace, dossier_id: str) -> set[tuple[Any, ...]]:
    """Like ``covered_articles``, counting only findings whose text is not empty."""
    return {tuple(row) for row in ws.conn.execute(COVERED_WITH_TEXT_SQL, (dossier_id,))}
