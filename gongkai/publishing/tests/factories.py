"""Small helpers that make documents through the actions (never by ``.save()``)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.publishing import actions
from gongkai.publishing.models import Document, Review

ALL_YES = {key: True for key, _ in Review.QUESTIONS}


def make_document(agency: Agency, actor: User | None, **fields: Any) -> Document:
    """A proactive draft of ``agency``; ``fields`` override the defaults."""
    values: dict[str, Any] = {
        "title": "关于做好2024年秋季学期学生资助工作的通知",
        "formed_on": datetime.date(2024, 9, 2),
        "disclosure": "proactive",
        "body_html": "<p>各学校：现将秋季学期学生资助工作有关事项通知如下。</p>",
    } | fields
    return actions.create_document(actor=actor, agency=agency, fields=values)


def publish(document: Document, reviewer: User, approver: User) -> Document:
    """Submit (as the drafter), pass the review with every answer 是, and approve."""
    actions.submit_document(actor=document.created_by, document=document)
    actions.review_document(actor=reviewer, document=document, answers=ALL_YES)
    return actions.approve_document(actor=approver, document=document)


def exactly(message: str) -> str:
    """A ``pytest.raises(match=...)`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"
