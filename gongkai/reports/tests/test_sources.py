"""Getting text out of report files: each format, and the files that cannot be read."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest
from docx import Document

from gongkai.reports.result import UnreadableReport
from gongkai.reports.sources import extract_text

# A 1×1 grey PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)
PDF_STYLE = (
    "@page { size: A5; margin: 1cm } "
    "body { font-family: 'Noto Sans CJK SC'; font-size: 9pt } "
    "td { border: 1px solid black; padding: 2pt }"
)


def render_pdf(body: str) -> bytes:
    from weasyprint import HTML

    html = f"<html><head><style>{PDF_STYLE}</style></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    return render_pdf(
        "<h2>沙坡头区2018年政府信息公开工作年度报告</h2>"
        "<p>本报告所列数据统计期限自2018年1月1日起。</p>"
        "<table><tr><td>统计指标</td><td>单位</td><td>统计数</td></tr>"
        # a narrow label cell: the label wraps, unit and value sit centred beside it
        '<tr><td style="width: 4cm">'
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）</td>"
        "<td>条</td><td>10947</td></tr>"
        "<tr><td>其中：主动公开规范性文件数</td><td>条</td><td>15</td></tr></table>"
        "<p>二、回应解读情况</p>"
    )


def unreadable(data: bytes, filename: str = "") -> str:
    with pytest.raises(UnreadableReport) as caught:
        extract_text(data, filename)
    return str(caught.value)


# --- plain text ----------------------------------------------------------------------


def test_utf8_text_is_returned_as_is():
    assert extract_text("沙坡头区\n统计表\n".encode()) == "沙坡头区\n统计表\n"


def test_utf8_bom_is_dropped():
    assert extract_text("\ufeff沙坡头区年度报告".encode()) == "沙坡头区年度报告"


def test_gb18030_text_is_decoded():
    text = "中卫市沙坡头区2018年政府信息公开工作年度报告\n（一）收到申请数\t件\t3\n"

    assert extract_text(text.encode("gb18030"), "report.txt") == text


def test_utf16_text_with_its_byte_order_mark_is_decoded():
    assert extract_text("平潭综合实验区年度报告".encode("utf-16")) == "平潭综合实验区年度报告"


def test_windows_line_ends_become_newlines():
    assert extract_text("一、概述\r\n二、主动公开\r\n".encode()) == "一、概述\n二、主动公开\n"


# --- HTML ----------------------------------------------------------------------------

REPORT_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>沙坡头区2018年政府信息公开工作年度报告</title>
<style>td { color: red }</style>
<script>var tracker = "统计指标";</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<h1>中卫市沙坡头区2018年政府信息公开工作年度报告</h1>
<p>一、概述</p><p>本报告由区政府办公室&nbsp;编制。<br>统计期限自2018年1月1日起。</p>
<table border="1"><tbody>
<tr><th>统计指标</th><th>单位</th><th>统计数</th></tr>
<tr><td><p class="MsoNormal"><span>（一）主动公开政府信息数</span></p>
    <p>（不同渠道和方式公开相同信息计1条）</p></td><td>条</td><td>10947</td></tr>
<tr><td>制发规范性文件总数</td><td>件</td><td></td></tr>
<tr><td colspan="3">二、回应解读情况</td></tr>
</tbody></table>
<noscript>请启用脚本</noscript><p>附件下载</p></body></html>"""


def test_html_page_keeps_text_drops_scripts_and_puts_each_table_row_on_one_line():
    text = extract_text(REPORT_PAGE.encode("utf-8"), "report.html")

    assert text == (
        "沙坡头区2018年政府信息公开工作年度报告\n"
        "首页 > 政务公开\n"
        "中卫市沙坡头区2018年政府信息公开工作年度报告\n"
        "一、概述\n"
        "本报告由区政府办公室 编制。\n"
        "统计期限自2018年1月1日起。\n"
        "统计指标\t单位\t统计数\n"
        "（一）主动公开政府信息数 （不同渠道和方式公开相同信息计1条）\t条\t10947\n"
        "制发规范性文件总数\t件\n"
        "二、回应解读情况\n"
        "附件下载\n"
    )


def test_html_is_recognised_by_its_content_whatever_the_file_name():
    assert extract_text(REPORT_PAGE.encode("utf-8"), "download") == extract_text(
        REPORT_PAGE.encode("utf-8"), "report.html"
    )


def test_gbk_web_page_is_decoded():
    page = '<html><head><meta charset="gbk"></head><body><p>平潭综合实验区</p></body></html>'

    assert extract_text(page.encode("gbk")) == "平潭综合实验区\n"


def test_nested_layout_table_does_not_merge_the_inner_rows():
    page = (
        "<html><body><table><tr><td>正文"
        "<table><tr><td>1.当面申请数</td><td>件</td><td>0</td></tr>"
        "<tr><td>2.传真申请数</td><td>件</td><td>1</td></tr></table>"
        "</td></tr></table></body></html>"
    )

    assert extract_text(page.encode()) == "正文\n1.当面申请数\t件\t0\n2.传真申请数\t件\t1\n"


# --- DOCX ----------------------------------------------------------------------------


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("中卫市沙坡头区2018年政府信息公开工作年度报告")
    document.add_paragraph("一、概述")
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("统计指标", "单位", "统计数"),
            ("三、依申请公开情况", "", ""),
            ("（一）收到申请数", "件", "3"),
            ("1.当面申请数", "件", "0"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    table.cell(1, 0).merge(table.cell(1, 2))  # a heading row spanning the table
    table.cell(1, 0).text = "三、依申请公开情况"
    label = table.cell(2, 0)
    label.text = "（一）收到"
    label.add_paragraph("申请数")  # a label broken over two paragraphs in its cell
    document.add_paragraph("附件：统计表说明")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_gives_paragraphs_and_table_rows_in_document_order():
    text = extract_text(docx_bytes(), "report.docx")

    assert text == (
        "中卫市沙坡头区2018年政府信息公开工作年度报告\n"
        "一、概述\n"
        "统计指标\t单位\t统计数\n"
        "三、依申请公开情况\n"
        "（一）收到 申请数\t件\t3\n"
        "1.当面申请数\t件\t0\n"
        "附件：统计表说明\n"
    )


def test_docx_is_recognised_by_its_content_whatever_the_file_name():
    assert extract_text(docx_bytes(), "report.bin") == extract_text(docx_bytes(), "report.docx")


def test_broken_docx_says_the_word_file_is_damaged():
    data = docx_bytes()

    assert unreadable(data[: len(data) // 2], "report.docx") == "Word 文件（.docx）已损坏，无法读取"


def test_zip_that_is_not_a_word_file_is_unsupported():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", "年度报告")

    assert unreadable(buffer.getvalue(), "report.zip") == (
        "不支持的文件格式，请提供文本、网页（HTML）、Word（.docx）或 PDF 文件"
    )


# --- PDF -----------------------------------------------------------------------------


def test_text_pdf_gives_lines_in_reading_order_and_table_rows_with_tabs(text_pdf):
    text = extract_text(text_pdf, "report.pdf")

    assert text.splitlines() == [
        "沙坡头区2018年政府信息公开工作年度报告",
        "本报告所列数据统计期限自2018年1月1日起。",
        "统计指标\t单位\t统计数",
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）\t条\t10947",
        "其中：主动公开规范性文件数\t条\t15",
        "二、回应解读情况",
    ]


def test_pdf_is_recognised_by_its_content_whatever_the_file_name(text_pdf):
    assert extract_text(text_pdf, "report.txt") == extract_text(text_pdf, "report.pdf")


def test_image_only_pdf_says_it_has_no_text_layer():
    pdf = render_pdf(
        f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}" style="width: 5cm">'
    )

    assert b"/Subtype /Image" in pdf
    assert unreadable(pdf, "scan.pdf") == (
        "该 PDF 没有文字层（可能是扫描件），无法读取，请提供文字版 PDF、网页或 Word 文件"
    )


def test_broken_pdf_says_the_pdf_is_damaged(text_pdf):
    assert unreadable(text_pdf[:2000], "report.pdf") == "PDF 文件已损坏，无法读取"


# --- files that are not reports ------------------------------------------------------


def test_empty_file_says_it_is_empty():
    assert unreadable(b"", "report.txt") == "文件是空的"


def test_file_of_blank_lines_says_it_is_empty():
    assert unreadable(b"  \r\n\n\t ", "report.txt") == "文件是空的"


def test_png_says_it_is_a_picture():
    assert unreadable(PNG, "report.png") == (
        "该文件是图片，无法读取文字，请提供文字版 PDF、网页或 Word 文件"
    )


def test_old_word_doc_asks_for_docx_or_pdf():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    assert unreadable(ole, "report.doc") == (
        "不支持 .doc 等旧版 Office 文件，请在 Word 或 WPS 中另存为 .docx 或 PDF 后再提供"
    )


def test_unknown_binary_is_unsupported():
    assert unreadable(bytes(range(256)) * 4, "report.bin") == (
        "不支持的文件格式，请提供文本、网页（HTML）、Word（.docx）或 PDF 文件"
    )
