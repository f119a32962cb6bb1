"""Who may see and handle applications.

Seeing follows the agency rule (:func:`gongkai.agencies.access.filter_visible`) for the
accounts whose work needs the case files (:data:`CASE_ROLES`: 依申请办理人 of the agency,
office admins and read-only accounts of it or above it); other staff (publishers,
reviewers, approvers) see no applications, since the files hold applicants' ID numbers
and scans. Handling (every case action, letters, fees, disputes): the agency's
依申请办理人 (handler) and the office admins of its subtree; superusers everything. A
handler of another agency cannot open the case at all (404), an account that may see but
not handle gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.accounts.models import Role, User
from gongkai.agencies.access import filter_visible, manageable_agencies
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Complaint, Dispute, Letter
from gongkai.applications.querysets import ApplicationQuerySet

DENIED = "只有本机关的依申请公开办理人或公开办管理员可以办理该申请"


#: Roles that may open applications at all: they hold applicants' ID numbers and scans
#: (rules.md §6), so publishers, reviewers and approvers of the agency do not see them.
CASE_ROLES = (Role.HANDLER, Role.OFFICE_ADMIN, Role.READONLY)


def may_see_cases(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(*CASE_ROLES))


def visible_applications(user: User) -> ApplicationQuerySet:
    qs = Application.objects.select_related("agency")
    if not may_see_cases(user):
        return qs.none()
    return filter_visible(qs, user)  # type: ignore[return-value]


def can_handle(user: User, agency: Agency) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.agency_id == agency.pk and user.has_role(Role.HANDLER):
        return True
    return manageable_agencies(user).filter(pk=agency.pk).exists()


def handling_agencies(user: User) -> list[Agency]:
    """Agencies for which ``user`` may register and handle applications."""
    if user.is_superuser:
        return list(Agency.objects.all())
    agencies = list(manageable_agencies(user))
    if user.agency is not None and user.has_role(Role.HANDLER) and user.agency not in agencies:
        agencies.insert(0, user.agency)
    return agencies


def get_application_for_user(user: User, pk: int, *, handle: bool = False) -> Application:
    """The application ``pk`` if ``user`` may see it (404 otherwise); with ``handle``
    also the right to act on it (403)."""
    application = visible_applications(user).filter(pk=pk).first()
    if application is None:
        raise Http404("没有找到该申请")
    if handle and not can_handle(user, application.agency):
        raise PermissionDenied(DENIED)
    return application


def get_letter_for_user(user: User, pk: int, *, handle: bool = False) -> Letter:
    letter = Letter.objects.select_related("application__agency").filter(pk=pk).first()
    if letter is None:
        raise Http404("没有找到该文书")
    get_application_for_user(user, letter.application_id, handle=handle)
    return letter


def visible_disputes(user: User) -> QuerySet[Dispute]:
    qs = Dispute.objects.select_related("agency", "application")
    return filter_visible(qs, user) if may_see_cases(user) else qs.none()


def visible_complaints(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("agency", "application")
    return filter_visible(qs, user) if may_see_cases(user) else qs.none()


def get_dispute_for_user(user: User, pk: int, *, handle: bool = False) -> Dispute:
    qs = Dispute.objects.select_related("agency")
    dispute = filter_visible(qs, user).filter(pk=pk).first() if may_see_cases(user) else None
    if dispute is None:
        raise Http404("没有找到该复议或诉讼记录")
    if handle and not can_handle(user, dispute.agency):
        raise PermissionDenied(DENIED)
    return dispute


def get_complaint_for_user(user: User, pk: int, *, handle: bool = False) -> Complaint:
    qs = Complaint.objects.select_related("agency")
    complaint = filter_visible(qs, user).filter(pk=pk).first() if may_see_cases(user) else None
    if complaint is None:
        raise Http404("没有找到该举报投诉记录")
    if handle and not can_handle(user, complaint.agency):
        raise PermissionDenied(DENIED)
    return complaint
