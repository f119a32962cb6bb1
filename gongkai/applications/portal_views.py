"""The public side of disclosure on request (依申请公开) at ``/yishenqing/``: the online
application form, the confirmation page, and the tracking page with the notices issued
to the applicant.

No login. What an applicant may see is tied to their browser session: the
confirmation page only for codes submitted in this session (so codes cannot be
enumerated), the tracking page and the notices only for the case found with the
tracking code and the applicant's phone number or ID's last four characters
(:mod:`gongkai.applications.tracking`). Nothing here is cached.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from gongkai.applications import actions, tracking
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import (
    APPLICANT_LETTERS,
    OPEN,
    Application,
    Letter,
    LetterStatus,
    Status,
)
from gongkai.applications.portal_forms import (
    DECLARATION,
    MAX_UPLOADS,
    ApplicationForm,
    TrackForm,
)
from gongkai.core.ratelimit import allow, client_ip
from gongkai.portal.views import _portal_root

logger = logging.getLogger(__name__)

#: Session keys: codes submitted in this session; the case found on the tracking page.
SUBMITTED_KEY = "application_portal.submitted"
TRACKED_KEY = "application_portal.tracked"
#: How many codes submitted in one session keep their confirmation page.
REMEMBERED_CODES = 10
#: Once the failed look-ups of an address pass the limit, it is refused this long.
BLOCK_SECONDS = 3600
TRACK_FAILED = "查询码或验证信息不正确，请核对后重试。"


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"applications/portal/{template}",
        {"root": _portal_root(), **context},
        status=status,
    )


# --- applying --------------------------------------------------------------------------


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    """The online application form (条例第二十九条)."""
    if request.method != "POST":
        form = ApplicationForm(initial={"agency": request.GET.get("agency", "")})
        return _render(request, "apply.html", _form_context(form))
    form = ApplicationForm(request.POST, request.FILES)
    if form.is_valid():
        limit = int(settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR)
        if not allow("portal-application", client_ip(request), limit=limit, window_seconds=3600):
            return _render(request, "rate_limited.html", {"limit": limit}, status=429)
        try:
            application = actions.register_application(
                actor=None,
                agency=form.cleaned_data["agency"],
                values=form.values,
                attachments=form.uploads,
                via_portal=True,
            )
        except ValidationError as exc:
            form.add_application_errors(exc)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            _remember_submission(request, application.tracking_code)
            if application.email:
                pk = application.pk
                transaction.on_commit(lambda: send_confirmation(pk))
            return redirect("application_portal:submitted", code=application.tracking_code)
    return _render(request, "apply.html", _form_context(form), status=400)


def _form_context(form: ApplicationForm) -> dict[str, Any]:
    return {
        "form": form,
        "max_uploads": MAX_UPLOADS,
        "declaration": DECLARATION,
        "person_fields": [form[name] for name in form.PERSON_FIELDS],
        "organisation_fields": [form[name] for name in form.ORGANISATION_FIELDS],
    }


def _remember_submission(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(SUBMITTED_KEY, []) if c != code]
    request.session[SUBMITTED_KEY] = [*codes, code][-REMEMBERED_CODES:]


@require_safe
@never_cache
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation page, only for a code submitted in this session."""
    if code not in request.session.get(SUBMITTED_KEY, []):
        raise Http404("没有找到该申请")
    application = Application.objects.select_related("agency").filter(tracking_code=code).first()
    if application is None:
        raise Http404("没有找到该申请")
    return _render(request, "submitted.html", {"application": application})


def send_confirmation(pk: int) -> None:
    """E-mail the applicant their tracking code (run after the registration committed).
    A mail server that fails must not turn a saved application into an error page."""
    application = Application.objects.select_related("agency").filter(pk=pk).first()
    if application is None or not application.email:
        return
    context = {"application": application, "root": _portal_root()}
    message = EmailMessage(
        subject=f"政府信息公开申请已提交（查询码 {application.tracking_code}）",
        body=render_to_string("applications/portal/confirmation_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.email],
    )
    try:
        message.send()
    except Exception:  # SMTP and socket errors of every kind
        logger.exception("could not send the confirmation of application %s", pk)


# --- tracking --------------------------------------------------------------------------


def _tracked(request: HttpRequest) -> Application | None:
    pk = request.session.get(TRACKED_KEY)
    if pk is None:
        return None
    return Application.objects.select_related("agency").filter(pk=pk).first()


def _blocked_key(request: HttpRequest) -> str:
    return f"application_portal:track-blocked:{client_ip(request)}"


def due_note(status: str) -> str:
    """What stands in place of the reply due date when there is none."""
    if status == Status.PENDING:
        return "机关确认收到申请后开始计算"
    if status == Status.CORRECTION:
        return "收到补正后的申请后重新计算"
    if status in (Status.CONSULTATION, Status.AWAITING_FEE):
        return "征求意见/缴费期间暂停计时"
    return ""


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    """Look up a case by its tracking code and the applicant's phone or ID's last four;
    the case found stays in the session (POST/redirect/GET)."""
    if request.method != "POST":
        form = TrackForm(initial={"code": request.GET.get("code", "")[:30]})
        application = _tracked(request)
        context: dict[str, Any] = {"form": form}
        if application is not None:
            status = tracking.public_status(application)
            context |= {
                "status": status,
                "is_open": status.status in OPEN,
                "due_note": due_note(status.status),
            }
        return _render(request, "track.html", context)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _render(request, "track.html", {"form": form}, status=400)
    limited = {"limit": tracking.LOOKUPS_PER_HOUR}
    if cache.get(_blocked_key(request)):
        return _render(request, "track_limited.html", limited, 429)
    try:
        application = tracking.limited_find(
            client_ip(request), form.cleaned_data["code"], form.cleaned_data["verifier"]
        )
    except tracking.TooManyLookups:
        cache.set(_blocked_key(request), True, timeout=BLOCK_SECONDS)
        return _render(request, "track_limited.html", limited, 429)
    if application is None:
        form.add_error(None, TRACK_FAILED)
        return _render(request, "track.html", {"form": form}, status=400)
    request.session.cycle_key()
    request.session[TRACKED_KEY] = application.pk
    return redirect("application_portal:track")


@require_POST
def track_end(request: HttpRequest) -> HttpResponseRedirect:
    """Forget the case looked up in this session (on a shared computer)."""
    request.session.pop(TRACKED_KEY, None)
    return redirect(reverse("application_portal:track"))


@require_safe
@never_cache
def letter_download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF of a notice issued to the applicant of the case found in this session."""
    tracked = request.session.get(TRACKED_KEY)
    letter = (
        Letter.objects.filter(
            pk=pk,
            application_id=tracked,
            status=LetterStatus.ISSUED,
            kind__in=APPLICANT_LETTERS,
        ).first()
        if tracked is not None
        else None
    )
    if letter is None or not letter.pdf:
        raise Http404("没有找到该文书")
    try:
        handle = letter.pdf.open("rb")
    except FileNotFoundError:
        raise Http404("文书文件缺失，请联系受理机关") from None
    name = f"{letter.title}{letter.number}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
