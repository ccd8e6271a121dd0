"""Bad input: missing people, a logo that is not an image, unwritable targets, unknown ids,
cancelling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from doc_helpers import docx_text, pdf_text

from untoc_desktop import cli, i18n
from untoc_desktop.core.errors import CancelledError, UserError
from untoc_desktop.core.safe_write import is_temp_file
from untoc_desktop.documents import compose, render, what_is_missing
from untoc_desktop.store.workspace import Workspace


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_letter_renders_with_marked_blanks_when_people_are_missing(
    ws: Workspace, tmp_path: Path
) -> None:
    dossier = ws.create_dossier(title="Blank test", country="KE", language="en")
    out = render(ws, dossier, "letter", "pdf", "en", tmp_path / "l.pdf")
    text = pdf_text(out)
    # An unknown focal point is the letter's normal case, not a blank (issue 23): it goes to the
    # office that coordinates the review and asks who the focal point is.
    assert "[name of the focal point]" not in text
    assert "[address or email of the focal point]" not in text
    assert "Office coordinating the review" in text
    for blank in (
        "[name of the signatory]",
        "[title of the signatory]",
        "[name of your organization]",
    ):
        assert blank in text
    docx_out = render(ws, dossier, "letter", "docx", "en", tmp_path / "l.docx")
    assert "[name of the signatory]" in docx_text(docx_out)


def test_blanks_follow_the_document_language(ws: Workspace) -> None:
    dossier = ws.create_dossier(title="Blank", country="KE", language="fr")
    blank = i18n.DocumentLanguage("fr").gettext("name of the signatory")
    assert f"[{blank}]" in compose(ws, dossier, "letter", "fr").plain_text()


def test_what_is_missing_names_the_focal_point_and_the_signatory(ws: Workspace) -> None:
    dossier = ws.create_dossier(title="Missing", country="KE", language="en")
    missing = what_is_missing(ws, dossier, "letter")
    assert any("focal point's name" in m for m in missing)
    assert any("signatory's name" in m for m in missing)
    ws.save_organization(
        name="Org", signatory_name="A. Person", signatory_title="Director", focus_issues="x"
    )
    ws.set_focal_point(dossier, name="B. Official", email="b@example.org")
    assert what_is_missing(ws, dossier, "letter") == []


def test_what_is_missing_for_an_empty_submission(ws: Workspace) -> None:
    dossier = ws.create_dossier(title="Empty", country="", language="en")
    missing = what_is_missing(ws, dossier, "submission")
    assert any("State party" in m for m in missing)
    assert any("recommendation" in m for m in missing)


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_written(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    sha = ws.add_attachment(b"%PDF-1.4 this is not an image", mime="image/png")
    ws.save_organization(logo_sha256=sha)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for fmt in ("pdf", "docx"):
        with pytest.raises(UserError, match="logo is not an image"):
            render(ws, demo["en"], "letter", fmt, "en", out_dir / f"l.{fmt}")
    assert leftovers(out_dir) == []


def test_a_real_logo_is_printed(ws: Workspace, demo: dict[str, str], tmp_path: Path) -> None:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 60), (10, 80, 140)).save(buf, "JPEG")
    ws.save_organization(logo_sha256=ws.add_attachment(buf.getvalue(), mime="image/jpeg"))
    out = render(ws, demo["en"], "letter", "pdf", "en", tmp_path / "l.pdf")
    from pypdf import PdfReader

    assert any(page.images for page in PdfReader(str(out)).pages)


def test_unwritable_output_gives_a_user_error(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(UserError):
        render(ws, demo["en"], "pledge", "pdf", "en", tmp_path / "no such folder" / "p.pdf")
    with pytest.raises(UserError, match="folder"):
        render(ws, demo["en"], "pledge", "pdf", "en", tmp_path)
    assert not (tmp_path / "no such folder").exists()


def test_a_failed_render_keeps_the_previous_file(
    ws: Workspace, demo: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "l.pdf"
    target.write_bytes(b"previous version")
    ws.save_organization(logo_sha256=ws.add_attachment(b"not an image"))
    with pytest.raises(UserError):
        render(ws, demo["en"], "letter", "pdf", "en", target)
    assert target.read_bytes() == b"previous version"
    assert not [p for p in tmp_path.iterdir() if is_temp_file(p)]


def test_cancelling_writes_nothing(ws: Workspace, demo: dict[str, str], tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3  # let the composition start, stop inside the PDF writer

    with pytest.raises(CancelledError):
        render(ws, demo["en"], "submission", "pdf", "en", out_dir / "s.pdf", cancelled=cancelled)
    assert leftovers(out_dir) == []
    assert ws.dossier(demo["en"])["exported_at"] is None


@pytest.mark.parametrize(
    ("document", "fmt", "lang", "message"),
    [
        ("memo", "pdf", "en", "Unknown document"),
        ("letter", "odt", "en", "Unknown format"),
        ("letter", "pdf", "de", "Unknown document language"),
    ],
)
def test_unknown_choices_are_refused(
    ws: Workspace,
    demo: dict[str, str],
    tmp_path: Path,
    document: str,
    fmt: str,
    lang: str,
    message: str,
) -> None:
    with pytest.raises(UserError, match=message):
        render(ws, demo["en"], document, fmt, lang, tmp_path / "x")
    assert leftovers(tmp_path) == sorted(
        n for n in leftovers(tmp_path) if n.startswith("workspace")
    )


def test_unknown_dossier(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no dossier"):
        render(ws, "nope", "letter", "pdf", "en", tmp_path / "l.pdf")


# ------------------------------------------------------------------------------------ command line
def _demo_id(ws_path: Path) -> str:
    from untoc_desktop.core.demo import build_demo

    with Workspace.open(ws_path) as ws:
        return build_demo(ws, "KE", "fr")


def test_cli_render_writes_the_file(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier = _demo_id(ws_path)
    out = tmp_path / "lettre.pdf"
    code = cli.main(
        [
            "render",
            "letter",
            "--workspace",
            str(ws_path),
            "--dossier",
            dossier,
            "--out",
            str(out),
            "--confirm-safety",
        ]
    )
    assert code == 0
    assert out.exists()
    assert "Madame, Monsieur" in pdf_text(out)  # the dossier's language, since --lang was not given
    assert str(out) in capsys.readouterr().out


def test_cli_render_docx_in_another_language(ws_path: Path, tmp_path: Path) -> None:
    dossier = _demo_id(ws_path)
    out = tmp_path / "pledge.docx"
    code = cli.main(
        [
            "render",
            "pledge",
            "--workspace",
            str(ws_path),
            "--dossier",
            dossier,
            "--format",
            "docx",
            "--lang",
            "es",
            "--out",
            str(out),
            "--confirm-safety",
        ]
    )
    assert code == 0
    assert "Estado parte" in docx_text(out)


def test_cli_render_errors_exit_1_with_one_line(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _demo_id(ws_path)
    code = cli.main(
        [
            "render",
            "letter",
            "--workspace",
            str(ws_path),
            "--dossier",
            "missing-id",
            "--out",
            str(tmp_path / "l.pdf"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert "missing-id" in err and "\n" not in err
    assert not (tmp_path / "l.pdf").exists()


def test_cli_render_without_a_workspace_creates_none(tmp_path: Path) -> None:
    missing = tmp_path / "none.untocdb"
    code = cli.main(
        [
            "render",
            "letter",
            "--workspace",
            str(missing),
            "--dossier",
            "x",
            "--out",
            str(tmp_path / "l.pdf"),
        ]
    )
    assert code == 1
    assert not missing.exists()


def test_cli_bad_document_is_a_usage_error(ws_path: Path, tmp_path: Path) -> None:
    code = cli.main(
        [
            "render",
            "memo",
            "--workspace",
            str(ws_path),
            "--dossier",
            "x",
            "--out",
            str(tmp_path / "m"),
        ]
    )
    assert code == 2
    assert os.listdir(tmp_path) == []


def test_file_properties_name_nobody_unless_asked(tmp_path) -> None:  # noqa: ANN001
    """Issue 19: PDF /Author and DOCX core.xml carried the organization and the dossier's title."""
    import zipfile

    from pypdf import PdfReader

    from untoc_desktop.cli import main
    from untoc_desktop.store.workspace import Workspace

    path = tmp_path / "ws.untocdb"
    with Workspace.open(path) as ws:
        ws.save_organization(name="Red Qjolvarr de Tumbes")
        dossier = ws.create_dossier(title="Testigos de Tumbes", country="PE")
    base = ["render", "letter", "--workspace", str(path), "--dossier", dossier, "--confirm-safety"]
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"plain.{fmt}"
        assert main([*base, "--format", fmt, "--out", str(out)]) == 0
        raw = out.read_bytes() if fmt == "pdf" else zipfile.ZipFile(out).read("docProps/core.xml")
        assert b"Qjolvarr" not in raw and b"Tumbes" not in raw
        named = tmp_path / f"named.{fmt}"
        assert main([*base, "--format", fmt, "--out", str(named), "--with-properties"]) == 0
        if fmt == "pdf":
            assert PdfReader(named).metadata.author == "Red Qjolvarr de Tumbes"
        else:
            assert b"Qjolvarr" in zipfile.ZipFile(named).read("docProps/core.xml")
