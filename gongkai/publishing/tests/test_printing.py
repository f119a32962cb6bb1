from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pdfminer.high_level import extract_text

from conftest import PASSWORD, make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.publishing import actions, printing
from gongkai.publishing.models import Document
from gongkai.publishing.tests.factories import ALL_YES, exactly, make_document, publish

pytestmark = pytest.mark.urls("gongkai.publishing.tests.channels_urls")


@pytest.fixture
def rita(binhe: Agency) -> User:
    return make_user("rita", binhe, Role.REVIEWER, full_name="李审查")


@pytest.fixture
def paul(binhe: Agency) -> User:
    return make_user("paul", binhe, Role.APPROVER, full_name="王领导")


def pdf_text(data: bytes) -> str:
    """The PDF's text on one line per run of text, blank lines dropped."""
    text = extract_text(io.BytesIO(data))
    return "\n".join(line for line in text.splitlines() if line.strip())


def test_review_form_lists_the_particulars_and_every_sign_off(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = make_document(binhe, bob, doc_number="滨政发〔2024〕12号")
    actions.submit_document(actor=bob, document=document)
    actions.return_document(actor=rita, document=document, comment="请补充资助标准")
    actions.submit_document(actor=bob, document=document)
    actions.review_document(
        actor=rita, document=document, answers=ALL_YES, comment="经审查可以公开"
    )
    actions.approve_document(actor=paul, document=document, comment="同意发布")
    document.refresh_from_db()

    text = pdf_text(printing.review_form_pdf(document))

    assert "政府信息公开保密审查和内容审批表" in text
    assert "关于做好2024年秋季学期学生资助工作的通知" in text
    assert "中卫市沙坡头区滨河镇人民政府" in text
    assert "滨政发〔2024〕12号" in text
    assert "2024年9月2日" in text
    assert document.index_no and document.index_no in text
    assert "主动公开" in text
    assert "Bob" in text  # the drafter
    # Three sign-offs in order: the return, the passed review, the approval.
    assert text.count("保密审查") >= 3
    assert "退回修改" in text and "请补充资助标准" in text
    assert "经审查可以公开" in text and "同意发布" in text
    assert text.count("李审查") == 2
    assert text.count("王领导") == 2  # the approval and, as its recorder, the website entry
    for label in (
        "不涉及国家秘密",
        "不涉及工作秘密",
        "不涉及个人隐私和商业秘密",
        "内容准确无误",
        "公开属性正确",
    ):
        assert text.count(label) == 1  # asked once: only the passed review answers them
    assert text.count("是") >= 5
    assert "领导审批" in text
    assert "政府网站" in text and "本平台" in text


def test_review_form_shows_the_withholding_ground_of_a_withheld_document(
    bob: User, binhe: Agency
) -> None:
    document = make_document(
        binhe,
        bob,
        title="镇党委会议纪要",
        disclosure="withheld",
        withhold_ground="process_info",
        withhold_reason="讨论中的过程性意见",
    )
    text = pdf_text(printing.review_form_pdf(document))
    assert "不予公开（依据：属于四类过程性信息（条例第十六条第二款））" in text
    assert "讨论中的过程性意见" in text
    assert "尚无审查审批记录。" in text
    assert "尚未发布。" in text


def test_review_form_answers_a_question_no_when_it_was_answered_no(
    bob: User, rita: User, binhe: Agency
) -> None:
    document = make_document(binhe, bob)
    # A review row with a 否 can only come from older data; print it faithfully.
    document.reviews.create(
        stage="review",
        decision="return",
        reviewer=rita,
        decided_at=timezone.now(),
        no_state_secret=True,
        no_work_secret=False,
        no_privacy_or_trade_secret=True,
        content_accurate=True,
        attribute_correct=True,
    )
    text = pdf_text(printing.review_form_pdf(document))
    answers = re.findall(r"^[是否]$", text, flags=re.M)
    assert sorted(answers) == ["否", "是", "是", "是", "是"]


def test_review_form_does_not_fetch_remote_images(bob: User, binhe: Agency) -> None:
    fetcher = printing.LocalOnlyFetcher()
    with pytest.raises(ValueError, match=exactly("打印时不加载外部资源：http://example.com/x.png")):
        fetcher.fetch("http://example.com/x.png")


def test_review_form_download_for_someone_who_can_see_the_document(
    bob: User, rita: User, paul: User, binhe: Agency, olga: User
) -> None:
    document = publish(make_document(binhe, bob), rita, paul)
    client = Client()
    assert client.login(username=olga.username, password=PASSWORD)
    response = client.get(reverse("publishing_channels:document_review_form", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="review-form-{document.pk}.pdf"'
    )
    assert "王领导" in pdf_text(response.content)


def test_review_form_of_another_agencys_document_is_not_found(
    bob: User, binhe: Agency, dave: User
) -> None:
    document: Document = make_document(binhe, bob)
    client = Client()
    assert client.login(username=dave.username, password=PASSWORD)
    response = client.get(reverse("publishing_channels:document_review_form", args=[document.pk]))
    assert response.status_code == 404
