"""One window per workspace: a second start brings the first window to the front instead.

Users on old laptops double-click again when a window is slow to appear or hidden behind another.
Two windows on one workspace would fight over it, so the first instance listens on a local socket
named after the workspace, and a second one only asks it to show itself and then exits with a
clear message. The kernel-released file lock (``core.lock``) stays the real guard against two
writers; this socket is the friendly part. A socket left behind by a killed instance does not
keep the user out: nobody answers on it, so it is removed and claimed afresh.

On Linux the socket lives in the abstract namespace: it is no file at all, so a killed instance
leaves nothing in ``/tmp`` whose name could tie the laptop to a workspace found elsewhere. (Named
pipes on Windows vanish with their process too; on macOS the file is removed at the next start.)
"""

from __future__ import annotations

import getpass
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from untoc_desktop.i18n import _

CONNECT_TIMEOUT_MS = 500
ACTIVATE = b"activate\n"

_servers: dict[str, QLocalServer] = {}
#: No socket file on Linux (``QLocalServer.SocketOption.AbstractNamespaceOption``, Qt 6.2).
ABSTRACT = sys.platform.startswith("linux")


def server_name(workspace_path: str | Path) -> str:
    """A socket name unique to this user and this workspace file (any spelling of its path)."""
    resolved = str(Path(workspace_path).expanduser().resolve())
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in a stripped container
        user = ""
    digest = hashlib.sha256(f"{user}\0{resolved}".encode()).hexdigest()[:24]
    return f"untoc-desktop-{digest}"


def _signal_running(name: str) -> bool:
    """Ask an instance already listening on ``name`` to come to the front; False if none answers."""
    socket = QLocalSocket()
    if ABSTRACT:
        socket.setSocketOptions(QLocalSocket.SocketOption.AbstractNamespaceOption)
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(ACTIVATE)
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
    return True


def claim_or_signal(workspace_path: str | Path, on_activate: Callable[[], None]) -> bool:
    """Become the instance for this workspace (True), or signal the running one and return False.

    ``on_activate`` runs in the GUI thread of the first instance each time a later start asks for
    it; it should show, raise and activate the main window (``raise_window`` does that). When this
    returns False the caller exits, showing ``already_running_message()``.
    """
    name = server_name(workspace_path)
    if name in _servers:
        return True
    if _signal_running(name):
        return False
    server = QLocalServer()
    server.setSocketOptions(
        QLocalServer.SocketOption.AbstractNamespaceOption
        if ABSTRACT
        else QLocalServer.SocketOption.UserAccessOption
    )
    if not server.listen(name):
        QLocalServer.removeServer(name)  # a socket file left by an instance that was killed
        if not server.listen(name):
            # Could not listen (odd temp folder); we are still the first,
            # the file lock guards writes.
            return True

    def on_connection() -> None:
        while server.hasPendingConnections():
            conn = server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: _read_request(c, on_activate))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                _read_request(conn, on_activate)

    server.newConnection.connect(on_connection)
    _servers[name] = server
    return True


def _read_request(conn: QLocalSocket, on_activate: Callable[[], None]) -> None:
    data = bytes(conn.readAll().data())
    if ACTIVATE.strip() in data:
        on_activate()


def release(workspace_path: str | Path) -> None:
    """Stop listening (at exit, or before switching to another workspace)."""
    server = _servers.pop(server_name(workspace_path), None)
    if server is not None:
        server.close()
        server.deleteLater()


def raise_window(window: QWidget) -> None:
    """Bring a window to the front, un-minimising it; the usual ``on_activate``."""
    window.showNormal()
    window.raise_()
    window.activateWindow()


def already_running_message() -> str:
    return _(
        "UNTOC Desktop is already open with this workspace. Its window has been brought to "
        "the front; use that window."
    )
