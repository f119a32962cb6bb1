from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gongkai.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "full_name", "agency", "is_active")
    list_filter = ("is_active", "role_grants__role")
    search_fields = ("username", "full_name", "agency__name")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("机构", {"fields": ("full_name", "phone", "agency")}),
    )
    inlines = (RoleGrantInline,)
