"""Drafting, editing and issuing letters (one function each, audited)."""

from __future__ import annotations

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.applications.letters import compose
from gongkai.applications.models import Application, Consultation, Letter
from gongkai.audit.events import record_event


@transaction.atomic
def draft_letter(
    *,
    actor: User | None,
    application: Application,
    kind: str,
    outcome: str = "",
    consultation: Consultation | None = None,
) -> Letter:
    composed = compose(application, kind, outcome=outcome, consultation=consultation)
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        outcome=outcome,
        consultation=consultation,
        recipient=composed.recipient,
        title=composed.title,
        body=composed.body,
    )
    record_event(
        actor=actor,
        obj=application,
        action="applications.letter_drafted",
        summary=f"生成{letter.title}草稿",
        agency=application.agency,
    )
    return letter
