"""Build the Linux (or current platform's) one-folder app with PyInstaller and run it like a field
laptop.

A freeze can break silently: a data file, a translation catalog, a font or a lazily imported module
left out works from source and fails only in the built app. This test builds the real thing once
(about a minute) and runs it with no source tree, no virtualenv and no ``UNTOC_*`` overrides:
``selftest`` in the three languages, French messages, a PDF with its embedded fonts, a DOCX,
and a bundle round trip. It needs PyInstaller (in the ``test`` extras); it is not skipped
without it, because a CI that cannot build must fail, not pass quietly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from packaging_helpers import PACKAGING_DIR, load
from pypdf import PdfReader

build = load("build")
rules = load("freeze_rules")

ROOT = PACKAGING_DIR.parent


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    # The selftest is run below, per language, so a failure names its language.
    assert (
        build.main(["--out", str(out), "--work", str(work), "--no-archive", "--skip-selftest"]) == 0
    )
    return out / build.NAME


@pytest.fixture()
def run(app_dir: Path, tmp_path: Path):
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(build.executable(app_dir)), *args],
            cwd=tmp_path,
            env=build.clean_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
        return result

    return run


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_frozen_selftest_passes(run, lang):
    assert run("selftest", "--lang", lang).returncode == 0


def test_frozen_app_holds_every_required_file(app_dir: Path):
    root = build.bundle_root(app_dir)
    present = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    assert rules.missing_files(present, sys.platform) == []


def test_frozen_app_speaks_french_from_the_shipped_catalog(run):
    with (ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    expected = catalog.get("show this help message and exit").string
    assert expected and expected != "show this help message and exit"
    assert expected in run("--lang", "fr", "--help").stdout


def test_frozen_app_writes_documents_with_embedded_fonts(run, tmp_path: Path):
    workspace = str(tmp_path / "w.untocdb")
    dossier = run(
        "--workspace", workspace, "--lang", "fr", "demo", "--country", "MX"
    ).stdout.strip()
    run(
        "--workspace",
        workspace,
        "--lang",
        "fr",
        "render",
        "letter",
        "--dossier",
        dossier,
        "--out",
        "l.pdf",
        "--confirm-safety",
    )
    fonts = set()
    for page in PdfReader(tmp_path / "l.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any(name.endswith("DejaVuSans") for name in fonts), fonts
    run(
        "--workspace",
        workspace,
        "--lang",
        "es",
        "render",
        "submission",
        "--dossier",
        dossier,
        "--format",
        "docx",
        "--out",
        "s.docx",
        "--confirm-safety",
    )
    assert (tmp_path / "s.docx").read_bytes()[:2] == b"PK"


def test_frozen_app_reports_bad_input_in_one_translated_line(run, tmp_path: Path):
    result = run(
        "--workspace",
        str(tmp_path / "w.untocdb"),
        "--lang",
        "es",
        "render",
        "letter",
        "--dossier",
        "no-such-dossier",
        "--out",
        "x.pdf",
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_frozen_app_round_trips_a_bundle(run, tmp_path: Path):
    source, target = str(tmp_path / "a.untocdb"), str(tmp_path / "b.untocdb")
    run("--workspace", source, "demo", "--country", "KE")
    run("--workspace", source, "bundle", "export", "--out", "x.untoc", "--confirm-safety")
    run("--workspace", target, "dossiers")  # a partner office's own, empty workspace
    run("--workspace", target, "bundle", "import", "x.untoc")
    listed = json.loads(run("--workspace", target, "dossiers", "--json").stdout)
    assert [d["country"] for d in listed] == ["KE"]


def test_frozen_app_fits_the_size_budget(app_dir: Path):
    size_mb = build.folder_size(app_dir) / 1e6
    assert size_mb <= 150, f"the one-folder build is {size_mb:.1f} MB, over the 150 MB budget"
