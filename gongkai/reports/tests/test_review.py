import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.reports import actions
from gongkai.reports.models import HistoricalFigures, ReviewBatch

from .material import HONGZE_2023, PINGTAN_2025, SEED


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def post_batch(client, *files, title="2025年度年报审查"):
    return client.post(reverse("reports:batch_create"), {"title": title, "reports": list(files)})


def test_office_admin_reviews_several_reports_at_once(client, alice):
    client.force_login(alice)
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = post_batch(client, upload(HONGZE_2023), upload(PINGTAN_2025), upload(SEED), empty)
    assert response.status_code == 302
    batch = ReviewBatch.objects.get()
    assert batch.agency == alice.agency
    rows = {r.filename: r for r in batch.reports.all()}
    assert rows["002_hongze_qu_2023.txt"].error_count >= 1
    assert rows["002_hongze_qu_2023.txt"].form == "2021"
    assert rows["010_pingtan_syq_2025.txt"].error_count == 0
    assert rows["000_9689475001a157a3.txt"].form == "2014"
    assert rows["empty.txt"].unreadable == "文件是空的"
    assert Event.objects.for_object(batch).get().summary == "批量审查年报 4 份"
    page = client.get(reverse("reports:batch_detail", args=[batch.pk])).content.decode()
    assert "无法读取：文件是空的" in page
    assert "合计（2021年格式，2 份报告）" in page


def test_district_totals_add_the_reports_cell_by_cell(client, alice):
    client.force_login(alice)
    post_batch(client, upload(HONGZE_2023), upload(PINGTAN_2025))
    batch = ReviewBatch.objects.get()
    response = client.get(reverse("reports:batch_detail", args=[batch.pk]))
    [total] = response.context["totals"]
    applications = total["tables"][1]
    label, values = applications.rows[0]
    assert label == "一、本年新收政府信息公开申请数量"
    assert values[-1] == 21 + 154  # 洪泽区 21 + 平潭 154 new applications


def test_batch_exports_to_xlsx(client, alice):
    client.force_login(alice)
    post_batch(client, upload(HONGZE_2023), upload(SEED))
    batch = ReviewBatch.objects.get()
    response = client.get(reverse("reports:batch_export", args=[batch.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = book["审查结果"]
    files = [row[0] for row in summary.iter_rows(min_row=3, values_only=True)]
    assert files == ["000_9689475001a157a3.txt", "002_hongze_qu_2023.txt"]  # by agency name
    assert "问题明细" in book.sheetnames
    assert any(name.startswith("汇总") for name in book.sheetnames)


def test_publisher_cannot_create_a_review(client, bob):
    client.force_login(bob)
    assert client.get(reverse("reports:batch_create")).status_code == 403


def test_other_township_cannot_see_a_batch(client, carol, dave):
    batch = actions.create_review_batch(
        actor=carol, agency=carol.agency, title="滨河镇自查", files=[(SEED.name, SEED.read_bytes())]
    )
    client.force_login(dave)
    assert client.get(reverse("reports:batch_detail", args=[batch.pk])).status_code == 404
    client.force_login(carol)
    assert client.get(reverse("reports:batch_detail", args=[batch.pk])).status_code == 200


def test_import_as_history_then_refuse_duplicate_then_replace(client, alice, binhe):
    batch = actions.create_review_batch(
        actor=alice, agency=alice.agency, title="历史", files=[(SEED.name, SEED.read_bytes())]
    )
    report = batch.reports.get()
    client.force_login(alice)
    url = reverse("reports:import_figures", args=[batch.pk, report.pk])
    assert client.post(url, {"agency": binhe.pk}).status_code == 302
    figures = HistoricalFigures.objects.get(agency=binhe, year=2018)
    assert figures.form == "2014"
    assert figures.tables["rows"]["1.1"] == 10947
    assert figures.source_file == SEED.name
    assert Event.objects.for_object(figures).get().summary == "导入2018年历史年报数据"

    response = client.post(url, {"agency": binhe.pk})
    assert response.status_code == 200
    assert response.context["import_form"].non_field_errors() == [
        "中卫市沙坡头区滨河镇人民政府2018年的历史数据已存在（来源：000_9689475001a157a3.txt），"
        "如要用本报告替换，请勾选“替换已有数据”"
    ]
    assert client.post(url, {"agency": binhe.pk, "replace": "on"}).status_code == 302
    assert Event.objects.for_object(figures).filter(action="reports.figures_replaced").exists()


def test_township_admin_cannot_import_into_another_township(client, carol, wenchang):
    batch = actions.create_review_batch(
        actor=carol, agency=carol.agency, title="自查", files=[(SEED.name, SEED.read_bytes())]
    )
    report = batch.reports.get()
    client.force_login(carol)
    url = reverse("reports:import_figures", args=[batch.pk, report.pk])
    response = client.post(url, {"agency": wenchang.pk})
    assert response.status_code == 200
    assert "agency" in response.context["import_form"].errors
    assert not HistoricalFigures.objects.exists()
