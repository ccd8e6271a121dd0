"""The ``untoc-desktop`` command: the GUI by default, and headless subcommands for scripts and
tests.

The command line is a contract other parts of the project rely on: exit 0 on success, 2 on a usage
error, 1 on any other failure with one translated line on stderr. The UI language is chosen with
``--lang`` (or the system's), and it also translates argparse's own messages.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from untoc_desktop import __version__, i18n
from untoc_desktop.core.errors import UsageError, UserError
from untoc_desktop.core.text import for_terminal, json_for_terminal
from untoc_desktop.documents import names
from untoc_desktop.i18n import N_, _, ngettext
from untoc_desktop.paths import default_workspace

if TYPE_CHECKING:  # imported lazily at run time, to start quickly
    from untoc_desktop.store.workspace import Workspace

# argparse looks its messages up with gettext; these are the ones a user can meet, listed here so
# that extraction puts them in our catalogs and ``_argparse_gettext`` can answer from them.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"),
)


def _argparse_gettext(message: str) -> str:
    return _(message)


def _lang_from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 2 through ``UsageError`` so they share the one-line error path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _add_common(
    parser: argparse.ArgumentParser, *, top: bool = False, short_passphrase: bool = True
) -> None:
    # The options are accepted before and after the subcommand; SUPPRESS keeps a subparser from
    # overwriting what was given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--workspace",
        metavar=_("FILE"),
        type=Path,
        default=default,
        help=_("the workspace file (default: {path})").format(path=default_workspace()),
    )
    # --workspace-passphrase-file works everywhere; --passphrase-file is its short spelling except
    # where that name already means something else (the bundle's own passphrase).
    names = ["--workspace-passphrase-file"] + (
        ["--passphrase-file"] if short_passphrase and not top else []
    )
    parser.add_argument(
        *names,
        dest="workspace_passphrase_file",
        metavar=_("FILE"),
        type=Path,
        default=default,
        help=_("a file holding the passphrase of an encrypted workspace"),
    )
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=default,
        help=_("language of messages and the interface"),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="untoc-desktop",
        description=_(
            "UNTOC Desktop: prepare civil-society contributions to the UNTOC Review Mechanism."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("demo", help=_("create a complete example dossier and print its id"))
    _add_common(p)
    p.add_argument(
        "--country", required=True, metavar="ISO2", help=_("the State under review (ISO 3166 code)")
    )

    p = sub.add_parser("dossiers", help=_("list the dossiers"))
    _add_common(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))

    p = sub.add_parser(
        "render",
        help=_(
            "write a letter, pledge, submission, statement or declaration, or after the "
            "submission a public summary, press release, follow-up report or social-media texts"
        ),
    )
    p.add_argument(
        "document",
        choices=names.DOCUMENTS,
    )
    _add_common(p)
    p.add_argument("--dossier", required=True, metavar="ID")
    p.add_argument("--format", choices=names.FORMATS, default="pdf")
    p.add_argument("--out", required=True, type=Path, metavar=_("PATH"))
    p.add_argument(
        "--include-sensitive", action="store_true", help=_("include items marked sensitive")
    )
    p.add_argument(
        "--with-properties",
        action="store_true",
        help=_(
            "write the title, organization and subject into the file's properties (by default "
            "they are left empty)"
        ),
    )
    p.add_argument(
        "--confirm-safety",
        action="store_true",
        help=_(
            "I have read what this export contains and leaves out (printed when this is missing)"
        ),
    )

    p = sub.add_parser("bundle", help=_("export or import a bundle for another office"))
    bsub = p.add_subparsers(dest="bundle_command", parser_class=_Parser, required=True)
    b = bsub.add_parser("export", help=_("write a bundle"))
    _add_common(b, short_passphrase=False)
    b.add_argument("--out", required=True, type=Path, metavar=_("PATH"))
    b.add_argument("--dossier", action="append", default=[], metavar="ID")
    b.add_argument("--passphrase-file", type=Path, metavar=_("FILE"))
    b.add_argument(
        "--include-sensitive", action="store_true", help=_("include items marked sensitive")
    )
    b.add_argument(
        "--confirm-safety",
        action="store_true",
        help=_(
            "I have read what this export contains and leaves out (printed when this is missing)"
        ),
    )
    b = bsub.add_parser("import", help=_("read a bundle"))
    _add_common(b, short_passphrase=False)
    b.add_argument("bundle", type=Path, metavar=_("PATH"))
    b.add_argument("--passphrase-file", type=Path, metavar=_("FILE"))
    b.add_argument(
        "--dry-run", action="store_true", help=_("show what would change, change nothing")
    )
    b.add_argument(
        "--accept-proposals",
        action="store_true",
        help=_(
            "also apply the changes the bundle proposes to records other offices wrote (by "
            "default they are listed and left out)"
        ),
    )

    p = sub.add_parser("check", help=_("check the workspace's integrity"))
    _add_common(p)

    p = sub.add_parser("passphrase", help=_("set, change or remove the workspace passphrase"))
    psub = p.add_subparsers(dest="passphrase_command", parser_class=_Parser, required=True)
    for name, text in (
        ("set", _("encrypt the workspace with a new passphrase")),
        ("change", _("replace the workspace passphrase")),
        ("remove", _("decrypt the workspace (anyone with the file can then read it)")),
    ):
        c = psub.add_parser(name, help=text)
        _add_common(c)
        if name != "remove":
            c.add_argument(
                "--new-passphrase-file",
                required=True,
                type=Path,
                metavar=_("FILE"),
                help=_("a file holding the new passphrase"),
            )

    p = sub.add_parser("tour", help=_("save a picture of every window and wizard step"))
    _add_common(p)
    p.add_argument("--out", required=True, type=Path, metavar=_("FOLDER"))
    p.add_argument(
        "--size",
        type=_window_size,
        default=None,
        metavar=_("WIDTHxHEIGHT"),
        help=_("the window's size in pixels, for example 1024x600 (default 1366x768)"),
    )

    p = sub.add_parser("selftest", help=_("start the interface offscreen and check it works"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS)
    return parser


def _window_size(text: str) -> tuple[int, int]:
    """``1024x600`` as (1024, 600); argparse turns the ValueError into a usage error."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise ValueError(text)
    size = (int(width), int(height))
    if not (320 <= size[0] <= 10000 and 240 <= size[1] <= 10000):
        raise ValueError(text)
    return size


# ---------------------------------------------------------------------------------------- commands
def _open(args: argparse.Namespace, *, create: bool = True) -> Workspace:
    from untoc_desktop.commands.workspace import open_workspace

    return open_workspace(args, create=create)


def cmd_demo(args: argparse.Namespace) -> int:
    from untoc_desktop.core.demo import build_demo

    with _open(args) as ws:
        print(build_demo(ws, args.country.upper(), i18n.current_language()))
    return 0


def cmd_dossiers(args: argparse.Namespace) -> int:
    from untoc_desktop.core.plan import progress

    with _open(args) as ws:
        rows = []
        for d in ws.dossiers():
            done, total = progress(ws, d["id"])
            rows.append(
                {
                    "id": d["id"],
                    "title": d["title"],
                    "country": d["country"],
                    "language": d["language"],
                    "status": d["status"],
                    "progress": f"{done}/{total}",
                    "updated_at": d["updated_at"],
                }
            )
    # Titles may come from a partner's bundle: printed escaped (``core.text``), one row a line.
    if args.json:
        print(json_for_terminal(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        for row in rows:
            line = (
                f"{row['id']}  {row['country'] or '--'}  {row['language']}  {row['status']:<9} "
                f"{row['progress']:>4}  {row['title']}"
            )
            print(for_terminal(line, one_line=True))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args, create=False) as ws:
        problems = ws.integrity_problems()
    if problems:
        for problem in problems:
            print(for_terminal(problem), file=sys.stderr)
        message = ngettext(
            "The workspace has {count} integrity problem.",
            "The workspace has {count} integrity problems.",
            len(problems),
        )
        raise UserError(message.format(count=len(problems)))
    print(_("The workspace is sound."))
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from untoc_desktop.commands.workspace import workspace_passphrase
    from untoc_desktop.store import encryption

    old = workspace_passphrase(args)
    new = (
        encryption.read_passphrase_file(args.new_passphrase_file)
        if "new_passphrase_file" in args
        else None
    )
    if args.passphrase_command != "set" and old is None:
        raise UsageError(_("Give the current passphrase with --passphrase-file FILE."))
    if args.passphrase_command == "set":
        encryption.set_passphrase(args.workspace, new or "")
        print(
            _(
                "The workspace is now encrypted. Keep the passphrase safe: if it is forgotten, "
                "the workspace cannot be recovered."
            )
        )
    elif args.passphrase_command == "change":
        encryption.change_passphrase(args.workspace, old or "", new or "")
        print(_("The passphrase was changed."))
    else:
        encryption.remove_passphrase(args.workspace, old or "")
        print(_("The passphrase was removed: the workspace is no longer encrypted."))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from untoc_desktop.commands.render import render_command

    return render_command(args)


def cmd_bundle(args: argparse.Namespace) -> int:
    from untoc_desktop.commands.bundle import bundle_command

    return bundle_command(args)


def cmd_tour(args: argparse.Namespace) -> int:
    from untoc_desktop.ui.tour import tour_command

    status: int = tour_command(args)  # ui/ is not type-checked (follow_imports = skip)
    return status


def cmd_selftest(args: argparse.Namespace) -> int:
    from untoc_desktop.ui.selftest import selftest_command

    status: int = selftest_command(args)
    return status


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from untoc_desktop.ui.app import run_gui
    except (
        ImportError
    ) as exc:  # Qt's libraries missing: say which, in one line, instead of a traceback
        raise UserError(
            _("The graphical interface cannot start: {reason}").format(reason=exc)
        ) from exc
    status: int = run_gui(args.workspace, args.lang)
    return status


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_gui,
    "demo": cmd_demo,
    "dossiers": cmd_dossiers,
    "render": cmd_render,
    "bundle": cmd_bundle,
    "check": cmd_check,
    "tour": cmd_tour,
    "selftest": cmd_selftest,
    "passphrase": cmd_passphrase,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    requested = _lang_from_argv(argv)
    i18n.set_language(requested if requested in i18n.LANGUAGES else i18n.system_language())
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "lang", None):
            i18n.set_language(args.lang)
        if not getattr(args, "workspace", None):
            args.workspace = default_workspace()
        return COMMANDS[args.command](args)
    except UserError as exc:  # may name what the user or a partner gave: printed escaped
        print(for_terminal(str(exc)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
