"""The same plan through the real actions, to show that the generator stores what
the actions would."""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import User
from gongkai.applications import actions
from gongkai.applications.caseload.cases import Case, D
from gongkai.applications.models import Application, Consultation, Outcome, Status

STORED_FIELDS = (
    "status",
    "applicant_kind",
    "channel",
    "received_on",
    "clock_start_on",
    "correction_notice_due_on",
    "correction_received_on",
    "extension_days",
    "paused_workdays",
    "reply_due_on",
    "latest_due_on",
    "due_provisional",
    "alert_due_on",
    "alert_kind",
    "outcome",
    "report_row",
    "legacy_row",
    "closed_on",
    "on_time",
)

_REPLY_VALUES: dict[str, Any] = {
    "reasoning": "依据《中华人民共和国政府信息公开条例》作出答复",
    "withheld_description": "涉及的部分内容",
    "where_published": "中卫市沙坡头区人民政府门户网站",
    "responsible_agency": "中卫市自然资源局",
}


def replay(case: Case, *, actor: User | None) -> Application:
    """Take ``case`` through the real actions (slow: for checks). ``actions.today``
    must be on or after the case's last date."""
    values = {
        **case.applicant,
        "channel": case.channel,
        "submitted_on": case.submitted_on,
        "signed_on": case.signed_on,
        "confirmed_on": case.confirmed_on,
        "confirmation_note": "电话确认" if case.confirmed_on else "",
        "description": "请公开有关信息",
        "requested_form": "electronic",
        "delivery_method": "pickup",
    }
    a = actions.register_application(actor=actor, agency=case.agency, values=values)
    if case.received_on is None:
        if case.withdrawn_on is not None:
            a = actions.withdraw(
                actor=actor, application=a, reason="书面撤回", on=case.withdrawn_on
            )
        return a
    if case.correction_requested_on is not None:
        assert case.correction_deadline is not None  # noqa: S101
        a = actions.request_correction(
            actor=actor,
            application=a,
            items="请写明年份",
            deadline=case.correction_deadline,
            notified_on=case.correction_requested_on,
        )
        if case.correction_received_on is not None:
            a = actions.receive_correction(
                actor=actor, application=a, received_on=case.correction_received_on
            )
        elif case.outcome == Outcome.NO_CORRECTION:
            assert case.closed_on is not None  # noqa: S101
            return actions.abandon_no_correction(actor=actor, application=a, on=case.closed_on)
    if case.outcome == Outcome.WITHDRAWN:
        return actions.withdraw(actor=actor, application=a, reason="书面撤回", on=case.withdrawn_on)
    _replay_consultations(case, a, actor)
    a.refresh_from_db()
    if case.extended_on is not None:
        a = actions.extend(
            actor=actor,
            application=a,
            days=case.extension_days,
            approver="张主任",
            reason="需要检索档案",
            decided_on=case.extended_on,
        )
    if case.fee is not None:
        f = case.fee
        actions.issue_fee_notice(
            actor=actor,
            application=a,
            method=f.method,
            pages=f.pages,
            notice_on=f.notice_on,
            notice_received_on=f.notice_received_on,
        )
        if f.paid_on is not None:
            actions.record_payment(actor=actor, application=a, paid_on=f.paid_on, amount=f.amount)
        elif case.outcome == Outcome.UNPAID_FEE:
            assert case.closed_on is not None  # noqa: S101
            actions.abandon_unpaid_fee(actor=actor, application=a, on=case.closed_on)
        a.refresh_from_db()
    if case.outcome == Outcome.NOT_RESPONSIBLE:
        a = actions.transfer(
            actor=actor,
            application=a,
            responsible_agency=_REPLY_VALUES["responsible_agency"],
            reasoning=_REPLY_VALUES["reasoning"],
            on=case.closed_on,
        )
    elif case.closed_on is not None and case.status == Status.REPLIED:
        reply_values = _REPLY_VALUES | {
            "third_party_interest": case.third_party_interest,
            "withheld_ground": case.withheld_ground,
        }
        a = actions.reply(
            actor=actor,
            application=a,
            outcome=case.outcome,
            values=reply_values,
            replied_on=case.closed_on,
        )
    a.refresh_from_db()
    return a


def _replay_consultations(case: Case, a: Application, actor: User | None) -> None:
    """Start and finish the consultations in date order (a start before an answer on
    the same day)."""
    steps: list[tuple[D, int, int]] = []
    for i, c in enumerate(case.consultations):
        steps.append((c.sent_on, 0, i))
        if c.answered_on is not None:
            steps.append((c.answered_on, 1, i))
    started: dict[int, Consultation] = {}
    for _, finish, i in sorted(steps):
        c = case.consultations[i]
        if finish:
            assert c.answered_on is not None  # noqa: S101
            actions.finish_consultation(
                actor=actor, consultation=started[i], answered_on=c.answered_on, answer=c.answer
            )
        else:
            started[i] = actions.start_consultation(
                actor=actor,
                application=a,
                kind=c.kind,
                party="某公司",
                sent_on=c.sent_on,
                delivered_on=c.delivered_on,
            )
