"""Back-office pages where office administrators manage their units' staff accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.accounts import actions
from gongkai.accounts.access import get_staff_for_user, manageable_staff, visible_staff
from gongkai.accounts.forms import NewStaffForm, ResetPasswordForm, StaffForm
from gongkai.agencies.access import manageable_agencies
from gongkai.core.auth import staff_user
from gongkai.core.forms import apply_validation_error


def _password_field(form: Form) -> str | None:
    """Password-validator messages belong next to the password box."""
    return "password" if "password" in form.fields else None


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = staff_user(request)
    people = (
        visible_staff(actor)
        .select_related("agency")
        .prefetch_related("role_grants")
        .order_by("agency__path", "username")
    )
    manageable_ids = set(manageable_staff(actor).values_list("pk", flat=True))
    return render(
        request,
        "accounts/staff_list.html",
        {
            "people": people,
            "manageable_ids": manageable_ids,
            "can_create": manageable_agencies(actor).exists(),
        },
    )


@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    actor = staff_user(request)
    agencies = manageable_agencies(actor)
    if not agencies.exists():
        raise PermissionDenied("您没有新建账号的权限")
    form = NewStaffForm(
        request.POST or None, agencies=agencies, initial={"agency": request.GET.get("agency")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.create_staff_user(
                actor=actor,
                agency=data["agency"],
                username=data["username"],
                password=data["password"],
                roles=data["roles"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field=_password_field(form))
        else:
            messages.success(request, f"已新建账号 {user.username}。")
            return redirect("staff:list")
    return render(request, "accounts/staff_form.html", {"form": form, "person": None})


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_user(request)
    person = get_staff_for_user(actor, pk, change=True)
    initial = {
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "is_active": person.is_active,
        "roles": sorted(person.role_set),
    }
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_staff_user(actor=actor, user=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field=_password_field(form))
        else:
            messages.success(request, f"账号 {person.username} 已保存。")
            return redirect("staff:list")
    return render(request, "accounts/staff_form.html", {"form": form, "person": person})


@login_required
def staff_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_user(request)
    person = get_staff_for_user(actor, pk, change=True)
    form = ResetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reset_password(actor=actor, user=person, password=form.cleaned_data["password"])
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field=_password_field(form))
        else:
            messages.success(
                request, f"账号 {person.username} 的密码已重置，请通知本人登录后修改。"
            )
            return redirect("staff:list")
    return render(request, "accounts/staff_password.html", {"form": form, "person": person})
