"""The code checks run with the suite, so `.ci/run` (the README's test command) runs them too:
ruff's lint rules, ruff's formatting at 100 columns, and mypy in strict mode below the interface.

Each runs on the whole tree from the versions pinned in the lock; a failure prints the tool's own
report, which names file, line and rule.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--no-cache", "--check", "."),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(args: tuple[str, ...]) -> None:
    result = _run(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_below_the_interface() -> None:
    """Configuration in pyproject.toml ([tool.mypy]): strict, every package except ``ui/``."""
    result = _run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
