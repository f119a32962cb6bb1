from __future__ import annotations

import datetime
import io

import docx
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.publishing.models import Document, Status
from gongkai.publishing.tests.conftest import draft


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


REVIEW_ALL_YES = {
    "no_state_secret": "True",
    "no_work_secret": "True",
    "no_privacy_or_trade_secret": "True",
    "content_accurate": "True",
    "attribute_correct": "True",
    "comment": "",
}


def test_publisher_drafts_a_document_through_the_form(bob: User, binhe: Agency) -> None:
    client = client_for(bob)
    response = client.post(
        reverse("publishing:create"),
        {
            "agency": binhe.pk,
            "title": "关于开展2024年秋季森林防火工作的通知",
            "formed_on": "2024-09-27",
            "disclosure": "proactive",
            "genre": "notice",
            "body_html": "<p>各村：</p><script>alert(1)</script><p>请做好防火工作。</p>",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:detail", args=[document.pk])
    assert "<script>" not in document.body_html
    assert document.body_text == "各村：\n\n请做好防火工作。"
    assert document.due_on == datetime.date(2024, 10, 30)


def test_missing_ground_is_shown_on_the_form_in_chinese(bob: User, binhe: Agency) -> None:
    response = client_for(bob).post(
        reverse("publishing:create"),
        {
            "agency": binhe.pk,
            "title": "内部会议纪要",
            "formed_on": "2024-09-27",
            "disclosure": "withheld",
            "genre": "minutes",
        },
    )
    assert response.status_code == 200
    assert "须选择《条例》规定的不予主动公开依据（负面清单）" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_moves_through_review_and_approval_in_the_back_office(
    bob: User, rita: User, paul: User, binhe: Agency, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    document = draft(binhe, bob)
    assert client_for(bob).post(reverse("publishing:submit", args=[document.pk])).status_code == 302
    reviewer = client_for(rita)
    missing = reviewer.post(reverse("publishing:review", args=[document.pk]), {"comment": ""})
    assert missing.status_code == 400
    assert "请回答：不涉及国家秘密" in missing.content.decode()
    ok = reviewer.post(reverse("publishing:review", args=[document.pk]), REVIEW_ALL_YES)
    assert ok.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        approved = client_for(paul).post(
            reverse("publishing:approve", args=[document.pk]), {"comment": "同意发布"}
        )
    assert approved.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    page = client_for(bob).get(reverse("publishing:detail", args=[document.pk])).content.decode()
    assert document.index_no in page
    assert "同意发布" in page


def test_publisher_cannot_approve_and_other_agencies_get_404(
    bob: User, dave: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    assert (
        client_for(bob).post(reverse("publishing:approve", args=[document.pk])).status_code == 403
    )
    assert client_for(dave).get(reverse("publishing:detail", args=[document.pk])).status_code == 404


def test_attachment_upload_checks_the_content_type(bob: User, binhe: Agency) -> None:
    document = draft(binhe, bob)
    client = client_for(bob)
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "通知.pdf"
    response = client.post(reverse("publishing:attachment_add", args=[document.pk]), {"file": fake})
    assert response.status_code == 400
    assert not document.attachments.exists()
    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("附件：低保名单")
    word.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.docx"
    response = client.post(
        reverse("publishing:attachment_add", args=[document.pk]), {"file": buffer}
    )
    assert response.status_code == 302
    attachment = document.attachments.get()
    assert attachment.kind == "docx"
    assert "低保名单" in attachment.text


def test_overdue_filter_lists_late_unpublished_documents(bob: User, binhe: Agency) -> None:
    late = draft(binhe, bob, formed_on=datetime.date(2024, 1, 2), title="逾期未公开的通知")
    draft(binhe, bob, formed_on=timezone.localdate(), title="刚起草的通知")
    page = client_for(bob).get(reverse("publishing:list") + "?due=overdue").content.decode()
    assert late.title in page
    assert "刚起草的通知" not in page


def test_home_page_shows_overdue_and_waiting_to_dos(bob: User, rita: User, binhe: Agency) -> None:
    from gongkai.publishing import actions

    document = draft(binhe, bob, formed_on=datetime.date(2024, 1, 2))
    home = client_for(bob).get(reverse("backoffice:home")).content.decode()
    assert "1 条主动公开信息已超过公开期限" in home
    actions.submit_document(actor=bob, document=document)
    home = client_for(rita).get(reverse("backoffice:home")).content.decode()
    assert "1 条政府信息待保密审查" in home


def test_statistics_page_counts_a_document_once_however_many_channels(
    bob: User, rita: User, paul: User, binhe: Agency, alice: User
) -> None:
    from gongkai.publishing import actions
    from gongkai.publishing.tests.conftest import publish

    document = publish(draft(binhe, bob), bob, rita, paul)
    today = timezone.localdate()
    for channel in ("weibo", "wechat"):
        actions.record_publication(
            actor=bob, document=document, channel=channel, published_on=today
        )
    page = (
        client_for(alice)
        .get(reverse("publishing:statistics"), {"agency": binhe.parent_id, "year": today.year})
        .content.decode()
    )
    assert 'data-code="1.1">1<' in page
    assert 'data-code="1.2.2">1<' in page
    assert 'data-code="1.2.3">1<' in page
    assert 'data-code="1.2.4">1<' in page
    assert 'data-code="1.2.1">0<' in page
