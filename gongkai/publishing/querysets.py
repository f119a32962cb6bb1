"""Queries over many documents; the annual-report counts are computed here, in the
database."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Q

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency


class DocumentQuerySet(models.QuerySet[Any]):
    def in_subtree(self, agency: Agency) -> DocumentQuerySet:
        return self.filter(agency__path__startswith=agency.path)

    def public(self) -> DocumentQuerySet:
        """What the portal lists: proactive documents currently published."""
        return self.filter(status="published", disclosure="proactive")

    def disclosed(self) -> DocumentQuerySet:
        """Proactive documents that were published (a later withdrawal does not undo
        that they were disclosed)."""
        return self.filter(
            status__in=("published", "withdrawn"),
            disclosure="proactive",
            published_at__isnull=False,
        )

    def disclosed_in(self, year: int) -> DocumentQuerySet:
        return self.disclosed().filter(published_at__year=year)

    def due_between(self, start: datetime.date, end: datetime.date) -> DocumentQuerySet:
        """Proactive documents not yet published whose deadline falls in [start, end]."""
        return self.filter(
            disclosure="proactive",
            status__in=("draft", "in_review", "in_approval", "scheduled"),
            due_on__gte=start,
            due_on__lte=end,
        )

    def overdue(self, today: datetime.date) -> DocumentQuerySet:
        return self.filter(
            disclosure="proactive",
            status__in=("draft", "in_review", "in_approval", "scheduled"),
            due_on__lt=today,
        )

    def on_time_rate(self, year: int) -> dict[str, Any]:
        """``{"total", "on_time", "late", "rate"}`` for proactive documents published
        in ``year`` that have a deadline (rate in percent, ``None`` when none)."""
        row = (
            self.disclosed_in(year)
            .filter(on_time__isnull=False)
            .aggregate(
                total=Count("id"),
                on_time=Count("id", filter=Q(on_time=True)),
            )
        )
        total, on_time = row["total"] or 0, row["on_time"] or 0
        rate = round(100 * on_time / total, 1) if total else None
        return {"total": total, "on_time": on_time, "late": total - on_time, "rate": rate}
