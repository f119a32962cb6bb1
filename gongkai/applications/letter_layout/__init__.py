"""The default Word layout (版式) into which letters are rendered: ``default.docx``, a
docxtpl template built by :func:`build_default_layout`. Rebuild the committed file with
``python -m gongkai.applications.letter_layout`` after changing the function.

The layout follows the usual 公文 page (GB/T 9704): A4, margins 37/35/28/26 mm, title in
bold 宋体 二号 (22 pt), text in 仿宋 三号 (16 pt) on a fixed 28 pt line, first lines indented
two characters, the agency and date at the right, the page number in the footer. Its
variables are those of :func:`gongkai.applications.letter_render.layout_context`; the
body is the ``{%p for p in paragraphs %}`` loop (``{{ body }}`` also works: paragraphs
separated by docxtpl's ``\\a``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import cast

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

DEFAULT_LAYOUT = Path(__file__).with_name("default.docx")
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _fonts(style: ParagraphStyle, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.name = LATIN_FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _line(paragraph: Paragraph, points: float = 28) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def build_default_layout() -> bytes:
    """The default layout as DOCX bytes."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    normal = cast(ParagraphStyle, doc.styles["Normal"])
    _fonts(normal, BODY_FONT, 16)
    title_style = cast(ParagraphStyle, doc.styles.add_style("告知书标题", normal.type))
    title_style.base_style = normal
    _fonts(title_style, TITLE_FONT, 22, bold=True)

    props = doc.core_properties
    props.title = "{{ title }}"
    props.author = "{{ agency }}"
    props.subject = "{{ number }}"

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark = header.add_run("{% if draft %}草稿（未出具，仅供核对）{% endif %}")
    mark.font.size = Pt(10.5)
    mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _page_number(section.footer.paragraphs[0])

    def para(text: str, *, align: int | None = None, style: str | None = None) -> Paragraph:
        paragraph = doc.add_paragraph(text, style=style)
        if align is not None:
            paragraph.alignment = align  # type: ignore[assignment]
        _line(paragraph, 36 if style else 28)
        return paragraph

    para("{{ agency }}", align=WD_ALIGN_PARAGRAPH.CENTER, style="告知书标题")
    para("{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, style="告知书标题")
    para("{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    para("")
    para("{{ recipient }}：")
    para("{%p for p in paragraphs %}")
    body = para("{{ p }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Pt(32)
    para("{%p endfor %}")
    para("")
    for text in ("{{ signature }}", "{{ issued_on }}"):
        closing = para(text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        closing.paragraph_format.right_indent = Pt(32)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def default_layout_bytes() -> bytes:
    """The committed default layout (built afresh if the file is missing)."""
    try:
        return DEFAULT_LAYOUT.read_bytes()
    except FileNotFoundError:
        return build_default_layout()
