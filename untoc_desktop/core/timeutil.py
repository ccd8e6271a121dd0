"""Timestamps that sort as text and compare across offices.

All record times are UTC ISO 8601 with microseconds. Bundles merge on ``updated_at`` as a string, so
the format must never vary: always ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
"""

from __future__ import annotations

from datetime import UTC, datetime

_last = ""


def now() -> str:
    """The current UTC time, strictly later than any value this process returned before.

    Two edits in the same microsecond would otherwise tie and leave the merge order to the office
    id, which could let an older edit of this office win over a newer one.
    """
    global _last
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if stamp <= _last:
        stamp = _bump(_last)
    _last = stamp
    return stamp


def now_after(stamp: str | None) -> str:
    """``now()``, or just after ``stamp`` when that is later: a local edit must be newer than the
    version it replaces even when that version came from a partner whose clock runs ahead, or it
    would lose the next exchange to the very version it corrected."""
    current = now()
    if stamp and stamp >= current:
        return _bump(stamp)
    return current


def _bump(stamp: str) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    from datetime import timedelta

    return (moment + timedelta(microseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def today_iso() -> str:
    return datetime.now(UTC).date().isoformat()
