"""States' names without the rest of the reference data: the dossier list draws them at the first
paint, and a broken override table is an error, never a silent fallback to CLDR's name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel import Locale

from untoc_desktop.core import country_names
from untoc_desktop.core.reference import ReferenceDataError, load
from untoc_desktop.paths import resource


def test_names_are_the_reference_datas_in_every_language() -> None:
    ref = load()
    for lang in ("en", "fr", "es"):
        for state in ref.states():
            assert country_names.country_name(state.iso2, lang) == ref.country_name(
                state.iso2, lang
            )
    assert country_names.country_name("ps", "es") == "Estado de Palestina"
    assert country_names.country_name("SN", "fr") == Locale.parse("fr").territories["SN"]
    assert country_names.has_override("PS") and not country_names.has_override("SN")
    with pytest.raises(KeyError):
        country_names.country_name("XY", "en")


def _with_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Any) -> None:
    folder = tmp_path / "resources" / "reference"
    folder.mkdir(parents=True)
    (folder / country_names.OVERRIDES_FILE).write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(
        country_names, "resource", lambda *parts: tmp_path / "resources" / Path(*parts)
    )
    country_names.overrides.cache_clear()


@pytest.mark.parametrize(
    "document",
    [
        {"overrides": [{"iso2": "PS", "name": {"en": "State of Palestine", "fr": "", "es": "x"}}]},
        {"overrides": [{"iso2": "PS", "name": {"en": "State of Palestine"}}]},
        {"no overrides": []},
        "not even an object",
    ],
)
def test_a_broken_override_table_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Any
) -> None:
    _with_overrides(tmp_path, monkeypatch, document)
    try:
        with pytest.raises(ReferenceDataError):
            country_names.country_name("PS", "fr")
    finally:
        country_names.overrides.cache_clear()


def test_an_unreadable_override_table_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_overrides(tmp_path, monkeypatch, {})
    (tmp_path / "resources" / "reference" / country_names.OVERRIDES_FILE).write_bytes(b"{\xff")
    try:
        with pytest.raises(ReferenceDataError, match="cannot read"):
            country_names.overrides()
    finally:
        country_names.overrides.cache_clear()


def test_the_dossier_lists_names_do_not_load_the_reference_data() -> None:
    """What keeps 25 ms (13 dataclasses, ten files parsed) out of the window's first paint."""
    code = (
        "import sys\n"
        "from untoc_desktop.ui.models.common import country_name\n"
        "assert country_name('PS') == 'State of Palestine', country_name('PS')\n"
        "assert country_name('SN') == 'Senegal'\n"
        "print('untoc_desktop.core.reference' in sys.modules)\n"
    )
    env = dict(os.environ, UNTOC_RESOURCES=str(resource()))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"
