"""Build the large synthetic workspaces the benchmarks run on, and keep them cached.

A field office's biggest realistic workspace is one long-running dossier: thousands of findings over
the four instruments, a few thousand pieces of evidence, and photos and scans that do not compress.
Building 200 MB of that takes a while, so each workspace is written once under
``benchmarks/.cache/`` in a folder named for ``GENERATOR_VERSION`` and the scale; change the
generator, bump the version, and the next run rebuilds it.

Rows are inserted in bulk (``insert_all`` inside one transaction) instead of one ``ws.insert`` each,
with the same bookkeeping columns ``Workspace.insert`` would give them; the FTS triggers fire as for
any insert, so search sees exactly what the app would have stored.

Run: ``.venv/bin/python benchmarks/generate.py [--quick]`` prints the cached paths.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from untoc_desktop.core.timeutil import now
from untoc_desktop.store.workspace import Workspace

GENERATOR_VERSION = 1
CACHE = Path(__file__).resolve().parent / ".cache"

INSTRUMENT_ARTICLES: dict[str, tuple[int, ...]] = {
    "UNTOC": (5, 6, 7, 8, 10, 11, 12, 13, 16, 18, 20, 24, 25, 26, 27, 29, 31),
    "TIP": (3, 5, 6, 7, 9, 10, 11),
    "SOM": (3, 6, 10, 11, 16, 18),
    "FIREARMS": (5, 7, 8, 10, 11, 13),
}
KINDS = ("gap", "good_practice", "ta_need", "recommendation", "observation")
# Words from the three working languages, accents included, so the FTS tokenizer and the PDF fonts
# see what real notes hold.
_WORD_TEXT = (
    "trafficking victims shelters prosecution police border migrants smuggling firearms marking "
    "licensing cooperation witness protection training budget courts judges prosecutors corruption "
    "laundering confiscation data collection referral identification interviews community leaders "
    "témoignage victimes poursuites frontière contrôle coopération enquête "
    "formation société civile "
    "trata víctimas protección fiscalía armas migración investigación capacitación coordinación "
    "mecanismo nacional derivación asistencia jurídica intérprete refugio"
)
WORDS = tuple(_WORD_TEXT.split())


@dataclass(frozen=True)
class Scale:
    """How big the benchmark data is; ``name`` keys the cache folder."""

    name: str
    findings: int
    evidence: int
    attachment_mb: int
    attachment_files: int
    pdf_findings: int

    @property
    def key(self) -> str:
        return (
            f"v{GENERATOR_VERSION}-{self.name}-{self.findings}f-{self.evidence}e-"
            f"{self.attachment_mb}mb-{self.pdf_findings}p"
        )


FULL = Scale(
    "full",
    findings=10_000,
    evidence=2_000,
    attachment_mb=200,
    attachment_files=100,
    pdf_findings=1_000,
)
QUICK = Scale(
    "quick", findings=1_000, evidence=200, attachment_mb=20, attachment_files=10, pdf_findings=200
)
TINY = Scale("tiny", findings=40, evidence=10, attachment_mb=1, attachment_files=2, pdf_findings=20)


@dataclass(frozen=True)
class Generated:
    """The cached files: the big workspace and dossier, and the PDF one."""

    workspace: Path
    dossier_id: str
    pdf_workspace: Path
    pdf_dossier_id: str


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


class _Rows:
    """Bookkeeping columns as ``Workspace.insert`` fills them, with reproducible ids."""

    def __init__(self, ws: Workspace, rng: random.Random) -> None:
        self.office_id = ws.office_id
        self.rng = rng
        self.stamp = now()

    def new(self, **fields: Any) -> dict[str, Any]:
        record_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return {
            "id": record_id,
            "created_at": self.stamp,
            "updated_at": self.stamp,
            "office_id": self.office_id,
            "deleted_at": None,
            **fields,
        }


def fill_dossier(
    ws: Workspace,
    *,
    title: str,
    findings: int,
    evidence: int,
    attachment_mb: int,
    attachment_files: int,
    seed: int = 9,
) -> str:
    """One dossier with ``findings`` findings, ``evidence`` items and random attachments; its id.

    About one item in ten is sensitive, as in a real dossier, so exports exercise the filter.
    """
    rng = random.Random(seed)
    ws.save_organization(
        name="Benchmark Network", acronym="BN", country="KE", email="office@example.org"
    )
    dossier_id = ws.create_dossier(
        title=title, country="KE", instruments=list(INSTRUMENT_ARTICLES), cluster=2
    )
    rows = _Rows(ws, rng)
    pairs = [(i, a) for i, articles in INSTRUMENT_ARTICLES.items() for a in articles]
    with ws.transaction():
        ws.db["dossier_articles"].insert_all(
            rows.new(dossier_id=dossier_id, instrument=i, article=a) for i, a in pairs
        )
        finding_rows = [
            rows.new(
                dossier_id=dossier_id,
                instrument=pair[0],
                article=pair[1],
                kind=rng.choice(KINDS),
                text=_sentence(rng, rng.randint(25, 90)),
                sensitive=int(rng.random() < 0.1),
                position=n,
            )
            for n, pair in enumerate((rng.choice(pairs) for _ in range(findings)), start=1)
        ]
        ws.db["findings"].insert_all(finding_rows, batch_size=500)
        shas: list[str] = []
        chunk = attachment_mb * 2**20 // max(attachment_files, 1)
        for _ in range(attachment_files if attachment_mb else 0):
            shas.append(ws.add_attachment(os.urandom(chunk), mime="image/jpeg"))
        evidence_rows = [
            rows.new(
                dossier_id=dossier_id,
                source=_sentence(rng, 4),
                date=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                description=_sentence(rng, rng.randint(10, 40)),
                attachment_sha256=shas[n] if n < len(shas) else None,
                attachment_name=f"photo-{n}.jpg" if n < len(shas) else "",
                sensitive=int(rng.random() < 0.1),
                position=n + 1,
            )
            for n in range(evidence)
        ]
        ws.db["evidence"].insert_all(evidence_rows, batch_size=500)
        links = {(rng.choice(finding_rows)["id"], e["id"]) for e in evidence_rows for _ in range(2)}
        ws.db["finding_evidence"].insert_all(
            (rows.new(finding_id=f, evidence_id=e) for f, e in sorted(links)), batch_size=500
        )
    return dossier_id


def build(folder: Path, scale: Scale) -> Generated:
    """Write both workspaces of ``scale`` into ``folder`` (which must not hold them yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    big, small = folder / "workspace.untocdb", folder / "pdf.untocdb"
    with Workspace.open(big) as ws:
        dossier_id = fill_dossier(
            ws,
            title="Large dossier",
            findings=scale.findings,
            evidence=scale.evidence,
            attachment_mb=scale.attachment_mb,
            attachment_files=scale.attachment_files,
        )
    with Workspace.open(small) as ws:
        pdf_dossier_id = fill_dossier(
            ws,
            title="Submission dossier",
            findings=scale.pdf_findings,
            evidence=scale.pdf_findings // 10,
            attachment_mb=0,
            attachment_files=0,
            seed=11,
        )
    (folder / "ids.txt").write_text(f"{dossier_id}\n{pdf_dossier_id}\n", encoding="utf-8")
    return Generated(big, dossier_id, small, pdf_dossier_id)


def cached(scale: Scale, cache: Path = CACHE) -> Generated:
    """The workspaces of ``scale``, built on first use; a half-built folder is never reused."""
    folder = cache / scale.key
    ids = folder / "ids.txt"
    if not ids.exists():
        shutil.rmtree(folder, ignore_errors=True)
        partial = cache / f".{scale.key}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        build(partial, scale)
        partial.rename(folder)
    dossier_id, pdf_dossier_id = ids.read_text(encoding="utf-8").split()
    return Generated(
        folder / "workspace.untocdb", dossier_id, folder / "pdf.untocdb", pdf_dossier_id
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Build (or find) the cached benchmark workspaces.")
    parser.add_argument(
        "--quick", action="store_true", help="the small scale used by run.py --quick"
    )
    generated = cached(QUICK if parser.parse_args().quick else FULL)
    print(generated.workspace)
    print(generated.pdf_workspace)


if __name__ == "__main__":
    main()
