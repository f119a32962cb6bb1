"""The public page cache: anonymous visitors get cached pages until the next
publication change; staff always get fresh ones."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from gongkai.portal import cache as page_cache
from gongkai.portal.tests.test_disclosure_pages import publish
from gongkai.publishing import actions

CATALOGUE = "/xxgk/spt-binhe/"


def test_second_anonymous_visit_is_served_from_the_cache_until_the_generation_changes(
    client, alice, binhe
) -> None:
    first = client.get(CATALOGUE)
    publish(binhe, alice, title="悄悄发布的信息")  # its after-commit effects do not run here

    second = client.get(CATALOGUE)
    page_cache.bump_generation()
    third = client.get(CATALOGUE)

    assert first["X-Gongkai-Cache"] == "miss"
    assert second["X-Gongkai-Cache"] == "hit"
    assert "悄悄发布的信息" not in second.content.decode()
    assert third["X-Gongkai-Cache"] == "miss"
    assert "悄悄发布的信息" in third.content.decode()


def test_publication_makes_the_cached_catalogue_show_the_new_document(
    client, alice, binhe, django_capture_on_commit_callbacks
) -> None:
    client.get(CATALOGUE)
    assert client.get(CATALOGUE)["X-Gongkai-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        document = publish(binhe, alice, title="新发布的通知")
    after = client.get(CATALOGUE)

    assert after["X-Gongkai-Cache"] == "miss"
    assert "新发布的通知" in after.content.decode()
    page = reverse("portal:document", args=[document.pk])
    assert client.get(page)["X-Gongkai-Cache"] == "miss"
    assert client.get(page)["X-Gongkai-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_document(actor=alice, document=document, notice="内容有误")
    withdrawn = client.get(page)

    assert withdrawn["X-Gongkai-Cache"] == "miss"
    assert "撤回</strong>" in withdrawn.content.decode()
    assert "新发布的通知" not in client.get(CATALOGUE).content.decode()


def test_logged_in_staff_always_get_a_fresh_page_and_do_not_fill_the_cache(
    client, alice, binhe
) -> None:
    client.force_login(alice)

    staff_views = [client.get(CATALOGUE), client.get(CATALOGUE)]
    client.logout()
    anonymous = client.get(CATALOGUE)

    assert [r.status_code for r in staff_views] == [200, 200]
    assert ["X-Gongkai-Cache" in r for r in staff_views] == [False, False]
    assert anonymous["X-Gongkai-Cache"] == "miss"


def test_each_query_string_is_cached_separately_and_errors_are_not_cached(
    client, alice, binhe
) -> None:
    client.get(CATALOGUE, {"genre": "notice"})

    assert client.get(CATALOGUE, {"genre": "notice"})["X-Gongkai-Cache"] == "hit"
    assert client.get(CATALOGUE, {"genre": "other"})["X-Gongkai-Cache"] == "miss"
    missing = [client.get("/xxgk/documents/999999/") for _ in range(2)]
    assert [r.status_code for r in missing] == [404, 404]
    assert ["X-Gongkai-Cache" in r for r in missing] == [False, False]


def test_cached_pages_carry_no_csrf_token_or_cookie(client, binhe) -> None:
    response = client.get(CATALOGUE)

    assert "X-Gongkai-Cache" in response
    assert "csrftoken" not in response.cookies
    assert '\'{"X-CSRFToken": ""}\'' in response.content.decode()


def test_bump_generation_starts_a_missing_counter_and_then_counts_up(db) -> None:
    cache.delete(page_cache.GENERATION_KEY)

    started = page_cache.bump_generation()
    following = page_cache.bump_generation()

    assert started > 1_000_000  # time-based, so never back to an old generation
    assert following == started + 1
    assert page_cache.current_generation() == following


def test_a_page_that_showed_a_visitors_messages_or_set_a_csrf_token_is_not_stored(db) -> None:
    factory = RequestFactory()

    @page_cache.cache_public_page()
    def view(request):  # type: ignore[no-untyped-def]
        if request.GET.get("case") == "message":
            list(request._messages)  # the template showed the visitor's messages
        if request.GET.get("case") == "csrf":
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        return HttpResponse("ok")

    def visit(case: str) -> HttpResponse:
        request = factory.get("/xxgk/", {"case": case})
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        request.user = AnonymousUser()
        return view(request)

    cases = ("message", "csrf", "plain")
    results = {case: [visit(case).get("X-Gongkai-Cache") for _ in range(2)] for case in cases}

    assert results == {
        "message": [None, None],
        "csrf": [None, None],
        "plain": ["miss", "hit"],
    }
