from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.publishing import actions
from gongkai.publishing.access import get_document_for_user
from gongkai.publishing.models import Channel, Document, Publication, Review, Status
from gongkai.publishing.pii_gate import blocking
from gongkai.publishing.tests.conftest import ALL_YES, draft, publish


def valid_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def actions_of(document: Document) -> list[str]:
    return list(
        Event.objects.for_object(document)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


def test_document_goes_from_draft_to_published_to_withdrawn_with_every_step_audited(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    assert document.status == Status.DRAFT
    actions.submit_document(actor=bob, document=document)
    review = actions.review_document(actor=rita, document=document, answers=ALL_YES, comment="同意")
    assert review.no_state_secret and review.attribute_correct
    document = actions.approve_document(actor=paul, document=document)
    assert document.status == Status.PUBLISHED
    assert document.index_no == f"{binhe.code}/{timezone.localdate().year}-00001"
    assert list(document.publications.values_list("channel", flat=True)) == [Channel.WEBSITE]
    actions.withdraw_document(actor=bob, document=document, notice="内容有误，更正后重新发布")
    document.refresh_from_db()
    assert document.status == Status.WITHDRAWN
    assert document.withdrawal_notice == "内容有误，更正后重新发布"
    assert actions_of(document) == [
        "publishing.created",
        "publishing.submitted",
        "publishing.review_passed",
        "publishing.published",
        "publishing.withdrawn",
    ]
    assert [r.stage for r in document.reviews.all()] == ["review", "approval"]


def test_on_request_or_withheld_document_needs_a_ground_from_the_negative_list(
    bob: User, binhe: Agency
) -> None:
    with pytest.raises(ValidationError) as exc:
        draft(binhe, bob, disclosure="withheld")
    assert exc.value.message_dict["withhold_ground"] == [
        "公开属性为“不予公开”时，须选择《条例》规定的不予主动公开依据（负面清单）"
    ]
    assert not Document.objects.exists()
    document = draft(binhe, bob, disclosure="withheld", withhold_ground="process_info")
    assert document.get_withhold_ground_display().startswith("属于四类过程性信息")


def test_withheld_document_is_approved_but_never_published(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = draft(binhe, bob, disclosure="on_request", withhold_ground="third_party")
    publish(document, bob, rita, paul)
    document.refresh_from_db()
    assert document.index_no is None
    assert document.published_at is None
    assert not Document.objects.public().exists()
    assert not Publication.objects.exists()


def test_normative_document_needs_its_issue_date(bob: User, binhe: Agency) -> None:
    with pytest.raises(ValidationError) as exc:
        draft(binhe, bob, is_normative=True)
    assert exc.value.message_dict == {"issued_on": ["规章和行政规范性文件须填写印发日期"]}


def test_review_requires_every_question_answered_and_all_yes_to_pass(
    bob: User, rita: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    actions.submit_document(actor=bob, document=document)
    partial = dict(ALL_YES)
    del partial["no_work_secret"]
    with pytest.raises(actions.DocumentError, match="请逐项填写审查结论：不涉及工作秘密"):
        actions.review_document(actor=rita, document=document, answers=partial)
    with pytest.raises(actions.DocumentError, match="以下审查项未通过：内容准确无误"):
        actions.review_document(
            actor=rita, document=document, answers=ALL_YES | {"content_accurate": False}
        )
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW
    assert not Review.objects.exists()


def test_return_at_review_and_at_approval_sends_back_to_draft_with_the_comment(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    actions.submit_document(actor=bob, document=document)
    with pytest.raises(actions.DocumentError, match="退回修改须写明意见"):
        actions.return_document(actor=rita, document=document, comment="  ")
    actions.return_document(actor=rita, document=document, comment="标题有错字")
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    actions.update_document(actor=bob, document=document, fields={"title": "更正后的标题"})
    actions.submit_document(actor=bob, document=document)
    actions.review_document(actor=rita, document=document, answers=ALL_YES)
    actions.return_document(actor=paul, document=document, comment="请补充附件")
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    returns = document.reviews.filter(decision="return")
    assert [(r.stage, r.comment) for r in returns] == [
        ("review", "标题有错字"),
        ("approval", "请补充附件"),
    ]


def test_only_drafts_can_be_edited(bob: User, binhe: Agency) -> None:
    document = draft(binhe, bob)
    actions.submit_document(actor=bob, document=document)
    with pytest.raises(actions.DocumentError, match="只有草稿可以修改"):
        actions.update_document(actor=bob, document=document, fields={"title": "x"})


def test_wrong_step_names_the_current_status(bob: User, paul: User, binhe: Agency) -> None:
    document = draft(binhe, bob)
    with pytest.raises(actions.DocumentError, match="当前状态为“草稿”"):
        actions.approve_document(actor=paul, document=document)


def test_unmasked_id_number_blocks_publication_until_masked(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    number = valid_id("64050219850312001")
    document = draft(binhe, bob, body_html=f"<p>申请人王某，身份证号{number}，享受低保。</p>")
    actions.submit_document(actor=bob, document=document)
    actions.review_document(actor=rita, document=document, answers=ALL_YES)
    with pytest.raises(actions.PublicationBlocked, match="发现未处理的个人信息：正文中的"):
        actions.approve_document(actor=paul, document=document)
    document.refresh_from_db()
    assert document.status == Status.IN_APPROVAL
    actions.mask_personal_data(actor=rita, document=document)
    document.refresh_from_db()
    assert number not in document.body_text
    assert "640502********" in document.body_text
    assert blocking(document) == []
    published = actions.approve_document(actor=paul, document=document)
    assert published.status == Status.PUBLISHED


def test_reviewer_justification_lets_an_id_number_be_published(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    number = valid_id("64050219700101002")
    document = draft(binhe, bob, body_html=f"<p>失信被执行人张某，身份证号{number}。</p>")
    actions.submit_document(actor=bob, document=document)
    actions.review_document(actor=rita, document=document, answers=ALL_YES)
    [finding] = blocking(document)
    with pytest.raises(actions.DocumentError, match="请填写公开个人信息的法律依据"):
        actions.justify_personal_data(
            actor=rita, document=document, fingerprint=finding.fingerprint,
            basis="punitive", legal_basis="",
        )  # fmt: skip
    actions.justify_personal_data(
        actor=rita, document=document, fingerprint=finding.fingerprint,
        basis="punitive", legal_basis="《最高人民法院关于公布失信被执行人名单信息的若干规定》",
    )  # fmt: skip
    document = actions.approve_document(actor=paul, document=document)
    assert document.status == Status.PUBLISHED
    assert number in document.body_text
    assert "publishing.pii_justified" in actions_of(document)


def test_scheduled_publication_happens_when_due(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    actions.submit_document(actor=bob, document=document)
    actions.review_document(actor=rita, document=document, answers=ALL_YES)
    later = timezone.now() + datetime.timedelta(hours=2)
    document = actions.approve_document(actor=paul, document=document, publish_at=later)
    assert document.status == Status.SCHEDULED
    assert actions.publish_due(timezone.now()) == []
    [done] = actions.publish_due(later + datetime.timedelta(minutes=1))
    assert done.pk == document.pk
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    assert document.published_at == later + datetime.timedelta(minutes=1)


def test_document_is_late_when_published_after_its_deadline(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = publish(draft(binhe, bob, formed_on=datetime.date(2024, 1, 2)), bob, rita, paul)
    assert document.due_on == datetime.date(2024, 1, 30)
    assert document.on_time is False
    stats = Document.objects.on_time_rate(timezone.localdate().year)
    assert stats == {"total": 1, "on_time": 0, "late": 1, "rate": 0.0}


def test_channel_records_need_a_published_document_and_a_reading_point(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    today = timezone.localdate()
    with pytest.raises(actions.DocumentError, match="只有已发布的主动公开信息"):
        actions.record_publication(
            actor=bob, document=document, channel="weibo", published_on=today
        )
    publish(document, bob, rita, paul)
    with pytest.raises(actions.DocumentError, match="请选择查阅点"):
        actions.record_publication(
            actor=bob, document=document, channel="reading_point", published_on=today
        )
    actions.record_publication(
        actor=bob, document=document, channel="weibo", published_on=today, reference="微博链接"
    )
    assert sorted(document.publications.values_list("channel", flat=True)) == [
        "website",
        "weibo",
    ]


def test_access_a_publisher_cannot_review_and_another_agency_cannot_see(
    bob: User, dave: User, rita: User, binhe: Agency
) -> None:
    document = draft(binhe, bob)
    with pytest.raises(PermissionDenied, match="只有本机构的保密审查员"):
        get_document_for_user(bob, document.pk, step="review")
    assert get_document_for_user(rita, document.pk, step="review") == document
    with pytest.raises(Http404):
        get_document_for_user(dave, document.pk)


def test_a_body_typed_as_plain_text_keeps_its_paragraphs(bob: User, binhe: Agency) -> None:
    document = draft(binhe, bob, body_html="各村：\n请做好防火工作。<不是标签")
    assert document.body_html == "<p>各村：</p><p>请做好防火工作。&lt;不是标签</p>"
