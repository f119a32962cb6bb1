"""Agencies (行政机关) in a tree: city → district → departments and townships.

The tree is stored as a parent link plus a materialised ``path`` of zero-padded primary
keys (``/00000001/00000004/``) so that a subtree is one indexed ``startswith`` query.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.lib.codes import CodeError, validate_agency_code


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    TOWNSHIP = "township", "乡镇街道"
    OTHER = "other", "其他"


def validate_code_field(value: str) -> None:
    try:
        validate_agency_code(value)
    except CodeError as exc:
        raise ValidationError(str(exc), code="invalid_code") from None


def path_segment(pk: int) -> str:
    """One level of ``Agency.path``: the key zero-padded, so that ordering by ``path``
    lists a parent before its children and ``/…/2/`` before ``/…/10/``."""
    return f"{pk:08d}"


class Agency(models.Model):
    name = models.CharField("机构全称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    slug = models.SlugField("标识", max_length=40, unique=True, help_text="用于网址，如 spt-czj")
    kind = models.CharField("机构类型", max_length=20, choices=AgencyKind.choices)
    code = models.CharField(
        "统一社会信用代码/组织机构代码",
        max_length=18,
        blank=True,
        validators=[validate_code_field],
        help_text="18位统一社会信用代码或9位组织机构代码",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=50, blank=True)
    office_fax = models.CharField("传真", max_length=50, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)

    objects: ClassVar[AgencyQuerySet] = AgencyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ("path",)
        constraints = (
            models.UniqueConstraint(
                fields=("code",), condition=~models.Q(code=""), name="unique_agency_code"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> AgencyQuerySet:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Agency.objects.filter(pk__in=ids).exclude(pk=self.pk).order_by("depth")

    def subtree(self) -> AgencyQuerySet:
        """This agency and everything below it."""
        return Agency.objects.filter(path__startswith=self.path)

    def is_within(self, other: Agency) -> bool:
        """True when this agency is ``other`` or below it."""
        return self.path.startswith(other.path)


class ReadingPoint(models.Model):
    """A 政府信息查阅点 where the public can read disclosed information."""

    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.CASCADE, related_name="reading_points"
    )
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    hours = models.CharField("开放时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "政府信息查阅点"
        verbose_name_plural = "政府信息查阅点"
        ordering = ("agency", "sort_order", "id")

    def __str__(self) -> str:
        return self.name
