"""Fixtures of the publishing tests: a reviewer and an approver of 滨河镇 beside bob
(its publisher), and a helper that drafts a document."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from conftest import make_user
from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.core.testing import browser, page  # noqa: F401
from gongkai.publishing import actions
from gongkai.publishing.models import Document, Review


@pytest.fixture
def rita(binhe: Agency) -> User:
    return make_user("rita", binhe, Role.REVIEWER)


@pytest.fixture
def paul(binhe: Agency) -> User:
    return make_user("paul", binhe, Role.APPROVER)


ALL_YES = {key: True for key, _ in Review.QUESTIONS}


def draft(agency: Agency, actor: User | None, **fields: Any) -> Document:
    values: dict[str, Any] = {
        "title": "滨河镇2024年城乡居民最低生活保障资金发放情况公示",
        "formed_on": datetime.date(2024, 9, 27),
        "disclosure": "proactive",
        "body_html": "<p>根据《城乡居民最低生活保障条例》，现将本镇低保资金发放情况公示如下。</p>",
    } | fields
    return actions.create_document(actor=actor, agency=agency, fields=values)


def publish(document: Document, publisher: User, reviewer: User, approver: User) -> Document:
    actions.submit_document(actor=publisher, document=document)
    actions.review_document(actor=reviewer, document=document, answers=ALL_YES)
    return actions.approve_document(actor=approver, document=document)
