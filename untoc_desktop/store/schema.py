"""The workspace schema and its forward migrations.

The schema version is SQLite's ``user_version``. Each migration moves the file from version N-1 to
N inside one transaction that also writes the new version, so a kill mid-migration leaves the file
at the old version, intact. A file whose version is higher than ``SCHEMA_VERSION`` was written by a
newer release and is never touched.

Every synchronised table carries the same bookkeeping columns (``RECORD_COLUMNS``): a UUID, the
creation and last-change times, the office that made the last change and, for the trash and for
bundles' tombstones, the time it was deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

RECORD_COLUMNS = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    office_id TEXT NOT NULL,
    deleted_at TEXT
"""

#: Tables whose rows are user records (synchronised by bundles, shown in the trash), each after the
#: tables it refers to, so bundles write them in this order without breaking a foreign key.
RECORD_TABLES: tuple[str, ...] = (
    "organizations",
    "dossiers",
    "focal_points",
    "dossier_articles",
    "findings",
    "evidence",
    "finding_evidence",
    "partners",
    "engagement_log",
    "state_corrections",
    "milestones",
    "declaration_sections",
    "signatories",
    "pledges",
    "pledge_commitments",
    "stakeholders",
    "public_messages",
    "recommendation_status",
)

#: Tables that belong to a dossier through ``dossier_id`` (copied with it by ``duplicate_dossier``).
#: ``recommendation_status`` also has ``dossier_id`` but is not listed: its rows point at a
#: recommendation, and a copy of the dossier starts its own follow-up.
DOSSIER_CHILD_TABLES: tuple[str, ...] = (
    "focal_points",
    "dossier_articles",
    "findings",
    "evidence",
    "partners",
    "engagement_log",
    "milestones",
    "declaration_sections",
    "signatories",
    "pledges",
    "pledge_commitments",
    "stakeholders",
    "public_messages",
)


def _v1(conn: sqlite3.Connection) -> None:
    conn.executescript(
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT);

        CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
            data BLOB NOT NULL,
            size INTEGER NOT NULL,
            mime TEXT NOT NULL DEFAULT 'application/octet-stream',
            created_at TEXT NOT NULL
        );

        CREATE TABLE organizations ({RECORD_COLUMNS},
            name TEXT NOT NULL DEFAULT '',
            acronym TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            focus_issues TEXT NOT NULL DEFAULT '',
            logo_sha256 TEXT REFERENCES attachments(sha256),
            signatory_name TEXT NOT NULL DEFAULT '',
            signatory_title TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE dossiers ({RECORD_COLUMNS},
            organization_id TEXT REFERENCES organizations(id) ON DELETE SET NULL,
            title TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'es')),
            instruments TEXT NOT NULL DEFAULT '[]',
            cluster INTEGER CHECK (cluster BETWEEN 1 AND 4),
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'ready', 'submitted', 'archived')),
            step INTEGER NOT NULL DEFAULT 1,
            executive_summary TEXT NOT NULL DEFAULT '',
            summary_word_limit INTEGER NOT NULL DEFAULT 500,
            crime_types TEXT NOT NULL DEFAULT '[]',
            sdg_targets TEXT NOT NULL DEFAULT '[]',
            safety_reviewed_at TEXT,
            exported_at TEXT
        );

        CREATE TABLE focal_points ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            name TEXT NOT NULL DEFAULT '',
            position TEXT NOT NULL DEFAULT '',
            ministry TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX focal_points_dossier ON focal_points(dossier_id);

        CREATE TABLE dossier_articles ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            instrument TEXT NOT NULL,
            article INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX dossier_articles_unique
            ON dossier_articles(dossier_id, instrument, article);

        CREATE TABLE findings ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            instrument TEXT,
            article INTEGER,
            kind TEXT NOT NULL CHECK (kind IN
                ('gap', 'good_practice', 'ta_need', 'recommendation', 'observation')),
            text TEXT NOT NULL DEFAULT '',
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX findings_dossier ON findings(dossier_id, kind, position);

        CREATE TABLE evidence ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            source TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            attachment_sha256 TEXT REFERENCES attachments(sha256),
            attachment_name TEXT NOT NULL DEFAULT '',
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX evidence_dossier ON evidence(dossier_id, position);

        CREATE TABLE finding_evidence ({RECORD_COLUMNS},
            finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
            evidence_id TEXT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE
        );
        CREATE UNIQUE INDEX finding_evidence_unique ON finding_evidence(finding_id, evidence_id);
        CREATE INDEX finding_evidence_evidence ON finding_evidence(evidence_id);

        CREATE TABLE partners ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'organization'
                CHECK (kind IN ('organization', 'individual')),
            name TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            cosigner INTEGER NOT NULL DEFAULT 1 CHECK (cosigner IN (0, 1)),
            agreed_on TEXT NOT NULL DEFAULT '',
            agreed_how TEXT NOT NULL DEFAULT '',
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1))
        );
        CREATE INDEX partners_dossier ON partners(dossier_id);

        CREATE TABLE engagement_log ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            date TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            follow_up TEXT NOT NULL DEFAULT '',
            done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
        );
        CREATE INDEX engagement_log_dossier ON engagement_log(dossier_id, date);

        CREATE TABLE state_corrections ({RECORD_COLUMNS},
            country TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX state_corrections_unique ON state_corrections(country, field);
        """
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Dated milestones (dialogues, deadlines) and full-text search over findings and evidence."""
    conn.executescript(
        f"""
        CREATE TABLE milestones ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'other',
            title TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX milestones_dossier ON milestones(dossier_id, date);
        """
    )
    for table, columns in (("findings", ("text",)), ("evidence", ("source", "description"))):
        cols = ", ".join(columns)
        new_cols = ", ".join(f"new.{c}" for c in columns)
        old_cols = ", ".join(f"old.{c}" for c in columns)
        conn.executescript(
            f"""
            CREATE VIRTUAL TABLE {table}_fts USING fts5(
                {cols}, content='{table}', content_rowid='rowid',
                tokenize='unicode61 remove_diacritics 2'
            );
            INSERT INTO {table}_fts (rowid, {cols}) SELECT rowid, {cols} FROM {table};
            CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
                INSERT INTO {table}_fts (rowid, {cols}) VALUES (new.rowid, {new_cols});
            END;
            CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
                INSERT INTO {table}_fts ({table}_fts, rowid, {cols})
                    VALUES ('delete', old.rowid, {old_cols});
            END;
            CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON {table} BEGIN
                INSERT INTO {table}_fts ({table}_fts, rowid, {cols})
                    VALUES ('delete', old.rowid, {old_cols});
                INSERT INTO {table}_fts (rowid, {cols}) VALUES (new.rowid, {new_cols});
            END;
            """
        )


def _v3(conn: sqlite3.Connection) -> None:
    """Bundles: partner offices' keys (trust on first use), conflict copies, versions exchanged.

    ``sync_versions`` remembers which versions of each record have travelled in a bundle (sent or
    received): an incoming record that loses the merge is kept as a conflict copy only when the
    winning side never knew it, i.e. when both sides really changed the record independently.
    """
    conn.executescript(
        """
        CREATE TABLE partner_offices (
            office_id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            public_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_bundle_at TEXT,
            trusted INTEGER NOT NULL DEFAULT 0 CHECK (trusted IN (0, 1))
        );

        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY NOT NULL,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            version_updated_at TEXT NOT NULL,
            version_office_id TEXT NOT NULL,
            record TEXT NOT NULL,
            source_office_id TEXT NOT NULL DEFAULT '',
            detected_at TEXT NOT NULL,
            resolved_at TEXT
        );
        CREATE UNIQUE INDEX conflicts_version
            ON conflicts(table_name, record_id, version_updated_at, version_office_id);

        CREATE TABLE sync_versions (
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            office_id TEXT NOT NULL,
            PRIMARY KEY (table_name, record_id, updated_at, office_id)
        ) WITHOUT ROWID;
        """
    )


def _v4(conn: sqlite3.Connection) -> None:
    """The guide's other two entry points: constructive-dialogue statements and joint declarations.

    ``dossiers.kind`` defaults to 'submission', so every dossier written before stays what it was.
    A signatory's endorsement is the signing office's minisign signature over the declaration's
    text hash (``core.declaration``); the hash it signed is kept beside it, so a later change of
    the text shows that signatory as needing to be asked again instead of silently still "signed".
    """
    conn.executescript(
        f"""
        ALTER TABLE dossiers ADD COLUMN kind TEXT NOT NULL DEFAULT 'submission'
            CHECK (kind IN ('submission', 'dialogue_statement', 'declaration'));
        ALTER TABLE dossiers ADD COLUMN working_group TEXT NOT NULL DEFAULT '';
        ALTER TABLE dossiers ADD COLUMN dialogue_date TEXT NOT NULL DEFAULT '';
        ALTER TABLE dossiers ADD COLUMN statement_limit INTEGER NOT NULL DEFAULT 500;
        ALTER TABLE dossiers ADD COLUMN statement_text TEXT NOT NULL DEFAULT '';

        CREATE TABLE declaration_sections ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX declaration_sections_dossier ON declaration_sections(dossier_id, position);

        CREATE TABLE signatories ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'organization'
                CHECK (kind IN ('organization', 'individual')),
            name TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            agreed_on TEXT NOT NULL DEFAULT '',
            agreed_how TEXT NOT NULL DEFAULT '',
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
            position INTEGER NOT NULL DEFAULT 0,
            endorsed_hash TEXT NOT NULL DEFAULT '',
            endorsement_signature TEXT NOT NULL DEFAULT '',
            endorsed_office_id TEXT NOT NULL DEFAULT '',
            endorsed_key_id TEXT NOT NULL DEFAULT '',
            endorsed_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX signatories_dossier ON signatories(dossier_id, kind, position);
        """
    )


def _v5(conn: sqlite3.Connection) -> None:
    """Authors' signatures of record versions (``bundles.authorship``): kept for the versions this
    office made and for those it received, so it can relay them to a third office verifiably."""
    conn.executescript(
        """
        CREATE TABLE version_signatures (
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            office_id TEXT NOT NULL,
            signature TEXT NOT NULL,
            PRIMARY KEY (table_name, record_id, updated_at, office_id)
        ) WITHOUT ROWID;
        """
    )


def _v6(conn: sqlite3.Connection) -> None:
    """The guide's Phase 2 (issue 24): what happens after the submission is sent.

    - ``pledges`` (one per dossier): the transparency pledge sent to the government, its answer,
      the signed copy and where it was published;
    - ``pledge_commitments``: each commitment's status over time (one row per observation, the
      latest date wins), commitments 1-4 of the pledge and 5, the publication of the
      self-assessment;
    - ``stakeholders``: who the organization engages (focal point, ministries, parliament, other
      organizations, media, UNODC, partners); the engagement log grows a ``stakeholder_id`` (a
      soft reference: a log entry outlives a stakeholder removed or left out of a bundle), the
      ``outcome`` of each contact and the ``next_action``, due on the log's existing
      ``follow_up`` date so the reminders already built on it keep working;
    - ``public_messages``: where the messages went out publicly (press release, interview, post);
    - ``recommendation_status``: each recommendation's history (raised with the government,
      reflected in the self-assessment, in the review's observations, implemented or not, carried
      into another dossier), with dates and evidence.
    """
    conn.executescript(
        f"""
        CREATE TABLE pledges ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            sent_on TEXT NOT NULL DEFAULT '',
            sent_to TEXT NOT NULL DEFAULT '',
            sent_how TEXT NOT NULL DEFAULT '',
            answer_due TEXT NOT NULL DEFAULT '',
            answer TEXT NOT NULL DEFAULT 'none'
                CHECK (answer IN ('none', 'signed', 'declined')),
            answer_on TEXT NOT NULL DEFAULT '',
            signed_copy_sha256 TEXT REFERENCES attachments(sha256),
            signed_copy_name TEXT NOT NULL DEFAULT '',
            published_where TEXT NOT NULL DEFAULT '',
            published_on TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX pledges_dossier ON pledges(dossier_id);

        CREATE TABLE pledge_commitments ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            commitment INTEGER NOT NULL DEFAULT 1 CHECK (commitment BETWEEN 1 AND 5),
            status TEXT NOT NULL DEFAULT 'not_yet'
                CHECK (status IN ('kept', 'not_yet', 'broken')),
            date TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            evidence_sha256 TEXT REFERENCES attachments(sha256),
            evidence_name TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX pledge_commitments_dossier
            ON pledge_commitments(dossier_id, commitment, date);

        CREATE TABLE stakeholders ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('focal_point', 'ministry',
                'parliament', 'cso', 'media', 'unodc', 'partner', 'other')),
            name TEXT NOT NULL DEFAULT '',
            organization TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1))
        );
        CREATE INDEX stakeholders_dossier ON stakeholders(dossier_id);

        ALTER TABLE engagement_log ADD COLUMN stakeholder_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE engagement_log ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
        ALTER TABLE engagement_log ADD COLUMN next_action TEXT NOT NULL DEFAULT '';

        CREATE TABLE public_messages ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('public_summary',
                'press_release', 'social', 'interview', 'event', 'other')),
            date TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX public_messages_dossier ON public_messages(dossier_id, date);

        CREATE TABLE recommendation_status ({RECORD_COLUMNS},
            dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'raised' CHECK (status IN ('raised', 'self_assessment',
                'observations', 'implemented', 'not_implemented', 'carried_over')),
            date TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            evidence_sha256 TEXT REFERENCES attachments(sha256),
            evidence_name TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX recommendation_status_finding ON recommendation_status(finding_id, date);
        CREATE INDEX recommendation_status_dossier ON recommendation_status(dossier_id);
        """
    )


def _v7(conn: sqlite3.Connection) -> None:
    """Which articles have a finding with text (``store.dossiers.covered_articles_with_text``, for
    ``core.plan.missing``): asked for each dossier of the list before the window's first paint and
    again after edits. Without an index SQLite read every finding of the dossier, text included
    (11 ms for 10,000 findings); this partial index holds just the answer (1 ms). Its condition is
    the query's, term for term, which is what lets SQLite use it (``tests/store``)."""
    conn.executescript(
        """
        CREATE INDEX findings_covered ON findings(dossier_id, instrument, article)
            WHERE deleted_at IS NULL AND kind != 'recommendation' AND trim(text) != '';
        """
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
}
SCHEMA_VERSION = max(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply every migration above the file's version up to ``target``; returns those applied.

    ``executescript`` commits any open transaction, so each step runs its DDL inside an explicit
    ``BEGIN IMMEDIATE`` script of its own and writes ``user_version`` before ``COMMIT``.
    """
    applied: list[int] = []
    for version in range(user_version(conn) + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            _run_in_transaction(conn, MIGRATIONS[version])
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def _run_in_transaction(
    conn: sqlite3.Connection, step: Callable[[sqlite3.Connection], None]
) -> None:
    """Run a migration whose code uses ``executescript`` without letting it commit early."""
    step(_NoCommitConnection(conn))  # type: ignore[arg-type]


class _NoCommitConnection:
    """Splits scripts into statements so a migration stays inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executescript(self, script: str) -> None:
        buffer = ""
        for line in script.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                statement = buffer.strip()
                if statement:
                    self._conn.execute(statement)
                buffer = ""
        if buffer.strip():
            self._conn.execute(buffer)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)
