"""gongkai.lib.filetypes: recognising attachments by content, size limit, text."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from docx import Document

from gongkai.lib.filetypes import (
    FileKind,
    FileTypeError,
    check_size,
    extract_text,
    max_attachment_bytes,
    sniff,
)
from gongkai.pii.tests.helpers import docx_bytes, minimal_pdf, xlsx_bytes

UNSUPPORTED = "（支持 PDF、DOCX、XLSX、PNG、JPEG、GIF、WEBP、TXT、CSV）"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def rejected(data: bytes, filename: str) -> str:
    with pytest.raises(FileTypeError) as caught:
        sniff(data, filename)
    return str(caught.value)


def small_docx() -> bytes:
    document = Document()
    document.add_paragraph("第一段")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    document.add_paragraph("第二段")
    document.sections[0].header.paragraphs[0].text = "页眉"
    return docx_bytes(document)


def small_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话", None, "备注"])
    book.active.append(["张三", 13812345678, None, None])
    book.create_sheet("第二页").append(["李四", 1.5])
    return xlsx_bytes(book)


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (minimal_pdf("hello"), "通知.pdf", FileKind.PDF),
        (small_docx(), "名单.DOCX", FileKind.DOCX),
        (small_xlsx(), "名单.xlsx", FileKind.XLSX),
        (PNG, "a.png", FileKind.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a.jpg", FileKind.JPEG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a.jpeg", FileKind.JPEG),
        (b"GIF89a\x01\x00", "a.gif", FileKind.GIF),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a.webp", FileKind.WEBP),
        ("说明文字\n".encode("gb18030"), "说明.txt", FileKind.TXT),
        ("姓名,电话\n张三,1\n".encode("utf-8-sig"), "名单.csv", FileKind.TXT),
    ],
)
def test_allowed_kinds_are_recognised_by_content(data, filename, kind):
    assert sniff(data, filename) is kind


def test_pdf_renamed_docx_is_rejected():
    assert rejected(minimal_pdf("x"), "名单.docx") == (
        "文件“名单.docx”的内容不是Word文档（DOCX），请检查后重新上传"
    )


def test_docx_renamed_pdf_or_xlsx_is_rejected():
    assert rejected(small_docx(), "x.pdf") == "文件“x.pdf”的内容不是PDF，请检查后重新上传"
    assert rejected(small_docx(), "x.xlsx") == (
        "文件“x.xlsx”的内容不是Excel表格（XLSX），请检查后重新上传"
    )


def test_executable_is_rejected_by_name_and_by_content():
    assert rejected(EXE, "setup.exe") == f"不支持的附件类型：文件“setup.exe”{UNSUPPORTED}"
    assert rejected(EXE, "setup.pdf") == "文件“setup.pdf”的内容不是PDF，请检查后重新上传"
    assert rejected(EXE, "setup.txt") == (
        "文件“setup.txt”的内容不是纯文本（TXT、CSV），请检查后重新上传"
    )


@pytest.mark.parametrize("filename", ["a.zip", "a.html", "a", "a.pdf.exe"])
def test_unsupported_extensions(filename):
    assert rejected(b"anything", filename) == f"不支持的附件类型：文件“{filename}”{UNSUPPORTED}"


def test_old_office_files_are_rejected_with_a_hint():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
    assert rejected(ole, "a.doc") == (
        "不支持旧版 Office 文件“a.doc”，请另存为 DOCX、XLSX 或 PDF 后重新上传"
    )
    assert rejected(ole, "a.docx") == (
        "文件“a.docx”是旧版 Office 格式（.doc、.xls），请另存为 DOCX、XLSX 或 PDF 后重新上传"
    )


def test_plain_zip_renamed_docx_is_rejected():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hi")
    assert rejected(out.getvalue(), "a.docx") == (
        "文件“a.docx”的内容不是Word文档（DOCX），请检查后重新上传"
    )


def test_text_that_mentions_a_pdf_header_is_text():
    assert sniff(b"PDF files start with %PDF-1.4\n", "note.txt") is FileKind.TXT
    assert sniff(b"\r\n" + minimal_pdf("x"), "a.pdf") is FileKind.PDF


def test_html_or_binary_renamed_txt_is_rejected():
    assert "的内容不是纯文本" in rejected(b"<!DOCTYPE html><html></html>", "a.txt")
    assert "的内容不是纯文本" in rejected("文字".encode("utf-16"), "a.txt")


def test_truncated_docx_is_rejected():
    data = small_docx()
    assert rejected(data[: len(data) // 2], "a.docx") == (
        "文件“a.docx”已损坏，无法打开，请检查后重新上传"
    )


def test_docx_with_broken_xml_cannot_be_read():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(small_docx())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            target.writestr(info, content)
    data = out.getvalue()
    assert sniff(data, "a.docx") is FileKind.DOCX  # the package itself is fine
    with pytest.raises(FileTypeError, match=f"^{re.escape('Word文档（DOCX）已损坏，无法读取')}$"):
        extract_text(data, FileKind.DOCX)


def test_broken_pdf_and_xlsx_cannot_be_read():
    with pytest.raises(FileTypeError, match=f"^{re.escape('PDF 文件已损坏，无法读取')}$"):
        extract_text(b"%PDF-1.4\n garbage", FileKind.PDF)
    with pytest.raises(FileTypeError, match=f"^{re.escape('Excel表格（XLSX）已损坏，无法读取')}$"):
        extract_text(b"PK\x03\x04 garbage", FileKind.XLSX)


def test_empty_file_is_rejected():
    assert rejected(b"", "a.pdf") == "文件“a.pdf”是空的，请检查后重新上传"


def test_size_limit_from_settings(settings):
    assert max_attachment_bytes() == 20 * 1024 * 1024
    check_size(20 * 1024 * 1024, "a.pdf")
    with pytest.raises(FileTypeError) as caught:
        check_size(20 * 1024 * 1024 + 1, "大文件.pdf")
    assert str(caught.value) == "附件“大文件.pdf”超过 20 MB 上限"
    settings.GONGKAI_MAX_ATTACHMENT_MB = 1
    with pytest.raises(FileTypeError, match=f"^{re.escape('附件“a.pdf”超过 1 MB 上限')}$"):
        check_size(1024 * 1024 + 1, "a.pdf")


def test_docx_text_has_paragraphs_and_table_cells_in_order_then_headers():
    assert extract_text(small_docx(), FileKind.DOCX) == "第一段\n甲\n乙\n第二段\n页眉"


def test_xlsx_text_has_every_sheet_with_tab_separated_cells():
    assert extract_text(small_xlsx(), FileKind.XLSX) == (
        "姓名\t电话\t\t备注\n张三\t13812345678\n\n李四\t1.5"
    )


def test_text_files_and_images():
    assert extract_text("中文".encode("gb18030"), FileKind.TXT) == "中文"
    assert extract_text("中文".encode("utf-8-sig"), FileKind.TXT) == "中文"
    assert extract_text(PNG, FileKind.PNG) == ""
    assert extract_text(minimal_pdf("hello"), FileKind.PDF).strip() == "hello"
