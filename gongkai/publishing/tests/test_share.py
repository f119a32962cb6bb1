from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.publishing import share
from gongkai.publishing.models import Channel, Document
from gongkai.publishing.tests.factories import make_document, publish

pytestmark = pytest.mark.urls("gongkai.publishing.tests.channels_urls")

URL = "https://xxgk.example.gov.cn/xxgk/documents/7/"


@pytest.fixture
def signers(binhe: Agency) -> tuple[User, User]:
    return make_user("rita", binhe, Role.REVIEWER), make_user("paul", binhe, Role.APPROVER)


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def unsaved(binhe: Agency, **fields: object) -> Document:
    values: dict[str, object] = {
        "pk": 7,
        "agency": binhe,
        "title": "关于做好秋季森林防火工作的通知",
        "summary": "部署秋季森林防火工作。",
        "published_at": datetime.datetime(2024, 10, 8, 9, 30, tzinfo=datetime.UTC),
        "index_no": "116405021000000245/2024-00012",
        "formed_on": datetime.date(2024, 9, 30),
    } | fields
    return Document(**values)


def test_weibo_text_is_title_in_brackets_summary_and_link(binhe: Agency) -> None:
    text = share.weibo_text(unsaved(binhe), URL)
    assert text == f"【关于做好秋季森林防火工作的通知】部署秋季森林防火工作。 {URL}"


def test_long_weibo_text_is_cut_to_140_characters_with_the_whole_link(binhe: Agency) -> None:
    document = unsaved(binhe, title="关" * 90, summary="概" * 200)
    text = share.weibo_text(document, URL)
    assert len(text) == 140
    assert text.endswith(" " + URL)
    assert text.startswith("【" + "关" * 59 + "…】")
    summary = text[len("【" + "关" * 59 + "…】") : -len(URL) - 1]
    assert summary == "概" * (len(summary) - 1) + "…"


def test_weibo_text_leaves_out_a_summary_that_would_be_a_stub(binhe: Agency) -> None:
    long_url = "https://xxgk.example.gov.cn/" + "a" * 60
    text = share.weibo_text(unsaved(binhe, title="标" * 60, summary="概述内容很长" * 10), long_url)
    assert text == "【" + "标" * 48 + "…】 " + long_url
    assert len(text) <= 140


def test_weibo_text_falls_back_to_the_body_when_there_is_no_summary(binhe: Agency) -> None:
    document = unsaved(binhe, summary="", body_text="各村：\n请做好防火工作。")
    assert share.weibo_text(document, URL) == (
        f"【关于做好秋季森林防火工作的通知】各村： 请做好防火工作。 {URL}"
    )


def test_wechat_text_has_agency_date_index_summary_and_link(binhe: Agency) -> None:
    document = unsaved(binhe, doc_number="滨政发〔2024〕12号")
    assert share.wechat_text(document, URL) == "\n".join(
        [
            "关于做好秋季森林防火工作的通知",
            "发布机构：中卫市沙坡头区滨河镇人民政府",
            "发文字号：滨政发〔2024〕12号",
            "发布日期：2024年10月8日",
            "索引号：116405021000000245/2024-00012",
            "内容概述：部署秋季森林防火工作。",
            f"全文链接：{URL}",
        ]
    )


def test_share_text_picks_the_short_form_for_weibo_only(binhe: Agency, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://xxgk.example.gov.cn"
    document = unsaved(binhe)
    assert share.share_text(document, Channel.WEIBO).startswith("【")
    assert share.share_text(document, Channel.WECHAT).startswith("关于做好秋季森林防火工作的通知\n")
    assert share.share_text(document, Channel.OTHER_MEDIA) == share.share_text(
        document, Channel.WECHAT
    )


def test_document_url_is_the_portal_page_under_site_url(binhe: Agency, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://xxgk.example.gov.cn"
    try:
        path = reverse("portal:document", args=[7])
    except Exception:
        path = "/xxgk/documents/7/"
    assert share.document_url(unsaved(binhe)) == "https://xxgk.example.gov.cn" + path


def test_qr_codes_encode_the_link_as_svg_and_png() -> None:
    svg = share.qr_svg(URL)
    assert svg.startswith("<svg")
    assert f"<title>二维码：{URL}</title>" in svg
    assert share.qr_png(URL).startswith(b"\x89PNG\r\n\x1a\n")


def test_share_page_shows_both_texts_read_only_and_the_qr_code(
    bob: User, binhe: Agency, signers: tuple[User, User], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://xxgk.example.gov.cn"
    document = publish(make_document(binhe, bob, summary="部署资助工作。"), *signers)
    response = client_for(bob).get(
        reverse("publishing_channels:document_share", args=[document.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    url = share.document_url(document)
    weibo = f"【关于做好2024年秋季学期学生资助工作的通知】部署资助工作。 {url}"
    textarea = '<textarea id="weibo-text" rows="4" readonly aria-describedby="weibo-help">'
    assert f"{textarea}{weibo}</textarea>" in html
    assert "发布机构：中卫市沙坡头区滨河镇人民政府" in html
    assert '<svg width="' in html
    assert f'<a href="{url}">{url}</a>' in html


def test_share_page_of_a_draft_says_it_cannot_be_shared(bob: User, binhe: Agency) -> None:
    document = make_document(binhe, bob)
    response = client_for(bob).get(
        reverse("publishing_channels:document_share", args=[document.pk])
    )
    html = response.content.decode()
    assert "只有已发布的主动公开信息可以分享。该信息当前状态为“草稿”（主动公开）。" in html
    assert "<textarea" not in html
    png = client_for(bob).get(reverse("publishing_channels:document_qr_png", args=[document.pk]))
    assert png.status_code == 404


def test_qr_png_download_of_a_published_document(
    bob: User, binhe: Agency, signers: tuple[User, User]
) -> None:
    document = publish(make_document(binhe, bob), *signers)
    response = client_for(bob).get(
        reverse("publishing_channels:document_qr_png", args=[document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_share_page_of_another_agencys_document_is_not_found(
    bob: User, binhe: Agency, dave: User
) -> None:
    document = make_document(binhe, bob)
    response = client_for(dave).get(
        reverse("publishing_channels:document_share", args=[document.pk])
    )
    assert response.status_code == 404


def test_publish_date_is_the_local_day(binhe: Agency) -> None:
    late = timezone.make_aware(datetime.datetime(2024, 10, 8, 23, 30))  # noqa: DTZ001
    assert share.publish_date(unsaved(binhe, published_at=late)) == "2024年10月8日"
