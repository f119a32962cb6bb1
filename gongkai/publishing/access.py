"""Who may see and do what with documents, guides, columns and gazette issues.

Seeing follows the agency rule (:func:`gongkai.agencies.access.filter_visible`). Doing:

- 信息发布员 (publisher) of the document's agency drafts, edits, submits, withdraws,
  records channels; 保密审查员 (reviewer) does the confidentiality review and decides
  on personal data; 审批领导 (approver) approves or schedules publication.
- 公开办管理员 (office admin) may do all of these across its subtree, and edits guides,
  catalogues and the gazette.
- A superuser may do everything; 只读 accounts only look.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.accounts.models import Role, User
from gongkai.agencies.access import filter_visible, manageable_agencies
from gongkai.agencies.models import Agency
from gongkai.publishing.models import Document, GazetteIssue, Status
from gongkai.publishing.querysets import DocumentQuerySet

#: Which role does which step (besides office admins of the subtree).
STEP_ROLES: dict[str, str] = {
    "edit": Role.PUBLISHER,
    "submit": Role.PUBLISHER,
    "review": Role.REVIEWER,
    "approve": Role.APPROVER,
    "withdraw": Role.PUBLISHER,
    "channel": Role.PUBLISHER,
}

STEP_DENIED = {
    "edit": "只有本机构的信息发布员可以编辑该信息",
    "submit": "只有本机构的信息发布员可以提交审查",
    "review": "只有本机构的保密审查员可以进行保密审查",
    "approve": "只有本机构的审批领导可以审批发布",
    "withdraw": "只有本机构的信息发布员可以撤回或变更有效性",
    "channel": "只有本机构的信息发布员可以登记发布渠道",
}


def visible_documents(user: User) -> DocumentQuerySet:
    qs = Document.objects.select_related("agency", "column", "theme")
    return filter_visible(qs, user)  # type: ignore[return-value]


def can_do(user: User, agency: Agency, step: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if manageable_agencies(user).filter(pk=agency.pk).exists():
        return True
    return user.agency_id == agency.pk and user.has_role(STEP_ROLES[step])


def draftable_agencies(user: User) -> list[Agency]:
    """Agencies ``user`` may draft documents for."""
    managed = list(manageable_agencies(user))
    if user.agency is not None and user.has_role(Role.PUBLISHER) and user.agency not in managed:
        managed.insert(0, user.agency)
    return managed


def get_document_for_user(user: User, pk: int, *, step: str | None = None) -> Document:
    """The document ``pk`` if ``user`` may see it (404 otherwise); with ``step`` also
    require the right to do that step (403)."""
    document = visible_documents(user).filter(pk=pk).first()
    if document is None:
        raise Http404("没有找到该信息")
    if step is not None and not can_do(user, document.agency, step):
        raise PermissionDenied(STEP_DENIED[step])
    return document


def step_for_status(status: str) -> str:
    """Who acts next on a document in ``status`` (for 返回修改)."""
    return "review" if status == Status.IN_REVIEW else "approve"


def can_manage_catalogue(user: User, agency: Agency) -> bool:
    return user.is_authenticated and (
        user.is_superuser or manageable_agencies(user).filter(pk=agency.pk).exists()
    )


def get_managed_agency(user: User, pk: int) -> Agency:
    agency = manageable_agencies(user).filter(pk=pk).first()
    if agency is None:
        raise Http404("没有找到该机构或您无权管理")
    return agency


def visible_gazette(user: User) -> list[GazetteIssue]:
    return list(filter_visible(GazetteIssue.objects.select_related("agency"), user))


def get_gazette_for_user(user: User, pk: int, *, change: bool = False) -> GazetteIssue:
    issue = filter_visible(GazetteIssue.objects.select_related("agency"), user).filter(pk=pk)
    found = issue.first()
    if found is None:
        raise Http404("没有找到该期公报")
    if change and not can_manage_catalogue(user, found.agency):
        raise PermissionDenied("只有公开办管理员可以编辑政府公报")
    return found
