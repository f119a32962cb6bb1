"""The public endpoints of the applications API (no login): ``POST /track`` (the
tracking page's answer), the signed PDF links of the notices that ``/track`` lists,
``POST /submit`` (an online application) and ``GET /deadline`` (the statutory dates for a
receipt date).
"""

# Annotations are evaluated here (no ``from __future__ import annotations``): django-ninja
# would resolve string annotations in the globals of the ``_answers`` wrapper (common.py).

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja import Status as Answer

from gongkai.applications import actions, deadlines, tracking
from gongkai.applications.api.common import _agency, _answers, _application_values, _error
from gongkai.applications.models import APPLICANT_LETTERS, Application, Letter, LetterStatus
from gongkai.applications.schemas import (
    ERRORS,
    ApplicantIn,
    DeadlineOut,
    DeadlineQuery,
    ErrorOut,
    SubmittedOut,
    TrackIn,
    TrackOut,
)
from gongkai.applications.validation import clean_application
from gongkai.core.ratelimit import allow, client_ip
from gongkai.workdays.calendar import WorkdayCalendar

router = Router()

#: Rate-limit scopes shared with the portal pages (``portal_views``): one budget per
#: address whichever way it comes in.
TRACK_SCOPE = tracking.FAILED_SCOPE
SUBMIT_SCOPE = "portal-application"
NOTICE_SALT = "gongkai.applications.api.notice"
NOTICE_LINK_SECONDS = 24 * 3600
NOTICE_GONE = "下载链接无效或已过期，请重新查询"
NOT_FOUND = "没有找到该申请，请核对查询码和手机号码（或证件号码后四位）"


def _spent(scope: str, key: str, limit: int) -> bool:
    """Whether ``key`` has used up ``limit`` in ``scope`` (the counter of
    :func:`gongkai.core.ratelimit.allow`, read without counting a hit)."""
    return int(cache.get(f"ratelimit:{scope}:{key}") or 0) >= limit


def _notice_url(request: HttpRequest, application: Application, letter_id: int) -> str:
    token = signing.dumps([application.pk, letter_id], salt=NOTICE_SALT)
    match = request.resolver_match
    name = f"{match.namespace}:notice_pdf" if match and match.namespace else "notice_pdf"
    return f"{reverse(name, kwargs={'letter_id': letter_id})}?token={token}"


@router.post(
    "/track", response={200: TrackOut, 429: ErrorOut, **ERRORS}, summary="查询申请办理进度"
)
@_answers
def track(request: HttpRequest, data: TrackIn | None = None) -> Any:
    """The tracking code plus the applicant's phone number (or the last four characters
    of the ID number or credit code). After ``tracking.LOOKUPS_PER_HOUR`` failed lookups
    an address gets 429 for the hour, right pairs included. Never the internal note."""
    ip, limit = client_ip(request), tracking.LOOKUPS_PER_HOUR
    message = f"查询失败次数过多：每小时最多 {limit} 次，请稍后再试"
    if _spent(TRACK_SCOPE, ip, limit):
        return Answer(429, _error(message))
    values = (data or TrackIn()).values()
    try:
        application = tracking.limited_find(ip, values["code"], values["verifier"])
    except tracking.TooManyLookups:
        return Answer(429, _error(message))
    if application is None:
        raise Http404(NOT_FOUND)
    status = tracking.public_status(application)
    return {
        **dataclasses.asdict(status),
        "notices": [
            {
                "id": n.pk,
                "title": n.title,
                "number": n.number,
                "issued_on": n.issued_on,
                "download_url": _notice_url(request, application, n.pk) if n.has_pdf else None,
            }
            for n in status.notices
        ],
    }


@router.get(
    "/notices/{int:letter_id}/pdf",
    url_name="notice_pdf",
    response={404: ErrorOut},
    summary="下载告知书（查询结果中的链接）",
    openapi_extra={"responses": {"200": {"description": "PDF 文件"}}},
)
@_answers
def notice_pdf(request: HttpRequest, letter_id: int, token: str = "") -> Any:
    """The PDF of a notice issued to the applicant; the link comes with ``/track``'s
    answer and is valid for a day."""
    try:
        application_id, signed_id = signing.loads(
            token, salt=NOTICE_SALT, max_age=NOTICE_LINK_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404(NOTICE_GONE) from None
    letter = Letter.objects.filter(
        pk=letter_id,
        application_id=application_id,
        status=LetterStatus.ISSUED,
        kind__in=APPLICANT_LETTERS,
    ).first()
    if letter is None or signed_id != letter_id or not letter.pdf:
        raise Http404(NOTICE_GONE)
    try:
        pdf = letter.pdf.open("rb")
    except OSError:  # the file is missing from the storage
        raise Http404(NOTICE_GONE) from None
    return FileResponse(pdf, as_attachment=True, filename=f"{letter.title}{letter.number}.pdf")


@router.post(
    "/submit",
    response={201: SubmittedOut, 429: ErrorOut, **ERRORS},
    summary="网上提交政府信息公开申请",
)
@_answers
def submit(request: HttpRequest, data: ApplicantIn | None = None) -> Any:
    """Same fields as the portal form (without attachments). The case waits in 待确认
    until the office confirms it with the applicant (条例第三十一条)."""
    ip, limit = client_ip(request), settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR
    if _spent(SUBMIT_SCOPE, ip, limit):
        return Answer(429, _error(f"提交过于频繁：每小时最多提交 {limit} 件申请，请稍后再试"))
    data = data or ApplicantIn()
    values = _application_values(data, portal=True)
    agency = _agency(data, values, portal=True)
    clean_application(values, today=actions.today(), portal=True)  # 422s do not count
    # counted before saving (as the portal form does): submissions sent in parallel
    # cannot all pass a check made before any of them is counted
    if not allow(SUBMIT_SCOPE, ip, limit=limit, window_seconds=3600):
        return Answer(429, _error(f"提交过于频繁：每小时最多提交 {limit} 件申请，请稍后再试"))
    a = actions.register_application(actor=None, agency=agency, values=values, via_portal=True)
    return Answer(
        201,
        {
            "tracking_code": a.tracking_code,
            "number": a.number,
            "agency": agency.name,
            "status": a.status,
            "status_label": a.get_status_display(),
        },
    )


@router.get("/deadline", response={200: DeadlineOut, **ERRORS}, summary="计算答复期限")
@_answers
def deadline(request: HttpRequest, params: Query[DeadlineQuery]) -> Any:
    """``received``: 收到申请日期. Before 2019-05-15 the 2007 periods apply (15 + 15)."""
    day: datetime.date = params.values()["received"]
    cal = WorkdayCalendar()
    periods = deadlines.periods_for(day)
    try:
        notice = cal.add(day, periods.correction_notice)
        reply = deadlines.reply_deadline(cal, clock_start=day, periods=periods)
    except ValueError as exc:
        raise ValidationError({"received": str(exc)}) from None
    return {
        "received": day,
        "regime": periods.regime,
        "regime_label": periods.label,
        "reply_workdays": periods.reply,
        "max_extension_workdays": periods.max_extension,
        "correction_notice_due_on": notice.date,
        "reply_due_on": reply.due,
        "latest_due_on": reply.latest,
        "provisional": notice.provisional or reply.provisional,
    }
