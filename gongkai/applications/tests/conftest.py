"""Fixtures of the application tests: hank, 依申请办理人 of 滨河镇, and helpers that
register applications.

``PERSON`` is a natural person with a valid resident ID; ``COMPANY`` a commercial
enterprise with a valid credit code."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application
from gongkai.core.testing import browser, page  # noqa: F401
from gongkai.lib.codes import make_credit_code

PERSON: dict[str, Any] = {
    "applicant_kind": "natural_person",
    "applicant_name": "王小明",
    "id_type": "resident_id",
    "id_number": "640502199001011234",
    "phone": "13895551234",
    "email": "wxm@example.com",
    "address": "宁夏中卫市沙坡头区滨河镇某路1号",
    "description": "请公开滨河镇2024年城乡居民最低生活保障资金发放情况",
    "requested_form": "electronic",
    "delivery_method": "email",
}

COMPANY: dict[str, Any] = {
    "applicant_kind": "commercial",
    "applicant_name": "中卫市某某商贸有限公司",
    "credit_code": make_credit_code("91640502", "MA7612345"[:8]),
    "contact_person": "李经理",
    "phone": "0955-7012345",
    "description": "请公开2024年滨河镇农贸市场改造项目的招标文件",
    "requested_form": "paper",
    "delivery_method": "pickup",
}


def _fix_person_id() -> None:
    """Make PERSON's ID number valid (computed check character)."""
    from gongkai.pii.scanner import id_check_char

    first17 = PERSON["id_number"][:17]
    PERSON["id_number"] = first17 + id_check_char(first17)


_fix_person_id()


@pytest.fixture
def hank(binhe: Agency) -> User:
    return make_user("hank", binhe, Role.HANDLER)


@pytest.fixture
def wendy(wenchang: Agency) -> User:
    """依申请办理人 of 文昌镇 (another agency)."""
    return make_user("wendy", wenchang, Role.HANDLER)


def register(
    agency: Agency,
    actor: User | None,
    *,
    channel: str = "in_person",
    submitted_on: datetime.date = datetime.date(2024, 9, 27),
    **fields: Any,
) -> Application:
    """An application registered by the office (received at once for 当面 / 挂号)."""
    values: dict[str, Any] = PERSON | {"channel": channel, "submitted_on": submitted_on}
    if channel == "registered_mail":
        values["signed_on"] = submitted_on
    values |= fields
    return actions.register_application(actor=actor, agency=agency, values=values)
