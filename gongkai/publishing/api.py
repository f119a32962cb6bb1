"""政府信息 through the JSON API, mounted at ``/api/v1/documents``.

Public (no login): ``GET /`` lists public documents, ``GET /search`` searches them,
``GET /{id}`` shows one (a withdrawn one: its status and notice only).

Staff: the same workflow as the back office, one endpoint per step. They authenticate
with the back-office session (django-ninja's ``django_auth``: the session cookie plus
the CSRF token in an ``X-CSRFToken`` header for every POST/PATCH). Each endpoint finds
the document through :func:`gongkai.publishing.access.get_document_for_user` with the
step's permission and calls one function of :mod:`gongkai.publishing.actions`; errors
come back as ``{"detail": 中文说明, "errors": {字段: [说明]}}``: 400 a step that cannot
be taken now, 403 not allowed, 404 not found (or not visible), 422 invalid fields.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja import Status as Answer
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import django_auth

from gongkai.agencies.access import manageable_agencies
from gongkai.agencies.models import Agency
from gongkai.core.auth import staff_user
from gongkai.core.ratelimit import allow, client_ip
from gongkai.publishing import actions
from gongkai.publishing.access import (
    STEP_DENIED,
    can_do,
    draftable_agencies,
    get_document_for_user,
    step_for_status,
)
from gongkai.publishing.importer import ImportFile, import_documents
from gongkai.publishing.models import (
    Attachment,
    Column,
    Disclosure,
    Document,
    Review,
    Status,
    Theme,
    Validity,
)
from gongkai.publishing.querysets import DocumentQuerySet

router = Router(tags=["政府信息"])

MAX_LIMIT = 100
SEARCHES_PER_MINUTE = 120
MAX_IMPORT_BYTES = 200 * 1024 * 1024


# --- schemas -----------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


class DocumentSummaryOut(Schema):
    id: int
    title: str
    index_no: str | None
    agency: str
    agency_name: str
    doc_number: str
    formed_on: datetime.date
    published_at: datetime.datetime | None
    column: str | None
    theme: str | None
    genre: str
    validity: str
    url: str


class DocumentOut(DocumentSummaryOut):
    status: str
    summary: str
    keywords: str
    source: str
    body_html: str
    theme_name: str | None
    validity_changed_on: datetime.date | None
    is_regulation: bool
    is_normative: bool
    issued_on: datetime.date | None
    is_policy: bool
    five_category: str
    key_area: str
    attachments: list[AttachmentOut]
    withdrawn_at: datetime.datetime | None
    withdrawal_notice: str


class DocumentPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummaryOut]


class SearchHitOut(Schema):
    id: int
    title_html: str
    snippet_html: str
    published_at: datetime.datetime | None
    index_no: str | None
    agency_name: str
    url: str


class SearchOut(Schema):
    total: int
    hits: list[SearchHitOut]
    terms: list[str]
    suggestion: str | None


class StaffDocumentOut(Schema):
    id: int
    agency: str
    title: str
    status: str
    status_label: str
    disclosure: str
    index_no: str | None
    formed_on: datetime.date
    due_on: datetime.date | None
    published_at: datetime.datetime | None
    scheduled_for: datetime.datetime | None
    validity: str
    withdrawal_notice: str


class DocumentFields(Schema):
    """The fields staff edit (``Document.EDIT_FIELDS``); 栏目 by id, 主题分类 by code."""

    title: str | None = None
    doc_number: str | None = None
    formed_on: datetime.date | None = None
    column: int | None = None
    theme: str | None = None
    genre: str | None = None
    summary: str | None = None
    keywords: str | None = None
    source: str | None = None
    five_category: str | None = None
    key_area: str | None = None
    is_regulation: bool | None = None
    is_normative: bool | None = None
    issued_on: datetime.date | None = None
    is_policy: bool | None = None
    disclosure: str | None = None
    withhold_ground: str | None = None
    withhold_reason: str | None = None
    body_html: str | None = None


class DocumentIn(DocumentFields):
    agency: str | None = None  # slug; may be left out by someone who drafts for one agency


class ReviewIn(Schema):
    no_state_secret: bool | None = None
    no_work_secret: bool | None = None
    no_privacy_or_trade_secret: bool | None = None
    content_accurate: bool | None = None
    attribute_correct: bool | None = None
    comment: str = ""


class ReturnIn(Schema):
    comment: str = ""


class ApproveIn(Schema):
    comment: str = ""
    publish_at: datetime.datetime | None = None


class WithdrawIn(Schema):
    notice: str = ""


class ValidityIn(Schema):
    validity: str
    on: datetime.date | None = None


class MaskOut(Schema):
    masked: int
    files: list[str]
    blocked: list[str]


class ImportOut(Schema):
    file: str
    dry_run: bool
    rows: int
    imported: int
    published: int
    drafts: int
    indexed: int
    errors: list[dict[str, Any]]
    rejected_lines: list[int]
    warnings: list[str]
    pii_hits: int
    pii_lines: list[int]
    unreadable: str
    summary: list[str]


# --- helpers -----------------------------------------------------------------------------


def _error(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def _answers_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the domain's exceptions into the API's Chinese error answers."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except Http404 as exc:
            return Answer(404, _error(str(exc) or "没有找到该信息"))
        except PermissionDenied as exc:
            return Answer(403, _error(str(exc) or "您没有执行此操作的权限"))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            else:
                fields = {"__all__": [str(m) for m in exc.messages]}
            detail = "；".join(m for messages in fields.values() for m in messages)
            return Answer(422, _error(detail, fields))
        except actions.DocumentError as exc:
            return Answer(400, _error(str(exc)))

    return wrapper


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def _summary(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "title": document.title,
        "index_no": document.index_no,
        "agency": document.agency.slug,
        "agency_name": document.agency.name,
        "doc_number": document.doc_number,
        "formed_on": document.formed_on,
        "published_at": document.published_at,
        "column": document.column.name if document.column is not None else None,
        "theme": document.theme.code if document.theme is not None else None,
        "genre": document.genre,
        "validity": document.validity,
        "url": _url("portal:document", document.pk),
    }


def _staff(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "agency": document.agency.slug,
        "title": document.title,
        "status": document.status,
        "status_label": document.get_status_display(),
        "disclosure": document.disclosure,
        "index_no": document.index_no,
        "formed_on": document.formed_on,
        "due_on": document.due_on,
        "published_at": document.published_at,
        "scheduled_for": document.scheduled_for,
        "validity": document.validity,
        "withdrawal_notice": document.withdrawal_notice,
    }


def _filtered(
    documents: DocumentQuerySet,
    agency: str | None,
    column: int | None,
    theme: str | None,
    year: int | None,
    validity: str | None,
) -> DocumentQuerySet:
    if agency:
        found = Agency.objects.active().filter(slug=agency).first()
        if found is None:
            raise Http404("没有找到该机构")
        documents = documents.in_subtree(found)
    if column is not None:
        documents = documents.filter(column_id=column)
    if theme:
        documents = documents.filter(Q(theme__code=theme) | Q(theme__parent__code=theme))
    if year is not None:
        documents = documents.filter(formed_on__year=year)
    if validity:
        if validity not in Validity.values:
            raise ValidationError({"validity": "有效性只能是 valid、expired 或 repealed"})
        documents = documents.filter(validity=validity)
    return documents


def _fields(data: DocumentFields, agency: Agency) -> dict[str, Any]:
    """Only the fields that were sent, with 栏目 and 主题分类 looked up."""
    fields = data.model_dump(exclude_unset=True)
    fields.pop("agency", None)
    if "formed_on" in fields and fields["formed_on"] is None:
        raise ValidationError({"formed_on": "请填写成文日期"})
    for name in ("title", "doc_number", "summary", "keywords", "source", "withhold_reason"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    if fields.get("column") is not None:
        column = Column.objects.filter(pk=fields["column"], agency=agency).first()
        if column is None:
            raise ValidationError({"column": "所选栏目不属于发布机构的公开目录"})
        fields["column"] = column
    if fields.get("theme"):
        theme = Theme.objects.filter(code=fields["theme"]).first()
        if theme is None:
            raise ValidationError({"theme": f"主题分类“{fields['theme']}”不存在"})
        fields["theme"] = theme
    elif "theme" in fields:
        fields["theme"] = None
    for name in ("genre", "five_category", "key_area", "withhold_ground", "body_html"):
        if name in fields and fields[name] is None:
            fields[name] = "other" if name == "genre" else ""
    return fields


def _step(request: HttpRequest, pk: int, step: str) -> Document:
    return get_document_for_user(staff_user(request), pk, step=step)


# --- public ------------------------------------------------------------------------------


@router.get("/", response={200: DocumentPageOut, **ERRORS}, summary="公开的政府信息列表")
@_answers_errors
def list_documents(
    request: HttpRequest,
    agency: str | None = None,
    column: int | None = None,
    theme: str | None = None,
    year: int | None = None,
    validity: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Any:
    """主动公开且在发布状态的信息，新发布的在前。``agency`` 含下级机构；``year`` 为成文年份。"""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    documents = _filtered(
        Document.objects.public(), agency, column, theme, year, validity
    ).select_related("agency", "column", "theme")
    return {
        "total": documents.count(),
        "limit": limit,
        "offset": offset,
        "items": [_summary(d) for d in documents[offset : offset + limit]],
    }


@router.get("/search", response={200: SearchOut, 429: ErrorOut, **ERRORS}, summary="全文检索")
@_answers_errors
def search_documents(
    request: HttpRequest,
    q: str,
    agency: str | None = None,
    column: int | None = None,
    theme: str | None = None,
    genre: str | None = None,
    year: int | None = None,
    validity: str | None = None,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> Any:
    from gongkai.search import SearchQuery, search

    if not allow("api-search", client_ip(request), limit=SEARCHES_PER_MINUTE, window_seconds=60):
        return Answer(429, _error(f"检索过于频繁：每分钟最多 {SEARCHES_PER_MINUTE} 次"))
    if not q.strip():
        raise ValidationError({"q": "请输入检索词"})
    if order not in ("relevance", "date"):
        raise ValidationError({"order": "排序只能是 relevance（相关度）或 date（发布日期）"})
    if validity and validity not in Validity.values:
        raise ValidationError({"validity": "有效性只能是 valid、expired 或 repealed"})
    found = Agency.objects.active().filter(slug=agency).first() if agency else None
    if agency and found is None:
        raise Http404("没有找到该机构")
    page = search(
        SearchQuery(
            text=q.strip()[:100],
            agency_path=found.path if found is not None else None,
            column_id=column,
            theme=theme or None,
            genre=genre or None,
            year=year,
            validity=validity or None,
            order="date" if order == "date" else "relevance",
            offset=max(0, offset),
            limit=max(1, min(limit, MAX_LIMIT)),
        )
    )
    shown = (
        Document.objects.public()
        .select_related("agency")
        .only("pk", "index_no", "published_at", "agency__name")
        .in_bulk([hit.key for hit in page.hits])
    )
    return {
        "total": page.total,
        "hits": [
            {
                "id": hit.key,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                "published_at": hit.published_at,
                "index_no": shown[hit.key].index_no,
                "agency_name": shown[hit.key].agency.name,
                "url": _url("portal:document", hit.key),
            }
            for hit in page.hits
            if hit.key in shown
        ],
        "terms": list(page.terms),
        "suggestion": page.suggestion,
    }


@router.get(
    "/{int:document_id}", response={200: DocumentOut, **ERRORS}, summary="一条公开的政府信息"
)
@_answers_errors
def get_document(request: HttpRequest, document_id: int) -> Any:
    """A withdrawn document answers with ``status: "withdrawn"`` and its notice; its
    text and attachments are no longer given."""
    document = (
        Document.objects.filter(
            pk=document_id,
            disclosure=Disclosure.PROACTIVE,
            status__in=(Status.PUBLISHED, Status.WITHDRAWN),
            published_at__isnull=False,
        )
        .select_related("agency", "column", "theme")
        .first()
    )
    if document is None:
        raise Http404("没有找到该信息")
    withdrawn = document.status == Status.WITHDRAWN
    attachments: list[Attachment] = (
        [] if withdrawn else list(document.attachments.order_by("sort_order", "id"))
    )
    return {
        **_summary(document),
        "status": document.status,
        "summary": document.summary,
        "keywords": document.keywords,
        "source": document.source,
        "body_html": "" if withdrawn else document.body_html,
        "theme_name": str(document.theme) if document.theme_id is not None else None,
        "validity_changed_on": document.validity_changed_on,
        "is_regulation": document.is_regulation,
        "is_normative": document.is_normative,
        "issued_on": document.issued_on,
        "is_policy": document.is_policy,
        "five_category": document.five_category,
        "key_area": document.key_area,
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "kind": a.kind,
                "size": a.size,
                "url": _url("portal:attachment", a.pk),
            }
            for a in attachments
        ],
        "withdrawn_at": document.withdrawn_at,
        "withdrawal_notice": document.withdrawal_notice,
    }


# --- staff -------------------------------------------------------------------------------


@router.post("/", auth=django_auth, response={201: StaffDocumentOut, **ERRORS}, summary="起草")
@_answers_errors
def create_document(request: HttpRequest, data: DocumentIn) -> Any:
    user = staff_user(request)
    allowed = draftable_agencies(user)
    if data.agency:
        agency = next((a for a in allowed if a.slug == data.agency), None)
        if agency is None:
            if not Agency.objects.filter(slug=data.agency).exists():
                raise ValidationError({"agency": f"没有标识为“{data.agency}”的机构"})
            raise PermissionDenied("您不能为该机构起草政府信息")
    elif len(allowed) == 1:
        agency = allowed[0]
    else:
        raise ValidationError({"agency": "请填写发布机构的标识（agency）"})
    if data.formed_on is None:
        raise ValidationError({"formed_on": "请填写成文日期"})
    fields = {"title": "", "disclosure": ""} | _fields(data, agency)
    document = actions.create_document(actor=user, agency=agency, fields=fields)
    return Answer(201, _staff(document))


@router.patch(
    "/{int:document_id}",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="修改草稿",
)
@_answers_errors
def update_document(request: HttpRequest, document_id: int, data: DocumentFields) -> Any:
    document = _step(request, document_id, "edit")
    fields = _fields(data, document.agency)
    return _staff(
        actions.update_document(actor=staff_user(request), document=document, fields=fields)
    )


@router.post(
    "/{int:document_id}/submit",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="提交保密审查",
)
@_answers_errors
def submit_document(request: HttpRequest, document_id: int) -> Any:
    document = _step(request, document_id, "submit")
    return _staff(actions.submit_document(actor=staff_user(request), document=document))


@router.post(
    "/{int:document_id}/review",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="保密审查通过",
)
@_answers_errors
def review_document(request: HttpRequest, document_id: int, data: ReviewIn) -> Any:
    """Every question of ``Review.QUESTIONS`` must be answered true."""
    document = _step(request, document_id, "review")
    answers = {key: getattr(data, key) for key, _ in Review.QUESTIONS}
    actions.review_document(
        actor=staff_user(request), document=document, answers=answers, comment=data.comment
    )
    document.refresh_from_db()
    return _staff(document)


@router.post(
    "/{int:document_id}/return",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="退回修改",
)
@_answers_errors
def return_document(request: HttpRequest, document_id: int, data: ReturnIn) -> Any:
    user = staff_user(request)
    document = get_document_for_user(user, document_id)
    step = step_for_status(document.status)
    if not can_do(user, document.agency, step):
        raise PermissionDenied(STEP_DENIED[step])
    actions.return_document(actor=user, document=document, comment=data.comment)
    document.refresh_from_db()
    return _staff(document)


@router.post(
    "/{int:document_id}/approve",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="审批（立即或定时发布）",
)
@_answers_errors
def approve_document(request: HttpRequest, document_id: int, data: ApproveIn) -> Any:
    document = _step(request, document_id, "approve")
    return _staff(
        actions.approve_document(
            actor=staff_user(request),
            document=document,
            comment=data.comment,
            publish_at=data.publish_at,
        )
    )


@router.post(
    "/{int:document_id}/withdraw",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="撤回",
)
@_answers_errors
def withdraw_document(request: HttpRequest, document_id: int, data: WithdrawIn) -> Any:
    document = _step(request, document_id, "withdraw")
    return _staff(
        actions.withdraw_document(actor=staff_user(request), document=document, notice=data.notice)
    )


@router.post(
    "/{int:document_id}/validity",
    auth=django_auth,
    response={200: StaffDocumentOut, **ERRORS},
    summary="变更有效性",
)
@_answers_errors
def set_document_validity(request: HttpRequest, document_id: int, data: ValidityIn) -> Any:
    document = _step(request, document_id, "withdraw")
    return _staff(
        actions.set_validity(
            actor=staff_user(request), document=document, validity=data.validity, on=data.on
        )
    )


@router.post(
    "/{int:document_id}/mask",
    auth=django_auth,
    response={200: MaskOut, **ERRORS},
    summary="遮盖个人信息",
)
@_answers_errors
def mask_document(request: HttpRequest, document_id: int) -> Any:
    user = staff_user(request)
    document = get_document_for_user(user, document_id)
    if not (can_do(user, document.agency, "edit") or can_do(user, document.agency, "review")):
        raise PermissionDenied("只有本机构的信息发布员或保密审查员可以遮盖个人信息")
    result = actions.mask_personal_data(actor=user, document=document)
    return {"masked": result.masked, "files": result.files, "blocked": result.blocked}


@router.post(
    "/{int:document_id}/attachments",
    auth=django_auth,
    response={201: AttachmentOut, **ERRORS},
    summary="上传附件",
)
@_answers_errors
def add_document_attachment(
    request: HttpRequest, document_id: int, file: File[UploadedFile]
) -> Any:
    document = _step(request, document_id, "edit")
    attachment = actions.add_attachment(
        actor=staff_user(request), document=document, name=file.name or "", data=file.read()
    )
    return Answer(
        201,
        {
            "id": attachment.pk,
            "name": attachment.name,
            "kind": attachment.kind,
            "size": attachment.size,
            "url": _url("portal:attachment", attachment.pk),
        },
    )


@router.post(
    "/import",
    auth=django_auth,
    response={200: ImportOut, 413: ErrorOut, **ERRORS},
    summary="批量导入（CSV、XLSX 或 JSONL）",
)
@_answers_errors
def import_documents_file(
    request: HttpRequest,
    file: File[UploadedFile],
    agency: Form[str] = "",
    skip_bad: Form[bool] = False,
    dry_run: Form[bool] = False,
) -> Any:
    """公开办管理员导入本机关及下级机关的信息，规则同 ``gongkai import documents``。
    整个文件有错误时不写入（200，``errors`` 列出每一行）；``skip_bad`` 只导入正确的行。"""
    user = staff_user(request)
    managed = manageable_agencies(user)
    if not managed.exists():
        raise PermissionDenied("只有公开办管理员可以批量导入政府信息")
    default = None
    if agency:
        default = managed.filter(slug=agency).first()
        if default is None:
            raise ValidationError({"agency": f"没有标识为“{agency}”的机构，或您无权管理"})
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        raise HttpError(413, f"文件超过 {MAX_IMPORT_BYTES // 1024 // 1024} MB，请分成几个文件")
    report = import_documents(
        ImportFile(file.name or "upload.csv", file.read()),
        actor=user,
        default_agency=default,
        skip_bad=skip_bad,
        dry_run=dry_run,
    )
    return report.as_json()
