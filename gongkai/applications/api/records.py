"""The staff endpoints of the applications API on a case's letters (list, edit, issue,
delete a draft; an issued letter is frozen: 409) and on the reconsideration, litigation
and complaint records of table 四 (:mod:`gongkai.applications.dispute_actions`).
"""

# Annotations are evaluated here (no ``from __future__ import annotations``): django-ninja
# would resolve string annotations in the globals of the ``_answers`` wrapper (common.py).

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja import Status as Answer
from ninja.security import django_auth

from gongkai.agencies.access import visible_agencies
from gongkai.agencies.models import Agency
from gongkai.applications import access, dispute_actions, letter_actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.api.common import Conflict, _answers, _complaint, _dispute, _letter
from gongkai.applications.models import Application, Letter, LetterStatus
from gongkai.applications.schemas import ERRORS, LetterTextOut, LooseIn
from gongkai.applications.schemas_records import (
    ComplaintFields,
    ComplaintIn,
    ComplaintOut,
    DisputeFields,
    DisputeIn,
    DisputeOut,
    IssueIn,
    LetterTextIn,
    YearQuery,
)
from gongkai.core.auth import staff_user

router = Router()

T = TypeVar("T")


# --- letters -----------------------------------------------------------------------------


def _letter_step(letter: Letter, step: Callable[[], T]) -> T:
    """Run one letter action; a refusal because the letter is issued (frozen) is 409."""
    try:
        return step()
    except ApplicationError as exc:
        if Letter.objects.filter(pk=letter.pk, status=LetterStatus.ISSUED).exists():
            raise Conflict(str(exc)) from None
        raise


@router.get(
    "/{int:application_id}/letters",
    auth=django_auth,
    response={200: list[LetterTextOut], **ERRORS},
    summary="申请的告知书（含草稿正文）",
)
@_answers
def list_letters(request: HttpRequest, application_id: int) -> Any:
    a = access.get_application_for_user(staff_user(request), application_id)
    return [_letter(letter, body=True) for letter in a.letters.all()]


def _letter_act(
    request: HttpRequest, letter_id: int, action: Callable[..., Any], data: LooseIn | None
) -> Letter:
    letter = access.get_letter_for_user(staff_user(request), letter_id, handle=True)
    values = data.values() if data is not None else {}
    _letter_step(letter, lambda: action(actor=staff_user(request), letter=letter, **values))
    return letter


@router.put(
    "/letters/{int:letter_id}",
    auth=django_auth,
    response={200: LetterTextOut, **ERRORS},
    summary="修改告知书草稿",
)
@_answers
def update_letter(request: HttpRequest, letter_id: int, data: LetterTextIn | None = None) -> Any:
    letter = _letter_act(request, letter_id, letter_actions.update_letter, data or LetterTextIn())
    return _letter(Letter.objects.get(pk=letter.pk), body=True)


@router.post(
    "/letters/{int:letter_id}/issue",
    auth=django_auth,
    response={200: LetterTextOut, **ERRORS},
    summary="出具告知书（编号并生成 Word、PDF，之后不能修改）",
)
@_answers
def issue_letter(request: HttpRequest, letter_id: int, data: IssueIn | None = None) -> Any:
    letter = _letter_act(request, letter_id, letter_actions.issue_letter, data or IssueIn())
    return _letter(Letter.objects.get(pk=letter.pk), body=True)


@router.delete(
    "/letters/{int:letter_id}",
    auth=django_auth,
    response={204: None, **ERRORS},
    summary="删除告知书草稿",
)
@_answers
def delete_letter(request: HttpRequest, letter_id: int) -> Any:
    _letter_act(request, letter_id, letter_actions.delete_letter, None)
    return Answer(204, None)


# --- disputes and complaints ----------------------------------------------------------------


def _owner(request: HttpRequest, values: dict[str, Any]) -> tuple[Agency, Application | None]:
    """The agency (and linked case) of a new dispute or complaint, which the user must
    be allowed to handle; takes ``agency`` and ``application`` out of ``values``."""
    user = staff_user(request)
    agency_id, application_id = values.pop("agency"), values.pop("application")
    application = None
    if application_id is not None:
        try:
            application = access.get_application_for_user(user, application_id, handle=True)
        except Http404:
            raise ValidationError({"application": "没有找到关联的申请"}) from None
    if agency_id is None:
        if application is None:
            raise ValidationError({"agency": "请选择机关"})
        return application.agency, application
    agency = visible_agencies(user).filter(pk=agency_id).first()
    if agency is None:
        raise ValidationError({"agency": "没有找到该机关"})
    if not access.can_handle(user, agency):
        raise PermissionDenied(access.DENIED)
    return agency, application


@router.get(
    "/disputes",
    auth=django_auth,
    response={200: list[DisputeOut], **ERRORS},
    summary="行政复议和行政诉讼（按立案年度）",
)
@_answers
def list_disputes(request: HttpRequest, params: Query[YearQuery]) -> Any:
    year = params.values()["year"]
    qs = access.visible_disputes(staff_user(request))
    return [_dispute(d) for d in (qs if year is None else qs.filter(filed_on__year=year))]


@router.post(
    "/disputes",
    auth=django_auth,
    response={201: DisputeOut, **ERRORS},
    summary="登记行政复议或行政诉讼",
)
@_answers
def record_dispute(request: HttpRequest, data: DisputeIn | None = None) -> Any:
    values = (data or DisputeIn()).values()
    agency, application = _owner(request, values)
    dispute = dispute_actions.record_dispute(
        actor=staff_user(request), agency=agency, values=values, application=application
    )
    return Answer(201, _dispute(dispute))


@router.put(
    "/disputes/{int:dispute_id}",
    auth=django_auth,
    response={200: DisputeOut, **ERRORS},
    summary="更新行政复议或行政诉讼",
)
@_answers
def update_dispute(request: HttpRequest, dispute_id: int, data: DisputeFields | None = None) -> Any:
    user = staff_user(request)
    dispute = access.get_dispute_for_user(user, dispute_id, handle=True)
    return _dispute(
        dispute_actions.update_dispute(
            actor=user, dispute=dispute, values=(data or DisputeFields()).values()
        )
    )


@router.get(
    "/complaints",
    auth=django_auth,
    response={200: list[ComplaintOut], **ERRORS},
    summary="举报投诉（按收到年度）",
)
@_answers
def list_complaints(request: HttpRequest, params: Query[YearQuery]) -> Any:
    year = params.values()["year"]
    qs = access.visible_complaints(staff_user(request))
    return [_complaint(c) for c in (qs if year is None else qs.filter(received_on__year=year))]


@router.post(
    "/complaints", auth=django_auth, response={201: ComplaintOut, **ERRORS}, summary="登记举报投诉"
)
@_answers
def record_complaint(request: HttpRequest, data: ComplaintIn | None = None) -> Any:
    values = (data or ComplaintIn()).values()
    agency, application = _owner(request, values)
    complaint = dispute_actions.record_complaint(
        actor=staff_user(request), agency=agency, values=values, application=application
    )
    return Answer(201, _complaint(complaint))


@router.put(
    "/complaints/{int:complaint_id}",
    auth=django_auth,
    response={200: ComplaintOut, **ERRORS},
    summary="更新举报投诉",
)
@_answers
def update_complaint(
    request: HttpRequest, complaint_id: int, data: ComplaintFields | None = None
) -> Any:
    user = staff_user(request)
    complaint = access.get_complaint_for_user(user, complaint_id, handle=True)
    return _complaint(
        dispute_actions.update_complaint(
            actor=user, complaint=complaint, values=(data or ComplaintFields()).values()
        )
    )
