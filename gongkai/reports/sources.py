"""Getting the text out of a report file (plain text, HTML, DOCX, PDF).

The type is recognised from the content (magic bytes, ``<html``), the file name only
breaks ties. Every format comes out the same way: one line per paragraph, and one line
per table row with the cells separated by tabs — the layout the table readers expect.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, TypeVar

from gongkai.reports.result import UnreadableReport

EMPTY_FILE = "文件是空的"
IMAGE_ONLY_PDF = "该 PDF 没有文字层（可能是扫描件），无法读取，请提供文字版 PDF、网页或 Word 文件"
BROKEN_PDF = "PDF 文件已损坏，无法读取"
ENCRYPTED_PDF = "该 PDF 设有打开密码，无法读取，请提供未加密的文件"
BROKEN_DOCX = "Word 文件（.docx）已损坏，无法读取"
OLD_OFFICE = "不支持 .doc 等旧版 Office 文件，请在 Word 或 WPS 中另存为 .docx 或 PDF 后再提供"
IMAGE_FILE = "该文件是图片，无法读取文字，请提供文字版 PDF、网页或 Word 文件"
UNSUPPORTED = "不支持的文件格式，请提供文本、网页（HTML）、Word（.docx）或 PDF 文件"
UNKNOWN_ENCODING = "无法识别文件的文字编码"

_T = TypeVar("_T")
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP
    b"II*\x00",  # TIFF
    b"MM\x00*",
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .wps
_ZIP_MAGIC = b"PK\x03\x04"
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|table|div|p)[\s>/]", re.I)
_HTML_NAMES = (".htm", ".html", ".shtml", ".xhtml", ".mht")


def extract_text(data: bytes, filename: str = "") -> str:
    """The report's text; tables become one row per line with cells separated by tabs
    where the format has real tables (HTML, DOCX, and PDF cells that sit side by side).
    Raises :class:`UnreadableReport` with a message for users."""
    if not data.strip():
        raise UnreadableReport(EMPTY_FILE)
    head = data[:1024]
    if b"%PDF-" in head:
        return pdf_text(data)
    if data.startswith(_ZIP_MAGIC):
        return docx_text(data)
    if data.startswith(_OLE_MAGIC):
        raise UnreadableReport(OLD_OFFICE)
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise UnreadableReport(IMAGE_FILE)
    text = _decode(data)
    if _HTML_SNIFF.search(head) or filename.lower().endswith(_HTML_NAMES):
        return html_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableReport(UNKNOWN_ENCODING) from None
    if b"\x00" in data:
        raise UnreadableReport(UNSUPPORTED)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise UnreadableReport(UNSUPPORTED)
        return text
    raise UnreadableReport(UNKNOWN_ENCODING)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > len(sample) // 100


def _lines(lines: Iterable[str]) -> str:
    """Join lines, each line and each tab-separated cell trimmed, blank lines dropped."""
    out = []
    for line in lines:
        clean = "\t".join(" ".join(cell.split()) for cell in line.split("\t")).rstrip("\t")
        if clean.strip("\t"):
            out.append(clean)
    return "\n".join(out) + "\n"


# --- HTML ---------------------------------------------------------------------------

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "title", "ul",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr"})


class _HtmlText(HTMLParser):
    """Text of an HTML page: block elements become lines, each table row one line
    with its cells separated by tabs; scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip_depth = 0
        # per open table: [cells seen in the current row, inside a cell]
        self._tables: list[list[int]] = []

    def _flush(self) -> None:
        self.lines.append("".join(self._line))
        self._line = []

    def _in_cell(self) -> bool:
        return bool(self._tables) and self._tables[-1][1] > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag == "table":
            self._flush()
            self._tables.append([0, 0])
        elif tag == "tr" and self._tables:
            self._flush()
            self._tables[-1] = [0, 0]
        elif tag in ("td", "th") and self._tables:
            table = self._tables[-1]
            if table[0]:
                self._line.append("\t")
            table[0] += 1
            table[1] = 1
        elif tag in _BLOCK:
            self._block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and not self._skip_depth:
            self._block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "table" and self._tables:
            self._flush()
            self._tables.pop()
        elif tag == "tr" and self._tables:
            self._flush()
            self._tables[-1] = [0, 0]
        elif tag in ("td", "th") and self._tables:
            self._tables[-1][1] = 0
        elif tag in _BLOCK and tag not in _VOID:
            self._block()

    def _block(self) -> None:
        # Inside a table cell a paragraph break must not break the row.
        if self._in_cell():
            self._line.append(" ")
        else:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        self._line.append(re.sub(r"[\s\u00a0]+", " ", data))

    def text(self) -> str:
        self._flush()
        return _lines(self.lines)


def html_text(text: str) -> str:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return parser.text()


# --- DOCX ---------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table, _Cell

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise UnreadableReport(BROKEN_DOCX) from None
    if "word/document.xml" not in names:
        raise UnreadableReport(UNSUPPORTED)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        # lxml's XMLSyntaxError is a SyntaxError
        raise UnreadableReport(BROKEN_DOCX) from None

    def table_lines(table: Table) -> Iterator[str]:
        for row in table.rows:
            cells = []
            for tc in row._tr.tc_lst:  # one entry per real cell, spans not repeated
                if tc.vMerge == "continue":  # continuation of a vertically merged cell
                    cells.append("")
                else:
                    cells.append(" ".join(_Cell(tc, table).text.split()))
            yield "\t".join(cells)

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append("")
            lines.extend(table_lines(block))
            lines.append("")
        else:
            lines.append(block.text)
    return _lines(lines)


# --- PDF ----------------------------------------------------------------------------


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str


@dataclass
class _Rules:
    """A page's drawn table borders: vertical sides (x, y0, y1) sorted by x, and
    horizontal rules (y, x0, x1) sorted by y."""

    vertical: list[tuple[float, float, float]]
    horizontal: list[tuple[float, float, float]]

    @classmethod
    def of_page(cls, page: Any) -> _Rules:
        from pdfminer.layout import LTCurve  # LTRect and LTLine are LTCurves

        vertical, horizontal = [], []
        for shape in _walk(page, LTCurve):
            if shape.width > 0.9 * page.width and shape.height > 0.5 * page.height:
                continue  # a page background, not a table
            vertical += [(x, shape.y0, shape.y1) for x in {shape.x0, shape.x1}]
            horizontal += [(y, shape.x0, shape.x1) for y in {shape.y0, shape.y1}]
        return cls(sorted(vertical), sorted(horizontal))

    def border_between(self, x0: float, x1: float, y: float) -> bool:
        """Whether a vertical border crosses height ``y`` between ``x0`` and ``x1``."""
        start = bisect.bisect_left(self.vertical, (x0,))
        for x, bottom, top in self.vertical[start:]:
            if x > x1:
                return False
            if bottom <= y <= top:
                return True
        return False

    def in_cell(self, line: _Line) -> bool:
        """Whether ``line`` sits between two vertical borders (inside a table)."""
        middle = (line.y0 + line.y1) / 2
        left = right = False
        for x, bottom, top in self.vertical:
            if bottom <= middle <= top:
                left = left or x <= line.x0 + 1
                right = right or x >= line.x1 - 1
        return left and right

    def rule_between(self, low: float, high: float, x0: float, x1: float) -> bool:
        """Whether a horizontal rule lies between heights ``low`` and ``high`` and
        reaches across ``x0``…``x1``."""
        start = bisect.bisect_left(self.horizontal, (low - 1,))
        for y, left, right in self.horizontal[start:]:
            if y > high + 1:
                return False
            if left < x1 and right > x0:
                return True
        return False


def pdf_text(data: bytes) -> str:
    """The PDF's text layer in reading order: lines top to bottom; text that sits side
    by side (table cells) joined by tabs; a table cell wrapped over several lines kept
    together on its row's line."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextLine
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    lines: list[str] = []
    found_text = False
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            rules = _Rules.of_page(page)
            page_lines = [
                _Line(line.x0, line.x1, line.y0, line.y1, text)
                for line in _walk(page, LTTextLine)
                if (text := _line_text(line, rules))
            ]
            found_text = found_text or bool(page_lines)
            lines.extend(_reading_order(page_lines, rules))
    except PDFPasswordIncorrect:
        raise UnreadableReport(ENCRYPTED_PDF) from None
    except UnreadableReport:
        raise
    except Exception:  # pdfminer raises many kinds of errors on broken files
        raise UnreadableReport(BROKEN_PDF) from None
    if not found_text:
        raise UnreadableReport(IMAGE_ONLY_PDF)
    return _lines(lines)


def _walk(item: Any, kind: type[_T]) -> Iterator[_T]:
    if isinstance(item, kind):
        yield item
    elif isinstance(item, Iterable):
        for child in item:
            yield from _walk(child, kind)


def _line_text(line: Any, rules: _Rules) -> str:
    """A text line's characters. Where pdfminer kept two table cells on one line, the
    gap between them (crossed by a cell border, or wider than one and a half
    characters) becomes a tab."""
    from pdfminer.layout import LTChar

    parts: list[str] = []
    previous: Any = None
    space = False
    for item in line:
        if not isinstance(item, LTChar):
            space = bool(parts)  # pdfminer's LTAnno: a word gap or the line end
            continue
        if previous is not None:
            gap = item.x0 - previous.x1
            height = max(item.height, 1.0)
            if gap > 1.5 * height or (
                gap > 0.1 * height
                and rules.border_between(previous.x1 - 0.5, item.x0 + 0.5, (item.y0 + item.y1) / 2)
            ):
                parts.append("\t")
                space = False
        if space:
            parts.append(" ")
        parts.append(item.get_text())
        previous, space = item, False
    return "".join(parts).strip()


def _reading_order(page_lines: list[_Line], rules: _Rules) -> list[str]:
    """Group lines into bands, one per printed line or table row, and read each band
    left to right. A line joins the band above it when their heights overlap (a value
    centred beside a wrapped label) or when both sit in table cells with no horizontal
    rule between them (a label wrapped over several lines)."""
    page_lines.sort(key=lambda line: -line.y1)
    bands: list[list[_Line]] = []
    bottom = 0.0
    for line in page_lines:
        height = max(line.y1 - line.y0, 1.0)
        if bands and (
            line.y1 - bottom > 0.15 * height
            or (
                rules.in_cell(line)
                and rules.in_cell(bands[-1][-1])
                and not rules.rule_between(line.y1, bottom, line.x0, line.x1)
            )
        ):
            bands[-1].append(line)
            bottom = min(bottom, line.y0)
        else:
            bands.append([line])
            bottom = line.y0
    return [_band_text(band) for band in bands]


def _band_text(band: list[_Line]) -> str:
    """A band's text: lines whose horizontal extents overlap form one cell, read top
    to bottom; cells left to right, separated by tabs."""
    columns: list[list[_Line]] = []
    for line in sorted(band, key=lambda line: line.x0):
        for column in columns:
            if line.x0 < max(item.x1 for item in column) - 1 and line.x1 > column[0].x0 + 1:
                column.append(line)
                break
        else:
            columns.append([line])
    cells = []
    for column in sorted(columns, key=lambda column: min(item.x0 for item in column)):
        parts = [item.text for item in sorted(column, key=lambda item: -item.y1)]
        cells.append(_join_wrapped(parts))
    return "\t".join(cells)


def _join_wrapped(parts: list[str]) -> str:
    """Lines of one wrapped cell: Chinese joins directly, Latin words with a space."""
    text = parts[0]
    for part in parts[1:]:
        ascii_join = text[-1:].isascii() and part[:1].isascii()
        text += (" " if ascii_join else "") + part
    return text
