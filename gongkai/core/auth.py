from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from gongkai.accounts.models import User


def staff_user(request: HttpRequest) -> User:
    """The logged-in user, typed (views are behind ``login_required``)."""
    return cast(User, request.user)
