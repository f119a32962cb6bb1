"""The navigation marks one entry as the current page: the longest matching URL."""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD


def current_entries(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return [e["label"] for e in response.context["nav_entries"] if e["current"]]


def test_statistics_page_is_not_also_the_case_list(client: Client, alice) -> None:
    client.login(username="alice", password=PASSWORD)
    assert current_entries(client, "/workbench/applications/statistics/") == ["依申请公开统计"]
    assert current_entries(client, "/workbench/applications/") == ["依申请公开"]
    assert current_entries(client, "/workbench/") == ["首页"]
