"""The submission states the State's status under each instrument as the research table has it
(issue 23), with the user's own correction winning, in English, French and Spanish.

The States are drawn at random from ``party_status.csv`` (plus one State drawn at random for each
status the table uses, so signatories, non-parties and unknowns are always covered); the seed is
printed and can be replayed with ``PARTY_STATUS_SEED``. "Unknown" must read as "status not
confirmed", never as "not a party".
"""

from __future__ import annotations

import csv
import os
import random
import re
from datetime import date
from pathlib import Path

import pytest
from doc_helpers import pdf_text

from untoc_desktop.core.reference import INSTRUMENT_CODES, load
from untoc_desktop.core.typography import long_date
from untoc_desktop.documents import render
from untoc_desktop.paths import resource
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace

SEED = int(os.environ.get("PARTY_STATUS_SEED") or random.SystemRandom().randrange(1 << 30))
print(f"party status seed: {SEED} (replay with PARTY_STATUS_SEED={SEED})")

#: What each status must read as, per language; ``{date}`` is the deposit date written out.
EXPECTED: dict[str, dict[str, str]] = {
    "en": {
        "party": "party since {date}",
        "party_undated": "party (date not found)",
        "signatory": "signatory, not a party",
        "not_party": "not a party",
        "unknown": "status not confirmed",
    },
    "fr": {
        "party": "partie depuis le {date}",
        "party_undated": "partie (date non trouvée)",
        "signatory": "signataire, non partie",
        "not_party": "non partie",
        "unknown": "statut non confirmé",
    },
    "es": {
        "party": "parte desde el {date}",
        "party_undated": "parte (fecha no encontrada)",
        "signatory": "signatario, no es parte",
        "not_party": "no es parte",
        "unknown": "situación no confirmada",
    },
}


def _rows() -> list[dict[str, str]]:
    with resource("reference", "party_status.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _draw() -> list[str]:
    rows = _rows()
    rng = random.Random(SEED)
    states = rng.sample(sorted({r["iso2"] for r in rows}), 4)
    for status in ("signatory", "not_party", "unknown"):
        states.append(rng.choice(sorted({r["iso2"] for r in rows if r["status"] == status})))
    undated = sorted({r["iso2"] for r in rows if r["status"] == "party" and not r["date"]})
    states.append(rng.choice(undated))
    return list(dict.fromkeys(states))


def _phrase(lang: str, status: str, deposited: str) -> str:
    if status != "party":
        return EXPECTED[lang][status]
    if not deposited:
        return EXPECTED[lang]["party_undated"]
    when = long_date(date.fromisoformat(deposited), lang)
    return EXPECTED[lang]["party"].format(date=when)


def _line(text: str, lang: str, code: str) -> str:
    """The text after "<instrument short name>:" up to the next instrument or the line's end."""
    short = load().instrument(code).short_name(lang)
    match = re.search(re.escape(short) + r"\s?:\s(.{0,120})", text)
    assert match, f"{code} has no status line in {lang} (seed {SEED})"
    line = match.group(1)
    for other in INSTRUMENT_CODES:
        line = line.split(load().instrument(other).short_name(lang))[0]
    return line.split("“")[0].split("«")[0]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_random_states_statuses_as_the_csv_has_them(
    ws: Workspace, demo: dict[str, str], tmp_path: Path, lang: str
) -> None:
    rows = {(r["iso2"], r["instrument"].upper()): r for r in _rows()}
    dossier = demo[lang]
    for iso2 in _draw():
        dossiers.set_country(ws, dossier, iso2)
        out = render(ws, dossier, "submission", "pdf", lang, tmp_path / f"{iso2}.pdf")
        text = pdf_text(out)
        for code in INSTRUMENT_CODES:
            row = rows[iso2, code]
            where = f"{iso2} {code} {row['status']} {lang} (seed {SEED})"
            line = _line(text, lang, code)
            expected = _phrase(lang, row["status"], row["date"])
            assert line.startswith(expected), f"{where}: {line!r}"
            if row["status"] == "unknown":
                assert EXPECTED[lang]["not_party"] not in line, where


def test_the_users_correction_wins(ws: Workspace, demo: dict[str, str], tmp_path: Path) -> None:
    rows = _rows()
    rng = random.Random(SEED)
    iso2 = rng.choice(sorted({r["iso2"] for r in rows if r["instrument"] == "firearms"}))
    dossier = demo["en"]
    dossiers.set_country(ws, dossier, iso2)
    for value, expected in (("not_party", "not a party"), ("unknown", "status not confirmed")):
        ws.correct_state(iso2, "party:FIREARMS", value, "our own check")
        text = pdf_text(render(ws, dossier, "submission", "pdf", "en", tmp_path / "c.pdf"))
        line = _line(text, "en", "FIREARMS")
        assert line.startswith(expected), f"{iso2} corrected to {value} (seed {SEED}): {line!r}"
    ws.correct_state(iso2, "party:FIREARMS", "party", "instrument deposited last month")
    text = pdf_text(render(ws, dossier, "submission", "pdf", "en", tmp_path / "d.pdf"))
    assert _line(text, "en", "FIREARMS").startswith("party"), f"{iso2} (seed {SEED})"
