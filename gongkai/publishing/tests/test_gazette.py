from __future__ import annotations

import datetime
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
from gongkai.audit.models import Event
from gongkai.publishing import actions, gazette
from gongkai.publishing.models import (
    Channel,
    Document,
    GazetteIssue,
    GazetteStatus,
    Publication,
)
from gongkai.publishing.tests.factories import exactly, make_document, publish

pytestmark = pytest.mark.urls("gongkai.publishing.tests.channels_urls")


@pytest.fixture
def signers(binhe: Agency) -> tuple[User, User]:
    return make_user("rita", binhe, Role.REVIEWER), make_user("paul", binhe, Role.APPROVER)


@pytest.fixture
def published(bob: User, binhe: Agency, signers: tuple[User, User]) -> list[Document]:
    """Three published documents of 滨河镇, the second long enough for two pages."""
    return [
        publish(
            make_document(
                binhe,
                bob,
                title=title,
                doc_number=number,
                body_html="<p>现将有关事项通知如下。</p>" * paragraphs,
            ),
            *signers,
        )
        for title, number, paragraphs in (
            ("关于开展秋季爱国卫生运动的通知", "滨政发〔2024〕31号", 1),
            ("滨河镇2024年度财政预算执行情况报告", "滨政发〔2024〕32号", 90),
            ("关于调整镇防汛抗旱指挥部成员的通知", "", 1),
        )
    ]


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def today() -> datetime.date:
    return timezone.localdate()


# --- creating and editing -----------------------------------------------------------------


def test_a_new_issue_takes_the_years_next_number(alice: User, binhe: Agency) -> None:
    first = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    fifth = gazette.create_issue(actor=alice, agency=binhe, year=2024, number=5)
    sixth = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    other_year = gazette.create_issue(actor=alice, agency=binhe, year=2025)
    assert [first.number, fifth.number, sixth.number, other_year.number] == [1, 5, 6, 1]
    assert str(sixth) == "2024年第6期"
    assert sixth.status == GazetteStatus.DRAFT
    event = Event.objects.filter(object_pk=str(first.pk), action="publishing.gazette_created")
    assert event.get().summary == "新建政府公报2024年第1期"
    assert event.get().agency == binhe


def test_an_issue_number_is_used_once_per_agency_and_year(
    alice: User, binhe: Agency, wenchang: Agency
) -> None:
    gazette.create_issue(actor=alice, agency=binhe, year=2024, number=3)
    with pytest.raises(
        gazette.GazetteError, match=exactly("中卫市沙坡头区滨河镇人民政府政府公报2024年第3期已存在")
    ):
        gazette.create_issue(actor=alice, agency=binhe, year=2024, number=3)
    assert gazette.create_issue(actor=alice, agency=wenchang, year=2024, number=3).number == 3


def test_an_issue_year_must_be_plausible(alice: User, binhe: Agency) -> None:
    last = today().year + 1
    with pytest.raises(gazette.GazetteError, match=exactly(f"年份应在 1990 年至 {last} 年之间")):
        gazette.create_issue(actor=alice, agency=binhe, year=last + 1)
    assert not GazetteIssue.objects.exists()


def test_only_published_proactive_documents_of_the_subtree_can_be_added(
    alice: User,
    bob: User,
    dave: User,
    district: Agency,
    binhe: Agency,
    wenchang: Agency,
    published: list[Document],
) -> None:
    draft = make_document(binhe, bob, title="尚未发布的草稿")
    elsewhere = make_document(wenchang, dave, title="文昌镇的通知")
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    with pytest.raises(
        gazette.GazetteError,
        match=exactly(
            "只能收录本机构及下级机构已发布的主动公开信息，以下信息不符合："
            "“尚未发布的草稿”、“文昌镇的通知”"
        ),
    ):
        gazette.add_documents(actor=alice, issue=issue, documents=[published[0], draft, elsewhere])
    issue.refresh_from_db()
    assert issue.document_ids == []  # nothing half-written

    # The district's gazette may carry its townships' documents.
    district_issue = gazette.create_issue(actor=alice, agency=district, year=2024)
    gazette.add_documents(actor=alice, issue=district_issue, documents=published[:1])
    district_issue.refresh_from_db()
    assert district_issue.document_ids == [published[0].pk]


def test_a_document_appears_once_per_issue(
    alice: User, binhe: Agency, published: list[Document]
) -> None:
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    gazette.add_documents(actor=alice, issue=issue, documents=published[:1])
    with pytest.raises(
        gazette.GazetteError, match=exactly("已收录在本期：“关于开展秋季爱国卫生运动的通知”")
    ):
        gazette.add_documents(actor=alice, issue=issue, documents=published[:1])
    with pytest.raises(
        gazette.GazetteError, match=exactly("“滨河镇2024年度财政预算执行情况报告”重复选择了")
    ):
        gazette.add_documents(actor=alice, issue=issue, documents=[published[1], published[1]])


def test_documents_are_removed_reordered_and_moved(
    alice: User, binhe: Agency, published: list[Document]
) -> None:
    a, b, c = published
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    gazette.add_documents(actor=alice, issue=issue, documents=[a, b, c])
    gazette.reorder(actor=alice, issue=issue, order=[c.pk, a.pk, b.pk])
    issue.refresh_from_db()
    assert gazette.issue_documents(issue) == [c, a, b]
    gazette.move_document(actor=alice, issue=issue, document=b, by=-1)
    issue.refresh_from_db()
    assert gazette.issue_documents(issue) == [c, b, a]
    gazette.move_document(actor=alice, issue=issue, document=c, by=-1)  # already first
    gazette.remove_document(actor=alice, issue=issue, document=b)
    issue.refresh_from_db()
    assert gazette.issue_documents(issue) == [c, a]
    with pytest.raises(
        gazette.GazetteError, match=exactly("排序须包含本期的全部信息，且每条只出现一次")
    ):
        gazette.reorder(actor=alice, issue=issue, order=[c.pk, c.pk])
    actions_done = list(
        Event.objects.filter(object_pk=str(issue.pk), action__startswith="publishing.gazette_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions_done == [
        "publishing.gazette_created",
        "publishing.gazette_documents_added",
        "publishing.gazette_reordered",
        "publishing.gazette_reordered",
        "publishing.gazette_document_removed",
    ]


# --- publishing -----------------------------------------------------------------------------


def test_publishing_an_issue_records_a_gazette_publication_per_document(
    alice: User, binhe: Agency, published: list[Document]
) -> None:
    a, b, c = published
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024, number=3)
    gazette.add_documents(actor=alice, issue=issue, documents=[b, a, c])
    issue = gazette.publish_issue(actor=alice, issue=issue, published_on=today())

    assert issue.status == GazetteStatus.PUBLISHED
    assert issue.published_on == today()
    items = Publication.objects.filter(channel=Channel.GAZETTE).order_by("position")
    assert [(p.document, p.position, p.reference, p.published_on) for p in items] == [
        (b, 1, "2024年第3期", today()),
        (a, 2, "2024年第3期", today()),
        (c, 3, "2024年第3期", today()),
    ]
    assert all(p.gazette_issue == issue and p.recorded_by == alice for p in items)
    assert gazette.issue_documents(issue) == [b, a, c]
    # Counted once: the website and the gazette carry each, the count is still three.
    assert Publication.objects.filter(document=a).count() == 2
    assert Document.objects.disclosed().count() == 3
    assert (
        Event.objects.get(object_pk=str(issue.pk), action="publishing.gazette_published").summary
        == "出版政府公报2024年第3期，收录 3 条信息"
    )
    assert Event.objects.filter(
        object_pk=str(a.pk),
        action="publishing.channel_recorded",
        summary=f"登记发布渠道：政府公报 {today().isoformat()}（2024年第3期）",
    ).exists()


def test_the_issue_pdf_has_a_cover_and_a_table_of_contents_with_page_numbers(
    alice: User, binhe: Agency, published: list[Document]
) -> None:
    a, b, c = published
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024, number=3)
    gazette.add_documents(actor=alice, issue=issue, documents=[a, b, c])
    issue = gazette.publish_issue(actor=alice, issue=issue, published_on=today())

    with issue.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    cover = extract_text(io.BytesIO(data), page_numbers=[0])
    assert "中卫市沙坡头区滨河镇人民政府" in cover
    assert "政府公报" in cover
    assert "2024年第3期" in cover
    assert f"{today().year}年{today().month}月{today().day}日" in cover

    toc = extract_text(io.BytesIO(data), page_numbers=[1])
    assert "目录" in toc
    lines = [line.strip() for line in toc.splitlines() if line.strip()]
    pages = [int(line) for line in lines if re.fullmatch(r"\d+", line)]
    assert len(pages) == 3
    assert pages[0] == 3  # cover and contents come first
    assert pages[2] > pages[1] + 1  # the long report takes more than one page
    titles = [
        "关于开展秋季爱国卫生运动的通知（滨政发〔2024〕31号）",
        "滨河镇2024年度财政预算执行情况报告（滨政发〔2024〕32号）",
        "关于调整镇防汛抗旱指挥部成员的通知",
    ]
    assert [line for line in lines if line in titles] == titles
    # Each page number points at the page the document starts on.
    for document, page in zip((a, b, c), pages, strict=True):
        text = extract_text(io.BytesIO(data), page_numbers=[page - 1])
        assert document.title in text
        assert f"第 {page} 页" in text
    last = extract_text(io.BytesIO(data), page_numbers=[pages[2] - 1])
    assert "2024年9月2日" in last  # 成文日期 closes each document


def test_a_published_issue_cannot_be_edited(
    alice: User, binhe: Agency, published: list[Document]
) -> None:
    a, b, _ = published
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    gazette.add_documents(actor=alice, issue=issue, documents=[a])
    gazette.publish_issue(actor=alice, issue=issue, published_on=today())
    message = exactly("2024年第1期已出版，不能再修改")
    with pytest.raises(gazette.GazetteError, match=message):
        gazette.add_documents(actor=alice, issue=issue, documents=[b])
    with pytest.raises(gazette.GazetteError, match=message):
        gazette.remove_document(actor=alice, issue=issue, document=a)
    with pytest.raises(gazette.GazetteError, match=message):
        gazette.reorder(actor=alice, issue=issue, order=[a.pk])
    with pytest.raises(gazette.GazetteError, match=message):
        gazette.publish_issue(actor=alice, issue=issue, published_on=today())
    assert Publication.objects.filter(channel=Channel.GAZETTE).count() == 1


def test_an_issue_is_not_published_empty_in_the_future_or_before_its_documents(
    alice: User, binhe: Agency, published: list[Document]
) -> None:
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    with pytest.raises(gazette.GazetteError, match=exactly("本期尚未收录任何信息，不能出版")):
        gazette.publish_issue(actor=alice, issue=issue, published_on=today())
    gazette.add_documents(actor=alice, issue=issue, documents=published[:1])
    with pytest.raises(gazette.GazetteError, match=exactly("出版日期不能晚于今天")):
        gazette.publish_issue(
            actor=alice, issue=issue, published_on=today() + datetime.timedelta(days=1)
        )
    day = today()
    with pytest.raises(
        gazette.GazetteError,
        match=exactly(
            "出版日期不能早于所收录信息的发布日期（“关于开展秋季爱国卫生运动的通知”于"
            f"{day.year}年{day.month}月{day.day}日发布）"
        ),
    ):
        gazette.publish_issue(
            actor=alice, issue=issue, published_on=day - datetime.timedelta(days=1)
        )
    issue.refresh_from_db()
    assert issue.status == GazetteStatus.DRAFT
    assert not issue.pdf
    assert not Publication.objects.filter(channel=Channel.GAZETTE).exists()


def test_a_document_withdrawn_after_it_was_added_blocks_publication(
    alice: User, bob: User, binhe: Agency, published: list[Document]
) -> None:
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    gazette.add_documents(actor=alice, issue=issue, documents=published[:2])
    actions.withdraw_document(actor=bob, document=published[1], notice="内容有误")
    with pytest.raises(
        gazette.GazetteError,
        match=exactly(
            "以下信息已撤回或不再公开，请先从本期移除：“滨河镇2024年度财政预算执行情况报告”"
        ),
    ):
        gazette.publish_issue(actor=alice, issue=issue, published_on=today())


# --- pages ------------------------------------------------------------------------------------


def test_gazette_list_shows_visible_issues_newest_first(
    alice: User, olga: User, binhe: Agency, wenchang: Agency, dave: User
) -> None:
    gazette.create_issue(actor=alice, agency=binhe, year=2023, number=12)
    gazette.create_issue(actor=alice, agency=binhe, year=2024, number=2)
    gazette.create_issue(actor=alice, agency=wenchang, year=2024, number=1)
    html = client_for(olga).get(reverse("publishing_channels:gazette_list")).content.decode()
    assert html.index("2024年第2期") < html.index("2024年第1期") < html.index("2023年第12期")
    assert "新建一期" not in html
    dave_html = client_for(dave).get(reverse("publishing_channels:gazette_list")).content.decode()
    assert "2024年第1期" in dave_html and "2024年第2期" not in dave_html
    assert "新建一期" in dave_html


def test_an_office_admin_compiles_and_publishes_an_issue_through_the_pages(
    carol: User, binhe: Agency, published: list[Document]
) -> None:
    a, b, _ = published
    client = client_for(carol)
    response = client.post(
        reverse("publishing_channels:gazette_create"), {"agency": binhe.pk, "year": 2024}
    )
    issue = GazetteIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing_channels:gazette_detail", args=[issue.pk])

    detail = reverse("publishing_channels:gazette_detail", args=[issue.pk])
    found = client.get(detail, {"q": "财政预算"}).content.decode()
    assert f'value="{b.pk}"' in found and f'value="{a.pk}"' not in found
    by_index = client.get(detail, {"q": a.index_no}).content.decode()
    assert f'value="{a.pk}"' in by_index and f'value="{b.pk}"' not in by_index

    client.post(
        reverse("publishing_channels:gazette_add", args=[issue.pk]), {"documents": [a.pk, b.pk]}
    )
    client.post(
        reverse("publishing_channels:gazette_move", args=[issue.pk, b.pk]), {"direction": "up"}
    )
    issue.refresh_from_db()
    assert issue.document_ids == [b.pk, a.pk]

    response = client.post(
        reverse("publishing_channels:gazette_publish", args=[issue.pk]),
        {"published_on": today().isoformat()},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == GazetteStatus.PUBLISHED
    page = client.get(detail).content.decode()
    assert "下载 PDF" in page and "出版本期" not in page
    listing = client.get(reverse("publishing_channels:gazette_list")).content.decode()
    assert "<td>2 条</td>" in listing
    pdf = client.get(reverse("publishing_channels:gazette_pdf", args=[issue.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_publish_errors_are_shown_on_the_issue_page(carol: User, binhe: Agency) -> None:
    issue = gazette.create_issue(actor=carol, agency=binhe, year=2024)
    client = client_for(carol)
    response = client.post(
        reverse("publishing_channels:gazette_publish", args=[issue.pk]),
        {"published_on": today().isoformat()},
        follow=True,
    )
    assert "本期尚未收录任何信息，不能出版" in response.content.decode()


def test_a_publisher_sees_an_issue_but_cannot_change_it(
    alice: User, bob: User, binhe: Agency, published: list[Document]
) -> None:
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    client = client_for(bob)
    page = client.get(reverse("publishing_channels:gazette_detail", args=[issue.pk]))
    assert page.status_code == 200
    assert "收录所选信息" not in page.content.decode()
    response = client.post(
        reverse("publishing_channels:gazette_add", args=[issue.pk]),
        {"documents": [published[0].pk]},
    )
    assert response.status_code == 403
    assert client.get(reverse("publishing_channels:gazette_create")).status_code == 403


def test_another_agencys_issue_is_not_found(alice: User, binhe: Agency, dave: User) -> None:
    issue = gazette.create_issue(actor=alice, agency=binhe, year=2024)
    client = client_for(dave)
    assert (
        client.get(reverse("publishing_channels:gazette_detail", args=[issue.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("publishing_channels:gazette_pdf", args=[issue.pk])).status_code == 404
    )
