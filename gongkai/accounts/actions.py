"""Every change to staff accounts; each runs in a transaction and writes an audit event
on the user (passwords are never written into an event)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.models import Role, RoleGrant, User
from gongkai.agencies.models import Agency
from gongkai.audit.events import diff, record_event, snapshot

PROFILE_FIELDS = ("full_name", "email", "phone", "agency", "is_active")


def _role_labels(roles: Iterable[str]) -> list[str]:
    return [Role(r).label for r in Role.values if r in set(roles)]


@transaction.atomic
def create_staff_user(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    password: str,
    roles: Iterable[str],
    full_name: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    roles = sorted(set(roles))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, full_name=full_name, email=email, phone=phone, agency=agency)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=role) for role in roles)
    after = snapshot(user, PROFILE_FIELDS) | {"roles": _role_labels(roles)}
    changes = diff({}, after, User)
    changes["roles"]["label"] = "角色"
    record_event(
        actor=actor, obj=user, action="user.created", summary="新建账号", changes=changes,
        agency=agency,
    )  # fmt: skip
    return user


@transaction.atomic
def update_staff_user(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    email: str,
    phone: str,
    is_active: bool,
    roles: Iterable[str],
) -> User:
    new_roles = sorted(set(roles))
    before = snapshot(user, PROFILE_FIELDS) | {"roles": _role_labels(user.role_set)}
    user.full_name, user.email, user.phone, user.is_active = full_name, email, phone, is_active
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email", "phone", "is_active"])
    RoleGrant.objects.filter(user=user).exclude(role__in=new_roles).delete()
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=r) for r in new_roles if r not in user.role_set]
    )
    user.__dict__.pop("role_set", None)
    changes = diff(
        before, snapshot(user, PROFILE_FIELDS) | {"roles": _role_labels(new_roles)}, User
    )
    if "roles" in changes:
        changes["roles"]["label"] = "角色"
    if changes:
        record_event(
            actor=actor, obj=user, action="user.updated", summary="修改账号", changes=changes,
            agency=user.agency,
        )  # fmt: skip
    return user


@transaction.atomic
def reset_password(*, actor: User | None, user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        actor=actor, obj=user, action="user.password_reset", summary="重置密码",
        agency=user.agency,
    )  # fmt: skip
