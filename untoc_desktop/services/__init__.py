"""What the app does, once, for both the GUI and the command line (Qt-free).

A service takes a workspace (or what a worker thread needs to open its own), enforces the app's
rules, and asks the user its questions through a small protocol that each front end implements.
The windows and the command-line subcommands only gather input and show the outcome.
"""
