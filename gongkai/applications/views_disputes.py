"""Back-office pages of the reconsideration, litigation and complaint records of table
四 (工作台 › 依申请公开 › 复议诉讼和举报投诉): the list (also the statistics page's drill-down
for table 四 and legacy rows 4–6), and the forms to register or update a
reconsideration or lawsuit and a complaint, linked to a case or not.

Every view: parse the input, authorise with :mod:`gongkai.applications.access`, call
one action of :mod:`gongkai.applications.dispute_actions`, render. An action's
``ApplicationError`` is shown as the form's message, its ``ValidationError`` dict on the
fields; nothing is saved (actions are atomic).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.accounts.models import User
from gongkai.agencies.access import visible_agencies
from gongkai.agencies.models import Agency
from gongkai.applications import actions, dispute_actions, stats
from gongkai.applications.access import (
    get_application_for_user,
    get_complaint_for_user,
    get_dispute_for_user,
    handling_agencies,
    visible_complaints,
    visible_disputes,
)
from gongkai.applications.actions import ApplicationError
from gongkai.applications.forms import ComplaintForm, DisputeForm
from gongkai.applications.models import Application, Complaint, Dispute
from gongkai.applications.views import _int, _year
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error

RECORD_DENIED = "只有依申请办理人或公开办管理员可以登记复议、诉讼和举报投诉"


@login_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    """Reconsiderations and lawsuits (table 四) and complaints, newest first."""
    user = staff_user(request)
    year = _year(request.GET.get("year"))
    disputes = visible_disputes(user)
    complaints = visible_complaints(user)
    agency = visible_agencies(user).filter(pk=_int(request.GET.get("agency")) or 0).first()
    row = request.GET.get("row", "")
    if row and agency is not None and year is not None:
        # a figure of the statistics page (table 四, legacy rows 4–6)
        disputes = disputes.filter(agency__path__startswith=agency.path)
        complaints = complaints.filter(agency__path__startswith=agency.path)
        try:
            if row == "legacy.6":
                complaints = complaints.filter(stats.complaint_filter(row, year))
                disputes = disputes.none()
            else:
                disputes = disputes.filter(stats.dispute_filter(row, year))
                complaints = complaints.none()
        except stats.UnknownRow as exc:
            messages.error(request, str(exc))
    elif year is not None:
        disputes = disputes.filter(filed_on__year=year)
        complaints = complaints.filter(received_on__year=year)
    this_year = actions.today().year
    return render(
        request,
        "applications/dispute_list.html",
        {
            "disputes": disputes.order_by("-filed_on", "-pk"),
            "complaints": complaints.order_by("-received_on", "-pk"),
            "year": year,
            "years": range(this_year, this_year - 10, -1),
            "handle_ids": {a.pk for a in handling_agencies(user)},
        },
    )


def _linked_application(request: HttpRequest, user: User) -> Application | None:
    pk = _int(request.GET.get("application"))
    return None if pk is None else get_application_for_user(user, pk, handle=True)


def _record_form(
    request: HttpRequest,
    form: DisputeForm | ComplaintForm,
    save: Callable[[], Dispute | Complaint],
    template: str,
    context: dict[str, Any],
    done: str,
) -> HttpResponse:
    if request.method == "POST":
        if form.is_valid():
            try:
                record = save()
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, done)
                if record.application_id is not None:
                    return redirect("applications:detail", pk=record.application_id)
                return redirect("applications:dispute_list")
        return render(request, template, {"form": form, **context}, status=400)
    return render(request, template, {"form": form, **context})


def _agencies_for_record(user: User) -> list[Agency]:
    agencies = handling_agencies(user)
    if not agencies:
        raise PermissionDenied(RECORD_DENIED)
    return agencies


@login_required
def dispute_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = _agencies_for_record(user)
    application = _linked_application(request, user)
    form = DisputeForm(
        request.POST or None,
        agencies=agencies,
        fixed_agency=application.agency if application else None,
    )

    def save() -> Dispute:
        agency = application.agency if application else form.cleaned_data["agency"]
        return dispute_actions.record_dispute(
            actor=user, agency=agency, values=form.values(), application=application
        )

    return _record_form(
        request,
        form,
        save,
        "applications/dispute_form.html",
        {"dispute": None, "application": application},
        "已登记行政复议或行政诉讼。",
    )


@login_required
def dispute_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    dispute = get_dispute_for_user(user, pk, handle=True)
    initial = {name: getattr(dispute, name) for name in dispute_actions.DISPUTE_FIELDS}
    form = DisputeForm(request.POST or None, initial=initial, fixed_agency=dispute.agency)
    return _record_form(
        request,
        form,
        lambda: dispute_actions.update_dispute(actor=user, dispute=dispute, values=form.values()),
        "applications/dispute_form.html",
        {"dispute": dispute, "application": dispute.application},
        "已保存。",
    )


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = _agencies_for_record(user)
    application = _linked_application(request, user)
    form = ComplaintForm(
        request.POST or None,
        agencies=agencies,
        fixed_agency=application.agency if application else None,
    )

    def save() -> Complaint:
        agency = application.agency if application else form.cleaned_data["agency"]
        return dispute_actions.record_complaint(
            actor=user, agency=agency, values=form.values(), application=application
        )

    return _record_form(
        request,
        form,
        save,
        "applications/complaint_form.html",
        {"complaint": None, "application": application},
        "已登记举报投诉。",
    )


@login_required
def complaint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    complaint = get_complaint_for_user(user, pk, handle=True)
    initial = {name: getattr(complaint, name) for name in dispute_actions.COMPLAINT_FIELDS}
    form = ComplaintForm(request.POST or None, initial=initial, fixed_agency=complaint.agency)
    return _record_form(
        request,
        form,
        lambda: dispute_actions.update_complaint(
            actor=user, complaint=complaint, values=form.values()
        ),
        "applications/complaint_form.html",
        {"complaint": complaint, "application": complaint.application},
        "已保存。",
    )
