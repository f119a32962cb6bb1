"""The audit trail: one append-only event table used by every app.

Each row says who did what to which record, when, and which fields changed
(before/after). It is also the timeline users see on a record's history page.
Events are never edited or deleted through the application: ``save`` refuses
updates, ``delete`` and bulk ``update``/``delete`` raise.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ImmutableEventError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableEventError("审计记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableEventError("审计记录不可删除")

    def for_object(self, obj: models.Model) -> EventQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_pk=str(obj.pk),
        )


class Event(models.Model):
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="记录类型", on_delete=models.PROTECT, related_name="+"
    )
    object_pk = models.CharField("记录编号", max_length=64)
    object_repr = models.CharField("记录名称", max_length=200)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作代码", max_length=64)
    summary = models.CharField("操作", max_length=200)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    objects: ClassVar[EventQuerySet] = EventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ("-created_at", "-id")
        indexes = (
            models.Index(fields=("content_type", "object_pk", "created_at"), name="event_object"),
        )

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableEventError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableEventError("审计记录不可删除")

    def change_rows(self) -> list[tuple[str, dict[str, Any]]]:
        """The changed fields in the model's field order (PostgreSQL's jsonb does not keep
        the order the keys were written in); keys that are not fields come last."""
        model = self.content_type.model_class()
        names = [f.name for f in model._meta.get_fields()] if model is not None else []
        position = {name: i for i, name in enumerate(names)}
        return sorted(
            self.changes.items(), key=lambda item: (position.get(item[0], 10**6), item[0])
        )
