"""The project's one small named dataset, shared by every app's tests.

district   中卫市沙坡头区人民政府 (top-level)
  binhe    滨河镇人民政府 (township)     wenchang 文昌镇人民政府 (township)
  finance  财政局 (department)
alice      公开办管理员 of the district — sees and manages all four agencies
bob        信息发布员 of 滨河镇
carol      公开办管理员 of 滨河镇 — manages 滨河镇 only
dave       公开办管理员 of 文昌镇
olga       只读 of the district (a superior office)
outsider   a user with no agency and no role
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

from gongkai.accounts.models import Role, RoleGrant, User
from gongkai.agencies import actions
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.lib.codes import make_credit_code

PASSWORD = "correct-horse-battery"

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard
# would refuse the test's own database set-up there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.HUEY_IMMEDIATE = True
    # djhuey's HUEY object is built at import time: switch it to immediate mode
    # (in-memory storage) so no test ever queues into var/huey.sqlite3.
    from huey.contrib.djhuey import HUEY

    huey_was_immediate = HUEY.immediate
    HUEY.immediate = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
    HUEY.immediate = huey_was_immediate


def make_agency(name: str, slug: str, kind: str, parent: Agency | None, n: int) -> Agency:
    return actions.create_agency(
        actor=None,
        parent=parent,
        name=name,
        slug=slug,
        kind=kind,
        code=make_credit_code("11640502", f"{10000000 + n:08d}"),
        office_phone=f"0955-88{n:05d}",
    )


def make_user(username: str, agency: Agency | None, *roles: str, **fields: object) -> User:
    fields = {"email": f"{username}@example.gov.cn", "full_name": username.title()} | fields
    user = User.objects.create_user(username, password=PASSWORD, agency=agency, **fields)
    RoleGrant.objects.bulk_create(RoleGrant(user=user, role=r) for r in roles)
    return user


@pytest.fixture
def district(db) -> Agency:  # type: ignore[no-untyped-def]
    return make_agency("中卫市沙坡头区人民政府", "spt", AgencyKind.GOVERNMENT, None, 1)


@pytest.fixture
def binhe(district: Agency) -> Agency:
    return make_agency(
        "中卫市沙坡头区滨河镇人民政府", "spt-binhe", AgencyKind.TOWNSHIP, district, 2
    )


@pytest.fixture
def wenchang(district: Agency) -> Agency:
    return make_agency(
        "中卫市沙坡头区文昌镇人民政府", "spt-wenchang", AgencyKind.TOWNSHIP, district, 3
    )


@pytest.fixture
def finance(district: Agency) -> Agency:
    return make_agency("中卫市沙坡头区财政局", "spt-czj", AgencyKind.DEPARTMENT, district, 4)


@pytest.fixture
def alice(district: Agency, binhe: Agency, wenchang: Agency, finance: Agency) -> User:
    return make_user("alice", district, Role.OFFICE_ADMIN)


@pytest.fixture
def bob(binhe: Agency) -> User:
    return make_user("bob", binhe, Role.PUBLISHER)


@pytest.fixture
def carol(binhe: Agency) -> User:
    return make_user("carol", binhe, Role.OFFICE_ADMIN)


@pytest.fixture
def dave(wenchang: Agency) -> User:
    return make_user("dave", wenchang, Role.OFFICE_ADMIN)


@pytest.fixture
def olga(district: Agency, binhe: Agency, wenchang: Agency) -> User:
    return make_user("olga", district, Role.READONLY)


@pytest.fixture
def outsider(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("outsider", None)
