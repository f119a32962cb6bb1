"""Queries over many applications."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency

#: Kept in step with :data:`gongkai.applications.models.OPEN` (models imports this module).
_OPEN = ("pending", "processing", "correction", "consultation", "extended", "awaiting_fee")


class ApplicationQuerySet(models.QuerySet[Any]):
    def in_subtree(self, agency: Agency) -> ApplicationQuerySet:
        return self.filter(agency__path__startswith=agency.path)

    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=_OPEN)

    def received_in(self, year: int) -> ApplicationQuerySet:
        return self.filter(received_on__year=year)

    def closed_in(self, year: int) -> ApplicationQuerySet:
        return self.filter(closed_on__year=year)

    def open_at_end_of(self, year: int) -> ApplicationQuerySet:
        """Received by 31 December of ``year`` and not decided by then: carried forward
        to the next year (and carried over into it)."""
        end = datetime.date(year, 12, 31)
        return self.filter(received_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=end)
        )

    def alerting(self, until: datetime.date) -> ApplicationQuerySet:
        """Open cases whose next deadline falls on or before ``until`` (overdue included)."""
        return self.filter(status__in=_OPEN, alert_due_on__isnull=False, alert_due_on__lte=until)
