from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)

    def roots(self) -> AgencyQuerySet:
        return self.filter(parent__isnull=True)

    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        return self.filter(path__startswith=agency.path)


def in_tree_order(agencies: Iterable[Agency]) -> list[Agency]:
    """Agencies depth-first, siblings by (sort_order, id): the order people expect in a
    tree (``path`` compares as text, so ``/1/10/`` would sort before ``/1/2/``)."""
    items = list(agencies)
    ids = {a.pk for a in items}
    children: dict[int | None, list[Agency]] = {}
    for agency in items:
        parent = agency.parent_id if agency.parent_id in ids else None
        children.setdefault(parent, []).append(agency)
    for group in children.values():
        group.sort(key=lambda a: (a.sort_order, a.pk))
    ordered: list[Agency] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        agency = stack.pop()
        ordered.append(agency)
        stack.extend(reversed(children.get(agency.pk, [])))
    return ordered
