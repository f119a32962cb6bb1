from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.backoffice import history, todos
from gongkai.core.auth import staff_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    from gongkai.workdays.calendar import day_status

    status = day_status(today)
    return render(
        request,
        "backoffice/home.html",
        {
            "today": today,
            "today_is_workday": status.is_workday,
            "todos": todos.todos_for(user, today),
        },
    )


@login_required
def record_history(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    entry = history.lookup(label)
    obj = entry.getter(staff_user(request), pk)
    events = Event.objects.for_object(obj).select_related("content_type")
    return render(
        request,
        "backoffice/history.html",
        {"object": obj, "events": events, "back_url": entry.back_url(obj)},
    )
