from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("created_at", "actor_name", "summary", "object_repr", "agency")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_name", "summary")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
