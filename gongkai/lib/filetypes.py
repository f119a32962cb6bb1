"""Attachment types: what an uploaded file really is, and the text inside it.

The kind of a file is decided by its content (magic bytes; for DOCX and XLSX the
package's ``[Content_Types].xml``), and the file name's extension must agree with it:
a PDF renamed ``.docx`` or a program renamed ``.pdf`` is refused. Only the kinds of
:class:`FileKind` are accepted. Every error is a :class:`FileTypeError` whose message
is shown to users as is (Chinese).

:func:`extract_text` gives the text used for personal-information scanning (and
search): PDF through pdfminer, DOCX by reading the package's XML directly (see
:func:`docx_paragraphs` for why not through python-docx' ``paragraph.text``), XLSX
through openpyxl, text files decoded from UTF-8 or GB18030. Images have no text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from django.conf import settings

DEFAULT_MAX_ATTACHMENT_MB = 20
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # DOCX/XLSX: all parts together, once unpacked
SUPPORTED = "PDF、DOCX、XLSX、PNG、JPEG、GIF、WEBP、TXT、CSV"


class FileTypeError(ValueError):
    """The file is refused or cannot be read; the message is for users (Chinese)."""


class FileKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"
    TXT = "txt"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def extensions(self) -> tuple[str, ...]:
        return _EXTENSIONS[self]

    @property
    def mime_type(self) -> str:
        return _MIME_TYPES[self]

    @property
    def is_image(self) -> bool:
        return self in (FileKind.PNG, FileKind.JPEG, FileKind.GIF, FileKind.WEBP)


_LABELS = {
    FileKind.PDF: "PDF",
    FileKind.DOCX: "Word文档（DOCX）",
    FileKind.XLSX: "Excel表格（XLSX）",
    FileKind.PNG: "PNG图片",
    FileKind.JPEG: "JPEG图片",
    FileKind.GIF: "GIF图片",
    FileKind.WEBP: "WEBP图片",
    FileKind.TXT: "纯文本（TXT、CSV）",
}
_EXTENSIONS = {
    FileKind.PDF: (".pdf",),
    FileKind.DOCX: (".docx",),
    FileKind.XLSX: (".xlsx",),
    FileKind.PNG: (".png",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.GIF: (".gif",),
    FileKind.WEBP: (".webp",),
    FileKind.TXT: (".txt", ".csv"),
}
_MIME_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.GIF: "image/gif",
    FileKind.WEBP: "image/webp",
    FileKind.TXT: "text/plain",
}
KIND_BY_EXTENSION = {ext: kind for kind in FileKind for ext in kind.extensions}
ACCEPT = ",".join(KIND_BY_EXTENSION)  # for <input type="file" accept="…">
_OLD_OFFICE_EXTENSIONS = (".doc", ".xls", ".ppt", ".wps", ".et", ".dps")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .wps
_ZIP_MAGIC = b"PK\x03\x04"
_HTML_START = re.compile(rb"\s*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_DOCX_MAIN = "wordprocessingml.document.main+xml"
_XLSX_MAIN = "spreadsheetml.sheet.main+xml"


# --- size --------------------------------------------------------------------------


def max_attachment_mb() -> int:
    return int(getattr(settings, "GONGKAI_MAX_ATTACHMENT_MB", DEFAULT_MAX_ATTACHMENT_MB))


def max_attachment_bytes() -> int:
    """The upload limit in bytes, read from settings on every call."""
    return max_attachment_mb() * 1024 * 1024


MAX_ATTACHMENT_BYTES = max_attachment_bytes()  # as configured at start-up


def check_size(size: int, filename: str) -> None:
    if size > max_attachment_bytes():
        raise FileTypeError(f"附件“{filename}”超过 {max_attachment_mb()} MB 上限")


# --- recognising the kind ----------------------------------------------------------


def sniff(data: bytes, filename: str) -> FileKind:
    """The kind of an uploaded file, from its content; the extension must agree.

    Raises :class:`FileTypeError` for empty, unsupported, damaged or misnamed files.
    """
    name = PurePath(filename).name or filename
    if not data:
        raise FileTypeError(f"文件“{name}”是空的，请检查后重新上传")
    extension = PurePath(name).suffix.lower()
    if extension in _OLD_OFFICE_EXTENSIONS:
        raise FileTypeError(
            f"不支持旧版 Office 文件“{name}”，请另存为 DOCX、XLSX 或 PDF 后重新上传"
        )
    claimed = KIND_BY_EXTENSION.get(extension)
    if claimed is None:
        raise FileTypeError(f"不支持的附件类型：文件“{name}”（支持 {SUPPORTED}）")
    if data.startswith(_OLE_MAGIC):
        raise FileTypeError(
            f"文件“{name}”是旧版 Office 格式（.doc、.xls），请另存为 DOCX、XLSX 或 PDF 后重新上传"
        )
    if claimed in (FileKind.DOCX, FileKind.XLSX) and data.startswith(_ZIP_MAGIC):
        actual = _package_kind(data, name)
    else:
        actual = _content_kind(data)
    if actual != claimed:
        raise FileTypeError(f"文件“{name}”的内容不是{claimed.label}，请检查后重新上传")
    return claimed


def _content_kind(data: bytes) -> FileKind | None:
    if data.lstrip().startswith(b"%PDF-") or (
        b"%PDF-" in data[:1024] and b"%%EOF" in data[-1024:]  # a header after some junk
    ):
        return FileKind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return FileKind.GIF
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return FileKind.WEBP
    if data.startswith(_ZIP_MAGIC) or _HTML_START.match(data):
        return None
    return FileKind.TXT if _decode_text(data) is not None else None


def _package_kind(data: bytes, name: str) -> FileKind | None:
    """DOCX or XLSX according to the package's content types; None for other zips."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content_types = _content_types(archive)
    except FileTypeError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        raise FileTypeError(f"文件“{name}”已损坏，无法打开，请检查后重新上传") from None
    if any(ctype.endswith(_DOCX_MAIN) for ctype in content_types.values()):
        return FileKind.DOCX
    if any(ctype.endswith(_XLSX_MAIN) for ctype in content_types.values()):
        return FileKind.XLSX
    return None


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name (without the leading slash) → content type, from the overrides of
    ``[Content_Types].xml``. Checks the unpacked size first (zip bombs)."""
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
        limit = MAX_UNZIPPED_BYTES // (1024 * 1024)
        raise FileTypeError(f"文件解压后超过 {limit} MB，无法处理")
    try:
        root = parse_xml(archive.read("[Content_Types].xml"))
    except KeyError:
        return {}
    return {
        el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
        for el in root
        if isinstance(el.tag, str) and el.tag.endswith("}Override")
    }


def parse_xml(data: bytes) -> Any:
    """Parse untrusted XML: no entities, no network, no huge trees."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser=parser)  # hardened parser above


# --- text --------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a text file: UTF-8 (``utf-8-sig`` when it starts with a
    byte-order mark) or GB18030. Raises :class:`FileTypeError` if it is neither."""
    decoded = _decode_text(data)
    if decoded is None:
        raise FileTypeError("文本文件的编码无法识别，请另存为 UTF-8 或 GB18030 编码后重新上传")
    return decoded


def _decode_text(data: bytes) -> tuple[str, str] | None:
    if b"\x00" in data:
        return None
    utf8 = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    for encoding in (utf8, "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        return None if controls else (text, encoding)
    return None


def extract_text(data: bytes, kind: FileKind, *, hidden: bool = False) -> str:
    """The text of a file already recognised by :func:`sniff`; images give "".

    ``hidden=True`` (for privacy scanning) adds what a reader does not see but the file
    still carries: in DOCX, tracked deletions and field codes (on the paragraph's own
    line after a tab) and the document properties (at the end).
    Raises :class:`FileTypeError` for damaged files.
    """
    if kind is FileKind.PDF:
        return _pdf_text(data)
    if kind is FileKind.DOCX:
        return _docx_text(data, hidden=hidden)
    if kind is FileKind.XLSX:
        return _xlsx_text(data)
    if kind is FileKind.TXT:
        return decode_text(data)[0]
    return ""


def _pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text as pdfminer_text
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfminer_text(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise FileTypeError("PDF 设有打开密码，无法读取，请上传未加密的文件") from None
    except Exception:  # pdfminer raises many kinds of errors on broken files
        raise FileTypeError("PDF 文件已损坏，无法读取") from None


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    lines: list[str] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for number, sheet in enumerate(book.worksheets):
                if number:
                    lines.append("")  # one blank line between sheets
                sheet.reset_dimensions()  # do not trust the declared dimension
                for row in sheet.iter_rows(values_only=True):
                    lines.append("\t".join(cell_text(value) for value in row).rstrip("\t"))
        finally:
            book.close()
    except Exception:  # openpyxl, zipfile and lxml raise many kinds of errors
        raise FileTypeError("Excel表格（XLSX）已损坏，无法读取") from None
    return "\n".join(lines)


def cell_text(value: object) -> str:
    """A spreadsheet cell as text; whole numbers without ``.0`` (a mobile number stored
    as a number must read ``13812345678``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


# --- DOCX --------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCX_TEXT_PARTS = (  # in the order their text is read
    "document.main+xml",
    "header+xml",
    "footer+xml",
    "footnotes+xml",
    "endnotes+xml",
    "comments+xml",
)
DOCX_CORE_PROPERTIES = "docProps/core.xml"
_SEPARATORS = {f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}br": "\n", f"{W}cr": "\n"}


@dataclass
class DocxStream:
    """The text of one paragraph as its ``w:t`` elements (or ``w:delText``, or
    ``w:instrText``) with tabs and breaks in between. ``segments`` pairs each piece of
    text with its element; separators have no element."""

    segments: list[tuple[Any, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.segments)


@dataclass
class DocxParagraph:
    visible: DocxStream = field(default_factory=DocxStream)
    deleted: DocxStream = field(default_factory=DocxStream)  # tracked deletions
    field_codes: DocxStream = field(default_factory=DocxStream)

    def streams(self) -> tuple[DocxStream, DocxStream, DocxStream]:
        return (self.visible, self.deleted, self.field_codes)


_STREAM_TAGS = {f"{W}t": 0, f"{W}delText": 1, f"{W}instrText": 2}


def docx_text_parts(archive: zipfile.ZipFile) -> list[str]:
    """The names of a DOCX package's parts that hold text: the document, then
    headers, footers, footnotes, endnotes and comments."""
    content_types = _content_types(archive)
    names = set(archive.namelist())

    def natural(name: str) -> list[Any]:
        return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]

    parts: list[str] = []
    for suffix in _DOCX_TEXT_PARTS:
        found = [n for n, ctype in content_types.items() if ctype.endswith(suffix)]
        parts += sorted((n for n in found if n in names), key=natural)
    return parts


def docx_paragraphs(root: Any, *, fallback: bool) -> Iterator[DocxParagraph]:
    """Every paragraph (``w:p``) of a DOCX XML part, in tables, text boxes and content
    controls too, each with only its own runs (a text box's paragraphs come on their
    own, before the paragraph that anchors them).

    python-docx' ``paragraph.text`` reads only the runs directly under a paragraph, so
    it misses tracked insertions, content controls and text boxes — places where a
    personal number may hide. A text box is stored twice (``mc:Choice`` and
    ``mc:Fallback``); ``fallback=False`` skips the second copy (reading), ``True``
    keeps it (masking must change both).
    """
    from lxml import etree

    stack: list[DocxParagraph] = []
    skipping = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if tag == _MC_FALLBACK and not fallback:
            skipping += 1 if event == "start" else -1
            continue
        if skipping:
            continue
        if tag == f"{W}p":
            if event == "start":
                stack.append(DocxParagraph())
            else:
                yield stack.pop()
            continue
        if event != "start" or not stack:
            continue
        paragraph = stack[-1]
        if tag in _STREAM_TAGS:
            stream = paragraph.streams()[_STREAM_TAGS[tag]]
            stream.segments.append((element, element.text or ""))
        elif tag in _SEPARATORS and element.getparent().tag == f"{W}r":
            for stream in paragraph.streams():
                stream.segments.append((None, _SEPARATORS[tag]))
        elif tag == f"{W}noBreakHyphen":
            paragraph.visible.segments.append((None, "-"))


def _docx_text(data: bytes, *, hidden: bool) -> str:
    broken = "Word文档（DOCX）已损坏，无法读取"
    lines: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = docx_text_parts(archive)
            if not parts:
                raise FileTypeError(broken)
            for name in parts:
                for paragraph in docx_paragraphs(parse_xml(archive.read(name)), fallback=False):
                    texts = [paragraph.visible.text]
                    if hidden:
                        texts += [s.text for s in paragraph.streams()[1:] if s.text.strip()]
                    lines.append("\t".join(texts))
            if hidden and DOCX_CORE_PROPERTIES in archive.namelist():
                core = parse_xml(archive.read(DOCX_CORE_PROPERTIES))
                lines += [
                    el.text
                    for el in core.iter()
                    if isinstance(el.tag, str) and el.text and el.text.strip()
                ]
    except FileTypeError:
        raise
    except Exception:  # zipfile and lxml raise many kinds of errors on broken files
        raise FileTypeError(broken) from None
    return "\n".join(lines)
