"""Who may review reports and import historical figures (one place, as for agencies).

- Reviewing (batch review) is for 公开办管理员 and 只读 users (a superior office reviews
  its units' reports) and superusers; a batch belongs to the reviewer's agency and is
  visible to whoever can see that agency.
- Importing figures into an agency's history needs the right to manage that agency.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.accounts.models import Role, User
from gongkai.agencies.access import filter_visible
from gongkai.agencies.models import Agency
from gongkai.reports.models import HistoricalFigures, ReviewBatch

REVIEW_ROLES = (Role.OFFICE_ADMIN, Role.READONLY)


def can_review(user: User) -> bool:
    return user.agency is not None and (user.is_superuser or user.has_role(*REVIEW_ROLES))


def visible_batches(user: User) -> QuerySet[ReviewBatch]:
    return filter_visible(ReviewBatch.objects.all(), user)


def get_batch_for_user(user: User, pk: int) -> ReviewBatch:
    batch = visible_batches(user).select_related("agency", "created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404("没有找到该审查批次")
    return batch


def get_figures_for_user(user: User, pk: int) -> HistoricalFigures:
    """Historical figures are seen by whoever can see their agency."""
    figures = (
        filter_visible(HistoricalFigures.objects.select_related("agency"), user)
        .filter(pk=pk)
        .first()
    )
    if figures is None:
        raise Http404("没有找到该历史数据")
    return figures


def require_reviewer(user: User) -> Agency:
    """The agency a new batch belongs to; 403 for users who may not review."""
    if not can_review(user) or user.agency is None:
        raise PermissionDenied("只有有所属机构的公开办管理员或只读（上级机关）账号可以审查年报")
    return user.agency
