#!/usr/bin/env python3
"""One command to run UNTOC Desktop or its tests from a source checkout.

    python3 dev.py run    [app arguments]   # install what is needed, start the app
    python3 dev.py test   [pytest arguments] # install what is needed, run the whole test suite
    python3 dev.py i18n                      # extract messages, update the fr/es catalogs, compile
    python3 dev.py screenshots               # README screenshots from the tour, en/fr/es (docs/screenshots)

It needs only Python 3.11+. It creates ``.venv`` beside this file, installs the project into it
(again only when pyproject.toml changed), compiles the message catalogs, and on Debian/Ubuntu
installs the system packages Qt and the tests need when it may (as root or with password-less
sudo); otherwise it names them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# Debian packages: what Qt needs to show a window, and what the tests use to check documents and bundles.
QT_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
TEST_TOOLS = {
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "age": "age",
    "minisign": "minisign",
    "icupkg": "icu-devtools",  # the frozen build trims Qt's ICU data to en/fr/es (size budget)
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(cmd: list[str | Path], **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv() -> None:
    if PY.exists():
        return
    say("creating .venv")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        if apt_install(["python3-venv"]):
            venv.EnvBuilder(with_pip=True).create(VENV)
        else:
            sys.exit(f"[dev] cannot create a virtual environment ({exc}); install python3-venv first")


def ensure_installed(extras: str) -> None:
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    stamp_value = hashlib.sha256(pyproject + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == stamp_value:
        return
    say("installing the project and its dependencies into .venv")
    run([PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    target = f".[{extras}]" if extras else "."
    run([PY, "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT)
    stamp.write_text(stamp_value)


def compile_catalogs() -> None:
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        run([PY, "-m", "babel.messages.frontend", "compile", "--statistics",
             "-i", po, "-o", mo, "-l", po.parent.parent.name])


# The message catalogs: one template, one catalog per language (see translations/README.md).
TRANSLATIONS = ROOT / "translations"
CATALOG_LANGUAGES = ("fr", "es")
EXTRACT_KEYWORDS = ("_", "N_", "ngettext:1,2", "pgettext:1c,2")


def extract_messages(pot: Path) -> None:
    """Write the message template ``pot`` from the code; the one definition of what is extracted."""
    keywords = [arg for kw in EXTRACT_KEYWORDS for arg in ("-k", kw)]
    run([PY, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "translations/babel.cfg",
         *keywords, "--add-comments=TRANSLATORS:", "--sort-by-file", "--width=100",
         "--project=UNTOC Desktop", "--copyright-holder=UNTOC Desktop contributors",
         "-o", pot, "untoc_desktop"], cwd=ROOT)


def _without_dates(catalog: Path) -> list[str]:
    return [line for line in catalog.read_text(encoding="utf-8").splitlines() if "-Date: " not in line]


def update_catalogs() -> None:
    """Extract, then bring fr and es up to date with the template without guessing.

    ``--no-fuzzy-matching`` keeps babel from pre-filling a new message with the translation of a
    similar old one: such guesses are wrong often enough, and a fuzzy entry is not shown anyway.
    New messages arrive empty, which the translation tests report until someone translates them.
    """
    pot = TRANSLATIONS / "messages.pot"
    fresh = pot.with_suffix(".pot.new")
    extract_messages(fresh)
    if pot.exists() and _without_dates(pot) == _without_dates(fresh):
        fresh.unlink()  # nothing changed but the date: keep the file, and the diff, as they were
    else:
        fresh.replace(pot)
    for lang in CATALOG_LANGUAGES:
        run([PY, "-m", "babel.messages.frontend", "--quiet", "update", "--no-fuzzy-matching",
             "--ignore-obsolete", "--init-missing", "--width=100", "-D", "messages",
             "-i", pot, "-d", TRANSLATIONS, "-l", lang], cwd=ROOT)
    compile_catalogs()


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when allowed without a password; True when they are in place."""
    if not packages or not shutil.which("apt-get"):
        return not packages
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
            prefix = ["sudo", "-n"]
        else:
            return False
    say("installing Debian packages: " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run([*prefix, "apt-get", "update", "-q"], env=env, capture_output=True)
        if subprocess.run(install, env=env).returncode != 0:
            return False
    return True


def missing_libraries() -> list[str]:
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return []
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    return sorted({pkg for lib, pkg in QT_PACKAGES.items() if lib not in known})


def ensure_system(for_tests: bool) -> None:
    needed = missing_libraries()
    if for_tests:
        needed += sorted({pkg for tool, pkg in TEST_TOOLS.items() if not shutil.which(tool)})
        if not list(Path("/usr/share/fonts").rglob("DejaVuSans.ttf")) and sys.platform.startswith("linux"):
            needed.append("fonts-dejavu-core")
    needed = sorted(set(needed))
    if needed and not apt_install(needed):
        say("these Debian packages are missing and could not be installed without a password:")
        say("    sudo apt-get install " + " ".join(needed))


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"run", "test", "i18n", "screenshots"}:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    ensure_venv()
    ensure_installed("test" if action == "test" else "")
    if action == "i18n":
        update_catalogs()
        return 0
    compile_catalogs()
    ensure_system(for_tests=action == "test")
    if action == "screenshots":
        return subprocess.run([str(PY), "-m", "untoc_desktop.ui.screenshots", *rest], cwd=ROOT).returncode
    if action == "test":
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    missing = missing_libraries()
    if missing:
        say("the interface needs these Debian packages: sudo apt-get install " + " ".join(missing))
        return 1
    return subprocess.run([str(BIN / "untoc-desktop"), *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
