"""Time a submission whose one finding is a single long paragraph, as PDF and DOCX (issue 20).

Run: ``.venv/bin/python benchmarks/bench_long_paragraph.py [--whole]``. The demo dossier (Kenya)
gets one finding of 100,000, 200,000 and 1,000,000 characters (sentences of ordinary words, no
line break). ``--whole`` lays each paragraph out as one flowable, as before issue 20, to show the
quadratic cost the pieces (``documents.pdf.MAX_PARAGRAPH_CHARS``) remove; it stops at 200,000
characters, since 1,000,000 did not finish in 300 s.

PDF before (whole paragraphs): 100,000 characters 1.9-3.0 s, 200,000 8.9-11.5 s, 1,000,000 not
finished after 300 s. After (pieces): 0.1 s, 0.1 s and 0.4-0.7 s on the same machine. DOCX takes
0.1-0.2 s at every size, before and after.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from untoc_desktop.core.demo import build_demo  # noqa: E402
from untoc_desktop.documents import pdf, render  # noqa: E402
from untoc_desktop.store.workspace import Workspace  # noqa: E402

SENTENCE = "The shelter in the district lacks funding and staff trained to receive survivors. "
SIZES = (100_000, 200_000, 1_000_000)


def long_text(n: int) -> str:
    return (SENTENCE * (n // len(SENTENCE) + 1))[:n]


def main() -> None:
    whole = "--whole" in sys.argv[1:]
    if whole:
        pdf.MAX_PARAGRAPH_CHARS = sys.maxsize
    sizes = [n for n in SIZES if not whole or n <= 200_000]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Workspace.open(folder / "workspace.untocdb") as ws:
            dossier = build_demo(ws, "KE", "en")
            finding = ws.children("findings", dossier)[0]
            start = time.perf_counter()
            render(ws, dossier, "submission", "pdf", "en", folder / "plain.pdf")
            seconds = time.perf_counter() - start
            print(f"{'submission PDF, demo findings only':<54} {seconds:6.2f} s")
            for n in sizes:
                ws.update("findings", finding["id"], text=long_text(n))
                for fmt in ("pdf", "docx"):
                    out = folder / f"long-{n}.{fmt}"
                    start = time.perf_counter()
                    render(ws, dossier, "submission", fmt, "en", out)
                    seconds = time.perf_counter() - start
                    label = f"submission {fmt.upper()}, one finding of {n:,} characters"
                    extra = f"  ({out.stat().st_size // 1024:,} KB)"
                    print(f"{label:<54} {seconds:6.2f} s{extra}")


if __name__ == "__main__":
    main()
