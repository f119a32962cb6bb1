"""Back-office pages of the working-day calendar. Everyone logged in may look; only
:func:`~gongkai.workdays.access.can_manage_calendar` users may change anything."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import User
from gongkai.core.auth import staff_user
from gongkai.workdays import actions, csvfile
from gongkai.workdays.access import can_manage_calendar
from gongkai.workdays.calendar import WorkdayCalendar, package_special_days
from gongkai.workdays.forms import CalculateForm, ImportForm, ScheduleDayForm, ScheduleForm
from gongkai.workdays.models import FIRST_YEAR, LAST_YEAR, HolidaySchedule, ScheduleDay
from gongkai.workdays.parsing import parse_date
from gongkai.workdays.years import overview, package_range, year_info

NO_PERMISSION = "只有区政府公开办管理员可以修改节假日安排"


def _manager(request: HttpRequest) -> User:
    user = staff_user(request)
    if not can_manage_calendar(user):
        raise PermissionDenied(NO_PERMISSION)
    return user


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("年份超出范围")


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    first, last = package_range()
    return render(
        request,
        "workdays/schedule_list.html",
        {
            "years": overview(timezone.localdate()),
            "package_first": first,
            "package_last": last,
            "can_manage": can_manage_calendar(staff_user(request)),
        },
    )


@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    info = year_info(year)
    stored = list(info.schedule.days.all()) if info.schedule is not None else []
    stored_dates = {day.date for day in stored}
    official = [(day, day.date in stored_dates) for day in package_special_days(year)]
    can_manage = can_manage_calendar(staff_user(request))
    return render(
        request,
        "workdays/year_detail.html",
        {
            "info": info,
            "year": year,
            "official": official,
            "stored": stored,
            "can_manage": can_manage,
            "notice_form": ScheduleForm(
                initial={"notice": f"国务院办公厅关于{year}年部分节假日安排的通知"}
            )
            if can_manage and info.schedule is None
            else None,
            "day_form": ScheduleDayForm(initial={"is_workday": "0"})
            if can_manage and info.schedule is not None
            else None,
        },
    )


@login_required
def schedule_notice(request: HttpRequest, year: int) -> HttpResponse:
    """Enter a year's schedule (its notice), or change the notice of an entered year."""
    _check_year(year)
    user = _manager(request)
    schedule = HolidaySchedule.objects.filter(year=year).first()
    initial = {"notice": schedule.notice if schedule else ""}
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notice = form.cleaned_data["notice"]
        try:
            if schedule is None:
                actions.create_schedule(actor=user, year=year, notice=notice)
                messages.success(request, f"已录入{year}年节假日安排，请继续添加放假和调休日期。")
            else:
                actions.update_schedule(actor=user, schedule=schedule, notice=notice)
                messages.success(request, "已保存。")
        except actions.ScheduleError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("workdays:year_detail", year=year)
    return render(
        request,
        "workdays/schedule_form.html",
        {"form": form, "year": year, "schedule": schedule},
    )


@login_required
def day_set(request: HttpRequest, year: int) -> HttpResponse:
    """Add a special day to a year's schedule, or change one (``?date=`` to prefill)."""
    _check_year(year)
    user = _manager(request)
    schedule = HolidaySchedule.objects.filter(year=year).first()
    if schedule is None:
        messages.error(request, f"请先录入{year}年节假日安排的依据，再添加日期。")
        return redirect("workdays:year_detail", year=year)
    initial: dict[str, Any] = {"is_workday": "0"}
    day = _day_from_query(schedule, request.GET.get("date", ""))
    if day is not None:
        initial = {"date": day.date, "is_workday": "1" if day.is_workday else "0", "note": day.note}
    form = ScheduleDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_schedule_day(
                actor=user,
                schedule=schedule,
                date=data["date"],
                is_workday=data["is_workday"],
                note=data["note"],
            )
        except actions.ScheduleError as exc:
            form.add_error("date", str(exc))
        else:
            messages.success(request, f"已保存 {data['date']:%Y-%m-%d}。")
            return redirect("workdays:year_detail", year=year)
    return render(
        request, "workdays/day_form.html", {"form": form, "year": year, "schedule": schedule}
    )


def _day_from_query(schedule: HolidaySchedule, text: str) -> ScheduleDay | None:
    try:
        date = parse_date(text)
    except ValueError:
        return None
    return ScheduleDay.objects.filter(schedule=schedule, date=date).first()


@login_required
@require_POST
def day_remove(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    user = _manager(request)
    day = get_object_or_404(ScheduleDay, pk=pk, schedule__year=year)
    actions.remove_schedule_day(actor=user, day=day)
    messages.success(request, f"已删除 {day.date:%Y-%m-%d}，这一天恢复按官方安排或周一至周五计算。")
    return redirect("workdays:year_detail", year=year)


@login_required
def schedule_import(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[csvfile.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.import_schedule_csv(actor=user, data=form.cleaned_data["file"])
        except actions.ScheduleImportError as exc:
            form.add_error(None, str(exc))
            row_errors = exc.errors
        else:
            for year in result.years:
                messages.success(request, f"导入成功。{year}")
            return redirect("workdays:schedule_list")
    return render(
        request,
        "workdays/import.html",
        {"form": form, "row_errors": row_errors, "sample": csvfile.SAMPLE},
    )


@login_required
def import_sample(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        ("\ufeff" + csvfile.SAMPLE).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="holiday-schedule-sample.csv"'
    return response


@login_required
def calculate(request: HttpRequest) -> HttpResponse:
    """The n-th working day after a date (GET, so that a result can be linked to)."""
    form = CalculateForm(request.GET if "start" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = WorkdayCalendar().add(form.cleaned_data["start"], form.cleaned_data["days"])
        except ValueError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "workdays/calculate.html",
        {"form": form, "result": result, "data": form.cleaned_data if result else None},
    )
