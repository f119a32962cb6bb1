"""Permission isolation: one rule per resource, enforced by gongkai.agencies.access."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from gongkai.agencies.access import (
    filter_visible,
    get_agency_for_user,
    manageable_agencies,
    visible_agencies,
)
from gongkai.agencies.models import ReadingPoint


def names(qs):
    return sorted(a.slug for a in qs)


def test_district_office_admin_sees_and_manages_every_unit(alice):
    assert names(visible_agencies(alice)) == ["spt", "spt-binhe", "spt-czj", "spt-wenchang"]
    assert names(manageable_agencies(alice)) == names(visible_agencies(alice))


def test_township_officer_sees_only_own_township(bob, binhe, wenchang):
    assert names(visible_agencies(bob)) == ["spt-binhe"]
    assert names(manageable_agencies(bob)) == []
    with pytest.raises(Http404):
        get_agency_for_user(bob, wenchang.pk)


def test_township_officer_cannot_change_own_township(bob, binhe):
    assert get_agency_for_user(bob, binhe.pk) == binhe
    with pytest.raises(PermissionDenied):
        get_agency_for_user(bob, binhe.pk, change=True)


def test_township_admin_manages_own_township_but_not_the_neighbour(carol, binhe, wenchang):
    assert get_agency_for_user(carol, binhe.pk, change=True) == binhe
    with pytest.raises(Http404):
        get_agency_for_user(carol, wenchang.pk)


def test_read_only_superior_sees_subtree_and_changes_nothing(olga, binhe):
    assert "spt-binhe" in names(visible_agencies(olga))
    assert names(manageable_agencies(olga)) == []
    with pytest.raises(PermissionDenied):
        get_agency_for_user(olga, binhe.pk, change=True)


def test_user_without_agency_sees_nothing(outsider, district):
    assert names(visible_agencies(outsider)) == []


def test_filter_visible_scopes_other_records(bob, binhe, wenchang):
    ReadingPoint.objects.create(agency=binhe, name="滨河查阅点", address="滨河镇")
    ReadingPoint.objects.create(agency=wenchang, name="文昌查阅点", address="文昌镇")
    visible = filter_visible(ReadingPoint.objects.all(), bob)
    assert [p.name for p in visible] == ["滨河查阅点"]


def test_township_officer_gets_404_for_other_township_pages(client, bob, wenchang):
    client.force_login(bob)
    assert client.get(reverse("agencies:detail", args=[wenchang.pk])).status_code == 404
    assert client.get(reverse("agencies:edit", args=[wenchang.pk])).status_code == 404
    history = reverse("backoffice:history", args=["agencies.agency", wenchang.pk])
    assert client.get(history).status_code == 404


def test_township_admin_cannot_post_changes_to_other_township(client, dave, binhe):
    client.force_login(dave)
    response = client.post(
        reverse("agencies:edit", args=[binhe.pk]),
        {"name": "改名", "slug": "spt-binhe", "kind": "township"},
    )
    assert response.status_code == 404
    binhe.refresh_from_db()
    assert binhe.name == "中卫市沙坡头区滨河镇人民政府"


def test_publisher_cannot_edit_own_agency(client, bob, binhe):
    client.force_login(bob)
    assert client.get(reverse("agencies:edit", args=[binhe.pk])).status_code == 403


def test_district_admin_list_shows_all_units(client, alice):
    client.force_login(alice)
    response = client.get(reverse("agencies:list"))
    assert response.status_code == 200
    assert len(response.context["agencies"]) == 4
