"""Shrink the ICU data library Qt ships on Linux (32 MB) to the three languages the app speaks.

Qt's Linux wheels link ``libicudata.so.73``, one 32 MB blob with collation, calendar and currency
data for every locale ICU knows, plus legacy code-page converters. It alone pushed the one-folder
build over the 150 MB budget. Qt uses ICU for sorting (``QCollator``), case mapping and locale
names; the app speaks English, French and Spanish and writes UTF-8 only. So we keep the root,
``en``, ``fr`` and ``es`` data, drop every other locale's data, the code-page converters and the
transliterators, and link the smaller blob into a replacement library with the same soname and
exported symbol (``icudt73_dat``), which ``libicuuc`` then loads unchanged.

Linux only (Windows and macOS builds use the system's ICU). Needs ``icupkg`` (Debian package
``icu-devtools``) and a C toolchain (``gcc``); without them the step is skipped with a message and
the build stays larger. Measured: 32.0 MB -> 7.4 MB; French and Spanish sorting unchanged.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Locale data we keep: the root every locale inherits from, and the app's three languages. The
#: ``res_index`` tables look like a locale name (``res`` + ``_index``) but are each tree's index.
KEPT_LOCALES = frozenset({"root.res", "en.res", "fr.res", "es.res", "res_index.res"})
_LOCALE_ITEM = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")


def items_to_drop(items: list[str]) -> list[str]:
    """The ICU data items (``coll/de.res``, ``ibm-943.cnv``...) the app never needs."""
    dropped = []
    for item in items:
        base = item.rsplit("/", 1)[-1]
        is_other_locale = bool(_LOCALE_ITEM.match(base)) and base not in KEPT_LOCALES
        if is_other_locale or base.endswith(".cnv") or item.startswith("translit/"):
            dropped.append(item)
    return dropped


def _symbol(library: Path) -> tuple[str, int, int]:
    """Name, file offset and size of the ``icudtNN_dat`` blob inside ``library``."""
    symbols = subprocess.run(
        ["readelf", "-sW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+\d+\s+(icudt\d+_dat)\b",
        symbols,
    )
    if not found:
        raise ValueError(f"{library} has no icudt*_dat symbol")
    address, size, name = int(found.group(1), 16), int(found.group(2), 0), found.group(3)
    sections = subprocess.run(
        ["readelf", "-SW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = line.split("]", 1)[-1].split()
        if len(fields) > 3 and fields[0] == ".rodata":
            section_address, section_offset = int(fields[2], 16), int(fields[3], 16)
            return name, address - section_address + section_offset, size
    raise ValueError(f"{library} has no .rodata section")


def tools_missing() -> list[str]:
    return [tool for tool in ("icupkg", "gcc", "readelf") if shutil.which(tool) is None]


def trim(library: Path) -> tuple[int, int]:
    """Replace ``library`` (``libicudata.so.NN``) in place; returns (size before, size after)."""
    before = library.stat().st_size
    name, offset, size = _symbol(library)
    tree = name.removesuffix("_dat") + "l"  # icudt73l: the little-endian data package's name
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        with library.open("rb") as fh:
            fh.seek(offset)
            (tmp / f"{tree}.dat").write_bytes(fh.read(size))
        listing = subprocess.run(
            ["icupkg", "-l", f"{tree}.dat"], cwd=tmp, capture_output=True, text=True, check=True
        )
        (tmp / "drop.txt").write_text(
            "\n".join(items_to_drop(listing.stdout.split())) + "\n", encoding="ascii"
        )
        (tmp / "out").mkdir()
        subprocess.run(
            ["icupkg", "-r", "drop.txt", f"{tree}.dat", f"out/{tree}.dat"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        (tmp / "blob.s").write_text(
            f"    .section .rodata\n    .globl {name}\n    .type {name}, @object\n"
            f"    .balign 16\n{name}:\n"
            f'    .incbin "out/{tree}.dat"\n    .size {name}, .-{name}\n'
            '    .section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(
            [
                "gcc",
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{library.name}",
                "-o",
                "lib.so",
                "blob.s",
            ],
            cwd=tmp,
            check=True,
        )
        shutil.copyfile(tmp / "lib.so", library)
    return before, library.stat().st_size
