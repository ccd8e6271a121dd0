"""The guide's Model Action Plan on the dossier page: nine steps in two phases, each with its state
and a button to where it is done in the app; then the app's own supporting steps, named as such.

The wizard's page numbers are the app's, not the guide's: "the guide's step 2" (write to the focal
point) is done on the app's step 3. Showing both side by side keeps the two from being confused.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from untoc_desktop.core import action_plan
from untoc_desktop.i18n import N_, _
from untoc_desktop.store.workspace import Workspace
from untoc_desktop.ui import icons, theme

PHASE_TITLES = {
    1: N_("Phase 1: prepare (the guide's steps 1–6)"),
    2: N_("Phase 2: engage, after the submission (the guide's steps 7–9)"),
}
STATE_ICONS = {
    action_plan.DONE: "circle-check",
    action_plan.STARTED: "circle-dashed",
    action_plan.NOT_STARTED: "circle-dashed",
}


class GuidePlanCard(QFrame):
    """``step_requested(n)``: open the wizard's page n; ``screen_requested(key)``: open a Phase 2
    screen (``core.action_plan.SCREENS``)."""

    step_requested = Signal(int)
    screen_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.set_role(self, "card")
        self.states: dict[int, str] = {}
        self.progress: dict[int, tuple[int, int]] = {}
        self.heading = QLabel()
        self.heading.setFont(theme.font("subtitle"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        theme.set_role(self.intro, "muted")
        self.phase_labels: dict[int, QLabel] = {}
        self.step_labels: dict[int, QLabel] = {}
        self.state_labels: dict[int, QLabel] = {}
        self.place_buttons: dict[tuple[int, str], QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_M)
        grid.setVerticalSpacing(theme.SPACE_XS)
        row = 0
        for phase in (1, 2):
            label = QLabel()
            label.setFont(theme.font("body", bold=True))
            self.phase_labels[phase] = label
            grid.addWidget(label, row, 0, 1, 4)
            row += 1
            for step in (s for s in action_plan.GUIDE_STEPS if s.phase == phase):
                state = QLabel()
                title = QLabel()
                title.setWordWrap(True)
                self.state_labels[step.number] = state
                self.step_labels[step.number] = title
                grid.addWidget(state, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(title, row, 1)
                column = 2
                places = [("step", str(n)) for n in step.app_steps]
                places += [("screen", key) for key in step.screens]
                for kind, key in places:
                    button = QPushButton()
                    theme.set_role(button, "link")
                    button.setCursor(Qt.CursorShape.PointingHandCursor)
                    if kind == "step":
                        button.clicked.connect(
                            lambda _c=False, n=int(key): self.step_requested.emit(n)
                        )
                    else:
                        button.clicked.connect(
                            lambda _c=False, k=key: self.screen_requested.emit(k)
                        )
                    self.place_buttons[(step.number, f"{kind}:{key}")] = button
                    grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignLeft)
                    column += 1
                row += 1
        grid.setColumnStretch(1, 1)
        self.app_steps_label = QLabel()
        self.app_steps_label.setWordWrap(True)
        theme.set_role(self.app_steps_label, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_M, theme.SPACE_L, theme.SPACE_M)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addWidget(self.app_steps_label)
        self.retranslate()

    def set_dossier(self, ws: Workspace, dossier_id: str) -> None:
        self.states = action_plan.states(ws, dossier_id)
        self.progress = action_plan.phase_progress(ws, dossier_id)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(_("The guide's Model Action Plan"))
        self.intro.setText(
            _(
                "The guide for civil society sets out nine steps in two phases. The buttons "
                "open the place in this app where each is done."
            )
        )
        for phase, label in self.phase_labels.items():
            done, total = self.progress.get(phase, (0, 0))
            text = _(PHASE_TITLES[phase])
            if total:
                text += " — " + _("{done} of {total} done").format(done=done, total=total)
            label.setText(text)
        for step in action_plan.GUIDE_STEPS:
            state = self.states.get(step.number, action_plan.NOT_STARTED)
            state_text = _(action_plan.STATE_LABELS[state])
            icon = icons.icon(STATE_ICONS[state])
            self.state_labels[step.number].setPixmap(icon.pixmap(16, 16))
            self.state_labels[step.number].setToolTip(state_text)
            self.state_labels[step.number].setAccessibleName(state_text)
            title = _("{number}. {title}").format(number=step.number, title=_(step.title))
            self.step_labels[step.number].setText(f"{title} ({state_text})")
            self.step_labels[step.number].setAccessibleName(
                _("The guide's step {number}, {title}: {state}").format(
                    number=step.number, title=_(step.title), state=state_text
                )
            )
            for n in step.app_steps:
                button = self.place_buttons[(step.number, f"step:{n}")]
                name = _(action_plan.app_step_title(n))
                # The name is what the link shows (a voice-control user says what they see);
                # what it does is its description.
                button.setText(_("App step {number}, {title}").format(number=n, title=name))
                button.setAccessibleName(button.text())
                button.setAccessibleDescription(
                    _("Open the app's step {number}, {title}").format(number=n, title=name)
                )
            for key in step.screens:
                button = self.place_buttons[(step.number, f"screen:{key}")]
                name = _(action_plan.SCREENS[key])
                button.setText(name)
                button.setAccessibleName(name)
                button.setAccessibleDescription(_("Open {screen}").format(screen=name))
        supporting = ", ".join(
            _("{number}, {title}").format(number=n, title=_(action_plan.app_step_title(n)))
            for n in action_plan.APP_SUPPORTING_STEPS
        )
        self.app_steps_label.setText(
            _(
                "The app adds steps of its own that support the guide's plan: {steps}. The "
                "numbers on the left of the window are the app's steps, not the guide's."
            ).format(steps=supporting)
        )
