"""Writing and reading the ``.untoc`` container: a stored ZIP of payload, signature and public key.

Reading follows one rule: nothing from the file is trusted before the signature over the payload is
verified, and nothing is decrypted or unzipped before that. The outer ZIP is the only structure
parsed beforehand, and it is held to exactly three small, stored members. Every size and the age
scrypt work factor are bounded before use, and members are read against an allow-list as streams
from a private copy of the verified payload (encrypted if the bundle is): nothing is ever
extracted, and memory stays flat whatever the bundle's size.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import io
import json
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from untoc_desktop.bundles import age_stream
from untoc_desktop.bundles import format as fmt
from untoc_desktop.bundles.hashing import BackgroundHash
from untoc_desktop.bundles.keys import PublicKey, SignatureError, SigningKey
from untoc_desktop.core.errors import UserError
from untoc_desktop.i18n import _

TRUSTED_PREFIX = "untoc-bundle "


class BundleError(UserError):
    """The bundle cannot be used; nothing was changed."""


class PassphraseError(BundleError):
    """The bundle is encrypted and the passphrase is missing or wrong."""


class KeyChangedError(BundleError):
    """A known office presents a different key: possibly a forgery, refused unless accepted."""


@dataclass(frozen=True)
class Signer:
    office_id: str
    office_name: str
    created_at: str
    public_key: PublicKey
    #: "new" (first bundle from this office), "known" (same key as before) or "changed" (accepted)
    status: str

    @property
    def fingerprint(self) -> str:
        return self.public_key.fingerprint


def _damaged(reason: str | None = None) -> BundleError:
    if reason:
        return BundleError(
            _("The bundle is damaged or not a bundle: {reason}").format(reason=reason)
        )
    return BundleError(_("The bundle is damaged or not a bundle."))


# ------------------------------------------------------------------------------------------ writing
def seal(
    inner: bytes, key: SigningKey, header: Mapping[str, object], passphrase: str | None
) -> bytes:
    """Encrypt (when a passphrase is given) and sign ``inner`` in memory; returns the container's
    bytes.

    The export streams with ``write_container`` instead; this whole-bytes form serves tests and
    tools.
    """
    payload = encrypt(inner, passphrase) if passphrase else inner
    signature = key.sign(payload, _trusted_comment(header))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr(fmt.PUBLIC_KEY, key.public.to_minisign())
        zf.writestr(fmt.SIGNATURE, signature)
        zf.writestr(fmt.PAYLOAD, payload)
    return out.getvalue()


def _trusted_comment(header: Mapping[str, object]) -> str:
    return TRUSTED_PREFIX + json.dumps(
        dict(header), ensure_ascii=True, sort_keys=True, separators=(",", ":")
    )


class _Blake2bAndCrc:
    """minisign's BLAKE2b-512 prehash and the ZIP's CRC-32 of the same bytes, in one pass on the
    hashing thread (both release the interpreter lock)."""

    def __init__(self) -> None:
        self._blake = hashlib.blake2b()
        self.crc = 0

    def update(self, data: bytes | memoryview, /) -> None:
        self._blake.update(data)
        self.crc = zlib.crc32(data, self.crc)

    def digest(self) -> bytes:
        return self._blake.digest()


class _HashingSink:
    """Passes bytes on to ``sink`` while hashing them (minisign's BLAKE2b-512 prehash and the
    CRC-32 the outer ZIP records).

    It has ``tell`` but no ``seek``: a ZipFile writing into it streams (data descriptors after each
    member) instead of seeking back, so the inner ZIP goes straight into the outer member. The
    hashes run on a second thread (``hashing.BackgroundHash``); ``close`` stops it if writing fails.

    ``reserve(length)`` lets an encrypted payload's chunks go to the file before its age header,
    whose scrypt is still running (``age_stream.AgeWriter``): a gap of ``length`` bytes is left,
    what follows is written but not hashed yet, and ``fill(header)`` writes the header into the gap,
    then hashes it and reads back what was written after it (from the system's cache: the file was
    just written) to hash it in order. Only a sink that can be read back allows it. A file is read
    back on the hashing thread, while the export goes on writing: for a 200 MB bundle that is
    0.4 s the writing thread spent reading and waiting on the hash.
    """

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self._sums = _Blake2bAndCrc()
        self._hash = BackgroundHash(self._sums)
        self._size = 0
        self._gap: tuple[int, int] | None = None  # (file position, length) of a reserved gap

    def write(self, data: bytes | memoryview) -> int:
        if self._gap is None:
            self._hash.update(data)
        self._sink.write(data)
        self._size += len(data)
        return len(data)

    def reserve(self, length: int) -> bool:
        """Leave ``length`` bytes for ``fill``; False (nothing done) if this sink cannot."""
        if self._gap is not None or not (self._sink.readable() and self._sink.seekable()):
            return False
        self._gap = (self._sink.tell(), length)
        self._sink.write(bytes(length))
        self._size += length
        return True

    def fill(self, data: bytes) -> None:
        """Write ``data`` into the reserved gap, then hash it and everything written after it."""
        if self._gap is None or len(data) != self._gap[1]:
            raise ValueError("fill() does not match reserve()")
        start, length = self._gap
        end = self._sink.tell()
        self._sink.seek(start)
        self._sink.write(data)
        self._hash.update(data)
        position = start + length
        fileno = _fileno(self._sink)
        if fileno is not None and position < end:
            self._sink.flush()  # what follows the gap reaches the file for the hashing thread
            self._hash.update_from(functools.partial(_read_range, fileno, position, end))
            position = end
        while position < end:
            chunk = self._sink.read(min(_COPY_CHUNK, end - position))
            if not chunk:
                raise OSError("the bundle being written is shorter than what was written to it")
            self._hash.update(chunk)
            position += len(chunk)
        self._sink.seek(end)
        self._gap = None

    def tell(self) -> int:
        return self._size

    def flush(self) -> None:
        """Nothing to do: the container flushes the file."""

    def digests(self) -> tuple[bytes, int]:
        """(BLAKE2b-512, CRC-32) of everything written, once the hashing thread has caught up."""
        if self._gap is not None:
            raise ValueError("a reserved gap was never filled")
        return self._hash.digest(), self._sums.crc

    def close(self) -> None:
        self._hash.close()


def _fileno(sink: BinaryIO) -> int | None:
    try:
        return sink.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):  # an in-memory sink
        return None


def _read_range(fileno: int, start: int, end: int) -> Iterator[bytes]:
    """The bytes of the file ``fileno`` from ``start`` to ``end``, in chunks, without moving the
    file's position (the writing thread goes on writing after ``end``)."""
    position = start
    while position < end:
        chunk = os.pread(fileno, min(_COPY_CHUNK, end - position), position)
        if not chunk:
            raise OSError("the bundle being written is shorter than what was written to it")
        yield chunk
        position += len(chunk)


@dataclass(frozen=True)
class Written:
    """What the writer knows of the payload it streamed: enough to check the file without rehashing
    it."""

    digest: bytes  # BLAKE2b-512, the message minisign signed
    crc: int  # CRC-32, computed from the bytes in memory as they went to the file
    size: int


# The outer ZIP is written here rather than by ``zipfile``, which computes each member's CRC-32 on
# the writing thread: here the payload's CRC-32 is computed on the hashing thread with its BLAKE2b.
# Three stored members, no ZIP64 (a bundle is at most 1 GiB), dated 1980-01-01 as the inner ZIP's.
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile's structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive
_DOS_DATE = (1 << 5) | 1  # 1980-01-01
_REGULAR_FILE = (stat.S_IFREG | 0o644) << 16


def _local_header(name: bytes, crc: int, size: int) -> bytes:
    return (
        _LOCAL.pack(b"PK\x03\x04", 20, 0, 0, 0, 0, _DOS_DATE, crc, size, size, len(name), 0) + name
    )


def _central_entry(name: bytes, crc: int, size: int, offset: int) -> bytes:
    return (
        _CENTRAL.pack(
            b"PK\x01\x02",
            20,
            3,
            20,
            0,
            0,
            0,
            0,
            _DOS_DATE,
            crc,
            size,
            size,
            len(name),
            0,
            0,
            0,
            0,
            _REGULAR_FILE,
            offset,
        )  # fmt: skip
        + name
    )


def write_container(
    fh: BinaryIO,
    key: SigningKey,
    header: Mapping[str, object],
    write_payload: Callable[[BinaryIO], None],
) -> Written:
    """Write the container to ``fh`` (a seekable file) in one pass and sign it; returns what
    ``verify_written`` checks.

    ``write_payload`` streams the payload (the inner ZIP, or the age file) into the stored
    ``payload`` member while it is hashed; the member's header is completed once its CRC-32 and
    size are known, and the signature and the key follow, so nothing is written twice.
    """
    base = fh.tell()
    payload_name = fmt.PAYLOAD.encode("ascii")
    fh.write(_local_header(payload_name, 0, 0))  # completed below
    sink = _HashingSink(fh)
    try:
        write_payload(sink)  # type: ignore[arg-type]  # a write-only stream, as zipfile needs
        digest, crc = sink.digests()
    except BaseException:
        sink.close()  # stops the hash thread of a failed or cancelled export
        raise
    size = sink.tell()
    if size >= 2**32:
        raise ValueError("a bundle payload must be smaller than 4 GiB")
    end = fh.tell()
    fh.seek(base + 14)  # the CRC-32 and both sizes of the payload's local header
    fh.write(struct.pack("<3L", crc, size, size))
    fh.seek(end)
    entries = [(payload_name, crc, size, 0)]
    for name, data in (
        (fmt.SIGNATURE, key.sign_prehashed(digest, _trusted_comment(header)).encode("utf-8")),
        (fmt.PUBLIC_KEY, key.public.to_minisign().encode("utf-8")),
    ):
        encoded = name.encode("ascii")
        offset = fh.tell() - base
        fh.write(_local_header(encoded, zlib.crc32(data), len(data)) + data)
        entries.append((encoded, zlib.crc32(data), len(data), offset))
    directory = fh.tell() - base
    fh.write(b"".join(_central_entry(*entry) for entry in entries))
    fh.write(_END.pack(b"PK\x05\x06", 0, 0, 3, 3, fh.tell() - base - directory, directory, 0))
    return Written(digest, crc, size)


def encrypt(inner: bytes, passphrase: str) -> bytes:
    """age passphrase encryption in memory (the export streams with ``age_stream.AgeWriter``)."""
    return age_stream.encrypt(inner, passphrase)


def verify_written(path: Path, public: PublicKey, written: Written) -> None:
    """Read a just-written container back once and check it is exactly what was signed.

    The outer ZIP is held to the importer's rules; the payload is read through zipfile, which checks
    its CRC-32, and that CRC and the size must be the ones computed in memory while writing; the
    signature read from the file must verify against the BLAKE2b-512 computed while writing, with
    this office's key. CRC-32 is enough to catch a failing drive or a pulled stick (not an attacker,
    who is the signature's business) and runs about four times faster than BLAKE2b on an old CPU.
    An encrypted payload is not decrypted (a second scrypt would double the export): its age header
    is checked, and its bytes are shown identical to what age produced.
    """
    try:
        with path.open("rb") as fh, zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
            if sorted(i.filename for i in infos) != sorted(fmt.OUTER_MEMBERS):
                raise _damaged(_("unexpected contents"))
            for info in infos:
                limit = (
                    fmt.MAX_BUNDLE_BYTES
                    if info.filename == fmt.PAYLOAD
                    else fmt.MAX_SMALL_MEMBER_BYTES
                )
                _check_info(info, limit, allow_deflate=False)
            payload = zf.getinfo(fmt.PAYLOAD)
            if (payload.CRC, payload.file_size) != (written.crc, written.size):
                raise _damaged(_("its contents differ from what was written"))
            head, size = b"", 0
            with zf.open(
                payload
            ) as member:  # raises BadZipFile if the bytes read do not match the CRC
                while chunk := member.read(4 * 2**20):
                    head = head or chunk[: fmt.MAX_AGE_HEADER_BYTES]
                    size += len(chunk)
            signature = zf.read(fmt.SIGNATURE).decode("utf-8")
            written_key = PublicKey.from_minisign(zf.read(fmt.PUBLIC_KEY).decode("ascii"))
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _damaged(str(exc)) from exc
    if size != written.size or written_key != public:
        raise _damaged(_("its contents differ from what was written"))
    _parse_header(public.verify_prehashed(written.digest, signature))
    if head.startswith(fmt.AGE_MAGIC):
        check_age_header(head)
    elif not head.startswith(fmt.ZIP_MAGIC):
        raise _damaged()


# ------------------------------------------------------------------------------------------ reading
_COPY_CHUNK = 4 * 2**20
_SPOOL_CHUNK = 2**20
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
)


def _open_file(path: Path) -> BinaryIO:
    try:
        fh = path.open("rb")
        size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise BundleError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if size > fmt.MAX_BUNDLE_BYTES:
        fh.close()
        raise BundleError(
            _("The bundle is too large ({size} MB; the limit is {limit} MB).").format(
                size=size // 2**20, limit=fmt.MAX_BUNDLE_BYTES // 2**20
            )
        )
    return fh


def _outer_infos(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The three members of the outer ZIP, checked, or an error: nothing else is accepted."""
    infos = zf.infolist()
    names = [i.filename for i in infos]
    if len(names) != len(set(names)) or set(names) != fmt.OUTER_MEMBERS:
        raise _damaged(_("unexpected contents"))
    for info in infos:
        limit = fmt.MAX_BUNDLE_BYTES if info.filename == fmt.PAYLOAD else fmt.MAX_SMALL_MEMBER_BYTES
        _check_info(info, limit, allow_deflate=False)
    return {info.filename: info for info in infos}


def _open_outer(fh: BinaryIO) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _damaged() from exc
    try:
        return zf, _outer_infos(zf)
    except BaseException:
        zf.close()
        raise


def _outer_members(data: bytes) -> dict[str, bytes]:
    """The three members of an outer ZIP held in memory (tests and tools)."""
    zf, infos = _open_outer(io.BytesIO(data))
    with zf:
        return {name: _read_member(zf, info) for name, info in infos.items()}


def _check_info(info: zipfile.ZipInfo, limit: int, *, allow_deflate: bool) -> None:
    methods = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED} if allow_deflate else {zipfile.ZIP_STORED}
    mode = info.external_attr >> 16
    if info.flag_bits & 0x1 or info.compress_type not in methods:
        raise _damaged(
            _("unsupported compression or encryption in {name}").format(name=info.filename)
        )
    if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise _damaged(_("{name} is not a regular file").format(name=info.filename))
    if info.file_size > limit:
        raise BundleError(
            _("The bundle holds a member larger than allowed ({name}, {size} MB).").format(
                name=info.filename, size=info.file_size // 2**20
            )
        )
    if info.file_size > fmt.RATIO_CHECK_FROM and info.file_size > fmt.MAX_RATIO * max(
        info.compress_size, 1
    ):
        raise BundleError(
            _(
                "The bundle member {name} expands far more than real data does (a 'zip bomb')."
            ).format(name=info.filename)
        )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read no more than the declared size (checked against limits); zipfile verifies the CRC."""
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _damaged(_("{name} cannot be read").format(name=info.filename)) from exc
    if len(data) != info.file_size:
        raise _damaged(_("{name} has the wrong size").format(name=info.filename))
    return data


def _parse_header(trusted: str) -> dict[str, str]:
    if not trusted.startswith(TRUSTED_PREFIX):
        raise _damaged(_("the signed header is missing"))
    try:
        header = json.loads(trusted[len(TRUSTED_PREFIX) :])
    except ValueError as exc:
        raise _damaged(_("the signed header is malformed")) from exc
    if not isinstance(header, dict):
        raise _damaged(_("the signed header is malformed"))
    version = header.get("format")
    if version not in fmt.READABLE_VERSIONS:
        raise BundleError(
            _(
                "This bundle uses format version {found}; this version of UNTOC Desktop reads "
                "version {known}. Update the application to import it."
            ).format(found=version, known=fmt.FORMAT_VERSION)
        )
    for field in ("office_id", "office_name", "created_at"):
        if not isinstance(header.get(field), str) or len(header[field]) > 500:
            raise _damaged(_("the signed header is malformed"))
    if not fmt.RECORD_ID.match(header["office_id"]):
        raise _damaged(_("the signed header is malformed"))
    return header


def check_age_header(payload: bytes) -> None:
    """Refuse an age file whose passphrase stanza asks for an unreasonable scrypt work factor.

    pyrage does not expose the header, so the first lines are parsed here before decrypting: a
    hostile bundle could otherwise ask for gigabytes of memory and minutes of work.
    """
    head = payload[: fmt.MAX_AGE_HEADER_BYTES]
    lines = head.split(b"\n")
    if len(lines) < 3 or lines[0] + b"\n" != fmt.AGE_MAGIC:
        raise _damaged(_("the encryption header is malformed"))
    stanza = lines[1].split(b" ")
    if len(stanza) != 4 or stanza[:2] != [b"->", b"scrypt"]:
        raise _damaged(_("the bundle is not encrypted with a passphrase"))
    if not stanza[3].isdigit() or len(stanza[3]) > 2:
        raise _damaged(_("the encryption header is malformed"))
    log_n = int(stanza[3])
    if log_n > fmt.MAX_SCRYPT_LOG_N:
        raise BundleError(
            _(
                "The bundle asks for an unreasonable amount of work to decrypt (scrypt {found}; "
                "the limit is {limit})."
            ).format(found=log_n, limit=fmt.MAX_SCRYPT_LOG_N)
        )
    # A passphrase file holds exactly one stanza: the next line is its body, then the MAC line.
    if not any(line.startswith(b"--- ") for line in lines[2:4]):
        raise _damaged(_("the encryption header is malformed"))


def is_encrypted(path: Path) -> bool:
    """Whether the bundle at ``path`` needs a passphrase (after the same checks as reading)."""
    with _open_file(path) as fh:
        zf, infos = _open_outer(fh)
        with zf:
            try:
                with zf.open(infos[fmt.PAYLOAD]) as member:
                    return member.read(len(fmt.AGE_MAGIC)) == fmt.AGE_MAGIC
            except _READ_ERRORS as exc:
                raise _damaged() from exc


def _spool(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[BinaryIO, bytes]:
    """Copy the payload into a private temporary file while hashing it (BLAKE2b-512, on a second
    thread); returns the copy and the digest.

    Everything after the signature is read from this copy, never again from the bundle: what was
    verified is what is read (a file on a stick can change, or vanish when the stick is pulled out
    while the preview is shown). The copy is unlinked at creation (it leaves nothing behind, even
    if the program dies) and holds the payload as it travelled: an encrypted bundle stays
    encrypted on disk. It keeps memory flat: a few MiB of chunks in flight, whatever the size.
    """
    spool = tempfile.TemporaryFile(prefix="untoc-import-")  # noqa: SIM115 - returned open
    # The hash is slower than the copy, so a deep queue would only fill: it holds 4 chunks at most.
    digest = BackgroundHash(hashlib.blake2b(), depth=4)
    try:
        size = 0
        with zf.open(info) as member:  # zipfile checks the CRC-32 at the end
            while chunk := member.read(_SPOOL_CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    raise _damaged(_("{name} has the wrong size").format(name=info.filename))
                digest.update(chunk)
                spool.write(chunk)
        if size != info.file_size:
            raise _damaged(_("{name} has the wrong size").format(name=info.filename))
        spool.flush()
        return spool, digest.digest()
    except _READ_ERRORS as exc:
        digest.close()
        spool.close()
        raise _damaged(_("{name} cannot be read").format(name=info.filename)) from exc
    except BaseException:
        digest.close()
        spool.close()
        raise


def open_container(
    path: Path,
    passphrase: str | None = None,
    known_keys: Mapping[str, str] | None = None,
    *,
    accept_key_change: bool = False,
    own_office_id: str | None = None,
) -> tuple[Signer, BinaryIO]:
    """Verify the signature, then decrypt; returns the signer and the inner ZIP as a seekable
    stream, which the caller closes.

    The payload is streamed once from the bundle into a private copy while it is hashed for the
    signature; the inner ZIP is then read from that copy, decrypted chunk by chunk
    (``age_stream.AgeReader``) when encrypted, so memory stays flat whatever the bundle's size.

    ``known_keys`` maps office ids to their minisign public keys (base64) as recorded on earlier
    imports: a known office presenting another key is refused unless ``accept_key_change``, and
    never for this office's own id.
    """
    with _open_file(path) as fh:
        zf, infos = _open_outer(fh)
        with zf:
            key_text = _read_member(zf, infos[fmt.PUBLIC_KEY])
            signature_text = _read_member(zf, infos[fmt.SIGNATURE])
            spool, digest = _spool(zf, infos[fmt.PAYLOAD])
    try:
        return _verified(
            spool,
            digest,
            key_text,
            signature_text,
            passphrase,
            known_keys,
            accept_key_change=accept_key_change,
            own_office_id=own_office_id,
        )
    except BaseException:
        spool.close()
        raise


def _verified(
    spool: BinaryIO,
    digest: bytes,
    key_text: bytes,
    signature_text: bytes,
    passphrase: str | None,
    known_keys: Mapping[str, str] | None,
    *,
    accept_key_change: bool,
    own_office_id: str | None,
) -> tuple[Signer, BinaryIO]:
    try:
        public = PublicKey.from_minisign(key_text.decode("ascii"))
        trusted = public.verify_prehashed(digest, signature_text.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SignatureError(_("The bundle's signature is malformed.")) from exc
    header = _parse_header(trusted)
    status = "new"
    recorded = (known_keys or {}).get(header["office_id"])
    if recorded is not None:
        if recorded == public.base64:
            status = "known"
        elif accept_key_change and header["office_id"] != own_office_id:
            status = "changed"
        else:
            raise KeyChangedError(
                _(
                    "The bundle claims to come from {office}, but it is signed with a different "
                    "key than before (fingerprint {fingerprint}). It may be forged: check with "
                    "that office by phone before accepting the new key."
                ).format(
                    office=header["office_name"] or header["office_id"],
                    fingerprint=public.fingerprint,
                )
            )
    signer = Signer(
        header["office_id"], header["office_name"], header["created_at"], public, status
    )

    spool.seek(0)
    head = spool.read(fmt.MAX_AGE_HEADER_BYTES)
    spool.seek(0)
    if head.startswith(fmt.AGE_MAGIC):
        if not passphrase:
            raise PassphraseError(_("The bundle is encrypted: give its passphrase."))
        check_age_header(head)
        try:
            reader = age_stream.AgeReader(spool, passphrase, max_log_n=fmt.MAX_SCRYPT_LOG_N)
        except age_stream.AgeFormatError as exc:
            raise _damaged(_("the encryption header is malformed")) from exc
        except age_stream.AgeDecryptError as exc:
            raise PassphraseError(
                _(
                    "The bundle cannot be decrypted: the passphrase is wrong or the bundle is "
                    "damaged."
                )
            ) from exc
        return signer, io.BufferedReader(reader, _INNER_BUFFER)
    if head.startswith(fmt.ZIP_MAGIC):
        return signer, spool
    raise _damaged()


_INNER_BUFFER = 256 * 1024


class InnerZip:
    """The inner ZIP, read from a verified stream: every member is checked against the allow-list
    and the limits when it is opened, and members are read as streams, never further than their
    declared size (zipfile checks each one's CRC-32 at its end). Closing closes the stream."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        try:
            self._zf = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            stream.close()
            raise _damaged() from exc
        try:
            self.infos = self._checked()
        except BaseException:
            self.close()
            raise

    def _checked(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zf.infolist()
        if len(infos) > fmt.MAX_MEMBERS:
            raise BundleError(_("The bundle holds too many files."))
        names = [i.filename for i in infos]
        if len(names) != len(set(names)):
            raise _damaged(_("a member appears twice"))
        total = 0
        for info in infos:
            if not fmt.INNER_NAME.match(info.filename):
                raise _damaged(_("unexpected member {name}").format(name=info.filename[:80]))
            limit = (
                fmt.MAX_MANIFEST_BYTES
                if info.filename == fmt.MANIFEST
                else fmt.MAX_MEMBER_BYTES
                if info.filename.startswith(fmt.ATTACHMENTS_PREFIX)
                else fmt.MAX_RECORDS_MEMBER_BYTES
            )
            _check_info(info, limit, allow_deflate=True)
            total += info.file_size
            if total > fmt.MAX_TOTAL_BYTES:
                raise BundleError(
                    _("The bundle's contents are larger than allowed ({limit} MB).").format(
                        limit=fmt.MAX_TOTAL_BYTES // 2**20
                    )
                )
        return {info.filename: info for info in infos}

    def __contains__(self, name: object) -> bool:
        return name in self.infos

    def size(self, name: str) -> int:
        return self.infos[name].file_size

    def read(self, name: str) -> bytes:
        """A whole member (the small ones: the manifest)."""
        return _read_member(self._zf, self.infos[name])

    def chunks(self, name: str, size: int = _COPY_CHUNK) -> Iterator[bytes]:
        """A member's bytes in chunks of at most ``size``; exactly its declared size or an
        error."""
        info = self.infos[name]
        done = 0
        try:
            with self._zf.open(info) as member:
                while chunk := member.read(size):
                    done += len(chunk)
                    if done > info.file_size:
                        break
                    yield chunk
        except _READ_ERRORS as exc:
            raise _damaged(_("{name} cannot be read").format(name=info.filename)) from exc
        if done != info.file_size:
            raise _damaged(_("{name} has the wrong size").format(name=info.filename))

    def open(self, name: str) -> IO[bytes]:
        """A member as a seekable file (for reading an image's header); reads past its declared
        size are cut by zipfile."""
        try:
            return self._zf.open(self.infos[name])
        except _READ_ERRORS as exc:
            raise _damaged(_("{name} cannot be read").format(name=name)) from exc

    def close(self) -> None:
        self._zf.close()
        self._stream.close()

    def __enter__(self) -> InnerZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def inner_members(inner: bytes) -> dict[str, bytes]:
    """The inner ZIP's members, read in memory against the allow-list and every limit (tests and
    tools; the importer streams them with ``InnerZip``)."""
    with InnerZip(io.BytesIO(inner)) as zf:
        return {name: zf.read(name) for name in zf.infos}


def public_key_from_base64(text: str) -> PublicKey:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(_("The bundle's public key is malformed.")) from exc
    return PublicKey.from_minisign(base64.b64encode(data).decode("ascii"))
