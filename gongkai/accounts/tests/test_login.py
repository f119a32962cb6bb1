from django.urls import reverse

from conftest import PASSWORD

LOCKED = "登录失败次数过多，请 15 分钟后再试。"


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_lands_on_workbench_with_agency_and_roles(client, bob):
    response = login(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    page = client.get(reverse("backoffice:home")).content.decode()
    assert "中卫市沙坡头区滨河镇人民政府" in page
    assert "信息发布员" in page


def test_wrong_password_shows_chinese_error(client, bob):
    response = login(client, "bob", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "用户名或密码不正确。请注意密码区分大小写。"
    ]


def test_five_failures_lock_the_account_even_with_the_right_password(client, bob, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, "bob", "wrong")
    response = login(client, "bob", PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOCKED]


def test_failures_below_the_limit_are_forgiven_after_success(client, bob, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        login(client, "bob", "wrong")
    assert login(client, "bob", PASSWORD).status_code == 302
    client.logout()
    login(client, "bob", "wrong")
    assert login(client, "bob", PASSWORD).status_code == 302


def test_one_address_trying_many_names_is_locked(client, bob, carol, settings):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, f"nobody{n}", "wrong")
    response = login(client, "carol", PASSWORD)
    assert response.context["form"].non_field_errors() == [LOCKED]


def test_password_is_stored_hashed(bob):
    assert bob.password != PASSWORD
    assert bob.check_password(PASSWORD)


def test_password_change_then_login_with_new_password(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert login(client, "bob", "Xin-mima-2026!").status_code == 302


def test_password_change_rejects_wrong_old_password(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors


def test_logout_requires_post_and_ends_the_session(client, bob):
    client.force_login(bob)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 302
