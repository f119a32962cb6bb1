import io

import openpyxl
from django.urls import reverse

from gongkai.agencies.importer import import_agencies
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event

HEADER = (
    "机构全称,简称,标识,机构类型,上级机构,统一社会信用代码,办公地址,联系电话,查阅点名称,查阅点地址"
)


def csv_bytes(*rows: str, encoding: str = "utf-8-sig") -> bytes:
    return "\n".join([HEADER, *rows]).encode(encoding)


def test_good_csv_imports_agencies_with_reading_points_and_events(alice, district):
    data = csv_bytes(
        "中卫市沙坡头区东园镇人民政府,东园镇,spt-dongyuan,乡镇街道,spt,,东园镇政府院内,0955-7100001,东园镇查阅点,东园镇便民服务中心",
        "东园镇某村民委员会,,spt-dongyuan-v1,其他,中卫市沙坡头区东园镇人民政府,,,,,",
    )
    result = import_agencies(actor=alice, data=data, filename="agencies.csv")
    assert result.ok, result.errors
    dongyuan = Agency.objects.get(slug="spt-dongyuan")
    village = Agency.objects.get(slug="spt-dongyuan-v1")
    assert dongyuan.parent == district and village.parent == dongyuan
    assert [p.name for p in dongyuan.reading_points.all()] == ["东园镇查阅点"]
    assert Event.objects.for_object(village).filter(action="agency.created").exists()


def test_bad_file_is_rejected_and_nothing_is_imported(alice, district):
    before = Agency.objects.count()
    data = csv_bytes(
        "中卫市沙坡头区东园镇人民政府,东园镇,spt-dongyuan,乡镇街道,spt,,,,,",
        "中卫市沙坡头区柔远镇人民政府,柔远镇,spt-rouyuan,乡镇,spt,91350100M000100Y44,,,,",
        ",,spt-dongyuan,政府部门,spt,,,,只有名称,",
    )
    result = import_agencies(actor=alice, data=data, filename="agencies.csv")
    assert [str(e) for e in result.errors] == [
        "第3行「机构类型」：「乡镇」不是有效类型，应为人民政府、政府部门、乡镇街道或其他",
        "第3行「统一社会信用代码」：统一社会信用代码校验位不正确，请核对",
        "第4行「机构全称」：不能为空",
        "第4行「标识」：与第2行重复",
        "第4行「查阅点名称」：查阅点名称和地址须同时填写",
    ]
    assert Agency.objects.count() == before
    assert not Agency.objects.filter(slug="spt-dongyuan").exists()


def test_unknown_parent_rolls_back_rows_already_created(alice, district):
    before = Agency.objects.count()
    data = csv_bytes(
        "中卫市沙坡头区东园镇人民政府,东园镇,spt-dongyuan,乡镇街道,spt,,,,,",
        "某局,,spt-x,政府部门,不存在的机构,,,,,",
    )
    result = import_agencies(actor=alice, data=data, filename="agencies.csv")
    assert [str(e) for e in result.errors] == [
        "第3行「上级机构」：找不到「不存在的机构」（须为您有权管理的机构，或本文件中更靠前的一行）"
    ]
    assert Agency.objects.count() == before


def test_township_admin_cannot_import_under_another_township(carol, wenchang):
    data = csv_bytes("某村委会,,spt-wc-v1,其他,spt-wenchang,,,,,")
    result = import_agencies(actor=carol, data=data, filename="a.csv")
    assert not result.ok
    assert "找不到「spt-wenchang」" in str(result.errors[0])
    assert not Agency.objects.filter(slug="spt-wc-v1").exists()


def test_missing_required_column_is_reported():
    result = import_agencies(actor=None, data="机构全称,简称\n某局,某\n".encode(), filename="a.csv")
    assert [str(e) for e in result.errors] == [
        "表头「标识」：缺少必需的列",
        "表头「机构类型」：缺少必需的列",
    ]


def test_gb18030_csv_and_xlsx_are_read(alice, district):
    gbk = csv_bytes(
        "中卫市沙坡头区镇罗镇人民政府,镇罗镇,spt-zhenluo,乡镇街道,spt,,,,,", encoding="gb18030"
    )
    assert import_agencies(actor=alice, data=gbk, filename="a.csv").ok
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["中卫市沙坡头区宣和镇人民政府", "宣和镇", "spt-xuanhe", "乡镇街道", "spt"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_agencies(actor=alice, data=buffer.getvalue(), filename="a.xlsx")
    assert result.ok, result.errors
    assert Agency.objects.get(slug="spt-xuanhe").short_name == "宣和镇"


def test_empty_and_garbage_files_give_clear_errors(alice):
    assert str(import_agencies(actor=alice, data=b"", filename="a.csv").errors[0]) == "文件是空的"
    garbage = import_agencies(actor=alice, data=b"PK\x03\x04broken", filename="a.xlsx")
    assert str(garbage.errors[0]) == "无法读取该 Excel 文件，请确认是 .xlsx 格式"


def test_import_page_shows_row_errors(client, alice):
    client.force_login(alice)
    upload = io.BytesIO(csv_bytes("某局,,spt-x,局,spt,,,,,"))
    upload.name = "bad.csv"
    response = client.post(reverse("agencies:import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "未导入任何机构" in page
    assert "第2行「机构类型」：「局」不是有效类型" in page


def test_import_page_is_forbidden_without_admin_role(client, bob):
    client.force_login(bob)
    assert client.get(reverse("agencies:import")).status_code == 403


def test_row_numbers_match_the_spreadsheet_after_blank_lines(alice, district):
    data = "\n".join([HEADER, "", "某局,,spt-x,局,spt,,,,,"]).encode()
    result = import_agencies(actor=alice, data=data, filename="a.csv")
    assert str(result.errors[0]).startswith("第3行「机构类型」")
