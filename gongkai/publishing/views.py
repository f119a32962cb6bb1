"""Back-office pages for documents: list, draft, edit, and one view per workflow step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.access import visible_agencies
from gongkai.agencies.querysets import in_tree_order
from gongkai.audit.models import Event
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error
from gongkai.lib.filetypes import FileTypeError, check_size
from gongkai.publishing import actions, stats
from gongkai.publishing.access import (
    can_do,
    draftable_agencies,
    get_document_for_user,
    visible_documents,
)
from gongkai.publishing.forms import (
    ApproveForm,
    AttachmentForm,
    ChannelForm,
    DocumentForm,
    JustifyForm,
    ReturnForm,
    ReviewForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.publishing.models import Attachment, Disclosure, Document, Publication, Status
from gongkai.publishing.pii_gate import findings
from gongkai.publishing.reminders import DUE_SOON_WORKDAYS
from gongkai.reports.formspec import LEGACY_ROWS, PROACTIVE_2021
from gongkai.workdays.calendar import WorkdayCalendar

PAGE_SIZE = 30


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    documents = visible_documents(user)
    status = request.GET.get("status", "")
    if status in Status.values:
        documents = documents.filter(status=status)
    disclosure = request.GET.get("disclosure", "")
    if disclosure in Disclosure.values:
        documents = documents.filter(disclosure=disclosure)
    due = request.GET.get("due", "")
    today = timezone.localdate()
    if due == "overdue":
        documents = documents.overdue(today)
    elif due == "soon":
        end = WorkdayCalendar().add(today, DUE_SOON_WORKDAYS).date
        documents = documents.due_between(today, end)
    q = request.GET.get("q", "").strip()
    if q:
        documents = documents.filter(
            Q(title__icontains=q) | Q(index_no__icontains=q) | Q(doc_number__icontains=q)
        )
    page = Paginator(documents.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publishing/document_list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "disclosures": Disclosure.choices,
            "status": status,
            "disclosure": disclosure,
            "q": q,
            "due": due,
            "can_draft": bool(draftable_agencies(user)),
            "today": today,
        },
    )


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = draftable_agencies(user)
    if not agencies:
        raise PermissionDenied("只有信息发布员或公开办管理员可以起草政府信息")
    form = DocumentForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.create_document(
                actor=user, agency=form.cleaned_data["agency"], fields=form.document_fields()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "草稿已保存。可以继续添加附件，然后提交保密审查。")
            return redirect("publishing:detail", pk=document.pk)
    return render(request, "publishing/document_form.html", {"form": form, "document": None})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    document = get_document_for_user(user, pk, step="edit")
    if document.status != Status.DRAFT:
        messages.error(request, "只有草稿可以修改；请先退回修改。")
        return redirect("publishing:detail", pk=pk)
    form = DocumentForm(request.POST or None, instance=document, agencies=[document.agency])
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_document(actor=user, document=document, fields=form.document_fields())
        except (ValidationError, actions.DocumentError) as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("publishing:detail", pk=pk)
    return render(request, "publishing/document_form.html", {"form": form, "document": document})


def _show_error(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        apply_validation_error(form, exc)
    else:
        form.add_error(None, str(exc))


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    document = get_document_for_user(user, pk)
    return render(request, "publishing/document_detail.html", _detail_context(user, document))


def _detail_context(user: Any, document: Document, **forms: Any) -> dict[str, Any]:
    agency = document.agency
    steps = {step: can_do(user, agency, step) for step in ("edit", "review", "approve", "withdraw")}
    found = findings(document) if document.status != Status.WITHDRAWN else []
    context: dict[str, Any] = {
        "document": document,
        "steps": steps,
        "attachments": document.attachments.all(),
        "reviews": document.reviews.select_related("reviewer"),
        "publications": document.publications.select_related("reading_point", "gazette_issue"),
        "justifications": document.justifications.select_related("decided_by"),
        "findings": found,
        "blocking": [f for f in found if f.blocks],
        "events": Event.objects.for_object(document)
        .select_related("actor")
        .order_by("created_at", "id"),
        "review_form": forms.get("review_form") or ReviewForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "validity_form": forms.get("validity_form")
        or ValidityForm(initial={"validity": document.validity}),
        "channel_form": forms.get("channel_form")
        or ChannelForm(agency=agency, initial={"published_on": timezone.localdate()}),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "justify_form": forms.get("justify_form") or JustifyForm(),
        "Status": Status,
    }
    return context


def _step(
    request: HttpRequest,
    pk: int,
    step: str,
    form_class: Callable[..., Any] | None,
    form_name: str,
    run: Callable[[Any, Document, Any], str],
    **form_kwargs: Any,
) -> HttpResponse:
    """Shared shape of the POST-only step views: check access, parse the form, call the
    action; on an error show the detail page again with the message."""
    user = staff_user(request)
    document = get_document_for_user(user, pk, step=step)
    kwargs = {k: (v(document) if callable(v) else v) for k, v in form_kwargs.items()}
    form = form_class(request.POST, request.FILES, **kwargs) if form_class else None
    if form is None or form.is_valid():
        try:
            message = run(user, document, form)
        except (actions.DocumentError, ValidationError) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
            if form is not None:
                form.add_error(None, text)
        else:
            messages.success(request, message)
            return redirect("publishing:detail", pk=pk)
    document.refresh_from_db()
    context = _detail_context(user, document, **({form_name: form} if form else {}))
    return render(request, "publishing/document_detail.html", context, status=400)


@login_required
@require_POST
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: Any) -> str:
        actions.submit_document(actor=user, document=document)
        return "已提交保密审查。"

    return _step(request, pk, "submit", None, "", run)


@login_required
@require_POST
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: ReviewForm) -> str:
        actions.review_document(
            actor=user, document=document, answers=form.answers(),
            comment=form.cleaned_data["comment"],
        )  # fmt: skip
        return "保密审查已通过，已送领导审批。"

    return _step(request, pk, "review", ReviewForm, "review_form", run)


@login_required
@require_POST
def document_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    document = get_document_for_user(user, pk)
    step = "review" if document.status == Status.IN_REVIEW else "approve"

    def run(user: Any, document: Document, form: ReturnForm) -> str:
        actions.return_document(actor=user, document=document, comment=form.cleaned_data["comment"])
        return "已退回修改。"

    return _step(request, pk, step, ReturnForm, "return_form", run)


@login_required
@require_POST
def document_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: ApproveForm) -> str:
        doc = actions.approve_document(
            actor=user, document=document, comment=form.cleaned_data["comment"],
            publish_at=form.cleaned_data["publish_at"],
        )  # fmt: skip
        if doc.status == Status.SCHEDULED:
            return "审批通过，将按设定时间发布。"
        if doc.disclosure != Disclosure.PROACTIVE:
            return "审批通过。该信息不主动公开，不在网站发布。"
        return f"已发布，索引号 {doc.index_no}。"

    return _step(request, pk, "approve", ApproveForm, "approve_form", run)


@login_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: WithdrawForm) -> str:
        actions.withdraw_document(actor=user, document=document, notice=form.cleaned_data["notice"])
        return "已撤回。公开页面将显示撤回说明。"

    return _step(request, pk, "withdraw", WithdrawForm, "withdraw_form", run)


@login_required
@require_POST
def document_validity(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: ValidityForm) -> str:
        actions.set_validity(
            actor=user, document=document, validity=form.cleaned_data["validity"],
            on=form.cleaned_data["on"],
        )  # fmt: skip
        return "有效性已更新。"

    return _step(request, pk, "withdraw", ValidityForm, "validity_form", run)


@login_required
@require_POST
def document_channel(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: ChannelForm) -> str:
        data = form.cleaned_data
        actions.record_publication(
            actor=user, document=document, channel=data["channel"],
            published_on=data["published_on"], reference=data["reference"],
            reading_point=data["reading_point"],
        )  # fmt: skip
        return "已登记发布渠道。"

    return _step(
        request, pk, "channel", ChannelForm, "channel_form", run, agency=lambda d: d.agency
    )


@login_required
@require_POST
def publication_remove(request: HttpRequest, pk: int, publication_pk: int) -> HttpResponse:
    user = staff_user(request)
    document = get_document_for_user(user, pk, step="channel")
    publication = get_object_or_404(Publication, pk=publication_pk, document=document)
    try:
        actions.remove_publication(actor=user, publication=publication)
    except actions.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除该发布渠道记录。")
    return redirect("publishing:detail", pk=pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: AttachmentForm) -> str:
        upload = form.cleaned_data["file"]
        try:  # refuse an oversized upload before reading it into memory
            check_size(upload.size, upload.name)
        except FileTypeError as exc:
            raise actions.DocumentError(str(exc)) from None
        attachment = actions.add_attachment(
            actor=user, document=document, name=upload.name, data=upload.read()
        )
        return f"已添加附件“{attachment.name}”。"

    return _step(request, pk, "edit", AttachmentForm, "attachment_form", run)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    user = staff_user(request)
    document = get_document_for_user(user, pk, step="edit")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    try:
        actions.remove_attachment(actor=user, attachment=attachment)
    except actions.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除附件。")
    return redirect("publishing:detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Staff download of the original (or, with ``?published=1``, the masked copy)."""
    user = staff_user(request)
    document = get_document_for_user(user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    field = attachment.public_file if request.GET.get("published") else attachment.file
    return FileResponse(field.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def document_mask(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    document = get_document_for_user(user, pk)
    if not (can_do(user, document.agency, "edit") or can_do(user, document.agency, "review")):
        raise PermissionDenied("只有本机构的信息发布员或保密审查员可以遮盖个人信息")
    try:
        result = actions.mask_personal_data(actor=user, document=document)
    except actions.DocumentError as exc:
        messages.error(request, str(exc))
    else:
        if result.blocked:
            messages.error(request, "；".join(result.blocked))
        messages.success(
            request,
            f"已按平台统一规则遮盖个人信息（标题/正文 {result.masked} 处，"
            f"附件 {len(result.files)} 个）。",
        )
    return redirect("publishing:detail", pk=pk)


@login_required
@require_POST
def document_justify(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, document: Document, form: JustifyForm) -> str:
        data = form.cleaned_data
        actions.justify_personal_data(
            actor=user, document=document, fingerprint=data["fingerprint"],
            basis=data["basis"], legal_basis=data["legal_basis"],
        )  # fmt: skip
        return "已记录公开理由。"

    return _step(request, pk, "review", JustifyForm, "justify_form", run)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """主动公开统计: the annual-report rows computed from the documents, for one agency
    and everything below it."""
    user = staff_user(request)
    agencies = list(in_tree_order(visible_agencies(user)))
    if not agencies:
        raise PermissionDenied("您没有可以查看的机构")
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
        agency_pk = int(request.GET.get("agency") or agencies[0].pk)
    except ValueError:
        year, agency_pk = this_year, agencies[0].pk
    year = min(max(year, 2008), this_year)
    agency = next((a for a in agencies if a.pk == agency_pk), agencies[0])
    legacy = stats.proactive_legacy(agency, year)
    current = stats.proactive_2021(agency, year)
    return render(
        request,
        "publishing/statistics.html",
        {
            "agencies": agencies,
            "agency": agency,
            "year": year,
            "years": range(this_year, 2007, -1),
            "legacy_rows": [
                (code, label, unit, legacy.get(code))
                for code, label, unit in LEGACY_ROWS
                if code in legacy or code in ("1", "1.2")
            ],
            "current_rows": [
                (caption, row, column, code, current.get(code))
                for caption, row, column, code in PROACTIVE_2021
            ],
            "on_time": stats.on_time(agency, year),
        },
    )
