"""Exporting a bundle: the whole workspace or chosen dossiers, written safely and read back.

The file is written to a temporary name in the destination folder in one streaming pass
(attachments straight from SQLite, then the records, hashed on the way), flushed to the device,
read back once to prove its bytes are the ones signed, and only then renamed into place, so that a
stick pulled out too early or a failing drive is noticed in the office, not at the partner's.

Attachments go first for memory's sake: an encrypted bundle's scrypt holds 256 MiB while it runs,
and it runs beside the attachments, which stream in a few MiB, not beside the records, which are
held whole (25 MiB for 10,000 findings). Both are read in one snapshot of the workspace.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from untoc_desktop import __version__
from untoc_desktop.bundles import authorship
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.age_stream import AgeWriter, PendingHeader
from untoc_desktop.bundles.container import Written, verify_written, write_container
from untoc_desktop.bundles.keys import SigningKey, office_key, office_name
from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.text import clean
from untoc_desktop.core.timeutil import now
from untoc_desktop.i18n import _
from untoc_desktop.store import sync
from untoc_desktop.store.workspace import Workspace

Progress = Callable[
    ..., None
]  # progress(done, total) or progress(done, total, stage): ``ui.worker.run_task``
# An attachment's bytes are read in pieces of this size. 1 MiB rather than 4: two pieces are alive
# at a time, beside scrypt's 256 MiB when the bundle is encrypted, and no faster when larger.
_CHUNK = 2**20
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# One encoder each, made once: json.dumps with options builds a new encoder
# per row (10,000s of rows).
_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
_VERSION_JSON = json.JSONEncoder()
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size: int
    counts: dict[str, int]
    attachments: int
    encrypted: bool
    fingerprint: str


#: The columns the export reads itself (filters, links, attachments, travelled versions). Each row
#: carries only these, plus the whole row as JSON text under ``JSON_KEY``.
_READ_HERE = frozenset(
    {
        "id",
        "updated_at",
        "office_id",
        "sensitive",
        "dossier_id",
        "organization_id",
        "country",
        "finding_id",
        "evidence_id",
        *fmt.ATTACHMENT_COLUMNS.values(),
    }
)
JSON_KEY = "_json"
#: What ``collect`` reads without the JSON: the columns its filters and the attachment list need.
_READ_TO_FILTER = frozenset(
    {
        "id",
        "sensitive",
        "organization_id",
        "country",
        "finding_id",
        "evidence_id",
        *fmt.ATTACHMENT_COLUMNS.values(),
    }
)


def collect(
    ws: Workspace,
    dossier_ids: list[str] | None = None,
    *,
    include_sensitive: bool = False,
    with_json: bool = True,
    tables: Iterable[str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The records a bundle holds, table by table; sensitive rows only when asked for.

    Rows as stored (JSON columns stay text, tombstones included): what travels is what is kept;
    each with only the columns the export reads, and its JSON under ``JSON_KEY``; without
    ``with_json``, only what decides which rows travel and which attachments with them. With
    ``tables``, only those tables and the ones their filters need are read (the others come back
    empty), for a question about them alone: which attachments travel.
    """
    read_only = None
    if tables is not None:  # with what decides which of their rows travel
        read_only = {*tables, "dossiers"}
        if read_only & {*fmt.FINDING_CHILD_TABLES, "finding_evidence"}:
            read_only |= {"findings", "evidence"}

    def _raw_rows(
        ws: Workspace, table: str, column: str | None = None, values: Iterable[str] = ()
    ) -> list[dict[str, Any]]:
        if read_only is not None and table not in read_only:
            return []
        return sync.raw_rows(
            ws,
            table,
            column=column,
            values=values,
            read=_READ_HERE if with_json else _READ_TO_FILTER,
            json_key=JSON_KEY if with_json else None,
            encode=_RECORD_JSON,
        )

    records: dict[str, list[dict[str, Any]]] = {}
    if not dossier_ids:
        for table in fmt.MERGE_ORDER:
            records[table] = _raw_rows(ws, table)
    else:
        for dossier_id in dossier_ids:
            if not sync.record_exists(ws, "dossiers", dossier_id):
                raise UserError(_("There is no dossier with the id {id}.").format(id=dossier_id))
        records["dossiers"] = _raw_rows(ws, "dossiers", "id", dossier_ids)
        org_ids = [d["organization_id"] for d in records["dossiers"] if d["organization_id"]]
        records["organizations"] = _raw_rows(ws, "organizations", "id", org_ids)
        for table in fmt.MERGE_ORDER:
            if table in fmt.PARENTS and fmt.PARENTS[table][0][0] == "dossier_id":
                records[table] = _raw_rows(ws, table, "dossier_id", dossier_ids)
        countries = [d["country"] for d in records["dossiers"] if d["country"]]
        records["state_corrections"] = _raw_rows(ws, "state_corrections", "country", countries)
        finding_ids = [f["id"] for f in records["findings"]]
        records["finding_evidence"] = _raw_rows(ws, "finding_evidence", "finding_id", finding_ids)
    if not include_sensitive:
        for table in fmt.SENSITIVE_TABLES:
            records[table] = [r for r in records[table] if not r.get("sensitive")]
    kept_findings = {r["id"] for r in records["findings"]}
    kept_evidence = {r["id"] for r in records["evidence"]}
    records["finding_evidence"] = [
        r
        for r in records["finding_evidence"]
        if r["finding_id"] in kept_findings and r["evidence_id"] in kept_evidence
    ]
    for table in fmt.FINDING_CHILD_TABLES:
        records[table] = [r for r in records[table] if r["finding_id"] in kept_findings]
    return {table: records[table] for table in fmt.MERGE_ORDER}


def _referenced_attachments(records: dict[str, list[dict[str, Any]]]) -> list[str]:
    shas = {
        row[column]
        for table, column in fmt.ATTACHMENT_COLUMNS.items()
        for row in records[table]
        if row[column]
    }
    return sorted(shas)


def _compression_for(sample: bytes) -> int:
    """Deflate what shrinks (text, office files), store what is already compressed (JPEG, PDF)."""
    sample = sample[: 16 * 1024]
    if len(sample) < 512 or len(zlib.compress(sample, 1)) < 0.9 * len(sample):
        return zipfile.ZIP_DEFLATED
    return zipfile.ZIP_STORED


Version = tuple[str, str, str, str]  # (table, record id, updated_at, office_id)


def _versions(
    ws: Workspace, records: dict[str, list[dict[str, Any]]]
) -> tuple[list[list[str]], list[Version]]:
    """Every version of the exported records that has travelled before, plus the current one;
    and the current versions that have not travelled yet (all the export has to remember).

    One range scan per table of the ``sync_versions`` key, filtered here, rather than ``IN`` queries
    of 500 ids: a workspace export asks for nearly every row anyway (16,000 versions: 0.040 s
    instead of 0.055 s).
    """
    out: set[Version] = set()
    unsent: list[Version] = []
    for table, rows in records.items():
        if not rows:
            continue
        ids = {row["id"] for row in rows}
        travelled = {v for v in sync.travelled_versions(ws, table) if v[1] in ids}
        out.update(travelled)
        for row in rows:
            version = (table, row["id"], row["updated_at"], row["office_id"])
            if version not in travelled:
                out.add(version)
                unsent.append(version)
    return [list(v) for v in sorted(out)], unsent


def _add_attachment(ws: Workspace, zf: zipfile.ZipFile, sha: str) -> dict[str, Any] | None:
    """Stream one attachment from SQLite into the ZIP in chunks, hashing it on the way.

    Its name is its SHA-256: a blob that no longer matches (a damaged workspace) stops the export
    here, instead of producing a bundle every partner would refuse.
    """
    row = sync.attachment_location(ws, sha)
    if row is None:
        return None
    rowid, size, mime = row
    digest = hashlib.sha256()
    chunks = sync.attachment_chunks(ws, rowid, _CHUNK)
    chunk = next(chunks, b"")
    info = zipfile.ZipInfo(f"{fmt.ATTACHMENTS_PREFIX}{sha}", date_time=_ZIP_EPOCH)
    info.compress_type = _compression_for(chunk)
    info.file_size = size  # lets zipfile decide on ZIP64 before the bytes arrive
    with zf.open(info, "w") as dest:
        while chunk:
            digest.update(chunk)
            dest.write(chunk)
            chunk = next(chunks, b"")
    if digest.hexdigest() != sha:
        raise UserError(
            _(
                "An attachment in this workspace is damaged (its contents no longer "
                "match its fingerprint {sha}); no bundle was written. Restore a backup "
                "or remove the attachment."
            ).format(sha=sha[:16])
        )
    return {"size": size, "mime": mime}


# What a JSON line from SQLite may hold that ``core.text.clean`` would change: escaped control
# characters or surrogates (``_UNCLEAN_ESCAPE``, only where the line has a backslash), raw
# separators or bidi overrides (``_UNCLEAN_CHAR``, all outside ASCII); a false alarm only costs a
# re-encode. Two cheap tests (``in``, ``isascii``) spare most lines the regular expressions, which
# took 0.2 s of a 200 MB export as one alternation over every character.
_UNCLEAN_ESCAPE = re.compile(r"\\(?:u00[01]|u007f|[bfr]|ud[89a-f])")
_UNCLEAN_CHAR = re.compile("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _may_be_unclean(line: str) -> bool:
    return bool(
        ("\\" in line and _UNCLEAN_ESCAPE.search(line))
        or (not line.isascii() and _UNCLEAN_CHAR.search(line))
    )


def _cleaned(line: str) -> str:
    """A record's JSON line as it travels: text cleaned as its signature covers it
    (``bundles.authorship``), so what the bundle holds is exactly what was signed."""
    if not _may_be_unclean(line):
        return line
    row = json.loads(line)
    return _RECORD_JSON.encode({k: clean(v) if isinstance(v, str) else v for k, v in row.items()})


#: A signature made for this export: (table, id, updated_at, office_id, signature).
Made = tuple[str, str, str, str, str]


def _signatures(
    ws: Workspace, records: dict[str, list[dict[str, Any]]]
) -> tuple[list[list[str]], list[Made]]:
    """The author's signature of every exported version: this office signs its own versions (once:
    the signature is kept and reused), and relays the ones it received with theirs. A received
    version without one (from a bundle made before signatures existed) travels unsigned, and a
    third office will refuse it. Returns them with the ones made now, for the caller to keep
    once it has stopped reading (``Workspace.snapshot``)."""
    key = office_key(ws)
    own = ws.office_id
    out: list[list[str]] = []
    made: list[Made] = []
    for table, rows in records.items():
        if not rows:
            continue
        stored = sync.version_signatures(ws, table)
        for row in rows:
            version = (row["id"], row["updated_at"], row["office_id"])
            signature = stored.get(version)
            if signature is None and row["office_id"] == own:
                signature = authorship.sign(key, table, json.loads(row[JSON_KEY]))
                made.append((table, *version, signature))
            if signature is not None:
                out.append([table, *version, signature])
    return sorted(out), made


#: Bytes of record lines encoded and deflated at a time.
_LINES_CHUNK = 2**20


def _chunks(lines: Iterable[str]) -> Iterator[bytes]:
    """``lines`` joined and encoded in pieces of about ``_LINES_CHUNK`` characters."""
    batch: list[str] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if size >= _LINES_CHUNK:
            yield "".join(batch).encode("utf-8")
            batch, size = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


def _list_line(items: list[str]) -> str:
    """One line of the version or signature list: ``json.JSONEncoder().encode(items)`` and a line
    break, written directly when every item is printable ASCII without a quote or backslash (ids,
    times, base64: what the encoder leaves as it is), which is 20 times faster for 32,000 lines."""
    joined = "".join(items)
    if joined.isascii() and joined.isprintable() and '"' not in joined and "\\" not in joined:
        return '["' + '", "'.join(items) + '"]\n'
    return _VERSION_JSON.encode(items) + "\n"


@dataclass(frozen=True)
class Inner:
    """What ``write_inner`` wrote: its manifest, the versions in it that had not travelled before,
    and the signatures it made."""

    manifest: dict[str, Any]
    unsent: list[Version]
    made: list[Made]


def write_inner(
    ws: Workspace,
    shas: list[str],
    read_records: Callable[[], dict[str, list[dict[str, Any]]]],
    scope: dict[str, Any],
    sink: BinaryIO,
    header: dict[str, Any],
    *,
    include_sensitive: bool,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    steps: int = 0,
) -> Inner:
    """Stream the inner ZIP (the attachments ``shas``, then the records ``read_records`` returns,
    their versions and signatures, then the manifest) into ``sink``.

    The manifest repeats the signed ``header``'s office and time.

    One pass: attachments go from SQLite to the sink in chunks, never whole in memory, and each
    member's SHA-256 for the manifest is computed as it is written. The records are read only once
    the attachments are written (see the module's docstring).
    """
    total = steps + len(shas) + 1
    if progress:
        progress(0, total, _("Writing the bundle…"))
    members: dict[str, str] = {}
    attachment_meta: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def add(name: str, lines: Iterable[str]) -> None:
            """One member from its lines (each ending in a line break), written in chunks: the
            whole table as one string, then as bytes, then deflated, was three copies of it in
            memory at once (the findings alone are 8 MB), beside scrypt's 256 MiB when the bundle
            is encrypted."""
            digest = hashlib.sha256()
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            setattr(info, "_compresslevel", 1)  # noqa: B010 - zipfile reads it for open("w")
            with zf.open(info, "w") as dest:
                for chunk in _chunks(lines):
                    digest.update(chunk)
                    dest.write(chunk)
            members[name] = digest.hexdigest()

        for done, sha in enumerate(shas, start=1):
            if cancelled and cancelled():
                raise CancelledError(_("The export was cancelled."))
            meta = _add_attachment(ws, zf, sha)
            if meta is None:
                continue
            attachment_meta[sha] = meta
            members[f"{fmt.ATTACHMENTS_PREFIX}{sha}"] = sha
            if progress:
                progress(done, total)
        records = read_records()
        if progress:
            progress(len(shas), total, _("Writing the bundle…"))
        for table, rows in records.items():
            if rows:
                add(
                    f"{fmt.RECORDS_PREFIX}{table}.jsonl",
                    (_cleaned(r[JSON_KEY]) + "\n" for r in rows),
                )
        versions, unsent = _versions(ws, records)
        add(fmt.VERSIONS, (_list_line(v) for v in versions))
        signatures, made = _signatures(ws, records)
        add(fmt.SIGNATURES, (_list_line(s) for s in signatures))
        manifest = {
            "format_version": fmt.FORMAT_VERSION,
            "app_version": __version__,
            "office_id": header["office_id"],
            "office_name": header["office_name"],
            "created_at": header["created_at"],
            "scope": scope,
            "includes_sensitive": include_sensitive,
            "counts": {table: len(rows) for table, rows in records.items()},
            "attachments": attachment_meta,
            "members": members,
        }
        zf.writestr(
            zipfile.ZipInfo(fmt.MANIFEST, date_time=_ZIP_EPOCH),
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return Inner(manifest, unsent, made)


def _write_atomically(
    out: Path, write: Callable[[BinaryIO], Written], verify: Callable[[Path, Written], None]
) -> None:
    """Temporary file in the destination folder, fsync, read back, rename:
    never half a bundle under its name.

    ``write`` fills the file and returns what ``verify`` needs to check it.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as fh:  # read back by an encrypted payload (age header)
            written = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
            _forget_cached(fh.fileno())
        verify(tmp, written)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _sync_data(fd: int) -> None:
    """The file's data on the device (``fdatasync`` where there is one: the size is synced by the
    final ``fsync``)."""
    getattr(os, "fdatasync", os.fsync)(fd)


def _forget_cached(fd: int) -> None:
    """Drop the file's pages from the system's cache once they are on the device.

    Otherwise the read-back is served from memory and proves only that the application wrote what it
    meant to; from the device it catches what users actually meet on the road: a stick that fails,
    is pulled out, or is counterfeit (it reports more space than it has and silently loses the
    rest). Only where the system lets a program ask for it (``posix_fadvise``: Linux, the BSDs).
    """
    if hasattr(os, "posix_fadvise"):
        # A file system that refuses the advice is read back from the cache, as on other systems.
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


#: Progress steps besides one per attachment: the key, the records, the check on the drive, the end.
_OTHER_STEPS = 4


def export_bundle(
    ws: Workspace,
    out: str | Path,
    dossier_ids: list[str] | None = None,
    passphrase: str | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    *,
    include_sensitive: bool = False,
) -> ExportResult:
    """Write a signed (and, with a passphrase, encrypted) bundle to ``out`` and verify it.

    ``progress(done, total, stage)`` and ``cancelled()`` let a GUI worker thread report and stop the
    work (``stage`` names the two long steps that are not attachments: the passphrase's key, and the
    read-back from the drive).
    """
    out = Path(out)
    if out.suffix != fmt.SUFFIX:
        out = out.with_name(out.name + fmt.SUFFIX)
    key = office_key(ws)
    if passphrase and progress:
        progress(0, 0, _("Deriving the key from the passphrase…"))  # a second or two, by design
    # scrypt starts now on the second core and runs while the attachments are written; the age
    # writer waits for it only before its header is filled in (``age_stream.AgeWriter``).
    age_header = PendingHeader(passphrase) if passphrase else None
    # The snapshot spans the attachments' pass and the records' (``inner_into`` ends it early).
    reading = contextlib.ExitStack()
    with reading:
        reading.enter_context(ws.snapshot())
        inner = _export_in_snapshot(
            ws, out, key, age_header, reading, dossier_ids, progress, cancelled, include_sensitive
        )
    if inner.made:
        sync.remember_signatures(ws, inner.made)
    # Versions that left in a bundle are known to others: a later edit here supersedes them. A
    # bundle of nothing new changes nothing here (and loads no sqlite-utils).
    if inner.unsent:
        sync.remember_versions(ws, inner.unsent)
    attachments = len(inner.manifest["attachments"])
    if progress:
        progress(attachments + _OTHER_STEPS, attachments + _OTHER_STEPS)
    return ExportResult(
        path=out,
        size=out.stat().st_size,
        counts=inner.manifest["counts"],
        attachments=attachments,
        encrypted=bool(passphrase),
        fingerprint=key.public.fingerprint,
    )


def _export_in_snapshot(
    ws: Workspace,
    out: Path,
    key: SigningKey,
    age_header: PendingHeader | None,
    reading: contextlib.ExitStack,
    dossier_ids: list[str] | None,
    progress: Progress | None,
    cancelled: IsCancelled | None,
    include_sensitive: bool,
) -> Inner:
    """``export_bundle``'s reading and writing, inside the snapshot ``reading`` holds."""
    # Which attachments: the rows that may hold one, without their text.
    shas = _referenced_attachments(
        collect(
            ws,
            dossier_ids,
            include_sensitive=include_sensitive,
            with_json=False,
            tables=fmt.ATTACHMENT_COLUMNS,
        )
    )
    scope = (
        {"kind": "dossiers", "dossier_ids": sorted(dossier_ids)}
        if dossier_ids
        else {"kind": "workspace"}
    )
    header = {
        "format": fmt.FORMAT_VERSION,
        "office_id": ws.office_id,
        "office_name": office_name(ws),
        "created_at": now(),
    }
    inner: list[Inner] = []
    files: list[BinaryIO] = []

    def read_records() -> dict[str, list[dict[str, Any]]]:
        if age_header is not None:
            if not age_header.done():
                if progress:  # a second or two on an old laptop: say what the wait is for
                    progress(0, 0, _("Deriving the key from the passphrase…"))
                if files:
                    # Meanwhile the attachments go to the device (the final fsync then has only
                    # the records left to flush; 0.12 s of 200 MB here).
                    files[0].flush()
                    _sync_data(files[0].fileno())
            age_header.result()  # its 256 MiB freed before the records take theirs
        return collect(ws, dossier_ids, include_sensitive=include_sensitive)

    def inner_into(sink: BinaryIO) -> None:
        try:
            written = write_inner(
                ws,
                shas,
                read_records,
                scope,
                sink,
                header,
                include_sensitive=include_sensitive,
                progress=progress,
                cancelled=cancelled,
                steps=3,
            )
        finally:
            reading.close()  # the snapshot ends: nothing more is read
        inner.append(written)

    def payload_into(sink: BinaryIO) -> None:
        if age_header is None:
            inner_into(sink)  # the plain inner ZIP streams straight into the container
            return
        writer = AgeWriter(sink, pending=age_header)
        inner_into(writer)  # type: ignore[arg-type]  # a write-only stream, as zipfile needs
        writer.close()

    def verify(path: Path, written: Written) -> None:
        if progress:
            progress(steps_total() - 1, steps_total(), _("Checking the bundle on the drive…"))
        try:
            verify_written(path, key.public, written)
        except UserError as exc:
            raise UserError(
                _(
                    "The bundle written to {path} could not be read back ({reason}); "
                    "it was removed. Try another drive."
                ).format(path=out, reason=exc)
            ) from exc

    def write(fh: BinaryIO) -> Written:
        files.append(fh)
        return write_container(fh, key, header, payload_into)

    def steps_total() -> int:
        return (len(inner[0].manifest["attachments"]) if inner else 0) + _OTHER_STEPS

    try:
        _write_atomically(out, write, verify)
    except OSError as exc:
        raise UserError(
            _("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)
        ) from exc
    return inner[0]
