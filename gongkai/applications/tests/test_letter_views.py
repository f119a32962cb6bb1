"""The letter pages: a letter's page (edit, issue, delete, downloads), drafting another
letter for a case, the agency's templates, and who may do what."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.applications import actions
from gongkai.applications.letter_layout import default_layout_bytes
from gongkai.applications.models import Application, Letter, LetterTemplate
from gongkai.applications.tests.conftest import register
from gongkai.core.testing import log_in

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2024, 12, 31))


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def receipt(application: Application) -> Letter:
    return application.letters.get(kind="receipt")


def url(name: str, *args: object) -> str:
    return reverse(f"application_letters:{name}", args=args)


# --- one letter ------------------------------------------------------------------------------


def test_handler_sees_the_draft_with_its_form_and_preview(binhe, hank) -> None:
    letter = receipt(register(binhe, hank))
    response = client_for(hank).get(url("detail", letter.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>政府信息公开申请登记回执</h1>" in page
    assert "保存</button>" in page and "出具</button>" in page and "删除草稿</button>" in page
    assert '<p class="letter-recipient">王小明：</p>' in page
    assert "（文号在出具时生成）" in page
    assert "出具后，PDF 文件将通过电子邮件发送给申请人。" in page


def test_other_agencys_handler_gets_404_and_read_only_gets_403_on_post(
    binhe, hank, wendy, olga
) -> None:
    letter = receipt(register(binhe, hank))
    assert client_for(wendy).get(url("detail", letter.pk)).status_code == 404
    assert client_for(wendy).get(url("download", letter.pk, "pdf")).status_code == 404
    reader = client_for(olga)
    page = reader.get(url("detail", letter.pk))
    assert page.status_code == 200
    assert "出具</button>" not in page.content.decode()
    for name in ("update", "issue", "delete"):
        assert reader.post(url(name, letter.pk), {"title": "x", "body": "y"}).status_code == 403
    assert reader.get(url("new", letter.application_id)).status_code == 403
    letter.refresh_from_db()
    assert letter.status == "draft" and letter.title == "政府信息公开申请登记回执"


def test_saving_a_draft(binhe, hank) -> None:
    letter = receipt(register(binhe, hank))
    client = client_for(hank)
    response = client.post(
        url("update", letter.pk), {"title": "登记回执", "body": "第一段\n第二段"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("detail", letter.pk)
    letter.refresh_from_db()
    assert letter.body == "第一段\n第二段"
    bad = client.post(url("update", letter.pk), {"title": "登记回执", "body": "  "})
    assert bad.status_code == 400
    assert "正文不能为空" in bad.content.decode()


def test_issuing_through_the_page_then_editing_is_refused(binhe, hank) -> None:
    letter = receipt(register(binhe, hank))
    client = client_for(hank)
    response = client.post(url("issue", letter.pk), {"issued_on": "2024-10-08"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已出具，文号：滨河镇依申收〔2024〕1号。文书 PDF 将通过电子邮件发送给申请人。" in page
    assert "下载 PDF" in page and "保存</button>" not in page
    letter.refresh_from_db()
    assert letter.issued_on == D(2024, 10, 8)
    refused = client.post(url("update", letter.pk), {"title": "x", "body": "y"})
    assert refused.status_code == 400
    assert "该文书已出具，不能修改；如需更正，请另行生成文书" in refused.content.decode()
    deleted = client.post(url("delete", letter.pk))
    assert deleted.status_code == 400
    assert "该文书已出具，不能删除" in deleted.content.decode()


def test_issue_date_errors_are_shown_on_the_form(binhe, hank) -> None:
    letter = receipt(register(binhe, hank))
    client = client_for(hank)
    future = client.post(url("issue", letter.pk), {"issued_on": "2025-01-01"})
    assert future.status_code == 400
    assert "出具日期不能晚于今天" in future.content.decode()
    garbage = client.post(url("issue", letter.pk), {"issued_on": "明天"})
    assert garbage.status_code == 400
    assert "请填写有效的日期，如 2024-10-30" in garbage.content.decode()
    letter.refresh_from_db()
    assert letter.status == "draft"


def test_deleting_a_draft(binhe, hank) -> None:
    a = register(binhe, hank)
    response = client_for(hank).post(url("delete", receipt(a).pk))
    assert response.status_code == 302
    assert not a.letters.exists()


def test_downloads(binhe, hank) -> None:
    letter = receipt(register(binhe, hank))
    client = client_for(hank)
    draft_pdf = client.get(url("download", letter.pk, "pdf"))
    assert draft_pdf.status_code == 200
    assert draft_pdf["Content-Type"] == "application/pdf"
    assert b"".join(draft_pdf.streaming_content).startswith(b"%PDF-")
    assert client.get(url("download", letter.pk, "txt")).status_code == 404
    client.post(url("issue", letter.pk), {"issued_on": ""})
    issued = client.get(url("download", letter.pk, "docx"))
    assert issued.status_code == 200
    assert "filename*=utf-8''" in issued["Content-Disposition"]
    document = docx.Document(io.BytesIO(b"".join(issued.streaming_content)))
    assert document.paragraphs[2].text == "滨河镇依申收〔2024〕1号"


def test_drafting_another_letter_for_a_case(binhe, hank) -> None:
    a = register(binhe, hank)
    client = client_for(hank)
    page = client.get(url("new", a.pk))
    assert page.status_code == 200
    assert "政府信息公开申请登记回执" in page.content.decode()
    refused = client.post(url("new", a.pk), {"kind": "extension"})
    assert refused.status_code == 400
    assert "该申请没有延期，不能生成延期答复告知书" in refused.content.decode()
    created = client.post(url("new", a.pk), {"kind": "receipt"})
    assert created.status_code == 302
    assert a.letters.filter(kind="receipt").count() == 2


def test_new_letter_page_of_another_agency_is_404(binhe, hank, wendy) -> None:
    a = register(binhe, hank)
    assert client_for(wendy).get(url("new", a.pk)).status_code == 404


# --- templates ---------------------------------------------------------------------------------


def test_template_pages_are_for_office_admins(binhe, hank, carol, dave) -> None:
    assert client_for(hank).get(url("templates")).status_code == 403
    assert client_for(dave).get(url("template_edit", binhe.pk, "receipt")).status_code == 404
    page = client_for(carol).get(url("templates"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "登记回执" in text and "答复告知书（部分公开（第三十七条））" in text


def test_office_admin_edits_and_resets_a_wording(binhe, carol) -> None:
    client = client_for(carol)
    edit = url("template_edit", binhe.pk, "reply", "unavailable.not_held")
    page = client.get(edit)
    assert page.status_code == 200
    assert "经检索，本机关没有制作或者获取{{ you }}所申请的政府信息" in page.content.decode()
    assert "示例申请的效果" in page.content.decode()
    bad = client.post(edit, {"body": "{{ appl }}"})
    assert bad.status_code == 400
    assert "模板中有未定义的变量 {{ appl }}，可用的变量见“变量说明”" in bad.content.decode()
    saved = client.post(edit, {"body": "经检索，没有该信息。"})
    assert saved.status_code == 302
    assert saved["Location"] == url("templates") + f"?agency={binhe.pk}"
    row = LetterTemplate.objects.get()
    assert (row.kind, row.outcome, row.body) == (
        "reply",
        "unavailable.not_held",
        "经检索，没有该信息。",
    )
    assert (
        client.post(url("template_reset", binhe.pk, "reply", "unavailable.not_held")).status_code
        == 302
    )
    assert not LetterTemplate.objects.exists()


def test_unknown_template_slot_is_404(binhe, carol) -> None:
    client = client_for(carol)
    assert client.get(url("template_edit", binhe.pk, "reply", "other.withdrawn")).status_code == 404
    assert client.get(url("template_edit", binhe.pk, "memo")).status_code == 404


def test_alice_manages_the_templates_of_any_agency_below_her(alice, wenchang) -> None:
    page = client_for(alice).get(url("templates") + f"?agency={wenchang.pk}")
    assert page.status_code == 200
    assert "<h2>中卫市沙坡头区文昌镇人民政府</h2>" in page.content.decode()


def _docx(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_layout_upload_download_and_reset(binhe, carol) -> None:
    client = client_for(carol)
    upload = url("layout_upload", binhe.pk)
    bad = client.post(upload, {"layout": SimpleUploadedFile("a.docx", _docx("{{ title }}"))})
    assert bad.status_code == 400
    assert "Word 版式模板中须有正文" in bad.content.decode()
    text = client.post(upload, {"layout": SimpleUploadedFile("a.txt", "你好".encode())})
    assert text.status_code == 400
    assert "请上传 Word 文档（.docx）作为版式模板" in text.content.decode()
    data = _docx("{{ agency }}", "{{ body }}")
    good = client.post(upload, {"layout": SimpleUploadedFile("ours.docx", data)})
    assert good.status_code == 302
    current = client.get(url("layout_download", binhe.pk))
    assert b"".join(current.streaming_content) == data
    assert client.post(url("layout_reset", binhe.pk)).status_code == 302
    assert not LetterTemplate.objects.exists()
    default = client.get(url("layout_download", binhe.pk))
    assert b"".join(default.streaming_content) == default_layout_bytes()


def test_default_layout_and_variables_reference_download(hank) -> None:
    client = client_for(hank)
    layout = client.get(url("default_layout"))
    assert layout.status_code == 200
    assert b"".join(layout.streaming_content) == default_layout_bytes()
    reference = client.get(url("variables"))
    assert reference.status_code == 200
    text = reference.content.decode()
    assert "{{ submitted_on }}" in text and "申请提交日期" in text
    assert "{{ paragraphs }}" in text


# --- in a browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_handler_edits_and_issues_a_receipt_in_the_browser(page: Page, binhe, hank) -> None:
    letter = receipt(register(binhe, hank))
    log_in(page, "hank", PASSWORD)
    page.goto(url("detail", letter.pk))
    page.get_by_label("正文").fill("你的申请已登记。\n请耐心等待答复。")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    expect(page.locator(".letter-para")).to_have_text(["你的申请已登记。", "请耐心等待答复。"])
    page.get_by_role("button", name="出具", exact=True).click()
    expect(page.get_by_text("已出具，文号：滨河镇依申收〔2024〕1号。", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="下载 PDF")).to_be_visible()
