import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.accounts import actions
from gongkai.accounts.models import Role, User
from gongkai.audit.models import Event


def test_district_admin_creates_a_township_account_with_roles(client, alice, binhe):
    client.force_login(alice)
    response = client.post(
        reverse("staff:create"),
        {
            "agency": binhe.pk,
            "username": "binhe-handler2",
            "full_name": "马晓东",
            "password": "Shenqing-2026",
            "roles": [Role.HANDLER, Role.REVIEWER],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="binhe-handler2")
    assert user.agency == binhe
    assert user.role_set == {"handler", "reviewer"}
    assert user.check_password("Shenqing-2026")
    event = Event.objects.for_object(user).get()
    assert event.summary == "新建账号"
    assert event.changes["roles"] == {
        "label": "角色",
        "before": None,
        "after": ["保密审查员", "依申请办理人"],
    }
    assert "Shenqing-2026" not in str(event.changes)


def test_township_admin_cannot_create_accounts_in_another_township(client, carol, wenchang):
    client.force_login(carol)
    response = client.post(
        reverse("staff:create"),
        {
            "agency": wenchang.pk,
            "username": "x-user",
            "full_name": "某",
            "password": "Shenqing-2026",
        },
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not User.objects.filter(username="x-user").exists()


def test_township_admin_cannot_see_or_edit_neighbours_staff(client, carol, dave):
    client.force_login(carol)
    assert client.get(reverse("staff:edit", args=[dave.pk])).status_code == 404
    assert dave.username not in client.get(reverse("staff:list")).content.decode()


def test_read_only_user_sees_staff_but_cannot_edit(client, olga, bob):
    client.force_login(olga)
    assert "bob" in client.get(reverse("staff:list")).content.decode()
    assert client.get(reverse("staff:edit", args=[bob.pk])).status_code == 403


def test_admin_cannot_edit_own_account_here(client, alice):
    client.force_login(alice)
    assert client.get(reverse("staff:edit", args=[alice.pk])).status_code == 403


def test_changing_roles_and_deactivating_is_recorded(alice, bob):
    actions.update_staff_user(
        actor=alice, user=bob, full_name="Bob", email=bob.email, phone="",
        is_active=False, roles=[Role.PUBLISHER, Role.REVIEWER],
    )  # fmt: skip
    bob.refresh_from_db()
    assert not bob.is_active
    event = Event.objects.for_object(bob).get(action="user.updated")
    assert event.changes["roles"]["before"] == ["信息发布员"]
    assert event.changes["roles"]["after"] == ["信息发布员", "保密审查员"]
    assert event.changes["is_active"]["after"] is False


def test_weak_password_is_refused_with_a_message(alice, binhe):
    with pytest.raises(ValidationError) as exc:
        actions.create_staff_user(
            actor=alice, agency=binhe, username="weak", password="12345678", roles=[]
        )
    assert exc.value.messages == ["这个密码太常见了。", "密码只包含数字。"]
    assert not User.objects.filter(username="weak").exists()


def test_duplicate_username_is_refused(alice, binhe, bob):
    with pytest.raises(ValidationError) as exc:
        actions.create_staff_user(
            actor=alice, agency=binhe, username="BOB", password="Shenqing-2026", roles=[]
        )
    assert exc.value.message_dict == {"username": ["该用户名已被使用"]}


def test_password_reset_lets_the_user_log_in_with_the_new_password(client, alice, bob):
    client.force_login(alice)
    response = client.post(
        reverse("staff:reset_password", args=[bob.pk]), {"password": "Chongzhi-2026"}
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password("Chongzhi-2026")
    assert Event.objects.for_object(bob).get(action="user.password_reset").changes == {}
