"""Read the app's accessibility tree over AT-SPI, as a screen reader does, and print every
interactive object on screen (a control, or anything that takes focus) as a JSON line:
{"role", "name", "path"}.

Run with Debian's python3 (python3-pyatspi), not the project's virtual environment:
``python3 atspi_dump.py <pid>``.
"""

import json
import sys

import pyatspi

INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "entry",
    "password text",
    "spin button",
    "list",
    "table",
    "tree",
    "tree table",
    "slider",
    "page tab",
    "link",
}


def _text(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:  # noqa: BLE001 - no text interface
        return ""


def walk(node, path, out, depth=0):
    if node is None or depth > 60:
        return
    try:
        states = node.getState()
        showing = states.contains(pyatspi.STATE_SHOWING) and states.contains(pyatspi.STATE_VISIBLE)
        role = node.getRoleName()
    except Exception:  # noqa: BLE001 - an object gone while reading
        return
    if not showing and depth > 2:
        return
    here = f"{path}/{role}"
    focusable = states.contains(pyatspi.STATE_FOCUSABLE) and role != "scroll bar"
    if focusable and role == "label" and not _text(node):
        focusable = False  # an empty status line (selectable by mouse): nothing to read yet
    if role in INTERACTIVE or focusable:  # anything Tab can land on counts too
        out.append({"role": role, "name": node.name or "", "path": here})
    if role in {"table", "tree table", "list", "tree", "combo box"}:
        return  # the items are data, read as the table's cells
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:  # noqa: BLE001
            continue
        walk(child, here, out, depth + 1)


def main(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.get_process_id() == pid:
            out = []
            walk(app, "", out)
            for item in out:
                print(json.dumps(item, ensure_ascii=False))
            return 0
    print("no such application on the accessibility bus", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
