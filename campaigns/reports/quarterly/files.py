"""The update as files: PDF (WeasyPrint, through Pango, so Arabic is shaped and runs right to left)
and Word (python-docx, with right-to-left paragraphs and a complex-script font for Arabic).

Both need fonts with Arabic and Cyrillic glyphs on the machine: Debian's fonts-noto-core (Noto Sans,
Noto Sans Arabic) and fonts-dejavu-core, which .ci/run installs.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "campaigns" / "quarterly.css"
PAGE_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #4f5866; direction: ltr; } }
body { font-size: 10pt; }
a { color: #1f5fbf; text-decoration: none; }
"""
LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Sans Arabic"


def document_html(document: dict, *, draft: bool = False) -> str:
    with translation.override(document["language"]):
        return render_to_string("campaigns/quarterly/pdf.html", {"document": document, "draft": draft})


def document_pdf(document: dict, *, draft: bool = False) -> bytes:
    # Imported here: loading WeasyPrint (and Pango) takes a while, and only this needs it.
    import weasyprint

    html = weasyprint.HTML(string=document_html(document, draft=draft), base_url=str(STYLESHEET.parent))
    stylesheets = [weasyprint.CSS(filename=str(STYLESHEET)), weasyprint.CSS(string=PAGE_CSS)]
    return html.write_pdf(stylesheets=stylesheets)


# --- Word ---------------------------------------------------------------------------------------


def _set_fonts(style, *, rtl: bool) -> None:
    style.font.name = LATIN_FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if rtl:
        language = OxmlElement("w:lang")
        language.set(qn("w:bidi"), "ar-SA")
        style.element.get_or_add_rPr().append(language)


def _rtl_paragraph(paragraph) -> None:
    """Right to left: the paragraph's direction (w:bidi) and each run's (w:rtl), so Word shapes
    and orders Arabic and puts Latin words inside it where they belong."""
    properties = paragraph._p.get_or_add_pPr()
    properties.append(OxmlElement("w:bidi"))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _paragraph(doc, text: str, *, rtl: bool, style: str | None = None, bold: bool = False):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    if rtl:
        _rtl_paragraph(paragraph)
    return paragraph


def _heading(doc, text: str, level: int, *, rtl: bool) -> None:
    heading = doc.add_heading(text, level=level)
    if rtl:
        _rtl_paragraph(heading)


def _table(doc, header: list[str] | None, rows: list[list[str]], *, rtl: bool) -> None:
    columns = len(header or rows[0])
    table = doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    if rtl:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for index, values in enumerate([header, *rows] if header else rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(value))
            run.bold = bool(header) and index == 0
            if rtl:
                _rtl_paragraph(cell.paragraphs[0])
    doc.add_paragraph()


def _block(doc, block: dict, *, rtl: bool) -> None:
    if block.get("caption"):
        _paragraph(doc, block["caption"], rtl=rtl, bold=True)
    if block["type"] == "facts":
        _table(doc, None, block["rows"], rtl=rtl)
    elif block["type"] == "table" and block["rows"]:
        _table(doc, block["header"], block["rows"], rtl=rtl)
    elif block["type"] == "list":
        for item in block["items"]:
            text = f"{item['text']} ({item['url']})" if item.get("url") else item["text"]
            _paragraph(doc, text, rtl=rtl, style="List Bullet")
    elif block["type"] == "note":
        paragraph = _paragraph(doc, block["text"], rtl=rtl)
        for run in paragraph.runs:
            run.italic = True


def document_docx(document: dict, *, draft: bool = False) -> bytes:
    rtl = document["direction"] == "rtl"
    doc = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet"):
        _set_fonts(doc.styles[name], rtl=rtl)
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"{document['title']}: {document['subtitle']}"
    doc.core_properties.language = document["language"]
    title = doc.add_heading(document["title"], level=0)
    if rtl:
        _rtl_paragraph(title)
    _paragraph(doc, document["subtitle"], rtl=rtl, bold=True)
    if draft:
        with translation.override(document["language"]):
            _paragraph(doc, _("Draft: the figures change until the update is frozen."), rtl=rtl, bold=True)
    _paragraph(doc, " · ".join(f"{label}: {value}" for label, value in document["meta"]), rtl=rtl)
    _paragraph(doc, document["drafted_on"], rtl=rtl)
    for section in document["sections"]:
        _heading(doc, section["heading"], 1 if section["level"] == 2 else 2, rtl=rtl)
        for paragraph in [part for part in section["text"].split("\n\n") if part.strip()]:
            _paragraph(doc, paragraph.strip(), rtl=rtl)
        for block in section["blocks"]:
            _block(doc, block, rtl=rtl)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
