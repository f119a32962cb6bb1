from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

from gongkai.accounts import throttle
from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency

LOCKED_MESSAGE = "登录失败次数过多，请 {minutes} 分钟后再试。"


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return str(request.META.get("REMOTE_ADDR", "-"))


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系本机关公开办管理员。",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        username = self.data.get("username", "")
        ip = client_ip(self.request)
        if throttle.is_locked(username, ip):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise forms.ValidationError(LOCKED_MESSAGE.format(minutes=minutes), code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, ip)
            raise
        throttle.clear(username, ip)
        return cleaned


class StaffForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收期限提醒")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    roles = forms.MultipleChoiceField(
        label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


class NewStaffForm(StaffForm):
    agency = forms.ModelChoiceField(label="所属机构", queryset=Agency.objects.none())
    username = forms.RegexField(
        label="用户名",
        regex=r"^[A-Za-z0-9._-]{3,40}$",
        error_messages={"invalid": "用户名只能由3—40位字母、数字、点、下划线或连字符组成"},
    )
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput, help_text="至少8位，不能全是数字"
    )

    field_order = ("agency", "username", "full_name", "password", "email", "phone", "roles")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        del self.fields["is_active"]


class ResetPasswordForm(forms.Form):
    password = forms.CharField(
        label="新密码", widget=forms.PasswordInput, help_text="至少8位，不能全是数字"
    )
