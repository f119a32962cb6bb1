"""Scanning attachments and regenerating masked DOCX, XLSX and text files."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.comments import Comment

from gongkai.lib.filetypes import FileKind, FileTypeError
from gongkai.pii.files import CannotMask, mask_file, scan_file
from gongkai.pii.scanner import PiiKind
from gongkai.pii.tests.helpers import docx_bytes, make_id, minimal_pdf, xlsx_bytes

ID = make_id()
MASKED_ID = ID[:6] + "********" + ID[-4:]
OTHER_ID = make_id(area="640521", birth="19700101", sequence="456")


def blocking(data: bytes, kind: FileKind) -> list[tuple[PiiKind, str]]:
    return [(h.kind, h.value) for h in scan_file(data, kind) if h.blocks_publication]


# --- DOCX --------------------------------------------------------------------------


def sample_docx() -> bytes:
    document = Document()
    paragraph = document.add_paragraph("申请人身份证号：")
    paragraph.add_run(ID[:10]).bold = True  # the number is split over two runs
    paragraph.add_run(ID[10:]).italic = True
    paragraph.add_run("，已核实。")
    document.add_paragraph("办公电话：0955-7012345")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "身份证号"
    table.cell(0, 1).text = "住址"
    table.cell(1, 0).text = OTHER_ID
    table.cell(1, 1).text = "滨河镇新北村三组25号"
    document.sections[0].header.paragraphs[0].text = "联系人手机 13812345678"
    return docx_bytes(document)


def test_scan_docx_finds_hits_in_runs_tables_and_headers():
    assert blocking(sample_docx(), FileKind.DOCX) == [
        (PiiKind.ID18, ID),
        (PiiKind.ID18, OTHER_ID),
        (PiiKind.ADDRESS, "滨河镇新北村三组25号"),
        (PiiKind.MOBILE, "13812345678"),
    ]


def test_masked_docx_keeps_runs_and_formatting():
    masked = Document(io.BytesIO(mask_file(sample_docx(), FileKind.DOCX)))
    first = masked.paragraphs[0]
    assert first.text == f"申请人身份证号：{MASKED_ID}，已核实。"
    runs = first.runs
    assert (runs[1].text, runs[1].bold) == (ID[:6] + "****", True)
    assert (runs[2].text, runs[2].italic) == ("****" + ID[-4:], True)
    assert masked.paragraphs[1].text == "办公电话：0955-7012345"  # landlines stay
    cells = masked.tables[0].rows[1].cells
    assert cells[0].text == OTHER_ID[:6] + "********" + OTHER_ID[-4:]
    assert cells[1].text == "滨河镇新北村****"
    assert masked.sections[0].header.paragraphs[0].text == "联系人手机 138****5678"


def test_masked_docx_has_no_blocking_hit_left():
    masked = mask_file(sample_docx(), FileKind.DOCX)
    assert blocking(masked, FileKind.DOCX) == []
    [landline] = scan_file(masked, FileKind.DOCX)
    assert landline.kind is PiiKind.LANDLINE


def test_landlines_are_masked_in_docx_when_asked():
    masked = mask_file(sample_docx(), FileKind.DOCX, landlines=True)
    assert Document(io.BytesIO(masked)).paragraphs[1].text == "办公电话：0955-*****45"


def test_tracked_deletion_is_scanned_and_masked():
    document = Document()
    paragraph = document.add_paragraph("名单已更正")
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "bob")
    run = OxmlElement("w:r")
    deleted = OxmlElement("w:delText")
    deleted.text = ID
    run.append(deleted)
    deletion.append(run)
    paragraph._p.append(deletion)
    data = docx_bytes(document)
    assert blocking(data, FileKind.DOCX) == [(PiiKind.ID18, ID)]
    masked = mask_file(data, FileKind.DOCX)
    assert blocking(masked, FileKind.DOCX) == []
    assert MASKED_ID.encode() in _document_xml(masked)


def _document_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_docx_without_personal_information_is_copied_unchanged():
    document = Document()
    document.add_paragraph("卫政发〔2018〕12号")
    data = docx_bytes(document)
    assert _document_xml(mask_file(data, FileKind.DOCX)) == _document_xml(data)


def test_damaged_docx_cannot_be_masked():
    with pytest.raises(FileTypeError, match=re.escape("Word文档（DOCX）已损坏，无法读取")):
        mask_file(b"PK\x03\x04 broken", FileKind.DOCX)


# --- XLSX --------------------------------------------------------------------------


def sample_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "手机", "金额"])
    sheet.append(["张三", ID, 13812345678, 1200])
    sheet["A2"].comment = Comment("备用手机 13912345678", "bob")
    other = book.create_sheet("住址")
    other.append(["李四", "宁夏中卫市沙坡头区文昌镇南苑社区8号楼2单元301室"])
    return xlsx_bytes(book)


def test_scan_xlsx_reads_every_sheet_and_numbers():
    assert blocking(sample_xlsx(), FileKind.XLSX) == [
        (PiiKind.ID18, ID),
        (PiiKind.MOBILE, "13812345678"),
        (PiiKind.ADDRESS, "宁夏中卫市沙坡头区文昌镇南苑社区8号楼2单元301室"),
    ]


def test_masked_xlsx_writes_masked_text_into_text_and_number_cells():
    masked = mask_file(sample_xlsx(), FileKind.XLSX)
    book = openpyxl.load_workbook(io.BytesIO(masked))
    first, second = book.worksheets
    assert [c.value for c in first[2]] == ["张三", MASKED_ID, "138****5678", 1200]
    assert first["A2"].comment.text == "备用手机 139****5678"
    assert second["B1"].value == "宁夏中卫市沙坡头区文昌镇南苑社区****"
    assert blocking(masked, FileKind.XLSX) == []


def test_damaged_xlsx_cannot_be_masked():
    with pytest.raises(FileTypeError, match=re.escape("Excel表格（XLSX）已损坏，无法读取")):
        mask_file(b"PK\x03\x04 broken", FileKind.XLSX)


# --- text --------------------------------------------------------------------------


def test_text_file_is_masked_in_its_own_encoding():
    text = f"姓名,身份证号,住址\r\n张三,{ID},新北村三组25号\r\n"
    masked = mask_file(text.encode("gb18030"), FileKind.TXT)
    assert masked.decode("gb18030") == f"姓名,身份证号,住址\r\n张三,{MASKED_ID},新北村****\r\n"
    with_bom = mask_file(text.encode("utf-8-sig"), FileKind.TXT)
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert MASKED_ID in with_bom.decode("utf-8-sig")


# --- PDF and images ----------------------------------------------------------------


def test_pdf_is_scanned_but_cannot_be_masked():
    data = minimal_pdf(f"Tel 13812345678 ID {ID}")
    assert blocking(data, FileKind.PDF) == [(PiiKind.MOBILE, "13812345678"), (PiiKind.ID18, ID)]
    with pytest.raises(CannotMask) as caught:
        mask_file(data, FileKind.PDF, filename="名单.pdf")
    assert str(caught.value) == (
        "PDF附件“名单.pdf”无法自动遮盖个人信息，请上传已处理的文件或填写公开理由"
    )


def test_image_cannot_be_masked_and_has_nothing_to_scan():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    assert scan_file(png, FileKind.PNG) == []
    with pytest.raises(CannotMask, match=re.escape("图片附件“a.png”无法自动遮盖个人信息")):
        mask_file(png, FileKind.PNG, filename="a.png")


def test_text_box_is_read_once_and_masked_in_both_copies():
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent><w:p><w:r><w:t>手机13812345678</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f'<w:r xmlns:w="{w}" xmlns:mc="{mc}"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    document = Document()
    document.add_paragraph("见文本框")._p.append(run)
    data = docx_bytes(document)
    assert blocking(data, FileKind.DOCX) == [(PiiKind.MOBILE, "13812345678")]
    xml = _document_xml(mask_file(data, FileKind.DOCX))
    assert xml.count("手机138****5678".encode()) == 2
    assert b"13812345678" not in xml


def test_numbers_separated_by_a_tab_are_not_joined():
    document = Document()
    paragraph = document.add_paragraph("13812345678")
    paragraph.add_run().add_tab()
    paragraph.add_run(ID)
    masked = Document(io.BytesIO(mask_file(docx_bytes(document), FileKind.DOCX)))
    assert masked.paragraphs[0].text == f"138****5678\t{MASKED_ID}"
