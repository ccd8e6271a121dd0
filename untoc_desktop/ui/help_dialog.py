"""F1: help for the step the user is on, then the field guide, offline, in the interface language.

The step's own help is the Model Action Plan's text for it (``core.plan.STEPS``), translated like
the rest of the interface; the field guide (``docs/field-guide.md``, one section per language) is
shown below it when this copy has it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from untoc_desktop.core import plan
from untoc_desktop.i18n import _, current_language
from untoc_desktop.paths import resources_dir

#: The field guide's section heading per language.
GUIDE_SECTIONS = {"en": "## English", "fr": "## Français", "es": "## Español"}


def field_guide_section(lang: str) -> str:
    """The field guide's part in ``lang`` (Markdown), or "" when this copy has no guide."""
    try:
        text = (resources_dir().parent / "docs" / "field-guide.md").read_text(encoding="utf-8")
    except OSError:
        return ""
    start = text.find(GUIDE_SECTIONS.get(lang, GUIDE_SECTIONS["en"]))
    if start < 0:
        return ""
    following = [text.find(h, start + 1) for h in GUIDE_SECTIONS.values()]
    end = min((i for i in following if i > start), default=len(text))
    return text[start:end].strip()


def help_markdown(step: int | None, lang: str) -> str:
    parts = []
    if step is not None and 1 <= step <= len(plan.STEPS):
        spec = plan.STEPS[step - 1]
        title = _("Step {number}: {title}").format(number=step, title=_(spec.title))
        parts.append(f"# {title}\n\n{_(spec.purpose)}")
    guide = field_guide_section(lang)
    if guide:
        parts.append(guide)
    return "\n\n".join(parts)


class HelpDialog(QDialog):
    def __init__(self, step: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Help"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(_("Help"))
        self.browser.setMarkdown(help_markdown(step, current_language()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
