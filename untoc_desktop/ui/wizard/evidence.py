"""Step 5, evidence and analysis: findings per article, and the evidence behind them.

Findings are listed for one article at a time (or the general ones), because the submission is
organized by article. Evidence belongs to the dossier; files are attached by dropping them on the
evidence list or with the "Attach a file" button (the keyboard way), and a tick in the last column
links a piece of evidence to the finding selected above.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from untoc_desktop.core.errors import UserError
from untoc_desktop.core.reference import load as load_reference
from untoc_desktop.core.safety import FINDING_KIND_LABELS
from untoc_desktop.i18n import N_, _, current_language, ngettext
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Record, Workspace
from untoc_desktop.ui import folders
from untoc_desktop.ui.wizard.channels import show_channels
from untoc_desktop.ui.wizard.common import StepPage, error_label, show_error, wrapped
from untoc_desktop.ui.wizard.models import Column, RecordTableModel
from untoc_desktop.ui.wizard.record_form import MasterDetailEditor
from untoc_desktop.ui.wizard.undo import FieldEdit, LinkEvidence, stack_for

ANALYSIS_KINDS = {k: v for k, v in FINDING_KIND_LABELS.items() if k != "recommendation"}
GENERAL = ("", 0)


class DropTableView(QTableView):
    """A table that accepts files dropped from the file manager and reports their local paths."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def _accept(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        mime = event.mimeData()
        if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
            event.acceptProposedAction()
            return True
        event.ignore()
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self._accept(event):
            self.files_dropped.emit(
                [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
            )


class EvidencePage(StepPage):
    def __init__(self, ws: Workspace, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ws, dossier_id, 5, parent)
        self.ref = load_reference()
        self._choice: tuple[str, int] | None = (
            None  # the article the user chose; None: the first one
        )
        self.article = QComboBox()
        # Long article titles must not widen the page past a small screen (the list elides).
        self.article.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.article.setMinimumContentsLength(24)
        self.article.currentIndexChanged.connect(self._article_changed)
        self.article_label = QLabel()
        self.article_label.setBuddy(self.article)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # The guide's channels (Help → Where to get help…), one click away while gathering evidence.
        self.help_button = QPushButton()
        self.help_button.clicked.connect(lambda: show_channels(self))
        article_row = QHBoxLayout()
        article_row.addWidget(self.article, 1)
        article_row.addWidget(self.help_button)
        form.addRow(self.article_label, article_row)
        self.content.addLayout(form)

        self.findings_heading = QLabel()
        findings_model = RecordTableModel(
            ws,
            dossiers.FINDINGS,
            [
                Column("kind", N_("Kind"), "choice", ANALYSIS_KINDS),
                Column("text", N_("Finding")),
                Column("sensitive", N_("Sensitive"), "bool"),
            ],
            self._load_findings,
            self,
        )
        self.findings = MasterDetailEditor(
            findings_model, self._add_finding, focus_key="text", long_keys=("text",)
        )
        self.findings.edited.connect(self.changed)
        self.findings.view.selectionModel().selectionChanged.connect(
            lambda *_a: self._finding_selected()
        )
        findings_model.modelReset.connect(self._finding_selected)
        self.content.addWidget(self.findings_heading)
        self.content.addWidget(self.findings, 1)

        self.evidence_heading = QLabel()
        self.evidence_help = wrapped()
        self._linked: set[str] = set()
        evidence_model = RecordTableModel(
            ws,
            dossiers.EVIDENCE,
            [
                Column("source", N_("Source")),
                Column("date", N_("Date")),
                Column("description", N_("Description")),
                Column("attachment_name", N_("Attached file"), editable=False),
                Column("sensitive", N_("Sensitive"), "bool"),
                Column(
                    "linked",
                    N_("Supports the finding"),
                    "bool",
                    get=lambda r: r["id"] in self._linked,
                    set=self._set_link,
                ),
            ],
            lambda: dossiers.EVIDENCE.list(ws, dossier_id),
            self,
        )
        drop = DropTableView()
        drop.files_dropped.connect(self.attach_files)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self._choose_files)
        self.evidence = MasterDetailEditor(
            evidence_model,
            self._add_evidence,
            focus_key="description",
            long_keys=("description",),
            view=drop,
            extra_buttons=(self.attach_button,),
        )
        self.evidence.edited.connect(self.changed)
        self.attach_error = error_label()
        self.attach_status = wrapped()
        self.content.addWidget(self.evidence_heading)
        self.content.addWidget(self.evidence_help)
        self.content.addWidget(self.evidence, 1)
        self.content.addWidget(self.attach_error)
        self.content.addWidget(self.attach_status)
        self.retranslate()

    def retranslate_page(self) -> None:
        self.article_label.setText(_("&Article:"))
        self.article.setAccessibleDescription(_("Article whose findings are shown"))
        self.help_button.setText(_("Where to &get help…"))
        self.help_button.setAccessibleDescription(_("Where to get help"))
        self.findings_heading.setText(_("Findings for this article"))
        self.findings.retranslate(
            _("Findings"),
            _("Add a find&ing"),  # Alt+F is the File menu (issue 22)
            _(
                "No findings yet. A finding is one gap, good practice, technical-assistance need "
                "or observation about an article, in a sentence or two."
            ),
            _("Selected finding"),
        )
        self.evidence_heading.setText(_("Evidence"))
        self.evidence_help.setText(
            _(
                "Drop files on the list to attach them, or use Attach a file. Select a "
                "finding above, then tick “Supports the finding” on the evidence behind it."
            )
        )
        self.evidence.retranslate(
            _("Evidence"),
            _("Add e&vidence"),
            _(
                "No evidence yet. Record what backs your findings: reports, court cases, "
                "interviews, photos. You can also drop files here."
            ),
            _("Selected evidence"),
        )
        self.evidence.view.setAccessibleName(_("Evidence (drop files here to attach them)"))
        self.attach_button.setText(_("A&ttach a file…"))
        self.attach_button.setAccessibleDescription(
            _("Attach a file to the selected evidence, or as new evidence")
        )
        self._fill_articles()

    # ---- articles
    def _fill_articles(self) -> None:
        lang = current_language()
        current = self._choice
        self.article.blockSignals(True)
        self.article.clear()
        self.article.addItem(_("General findings (no particular article)"), GENERAL)
        for code, number in self.ws.selected_articles(self.dossier_id):
            try:
                title = self.ref.article(code, number).title(lang)
            except KeyError:
                title = ""
            short = (
                self.ref.instrument(code).short_name(lang)
                if code in {i.code for i in self.ref.instruments()}
                else code
            )
            self.article.addItem(
                _("{instrument}, article {number}: {title}").format(
                    instrument=short, number=number, title=title
                ),
                (code, number),
            )
        index = next(
            (
                i
                for i in range(self.article.count())
                if current is not None and tuple(self.article.itemData(i)) == tuple(current)
            ),
            -1,
        )
        if index < 0 and self.article.count() > 1:
            index = 1
        self.article.setCurrentIndex(max(index, 0))
        self.article.blockSignals(False)
        self.findings.model.reload()

    def _current_article(self) -> tuple[str, int]:
        data = self.article.currentData()
        return tuple(data) if data else GENERAL  # type: ignore[return-value]

    def _article_changed(self, _index: int) -> None:
        self._choice = self._current_article()
        self.findings.model.reload()

    def reload(self) -> None:
        self._fill_articles()
        self.evidence.model.reload()

    def show_item(self, kind: str, record_id: str) -> None:
        """Select a finding (under its article) or a piece of evidence, e.g. a search hit."""
        if kind == "evidence":
            self.evidence.show_record(record_id, focus=False)
            self.evidence.view.setFocus()
            return
        finding = dossiers.FINDINGS.get(self.ws, record_id)
        if finding is None:
            return
        wanted = (finding.get("instrument") or "", finding.get("article") or 0)
        for i in range(self.article.count()):
            if tuple(self.article.itemData(i)) == wanted:
                self.article.setCurrentIndex(i)
                break
        self.findings.show_record(record_id, focus=False)
        self.findings.view.setFocus()

    # ---- findings
    def _load_findings(self) -> list[Record]:
        if not hasattr(self, "article"):
            return []
        code, number = self._current_article()
        return dossiers.findings_for_article(self.ws, self.dossier_id, code, number)

    def _add_finding(self) -> str:
        code, number = self._current_article()
        return self.ws.add_finding(
            self.dossier_id, "gap", "", instrument=code or None, article=number or None
        )

    def _finding_selected(self) -> None:
        if not hasattr(self, "evidence"):
            return
        finding = self.findings.selected_record()
        self._linked = set(self.ws.evidence_for(finding["id"])) if finding else set()
        column = len(self.evidence.model.columns) - 1  # the link column
        model = self.evidence.model
        if model.rowCount():
            model.dataChanged.emit(
                model.index(0, column), model.index(model.rowCount() - 1, column)
            )
        shown = self.evidence.selected_record_id()
        if shown is not None:
            self.evidence.record_changed(shown)

    def _set_link(self, record: Record, linked: bool) -> None:
        finding = self.findings.selected_record()
        if finding is None:
            raise UserError(
                _("Select a finding above first, then tick the evidence that supports it.")
            )
        stack_for(self).push(
            LinkEvidence(
                self.ws,
                finding["id"],
                record["id"],
                linked,
                _("Link evidence to a finding") if linked else _("Unlink evidence from a finding"),
                self._link_changed,
            )
        )

    def _link_changed(self, evidence_id: str) -> None:
        """After a link was made or undone: the ticks follow the finding now selected."""
        self._finding_selected()
        self.evidence.record_changed(evidence_id)
        self.changed.emit()

    # ---- evidence
    def _attach_to(self, record: Record, path: Path) -> None:
        """A file attached to existing evidence, as one undoable edit."""
        sha, name = self.ws.add_attachment_file(path)
        fields = ("attachment_sha256", "attachment_name")
        old = {key: record.get(key) for key in fields}
        new = {"attachment_sha256": sha, "attachment_name": name}
        if not record.get("description"):
            old["description"], new["description"] = record.get("description"), path.stem
        stack_for(self).push(
            FieldEdit(
                self.ws,
                dossiers.EVIDENCE,
                record["id"],
                old,
                new,
                _("Attach “{name}”").format(name=name),
                self.evidence._after_command,
            )
        )

    def _add_evidence(self) -> str:
        return self.ws.add_evidence(self.dossier_id)

    def _choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Attach files"), str(folders.start_folder(folders.ATTACHMENTS))
        )
        if paths:
            folders.remember(folders.ATTACHMENTS, paths[0])
        if paths:
            self.attach_files([Path(p) for p in paths])

    def attach_files(self, paths: list[Path]) -> list[str]:
        """Attach the first file to the selected evidence if it has no file yet, and add one piece
        of evidence per other file; a file that cannot be read is reported and skipped."""
        added, problems = [], []
        selected = self.evidence.selected_record()
        if paths and selected is not None and not selected.get("attachment_name"):
            path, paths = paths[0], paths[1:]
            if not path.is_file():
                problems.append(_("{name} is not a file.").format(name=path.name))
            else:
                try:
                    self._attach_to(selected, path)
                    added.append(selected["id"])
                except UserError as exc:
                    problems.append(str(exc))
        for path in paths:
            if not path.is_file():
                problems.append(_("{name} is not a file.").format(name=path.name))
                continue
            try:
                added.append(
                    self.ws.add_evidence(self.dossier_id, description=path.stem, attachment=path)
                )
            except UserError as exc:
                problems.append(str(exc))
        show_error(self.attach_error, " ".join(problems) or None)
        if added:
            self.evidence.model.reload()
            self.evidence.flush_edits()
            self.evidence.select(added[-1])
            self.attach_status.setText(
                ngettext("{n} file attached.", "{n} files attached.", len(added)).format(
                    n=len(added)
                )
            )
            self.changed.emit()
        return added
