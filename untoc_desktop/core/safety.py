"""The safety check: what would leave the office, and what each export will and will not contain.

Users of this app are threatened by criminal groups and sometimes by state actors. Before a letter,
a submission or a bundle leaves the office, the user must see every item marked sensitive, every
person's name, every attached file, and every photo whose metadata says where it was taken or with
which camera. This module computes that list from the dossier (Qt-free, so tests and the command
line can use it) and can remove the metadata from an image attachment.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.images import check_pixels
from untoc_desktop.core.typography import listing
from untoc_desktop.i18n import N_, _, current_language, ngettext, pgettext
from untoc_desktop.store.workspace import Record, Workspace

#: EXIF tags: the GPS sub-directory pointer, and the tags that identify a camera or its owner.
_GPS_IFD = 0x8825
_CAMERA_TAGS = (
    0x010F,
    0x0110,
    0xA431,
    0xA430,
    0xA434,
    0x013B,
    0xC62F,
)  # make, model, serials, owner...

#: The documents a dossier can be exported as, in the order the export page lists them.
EXPORTS: dict[str, str] = {
    "letter": N_("Letter to the focal point"),
    "pledge": N_("Pledge"),
    "submission": N_("Submission"),
    "bundle": N_("Bundle for a partner office"),
}

FINDING_KIND_LABELS: dict[str, str] = {
    "gap": N_("Gap or challenge"),
    "good_practice": N_("Good practice"),
    "ta_need": N_("Technical-assistance need"),
    "recommendation": N_("Recommendation"),
    "observation": N_("Observation"),
}


# ----------------------------------------------------------------------------------------- images


@dataclass(frozen=True)
class ImageMetadata:
    """What an attached file's metadata gives away."""

    is_image: bool
    has_location: bool = False
    has_camera: bool = False

    @property
    def risky(self) -> bool:
        return self.has_location or self.has_camera


def inspect_image(data: bytes) -> ImageMetadata:
    """Read an image's EXIF for a GPS position and camera identity; non-images are simply not
    images."""
    from PIL import Image, UnidentifiedImageError  # 3 MiB that a bundle export never needs

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            gps = exif.get_ifd(_GPS_IFD)
            has_location = any(key in gps for key in (1, 2, 3, 4)) or bool(gps)
            has_camera = any(exif.get(tag) for tag in _CAMERA_TAGS)
            if not has_camera:
                sub = exif.get_ifd(0x8769)
                has_camera = any(sub.get(tag) for tag in _CAMERA_TAGS)
            xmp = image.info.get("xmp") or b""
            if isinstance(xmp, str):
                xmp = xmp.encode("utf-8", "replace")
            if b"GPSLatitude" in xmp or b"GPSLongitude" in xmp:
                has_location = True
            return ImageMetadata(True, has_location, has_camera)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return ImageMetadata(False)


def strip_image_metadata(data: bytes) -> bytes:
    """The same picture without EXIF (GPS, camera, dates), XMP, comments or text chunks.

    The orientation EXIF carries is applied to the pixels first, so the photo does not end up on its
    side once the tag is gone. JPEGs keep their quantization tables when they need no rotation, so
    stripping does not visibly degrade a photo that may be evidence.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    check_pixels(data)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UserError(
            _("This file is not an image that can be cleaned: {reason}").format(reason=exc)
        ) from exc
    fmt = image.format or "PNG"
    orientation = image.getexif().get(0x0112, 1)
    out = io.BytesIO()
    if fmt == "JPEG" and orientation in (1, None):
        image.info = {}
        image.save(out, "JPEG", quality="keep", subsampling="keep", optimize=False)
        return out.getvalue()
    upright = ImageOps.exif_transpose(image) if orientation not in (1, None) else image
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.mode == "P":
        palette = upright.getpalette()
        if palette:
            clean.putpalette(palette)
    options = {"quality": 92} if fmt == "JPEG" else {}
    try:
        clean.save(out, fmt, **options)
    except (OSError, KeyError, ValueError):
        out = io.BytesIO()
        clean.save(out, "PNG")
    return out.getvalue()


def strip_evidence_attachment(ws: Workspace, evidence_id: str) -> str:
    """Replace an evidence item's image by a copy without metadata; returns the new attachment
    hash."""
    row = ws.get("evidence", evidence_id)
    if row is None or not row["attachment_sha256"]:
        raise UserError(_("This evidence has no attached file."))
    data = ws.attachment(row["attachment_sha256"])
    if data is None:
        raise UserError(_("The attached file is missing from the workspace."))
    info = ws.attachment_info(row["attachment_sha256"]) or {}
    clean = strip_image_metadata(data)
    sha = ws.add_attachment(clean, mime=info.get("mime") or "application/octet-stream")
    ws.update("evidence", evidence_id, attachment_sha256=sha)
    return sha


# --------------------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Item:
    """One sensitive item or one person's name, with where it lives so the UI can open it."""

    table: str
    record_id: str
    what: str  # translated: "Finding", "Evidence", "Partner", "Focal point"...
    text: str
    sensitive: bool


@dataclass(frozen=True)
class Attachment:
    """One attached file that would leave the office in a bundle."""

    evidence_id: str
    name: str
    sha256: str
    size: int
    mime: str
    sensitive: bool
    metadata: ImageMetadata


@dataclass(frozen=True)
class ExportScope:
    """What one export will and will not contain, as sentences in the UI language."""

    document: str
    title: str
    contains: list[str] = field(default_factory=list)
    leaves_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SafetyReport:
    sensitive: list[Item]
    people: list[Item]
    attachments: list[Attachment]
    exports: list[ExportScope]

    @property
    def flagged_images(self) -> list[Attachment]:
        return [a for a in self.attachments if a.metadata.risky]

    def export(self, document: str) -> ExportScope:
        return next(e for e in self.exports if e.document == document)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(ws: Workspace, dossier_id: str, *, include_sensitive: bool = False) -> SafetyReport:
    """Everything the user must look at before exporting ``dossier_id``.

    ``include_sensitive`` is the export page's "include sensitive items" choice: it moves the
    sensitive items from "will not contain" to "will contain" in the document scopes.
    """
    dossier = ws.dossier(dossier_id)
    if dossier is None:
        raise KeyError(dossier_id)
    org = ws.organization()
    focal = ws.focal_point(dossier_id)
    findings = ws.children("findings", dossier_id)
    evidence = ws.children("evidence", dossier_id)
    partners = ws.children("partners", dossier_id, order_by="created_at")

    sensitive: list[Item] = []
    for f in findings:
        if f["sensitive"]:
            sensitive.append(
                Item(
                    "findings", f["id"], _(FINDING_KIND_LABELS[f["kind"]]), _short(f["text"]), True
                )
            )
    for e in evidence:
        if e["sensitive"]:
            text = _short(
                " — ".join(x for x in (e["source"], e["description"], e["attachment_name"]) if x)
            )
            sensitive.append(
                Item("evidence", e["id"], pgettext("one record", "Evidence"), text, True)
            )
    for p in partners:
        if p["sensitive"]:
            sensitive.append(Item("partners", p["id"], _("Partner"), p["name"], True))

    people: list[Item] = []
    if org["signatory_name"].strip():
        people.append(
            Item("organizations", org["id"], _("Signatory"), org["signatory_name"].strip(), False)
        )
    if focal["name"].strip():
        people.append(
            Item("focal_points", focal["id"], _("Focal point"), focal["name"].strip(), False)
        )
    for p in partners:
        if p["kind"] == "individual" and p["name"].strip():
            people.append(
                Item(
                    "partners",
                    p["id"],
                    _("Partner (individual)"),
                    p["name"].strip(),
                    bool(p["sensitive"]),
                )
            )

    attachments: list[Attachment] = []
    for e in evidence:
        sha = e["attachment_sha256"]
        if not sha:
            continue
        data = ws.attachment(sha) or b""
        info = ws.attachment_info(sha) or {}
        attachments.append(
            Attachment(
                e["id"],
                e["attachment_name"] or sha[:12],
                sha,
                len(data),
                info.get("mime", ""),
                bool(e["sensitive"]),
                inspect_image(data),
            )
        )

    exports = _scopes(
        dossier, org, focal, findings, evidence, partners, attachments, include_sensitive
    )
    return SafetyReport(sensitive, people, attachments, exports)


def _scopes(
    dossier: Record,
    org: Record,
    focal: Record,
    findings: list[Record],
    evidence: list[Record],
    partners: list[Record],
    attachments: list[Attachment],
    include_sensitive: bool,
) -> list[ExportScope]:
    analysis = [f for f in findings if f["kind"] != "recommendation"]
    recs = [f for f in findings if f["kind"] == "recommendation"]
    n_sensitive_f = sum(1 for f in findings if f["sensitive"])
    n_sensitive_e = sum(1 for e in evidence if e["sensitive"])
    cosigners = [p for p in partners if p["cosigner"]]
    shown_cosigners = [p for p in cosigners if include_sensitive or not p["sensitive"]]
    hidden_cosigners = len(cosigners) - len(shown_cosigners)

    org_line = _("Your organization's name, address, contacts and logo")
    signatory = org["signatory_name"].strip() or _("(no signatory yet)")
    sign_line = _("The signatory's name: {name}").format(name=signatory)

    letter = ExportScope(
        "letter",
        _(EXPORTS["letter"]),
        [
            org_line,
            sign_line,
            _("The focal point's name and address: {name}").format(
                name=focal["name"].strip() or "—"
            ),
        ],
        [
            _("No finding, evidence, partner or attached file"),
        ],
    )

    pledge_contains = [org_line, sign_line]
    if shown_cosigners:
        pledge_contains.append(
            _("Co-signers: {names}").format(
                names=listing([p["name"] for p in shown_cosigners], current_language())
            )
        )
    pledge_out = [_("No finding, evidence or attached file")]
    if hidden_cosigners:
        pledge_out.append(
            ngettext(
                "{n} co-signer marked sensitive",
                "{n} co-signers marked sensitive",
                hidden_cosigners,
            ).format(n=hidden_cosigners)
        )
    pledge = ExportScope("pledge", _(EXPORTS["pledge"]), pledge_contains, pledge_out)

    shown_f = len(analysis) - (
        0 if include_sensitive else sum(1 for f in analysis if f["sensitive"])
    )
    shown_r = len(recs) - (0 if include_sensitive else sum(1 for f in recs if f["sensitive"]))
    shown_e = len(evidence) - (0 if include_sensitive else n_sensitive_e)
    sub_contains = [
        org_line,
        sign_line,
        _("The executive summary"),
        ngettext("{n} finding", "{n} findings", shown_f).format(n=shown_f),
        ngettext("{n} recommendation", "{n} recommendations", shown_r).format(n=shown_r),
        ngettext(
            "{n} piece of evidence (described, files not embedded)",
            "{n} pieces of evidence (described, files not embedded)",
            shown_e,
        ).format(n=shown_e),
    ]
    if shown_cosigners:
        sub_contains.append(
            _("Co-signers: {names}").format(
                names=listing([p["name"] for p in shown_cosigners], current_language())
            )
        )
    sub_out = [
        ngettext(
            "{n} attached file (files are never embedded in documents)",
            "{n} attached files (files are never embedded in documents)",
            len(attachments),
        ).format(n=len(attachments))
    ]
    if include_sensitive:
        if n_sensitive_f or n_sensitive_e:
            sub_contains.append(_("Sensitive items, because you chose to include them"))
    else:
        hidden = n_sensitive_f + n_sensitive_e + hidden_cosigners
        sub_out.append(
            ngettext("{n} item marked sensitive", "{n} items marked sensitive", hidden).format(
                n=hidden
            )
        )
    submission = ExportScope("submission", _(EXPORTS["submission"]), sub_contains, sub_out)

    sent = [a for a in attachments if include_sensitive or not a.sensitive]
    risky = sum(1 for a in sent if a.metadata.risky)
    bundle_contains = [
        _("The whole dossier for a partner office: findings, evidence, partners, engagement log"),
        ngettext("{n} attached file", "{n} attached files", len(sent)).format(n=len(sent)),
    ]
    bundle_out = [_("Other dossiers, and the deleted items in the trash")]
    if include_sensitive:
        bundle_contains.append(
            _("Sensitive items and their files, because you chose to include them")
        )
    else:
        hidden = n_sensitive_f + n_sensitive_e + sum(1 for p in partners if p["sensitive"])
        bundle_out.append(
            ngettext(
                "{n} item marked sensitive, with its files",
                "{n} items marked sensitive, with their files",
                hidden,
            ).format(n=hidden)
        )
    if risky:
        bundle_contains.append(
            ngettext(
                "{n} photo that shows where it was taken or with which camera: clean it first",
                "{n} photos that show where they were taken or with which camera: clean them first",
                risky,
            ).format(n=risky)
        )
    bundle = ExportScope("bundle", _(EXPORTS["bundle"]), bundle_contains, bundle_out)
    return [letter, pledge, submission, bundle]
