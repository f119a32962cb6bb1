"""Atom feeds per agency and 栏目, and sitemap.xml."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils import timezone

from gongkai.agencies import actions as agency_actions
from gongkai.portal import feeds
from gongkai.portal.tests.test_disclosure_pages import GUIDE_TEXT, draft, publish
from gongkai.publishing import actions, catalogue

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom(response) -> ET.Element:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def test_agency_feed_has_the_latest_public_documents_of_that_agency(
    client, alice, binhe, wenchang
) -> None:
    older = publish(binhe, alice, title="较早的信息", summary="这是内容概述。")
    newer = publish(binhe, alice, title="较新的信息")
    withdrawn = publish(binhe, alice, title="已撤回")
    actions.withdraw_document(actor=alice, document=withdrawn, notice="有误")
    draft(binhe, alice, title="草稿")
    publish(wenchang, alice, title="文昌镇的信息")

    feed = atom(client.get(reverse("portal:agency_feed", args=["spt-binhe"])))

    assert feed.findtext(f"{ATOM}title") == "中卫市沙坡头区滨河镇人民政府 · 政府信息公开"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["较新的信息", "较早的信息"]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://testserver/xxgk/documents/{newer.pk}/"
    assert entries[1].findtext(f"{ATOM}summary") == "这是内容概述。"
    assert entries[1].findtext(f"{ATOM}author/{ATOM}name") == "中卫市沙坡头区滨河镇人民政府"
    assert older.published_at is not None
    published = datetime.datetime.fromisoformat(entries[1].findtext(f"{ATOM}published") or "")
    assert published == older.published_at


def test_agency_feed_is_limited_to_the_latest_fifty(client, alice, binhe, monkeypatch) -> None:
    assert feeds.FEED_LENGTH == 50
    monkeypatch.setattr(feeds, "FEED_LENGTH", 2)
    for n in range(3):
        publish(binhe, alice, title=f"信息{n}")

    feed = atom(client.get(reverse("portal:agency_feed", args=["spt-binhe"])))

    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["信息2", "信息1"]


def test_column_feed_covers_the_column_and_its_sub_columns(client, alice, binhe) -> None:
    policy = catalogue.create_column(actor=alice, agency=binhe, name="政策文件")
    notices = catalogue.create_column(actor=alice, agency=binhe, name="通知公告", parent=policy)
    other = catalogue.create_column(actor=alice, agency=binhe, name="其他")
    publish(binhe, alice, title="政策", column=policy)
    publish(binhe, alice, title="通知", column=notices)
    publish(binhe, alice, title="其他信息", column=other)

    feed = atom(client.get(reverse("portal:column_feed", args=["spt-binhe", policy.pk])))

    assert feed.findtext(f"{ATOM}title") == "中卫市沙坡头区滨河镇人民政府 · 政策文件"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["通知", "政策"]


def test_feeds_of_unknown_inactive_or_foreign_columns_are_not_found(
    client, alice, binhe, wenchang
) -> None:
    foreign = catalogue.create_column(actor=alice, agency=wenchang, name="文昌镇栏目")
    closed = catalogue.create_column(actor=alice, agency=binhe, name="旧栏目")
    catalogue.deactivate_column(actor=alice, column=closed)

    for pk in (foreign.pk, closed.pk, 999999):
        url = reverse("portal:column_feed", args=["spt-binhe", pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("portal:agency_feed", args=["nowhere"])).status_code == 404


def test_sitemap_lists_the_landing_page_agencies_published_guides_and_public_documents(
    client, alice, district, binhe, wenchang
) -> None:
    guide = catalogue.draft_guide(actor=alice, agency=binhe, fields=GUIDE_TEXT)
    catalogue.publish_guide(actor=alice, guide=guide)
    catalogue.draft_guide(actor=alice, agency=wenchang, fields=GUIDE_TEXT)  # not published
    document = publish(binhe, alice)
    draft(binhe, alice, title="草稿")
    withdrawn = publish(binhe, alice, title="已撤回")
    actions.withdraw_document(actor=alice, document=withdrawn, notice="有误")
    agency_actions.update_agency(actor=None, agency=wenchang, data={"is_active": False})

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    urls = ET.fromstring(response.content).findall(f"{SITEMAP}url")  # noqa: S314
    locations = [u.findtext(f"{SITEMAP}loc") for u in urls]
    assert locations == [
        "http://testserver/xxgk/",
        "http://testserver/xxgk/spt/",
        "http://testserver/xxgk/spt-binhe/",
        "http://testserver/xxgk/spt-binhe/guide/",
        "http://testserver/xxgk/spt-czj/",
        f"http://testserver/xxgk/documents/{document.pk}/",
    ]
    assert urls[-1].findtext(f"{SITEMAP}lastmod") == timezone.localdate().isoformat()
    assert urls[0].find(f"{SITEMAP}lastmod") is None
