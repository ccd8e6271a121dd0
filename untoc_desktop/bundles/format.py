"""Constants and limits of the ``.untoc`` bundle format (specified in ``docs/bundle-format.md``).

Every number read from a bundle is checked against a limit here before it is used, because a bundle
arrives on a USB stick from outside and may have been made to exhaust memory or time.
"""

from __future__ import annotations

import re

from untoc_desktop.store.schema import RECORD_TABLES

#: Version of the bundle layout a writer writes. 2 adds the authors' signatures of record versions
#: (``SIGNATURES``); a reader accepts ``READABLE_VERSIONS`` and refuses any other (newer, unknown).
FORMAT_VERSION = 2
READABLE_VERSIONS: frozenset[int] = frozenset({1, 2})
SUFFIX = ".untoc"

# Outer container: a stored (uncompressed) ZIP holding exactly these members.
PAYLOAD = "payload"
SIGNATURE = "payload.minisig"
PUBLIC_KEY = "office.pub"
OUTER_MEMBERS: frozenset[str] = frozenset({PAYLOAD, SIGNATURE, PUBLIC_KEY})

# Inner ZIP (the payload, optionally age-encrypted).
MANIFEST = "manifest.json"
VERSIONS = "sync/versions.jsonl"
SIGNATURES = "sync/signatures.jsonl"
RECORDS_PREFIX = "records/"
ATTACHMENTS_PREFIX = "attachments/"
_TABLES = "|".join(re.escape(t) for t in RECORD_TABLES)
INNER_NAME = re.compile(
    rf"\A(?:manifest\.json|sync/(?:versions|signatures)\.jsonl|records/(?:{_TABLES})\.jsonl|attachments/[0-9a-f]{{64}})\Z"
)

AGE_MAGIC = b"age-encryption.org/v1\n"
ZIP_MAGIC = b"PK\x03\x04"

# Limits. A bundle is read in memory, so these also bound the memory an import can take.
MAX_BUNDLE_BYTES = 1024 * 1024 * 1024
MAX_SMALL_MEMBER_BYTES = 64 * 1024  # signature and public key
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one attachment (the workspace allows 200 MB)
MAX_RECORDS_MEMBER_BYTES = 128 * 1024 * 1024
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 100_000
MAX_RECORD_LINE_BYTES = 4 * 1024 * 1024
#: Compression ratio above which a member is treated as a zip bomb (checked on members > 1 MiB).
MAX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
#: age passphrase stanzas: scrypt work factor 2**log_n; rage writes 19 and age writes 18.
MAX_SCRYPT_LOG_N = 20
MAX_AGE_HEADER_BYTES = 4096
MAX_TEXT_FIELD_CHARS = 4 * 1024 * 1024
#: How far a record version may be dated after the bundle that carries it (clocks of two laptops
#: differ a little); anything later is refused rather than allowed to win every future merge.
MAX_CLOCK_SKEW_SECONDS = 5 * 60

TIMESTAMP = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")
RECORD_ID = re.compile(r"\A[A-Za-z0-9_.:-]{1,64}\Z")
COLUMN_NAME = re.compile(r"\A[a-z_][a-z0-9_]{0,63}\Z")
SHA256_HEX = re.compile(r"\A[0-9a-f]{64}\Z")

#: Tables in the order their rows can be written without breaking a foreign key (the schema keeps
#: its record tables in that order, so there is one list).
MERGE_ORDER: tuple[str, ...] = RECORD_TABLES

#: Unique keys other than ``id``: two offices may create the "same" row under different ids.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "focal_points": ("dossier_id",),
    "dossier_articles": ("dossier_id", "instrument", "article"),
    "finding_evidence": ("finding_id", "evidence_id"),
    "state_corrections": ("country", "field"),
    "pledges": ("dossier_id",),
}

#: Columns holding a reference to an attachment (must be present in the bundle).
ATTACHMENT_COLUMNS: dict[str, str] = {
    "evidence": "attachment_sha256",
    "organizations": "logo_sha256",
    "pledges": "signed_copy_sha256",
    "pledge_commitments": "evidence_sha256",
    "recommendation_status": "evidence_sha256",
}

#: Columns that reference a parent record: (column, parent table).
PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "dossiers": (("organization_id", "organizations"),),
    "focal_points": (("dossier_id", "dossiers"),),
    "dossier_articles": (("dossier_id", "dossiers"),),
    "findings": (("dossier_id", "dossiers"),),
    "evidence": (("dossier_id", "dossiers"),),
    "finding_evidence": (("finding_id", "findings"), ("evidence_id", "evidence")),
    "partners": (("dossier_id", "dossiers"),),
    "engagement_log": (("dossier_id", "dossiers"),),
    "milestones": (("dossier_id", "dossiers"),),
    "declaration_sections": (("dossier_id", "dossiers"),),
    "signatories": (("dossier_id", "dossiers"),),
    "pledges": (("dossier_id", "dossiers"),),
    "pledge_commitments": (("dossier_id", "dossiers"),),
    "stakeholders": (("dossier_id", "dossiers"),),
    "public_messages": (("dossier_id", "dossiers"),),
    "recommendation_status": (("dossier_id", "dossiers"), ("finding_id", "findings")),
}

#: Tables whose rows follow one finding (``finding_id``): left out with it when it stays behind
#: (a sensitive recommendation's history is as sensitive as the recommendation).
FINDING_CHILD_TABLES: tuple[str, ...] = ("recommendation_status",)

#: Tables whose rows carry a ``sensitive`` flag: left out of a bundle unless deliberately included.
SENSITIVE_TABLES: tuple[str, ...] = (
    "findings",
    "evidence",
    "partners",
    "signatories",
    "stakeholders",
)
