"""Importing a bundle: validate everything, show what would change, then merge in one transaction.

Merge rules (see ``docs/bundle-format.md``):

* per record, the version with the later ``updated_at`` wins, the office id breaking ties, so every
  office reaches the same result whatever order bundles arrive in; a deletion is a version too;
* nothing is lost: when the losing version was never seen by the winning side (both changed the
  record independently), it is kept in ``conflicts`` where the user can see and restore it;
* two offices that created the "same" row under different ids (the same article selected, the
  same State correction) keep the row with the smaller id and the winning version's content;
* trust is the user's decision: a version by office X that would replace a version written by
  another office (this one included) is only a *proposal* unless the user marked X as a trusted
  co-editor. Proposals change nothing until the user accepts them, one by one, in the preview (or
  with ``--accept-proposals``); one not accepted is offered again by the next bundle that carries
  it, and is not recorded as seen here, so the proposer keeps it as a conflict copy when this
  office's later version reaches it. Records a partner creates, and its changes to its own
  records, merge directly.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import re
import sqlite3
import warnings
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, TypeVar

from untoc_desktop.bundles import authorship
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.container import BundleError, InnerZip, Signer, open_container
from untoc_desktop.bundles.hashing import HashWorker
from untoc_desktop.bundles.keys import META_KEY_ID, PublicKey, SignatureError, office_key
from untoc_desktop.core.images import MAX_IMAGE_PIXELS, ImageTooLargeError, check_pixels
from untoc_desktop.core.text import clean
from untoc_desktop.core.timeutil import now
from untoc_desktop.i18n import _
from untoc_desktop.store import partners, sync
from untoc_desktop.store.workspace import Workspace

Version = tuple[str, str]  # (updated_at, office_id): compared as a tuple, later wins
Row = dict[str, Any]
_T = TypeVar("_T")
_BOOKKEEPING = ("id", "created_at", "updated_at", "office_id", "deleted_at")
_LABEL_COLUMNS = ("title", "name", "text", "description", "summary", "heading", "value")


@dataclass
class ValidatedBundle:
    """A bundle whose signature, structure, hashes and records have all been checked."""

    path: Path
    signer: Signer
    manifest: dict[str, Any]
    records: dict[str, list[Row]]
    known: dict[tuple[str, str], set[Version]]
    #: the files, checked, read from the bundle's private copy when they are stored (``close``)
    attachments: Attachments
    #: (table, record id, updated_at, author) -> the author's signature, for accepted versions
    signatures: dict[tuple[str, str, str, str], str] = field(default_factory=dict)
    #: Versions left out, with why (shown in the preview and printed by the command line).
    refused: list[Refusal] = field(default_factory=list)
    #: The preview's plan and the workspace's change token when it was made: ``apply`` uses it
    #: again if nothing changed since (planning 16,000 records takes a quarter of a second).
    planned: tuple[tuple[int, int], list[_Step], Preview] | None = field(default=None, repr=False)

    def close(self) -> None:
        """Let go of the bundle's private copy (also done when the bundle is garbage collected)."""
        self.attachments.close()

    def __enter__(self) -> ValidatedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: Chunks of a file hashed on the second thread: 1 MiB, so that the few in flight (``HashWorker``
#: queues 4) keep memory within a few MiB of a file of any size.
_HASHED_CHUNK = 2**20


class Attachments(Mapping[str, bytes]):
    """The bundle's files by SHA-256, each checked against its name and the manifest, streamed
    from the inner ZIP when stored: an import never holds a whole file in memory.

    As a mapping it reads a file whole (``bundle.attachments[sha]``), which only tests and tools
    do; the importer uses ``chunks``.
    """

    def __init__(
        self, inner: InnerZip, shas: Collection[str], worker: list[HashWorker] | None = None
    ) -> None:
        self._inner = inner
        self._shas = frozenset(shas)
        #: the hashing thread, made at the first file read and shared with ``only``'s views
        self._worker: list[HashWorker] = worker if worker is not None else []

    def only(self, wanted: Collection[str]) -> Attachments:
        """The same bundle's files, those in ``wanted`` only."""
        return Attachments(self._inner, self._shas & set(wanted), self._worker)

    def size(self, sha: str) -> int:
        return self._inner.size(fmt.ATTACHMENTS_PREFIX + sha)

    def _hasher(self) -> HashWorker:
        if not self._worker:
            worker = HashWorker()
            self._worker.append(worker)
            weakref.finalize(self, worker.close)  # a bundle collected without ``close``
        return self._worker[0]

    def chunks(self, sha: str) -> Iterator[bytes]:
        """The file's bytes in chunks, its SHA-256 checked again at the end (it is what was
        checked at reading, from the private copy; this catches a failing disk under it).

        Each chunk is hashed on a second thread while the caller stores it (SQLite releases the
        interpreter lock as it writes), and the end waits for the hash before the check."""
        if sha not in self._shas:
            raise KeyError(sha)
        digest = hashlib.sha256()
        hasher = self._hasher()
        for chunk in self._inner.chunks(fmt.ATTACHMENTS_PREFIX + sha, _HASHED_CHUNK):
            hasher.update(digest, chunk)
            yield chunk
        hasher.wait()
        if digest.hexdigest() != sha:
            raise _malformed(_("an attachment does not match its name"))

    def __getitem__(self, sha: str) -> bytes:
        return b"".join(self.chunks(sha))

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._shas))

    def __len__(self) -> int:
        return len(self._shas)

    def __contains__(self, sha: object) -> bool:
        return sha in self._shas

    def close(self) -> None:
        for worker in self._worker:
            worker.close()
        self._inner.close()


@dataclass(frozen=True)
class Refusal:
    table: str
    record_id: str
    author: str
    reason: str  # translated


#: (table, incoming record id, updated_at, author office): one proposed version.
ProposalKey = tuple[str, str, str, str]


@dataclass(frozen=True)
class Proposal:
    """A partner's change to a record another office wrote, waiting for the user's decision."""

    key: ProposalKey
    table: str
    record_id: str  # the local record it would change
    author: str
    author_name: str
    dossier: str
    label: str  # what the record is called here: its title, name or the start of its text
    #: (column, this workspace's value, the proposed value), for each column that differs
    changes: tuple[tuple[str, Any, Any], ...]
    deletes: bool  # the proposal moves the record to the trash
    restores: bool  # the proposal brings it back from the trash


@dataclass
class Counts:
    new: int = 0
    changed: int = 0
    conflicting: int = 0
    unchanged: int = 0
    proposed: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Preview:
    """What importing would do, per dossier ("" groups records that belong to no dossier)."""

    signer: Signer
    per_dossier: dict[str, Counts] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    new_attachments: int = 0
    refused: list[Refusal] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        out = Counts()
        for c in self.per_dossier.values():
            out.new += c.new
            out.changed += c.changed
            out.conflicting += c.conflicting
            out.unchanged += c.unchanged
            out.proposed += c.proposed
        return out

    @property
    def changes_anything(self) -> bool:
        t = self.total
        return bool(t.new or t.changed or t.conflicting or t.proposed or self.new_attachments)


def _malformed(detail: str) -> BundleError:
    return BundleError(_("The bundle's records are malformed: {detail}").format(detail=detail))


# ------------------------------------------------------------------------------------ validation
def known_keys(ws: Workspace) -> dict[str, str]:
    """Office id -> minisign public key (base64) of every partner office, and of this office."""
    keys = {**partners.public_keys(ws)}
    if ws.meta(META_KEY_ID):
        keys[ws.office_id] = office_key(ws).public.base64
    return keys


def read_bundle(
    path: str | Path,
    passphrase: str | None = None,
    known_keys: Mapping[str, str] | None = None,
    *,
    accept_key_change: bool = False,
    own_office_id: str | None = None,
) -> ValidatedBundle:
    """Verify and parse a bundle; raises ``BundleError`` on any problem.

    The payload is copied once, privately, while its signature is checked; records are parsed
    and every file hashed from that copy as streams, so memory does not grow with the files. The
    bundle keeps the copy open until it is closed (``ValidatedBundle.close``) or collected.
    """
    path = Path(path)
    signer, stream = open_container(
        path,
        passphrase,
        known_keys,
        accept_key_change=accept_key_change,
        own_office_id=own_office_id,
    )
    inner = InnerZip(stream)  # closes the stream if it refuses it
    try:
        return _validated(path, signer, inner, known_keys or {}, own_office_id)
    except BaseException:
        inner.close()
        raise


def _validated(
    path: Path,
    signer: Signer,
    inner: InnerZip,
    known_keys: Mapping[str, str],
    own_office_id: str | None,
) -> ValidatedBundle:
    manifest = _manifest(inner, signer)
    listed: dict[str, str] = manifest["members"]
    records: dict[str, list[Row]] = {}
    for table in fmt.MERGE_ORDER:
        name = f"{fmt.RECORDS_PREFIX}{table}.jsonl"
        records[table] = (
            _parsed(
                inner,
                name,
                listed,
                functools.partial(_records, table),
                _("{table} is not UTF-8 text").format(table=table),
                _("a {table} record is too large").format(table=table),
                4 * fmt.MAX_RECORD_LINE_BYTES,  # a longer line has more characters than allowed
            )
            if name in inner
            else []
        )
    for table, rows in records.items():
        if len(rows) != manifest["counts"].get(table, 0):
            raise _malformed(
                _("the number of {table} records does not match the manifest").format(table=table)
            )
    shas = _attachment_hashes(inner, listed)
    if set(shas) != set(manifest["attachments"]):
        raise _malformed(_("the attachments do not match the manifest"))
    referenced: set[str] = set()
    for table, column in fmt.ATTACHMENT_COLUMNS.items():
        for row in records[table]:
            pointed = row.get(column)
            if pointed is not None and pointed not in shas:
                raise _malformed(_("a record points to an attachment the bundle does not hold"))
            if isinstance(pointed, str):
                referenced.add(pointed)
    for sha in sorted(referenced):
        _check_image(inner, sha)
    if set(shas) - referenced:
        # Nothing would ever show or remove such a file: it could only fill the workspace.
        raise _malformed(_("it holds a file that no record refers to"))
    _check_natural_keys(records)
    known = (
        _parsed(
            inner,
            fmt.VERSIONS,
            listed,
            _known,
            _("the version list is not UTF-8 text"),
            _("the version list is malformed"),
            _MAX_LIST_LINE_BYTES,
        )
        if fmt.VERSIONS in inner
        else {}
    )
    bundle = ValidatedBundle(path, signer, manifest, records, known, Attachments(inner, shas))
    signatures = (
        _parsed(
            inner,
            fmt.SIGNATURES,
            listed,
            _signatures,
            _("the signature list is not UTF-8 text"),
            _("the signature list is malformed"),
            _MAX_LIST_LINE_BYTES,
        )
        if fmt.SIGNATURES in inner
        else {}
    )
    _check_authors(bundle, signatures, known_keys, own_office_id)
    return bundle


#: One line of the version or signature list is a few hundred bytes; far longer is malformed.
_MAX_LIST_LINE_BYTES = 64 * 1024


def _checksum_error(name: str) -> BundleError:
    return _malformed(_("{name} does not match its checksum").format(name=name))


def _attachment_hashes(inner: InnerZip, listed: Mapping[str, str]) -> list[str]:
    """The attachments' names, each file's SHA-256 checked against its name and the manifest.

    The files are read one after the other (their CRC-32 checked, decrypted when the bundle is)
    while a second thread hashes them (``HashWorker``); the checks follow once all are hashed,
    before anything else happens."""
    pending: list[tuple[str, str, Any]] = []
    worker = HashWorker()
    try:
        for name in inner.infos:
            if name.startswith(fmt.ATTACHMENTS_PREFIX):
                digest = hashlib.sha256()
                for chunk in inner.chunks(name, _HASHED_CHUNK):
                    worker.update(digest, chunk)
                pending.append((name, name[len(fmt.ATTACHMENTS_PREFIX) :], digest))
        worker.wait()
    finally:
        worker.close()
    for name, sha, digest in pending:
        found = digest.hexdigest()
        if found != listed[name]:
            raise _checksum_error(name)
        if found != sha:
            raise _malformed(_("an attachment does not match its name"))
    return [sha for _name, sha, _digest in pending]


def _parsed(
    inner: InnerZip,
    name: str,
    listed: Mapping[str, str],
    parse: Callable[[Iterator[str]], _T],
    not_text: str,
    too_long: str,
    max_line: int,
) -> _T:
    """``parse`` over a member's text lines, streamed, with the member's SHA-256 checked as it
    goes. A member that does not match the manifest is reported as such even when it also fails
    to parse, as when every checksum was checked before any member was parsed."""
    digest = hashlib.sha256()
    source = inner.chunks(name, _TEXT_CHUNK)

    def hashed() -> Iterator[bytes]:
        for chunk in source:
            digest.update(chunk)
            yield chunk

    chunks = hashed()
    try:
        result = parse(_text_lines(chunks, not_text, too_long, max_line))
        for _rest in chunks:  # what ``parse`` left unread still counts in the checksum
            pass
    except BundleError:
        try:
            for _rest in chunks:
                pass
        except BundleError:
            raise
        if digest.hexdigest() != listed[name]:
            raise _checksum_error(name) from None
        raise
    if digest.hexdigest() != listed[name]:
        raise _checksum_error(name)
    return result


_TEXT_CHUNK = 1024 * 1024


def _text_lines(
    chunks: Iterator[bytes], not_text: str, too_long: str, max_line: int
) -> Iterator[str]:
    """The non-blank lines of UTF-8 text arriving in chunks, split as ``str.splitlines`` splits
    the whole text (a newline byte never occurs inside a multi-byte character, so cutting blocks
    after one is safe); a line longer than ``max_line`` bytes is refused before it is gathered."""
    pending = b""
    for chunk in chunks:
        cut = chunk.rfind(b"\n")
        if cut < 0:
            pending += chunk
            if len(pending) > max_line:
                raise _malformed(too_long)
            continue
        block, pending = pending + chunk[: cut + 1], chunk[cut + 1 :]
        yield from _decoded(block, not_text)
        if len(pending) > max_line:
            raise _malformed(too_long)
    yield from _decoded(pending, not_text)


def _decoded(block: bytes, not_text: str) -> Iterator[str]:
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _malformed(not_text) from exc
    for line in text.splitlines():
        if line.strip():
            yield line


class _Watched(io.RawIOBase):
    """A file whose furthest read is remembered: the bytes an image header took."""

    def __init__(self, member: IO[bytes]) -> None:
        super().__init__()
        self._member = member
        self.furthest = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._member.seek(offset, whence)

    def tell(self) -> int:
        return self._member.tell()

    def readinto(self, buffer: Any) -> int:
        data = self._member.read(len(buffer))
        buffer[: len(data)] = data
        self.furthest = max(self.furthest, self._member.tell())
        return len(data)


def _check_image(inner: InnerZip, sha: str) -> None:
    """No image declaring more than ``images.MAX_IMAGE_PIXELS``, read from its header only (the
    file is not held in memory): when one is too large, ``check_pixels`` is given the header's
    bytes to refuse it with its size."""
    from PIL import Image, UnidentifiedImageError

    name = fmt.ATTACHMENTS_PREFIX + sha
    with inner.open(name) as member:
        watched = _Watched(member)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(watched) as image:  # type: ignore[arg-type]  # a binary file
                    width, height = image.size
            if width * height <= MAX_IMAGE_PIXELS:
                return
        except Image.DecompressionBombError:
            pass
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            return  # not an image Pillow knows: not decoded anywhere either
        member.seek(0)
        header = member.read(watched.furthest)
    try:
        check_pixels(header, name=sha[:12])
    except ImageTooLargeError as exc:
        raise _malformed(str(exc)) from exc
    raise _malformed(_("{name} cannot be read").format(name=name))


def _signatures(lines: Iterable[str]) -> dict[tuple[str, str, str, str], str]:
    out: dict[tuple[str, str, str, str], str] = {}
    for item in _list_items(
        lines,
        5,
        lambda item: _is_version(item, 5) and len(item[4]) <= 200,
        _("the signature list is not valid JSON"),
        _("the signature list is malformed"),
    ):
        out[(item[0], item[1], item[2], item[3])] = item[4]
    return out


# A line of the version or signature list as the export writes it, each item already well formed
# (a table this version knows, an id, a time, an office id, and a signature's base64): such a line
# is taken apart without the JSON decoder and the checks, which are what it would pass (32,000
# lines: 0.3 s). Any other line, well formed or not, goes through ``json.loads`` and ``valid``.
_ID = r"([A-Za-z0-9_.:-]{1,64})"
_LIST_LINE = {
    length: re.compile(
        r'\["('
        + "|".join(re.escape(t) for t in fmt.MERGE_ORDER)
        + r')", "'
        + _ID
        + r'", "([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z)", "'
        + _ID
        + (r'", "([A-Za-z0-9+/=]{0,200})' if length == 5 else "")
        + r'"\]'
    )
    for length in (4, 5)
}


def _list_items(
    lines: Iterable[str],
    length: int,
    valid: Callable[[Any], bool],
    not_json: str,
    malformed: str,
) -> Iterator[list[str]]:
    """The items of each line of a version (``length`` 4) or signature (5) list, each one
    ``valid`` (or the list is refused as ``malformed``)."""
    fast = _LIST_LINE[length]
    for line in lines:
        match = fast.fullmatch(line)
        if match:
            yield list(match.groups())
            continue
        for item in _json_lines((line,), not_json):
            if not valid(item):
                raise _malformed(malformed)
            yield item


def _json_lines(lines: Iterable[str], not_json: str) -> Iterator[Any]:
    """The JSON value of each non-empty line of a bundle's list member (versions, signatures)."""
    for line in lines:
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except ValueError as exc:
            raise _malformed(not_json) from exc


def _is_version(item: Any, length: int) -> bool:
    """``[table, record id, updated_at, office id, ...]`` with ``length`` strings, well formed."""
    return (
        isinstance(item, list)
        and len(item) == length
        and all(isinstance(x, str) for x in item)
        and item[0] in fmt.MERGE_ORDER
        and bool(fmt.RECORD_ID.match(item[1]))
        and bool(fmt.TIMESTAMP.match(item[2]))
        and bool(fmt.RECORD_ID.match(item[3]))
    )


def _check_authors(
    bundle: ValidatedBundle,
    signatures: dict[tuple[str, str, str, str], str],
    known_keys: Mapping[str, str],
    own_office_id: str | None,
) -> None:
    """Keep only versions whose author is proven, and none dated after the bundle itself.

    A version written by the office that signed the bundle is proven by the bundle's signature
    (its own signature of the version is kept unchecked, for relaying: whoever receives the relay
    checks it; checking it here too cost 2 s per 10,000 records).
    A relayed one (its author is another office, possibly the importing office itself) must carry
    its author's signature, checked with the author's key as this office knows it: a partner can
    pass on what others wrote but cannot write in their name.
    """
    signer = bundle.signer
    if not fmt.TIMESTAMP.match(signer.created_at):
        raise _malformed(_("the bundle's date is malformed"))
    # Neither after the bundle nor after this computer's clock (a sender can date its bundle).
    latest = _shifted(min(signer.created_at, now()), fmt.MAX_CLOCK_SKEW_SECONDS)
    keys: dict[str, PublicKey | None] = {signer.office_id: signer.public_key}
    for table in fmt.MERGE_ORDER:
        kept: list[Row] = []
        for row in bundle.records[table]:
            author = row["office_id"]
            version = (table, row["id"], row["updated_at"], author)
            signature = signatures.get(version)
            reason = None
            if row["updated_at"] > latest:
                reason = _("it is dated after the bundle that carries it")
            elif author not in keys:
                keys[author] = _public_key(known_keys.get(author))
            if reason is None:
                key = keys[author]
                if key is None and author == own_office_id:
                    # This office has never signed anything: nothing can be its version.
                    reason = _("it names this office as its author, but this office never wrote it")
                elif key is None:
                    reason = _("its author is an office this office does not know")
                elif signature is None and author != signer.office_id:
                    reason = _("it was passed on without its author's signature")
                elif (
                    author != signer.office_id
                    and signature is not None
                    and not authorship.verify(key, table, row, signature)
                ):
                    reason = _("its signature does not match: the office it names did not write it")
            if reason is not None:
                bundle.refused.append(Refusal(table, row["id"], author, reason))
                continue
            if signature is not None:
                bundle.signatures[version] = signature
            kept.append(row)
        bundle.records[table] = kept
    referenced = {
        row[column]
        for table, column in fmt.ATTACHMENT_COLUMNS.items()
        for row in bundle.records[table]
        if row.get(column)
    }
    bundle.attachments = bundle.attachments.only(referenced)


def _public_key(text: str | None) -> PublicKey | None:
    if not text:
        return None
    try:
        return PublicKey.from_minisign(text)
    except SignatureError:
        return None


def _shifted(stamp: str, seconds: int) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return (moment + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _manifest(inner: InnerZip, signer: Signer) -> dict[str, Any]:
    """The manifest, checked; the members' checksums are checked as each is read."""
    if fmt.MANIFEST not in inner:
        raise _malformed(_("the manifest is missing"))
    try:
        manifest = json.loads(inner.read(fmt.MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _malformed(_("the manifest is not valid JSON")) from exc
    if (
        not isinstance(manifest, dict)
        or manifest.get("format_version") not in fmt.READABLE_VERSIONS
    ):
        raise _malformed(_("the manifest's format version is wrong"))
    if manifest.get("office_id") != signer.office_id:
        raise _malformed(_("the manifest names another office than the signature"))
    listed = manifest.get("members")
    counts = manifest.get("counts")
    atts = manifest.get("attachments")
    if not isinstance(listed, dict) or not isinstance(counts, dict) or not isinstance(atts, dict):
        raise _malformed(_("the manifest is incomplete"))
    if set(listed) != set(inner.infos) - {fmt.MANIFEST}:
        raise _malformed(_("the manifest does not list the bundle's files"))
    if not all(isinstance(v, int) for v in counts.values()):
        raise _malformed(_("the manifest is incomplete"))
    for sha, meta in atts.items():
        if (
            not fmt.SHA256_HEX.match(sha)
            or not isinstance(meta, dict)
            or not isinstance(meta.get("mime"), str)
        ):
            raise _malformed(_("the manifest is incomplete"))
    return manifest


def _check_value(value: Any) -> bool:
    if value is None or isinstance(value, str) and len(value) <= fmt.MAX_TEXT_FIELD_CHARS:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, float) and math.isfinite(value)


# What ``core.text.clean`` may change in a record's JSON line: any ``\\u`` escape (it can spell
# any character), the escapes ``\\b``, ``\\f`` and ``\\r``, and the raw characters ``clean``
# maps or drops. A line with none of them has no value ``clean`` would change, so its row is taken
# as parsed (cleaning every value cost 0.4 s of a 10,000-finding import); a false alarm (an escaped
# backslash before a ``u``) only costs the cleaning.
_ESCAPE_TO_CLEAN = re.compile(r"\\[ubfr]")
_RAW_TO_CLEAN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _may_need_cleaning(line: str) -> bool:
    return bool(("\\" in line and _ESCAPE_TO_CLEAN.search(line)) or _RAW_TO_CLEAN.search(line))


def _records(table: str, lines: Iterable[str]) -> list[Row]:
    rows: list[Row] = []
    seen: set[str] = set()
    # Rows of a table share their field names: each set of names is checked once.
    good_fields: set[tuple[str, ...]] = set()
    for line in lines:
        if not line.strip():
            continue
        if len(line) > fmt.MAX_RECORD_LINE_BYTES:
            raise _malformed(_("a {table} record is too large").format(table=table))
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise _malformed(_("a {table} record is not valid JSON").format(table=table)) from exc
        if not isinstance(row, dict):
            raise _malformed(_("a {table} record has unexpected fields").format(table=table))
        fields = tuple(row)
        if fields not in good_fields:
            if not all(isinstance(k, str) and fmt.COLUMN_NAME.match(k) for k in fields):
                raise _malformed(_("a {table} record has unexpected fields").format(table=table))
            good_fields.add(fields)
        if not all(_check_value(v) for v in row.values()):
            raise _malformed(
                _("a {table} record has a value of the wrong type").format(table=table)
            )
        if not (
            isinstance(row.get("id"), str)
            and fmt.RECORD_ID.match(row["id"])
            and isinstance(row.get("office_id"), str)
            and fmt.RECORD_ID.match(row["office_id"])
            and all(
                isinstance(row.get(c), str) and fmt.TIMESTAMP.match(row[c])
                for c in ("created_at", "updated_at")
            )
            and (
                row.get("deleted_at") is None
                or isinstance(row["deleted_at"], str)
                and fmt.TIMESTAMP.match(row["deleted_at"])
            )
        ):
            raise _malformed(
                _("a {table} record lacks a valid id, office or time").format(table=table)
            )
        if row["id"] in seen:
            raise _malformed(_("a {table} record appears twice").format(table=table))
        seen.add(row["id"])
        # Signed is the cleaned text (``authorship.canonical``): cleaning keeps it verifiable.
        if _may_need_cleaning(line):
            row = {k: clean(v) if isinstance(v, str) else v for k, v in row.items()}
        rows.append(row)
    return rows


def _check_natural_keys(records: dict[str, list[Row]]) -> None:
    for table, columns in fmt.NATURAL_KEYS.items():
        keys = [tuple(r.get(c) for c in columns) for r in records[table]]
        if len(keys) != len(set(keys)):
            raise _malformed(_("two {table} records describe the same thing").format(table=table))


def _known(lines: Iterable[str]) -> dict[tuple[str, str], set[Version]]:
    known: dict[tuple[str, str], set[Version]] = {}
    for item in _list_items(
        lines,
        4,
        lambda item: _is_version(item, 4),
        _("the version list is not valid JSON"),
        _("the version list is malformed"),
    ):
        known.setdefault((item[0], item[1]), set()).add((item[2], item[3]))
    return known


# ------------------------------------------------------------------------------------ planning
@dataclass
class _Step:
    table: str
    incoming: Row
    outcome: str  # new | changed | conflicting | unchanged
    local: Row | None  # the local row it merges with (by id or by natural key)
    write: bool  # whether the incoming version replaces the local one
    loser: Row | None  # the version kept as a conflict copy
    #: a change to another office's record by an office not trusted as a co-editor: ``write`` and
    #: ``loser`` say what accepting it would do
    proposal: bool = False

    @property
    def key(self) -> ProposalKey:
        row = self.incoming
        return (self.table, row["id"], row["updated_at"], row["office_id"])


class _Here:
    """What this workspace holds, by table: ids and natural keys, read in one scan each when the
    plan first needs them. A record whose id and natural key are not here is new without a query
    (a first import into an empty workspace asked SQLite 40,000 times to find nothing)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._ids: dict[str, set[tuple[Any, ...]]] = {}
        self._keys: dict[str, set[tuple[Any, ...]]] = {}

    def may_have(self, table: str, row: Row) -> bool:
        if table not in self._ids:
            self._ids[table] = sync.stored_keys(self.ws, table, ("id",))
        if (row["id"],) in self._ids[table]:
            return True
        columns = fmt.NATURAL_KEYS.get(table)
        if columns is None:
            return False
        if table not in self._keys:
            self._keys[table] = sync.stored_keys(self.ws, table, columns)
        return tuple(row.get(c) for c in columns) in self._keys[table]


def _plan_one(
    ws: Workspace, bundle: ValidatedBundle, table: str, row: Row, editors: set[str], here: _Here
) -> _Step:
    if not here.may_have(table, row):
        return _Step(table, row, "new", None, True, None)
    step = _merge_step(ws, bundle, table, row)
    local = step.local
    if (
        step.write
        and local is not None
        and step.outcome in ("changed", "conflicting")
        and row["office_id"] != local["office_id"]
        and row["office_id"] not in editors
        # the same thing created independently (the same article ticked) is not a change to it
        and row["id"] == local["id"]
    ):
        step.outcome, step.proposal = "proposed", True
    return step


def _merge_step(ws: Workspace, bundle: ValidatedBundle, table: str, row: Row) -> _Step:
    local = sync.stored_row(ws, table, row["id"])
    if local is None and table in fmt.NATURAL_KEYS:
        columns = fmt.NATURAL_KEYS[table]
        local = sync.stored_row_by(ws, table, columns, tuple(row.get(c) for c in columns))
    if local is None:
        return _Step(table, row, "new", None, True, None)
    mine: Version = (local["updated_at"], local["office_id"])
    theirs: Version = (row["updated_at"], row["office_id"])
    if mine == theirs:
        # Same version; only the surviving id of a same-thing row may still need to converge.
        return _Step(table, row, "unchanged", local, row["id"] < local["id"], None)
    known_there = bundle.known.get((table, row["id"]), set()) | {theirs}
    known_here = sync.known_versions(ws, table, local["id"])
    if theirs > mine:
        concurrent = mine not in known_there
        return _Step(
            table,
            row,
            "conflicting" if concurrent else "changed",
            local,
            True,
            local if concurrent else None,
        )
    concurrent = theirs not in known_here
    return _Step(
        table,
        row,
        "conflicting" if concurrent else "unchanged",
        local,
        row["id"] < local["id"],
        row if concurrent else None,
    )


def _check_columns(ws: Workspace, table: str, row: Row) -> None:
    unknown = set(row) - ws.columns(table)
    if unknown:
        raise _malformed(
            _("{table} records have fields this version does not know").format(table=table)
        )


def _check_parents(
    ws: Workspace, table: str, row: Row, ids: dict[str, set[str]], refused: set[str]
) -> bool:
    """True when every parent is in the bundle or here; False when a parent's version was refused
    and the record does not exist here (the child cannot stand alone); malformed otherwise."""
    for column, parent in fmt.PARENTS.get(table, ()):
        value = row.get(column)
        if value is None and column == "organization_id":
            continue
        if value in ids[parent]:
            continue
        exists = isinstance(value, str) and sync.record_exists(ws, parent, value)
        if not exists and value in refused:
            return False
        if not exists:
            raise _malformed(
                _("a {table} record belongs to a {parent} record that is missing").format(
                    table=table, parent=parent
                )
            )
    return True


def _dossier_of(
    ws: Workspace, bundle: ValidatedBundle, table: str, row: Row, finding_dossier: dict[str, str]
) -> str:
    if table == "dossiers":
        return str(row["id"])
    if "dossier_id" in row and table in fmt.PARENTS:
        return str(row["dossier_id"])
    if table == "finding_evidence":
        found = finding_dossier.get(row.get("finding_id", ""))
        if found is None:
            found = sync.dossier_of_finding(ws, str(row.get("finding_id") or ""))
        return found
    return ""


def _plan(ws: Workspace, bundle: ValidatedBundle) -> tuple[list[_Step], Preview]:
    ids = {table: {r["id"] for r in rows} for table, rows in bundle.records.items()}
    finding_dossier = {r["id"]: r.get("dossier_id", "") for r in bundle.records["findings"]}
    preview = Preview(bundle.signer, refused=list(bundle.refused))
    steps: list[_Step] = []
    refused = {r.record_id for r in bundle.refused}
    editors = trusted_editors(ws)
    here = _Here(ws)
    names = {p.office_id: p.name for p in partners.partner_offices(ws)}
    if bundle.signer.office_id not in names:
        names[bundle.signer.office_id] = bundle.signer.office_name
    for table in fmt.MERGE_ORDER:
        for row in bundle.records[table]:
            _check_columns(ws, table, row)
            if not _check_parents(ws, table, row, ids, refused):
                preview.refused.append(
                    Refusal(
                        table,
                        row["id"],
                        row["office_id"],
                        _("it belongs to a record that was refused"),
                    )
                )
                refused.add(row["id"])
                ids[table].discard(row["id"])
                continue
            step = _plan_one(ws, bundle, table, row, editors, here)
            steps.append(step)
            dossier = _dossier_of(ws, bundle, table, row, finding_dossier)
            preview.per_dossier.setdefault(dossier, Counts()).add(step.outcome)
            if step.proposal:
                preview.proposals.append(_proposal(step, dossier, names))
    for dossier in preview.per_dossier:
        # This workspace's title where the dossier is here: a proposal must not rename it yet.
        if dossier and sync.record_exists(ws, "dossiers", dossier):
            preview.titles[dossier] = sync.dossier_title(ws, dossier)
    for row in bundle.records["dossiers"]:
        preview.titles.setdefault(row["id"], str(row.get("title") or ""))
    wanted = _wanted_attachments(steps)
    preview.new_attachments = sum(
        1 for sha in bundle.attachments if sha in wanted and not sync.has_attachment(ws, sha)
    )
    return steps, preview


def trusted_editors(ws: Workspace) -> set[str]:
    """Offices whose changes to others' records merge without asking: this office and those the
    user marked as trusted co-editors after checking their fingerprint."""
    return {p.office_id for p in partners.partner_offices(ws) if p.trusted} | {ws.office_id}


def _proposal(step: _Step, dossier: str, names: Mapping[str, str]) -> Proposal:
    local, row = step.local, step.incoming
    assert local is not None
    changes = tuple(
        (column, local.get(column), value)
        for column, value in row.items()
        if column not in _BOOKKEEPING and local.get(column) != value
    )
    return Proposal(
        key=step.key,
        table=step.table,
        record_id=local["id"],
        author=row["office_id"],
        author_name=names.get(row["office_id"], ""),
        dossier=dossier,
        label=next(
            (str(local[c]) for c in _LABEL_COLUMNS if isinstance(local.get(c), str) and local[c]),
            "",
        ),
        changes=changes,
        deletes=bool(row.get("deleted_at")) and not local.get("deleted_at"),
        restores=not row.get("deleted_at") and bool(local.get("deleted_at")),
    )


def _wanted_attachments(steps: list[_Step]) -> set[str]:
    return {
        step.incoming[column]
        for step in steps
        if step.write
        and (column := fmt.ATTACHMENT_COLUMNS.get(step.table))
        and step.incoming.get(column)
    }


def preview(ws: Workspace, bundle: ValidatedBundle) -> Preview:
    """New, changed, conflicting and unchanged records per dossier; changes nothing."""
    token = sync.change_token(ws)
    steps, result = _plan(ws, bundle)
    bundle.planned = (token, steps, result)
    return result


def _planned(ws: Workspace, bundle: ValidatedBundle) -> tuple[list[_Step], Preview]:
    """The preview's plan if the workspace has not changed since it was made (the user may have
    edited it while the preview was on screen), else a new one; inside the apply's transaction."""
    planned, bundle.planned = bundle.planned, None
    if planned is not None and planned[0] == sync.change_token(ws):
        return [replace(step) for step in planned[1]], planned[2]
    return _plan(ws, bundle)


# ------------------------------------------------------------------------------------ applying
class _Inserts:
    """New records gathered into one ``executemany`` per run of the same table and columns, in
    the plan's order: a parent's run is written before its children's (16,000 single INSERTs
    were half of an import's time in SQLite calls)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.key: tuple[str, tuple[str, ...]] | None = None
        self.rows: list[tuple[Any, ...]] = []

    def add(self, table: str, row: Row) -> None:
        key = (table, tuple(row))
        if key != self.key:
            self.flush()
            self.key = key
        self.rows.append(tuple(row.values()))

    def flush(self) -> None:
        if self.key is not None and self.rows:
            sync.insert_rows(self.ws, self.key[0], self.key[1], self.rows)
        self.key, self.rows = None, []


def _write(ws: Workspace, step: _Step) -> None:
    table, row, local = step.table, step.incoming, step.local
    if local is None:
        sync.insert_row(ws, table, row)
        return
    keep_id = min(row["id"], local["id"])
    winner = (
        row
        if (row["updated_at"], row["office_id"]) >= (local["updated_at"], local["office_id"])
        else local
    )
    values = {c: v for c, v in winner.items() if c != "id"}
    if keep_id != winner["id"]:
        # The winning version now lives under the other id: so must its author's signature.
        sync.copy_signature(
            ws, table, winner["id"], keep_id, winner["updated_at"], winner["office_id"]
        )
    if keep_id != local["id"]:
        # The same thing under a smaller id: replace the local row (such rows have no children).
        sync.replace_row(ws, table, local["id"], {"id": keep_id, **values})
        return
    sync.overwrite_row(ws, table, keep_id, values)


@dataclass(frozen=True)
class ImportResult:
    preview: Preview
    conflicts: int
    accepted: int = 0  # proposals accepted


def apply(
    ws: Workspace, bundle: ValidatedBundle, accept: Collection[ProposalKey] | bool = ()
) -> ImportResult:
    """Merge the bundle into the workspace in one transaction: all of it or, on any error, none.

    ``accept`` names the proposals the user accepted (``True``: all of them); the others change
    nothing.
    """
    stamp = now()
    try:
        with ws.transaction():
            steps, result = _planned(ws, bundle)
            declined: set[ProposalKey] = set()
            for step in steps:
                if step.proposal and not (accept is True or (accept and step.key in accept)):
                    step.write, step.loser = False, None
                    declined.add(step.key)
            # Only files a record that is really imported refers to (none of a refused one's).
            wanted = _wanted_attachments(steps)
            for sha in bundle.attachments:
                if sha not in wanted:
                    continue
                mime = str(
                    bundle.manifest["attachments"][sha].get("mime") or "application/octet-stream"
                )[:200]
                # Streamed from the bundle's private copy into the database, chunk by chunk.
                sync.put_attachment_stream(
                    ws,
                    sha,
                    bundle.attachments.size(sha),
                    bundle.attachments.chunks(sha),
                    mime,
                    stamp,
                )
            # First: a write that moves a version to another id copies its signature along.
            sync.remember_signatures(
                ws, [(*version, signature) for version, signature in bundle.signatures.items()]
            )
            conflicts = 0
            inserts = _Inserts(ws)
            for step in steps:
                if step.loser is not None:
                    inserts.flush()
                    conflicts += _keep_conflict(ws, step, bundle.signer.office_id, stamp)
                if step.write and step.local is None:
                    inserts.add(step.table, step.incoming)
                elif step.write:
                    inserts.flush()
                    _write(ws, step)
            inserts.flush()
            _remember_received(ws, bundle, declined)
            _remember_signer(ws, bundle.signer, stamp)
    except sqlite3.Error as exc:
        raise _malformed(" ".join(str(exc).split())) from exc
    return ImportResult(result, conflicts, len(result.proposals) - len(declined))


def _keep_conflict(ws: Workspace, step: _Step, source: str, stamp: str) -> int:
    loser = step.loser
    assert loser is not None
    record_id = min(step.incoming["id"], step.local["id"]) if step.local else loser["id"]
    return sync.keep_conflict(ws, step.table, record_id, loser, source, stamp)


def _remember_received(ws: Workspace, bundle: ValidatedBundle, declined: set[ProposalKey]) -> None:
    """Record what this office has now seen; a declined proposal is not, so that the proposer
    keeps its version as a conflict copy when a later version of this office reaches it."""
    rows = {(t, rid, u, o) for (t, rid), versions in bundle.known.items() for (u, o) in versions}
    rows |= {
        (t, r["id"], r["updated_at"], r["office_id"])
        for t, recs in bundle.records.items()
        for r in recs
    }
    sync.remember_versions(ws, rows - declined)


def _remember_signer(ws: Workspace, signer: Signer, stamp: str) -> None:
    """Trust on first use: record a new office's key; the newest bundle time is kept."""
    if signer.office_id == ws.office_id:
        return
    partners.remember(
        ws,
        office_id=signer.office_id,
        name=signer.office_name,
        public_key=signer.public_key.base64,
        fingerprint=signer.fingerprint,
        seen_at=stamp,
        bundle_made_at=signer.created_at,
    )
