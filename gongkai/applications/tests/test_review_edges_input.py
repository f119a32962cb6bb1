"""Review of the edges: malformed and extreme input on the pages and the API must get a
Chinese message (or be ignored), never a 500; a date typed decades off must not break
the lists, the case page or the daily e-mail; stored values fit their columns."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, letter_actions, reminders
from gongkai.applications.models import (
    Application,
    ApplicationAttachment,
    Consultation,
    Dispute,
    Letter,
    LetterKind,
    Status,
)
from gongkai.applications.tests.conftest import PERSON, register

D = datetime.date
TODAY = D(2024, 12, 31)
API = "/api/v1/applications/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
#: 312 characters: ``validate_email`` accepts it, ``Application.email`` holds 254.
LONG_EMAIL = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: TODAY)


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def api_post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data, content_type="application/json")


# --- list filters --------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999999999999999"])
def test_a_year_no_date_can_have_is_ignored_by_the_case_list(
    binhe: Agency, hank: User, alice: User, year: str
) -> None:
    a = register(binhe, hank)
    client = client_for(alice)
    # a statistics figure link with a broken year, and the plain year filter
    for params in ({"row": "new", "agency": binhe.pk, "year": year}, {"year": year}):
        response = client.get(reverse("applications:list"), params)
        assert response.status_code == 200, params
        assert a.number in response.content.decode()


@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999999999999999"])
def test_a_year_no_date_can_have_is_ignored_by_the_dispute_list(
    binhe: Agency, hank: User, year: str
) -> None:
    Dispute.objects.create(
        agency=binhe, kind="reconsideration", body="中卫市人民政府", claimant="王某",
        filed_on=D(2024, 5, 6),
    )  # fmt: skip
    client = client_for(hank)
    for params in ({"row": "reconsideration.total", "agency": binhe.pk, "year": year},
                   {"year": year}):  # fmt: skip
        response = client.get(reverse("applications:dispute_list"), params)
        assert response.status_code == 200, params
        assert "中卫市人民政府" in response.content.decode()


def test_a_nul_character_in_the_search_is_dropped(binhe: Agency, hank: User) -> None:
    # PostgreSQL refuses NUL in a text parameter: the search used to answer 500 there
    a = register(binhe, hank)
    response = client_for(hank).get(reverse("applications:list"), {"q": "王小\x00明"})
    assert response.status_code == 200
    assert a.number in response.content.decode()


@pytest.mark.parametrize("path", ["disputes", "complaints"])
@pytest.mark.parametrize("year", ["0", "-5", "999999999"])
def test_api_year_filter_out_of_range_is_422(hank: User, path: str, year: str) -> None:
    response = client_for(hank).get(f"{API}{path}", {"year": year})
    assert response.status_code == 422
    assert response.json()["errors"] == {"year": "年度应在1900至2100之间"}


def test_api_case_list_year_out_of_range_is_422(hank: User) -> None:
    response = client_for(hank).get(API, {"year": "20240"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"year": "登记年度应在1900至2100之间"}


# --- dates centuries away ----------------------------------------------------------------------


def test_a_consultation_received_in_9999_is_refused_not_a_500(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 12, 2))
    data = {"kind": "third_party", "party": "某商贸公司", "sent_on": "2024-12-31"}
    client = client_for(hank)
    page = client.post(
        reverse("applications:consult", args=[a.pk]), data | {"delivered_on": "9999-12-31"}
    )
    assert page.status_code == 400
    assert "对方收到日期应在1900年1月1日至2100年12月31日之间" in page.content.decode()
    api = api_post(client, f"{API}{a.pk}/consult", data | {"delivered_on": "9999-12-31"})
    assert api.status_code == 422
    assert api.json()["errors"] == {
        "delivered_on": "对方收到日期应在1900年1月1日至2100年12月31日之间"
    }
    assert not Consultation.objects.exists()
    assert Application.objects.get(pk=a.pk).status == Status.PROCESSING


def test_a_correction_deadline_far_in_the_future_is_refused_by_form_and_api(
    binhe: Agency, hank: User
) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 12, 2))
    client = client_for(hank)
    data = {"items": "请写明年份", "deadline": "9999-12-31"}
    page = client.post(reverse("applications:correction", args=[a.pk]), data)
    assert page.status_code == 400
    assert "补正期限应在1900年1月1日至2100年12月31日之间" in page.content.decode()
    api = api_post(client, f"{API}{a.pk}/correction", data)
    assert api.status_code == 422
    assert api.json()["errors"] == {"deadline": "补正期限应在1900年1月1日至2100年12月31日之间"}
    assert Application.objects.get(pk=a.pk).status == Status.PROCESSING


def test_registration_dates_centuries_away_are_refused(binhe: Agency, hank: User) -> None:
    form = PERSON | {"agency": binhe.pk, "channel": "in_person", "submitted_on": "0024-12-30"}
    page = client_for(hank).post(reverse("applications:register"), form)
    assert page.status_code == 400
    assert "提交日期不能早于" in page.content.decode()
    api = api_post(client_for(hank), API, form | {"agency": str(binhe.pk)})
    assert api.status_code == 422
    assert api.json()["errors"]["submitted_on"].startswith("提交日期不能早于")
    assert not Application.objects.exists()


def test_a_case_decades_overdue_does_not_break_the_lists_the_page_or_the_email(
    binhe: Agency, hank: User, carol: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # left open for 22 years (or received in a year typed wrong): the calendar refuses
    # to count working days over more than 20 years
    stale = register(binhe, hank, submitted_on=D(2008, 6, 2))
    far = register(binhe, hank, submitted_on=D(2024, 12, 2))
    actions.request_correction(
        actor=hank, application=far, items="请写明年份", deadline=D(2025, 1, 3),
        notified_on=D(2024, 12, 3),
    )  # fmt: skip
    # the action refuses a period over a year; a record imported with a typo still has one
    Application.objects.filter(pk=far.pk).update(
        correction_deadline=D(2099, 1, 1), alert_due_on=D(2099, 1, 1)
    )
    today = D(2030, 6, 3)
    monkeypatch.setattr(actions, "today", lambda: today)
    client = client_for(hank)

    listing = client.get(reverse("applications:list"))
    assert listing.status_code == 200
    assert "已超期（相差超过20年，请核对日期）" in listing.content.decode()
    page = client.get(reverse("applications:detail", args=[stale.pk]))
    assert page.status_code == 200
    assert "已超期（相差超过20年，请核对日期）" in page.content.decode()
    page = client.get(reverse("applications:detail", args=[far.pk]))
    assert page.status_code == 200
    assert "剩余超过20年（请核对日期）" in page.content.decode()

    api = client.get(API)
    assert api.status_code == 200
    items = {item["id"]: item for item in api.json()["items"]}
    assert items[stale.pk]["workdays_left"] is None
    detail = client.get(f"{API}{far.pk}").json()
    assert detail["deadlines"]["alert_workdays_left"] is None

    assert reminders.send_deadline_emails(today) == 2  # hank and carol
    body = mail.outbox[0].body
    assert f"{stale.number} 王小明（{binhe.name}）：答复期限 {stale.reply_due_on.year}年" in body
    assert "已超期（相差超过20年，请核对日期）" in body


# --- values that do not fit their column -------------------------------------------------------


def test_portal_refuses_an_email_address_longer_than_the_column(binhe: Agency) -> None:
    data = {
        "agency": binhe.slug, "applicant_kind": "natural_person",
        "person_name": PERSON["applicant_name"], "id_type": "resident_id",
        "id_number": PERSON["id_number"], "phone": PERSON["phone"], "email": LONG_EMAIL,
        "description": PERSON["description"], "requested_form": "electronic",
        "delivery_method": "online", "declaration": "on",
    }  # fmt: skip
    response = Client(raise_request_exception=False).post(reverse("application_portal:apply"), data)
    assert response.status_code == 400
    assert "电子邮箱不能超过254个字符" in response.content.decode()
    assert not Application.objects.exists()


def test_office_registration_refuses_an_email_address_longer_than_the_column(
    binhe: Agency, hank: User
) -> None:
    form = PERSON | {
        "agency": binhe.pk, "channel": "in_person", "submitted_on": "2024-12-30",
        "email": LONG_EMAIL,
    }  # fmt: skip
    response = client_for(hank).post(reverse("applications:register"), form)
    assert response.status_code == 400
    assert "电子邮箱不能超过254个字" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("path", ["submit", ""])
def test_api_refuses_an_email_address_longer_than_the_column(
    binhe: Agency, hank: User, path: str
) -> None:
    client = client_for(hank)
    data = PERSON | {"agency": str(binhe.pk), "email": LONG_EMAIL, "phone": "123"}
    if not path:
        data |= {"channel": "in_person", "submitted_on": "2024-12-30"}
    response = api_post(client, API + path, data)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "phone": "联系电话格式不正确：请填写11位手机号码或带区号的固定电话",
        "email": "电子邮箱不能超过254个字符",
    }
    assert not Application.objects.exists()


# --- uploads and downloads ---------------------------------------------------------------------


def test_correction_materials_cannot_pass_the_attachment_limit(binhe: Agency, hank: User) -> None:
    a = actions.register_application(
        actor=hank,
        agency=binhe,
        values=PERSON | {"channel": "in_person", "submitted_on": D(2024, 12, 2)},
        attachments=[(f"材料{i}.pdf", PDF, "other") for i in range(9)],
    )
    actions.request_correction(
        actor=hank, application=a, items="请补充身份证明", deadline=D(2025, 1, 10),
        notified_on=D(2024, 12, 3),
    )  # fmt: skip
    files = [SimpleUploadedFile(f"补正{i}.pdf", PDF) for i in range(2)]
    response = client_for(hank).post(
        reverse("applications:correction_received", args=[a.pk]),
        {"received_on": "2024-12-31", "correction_files": files},
    )
    assert response.status_code == 400
    assert "每件申请最多上传 10 个文件" in response.content.decode()
    assert ApplicationAttachment.objects.filter(application=a).count() == 9
    assert Application.objects.get(pk=a.pk).status == Status.CORRECTION


def test_attachment_is_downloaded_with_its_real_mime_type(binhe: Agency, hank: User) -> None:
    a = actions.register_application(
        actor=hank,
        agency=binhe,
        values=PERSON | {"channel": "in_person", "submitted_on": D(2024, 12, 30)},
        attachments=[("scan.pdf", PDF, "identity")],
    )
    attachment = a.attachments.get()
    assert attachment.content_type == "pdf"  # the stored file kind
    response = client_for(hank).get(reverse("applications:attachment", args=[a.pk, attachment.pk]))
    assert response["Content-Type"] == "application/pdf"  # was "pdf", not a MIME type
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_letter_title_is_kept_on_one_line_so_the_email_goes_out(
    binhe: Agency, hank: User, django_capture_on_commit_callbacks: Any
) -> None:
    a = register(binhe, hank)
    letter = Letter.objects.get(application=a, kind=LetterKind.RECEIPT)
    # a newline in the title made the e-mail subject invalid: the e-mail silently failed
    response = client_for(hank).put(
        f"{API}letters/{letter.pk}",
        {"title": "Receipt\nBcc: x@example.com", "body": "已登记。"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Receipt Bcc: x@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        letter_actions.issue_letter(actor=hank, letter=letter, issued_on=TODAY)
    assert [m.subject for m in mail.outbox] == [
        f"【{binhe.name}】Receipt Bcc: x@example.com（滨河镇依申收〔2024〕1号）"
    ]
    assert mail.outbox[0].to == [PERSON["email"]]


def test_upload_names_with_paths_are_cut_to_the_file_name(binhe: Agency, hank: User) -> None:
    form = PERSON | {"agency": binhe.pk, "channel": "in_person", "submitted_on": "2024-12-30"}
    form["letter_files"] = [SimpleUploadedFile("../../../etc/申请书.pdf", PDF)]
    assert client_for(hank).post(reverse("applications:register"), form).status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.filename == "申请书.pdf"
    assert ".." not in attachment.file.name
    assert attachment.file.name.startswith(f"applications/2024/{attachment.application_id}/")


def test_html_named_pdf_is_refused_and_a_polyglot_is_only_ever_downloaded(
    binhe: Agency, hank: User
) -> None:
    client = client_for(hank)
    form = PERSON | {"agency": binhe.pk, "channel": "in_person", "submitted_on": "2024-12-30"}
    html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    form["letter_files"] = [SimpleUploadedFile("申请书.pdf", html, "application/pdf")]
    response = client.post(reverse("applications:register"), form)
    assert response.status_code == 400
    assert "文件“申请书.pdf”的内容不是PDF，请检查后重新上传" in response.content.decode()
    # HTML that also carries a PDF header is stored as a PDF: it is served as a download
    # with the PDF type and nosniff, so a browser never renders it as a page
    polyglot = b"<html><script>alert(1)</script>\n" + PDF
    form["letter_files"] = [SimpleUploadedFile("申请书.pdf", polyglot)]
    assert client.post(reverse("applications:register"), form).status_code == 302
    attachment = ApplicationAttachment.objects.get()
    response = client.get(
        reverse("applications:attachment", args=[attachment.application_id, attachment.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
