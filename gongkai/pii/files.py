"""Scanning attachments for personal information and regenerating masked copies.

DOCX, XLSX and text files can be masked automatically; PDF and images cannot (their
text is drawn, not stored as editable text), so the uploader must provide a processed
file or a reason for publishing (:class:`CannotMask`).

DOCX is edited at the XML level, paragraph by paragraph, in the document, headers,
footers, footnotes, endnotes and comments, text boxes (both copies), tracked
deletions, field codes and the document properties; a number split over several runs
is found on the paragraph's whole text and rewritten run by run, so formatting stays.
XLSX goes through openpyxl: every string cell, every number that reads as personal
information (a mobile stored as a number becomes masked text), and cell comments.
openpyxl drops charts and images it cannot read, which is acceptable for a masked
copy of a list.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from gongkai.lib.filetypes import (
    DOCX_CORE_PROPERTIES,
    DocxStream,
    FileKind,
    FileTypeError,
    cell_text,
    decode_text,
    docx_paragraphs,
    docx_text_parts,
    extract_text,
    parse_xml,
)
from gongkai.pii.mask import MaskPolicy, get_policy, mask_text
from gongkai.pii.scanner import Hit, scan

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class CannotMask(Exception):
    """The file cannot be masked automatically; the message is for users (Chinese)."""


def scan_file(data: bytes, kind: FileKind) -> list[Hit]:
    """Personal information in a file, including what a reader does not see (tracked
    deletions, field codes, document properties). Positions are offsets into
    ``extract_text(data, kind, hidden=True)``. Images give no hits: they cannot be read."""
    return scan(extract_text(data, kind, hidden=True))


def mask_file(data: bytes, kind: FileKind, *, filename: str = "", landlines: bool = False) -> bytes:
    """A copy of the file with every blocking hit (and landlines if asked) masked.

    Raises :class:`CannotMask` for PDF and images, :class:`FileTypeError` for damaged
    files."""
    named = f"“{filename}”" if filename else ""
    if kind is FileKind.PDF:
        raise CannotMask(f"PDF附件{named}无法自动遮盖个人信息，请上传已处理的文件或填写公开理由")
    if kind.is_image:
        raise CannotMask(f"图片附件{named}无法自动遮盖个人信息，请上传已处理的文件或填写公开理由")
    policy = get_policy()
    if kind is FileKind.DOCX:
        return _mask_docx(data, policy, landlines)
    if kind is FileKind.XLSX:
        return _mask_xlsx(data, policy, landlines)
    text, encoding = decode_text(data)
    return _mask(text, policy, landlines).encode(encoding)


def _mask(text: str, policy: MaskPolicy, landlines: bool) -> str:
    return mask_text(text, scan(text, policy=policy), landlines=landlines)


# --- DOCX --------------------------------------------------------------------------


def _mask_docx(data: bytes, policy: MaskPolicy, landlines: bool) -> bytes:
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = set(docx_text_parts(source))
            with zipfile.ZipFile(out, "w") as target:
                for info in source.infolist():
                    content = source.read(info)
                    if info.filename in parts:
                        content = _mask_docx_part(content, policy, landlines)
                    elif info.filename == DOCX_CORE_PROPERTIES:
                        content = _mask_core_properties(content, policy, landlines)
                    target.writestr(info, content)
    except FileTypeError:
        raise
    except Exception:  # zipfile and lxml raise many kinds of errors on broken files
        raise FileTypeError("Word文档（DOCX）已损坏，无法读取") from None
    return out.getvalue()


def _serialize(root: Any) -> bytes:
    from lxml import etree

    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def _mask_docx_part(content: bytes, policy: MaskPolicy, landlines: bool) -> bytes:
    root = parse_xml(content)
    changed = False
    for paragraph in list(docx_paragraphs(root, fallback=True)):
        for stream in paragraph.streams():
            hits = [
                h for h in scan(stream.text, policy=policy) if h.blocks_publication or landlines
            ]
            if hits:
                _rewrite(stream, hits)
                changed = True
    return _serialize(root) if changed else content


def _mask_core_properties(content: bytes, policy: MaskPolicy, landlines: bool) -> bytes:
    root = parse_xml(content)
    changed = False
    for element in root.iter():
        if isinstance(element.tag, str) and element.text:
            masked = _mask(element.text, policy, landlines)
            if masked != element.text:
                element.text = masked
                changed = True
    return _serialize(root) if changed else content


def _edit(hit: Hit) -> tuple[int, int, str]:
    """The smallest change a hit needs: ``(start, end, replacement)`` without the
    characters the mask keeps at either end (an address keeps its place name)."""
    value, masked = hit.value, hit.masked
    head = 0
    while head < min(len(value), len(masked)) and value[head] == masked[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(value), len(masked)) - head
        and value[len(value) - 1 - tail] == masked[len(masked) - 1 - tail]
    ):
        tail += 1
    return hit.start + head, hit.end - tail, masked[head : len(masked) - tail]


def _rewrite(stream: DocxStream, hits: list[Hit]) -> None:
    """Apply ``hits`` (offsets into ``stream.text``) to the ``w:t`` elements. A change
    of the same length is spread character by character over the runs it covers;
    otherwise the first run takes the replacement and the others lose their share.
    Working right to left keeps every earlier offset valid."""
    segments: list[tuple[int, int, Any]] = []
    position = 0
    for element, text in stream.segments:
        segments.append((position, position + len(text), element))
        position += len(text)
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        start, end, replacement = _edit(hit)
        same_length = len(replacement) == end - start
        first = True
        for seg_start, seg_end, element in segments:
            if element is None or seg_end <= start or seg_start >= end:
                continue
            a, b = max(start, seg_start), min(end, seg_end)
            if same_length:
                piece = replacement[a - start : b - start]
            else:
                piece = replacement if first else ""
                first = False
            current = element.text or ""
            new = current[: a - seg_start] + piece + current[b - seg_start :]
            element.text = new
            if new != new.strip():
                element.set(_XML_SPACE, "preserve")


# --- XLSX --------------------------------------------------------------------------


def _mask_xlsx(data: bytes, policy: MaskPolicy, landlines: bool) -> bytes:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:  # openpyxl, zipfile and lxml raise many kinds of errors
        raise FileTypeError("Excel表格（XLSX）已损坏，无法读取") from None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                _mask_cell(cell, policy, landlines)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _mask_cell(cell: Any, policy: MaskPolicy, landlines: bool) -> None:
    value = cell.value
    if isinstance(value, str):
        text = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e6:
        text = cell_text(value)  # a mobile or ID stored as a number
    else:
        text = ""
    if text:
        masked = _mask(text, policy, landlines)
        if masked != text:
            cell.value = masked
    comment = cell.comment
    if comment is not None and comment.text:
        masked = _mask(comment.text, policy, landlines)
        if masked != comment.text:
            comment.text = masked
