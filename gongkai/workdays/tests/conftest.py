"""The workdays tests' cast: a district government (top-level) and one township.

- alice: 公开办管理员 of the district — keeps the holiday calendar.
- carol: 公开办管理员 of the township — sees the calendar, may not change it.
- bob: 依申请办理人 at the district — sees the calendar, may not change it.
"""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role, RoleGrant, User
from gongkai.agencies.models import Agency

PASSWORD = "correct-horse-battery-staple"


def make_agency(name: str, slug: str, kind: str, parent: Agency | None = None) -> Agency:
    agency = Agency.objects.create(name=name, slug=slug, kind=kind, parent=parent)
    if parent is None:
        agency.path, agency.depth = f"/{agency.pk}/", 0
    else:
        agency.path, agency.depth = f"{parent.path}{agency.pk}/", parent.depth + 1
    agency.save(update_fields=["path", "depth"])
    return agency


def make_user(username: str, agency: Agency | None, *roles: str, **fields: object) -> User:
    user = User.objects.create_user(username, password=PASSWORD, agency=agency, **fields)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def district(db: None) -> Agency:
    return make_agency("山坡头区人民政府", "spt", "government")


@pytest.fixture
def township(district: Agency) -> Agency:
    return make_agency("滨河镇人民政府", "spt-binhe", "township", parent=district)


@pytest.fixture
def alice(district: Agency) -> User:
    return make_user(
        "alice", district, Role.OFFICE_ADMIN, full_name="王丽", email="alice@spt.example.cn"
    )


@pytest.fixture
def carol(township: Agency) -> User:
    return make_user(
        "carol", township, Role.OFFICE_ADMIN, full_name="陈静", email="carol@binhe.example.cn"
    )


@pytest.fixture
def bob(district: Agency) -> User:
    return make_user("bob", district, Role.HANDLER, full_name="李波", email="bob@spt.example.cn")
