"""The French and Spanish catalogs are complete, consistent with the code, and checked for the usual
slips.

A user in a field office must never meet an English sentence in a French interface, a "{count}"
left in a message, or a plural built as "1 fichiers". These tests read the catalogs in
``translations/`` and scan the code with ``ast``; each failure names the message or the line.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from untoc_desktop import i18n

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
PACKAGE = ROOT / "untoc_desktop"
LANGS = ("fr", "es")
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);"}


# ------------------------------------------------------------------------------------------ loading
def _load_dev():  # noqa: ANN202 - a module object
    """dev.py holds the one definition of the extraction keywords; the test uses the same."""
    spec = importlib.util.spec_from_file_location("untoc_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return {
        lang: _read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", lang) for lang in LANGS
    }


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _read(TRANSLATIONS / "messages.pot")


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    s = message.string
    return tuple(s) if isinstance(s, (list, tuple)) else (s,)


def _key(message: Message) -> tuple[str | None, tuple[str, ...]]:
    return message.context, _ids(message)


def _show(message: Message) -> str:
    return repr(_ids(message)[0])


# ----------------------------------------------------------------------------- completeness
def test_plural_forms_headers(catalogs: dict[str, Catalog]) -> None:
    for lang, catalog in catalogs.items():
        assert catalog.plural_forms == PLURAL_FORMS[lang], lang


def test_every_message_is_translated_and_none_is_fuzzy(catalogs: dict[str, Catalog]) -> None:
    problems = []
    for lang, catalog in catalogs.items():
        for message in _messages(catalog):
            if message.fuzzy:
                problems.append(f"{lang}: fuzzy: {_show(message)}")
            if not all(s.strip() for s in _strings(message)):
                problems.append(f"{lang}: untranslated: {_show(message)}")
    assert not problems, "\n".join(problems)


def test_catalogs_hold_exactly_the_templates_messages(
    catalogs: dict[str, Catalog], template: Catalog
) -> None:
    expected = {_key(m) for m in _messages(template)}
    for lang, catalog in catalogs.items():
        found = {_key(m) for m in _messages(catalog)}
        assert not expected - found, (
            f"{lang}: run `python3 dev.py i18n`; missing {sorted(expected - found)[:5]}"
        )
        assert not found - expected, (
            f"{lang}: run `python3 dev.py i18n`; stale {sorted(found - expected)[:5]}"
        )


def test_template_is_up_to_date_with_the_code(template: Catalog) -> None:
    dev = _load_dev()
    keywords = dict(DEFAULT_KEYWORDS)
    keywords.update(parse_keywords(list(dev.EXTRACT_KEYWORDS)))
    with (TRANSLATIONS / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    extracted = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE),
        method_map,
        options_map,
        keywords=keywords,
        comment_tags=("TRANSLATORS:",),
    ):
        extracted.add(
            (context, tuple(message) if isinstance(message, (list, tuple)) else (message,))
        )
    in_template = {_key(m) for m in _messages(template)}
    new, gone = extracted - in_template, in_template - extracted
    assert not new and not gone, (
        "translations/messages.pot is out of date: run `python3 dev.py i18n` and translate.\n"
        f"in the code only: {sorted(new)[:8]}\nin the template only: {sorted(gone)[:8]}"
    )


def test_the_catalog_the_app_loads_agrees_with_the_po(catalogs: dict[str, Catalog]) -> None:
    """A stale compiled .mo would show old text; i18n.translator must serve what the .po says."""
    i18n.translator.cache_clear()
    try:
        for lang, catalog in catalogs.items():
            served = i18n.translator(lang)
            for message in _messages(catalog):
                ids, strings = _ids(message), _strings(message)
                if len(ids) == 2:
                    got = served.ngettext(ids[0], ids[1], 5)
                    want = strings[-1]
                elif message.context:
                    got, want = served.pgettext(message.context, ids[0]), strings[0]
                else:
                    got, want = served.gettext(ids[0]), strings[0]
                assert got == want, f"{lang}: {_show(message)} is served as {got!r}"
    finally:
        i18n.translator.cache_clear()


# ----------------------------------------------------------------------------- placeholders
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0+]*\d*(?:\.\d+)?([sdifrxXeEgGc%])")


def placeholders(text: str) -> list[str]:
    """Every ``{name}`` and ``%(name)s`` / ``%s`` in ``text``, as a sorted list (order may
    change)."""
    found = []
    try:
        found += [
            f"{{{name}}}"
            for _lit, name, _spec, _conv in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        found.append("<unbalanced braces>")
    for name, kind in _PERCENT.findall(text):
        if kind != "%":
            found.append(f"%({name}){kind}" if name else f"%{kind}")
    return sorted(found)


def test_placeholder_helper_sees_both_styles() -> None:
    assert placeholders("Saved {count} files to %(path)s (%s, 100%%)") == [
        "%(path)s",
        "%s",
        "{count}",
    ]
    assert placeholders("a {{literal}} brace") == []
    assert placeholders("broken {name") == ["<unbalanced braces>"]


def test_placeholders_match_the_english(catalogs: dict[str, Catalog]) -> None:
    problems = []
    for lang, catalog in catalogs.items():
        for message in _messages(catalog):
            ids, strings = _ids(message), _strings(message)
            wanted = placeholders(ids[-1])
            for index, text in enumerate(strings):
                got = placeholders(text)
                # Spanish form 0 is used for n == 1 only and may spell the number out, like the
                # English singular.
                allowed = (
                    [wanted, placeholders(ids[0])] if index == 0 and lang == "es" else [wanted]
                )
                if text and got not in allowed:
                    problems.append(
                        f"{lang}: {_show(message)} form {index}: {got} instead of {wanted}"
                    )
    assert not problems, "\n".join(problems)


def test_accelerators_and_line_ends_are_kept(catalogs: dict[str, Catalog]) -> None:
    """A lost ``&`` removes an Alt+letter shortcut; a lost trailing newline breaks argparse
    output."""
    problems = []
    for lang, catalog in catalogs.items():
        for message in _messages(catalog):
            source = _ids(message)[0]
            for text in _strings(message):
                if source.replace("&&", "").count("&") != text.replace("&&", "").count("&"):
                    problems.append(
                        f"{lang}: accelerator '&' count differs in {_show(message)}: {text!r}"
                    )
                if source.endswith("\n") != text.endswith("\n"):
                    problems.append(f"{lang}: trailing newline differs in {_show(message)}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------ typography
_FR_NEEDS_SPACE = re.compile(
    r"(?<=[^\s\u00a0\u202f;])(;)(?!;)"  # ; glued (not Qt's ";;")
    r"|(?<=[^\s\u00a0\u202f])([?!»])"  # ? ! » glued
    r"|(?<=[^\s\u00a0\u202f/])(:)(?=\s|$)"  # a colon ending a label, not the one in a URL or a time
    r"|(«)(?=[^\u00a0\u202f])"  # « glued to the word after
)


def french_typography_problems(text: str) -> list[str]:
    """Where a French no-break space is missing, or a plain space stands in for one."""
    problems = []
    for match in _FR_NEEDS_SPACE.finditer(text):
        problems.append(f"no no-break space at {match.group(0)!r} (position {match.start()})")
    for match in re.finditer(r" [:;?!»]|« ", text):
        problems.append(f"plain space instead of a no-break space at {match.group(0)!r}")
    return problems


def test_french_typography_helper() -> None:
    assert french_typography_problems("Erreur\u00a0: fichier «\u00a0x\u00a0» absent\u00a0?") == []
    assert french_typography_problems("Voir https://example.org/a:b") == []
    assert len(french_typography_problems("Erreur : x")) == 1
    assert len(french_typography_problems("Erreur: x")) == 1
    assert len(french_typography_problems("«x» ?")) == 3
    assert french_typography_problems("Document PDF (*.pdf);;Document Word (*.docx)") == []
    assert len(french_typography_problems("a; b")) == 1


def test_french_spaces_before_high_punctuation(catalogs: dict[str, Catalog]) -> None:
    problems = []
    for message in _messages(catalogs["fr"]):
        for text in _strings(message):
            problems += [f"{_show(message)}: {p}" for p in french_typography_problems(text)]
    assert not problems, "\n".join(problems)


def test_spanish_questions_and_exclamations_open(catalogs: dict[str, Catalog]) -> None:
    problems = []
    for message in _messages(catalogs["es"]):
        for text in _strings(message):
            for sentence in re.split(r"(?<=[.?!])\s+|\n+", text):
                if sentence.rstrip().endswith("?") and "¿" not in sentence:
                    problems.append(f"{_show(message)}: missing ¿ in {sentence!r}")
                if sentence.rstrip().endswith("!") and "¡" not in sentence:
                    problems.append(f"{_show(message)}: missing ¡ in {sentence!r}")
    assert not problems, "\n".join(problems)


def test_no_sentence_is_left_in_english(catalogs: dict[str, Catalog]) -> None:
    """A translation identical to a sentence of three or more English words was copied, not
    translated."""
    problems = []
    for lang, catalog in catalogs.items():
        for message in _messages(catalog):
            source = _ids(message)[0]
            words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w*\}|%\(\w+\)\w|\*\.\w+", "", source))
            if len(words) >= 3 and source in _strings(message):
                problems.append(f"{lang}: {_show(message)}")
    assert not problems, "\n".join(problems)


# -------------------------------------------------------------------------------------- glossary
@dataclass(frozen=True)
class Term:
    en: tuple[str, ...]
    fr: tuple[str, ...]
    es: tuple[str, ...]


def _table(markdown: str, heading: str) -> list[list[str]]:
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header row


def load_glossary() -> tuple[list[Term], set[tuple[str, str, str]]]:
    text = (TRANSLATIONS / "GLOSSARY.md").read_text(encoding="utf-8")
    terms = []
    for en, fr, es, checked, *_rest in _table(text, "## Terms"):
        if checked.lower() == "yes":
            split = lambda cell: tuple(f.strip() for f in cell.split(" / ") if f.strip())  # noqa: E731
            terms.append(Term(split(en), split(fr), split(es)))
    exceptions = {
        (row[0], row[1].lower(), row[2]) for row in _table(text, "## Exceptions") if len(row) >= 3
    }
    return terms, exceptions


def _norm(text: str) -> str:
    """Compare words only: no placeholders, accelerator marks, apostrophe kinds, no-break spaces or
    case."""
    text = (
        re.sub(r"\{\w*\}|%\(\w+\)\w", " ", text)
        .replace("&&", "\0")
        .replace("&", "")
        .replace("\0", "&")
    )
    return text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ").casefold()


def _term_pattern(term: str) -> re.Pattern[str]:
    """Each word may take a plural ending; spaces and hyphens match each other; case does not
    matter."""
    words = re.split(r"[\s-]+", _norm(term))
    body = r"[\s-]+".join(re.escape(w) + r"(?:s|x|es)?" for w in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


def test_glossary_matching_rules() -> None:
    assert _term_pattern("focal point").search(_norm("Ask the Focal Points"))
    assert _term_pattern("État partie").search(_norm("les États parties"))
    assert _term_pattern("questionnaire d'auto-évaluation").search(
        _norm("le questionnaire d’auto-évaluation")
    )
    assert not _term_pattern("gap").search(_norm("a gapless run"))


def test_glossary_terms_are_used_consistently(catalogs: dict[str, Catalog]) -> None:
    terms, exceptions = load_glossary()
    assert len(terms) > 30, "the glossary table could not be read"
    # Longer English terms first, and their text is masked, so "partner office" is not also
    # "partner".
    ordered = sorted(
        ((en, term) for term in terms for en in term.en), key=lambda pair: -len(pair[0])
    )
    problems = []
    for lang, catalog in catalogs.items():
        for message in _messages(catalog):
            source = _norm(" ".join(_ids(message)))
            translation = _norm(" ".join(_strings(message)))
            for en, term in ordered:
                pattern = _term_pattern(en)
                if not pattern.search(source):
                    continue
                source = pattern.sub("#", source)
                wanted = getattr(term, lang)
                if any(_term_pattern(form).search(translation) for form in wanted):
                    continue
                if (_ids(message)[0][:40], en.lower(), lang) in {
                    (m[:40], t, lg) for m, t, lg in exceptions
                }:
                    continue
                problems.append(
                    f"{lang}: {_show(message)} says '{en}' but not '{' / '.join(wanted)}'"
                )
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------- code scans
def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _owner_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


TRANSLATE_FUNCS = {"_", "N_", "NP_", "ngettext", "pgettext", "gettext", "tr", "translate"}

# Qt calls whose string arguments the user reads. Positions are argument indexes; None means all.
TEXT_METHODS: dict[str, tuple[int, ...] | None] = {
    name: None
    for name in (
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setPlaceholderText",
        "setAccessibleName",
        "setAccessibleDescription",
        "setStatusTip",
        "setWhatsThis",
        "setTitle",
        "setSubTitle",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setHeaderLabels",
        "setHeaderLabel",
        "setTabText",
        "setTabToolTip",
        "showMessage",
        "setLabelText",
        "setCancelButtonText",
        "setButtonText",
        "setInformativeText",
        "setDetailedText",
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "setHtml",
        "setMarkdown",
        "setItemText",
        "addRow",
        "addAction",
        "addMenu",
        "addButton",
    )
} | {"addTab": (1,), "insertTab": (2,), "addItem": (0,), "insertItem": (1,)}
WIDGET_CLASSES = {
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QAction",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QMenu",
    "QDockWidget",
    "QCommandLinkButton",
    "QListWidgetItem",
    "QTreeWidgetItem",
    "QTableWidgetItem",
    "QStandardItem",
    "QProgressDialog",
    "QMessageBox",
}
# Static dialogs: (parent, title, text, ...) or (parent, caption, dir, filter).
STATIC_DIALOGS: dict[str, tuple[int, ...]] = {
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "getText": (1, 2),
    "getItem": (1, 2),
    "getInt": (1, 2),
    "getDouble": (1, 2),
    "getMultiLineText": (1, 2),
    "getOpenFileName": (1, 3),
    "getSaveFileName": (1, 3),
    "getExistingDirectory": (1,),
    "getOpenFileNames": (1, 3),
}
TEXT_KEYWORDS = {
    "text",
    "title",
    "toolTip",
    "windowTitle",
    "placeholderText",
    "caption",
    "filter",
    "label",
    "labelText",
    "cancelButtonText",
    "informativeText",
}
# Never translated, on purpose: the product's name and the language names shown in their own
# language.
UNTRANSLATED = {"UNTOC Desktop", "English", "Français", "Español"}


def _has_words(text: str) -> bool:
    """True when ``text`` holds something to read: letters outside HTML tags, entities and
    placeholders."""
    text = re.sub(r"<[^>]*>|&[a-z]+;|\{[^{}]*\}|%\(\w+\)\w|%\w", "", text)
    return bool(re.search(r"[^\W\d_]{2,}", text)) and text.strip() not in UNTRANSLATED


def _bare_text(node: ast.AST) -> str | None:
    """The readable text of ``node`` if it is a string built without the translation functions."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return parts if _has_words(parts) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _bare_text(node.left) or _bare_text(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return next((t for t in (_bare_text(e) for e in node.elts) if t), None)
    return None


def untranslated_qt_texts(source: str, filename: str = "<string>") -> list[str]:
    """Lines where a Qt text setter, widget or dialog gets a string literal that skips ``_()``."""
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        positions: tuple[int, ...] | None
        if name in STATIC_DIALOGS and _owner_name(node) in {
            "QMessageBox",
            "QInputDialog",
            "QFileDialog",
        }:
            positions = STATIC_DIALOGS[name]
        elif name in WIDGET_CLASSES or name in TEXT_METHODS and TEXT_METHODS[name] is None:
            positions = None
        elif name in TEXT_METHODS:
            positions = TEXT_METHODS[name]
        else:
            continue
        args = [a for i, a in enumerate(node.args) if positions is None or i in positions]
        args += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for arg in args:
            text = _bare_text(arg)
            if text is not None:
                problems.append(f"{filename}:{node.lineno}: {name}({text!r}) is not translated")
    return problems


def fstrings_in_translation_calls(source: str, filename: str = "<string>") -> list[str]:
    """``_(f"...")`` and ``_("a" + b)`` cannot be extracted: the catalog would never hold them."""
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and _call_name(node) in {"_", "N_", "ngettext", "pgettext"}:
            for arg in node.args:
                if isinstance(arg, (ast.JoinedStr, ast.BinOp)):
                    problems.append(
                        f"{filename}:{node.lineno}: {_call_name(node)}() of a built string"
                    )
    return problems


def test_qt_scan_catches_bare_literals_and_allows_the_rest() -> None:
    bad = """
label = QLabel("Name of the organization")
button.setText(f"Save {name}")
QMessageBox.warning(self, "Error", _("Cannot save."))
action = QAction(icon, "Export", self)
box.setToolTip("<b>" + "Careful" + "</b>")
table.setHorizontalHeaderLabels(["Title", _("State")])
tabs.addTab(page, "Evidence")
"""
    assert len(untranslated_qt_texts(bad)) == 7
    good = """
label = QLabel(_("Name of the organization"))
button.setText(_("Save {name}").format(name=name))
button.setObjectName("saveButton")
action.setShortcut("Ctrl+S")
icon = QIcon("resources/icons/save.png")
box.setToolTip("<b>" + _("Careful") + "</b>")
self.setWindowTitle(APP_NAME)
label.setText("UNTOC Desktop")
counter.setText(f"{done}/{total}")
menu.addAction(LANGUAGE_NAMES[lang])
combo.addItem(name, "fr")
"""
    assert untranslated_qt_texts(good) == []


def test_every_qt_text_goes_through_the_translation_functions() -> None:
    problems = []
    for path in _python_files(PACKAGE / "ui"):
        problems += untranslated_qt_texts(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    assert not problems, "\n".join(problems)


def qt_tr_calls(source: str, filename: str = "<string>") -> list[str]:
    """``self.tr()`` / ``QCoreApplication.translate()``: Qt would look these up in qtbase only.

    The app's texts live in the gettext catalogs and are set in each window's ``retranslate()``;
    no Python ``QTranslator`` answers Qt from them (ui/qt_i18n.py says why), so such a call would
    stay in English forever.
    """
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and (
                node.func.attr == "tr"
                or (node.func.attr == "translate" and _owner_name(node) == "QCoreApplication")
            )
        ):
            problems.append(
                f"{filename}:{node.lineno}: {node.func.attr}() bypasses the gettext catalogs"
            )
    return problems


def test_no_qt_tr_calls_bypass_the_catalogs() -> None:
    assert (
        len(qt_tr_calls('self.tr("Save")\nQCoreApplication.translate("ctx", "Save")\n_("Save")'))
        == 2
    )
    problems = []
    for path in _python_files(PACKAGE):
        problems += qt_tr_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def test_no_built_string_is_passed_to_a_translation_function() -> None:
    assert fstrings_in_translation_calls('_(f"Hello {name}")\n_("a" + b)\n_("fine {x}")') != []
    assert len(fstrings_in_translation_calls('_(f"Hello {name}")\n_("a" + b)\n_("fine {x}")')) == 2
    problems = []
    for path in _python_files(PACKAGE):
        problems += fstrings_in_translation_calls(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        )
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------ plurals
_COUNTED = (
    r"\{(?:count|n|num|number|days|hours|minutes|records|attachments|files|items|pages|\w+_count)\}"
)
_PLURAL_AFTER_COUNT = re.compile(_COUNTED + r"\s+(?:[a-z-]+\s+)?([a-z]+s)\b")
_NOT_PLURAL_NOUNS = {"is", "was", "has", "does", "its", "this", "his", "as", "us", "yes"}
_OPTIONAL_S = re.compile(r"\w\((?:s|es)\)")

# Messages whose count is never 1, with the reason; anything else counted must use ngettext.
PLURAL_EXCEPTIONS = {
    "The executive summary is {count} words long; the limit is {limit}": (
        "shown only when count exceeds the limit, so count is 1 only with a limit of 0, which is "
        "not offered"
    ),
    "Recorded in the engagement log, with a follow-up in {days} days.": (
        "days is the constant FOLLOW_UP_DAYS (14)"
    ),
    (
        "The passphrase is too short: use at least {count} characters (several words are easiest "
        "to remember)."
    ): "count is the constant MIN_PASSPHRASE_LENGTH, far above 1",
}


def plural_problems(source: str, filename: str = "<string>") -> list[str]:
    """Counted messages built with ``_()`` instead of ``ngettext``, and ``n == 1`` choices between
    two ``_()``."""
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and _call_name(node) in {"_", "N_", "pgettext"}:
            texts = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            for text in texts[-1:]:
                if text in PLURAL_EXCEPTIONS:
                    continue
                plural = [
                    w for w in _PLURAL_AFTER_COUNT.findall(text) if w not in _NOT_PLURAL_NOUNS
                ]
                if plural or _OPTIONAL_S.search(text):
                    problems.append(
                        f"{filename}:{node.lineno}: counted message without ngettext: {text!r}"
                    )
        if isinstance(node, (ast.IfExp, ast.If)) and _compares_with_one(node.test):
            then = (
                node.body
                if isinstance(node, ast.IfExp)
                else ast.Module(body=node.body, type_ignores=[])
            )
            other = (
                node.orelse
                if isinstance(node, ast.IfExp)
                else ast.Module(body=node.orelse, type_ignores=[])
            )
            if _calls_translate(then) and _calls_translate(other):
                problems.append(
                    f"{filename}:{node.lineno}: a plural chosen with '== 1' instead of ngettext"
                )
    return problems


def _compares_with_one(test: ast.AST) -> bool:
    return isinstance(test, ast.Compare) and any(
        isinstance(c, ast.Constant) and c.value == 1 for c in [test.left, *test.comparators]
    )


def _calls_translate(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and _call_name(n) in {"_", "N_"} for n in ast.walk(node))


def test_plural_scan_catches_the_usual_mistakes() -> None:
    bad = """
a = _("Saved {count} files").format(count=n)
b = _("{n} item marked sensitive")  # fine: no plural noun
c = _("The workspace has {count} integrity problem(s).")
d = _("One file") if n == 1 else _("Many files")
if count == 1:
    e = _("One finding")
else:
    e = _("Several findings")
"""
    assert len(plural_problems(bad)) == 4
    good = """
a = ngettext("Saved {count} file", "Saved {count} files", n).format(count=n)
b = _("{name} is not an image")
c = _("Page {page} of {pages}")
d = _("{size} MB")
"""
    assert plural_problems(good) == []


def test_plurals_go_through_ngettext() -> None:
    problems = []
    for path in _python_files(PACKAGE):
        problems += plural_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not problems, "\n".join(problems)


def test_plural_exceptions_are_still_in_the_code(template: Catalog) -> None:
    """An exception for a message that left the code would hide the next one added under its
    name."""
    ids = {_ids(m)[0] for m in _messages(template)}
    assert not set(PLURAL_EXCEPTIONS) - ids


# ---------------------------------------------------------------------------------- end to end
@pytest.mark.parametrize("lang", LANGS)
def test_document_language_is_independent_of_the_ui_language(
    lang: str, catalogs: dict[str, Catalog]
) -> None:
    """A French document from an English UI: DocumentLanguage translates, the UI stays English."""
    message = next(m for m in _messages(catalogs[lang]) if len(_ids(m)) == 1 and not m.context)
    previous = i18n.current_language()
    i18n.set_language("en")
    try:
        assert i18n.DocumentLanguage(lang).gettext(message.id) == message.string
        assert i18n._(message.id) == message.id
    finally:
        i18n.set_language(previous)


def test_plural_forms_pick_the_right_form(catalogs: dict[str, Catalog]) -> None:
    """French says "0 constat", "1 constat", "2 constats"; Spanish "0 hallazgos", "1 hallazgo"."""
    plural = next(m for m in _messages(catalogs["fr"]) if len(_ids(m)) == 2)
    fr = i18n.translator("fr")
    assert fr.ngettext(*_ids(plural), 0) == _strings(plural)[0]
    assert fr.ngettext(*_ids(plural), 1) == _strings(plural)[0]
    assert fr.ngettext(*_ids(plural), 2) == _strings(plural)[1]
    es_message = catalogs["es"].get(plural.id)
    es = i18n.translator("es")
    assert es.ngettext(*_ids(plural), 0) == _strings(es_message)[1]
    assert es.ngettext(*_ids(plural), 1) == _strings(es_message)[0]


def test_po_files_are_valid_after_a_round_trip(catalogs: dict[str, Catalog]) -> None:
    """Writing a catalog back must not lose entries: guards against a hand edit that broke the
    syntax."""
    from babel.messages.pofile import write_po

    for lang, catalog in catalogs.items():
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        buffer.seek(0)
        again = read_po(buffer, locale=lang)
        assert len(list(_messages(again))) == len(list(_messages(catalog)))


# ------------------------------------------------------------------------------ document templates
TEMPLATES = ROOT / "resources" / "templates"


def _template_strings(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _template_strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield from _template_strings(item, f"{path}.{key}" if path else key)


def _templates() -> dict[str, dict[str, dict[str, str]]]:
    """document -> language -> field path -> text."""
    import json

    found: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(TEMPLATES.glob("*.*.json")):
        document, lang = path.name.split(".")[:2]
        found.setdefault(document, {})[lang] = dict(
            _template_strings(json.loads(path.read_text(encoding="utf-8")))
        )
    return found


# Fields where a language leaves a placeholder out on purpose, with the reason.
TEMPLATE_PLACEHOLDER_EXCEPTIONS = {
    (
        "letter",
        "salutation_named",
    ): "French and Spanish official letters greet by title (Madame, Monsieur), not name",
}


def test_every_document_template_exists_in_three_languages_with_the_same_placeholders() -> None:
    templates = _templates()
    assert templates, "no document templates found"
    problems = []
    for document, by_lang in templates.items():
        if set(by_lang) != {"en", *LANGS}:
            problems.append(f"{document}: languages {sorted(by_lang)}")
            continue
        english = by_lang["en"]
        for lang in LANGS:
            if set(by_lang[lang]) != set(english):
                problems.append(
                    f"{document}.{lang}: fields differ: {sorted(set(by_lang[lang]) ^ set(english))}"
                )
            for field, text in by_lang[lang].items():
                wanted = placeholders(english.get(field, ""))
                if (document, field) in TEMPLATE_PLACEHOLDER_EXCEPTIONS:
                    wanted = [p for p in wanted if p in placeholders(text)]
                if field in english and placeholders(text) != wanted:
                    problems.append(
                        f"{document}.{lang}.{field}: {placeholders(text)} instead of {wanted}"
                    )
    assert not problems, "\n".join(problems)


def test_french_templates_keep_french_spacing() -> None:
    problems = []
    for document, by_lang in _templates().items():
        for field, text in by_lang.get("fr", {}).items():
            problems += [f"{document}.fr.{field}: {p}" for p in french_typography_problems(text)]
    assert not problems, "\n".join(problems)


#: Forms the glossary rules out, with the reason (translations/GLOSSARY.md, "Decisions").
AVOIDED = {
    "fr": {
        "forces de l'ordre": "law enforcement is « détection et répression » (UNTOC arts 26, 27)",
        "endoss": "an anglicism for « approuver » (OQLF)",
        "point focal": "UNODC's French says « point de contact »",
        "soumission": "a contribution, not a « soumission »",
        "l'export ": "the noun is « exportation »",
        "traduction de travail": "the UN says « traduction non officielle »",
    },
    "es": {
        "fuerzas del orden": "law enforcement is «aplicación de la ley» (UNTOC arts 26, 27)",
        "evidencia": "legal Spanish says «pruebas»",
        "punto focal": "the Spanish guide says «punto de contacto»",
        "endos": "endorse is «suscribir»",
        "deficiencia": "a gap is a «laguna» (glossary)",
        "traducción de trabajo": "the UN says «traducción no oficial»",
    },
}


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _localized_texts(value: object, lang: str) -> list[str]:
    """Every string under a ``lang`` key of a reference file."""
    if isinstance(value, dict):
        found = _texts(value[lang]) if lang in value else []
        return found + [t for k, v in value.items() if k != lang for t in _localized_texts(v, lang)]
    if isinstance(value, list):
        return [t for v in value for t in _localized_texts(v, lang)]
    return []


@pytest.mark.parametrize("lang", LANGS)
def test_reference_data_and_templates_avoid_the_ruled_out_forms(
    lang: str, catalogs: dict[str, Catalog]
) -> None:
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "resources" / "reference").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts += [(path.name, t) for t in _localized_texts(data, lang)]
    for path in sorted((ROOT / "resources" / "templates").glob(f"*.{lang}.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts += [(path.name, t) for t in _texts(data)]
    texts += [("messages.po", str(m.string)) for m in catalogs[lang] if m.id and m.string]
    bad = [
        f"{where}: {text[:80]!r} ({why})"
        for where, text in texts
        for form, why in AVOIDED[lang].items()
        if form in text.lower().replace("’", "'")
    ]
    assert not bad, "\n".join(bad)
