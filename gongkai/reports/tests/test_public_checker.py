from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.portal.views import CHECKS_PER_HOUR

from .material import HONGZE_2023, SEED


def test_anyone_can_paste_a_report_and_see_findings(client, db):
    response = client.post(reverse("portal:report_checker"), {"text": SEED.read_text()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "中卫市沙坡头区" in page
    assert "政府信息公开情况统计表" in page
    assert "<code>unit</code>" in page  # the "5 万" cell


def test_upload_of_a_report_with_errors_shows_them(client, db):
    upload = SimpleUploadedFile(HONGZE_2023.name, HONGZE_2023.read_bytes())
    response = client.post(reverse("portal:report_checker"), {"file": upload})
    page = response.content.decode()
    assert "错误</strong> <code>review.group_total</code>" in page


def test_empty_submission_is_refused_with_a_message(client, db):
    response = client.post(reverse("portal:report_checker"), {"text": ""})
    assert response.context["form"].non_field_errors() == ["请粘贴报告全文或上传报告文件"]


def test_unreadable_text_says_why(client, db):
    response = client.post(reverse("portal:report_checker"), {"text": "随便写的一段话"})
    assert "无法读取：无法识别报告的统计表格式" in response.content.decode()


def test_checks_are_rate_limited_per_address(client, db):
    for _ in range(CHECKS_PER_HOUR):
        client.post(reverse("portal:report_checker"), {"text": "x"})
    response = client.post(reverse("portal:report_checker"), {"text": "x"})
    assert response.context["form"].non_field_errors() == [
        f"检查过于频繁：每小时最多检查 {CHECKS_PER_HOUR} 次，请稍后再试"
    ]
