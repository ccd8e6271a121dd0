"""The field guide lists the guide's channels (issue 23) in each of its languages, with the
addresses of ``channels.json`` (the one place for the facts), so an office can print them."""

from __future__ import annotations

import re

import pytest

from untoc_desktop.core.reference import load
from untoc_desktop.paths import resources_dir

HEADINGS = {"en": "## English", "fr": "## Français", "es": "## Español"}


def _section(lang: str) -> str:
    text = (resources_dir().parent / "docs" / "field-guide.md").read_text(encoding="utf-8")
    start = text.index(HEADINGS[lang] + "\n")
    following = [text.find(h + "\n", start + 1) for h in HEADINGS.values()]
    ends = [i for i in following if i > start]
    return text[start : min(ends) if ends else len(text)]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_channel_and_its_addresses_are_in_the_field_guide(lang: str) -> None:
    section = re.sub(r"\s+", " ", _section(lang))
    for channel in load().channels():
        assert channel.name(lang) in section, f"{lang}: {channel.id} name"
        for where in channel.where:
            assert where in section, f"{lang}: {channel.id} {where}"
