from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies import actions
from gongkai.agencies.access import (
    can_manage_agency,
    get_agency_for_user,
    manageable_agencies,
    visible_agencies,
)
from gongkai.agencies.forms import AgencyForm, AgencyImportForm, ReadingPointForm
from gongkai.agencies.importer import TEMPLATE_HEADER, import_agencies
from gongkai.agencies.models import Agency, ReadingPoint
from gongkai.agencies.querysets import in_tree_order
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error
from gongkai.reports.models import HistoricalFigures


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    agencies = (
        visible_agencies(user)
        .select_related("parent")
        .annotate(reading_point_count=Count("reading_points", distinct=True))
    )
    return render(
        request,
        "agencies/agency_list.html",
        {"agencies": in_tree_order(agencies), "can_import": manageable_agencies(user).exists()},
    )


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, pk)
    children = visible_agencies(user).filter(parent=agency).order_by("sort_order", "id")
    staff = agency.users.filter(is_active=True).prefetch_related("role_grants").order_by("username")
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "children": children,
            "reading_points": agency.reading_points.all(),
            "historical_figures": HistoricalFigures.objects.filter(agency=agency).order_by("-year"),
            "staff": staff,
            "can_manage": can_manage_agency(user, agency),
        },
    )


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    parents = manageable_agencies(user)
    if not parents.exists():
        raise PermissionDenied("您没有新建机构的权限")
    initial = {"parent": request.GET.get("parent")}
    form = AgencyForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "parent"}
        try:
            agency = actions.create_agency(actor=user, parent=form.cleaned_data["parent"], **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已新建机构“{agency.name}”。")
            return redirect("agencies:detail", pk=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": None})


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, pk, change=True)
    # An administrator may move an agency only between agencies they manage; their own
    # agency (whose parent is above them) and a top-level government stay where they are.
    movable = agency.parent is not None and can_manage_agency(user, agency.parent)
    parents = (
        manageable_agencies(user).exclude(path__startswith=agency.path)
        if movable
        else Agency.objects.filter(pk=agency.parent.pk)
        if agency.parent is not None
        else Agency.objects.none()
    )
    form = AgencyForm(request.POST or None, instance=agency, parents=parents)
    form.fields["parent"].disabled = not movable
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_agency(actor=user, agency=agency, data=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "机构信息已保存。")
            return redirect("agencies:detail", pk=agency.pk)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency})


@login_required
def reading_point_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, pk, change=True)
    form = ReadingPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_reading_point(actor=user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已新增查阅点。")
            return redirect("agencies:detail", pk=agency.pk)
    return render(
        request, "agencies/reading_point_form.html", {"form": form, "agency": agency, "point": None}
    )


@login_required
def reading_point_edit(request: HttpRequest, pk: int, point_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, pk, change=True)
    point = get_object_or_404(ReadingPoint, pk=point_id, agency=agency)
    form = ReadingPointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_reading_point(actor=user, point=point, data=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "查阅点已保存。")
            return redirect("agencies:detail", pk=agency.pk)
    return render(
        request,
        "agencies/reading_point_form.html",
        {"form": form, "agency": agency, "point": point},
    )


@login_required
@require_POST
def reading_point_delete(request: HttpRequest, pk: int, point_id: int) -> HttpResponse:
    user = staff_user(request)
    agency = get_agency_for_user(user, pk, change=True)
    point = get_object_or_404(ReadingPoint, pk=point_id, agency=agency)
    actions.remove_reading_point(actor=user, point=point)
    messages.success(request, f"已删除查阅点“{point.name}”。")
    return redirect("agencies:detail", pk=agency.pk)


@login_required
def agency_import(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not manageable_agencies(user).exists():
        raise PermissionDenied("您没有导入机构的权限")
    form = AgencyImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_agencies(actor=user, data=upload.read(), filename=upload.name)
        if result.ok:
            messages.success(request, f"导入成功，共新建 {len(result.created)} 个机构。")
            return redirect("agencies:list")
        errors = result.errors
    return render(
        request,
        "agencies/agency_import.html",
        {"form": form, "errors": errors, "header": TEMPLATE_HEADER},
    )


@login_required
def agency_import_template(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(
        [
            "中卫市沙坡头区示例局",
            "示例局",
            "spt-example",
            "政府部门",
            "spt",
            "",
            "办公室",
            "中卫市沙坡头区示例路1号",
            "755000",
            "工作日 8:30-12:00，14:30-18:00",
            "0955-0000000",
            "",
            "",
            "示例局政府信息查阅点",
            "示例局一楼大厅",
            "工作日",
        ]
    )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agencies-template.csv"'
    return response
