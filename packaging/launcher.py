"""Entry point of the frozen application: the same ``untoc-desktop`` command as a source install.

PyInstaller needs a script, not a console-script entry point; this one only hands over to the CLI
so the frozen app and the source tree behave the same (GUI by default, ``selftest`` and the other
subcommands for scripts and CI).
"""

import sys

from untoc_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
