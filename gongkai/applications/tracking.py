"""What the public tracking page and endpoint show: found by the tracking code plus the
applicant's phone number or the last four characters of the ID number / credit code.

Only the status, the key dates and the notices issued to the applicant are shown —
never the handler's internal notes, consultation letters to third parties, or drafts.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass, field

from django.core.cache import cache

from gongkai.applications.models import (
    APPLICANT_LETTERS,
    WORKING,
    Application,
    Letter,
    LetterStatus,
    Status,
)
from gongkai.core.ratelimit import allow
from gongkai.pii.scanner import normalize

#: Failed lookups allowed per address per hour (portal and API).
LOOKUPS_PER_HOUR = 20
#: The rate-limit scope of failed lookups, shared by the portal page and the API.
FAILED_SCOPE = "portal-track-failed"


class TooManyLookups(Exception):
    """The address has used up its failed lookups for the hour."""


def _clean(value: str) -> str:
    return re.sub(r"[\s\-()（）]", "", normalize(value or "")).upper()


def find(code: str, verifier: str) -> Application | None:
    """The application with tracking ``code`` if ``verifier`` is its phone number or the
    last four characters of the applicant's ID number or credit code."""
    code = _clean(code)
    verifier = _clean(verifier)
    if not code or len(verifier) < 4:
        return None
    application = Application.objects.select_related("agency").filter(tracking_code=code).first()
    if application is None:
        return None
    phone = _clean(application.phone)
    ident = _clean(application.id_number or application.credit_code)
    if verifier == phone:
        return application
    if len(verifier) == 4 and ident and ident[-4:] == verifier:
        return application
    return None


def limited_find(ip: str, code: str, verifier: str) -> Application | None:
    """:func:`find`, within the address's budget of :data:`LOOKUPS_PER_HOUR` failed
    lookups. The attempt is counted *before* the lookup, so that guesses sent in
    parallel cannot all be looked up before the count catches up, and given back when
    it finds the case (a successful lookup costs nothing). Raises
    :class:`TooManyLookups` once the budget is spent, right pairs included."""
    if not allow(FAILED_SCOPE, ip, limit=LOOKUPS_PER_HOUR, window_seconds=3600):
        raise TooManyLookups
    application = find(code, verifier)
    if application is not None:
        with contextlib.suppress(ValueError):  # ValueError: the window expired meanwhile
            cache.decr(f"ratelimit:{FAILED_SCOPE}:{ip}")
    return application


@dataclass(frozen=True)
class PublicNotice:
    pk: int
    title: str
    number: str
    issued_on: datetime.date | None
    has_pdf: bool


@dataclass(frozen=True)
class PublicStatus:
    tracking_code: str
    number: str
    agency: str
    status: str
    status_label: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    reply_due_on: datetime.date | None
    due_provisional: bool
    clock_paused: bool
    closed_on: datetime.date | None
    outcome_label: str
    notices: list[PublicNotice] = field(default_factory=list)


def public_letters(application: Application) -> list[Letter]:
    return list(
        application.letters.filter(status=LetterStatus.ISSUED, kind__in=APPLICANT_LETTERS).order_by(
            "issued_at", "pk"
        )
    )


def public_status(application: Application) -> PublicStatus:
    # a reply deadline is shown while the reply period runs or is paused (not while the
    # office waits for the confirmation or the corrected application)
    open_ = application.status in WORKING | {Status.CONSULTATION, Status.AWAITING_FEE}
    return PublicStatus(
        tracking_code=application.tracking_code,
        number=application.number,
        agency=application.agency.name,
        status=application.status,
        status_label=application.get_status_display(),
        submitted_on=application.submitted_on,
        received_on=application.received_on,
        reply_due_on=application.reply_due_on if open_ else None,
        due_provisional=application.due_provisional if open_ else False,
        clock_paused=open_ and application.reply_due_on is None,
        closed_on=application.closed_on,
        outcome_label=application.get_outcome_display() if application.outcome else "",
        notices=[
            PublicNotice(
                pk=letter.pk,
                title=letter.title,
                number=letter.number,
                issued_on=letter.issued_on,
                has_pdf=bool(letter.pdf),
            )
            for letter in public_letters(application)
        ],
    )
