"""Back-office pages of the channels: the 政府公报, the webhooks and their deliveries,
a document's share texts and its printed review form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.agencies.access import manageable_agencies
from gongkai.agencies.models import Agency
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error
from gongkai.publishing import gazette, printing, share, webhooks
from gongkai.publishing.access import (
    can_manage_catalogue,
    get_document_for_user,
    get_gazette_for_user,
    visible_gazette,
)
from gongkai.publishing.models import (
    Channel,
    DeliveryStatus,
    Disclosure,
    Document,
    GazetteStatus,
    Status,
    WebhookEndpoint,
)

PAGE_SIZE = 50
CANDIDATES = 30


# --- forms -----------------------------------------------------------------------------


class IssueForm(forms.Form):
    agency = forms.ModelChoiceField(label="编印机构", queryset=Agency.objects.none())
    year = forms.IntegerField(label="年份", min_value=gazette.FIRST_YEAR, max_value=9999)
    number = forms.IntegerField(
        label="期号",
        required=False,
        min_value=1,
        max_value=gazette.MAX_NUMBER,
        help_text="留空则自动取该年度的下一期",
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class PublishIssueForm(forms.Form):
    published_on = forms.DateField(label="出版日期", widget=forms.DateInput(attrs={"type": "date"}))


ENDPOINT_CHANNEL_CHOICES = [(c.value, c.label) for c in webhooks.ENDPOINT_CHANNELS]


class EndpointForm(forms.Form):
    agency = forms.ModelChoiceField(label="机构", queryset=Agency.objects.none())
    channel = forms.ChoiceField(label="渠道", choices=ENDPOINT_CHANNEL_CHOICES)
    url = forms.URLField(
        label="接收地址", max_length=200, assume_scheme="https", help_text="以 https:// 开头的网址"
    )
    secret = forms.CharField(
        label="签名密钥",
        required=False,
        max_length=100,
        help_text="接收方用它验证 X-Gongkai-Signature 签名。留空则自动生成",
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
            self.fields["secret"].help_text = "留空则不更换"
        else:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
            del self.fields["is_active"]


# --- 政府公报 ----------------------------------------------------------------------------


@login_required
def gazette_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    issues = sorted(visible_gazette(user), key=lambda i: (-i.year, -i.number, i.agency.path))
    counts = gazette.document_counts(issues)
    rows = [(issue, counts.get(issue.pk, 0)) for issue in issues]
    return render(
        request,
        "publishing/channels/gazette_list.html",
        {"rows": rows, "can_create": manageable_agencies(user).exists()},
    )


@login_required
def gazette_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = manageable_agencies(user)
    if not agencies.exists():
        raise PermissionDenied("只有公开办管理员可以编辑政府公报")
    initial = {"year": timezone.localdate().year, "agency": user.agency_id}
    form = IssueForm(request.POST or None, initial=initial, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = gazette.create_issue(
                actor=user, agency=data["agency"], year=data["year"], number=data["number"]
            )
        except gazette.GazetteError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已新建政府公报{gazette.issue_label(issue)}，请添加收录的信息。"
            )
            return redirect("publishing_channels:gazette_detail", pk=issue.pk)
    return render(request, "publishing/channels/gazette_form.html", {"form": form})


@login_required
def gazette_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    issue = get_gazette_for_user(user, pk)
    editable = issue.status == GazetteStatus.DRAFT and can_manage_catalogue(user, issue.agency)
    q = request.GET.get("q", "").strip()
    context: dict[str, Any] = {
        "issue": issue,
        "label": gazette.issue_label(issue),
        "documents": gazette.issue_documents(issue),
        "editable": editable,
        "q": q,
    }
    if editable:
        context["candidates"] = list(gazette.candidates(issue, q)[:CANDIDATES])
        context["publish_form"] = PublishIssueForm(initial={"published_on": timezone.localdate()})
    return render(request, "publishing/channels/gazette_detail.html", context)


def _editable_issue(request: HttpRequest, pk: int) -> Any:
    return get_gazette_for_user(staff_user(request), pk, change=True)


@login_required
@require_POST
def gazette_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    ids = [int(v) for v in request.POST.getlist("documents") if v.isdigit()]
    found = Document.objects.in_bulk(ids)
    documents = [found[i] for i in ids if i in found]
    try:
        gazette.add_documents(actor=staff_user(request), issue=issue, documents=documents)
    except gazette.GazetteError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已收录 {len(documents)} 条信息。")
    return redirect("publishing_channels:gazette_detail", pk=pk)


@login_required
@require_POST
def gazette_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    document = get_object_or_404(Document, pk=document_pk)
    try:
        gazette.remove_document(actor=staff_user(request), issue=issue, document=document)
    except gazette.GazetteError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已从本期移除“{document.title}”。")
    return redirect("publishing_channels:gazette_detail", pk=pk)


@login_required
@require_POST
def gazette_move(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    document = get_object_or_404(Document, pk=document_pk)
    by = -1 if request.POST.get("direction") == "up" else 1
    try:
        gazette.move_document(actor=staff_user(request), issue=issue, document=document, by=by)
    except gazette.GazetteError as exc:
        messages.error(request, str(exc))
    return redirect("publishing_channels:gazette_detail", pk=pk)


@login_required
@require_POST
def gazette_publish(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    form = PublishIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的出版日期。")
        return redirect("publishing_channels:gazette_detail", pk=pk)
    try:
        gazette.publish_issue(
            actor=staff_user(request), issue=issue, published_on=form.cleaned_data["published_on"]
        )
    except gazette.GazetteError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"政府公报{gazette.issue_label(issue)}已出版，PDF 已生成。")
    return redirect("publishing_channels:gazette_detail", pk=pk)


@login_required
def gazette_pdf(request: HttpRequest, pk: int) -> FileResponse:
    issue = get_gazette_for_user(staff_user(request), pk)
    if issue.status != GazetteStatus.PUBLISHED or not issue.pdf:
        raise Http404("本期尚未出版，没有 PDF")
    filename = f"{issue.agency.name}政府公报{issue.year}年第{issue.number}期.pdf"
    return FileResponse(issue.pdf.open("rb"), as_attachment=True, filename=filename)


# --- 推送接口 and 推送记录 -----------------------------------------------------------------


def _require_any_managed(request: HttpRequest) -> Any:
    agencies = manageable_agencies(staff_user(request))
    if not agencies.exists():
        raise PermissionDenied("只有公开办管理员可以管理推送接口")
    return agencies


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    _require_any_managed(request)
    endpoints = (
        webhooks.manageable_endpoints(staff_user(request))
        .annotate(
            pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        )
        .order_by("agency__path", "channel", "id")
    )
    return render(request, "publishing/channels/webhook_list.html", {"endpoints": endpoints})


@login_required
def webhook_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = _require_any_managed(request)
    form = EndpointForm(request.POST or None, agencies=agencies, initial={"agency": user.agency_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            webhooks.create_endpoint(
                actor=user,
                agency=data["agency"],
                channel=data["channel"],
                url=data["url"],
                secret=data["secret"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已新增推送接口。请把签名密钥告知接收方，用于验证签名。")
            return redirect("publishing_channels:webhook_list")
    return render(
        request, "publishing/channels/webhook_form.html", {"form": form, "endpoint": None}
    )


@login_required
def webhook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    endpoint = webhooks.get_endpoint_for_user(user, pk)
    initial = {"channel": endpoint.channel, "url": endpoint.url, "is_active": endpoint.is_active}
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            webhooks.update_endpoint(
                actor=user,
                endpoint=endpoint,
                channel=data["channel"],
                url=data["url"],
                is_active=data["is_active"],
                secret=data["secret"] or None,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "推送接口已保存。")
            return redirect("publishing_channels:webhook_list")
    return render(
        request, "publishing/channels/webhook_form.html", {"form": form, "endpoint": endpoint}
    )


@login_required
@require_POST
def webhook_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    endpoint: WebhookEndpoint = webhooks.get_endpoint_for_user(user, pk)
    try:
        webhooks.deactivate_endpoint(actor=user, endpoint=endpoint)
    except webhooks.WebhookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "推送接口已停用，新发布的信息不再推送到该地址。")
    return redirect("publishing_channels:webhook_list")


@login_required
def delivery_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    deliveries = webhooks.visible_deliveries(user)
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    page = Paginator(deliveries.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    managed = set(manageable_agencies(user).values_list("pk", flat=True))
    return render(
        request,
        "publishing/channels/delivery_list.html",
        {
            "page": page,
            "status": status,
            "statuses": DeliveryStatus.choices,
            "managed": managed,
            "can_manage": bool(managed),
        },
    )


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    delivery = webhooks.get_delivery_for_user(user, pk, change=True)
    try:
        webhooks.retry_delivery(actor=user, delivery=delivery)
    except webhooks.WebhookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已重新推送“{delivery.document.title}”。")
    url = reverse("publishing_channels:delivery_list")
    status = request.POST.get("status", "")
    return redirect(f"{url}?status={status}" if status in DeliveryStatus.values else url)


# --- a document's share texts and review form ---------------------------------------------


def _shareable(document: Document) -> bool:
    return document.status == Status.PUBLISHED and document.disclosure == Disclosure.PROACTIVE


@login_required
def document_share(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(staff_user(request), pk)
    context: dict[str, Any] = {"document": document, "shareable": _shareable(document)}
    if context["shareable"]:
        url = share.document_url(document)
        context |= {
            "url": url,
            "weibo": share.share_text(document, Channel.WEIBO),
            "wechat": share.share_text(document, Channel.WECHAT),
            "weibo_limit": share.WEIBO_LIMIT,
            "qr": mark_safe(share.qr_svg(url)),  # noqa: S308 - generated by segno, not input
        }
    return render(request, "publishing/channels/share.html", context)


@login_required
def document_qr_png(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(staff_user(request), pk)
    if not _shareable(document):
        raise Http404("该信息尚未公开发布")
    response = HttpResponse(share.qr_png(share.document_url(document)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-{document.pk}.png"'
    return response


@login_required
def document_review_form(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(staff_user(request), pk)
    response = HttpResponse(printing.review_form_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-form-{document.pk}.pdf"'
    return response
