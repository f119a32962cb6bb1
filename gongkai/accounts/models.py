"""Users belong to one agency and hold roles within it."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "公开办管理员"
    PUBLISHER = "publisher", "信息发布员"
    REVIEWER = "reviewer", "保密审查员"
    HANDLER = "handler", "依申请办理人"
    APPROVER = "approver", "审批领导"
    READONLY = "readonly", "只读"


#: Roles whose holder sees the whole subtree below their agency (the others see
#: their own agency only). Only OFFICE_ADMIN may change records across the subtree.
SUBTREE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.READONLY})


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.role_set]


class RoleGrant(models.Model):
    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = (models.UniqueConstraint(fields=("user", "role"), name="unique_user_role"),)

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
