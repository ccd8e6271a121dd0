"""The environment the tests run in is the one the lock describes, and the app starts on a real X
server.

A green run means little if the next machine installs other versions, or if only the offscreen
platform was ever tried: a field office's laptop runs Qt's xcb plugin, which needs a dozen system
libraries the offscreen plugin does not.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
LINUX = sys.platform.startswith("linux")


def _load_dev():  # noqa: ANN202 - a module object
    spec = importlib.util.spec_from_file_location("untoc_dev_env", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _locked() -> list[Requirement]:
    """The lock's pins, with pip's line continuations and hashes taken off."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pins.append(
                Requirement(" ".join(w for w in line.split() if not w.startswith("--hash=")))
            )
    return pins


def _pinned_version(req: Requirement) -> str:
    (spec,) = req.specifier
    assert spec.operator == "==", req
    return spec.version


# ----------------------------------------------------------------------------------------- the lock


def test_every_pin_has_hashes() -> None:
    """pip's hash-checking mode refuses a lock with one bare pin; this names the pin instead."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert "--hash=sha256:" in line, line.split()[0]


def test_the_lock_satisfies_pyproject() -> None:
    """A range changed in pyproject.toml without `dev.py lock` fails here, naming the package."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *pyproject["project"]["dependencies"],
        *pyproject["project"]["optional-dependencies"]["test"],
        *pyproject["build-system"]["requires"],
    ]
    dev = _load_dev()
    pins = {dev.normalize(r.name): _pinned_version(r) for r in _locked()}
    for line in wanted:
        req = Requirement(line)
        name = dev.normalize(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: run `python3 dev.py lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name} {pins[name]}, outside {req.specifier}: run "
            "`python3 dev.py lock`"
        )


def test_installed_packages_are_exactly_the_lock() -> None:
    """What `pip freeze` shows is what the lock says for this platform: no more, no fewer, no other
    version."""
    dev = _load_dev()
    expected = {
        dev.normalize(r.name): _pinned_version(r)
        for r in _locked()
        if r.marker is None or r.marker.evaluate()
    }
    installed: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dev.normalize(dist.metadata["Name"])
        if name != dev.PROJECT:
            installed.setdefault(name, dist.version)
    missing = {n: v for n, v in expected.items() if n not in installed}
    extra = {n: v for n, v in installed.items() if n not in expected}
    other = {
        n: (installed[n], v) for n, v in expected.items() if n in installed and installed[n] != v
    }
    assert not (missing or extra or other), (
        "the environment is not the lock (run `python3 dev.py test` to reinstall it): missing "
        f"{missing}, "
        f"not in the lock {extra}, other versions (installed, locked) {other}"
    )


# -------------------------------------------------------------------------------- a real X server


def _xcb_plugin() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


@pytest.mark.skipif(not LINUX or not shutil.which("ldd"), reason="the xcb platform is Linux's")
def test_the_xcb_platform_finds_every_library() -> None:
    """Every library Qt's xcb plugin needs is installed, and dev.py's table names each one.

    The second half is what keeps a fresh machine working: a Qt upgrade that links one more library
    fails here on the developer's machine, not on a field office's laptop.
    """
    plugin = _xcb_plugin()
    qt_lib = plugin.parent.parent.parent / "lib"
    output = ""
    for binary in (plugin, qt_lib / "libQt6XcbQpa.so.6"):
        output += subprocess.run(
            ["ldd", str(binary)], capture_output=True, text=True, check=True
        ).stdout
    lines = [line.split() for line in output.splitlines() if "=>" in line]
    missing = sorted({parts[0] for parts in lines if "not found" in " ".join(parts)})
    assert not missing, f"Qt's xcb platform cannot load; missing: {missing}"
    system = {parts[0] for parts in lines if not parts[2].startswith(str(qt_lib.parent))}
    x11 = {name for name in system if name.startswith(("libxcb", "libX11", "libxkbcommon"))}
    unnamed = sorted(x11 - set(_load_dev().QT_PACKAGES))
    assert not unnamed, f"add these to dev.py's QT_PACKAGES, with their Debian packages: {unnamed}"


@pytest.fixture
def xvfb(tmp_path: Path) -> Iterator[str]:
    """A real X server on a free display number, for this test only."""
    if not LINUX or not shutil.which("Xvfb") or not shutil.which("xdotool"):
        pytest.skip("Xvfb and xdotool are Debian's (python3 dev.py test installs them)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def _wait_for_window(app: subprocess.Popen, env: dict[str, str], timeout: float = 60) -> str:
    """The id of the app's visible top-level window; fails at once, with Qt's words, if the app
    exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.poll() is not None:
            pytest.fail(
                f"the app exited ({app.returncode}) before showing a window: {app.stderr.read()}"
            )
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "UNTOC Desktop"],
            env=env,
            capture_output=True,
            text=True,
        ).stdout.split()
        if found:
            return found[0]
        time.sleep(0.2)
    pytest.fail("no window appeared on the X server within a minute")


def test_the_app_opens_and_closes_on_a_real_x_server(xvfb: str, tmp_path: Path) -> None:
    """The GUI starts with the xcb platform, shows its window, and quits on Ctrl+Q with its data
    saved."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(
        DISPLAY=xvfb,
        QT_QPA_PLATFORM="xcb",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    workspace = tmp_path / "field-office.untocdb"
    app = subprocess.Popen(
        [sys.executable, "-m", "untoc_desktop", "--lang", "fr", "--workspace", str(workspace)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = _wait_for_window(app, env)
        geometry = subprocess.run(
            ["xdotool", "getwindowgeometry", window],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Geometry:" in geometry
        time.sleep(
            0.5
        )  # let the first paint and the deferred start-up work finish before the key arrives
        subprocess.run(
            ["xdotool", "windowfocus", "--sync", window, "key", "--clearmodifiers", "ctrl+q"],
            env=env,
            check=True,
            timeout=30,
        )
        _out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    assert "Could not load the Qt platform plugin" not in err
    assert workspace.exists()
