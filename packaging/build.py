#!/usr/bin/env python3
"""Build, check, archive and sign UNTOC Desktop for the platform this runs on.

    .venv/bin/python packaging/build.py                 # build + check + archive, ephemeral key
    .venv/bin/python packaging/build.py --signing-key release.key   # sign with the release key
    .venv/bin/python packaging/build.py --no-archive    # just the one-folder app (tests, CI)

Steps: render the icons from the SVG; write the Windows version resource; run PyInstaller on
``untoc-desktop.spec``; on Linux trim Qt's ICU data to en/fr/es; check every file the app reads
is in the build; run the frozen app's ``selftest`` offscreen; pack the folder (``.tar.gz``, or
``.zip`` on Windows) and write
``SHA256SUMS`` plus its minisign signature ``SHA256SUMS.minisig`` and the public key.

PyInstaller does not cross-compile: run this on Linux, on Windows and on macOS to get each build.
The password of an encrypted signing key is read from ``UNTOC_SIGNING_PASSWORD`` or asked for.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import app_icons  # noqa: E402
import freeze_rules  # noqa: E402
import icu_trim  # noqa: E402
import release_signing  # noqa: E402

from untoc_desktop import __version__  # noqa: E402

NAME = "untoc-desktop"


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(
        sys.platform, sys.platform
    )
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64", "arm64")
    return f"{system}-{machine}"


def windows_version_file(version: str, out: Path) -> Path:
    """Fill the Windows version resource template (File > Properties > Details in Explorer)."""
    numbers = [int(part) for part in version.split(".")[:3] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    text = (HERE / "windows" / "version_info.txt.in").read_text(encoding="utf-8")
    text = text.replace("@VERSION_TUPLE@", repr(tuple(numbers))).replace("@VERSION@", version)
    out.write_text(text, encoding="utf-8")
    return out


def write_assets(assets: Path) -> None:
    assets.mkdir(parents=True, exist_ok=True)
    app_icons.build_icons(ROOT / "resources" / "icons" / "untoc-desktop.svg", assets)
    windows_version_file(__version__, assets / "version_info.txt")


def run_pyinstaller(assets: Path, dist: Path, work: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(HERE / "untoc-desktop.spec"),
        "--",
        "--assets",
        str(assets),
    ]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    say(f"PyInstaller finished in {time.perf_counter() - started:.1f} s")
    return dist / NAME


def bundle_root(app_dir: Path) -> Path:
    """The folder ``sys._MEIPASS`` points at in the frozen app (``_internal`` since
    PyInstaller 6)."""
    internal = app_dir / "_internal"
    return internal if internal.is_dir() else app_dir


def shrink_icu(app_dir: Path) -> None:
    """Linux: swap Qt's 32 MB ICU data for one with en/fr/es only (see ``icu_trim``)."""
    if not sys.platform.startswith("linux"):
        return
    missing = icu_trim.tools_missing()
    if missing:
        say("ICU data NOT trimmed (the build will be ~25 MB larger): install " + ", ".join(missing))
        return
    for library in bundle_root(app_dir).rglob("libicudata.so.*"):
        if library.is_symlink():
            continue
        before, after = icu_trim.trim(library)
        say(f"ICU data trimmed: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")


def add_linux_desktop_files(app_dir: Path, assets: Path) -> None:
    """Desktop entry, AppStream metadata, icon and the no-admin installer, inside the folder."""
    if not sys.platform.startswith("linux"):
        return
    share = app_dir / "share"
    share.mkdir(exist_ok=True)
    for name in ("org.untoc.Desktop.desktop", "org.untoc.Desktop.metainfo.xml"):
        shutil.copyfile(HERE / "linux" / name, share / name)
    shutil.copyfile(assets / "icon-256.png", share / "org.untoc.Desktop.png")
    installer = app_dir / "install-user.sh"
    shutil.copyfile(HERE / "linux" / "install-user.sh", installer)
    installer.chmod(0o755)


def check_contents(app_dir: Path) -> None:
    root = bundle_root(app_dir)
    present = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    missing = freeze_rules.missing_files(present, sys.platform)
    if missing:
        raise SystemExit("[build] the build lacks files the app needs:\n  " + "\n  ".join(missing))
    say(f"contents checked: {len(present)} files, none missing")


def executable(app_dir: Path) -> Path:
    return app_dir / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def clean_env() -> dict[str, str]:
    """The environment of a field laptop: no source tree, no overrides, no virtualenv on the
    path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("UNTOC_", "PYTHON", "VIRTUAL_ENV", "QT_PLUGIN_PATH"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_selftest(app_dir: Path) -> None:
    for lang in ("en", "fr"):
        result = subprocess.run(
            [str(executable(app_dir)), "selftest", "--lang", lang],
            cwd=app_dir.parent,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise SystemExit(
                "[build] the frozen app's selftest failed "
                f"({lang}):\n{result.stdout}{result.stderr}"
            )
    say("frozen selftest passed (en, fr)")


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def make_archive(app_dir: Path, out_dir: Path) -> Path:
    """Pack the one-folder app with its folder name inside, so it unpacks into one folder."""
    base = f"{NAME}-{__version__}-{platform_tag()}"
    mac_app = app_dir.parent / "UNTOC Desktop.app"
    if sys.platform == "darwin" and mac_app.is_dir():
        app_dir = mac_app  # users drag the .app to Applications; the CLI is inside it too
    if sys.platform == "win32":
        archive = out_dir / f"{base}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(app_dir.rglob("*")):
                zf.write(path, Path(base) / path.relative_to(app_dir))
    else:
        archive = out_dir / f"{base}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=9) as tf:
            tf.add(app_dir, arcname=base)
    return archive


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(files: list[Path], out_dir: Path) -> Path:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads (two spaces, then the file name)."""
    sums = out_dir / "SHA256SUMS"
    sums.write_text("".join(f"{sha256_file(f)}  {f.name}\n" for f in files), encoding="utf-8")
    return sums


def sign_checksums(sums: Path, signing_key: Path | None) -> tuple[Path, Path, bool]:
    password = None
    if signing_key is not None and "Sc" in _kdf_of(signing_key):
        password = os.environ.get("UNTOC_SIGNING_PASSWORD") or getpass.getpass(
            "Signing key password: "
        )
    try:
        key, ephemeral = release_signing.load_or_generate(signing_key, password)
    except release_signing.SigningError as exc:
        raise SystemExit(f"[build] {exc}") from exc
    comment = f"{NAME} {__version__} {platform_tag()}" + (
        " (ephemeral CI key)" if ephemeral else ""
    )
    signature = sums.with_name(sums.name + ".minisig")
    signature.write_text(release_signing.sign(key, sums.read_bytes(), comment), encoding="ascii")
    public = sums.with_name(f"{NAME}-release.pub" if not ephemeral else f"{NAME}-ephemeral.pub")
    public.write_text(key.public_key_file(), encoding="ascii")
    return signature, public, ephemeral


def _kdf_of(key_file: Path) -> str:
    """``"Sc"`` for a password-protected minisign key, so we ask for the password only then."""
    import base64

    try:
        blob = base64.b64decode(key_file.read_text(encoding="ascii").splitlines()[1])
    except (OSError, IndexError, ValueError, UnicodeDecodeError):
        return ""
    return blob[2:4].decode("latin-1")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist", help="where the app and archive go"
    )
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder"
    )
    parser.add_argument(
        "--signing-key", type=Path, help="minisign secret key; without it, an ephemeral key"
    )
    parser.add_argument(
        "--no-archive", action="store_true", help="stop after the checked one-folder app"
    )
    parser.add_argument(
        "--skip-selftest", action="store_true", help="do not run the frozen app's selftest"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.signing_key is not None and not args.signing_key.is_file():
        raise SystemExit(f"[build] the signing key {args.signing_key} does not exist")
    out, work = args.out.resolve(), args.work.resolve()
    assets = work / "assets"
    write_assets(assets)
    app_dir = run_pyinstaller(assets, out, work / "pyinstaller")
    shrink_icu(app_dir)
    add_linux_desktop_files(app_dir, assets)
    check_contents(app_dir)
    say(f"one-folder app: {app_dir} ({folder_size(app_dir) / 1e6:.1f} MB unpacked)")
    if not args.skip_selftest:
        run_selftest(app_dir)
    if args.no_archive:
        return 0
    archive = make_archive(app_dir, out)
    say(f"archive: {archive.name} ({archive.stat().st_size / 1e6:.1f} MB)")
    sums = write_checksums([archive], out)
    signature, public, ephemeral = sign_checksums(sums, args.signing_key)
    say(f"checksums: {sums.name}, signature: {signature.name}, public key: {public.name}")
    if ephemeral:
        say(
            "signed with an EPHEMERAL key made for this build: it proves the files match each "
            "other, not who built them. Sign releases with --signing-key."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
