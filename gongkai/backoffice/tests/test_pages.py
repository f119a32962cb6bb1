"""The back office's own pages (home, history, navigation), through Django's test client."""

from __future__ import annotations

import re

from django.urls import reverse

from gongkai.agencies import actions


def history_url(label: str, pk: int) -> str:
    return reverse("backoffice:history", args=[label, pk])


def nav_links(html: str) -> dict[str, bool]:
    """{label: marked as the current page} for each link in the back-office side nav."""
    nav = re.search(r'<nav class="side"[^>]*>(.*?)</nav>', html, re.DOTALL)
    assert nav is not None, "the page has no back-office navigation"
    links = re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(1))
    return {label: 'aria-current="page"' in attrs for attrs, label in links}


def test_home_sends_an_anonymous_visitor_to_the_login_page(client, db) -> None:
    response = client.get(reverse("backoffice:home"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/workbench/"


def test_home_greets_the_logged_in_officer_with_their_agency_and_role(client, bob) -> None:
    client.force_login(bob)

    response = client.get(reverse("backoffice:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<span>Bob</span>" in html
    assert "<span> · 中卫市沙坡头区滨河镇人民政府</span>" in html
    assert "<span> · 信息发布员</span>" in html


def test_history_of_an_agency_the_user_cannot_see_is_not_found(client, bob, wenchang) -> None:
    client.force_login(bob)

    response = client.get(history_url("agencies.agency", wenchang.pk))

    assert response.status_code == 404


def test_history_shows_who_changed_what_to_a_user_who_can_see_the_agency(
    client, alice, carol, binhe
) -> None:
    actions.update_agency(actor=alice, agency=binhe, data={"office_phone": "0955-7012345"})
    client.force_login(carol)

    response = client.get(history_url("agencies.agency", binhe.pk))

    assert response.status_code == 200
    events = list(response.context["events"])
    assert [e.summary for e in events] == ["修改机构信息", "新建机构"]
    html = response.content.decode()
    assert "<h1>变更记录：中卫市沙坡头区滨河镇人民政府</h1>" in html
    assert "Alice · <strong>修改机构信息</strong>" in html
    assert (
        '<tr><th scope="row">联系电话</th><td>0955-8800002</td><td>0955-7012345</td></tr>' in html
    )


def test_history_of_an_unknown_record_type_is_not_found(client, alice, district) -> None:
    client.force_login(alice)

    response = client.get(history_url("agencies.nosuchthing", district.pk))

    assert response.status_code == 404


def test_history_of_an_agency_that_does_not_exist_is_not_found(client, alice) -> None:
    client.force_login(alice)

    response = client.get(history_url("agencies.agency", 999_999))

    assert response.status_code == 404


def test_history_requires_login(client, district) -> None:
    url = history_url("agencies.agency", district.pk)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_nav_marks_only_the_current_page_with_aria_current(client, alice) -> None:
    client.force_login(alice)

    home = nav_links(client.get(reverse("backoffice:home")).content.decode())
    agencies = nav_links(client.get(reverse("agencies:list")).content.decode())

    assert [label for label, current in home.items() if current] == ["首页"]
    assert [label for label, current in agencies.items() if current] == ["机构管理"]


def test_nav_keeps_the_section_current_on_its_inner_pages(client, alice, binhe) -> None:
    client.force_login(alice)

    detail = nav_links(client.get(reverse("agencies:detail", args=[binhe.pk])).content.decode())

    assert [label for label, current in detail.items() if current] == ["机构管理"]


def test_form_fields_point_screen_readers_at_their_help_and_error_text(
    client, alice, binhe
) -> None:
    client.force_login(alice)
    url = reverse("agencies:edit", args=[binhe.pk])

    form = client.get(url).content.decode()
    invalid = client.post(url, {"name": "", "slug": "spt-binhe", "kind": "township"})

    assert 'aria-describedby="id_slug_helptext"' in form
    assert '<p class="help" id="id_slug_helptext">用于网址，如 spt-czj</p>' in form
    html = invalid.content.decode()
    assert re.search(r'<input [^>]*name="name"[^>]*aria-describedby="id_name_error"', html)
    assert '<div class="error" id="id_name_error"><p>这个字段是必填项。</p></div>' in html
