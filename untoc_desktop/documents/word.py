"""Write a :class:`~untoc_desktop.documents.model.Document` as an editable DOCX with python-docx.

The point of the DOCX is that an organization can adjust the wording before sending, so it uses
Word's own styles (Title, Heading 1-3, List Bullet, Quote), real page-number fields and a real
table-of-contents field rather than drawn text. The file's properties are overwritten every time:
python-docx's default template would otherwise sign every file "python-docx" with dates from 2013.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import BinaryIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from untoc_desktop.design import LIGHT as PAPER
from untoc_desktop.documents.model import (
    Block,
    Contents,
    Cover,
    Document,
    Heading,
    Keep,
    Letterhead,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Spacer,
    Table,
)

# present on Windows and macOS; LibreOffice maps it to the metric-compatible Liberation Sans
FONT = "Arial"
LANG_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}
# The interface's light palette (``design.py``): the letterhead and cover match the app and the PDF.
ACCENT = RGBColor.from_string(PAPER.accent.lstrip("#").upper())
MUTED = RGBColor.from_string(PAPER.muted_text.lstrip("#").upper())
RED = RGBColor.from_string(PAPER.error_text.lstrip("#").upper())
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _set_language(doc: DocxDocument, lang: str) -> None:
    """Mark the text's language so Word and LibreOffice check spelling in the right dictionary."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang_el = _child(rpr, "w:lang")
    lang_el.set(qn("w:val"), LANG_TAGS.get(lang, lang))
    lang_el.set(qn("w:bidi"), "ar-SA")
    fonts_el = _child(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts_el.set(qn(attr), FONT)


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The existing child ``tag`` or a new one (an lxml element without children is falsy: no
    ``or``)."""
    found: BaseOxmlElement | None = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _setup(doc: DocxDocument, document: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _set_language(doc, document.lang)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT if name != "Heading 3" else MUTED
        rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if rfonts is not None:  # the default template names theme fonts; drop them so ours applies
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    _header_footer(doc, document)


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str = "1") -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(doc: DocxDocument, document: Document) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    if document.running_title:
        run = header.add_run(document.running_title)
        run.font.size, run.font.color.rgb = Pt(8), MUTED
    if document.confidential_label:
        if document.running_title:
            header.add_run("\t\t")
        mark = header.add_run(document.confidential_label.upper())
        mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(9), RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    position = 0
    for match in _PLACEHOLDER.finditer(document.page_label):
        footer.add_run(document.page_label[position : match.start()]).font.size = Pt(8)
        _field(footer, "PAGE" if match.group(1) == "page" else "NUMPAGES")
        position = match.end()
    footer.add_run(document.page_label[position:]).font.size = Pt(8)
    if document.confidential_label:
        mark = footer.add_run("    " + document.confidential_label.upper())
        mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(8), RED


def _add_runs(paragraph: DocxParagraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None
        if run.blank:
            added.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _paragraph(doc: DocxDocument, block: Paragraph) -> DocxParagraph:
    styles = {"title": "Title", "subtitle": "Subtitle", "quote": "Quote"}
    paragraph = doc.add_paragraph(style=styles.get(block.style))
    _add_runs(paragraph, block.runs)
    fmt = paragraph.paragraph_format
    if block.style == "body":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif block.style == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.space_after = Pt(12)
    elif block.style == "tight":
        fmt.space_after = Pt(0)
    elif block.style in ("title", "subtitle"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif block.style == "quote":
        fmt.left_indent = fmt.right_indent = Cm(0.8)
    elif block.style in ("note", "small"):
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(9 if block.style == "note" else 8.5), MUTED
    elif block.style == "label":
        fmt.space_before, fmt.space_after = Pt(4), Pt(3)
    return paragraph


def _list(doc: DocxDocument, block: ListBlock) -> None:
    for number, item in enumerate(block.items, start=block.start):
        if block.numbered:
            # Numbers are written out rather than left to "List Number", whose numbering would run
            # on from one list to the next; the hanging indent keeps the look of a Word list.
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.9)
            paragraph.paragraph_format.first_line_indent = Cm(-0.6)
            paragraph.add_run(f"{number}.\t")
        else:
            paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.paragraph_format.space_after = Pt(3)
        _add_runs(paragraph, item)


def _table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(text)
    if block.widths:
        for row in table.rows:
            for cell, fraction in zip(row.cells, block.widths, strict=True):
                cell.width = Cm(16.6 * fraction)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _picture(paragraph: DocxParagraph, png: bytes, height_cm: float) -> None:
    paragraph.add_run().add_picture(io.BytesIO(png), height=Cm(height_cm))


def _letterhead(doc: DocxDocument, block: Letterhead) -> None:
    if block.logo_png:
        _picture(doc.add_paragraph(), block.logo_png, 2.0)
    name = doc.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name.paragraph_format.space_after = Pt(0)
    run = name.add_run(block.name)
    run.font.size, run.font.color.rgb = Pt(14), ACCENT
    for line in block.lines:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        added = paragraph.add_run(line)
        added.font.size, added.font.color.rgb = Pt(8.5), MUTED
    doc.add_paragraph()


def _cover(doc: DocxDocument, block: Cover) -> None:
    for _ in range(4):
        doc.add_paragraph()
    if block.logo_png:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _picture(paragraph, block.logo_png, 3.0)
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(block.title)
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = subtitle.add_run(block.subtitle)
    run.font.size, run.font.color.rgb = Pt(12), MUTED
    doc.add_paragraph()
    for line in block.lines:
        paragraph = doc.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _fld_char(kind: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _contents(doc: DocxDocument, block: Contents, headings: list[Heading]) -> None:
    """A real TOC field; its cached result lists the headings so it reads well before any update."""
    title = doc.add_paragraph()
    run = title.add_run(block.title)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(15), ACCENT
    entries = [h for h in headings if h.level <= 2] or [Heading("")]
    for index, heading in enumerate(entries):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * (heading.level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
        if index == 0:
            paragraph._p.append(_fld_char("begin"))
            instr_run = OxmlElement("w:r")
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = ' TOC \\o "1-2" \\h \\z \\u '
            instr_run.append(instr)
            paragraph._p.append(instr_run)
            paragraph._p.append(_fld_char("separate"))
        paragraph.add_run(heading.text)
        if index == len(entries) - 1:
            paragraph._p.append(_fld_char("end"))
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")  # Word offers to refresh page numbers on opening
    update.set(qn("w:val"), "true")
    settings.append(update)


def _scrub_properties(doc: DocxDocument, document: Document) -> None:
    props = doc.core_properties
    stamp = datetime.now(UTC).replace(microsecond=0)
    props.author = document.author
    props.last_modified_by = document.author
    props.title = document.title
    props.subject = document.subject
    props.language = LANG_TAGS.get(document.lang, document.lang)
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _add(doc: DocxDocument, block: Block, headings: list[Heading]) -> None:
    if isinstance(block, Paragraph):
        _paragraph(doc, block)
    elif isinstance(block, Heading):
        doc.add_heading(block.text, level=max(1, min(block.level, 3)))
    elif isinstance(block, ListBlock):
        _list(doc, block)
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Letterhead):
        _letterhead(doc, block)
    elif isinstance(block, Cover):
        _cover(doc, block)
    elif isinstance(block, Spacer):
        doc.add_paragraph().paragraph_format.space_after = Pt(block.height_pt * 0.6)
    elif isinstance(block, PageBreak):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(block, Contents):
        _contents(doc, block, headings)
    elif isinstance(block, Keep):
        for inner in block.blocks:
            if isinstance(inner, Paragraph):
                _paragraph(doc, inner).paragraph_format.keep_with_next = True
            else:
                _add(doc, inner, headings)
    else:
        raise TypeError(f"unknown block {block!r}")


def build(document: Document) -> DocxDocument:
    doc = docx.Document()
    _setup(doc, document)
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    for block in document.blocks:
        _add(doc, block, headings)
    _scrub_properties(doc, document)
    return doc


def write(document: Document, target: BinaryIO) -> None:
    build(document).save(target)
