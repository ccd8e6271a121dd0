"""The Model Action Plan as the wizard's nine steps, and what a dossier still lacks in each.

The guide's plan (Part 3) has nine actions in two phases; the wizard follows the same arc from
"who are you" to "deliver the message". What is missing is computed from the dossier's content
every time it is asked for, never stored, so it can never disagree with what the user sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from untoc_desktop.i18n import N_, DocumentLanguage, current_language
from untoc_desktop.store import dossiers
from untoc_desktop.store.workspace import Workspace


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str  # untranslated source text; translate where shown
    purpose: str


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "organization",
        N_("Your organization"),
        N_(
            "Governments listen to organizations they can identify. Fill in your profile once: "
            "it is reused on the letterhead, the pledge and the submission of every dossier."
        ),
    ),
    Step(
        2,
        "country",
        N_("Your country"),
        N_(
            "Choose the State whose review you want to contribute to. "
            "The app shows the instruments it is party to and where it stands in the review; "
            "correct anything you know to be wrong."
        ),
    ),
    Step(
        3,
        "focal_point",
        N_("Focal point"),
        N_(
            "Each State names a focal point who coordinates its review. "
            "Write to them to ask who they are and how the national consultations will run, "
            "then record when you sent the letter."
        ),
    ),
    Step(
        4,
        "scope",
        N_("Scope"),
        N_(
            "The review moves cluster by cluster, not crime by crime. Choose the instruments, "
            "the cluster under review and the articles your work can speak to."
        ),
    ),
    Step(
        5,
        "evidence",
        N_("Evidence and analysis"),
        N_(
            "For each article, record gaps and challenges, good practices, "
            "technical-assistance needs and observations, and the evidence behind them. "
            "Mark anything dangerous to share as sensitive."
        ),
    ),
    Step(
        6,
        "partners",
        N_("Partners"),
        N_(
            "A contribution signed by several organizations carries more weight. "
            "List the organizations and individuals who work with you and whether they co-sign."
        ),
    ),
    Step(
        7,
        "recommendations",
        N_("Recommendations and summary"),
        N_(
            "Turn your analysis into short, action-oriented recommendations the government can "
            "follow, and an executive summary a busy official will read."
        ),
    ),
    Step(
        8,
        "safety",
        N_("Safety check"),
        N_(
            "Before anything leaves the office, review every sensitive item, every name and every "
            "attachment, and decide what each export may contain."
        ),
    ),
    Step(
        9,
        "export",
        N_("Export"),
        N_(
            "Produce the letter, the pledge and the submission in the language of your choice, "
            "or a bundle for a partner office."
        ),
    ),
)


@dataclass(frozen=True)
class Missing:
    step: int
    code: str
    message: str  # untranslated; use ``translated()``
    required: bool = True
    params: tuple[tuple[str, str], ...] = ()

    def translated(self, lang: str | None = None) -> str:
        text = DocumentLanguage(lang or current_language()).gettext(self.message)
        return text.format(**dict(self.params)) if self.params else text


_WORDS = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def missing(ws: Workspace, dossier_id: str) -> list[Missing]:
    """Everything the dossier still lacks, step by step; optional items have ``required=False``."""
    dossier = ws.dossier(dossier_id)
    if dossier is None:
        raise KeyError(dossier_id)
    org = (
        ws.organization()
        if not dossier.get("organization_id")
        else (ws.get("organizations", dossier["organization_id"]) or ws.organization())
    )
    out: list[Missing] = []

    def need(step: int, code: str, message: str, required: bool = True, **params: str) -> None:
        out.append(Missing(step, code, message, required, tuple(params.items())))

    if not org["name"].strip():
        need(1, "org_name", N_("The organization's name"))
    if not org["signatory_name"].strip():
        need(1, "signatory", N_("Who signs the letters (name and title)"))
    if not (org["email"].strip() or org["address"].strip() or org["phone"].strip()):
        need(1, "org_contact", N_("How the government can reach you (address, email or phone)"))
    if not org["focus_issues"].strip():
        need(1, "focus", N_("The issues your organization works on"))

    if not dossier["country"]:
        need(2, "country", N_("The State under review"))

    focal = ws.focal_point(dossier_id)
    if not focal["name"].strip():
        need(
            3,
            "focal_name",
            N_("The focal point's name, which the letter can ask for"),
            required=False,
        )
    if not (focal["email"].strip() or focal["address"].strip()):
        need(3, "focal_contact", N_("Where to send the letter (email or postal address)"))
    if not dossiers.has_child(ws, "engagement_log", dossier_id):
        need(3, "letter_sent", N_("A record in the engagement log that the letter was sent"))

    if not dossier["instruments"]:
        need(4, "instruments", N_("At least one instrument"))
    if not dossier["cluster"]:
        need(4, "cluster", N_("The cluster under review"))
    articles = ws.selected_articles(dossier_id)
    if not articles:
        need(4, "articles", N_("At least one article"))

    # Only which articles have findings matters here, never their text: a dossier of 10,000
    # findings must not load them all to draw the dossier list or tick a step.
    covered = dossiers.covered_articles_with_text(ws, dossier_id)
    if not covered:
        need(5, "findings", N_("At least one finding"))
    for instrument, article in articles:
        if (instrument, article) not in covered:
            need(
                5,
                "article_empty",
                N_("No finding yet for {instrument} article {article}"),
                required=False,
                instrument=instrument,
                article=str(article),
            )
    if not dossiers.has_child_with_content(ws, "evidence", dossier_id):
        need(5, "evidence", N_("At least one piece of evidence"))

    if not dossiers.has_child_with_content(ws, "partners", dossier_id):
        need(6, "partners", N_("Partners or co-signers (optional)"), required=False)

    if not dossiers.has_child_with_content(ws, "findings", dossier_id, kind="recommendation"):
        need(7, "recommendations", N_("At least one recommendation"))
    summary_words = word_count(dossier["executive_summary"])
    if summary_words == 0:
        need(7, "summary", N_("The executive summary"))
    elif summary_words > dossier["summary_word_limit"]:
        need(
            7,
            "summary_long",
            N_("The executive summary is {count} words long; the limit is {limit}"),
            count=str(summary_words),
            limit=str(dossier["summary_word_limit"]),
        )

    if not dossier["safety_reviewed_at"]:
        need(8, "safety", N_("Confirm the safety check"))
    if not dossier["exported_at"]:
        need(9, "export", N_("Export the submission"))
    return out


def step_complete(items: list[Missing], step: int) -> bool:
    return not any(m.step == step and m.required for m in items)


def progress(ws: Workspace, dossier_id: str) -> tuple[int, int]:
    """(complete steps, total steps): the figure shown in the dossier list."""
    items = missing(ws, dossier_id)
    done = sum(1 for step in STEPS if step_complete(items, step.number))
    return done, len(STEPS)
