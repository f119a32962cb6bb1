"""django-ninja's own errors reach API clients in Chinese."""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD


def test_staff_endpoint_without_login_says_so_in_chinese(db) -> None:
    response = Client().get("/api/v1/applications/")
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录（工作人员接口使用登录后的会话 Cookie）"}


def test_missing_csrf_token_is_explained(alice) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="alice", password=PASSWORD)
    response = client.post("/api/v1/applications/", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "CSRF 校验失败：请在请求头 X-CSRFToken 中携带 csrftoken Cookie 的值"
    )


def test_unreadable_body_is_explained(db) -> None:
    response = Client().post(
        "/api/v1/applications/track", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容无法解析：请以 JSON 格式提交"}


def test_get_on_a_post_only_step_explains_in_chinese(alice) -> None:
    client = Client()
    client.login(username="alice", password=PASSWORD)
    page = client.get("/workbench/applications/1/confirm/")
    assert page.status_code == 405
    assert page["Allow"] == "POST"
    assert "不支持该请求方式（GET），该地址只接受 POST" in page.content.decode()


def test_wrong_method_on_the_api_is_json_in_chinese(db) -> None:
    response = Client().get("/api/v1/applications/track")
    assert response.status_code == 405
    assert response.json()["detail"].startswith("不支持该请求方式（GET）")
