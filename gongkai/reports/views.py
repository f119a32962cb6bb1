from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import manageable_agencies
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error
from gongkai.reports import actions
from gongkai.reports.access import (
    can_review,
    get_batch_for_user,
    get_figures_for_user,
    require_reviewer,
    visible_batches,
)
from gongkai.reports.display import add_tables, display_tables
from gongkai.reports.forms import ImportFiguresForm, ReviewBatchForm
from gongkai.reports.formspec import FORMS
from gongkai.reports.models import ReviewBatch, ReviewedReport
from gongkai.reports.xlsx import batch_workbook

FORM_LABELS = {
    "2014": "2014年统计表",
    "2019": "2019年试行格式",
    "2021": "2021年格式",
    "local": "地方格式",
}


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    batches = visible_batches(user).select_related("agency", "created_by")
    return render(
        request,
        "reports/batch_list.html",
        {"batches": batches, "can_review": can_review(user)},
    )


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agency = require_reviewer(user)
    form = ReviewBatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["reports"]]
        try:
            batch = actions.create_review_batch(
                actor=user, agency=agency, title=form.cleaned_data["title"], files=files
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已审查 {len(files)} 份报告。")
            return redirect("reports:batch_detail", pk=batch.pk)
    return render(request, "reports/batch_form.html", {"form": form})


def _district_totals(reports: list[ReviewedReport]) -> list[dict[str, Any]]:
    by_form: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for report in reports:
        if report.readable and report.form in ("2014", "2019", "2021"):
            by_form[report.form].append(report.tables)
    return [
        {
            "form": form,
            "label": FORM_LABELS[form],
            "count": len(tables),
            "tables": display_tables(form, add_tables(form, tables)),  # type: ignore[arg-type]
        }
        for form, tables in sorted(by_form.items())
    ]


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_user(staff_user(request), pk)
    reports = list(batch.reports.all())
    return render(
        request,
        "reports/batch_detail.html",
        {
            "batch": batch,
            "reports": reports,
            "form_labels": FORM_LABELS,
            "totals": _district_totals(reports),
            "errors": sum(r.error_count for r in reports),
            "unreadable": sum(1 for r in reports if not r.readable),
        },
    )


@login_required
def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_user(staff_user(request), pk)
    reports = list(batch.reports.all())
    book = batch_workbook(batch, reports, _district_totals(reports))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="review-{batch.pk}.xlsx"'
    return response


def _reviewed(request: HttpRequest, pk: int, report_id: int) -> tuple[ReviewBatch, ReviewedReport]:
    batch = get_batch_for_user(staff_user(request), pk)
    return batch, get_object_or_404(ReviewedReport, pk=report_id, batch=batch)


@login_required
def report_detail(request: HttpRequest, pk: int, report_id: int) -> HttpResponse:
    batch, report = _reviewed(request, pk, report_id)
    agencies = manageable_agencies(staff_user(request))
    form = ImportFiguresForm(agencies=agencies, initial={"agency": _guess_agency(report, agencies)})
    return _render_report(request, batch, report, form, can_import=agencies.exists())


def _guess_agency(report: ReviewedReport, agencies: Any) -> int | None:
    name = report.agency_name
    if not name:
        return None
    match = (
        agencies.filter(name=name).first()
        or agencies.filter(short_name=name).first()
        or agencies.filter(name__startswith=name).order_by("depth").first()  # 某区 → 某区人民政府
    )
    return match.pk if match else None


def _render_report(
    request: HttpRequest,
    batch: ReviewBatch,
    report: ReviewedReport,
    form: ImportFiguresForm,
    *,
    can_import: bool,
) -> HttpResponse:
    return render(
        request,
        "reports/report_detail.html",
        {
            "batch": batch,
            "report": report,
            "form_label": FORM_LABELS.get(report.form, ""),
            "tables": display_tables(report.form, report.tables) if report.tables else [],
            "import_form": form,
            "can_import": can_import and report.readable and report.form in FORMS,
        },
    )


@login_required
@require_POST
def import_figures(request: HttpRequest, pk: int, report_id: int) -> HttpResponse:
    user = staff_user(request)
    batch, report = _reviewed(request, pk, report_id)
    agencies = manageable_agencies(user)
    form = ImportFiguresForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            figures = actions.import_historical_figures(
                actor=user,
                agency=form.cleaned_data["agency"],
                reviewed=report,
                replace=form.cleaned_data["replace"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已导入为{figures.agency.name}{figures.year}年的历史数据。")
            return redirect("reports:report_detail", pk=batch.pk, report_id=report.pk)
    return _render_report(request, batch, report, form, can_import=agencies.exists())


@login_required
def figures_detail(request: HttpRequest, pk: int) -> HttpResponse:
    figures = get_figures_for_user(staff_user(request), pk)
    return render(
        request,
        "reports/figures_detail.html",
        {
            "figures": figures,
            "form_label": FORM_LABELS.get(figures.form, ""),
            "tables": display_tables(figures.form, figures.tables),
        },
    )
