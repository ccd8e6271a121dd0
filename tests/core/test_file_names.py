"""Suggested file names say nothing about the work (issue 19)."""

from datetime import date

from untoc_desktop.core.file_names import bundle_file_name, document_file_name


def test_document_names_carry_kind_language_and_day_only():
    day = date(2026, 12, 6)
    assert document_file_name("letter", "fr", "pdf", day) == "letter-fr-2026-12-06.pdf"
    assert document_file_name("letter", "en", "pdf", day) != document_file_name(
        "letter", "fr", "pdf", day
    )


def test_bundle_names_carry_the_day_only():
    assert bundle_file_name(date(2026, 12, 6)) == "bundle-2026-12-06.untoc"
