"""The headless subcommands of ``untoc-desktop``: read the arguments, call the services, print.

``cli.py`` builds the parser and dispatches here (lazily, so ``--help`` stays fast); nothing here
imports ``cli``, so the command line has no import cycle. The rules themselves (the safety gate,
the import flow, reading passphrase files) live in ``services`` and ``core``, shared with the GUI.
"""
