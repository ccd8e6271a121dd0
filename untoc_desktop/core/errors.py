"""Errors that reach the user.

A ``UserError`` carries a message already translated into the UI language at the moment it was
raised, so the command line prints it as one line and the GUI shows it next to the field or in a
message box without knowing where it came from.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can understand and act on; its text is translated and fit to show."""

    exit_code = 1


class UsageError(UserError):
    """The command was called the wrong way (exit status 2)."""

    exit_code = 2


class WorkspaceError(UserError):
    """The workspace file cannot be opened or used as asked; nothing was changed."""


class CancelledError(UserError):
    """The user stopped a long task (an export, a backup, a bundle); nothing was left half-written.

    The one cancellation error of the app: a worker raises it when its ``cancelled()`` turns true,
    and every front end shows it as "cancelled", not as a failure.
    """
