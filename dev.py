#!/usr/bin/env python3
"""One command to run UNTOC Desktop or its tests from a source checkout.

    python3 dev.py run    [app arguments]   # install what is needed, start the app
    python3 dev.py test   [pytest arguments] # install what is needed, run the whole test suite
    python3 dev.py i18n                      # extract messages, update the fr/es catalogs, compile
    python3 dev.py screenshots               # README screenshots from the tour, en/fr/es
                                             # (docs/screenshots)
    python3 dev.py lock [--upgrade]          # re-resolve requirements.lock from pyproject.toml's
                                             # ranges
    python3 dev.py setup                     # only install .venv from the lock (used by the build
                                             # scripts)

It needs only Python 3.11+. It creates ``.venv`` beside this file and installs into it exactly what
``requirements.lock`` names, every file checked against the lock's hashes (again only when the lock
or pyproject.toml changed), so a field office, a contributor and CI run the versions that were
tested. It compiles the message catalogs, and on Debian/Ubuntu installs the system packages Qt and
the tests need when it may (as root or with password-less sudo); otherwise it names them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# The lock: every Python package, runtime, test and build, at one version with its hashes. uv writes
# it because it resolves for every platform at once (``--universal``: the Windows- and macOS-only
# packages of the frozen builds get markers instead of being left out), in pip's requirements
# format, so installing it needs nothing but pip. The lock tool is pinned too, in a venv of its own,
# so that it never lands in the app's environment.
LOCK = ROOT / "requirements.lock"
LOCK_TOOL = "uv==0.13.9"
LOCK_VENV = ROOT / ".venv-lock"
PROJECT = "untoc-desktop"

# Debian packages: what Qt needs to show a window (offscreen, and on a real X server through the xcb
# platform plugin: every library ``ldd`` names for libqxcb.so and libQt6XcbQpa.so beyond glibc's),
# and what the tests use to check documents and bundles. tests/test_system_libraries.py fails when a
# Qt upgrade needs a library this table does not name.
QT_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
TEST_TOOLS = {
    "Xvfb": "xvfb",  # one test starts the app on a real X server, so a missing xcb library fails CI
    "xdotool": "xdotool",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "age": "age",
    "minisign": "minisign",
    "openssl": "openssl",  # checks an author signature as docs/bundle-format.md shows
    "icupkg": "icu-devtools",  # the frozen build trims Qt's ICU data to en/fr/es (size budget)
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    # The screen-reader test reads the app's tree over AT-SPI as Orca does (issue 22): a session
    # bus, the accessibility bus, and Debian's pyatspi for its system python3.
    "dbus-daemon": "dbus-daemon",
    "/usr/libexec/at-spi-bus-launcher": "at-spi2-core",
}
#: Modules of Debian's own python3 the tests use (checked with ``python3 -c "import …"``).
TEST_SYSTEM_MODULES = {"pyatspi": "python3-pyatspi"}


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
            sys.exit(
                f"[dev] cannot create a virtual environment ({exc}); install python3-venv first"
            )


def normalize(name: str) -> str:
    """A distribution's name as PEP 503 compares them (``PySide6_Essentials`` is
    ``pyside6-essentials``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_names() -> set[str]:
    """Every package the lock names, whatever platform its marker is for."""
    pins = re.findall(
        r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", LOCK.read_text(encoding="utf-8"), flags=re.M
    )
    return {normalize(name) for name in pins}


def remove_strays() -> None:
    """Uninstall what the lock no longer names (a dependency dropped, a package added by hand)."""
    listed = subprocess.run(
        [PY, "-m", "pip", "list", "--format=json"], check=True, capture_output=True, text=True
    ).stdout
    keep = locked_names() | {PROJECT}
    strays = sorted(d["name"] for d in json.loads(listed) if normalize(d["name"]) not in keep)
    if strays:
        say("removing packages the lock does not name: " + " ".join(strays))
        run([PY, "-m", "pip", "uninstall", "--quiet", "--yes", *strays])


def ensure_installed() -> None:
    """Make .venv hold exactly the lock, plus the project itself as an editable install."""
    if not LOCK.exists():
        sys.exit("[dev] requirements.lock is missing: run `python3 dev.py lock`")
    stamp = VENV / ".installed-lock"
    if stamp.exists() and stamp.read_text() == _environment_stamp():
        return
    say("installing the locked dependencies into .venv (hash-checked)")
    run([PY, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK], cwd=ROOT)
    # The project itself has no single file to hash: it is installed without dependencies (all are
    # in the lock) and built with the locked setuptools, not with whatever the index serves today.
    run(
        [PY, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", "."],
        cwd=ROOT,
    )
    remove_strays()
    stamp.write_text(_environment_stamp())


def _environment_stamp() -> str:
    """The lock, pyproject.toml and the names of what .venv holds: a package added by hand changes
    it too."""
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    for site in sorted(VENV.glob("lib*/python*/site-packages")) + sorted(
        VENV.glob("Lib/site-packages")
    ):
        digest.update("\n".join(sorted(p.name for p in site.glob("*.dist-info"))).encode())
    return digest.hexdigest()


def lock(extra_args: list[str]) -> None:
    """Re-resolve the lock from pyproject.toml's ranges (``--upgrade`` moves every pin to the
    newest)."""
    tool = LOCK_VENV / BIN.name / ("uv.exe" if os.name == "nt" else "uv")
    if not tool.exists():
        say(f"installing the lock tool ({LOCK_TOOL}) into {LOCK_VENV.name}")
        venv.EnvBuilder(with_pip=True).create(LOCK_VENV)
        run([LOCK_VENV / BIN.name / PY.name, "-m", "pip", "install", "--quiet", LOCK_TOOL])
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build_requires = "\n".join(pyproject["build-system"]["requires"]) + "\n"
    minimum = pyproject["project"]["requires-python"].removeprefix(">=")
    run(
        [
            tool,
            "pip",
            "compile",
            "--quiet",
            "--universal",
            "--generate-hashes",
            "--python-version",
            minimum,
            "--extra",
            "test",
            "--custom-compile-command",
            "python3 dev.py lock",
            *extra_args,
            "pyproject.toml",
            "-",
            "-o",
            LOCK.name,
        ],
        cwd=ROOT,
        input=build_requires.encode(),
    )
    say(f"wrote {LOCK.name}; `python3 dev.py test` installs it")


def compile_catalogs() -> None:
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        run(
            [
                PY,
                "-m",
                "babel.messages.frontend",
                "compile",
                "--statistics",
                "-i",
                po,
                "-o",
                mo,
                "-l",
                po.parent.parent.name,
            ]
        )


# The message catalogs: one template, one catalog per language (see translations/README.md).
TRANSLATIONS = ROOT / "translations"
CATALOG_LANGUAGES = ("fr", "es")
EXTRACT_KEYWORDS = ("_", "N_", "NP_:1c,2", "ngettext:1,2", "pgettext:1c,2")


def extract_messages(pot: Path) -> None:
    """Write the message template ``pot`` from the code; the one definition of what is extracted."""
    keywords = [arg for kw in EXTRACT_KEYWORDS for arg in ("-k", kw)]
    run(
        [
            PY,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "-F",
            "translations/babel.cfg",
            *keywords,
            "--add-comments=TRANSLATORS:",
            "--sort-by-file",
            "--width=100",
            "--project=UNTOC Desktop",
            "--copyright-holder=UNTOC Desktop contributors",
            "-o",
            pot,
            "untoc_desktop",
        ],
        cwd=ROOT,
    )


def _without_dates(catalog: Path) -> list[str]:
    return [
        line for line in catalog.read_text(encoding="utf-8").splitlines() if "-Date: " not in line
    ]


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
        run(
            [
                PY,
                "-m",
                "babel.messages.frontend",
                "--quiet",
                "update",
                "--no-fuzzy-matching",
                "--ignore-obsolete",
                "--init-missing",
                "--width=100",
                "-D",
                "messages",
                "-i",
                pot,
                "-d",
                TRANSLATIONS,
                "-l",
                lang,
            ],
            cwd=ROOT,
        )
    compile_catalogs()


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when allowed without a password; True when they are in place."""
    if not packages or not shutil.which("apt-get"):
        return not packages
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if (
            shutil.which("sudo")
            and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
        ):
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
        system_python = "/usr/bin/python3"
        if sys.platform.startswith("linux"):
            needed += sorted(
                {
                    pkg
                    for module, pkg in TEST_SYSTEM_MODULES.items()
                    if not Path(system_python).exists()
                    or subprocess.run(
                        [system_python, "-c", f"import {module}"], capture_output=True
                    ).returncode
                }
            )
        if not list(Path("/usr/share/fonts").rglob("DejaVuSans.ttf")) and sys.platform.startswith(
            "linux"
        ):
            needed.append("fonts-dejavu-core")
    needed = sorted(set(needed))
    if needed and not apt_install(needed):
        say("these Debian packages are missing and could not be installed without a password:")
        say("    sudo apt-get install " + " ".join(needed))


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"run", "test", "i18n", "screenshots", "lock", "setup"}:
        print(__doc__)
        return 2
    action, rest = argv[0], argv[1:]
    if action == "lock":
        lock(rest)
        return 0
    ensure_venv()
    ensure_installed()
    if action == "i18n":
        update_catalogs()
        return 0
    compile_catalogs()
    ensure_system(for_tests=action == "test")
    if action == "setup":
        return 0
    if action == "screenshots":
        return subprocess.run(
            [str(PY), "-m", "untoc_desktop.ui.screenshots", *rest], cwd=ROOT
        ).returncode
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
