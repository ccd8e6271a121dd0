"""The safety check: sensitive items, names, attachments, image metadata, and export scopes."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from untoc_desktop.core import safety
from untoc_desktop.core.demo import demo_photo
from untoc_desktop.core.errors import UserError


def _png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at the safe house")
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def test_inspect_flags_gps_and_camera() -> None:
    meta = safety.inspect_image(demo_photo())
    assert meta.is_image and meta.has_location and meta.has_camera and meta.risky


def test_inspect_non_images_and_clean_images() -> None:
    assert safety.inspect_image(b"%PDF-1.4 not an image") == safety.ImageMetadata(False)
    assert safety.inspect_image(b"") == safety.ImageMetadata(False)
    clean = safety.inspect_image(_png_with_text())
    assert clean.is_image and not clean.risky


def test_strip_removes_metadata_and_keeps_the_picture() -> None:
    original = demo_photo()
    stripped = safety.strip_image_metadata(original)
    assert not safety.inspect_image(stripped).risky
    with Image.open(io.BytesIO(stripped)) as image, Image.open(io.BytesIO(original)) as before:
        assert image.format == "JPEG" and image.size == before.size
        assert not image.getexif()


def test_strip_png_drops_text_chunks() -> None:
    stripped = safety.strip_image_metadata(_png_with_text())
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.format == "PNG" and "Comment" not in image.info


def test_strip_applies_orientation_before_dropping_it() -> None:
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif.get_ifd(0x8825)[2] = (1.0, 2.0, 3.0)
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif)
    with Image.open(io.BytesIO(safety.strip_image_metadata(buf.getvalue()))) as out:
        assert out.size == (20, 40)
        assert not out.getexif()


def test_strip_refuses_what_is_not_an_image() -> None:
    with pytest.raises(UserError):
        safety.strip_image_metadata(b"just some text")


def _dossier(ws):
    ws.save_organization(name="Org", signatory_name="Amina Okafor")
    dossier = ws.create_dossier(title="T", country="KE")
    ws.set_focal_point(dossier, name="Mr Focal")
    ws.add_finding(dossier, "gap", "Public gap", instrument="TIP", article=5)
    ws.add_finding(
        dossier,
        "gap",
        "Witness X lives at the harbour",
        instrument="TIP",
        article=5,
        sensitive=True,
    )
    ws.add_finding(dossier, "recommendation", "Train judges")
    photo = ws.add_attachment(demo_photo(), mime="image/jpeg")
    ev = ws.insert(
        "evidence",
        dossier_id=dossier,
        source="Interview",
        description="Photo of the boat",
        attachment_sha256=photo,
        attachment_name="boat.jpg",
        sensitive=True,
    )
    ws.insert("partners", dossier_id=dossier, kind="individual", name="Dr Lawyer", cosigner=True)
    ws.insert(
        "partners",
        dossier_id=dossier,
        kind="organization",
        name="Hidden Org",
        cosigner=True,
        sensitive=True,
    )
    ws.insert("partners", dossier_id=dossier, kind="organization", name="Open Org", cosigner=True)
    return dossier, ev


def test_report_lists_sensitive_items_people_and_attachments(ws) -> None:
    dossier, ev = _dossier(ws)
    rep = safety.report(ws, dossier)
    assert [i.text for i in rep.sensitive] == [
        "Witness X lives at the harbour",
        "Interview — Photo of the boat — boat.jpg",
        "Hidden Org",
    ]
    assert [(p.what, p.text) for p in rep.people] == [
        ("Signatory", "Amina Okafor"),
        ("Focal point", "Mr Focal"),
        ("Partner (individual)", "Dr Lawyer"),
    ]
    assert [a.name for a in rep.flagged_images] == ["boat.jpg"]
    submission = rep.export("submission")
    assert "1 finding" in submission.contains and "1 recommendation" in submission.contains
    assert "Co-signers: Dr Lawyer and Open Org" in submission.contains
    assert "3 items marked sensitive" in submission.leaves_out
    assert "1 co-signer marked sensitive" in rep.export("pledge").leaves_out
    bundle = rep.export("bundle")
    assert "0 attached files" in bundle.contains  # the only file belongs to sensitive evidence
    assert "3 items marked sensitive, with their files" in bundle.leaves_out


def test_including_sensitive_items_changes_the_scopes(ws) -> None:
    dossier, _ev = _dossier(ws)
    rep = safety.report(ws, dossier, include_sensitive=True)
    submission = rep.export("submission")
    assert "2 findings" in submission.contains
    assert "Co-signers: Dr Lawyer, Hidden Org, and Open Org" in submission.contains
    assert not any("marked sensitive" in line for line in submission.leaves_out)
    bundle = rep.export("bundle")
    assert "1 attached file" in bundle.contains
    assert any("1 photo that shows where" in line for line in bundle.contains)


def test_strip_evidence_attachment_replaces_the_file(ws) -> None:
    dossier, ev = _dossier(ws)
    old = ws.get("evidence", ev)["attachment_sha256"]
    new = safety.strip_evidence_attachment(ws, ev)
    assert new != old and ws.get("evidence", ev)["attachment_sha256"] == new
    assert safety.report(ws, dossier).flagged_images == []


def test_strip_evidence_without_attachment_is_refused(ws) -> None:
    dossier = ws.create_dossier(title="T")
    ev = ws.add_evidence(dossier, source="No file")
    with pytest.raises(UserError):
        safety.strip_evidence_attachment(ws, ev)
    with pytest.raises(KeyError):
        safety.report(ws, "no-such-dossier")
