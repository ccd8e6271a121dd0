"""One list of document names for the command line, the templates and the composers."""

from __future__ import annotations

import subprocess
import sys

from untoc_desktop.documents import names, templates
from untoc_desktop.documents.api import COMPOSERS


def test_every_composer_is_listed_in_order() -> None:
    assert tuple(COMPOSERS) == names.DOCUMENTS


def test_every_templated_document_has_its_files() -> None:
    for document in names.TEMPLATED:
        for lang in ("en", "fr", "es"):
            assert templates.load(document, lang)


def test_the_command_line_offers_exactly_these_documents() -> None:
    from untoc_desktop import cli

    parser = cli.build_parser()
    render = next(
        action.choices["render"]
        for action in parser._subparsers._group_actions  # noqa: SLF001 - argparse has no API
        if action.choices and "render" in action.choices
    )
    document = next(a for a in render._actions if a.dest == "document")  # noqa: SLF001
    assert tuple(document.choices) == names.DOCUMENTS


def test_reading_the_names_does_not_load_the_composers() -> None:
    code = (
        "import sys, untoc_desktop.documents.names, untoc_desktop.cli;"
        "print('untoc_desktop.documents.api' in sys.modules, 'reportlab' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
