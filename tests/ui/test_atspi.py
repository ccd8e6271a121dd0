"""Issue 22, the real thing: the app on an X server (Xvfb), its tree read over AT-SPI by Debian's
pyatspi as Orca reads it, on every step in English and French; the test fails on an interactive
object without a name, or with a literal "&" in it.

Needs Debian's xvfb, dbus, at-spi2-core and python3-pyatspi (``python3 dev.py test`` installs
them); skipped, saying which is missing, where they are not.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def _missing() -> str | None:
    if not sys.platform.startswith("linux"):
        return "AT-SPI is Linux's accessibility bus"
    for tool in ("Xvfb", "dbus-daemon", BUS_LAUNCHER, SYSTEM_PYTHON):
        if not shutil.which(tool):
            return f"{tool} is missing (Debian: xvfb, dbus, at-spi2-core)"
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if check.returncode:
        return "Debian's python3-pyatspi is missing"
    return None


def _start(cmd: list[str], env: dict[str, str], **kw) -> subprocess.Popen:  # noqa: ANN003
    return subprocess.Popen(cmd, env=env, **kw)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An X server, a session bus and the accessibility bus, for this test only."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    started: list[subprocess.Popen] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DBUS_", "AT_SPI"))}
    env.update(HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path), NO_AT_BRIDGE="0")
    try:
        read_fd, write_fd = os.pipe()
        started.append(
            _start(
                ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24"]
                + ["-nolisten", "tcp"],
                env,
                pass_fds=(write_fd,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            env["DISPLAY"] = ":" + pipe.readline().strip()
        bus = _start(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            env,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(bus)
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        started.append(
            _start(
                [BUS_LAUNCHER, "--launch-immediately"],
                env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        yield env
    finally:
        for proc in reversed(started):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _dump(pid: int, env: dict[str, str]) -> list[dict[str, str]]:
    done = subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "atspi_dump.py"), str(pid)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_unnamed_interactive_object_on_any_step(desktop, tmp_path: Path, lang: str) -> None:
    env = dict(
        desktop,
        QT_QPA_PLATFORM="xcb",
        QT_ACCESSIBILITY="1",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        # UNTOC_ATSPI_SOURCE: another checkout's code (the closing note's "before" counts).
        PYTHONPATH=os.pathsep.join(
            [
                os.environ.get("UNTOC_ATSPI_SOURCE", str(HERE.parents[1])),
                os.environ.get("PYTHONPATH", ""),
            ]
        ),
    )
    app = subprocess.Popen(
        [sys.executable, str(HERE / "atspi_driver.py"), str(tmp_path / "w.untocdb"), lang],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stdin is not None and app.stdout is not None
    unnamed: list[str] = []
    seen = 0
    try:
        assert app.stdout.readline().startswith("ready"), app.stderr.read() if app.stderr else ""
        for step in range(10):
            app.stdin.write(f"step {step}\n")
            app.stdin.flush()
            assert app.stdout.readline().startswith("ready")
            objects = _dump(app.pid, env)
            seen += len(objects)
            if os.environ.get("UNTOC_ATSPI_DUMP"):  # a folder: keep what was read, per step
                out = Path(os.environ["UNTOC_ATSPI_DUMP"]) / f"{lang}-step-{step}.jsonl"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects))
            unnamed += [
                f"{lang} step {step}: {o['role']} at {o['path']}"
                for o in objects
                if not o["name"].strip()
            ]
            unnamed += [  # a literal "&" is read aloud as "and"
                f"{lang} step {step}: {o['role']} named {o['name']!r}"
                for o in objects
                if re.search(r"(?<!&)&\w", o["name"])
            ]
        app.stdin.write("quit\n")
        app.stdin.flush()
        app.wait(30)
    finally:
        if app.poll() is None:
            app.kill()
    assert seen > 100  # the tree was really read: ten steps of controls
    assert unnamed == []
