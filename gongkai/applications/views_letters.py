"""Back-office pages of letters (告知书): one letter's page (edit, preview, issue,
delete, downloads), drafting another letter for a case, and an agency's letter
templates (wording per kind and outcome, Word layout, variables reference).

Letters are authorised with :func:`access.get_letter_for_user` (seeing the case: read;
handling it: every POST). Templates belong to office admins of the agency's subtree.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.agencies.access import manageable_agencies, visible_agencies
from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import in_tree_order
from gongkai.applications import letter_actions, letter_render, letters
from gongkai.applications.access import can_handle, get_application_for_user, get_letter_for_user
from gongkai.applications.actions import ApplicationError
from gongkai.applications.forms_letters import (
    IssueForm,
    LayoutForm,
    LetterForm,
    NewLetterForm,
    TemplateForm,
)
from gongkai.applications.letter_layout import default_layout_bytes
from gongkai.applications.models import Application, Letter, LetterKind, LetterTemplate
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error

TEMPLATES_DENIED = "只有公开办管理员可以管理告知书模板"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def case_url(application: Application) -> str | None:
    """The case's page (built by the applications pages), if it is wired up."""
    try:
        return reverse("applications:detail", args=[application.pk])
    except NoReverseMatch:
        return None


# --- one letter ------------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    letter: Letter,
    *,
    form: LetterForm | None = None,
    issue_form: IssueForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = staff_user(request)
    application = letter.application
    context: dict[str, Any] = {
        "letter": letter,
        "application": application,
        "case_url": case_url(application),
        "can_handle": can_handle(user, application.agency),
        "form": form or LetterForm(initial={"title": letter.title, "body": letter.body}),
        "issue_form": issue_form or IssueForm(),
        "sheet": letter_render.layout_context(letter),
        "error": error,
        "will_email": letter.for_applicant and bool(application.email),
    }
    return render(request, "applications/letters/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(staff_user(request), pk)
    return _detail(request, letter)


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    letter = get_letter_for_user(user, pk, handle=True)
    form = LetterForm(request.POST)
    if form.is_valid():
        try:
            letter_actions.update_letter(
                actor=user,
                letter=letter,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ApplicationError as exc:
            return _detail(request, letter, error=str(exc), status=400)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("application_letters:detail", pk=pk)
    return _detail(request, letter, form=form, status=400)


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    letter = get_letter_for_user(user, pk, handle=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            letter = letter_actions.issue_letter(
                actor=user, letter=letter, issued_on=form.cleaned_data["issued_on"]
            )
        except ApplicationError as exc:
            form.add_error("issued_on", str(exc))
        else:
            text = f"已出具，文号：{letter.number}。"
            if letter.for_applicant and letter.application.email:
                text += "文书 PDF 将通过电子邮件发送给申请人。"
            messages.success(request, text)
            return redirect("application_letters:detail", pk=pk)
    return _detail(request, letter, issue_form=form, status=400)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    letter = get_letter_for_user(user, pk, handle=True)
    application = letter.application
    try:
        letter_actions.delete_letter(actor=user, letter=letter)
    except ApplicationError as exc:
        return _detail(request, letter, error=str(exc), status=400)
    messages.success(request, f"已删除{letter.title}草稿。")
    return redirect(
        case_url(application) or reverse("application_letters:new", args=[application.pk])
    )


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    """The issued file, or for a draft a preview rendering marked 草稿."""
    if fmt not in ("docx", "pdf"):
        raise Http404("没有这种文件格式")
    letter = get_letter_for_user(staff_user(request), pk)
    if letter.is_issued:
        stored = letter.docx if fmt == "docx" else letter.pdf
        if not stored:
            raise Http404("该文书的文件不存在")
        name = f"{letter.title}（{letter.number}）.{fmt}"
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    try:
        data = (
            letter_render.render_docx(letter, draft=True)
            if fmt == "docx"
            else letter_render.render_pdf(letter, draft=True)
        )
    except letter_render.LayoutError as exc:
        return _detail(request, letter, error=str(exc), status=400)
    name = f"草稿-{letter.title}.{fmt}"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name)


@login_required
def new(request: HttpRequest, application_pk: int) -> HttpResponse:
    """Draft another letter of a chosen kind for a case (e.g. after correcting facts)."""
    user = staff_user(request)
    application = get_application_for_user(user, application_pk, handle=True)
    form = NewLetterForm(request.POST or None, application=application)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                letter = letter_actions.draft_letter(
                    actor=user,
                    application=application,
                    kind=form.cleaned_data["kind"],
                    consultation=form.cleaned_data["consultation"],
                )
            except ApplicationError as exc:
                form.add_error("kind", str(exc))
            else:
                messages.success(request, f"已生成{letter.title}草稿，请核对后出具。")
                return redirect("application_letters:detail", pk=letter.pk)
    context = {
        "application": application,
        "case_url": case_url(application),
        "form": form,
        "letters": application.letters.order_by("created_at", "pk"),
    }
    return render(request, "applications/letters/new.html", context, status=status)


# --- agency templates ------------------------------------------------------------------


def _template_agency(request: HttpRequest, pk: int) -> Agency:
    user = staff_user(request)
    agency = visible_agencies(user).filter(pk=pk).first()
    if agency is None:
        raise Http404("没有找到该机构")
    if not manageable_agencies(user).filter(pk=pk).exists():
        raise PermissionDenied(TEMPLATES_DENIED)
    return agency


def _slot_or_404(kind: str, outcome: str) -> None:
    try:
        letter_actions.check_slot(kind, outcome)
    except ApplicationError:
        raise Http404("没有这种告知书模板") from None


def _templates_url(agency: Agency) -> str:
    return reverse("application_letters:templates") + f"?agency={agency.pk}"


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = in_tree_order(manageable_agencies(user))
    if not agencies:
        raise PermissionDenied(TEMPLATES_DENIED)
    chosen = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0])
    rows = {(t.kind, t.outcome): t for t in LetterTemplate.objects.filter(agency=agency)}
    slots = [
        {
            "kind": kind,
            "outcome": outcome,
            "label": letters.slot_label(kind, outcome),
            "custom": rows.get((kind, outcome)),
        }
        for kind in LetterKind.values
        for outcome in (letters.LETTER_OUTCOMES if kind == LetterKind.REPLY else ("",))
    ]
    layout = rows.get(("", ""))
    context = {
        "agencies": agencies,
        "agency": agency,
        "slots": slots,
        "layout": layout if layout is not None and layout.layout else None,
    }
    return render(request, "applications/letters/templates.html", context)


@login_required
def template_edit(
    request: HttpRequest, agency_pk: int, kind: str, outcome: str = ""
) -> HttpResponse:
    user = staff_user(request)
    agency = _template_agency(request, agency_pk)
    _slot_or_404(kind, outcome)
    label = letters.slot_label(kind, outcome)
    custom = letters.agency_source(agency.pk, kind, outcome)
    form = TemplateForm(
        request.POST or None,
        initial={"body": custom or letters.default_source(kind, outcome)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                letter_actions.save_template(
                    actor=user,
                    agency=agency,
                    kind=kind,
                    outcome=outcome,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc, default_field="body")
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已保存本机关的{label}模板。")
                return redirect(_templates_url(agency))
    preview = ""
    if request.method != "POST":
        try:
            preview = letter_render.check_source(
                form.initial["body"], agency=agency, kind=kind, outcome=outcome
            )
        except ValidationError:
            preview = ""
    context = {
        "agency": agency,
        "kind": kind,
        "outcome": outcome,
        "label": label,
        "custom": bool(custom),
        "form": form,
        "preview": preview.split("\n") if preview else [],
        "variables": letters.VARIABLES,
        "templates_url": _templates_url(agency),
    }
    return render(request, "applications/letters/template_edit.html", context, status=status)


@login_required
@require_POST
def template_reset(
    request: HttpRequest, agency_pk: int, kind: str, outcome: str = ""
) -> HttpResponse:
    agency = _template_agency(request, agency_pk)
    _slot_or_404(kind, outcome)
    if letter_actions.reset_template(
        actor=staff_user(request), agency=agency, kind=kind, outcome=outcome
    ):
        messages.success(request, f"{letters.slot_label(kind, outcome)}已恢复为平台默认措辞。")
    else:
        messages.info(request, "本机关没有修改过该模板，仍使用平台默认措辞。")
    return redirect(_templates_url(agency))


@login_required
def layout_upload(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = _template_agency(request, agency_pk)
    form = LayoutForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["layout"]
            if upload.size > letter_render.MAX_LAYOUT_BYTES:
                form.add_error("layout", "Word 版式模板不能超过 5 MB")
            else:
                try:
                    letter_actions.upload_layout(
                        actor=staff_user(request),
                        agency=agency,
                        name=upload.name,
                        data=upload.read(),
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc, default_field="layout")
                else:
                    messages.success(request, "已启用本机关的 Word 版式模板。")
                    return redirect(_templates_url(agency))
    context = {
        "agency": agency,
        "form": form,
        "variables": letter_render.LAYOUT_VARIABLES,
        "templates_url": _templates_url(agency),
    }
    return render(request, "applications/letters/layout_upload.html", context, status=status)


@login_required
@require_POST
def layout_reset(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = _template_agency(request, agency_pk)
    if letter_actions.reset_layout(actor=staff_user(request), agency=agency):
        messages.success(request, "已恢复为平台默认的 Word 版式。")
    else:
        messages.info(request, "本机关一直使用平台默认的 Word 版式。")
    return redirect(_templates_url(agency))


@login_required
def layout_download(request: HttpRequest, agency_pk: int) -> FileResponse:
    """The Word layout the agency's letters are rendered into (its own or the default)."""
    agency = _template_agency(request, agency_pk)
    data = letter_render.agency_layout(agency.pk) or default_layout_bytes()
    name = f"告知书版式-{letters.agency_short(agency)}.docx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=DOCX_TYPE)


@login_required
def default_layout(request: HttpRequest) -> FileResponse:
    return FileResponse(
        io.BytesIO(default_layout_bytes()),
        as_attachment=True,
        filename="告知书默认版式.docx",
        content_type=DOCX_TYPE,
    )


@login_required
def variables(request: HttpRequest) -> HttpResponse:
    """The variables reference of wording templates and Word layouts, as a text file."""
    layout_lines = [
        "",
        "Word 版式模板变量（docxtpl 写法，段落标签用 {%p … %}）",
        "版式中只能使用变量、if 判断和一层 for 循环；可用过滤器："
        + "、".join(sorted(letter_render.LAYOUT_FILTERS)),
        "",
        *(f"{{{{ {v.name} }}}}  {v.label}" for v in letter_render.LAYOUT_VARIABLES),
    ]
    text = letter_render.reference_text() + "\n".join(layout_lines) + "\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename="告知书模板变量说明.txt") or ""
    )
    return response
