"""The civil-society submission: cover, contents, summary, organization, scope, findings, needs,
recommendations and the annex of evidence.

Evidence is numbered once, in annex order, after the sensitive filter ran (see ``gather``), and
every finding cites those numbers as [E1], [E2]; the numbering is therefore the same in the PDF and
the DOCX and never has holes that would betray a withheld item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from untoc_desktop.core.state_facts import PartyFact
from untoc_desktop.core.typography import colon
from untoc_desktop.documents.common import Context, article_sort_key, contact_line
from untoc_desktop.documents.gather import DossierData, Record
from untoc_desktop.documents.model import (
    Contents,
    Cover,
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    para,
)
from untoc_desktop.documents.templates import blank_text, fill
from untoc_desktop.i18n import N_

#: Finding kinds shown under each article, in this order, with their headings.
ARTICLE_KINDS: tuple[tuple[str, str], ...] = (
    ("gap", N_("Gaps and challenges")),
    ("good_practice", N_("Good practices")),
    ("observation", N_("Observations")),
)
SHORT_SHA = 16


def refs(data: DossierData, finding: Record) -> str:
    numbers = data.finding_refs.get(finding["id"], [])
    return " [" + ", ".join(f"E{n}" for n in numbers) + "]" if numbers else ""


def finding_item(data: DossierData, finding: Record, prefix: str = "") -> tuple[Run, ...]:
    runs = [Run(prefix, bold=True)] if prefix else []
    runs.append(Run(finding["text"].strip()))
    if refs(data, finding):
        runs.append(Run(refs(data, finding), bold=True))
    return tuple(runs)


def compose(data: DossierData, ctx: Context) -> Document:
    # The alias is named gettext (not t) so that babel's extractor finds these strings.
    tpl, gettext, blanks = ctx.template("submission"), ctx.gettext, ctx.blanks()
    org, dossier = data.organization, data.dossier
    org_name = org["name"].strip()
    country = ctx.country(dossier["country"])
    title = dossier["title"].strip() or gettext("Civil-society contribution")
    doc = Document(
        kind="submission",
        lang=ctx.lang,
        title=title,
        author=org_name,
        subject=tpl["cover_subtitle"],
        running_title=title,
        page_label=gettext("Page {page} of {pages}"),
    )
    if data.included_sensitive:
        doc.confidential_label = gettext("Confidential")

    submitted = "".join(
        r.text for r in fill(tpl["submitted_by"], {"organization": org_name}, blanks)
    )
    doc.add(
        Cover(
            title=title,
            subtitle=tpl["cover_subtitle"],
            logo_png=data.logo_png,
            lines=(
                gettext("State party: {country}").format(
                    country=country or blank_text(blanks["country"])
                ),
                submitted,
                gettext("Date: {date}").format(date=ctx.long_date()),
                gettext("Language: {language}").format(language=ctx.language_name()),
            ),
        ),
        PageBreak(),
        Contents(gettext("Contents")),
        PageBreak(),
    )

    doc.add(Heading(gettext("1. Executive summary")))
    summary = [p.strip() for p in dossier["executive_summary"].split("\n\n") if p.strip()]
    doc.add(
        *(para(p) for p in summary)
        if summary
        else [para(blank_text(blanks["summary"]), blank=True)]
    )

    _about(doc, data, ctx, tpl, blanks)
    _scope(doc, data, ctx, tpl, country)
    _findings(doc, data, ctx, tpl)

    doc.add(Heading(gettext("5. Technical-assistance needs")))
    needs = [f for f in data.findings if f["kind"] == "ta_need"]
    if needs:
        doc.add(
            para(tpl["ta_intro"]),
            ListBlock(
                tuple(
                    finding_item(
                        data,
                        f,
                        ctx.article_label(f["instrument"], f["article"], with_title=False)
                        + colon(ctx.lang)
                        if f.get("instrument") and f.get("article")
                        else "",
                    )
                    for f in needs
                )
            ),
        )
    else:
        doc.add(para(tpl["no_ta"]))

    doc.add(Heading(gettext("6. Recommendations")))
    recommendations = [f for f in data.findings if f["kind"] == "recommendation"]
    if recommendations:
        doc.add(
            para(tpl["recommendations_intro"]),
            ListBlock(tuple(finding_item(data, f) for f in recommendations), numbered=True),
        )
    else:
        doc.add(para(tpl["no_recommendations"]))

    _annex(doc, data, ctx, tpl)
    return doc


def _about(
    doc: Document, data: DossierData, ctx: Context, tpl: Mapping[str, Any], blanks: dict[str, str]
) -> None:
    gettext, org = ctx.gettext, data.organization
    doc.add(Heading(gettext("2. About the organization and its co-signers")))
    focus = " ".join(org["focus_issues"].split())
    doc.add(
        Paragraph(
            fill(
                tpl["about"],
                {
                    "organization": org["name"],
                    "org_country": ctx.country(org["country"]),
                    "focus_issues": focus,
                },
                blanks,
            )
        )
    )
    contacts = contact_line(
        org["address"].replace("\n", ", "), org["email"], org["phone"], org["website"]
    )
    if contacts:
        doc.add(para(tpl["contacts"].format(contacts=contacts)))
    doc.add(Heading(gettext("Co-signers"), 2))
    if not data.partners:
        doc.add(Paragraph(fill(tpl["no_cosigners"], {"organization": org["name"]}, blanks)))
        return
    doc.add(para(tpl["cosigners_intro"]))
    for kind, label in (("organization", N_("Organizations")), ("individual", N_("Individuals"))):
        people = [p for p in data.partners if p["kind"] == kind]
        if people:
            doc.add(
                Paragraph((Run(gettext(label), bold=True),), "label"),
                ListBlock(
                    tuple(
                        (
                            Run(p["name"].strip(), bold=True),
                            Run(
                                " — " + contact_line(p["role"], ctx.country(p["country"]))
                                if p["role"] or p["country"]
                                else ""
                            ),
                        )
                        for p in people
                    )
                ),
            )


def _scope(
    doc: Document, data: DossierData, ctx: Context, tpl: Mapping[str, Any], country: str
) -> None:
    gettext, dossier = ctx.gettext, data.dossier
    doc.add(Heading(gettext("3. Scope of the contribution")))
    doc.add(Paragraph(fill(tpl["scope_intro"], {"country": country}, ctx.blanks())))
    doc.add(Paragraph((Run(gettext("Instruments"), bold=True),), "label"))
    names = []
    for code in dossier["instruments"]:
        try:
            names.append((Run(ctx.ref.instrument(code).name(ctx.lang)),))
        except KeyError:
            names.append((Run(code),))
    doc.add(ListBlock(tuple(names)))
    if dossier["cluster"]:
        cluster = ctx.ref.cluster(int(dossier["cluster"]))
        doc.add(
            Paragraph(
                (
                    Run(gettext("Cluster under review:") + " ", bold=True),
                    # The label already says "cluster": "1. Criminalization and jurisdiction",
                    # as the public summary writes it.
                    Run(f"{cluster.number}. {cluster.name(ctx.lang)}"),
                )
            )
        )
    rows = tuple(
        (_short(ctx, code), str(number), ctx.article_title(code, number))
        for code, number in sorted(data.articles, key=article_sort_key)
    )
    if rows:
        doc.add(
            Paragraph((Run(gettext("Articles"), bold=True),), "label"),
            Table(
                (gettext("Instrument"), gettext("Article"), gettext("Heading")),
                rows,
                (0.34, 0.12, 0.54),
            ),
        )
    _method(doc, data, ctx, tpl, country)


def status_text(fact: PartyFact, ctx: Context, tpl: Mapping[str, Any]) -> str:
    """One instrument's status as the submission states it: "party since 24 September 2003
    (ratification)", "signatory, not a party", "not a party", or "status not confirmed" for an
    unknown status, which never reads as "not a party". A user's correction carries no date."""
    if fact.status == "party" and fact.date and not fact.corrected:
        action = tpl["actions"].get(fact.action or "", "")
        key = "status_party_action" if action else "status_party"
        text = str(tpl[key]).format(date=ctx.long_date(fact.date), action=action)
    elif fact.status == "party":
        text = tpl["status_party_plain" if fact.corrected else "status_party_undated"]
    else:
        text = tpl.get(f"status_{fact.status}") or tpl["status_unknown"]
    return str(tpl["status_corrected"]).format(status=text) if fact.corrected else text


def _method(
    doc: Document, data: DossierData, ctx: Context, tpl: Mapping[str, Any], country: str
) -> None:
    """The context and method note: the State's status under each instrument (the facts the
    country step shows, the user's corrections applied) and the guide's Figure 1, corrected."""
    doc.add(Heading(tpl["method_heading"], 2))
    if data.party_facts and country:
        doc.add(
            para(tpl["status_intro"].format(country=country)),
            ListBlock(
                tuple(
                    (
                        Run(_short(ctx, fact.instrument) + colon(ctx.lang), bold=True),
                        Run(status_text(fact, ctx, tpl)),
                    )
                    for fact in data.party_facts
                )
            ),
        )
        if any(fact.status == "unknown" for fact in data.party_facts):
            doc.add(para(tpl["status_note"], "note"))
    doc.add(para(tpl["method_clusters"]), para(tpl["method_footnote15"]))


def _short(ctx: Context, code: str) -> str:
    try:
        return ctx.ref.instrument(code).short_name(ctx.lang)
    except KeyError:
        return code


def _findings(doc: Document, data: DossierData, ctx: Context, tpl: Mapping[str, Any]) -> None:
    gettext = ctx.gettext
    doc.add(Heading(gettext("4. Findings by article")), para(tpl["findings_intro"]))
    by_article: dict[tuple[str | None, int | None], list[Record]] = defaultdict(list)
    for finding in data.findings:
        if finding["kind"] in {k for k, _label in ARTICLE_KINDS}:
            key = (
                (finding["instrument"], finding["article"])
                if finding.get("article")
                else (None, None)
            )
            by_article[key].append(finding)
    keys = sorted(set(data.articles) | {k for k in by_article if k[0]}, key=article_sort_key)
    if by_article.get((None, None)):
        keys.append((None, None))
    for key in keys:
        instrument, number = key
        heading = (
            ctx.article_label(instrument, number)
            if instrument and number
            else gettext("General findings")
        )
        doc.add(Heading(heading, 2))
        items = by_article.get(key, [])
        if not items:
            doc.add(para(tpl["no_findings"], "note"))
            continue
        for kind, label in ARTICLE_KINDS:
            chosen = [f for f in items if f["kind"] == kind]
            if chosen:
                doc.add(
                    Heading(gettext(label), 3),
                    ListBlock(tuple(finding_item(data, f) for f in chosen)),
                )


def _annex(doc: Document, data: DossierData, ctx: Context, tpl: Mapping[str, Any]) -> None:
    gettext = ctx.gettext
    doc.add(PageBreak(), Heading(gettext("Annex: evidence")))
    if not data.evidence:
        doc.add(para(tpl["no_evidence"]))
        return
    doc.add(para(tpl["annex_intro"]))
    rows = []
    for item in data.evidence:
        attachment = ""
        if item.get("attachment_sha256"):
            attachment = "{name}\nSHA-256 {sha}…".format(
                name=item.get("attachment_name") or "", sha=item["attachment_sha256"][:SHORT_SHA]
            )
        rows.append(
            (
                f"E{data.evidence_number[item['id']]}",
                item["source"].strip(),
                ctx.long_date(item["date"]) if item["date"] else "",
                item["description"].strip(),
                attachment,
            )
        )
    header = (
        gettext("No."),
        gettext("Source"),
        gettext("Date"),
        gettext("Description"),
        gettext("Attachment"),
    )
    doc.add(Table(header, tuple(rows), (0.09, 0.17, 0.14, 0.34, 0.26)))


def missing(data: DossierData) -> list[str]:
    dossier = data.dossier
    out: list[str] = []
    if not data.organization["name"].strip():
        out.append(N_("The organization's name is missing."))
    if not dossier["country"]:
        out.append(N_("The State party is not chosen."))
    if not dossier["executive_summary"].strip():
        out.append(N_("The executive summary is empty."))
    if not data.articles:
        out.append(N_("No article is selected."))
    if not any(f["kind"] not in ("recommendation", "ta_need") for f in data.findings):
        out.append(N_("No finding is recorded."))
    if not any(f["kind"] == "recommendation" for f in data.findings):
        out.append(N_("No recommendation is recorded."))
    return out
