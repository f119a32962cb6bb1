"""Atom feeds of the latest public documents, per agency and per 栏目."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.agencies.models import Agency
from gongkai.portal.disclosure_views import (
    ColumnNode,
    column_tree,
    get_public_agency,
    public_documents,
)
from gongkai.publishing.models import Document
from gongkai.publishing.querysets import DocumentQuerySet

FEED_LENGTH = 50
SUMMARY_CHARS = 200


def _latest(documents: DocumentQuerySet) -> list[Document]:
    return list(documents.select_related("agency").order_by("-published_at", "-id")[:FEED_LENGTH])


class _DocumentFeed(Feed[Document, Agency | ColumnNode]):
    feed_type = Atom1Feed

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        text = item.summary or item.body_text
        return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "…"

    def item_link(self, item: Document) -> str:
        return reverse("portal:document", args=[item.pk])

    def item_pubdate(self, item: Document) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Document) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Document) -> str:
        return item.agency.name


class AgencyFeed(_DocumentFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Agency:
        return get_public_agency(slug)

    def title(self, obj: Agency) -> str:
        return f"{obj.name} · 政府信息公开"

    def subtitle(self, obj: Agency) -> str:
        return f"{obj.name}最新主动公开的政府信息"

    def link(self, obj: Agency) -> str:
        return reverse("portal:agency_disclosure", args=[obj.slug])

    def items(self, obj: Agency) -> list[Document]:
        return _latest(public_documents().filter(agency=obj))


class ColumnFeed(_DocumentFeed):
    def get_object(self, request: HttpRequest, slug: str, pk: int) -> ColumnNode:
        agency = get_public_agency(slug)
        node = next((c for c in column_tree(agency) if c.pk == pk), None)
        if node is None:
            raise Http404("没有找到该栏目")
        node.column.agency = agency
        return node

    def title(self, obj: ColumnNode) -> str:
        return f"{obj.column.agency.name} · {obj.name}"

    def subtitle(self, obj: ColumnNode) -> str:
        return f"{obj.column.agency.name}“{obj.name}”栏目最新公开的政府信息"

    def link(self, obj: ColumnNode) -> str:
        url = reverse("portal:agency_disclosure", args=[obj.column.agency.slug])
        return f"{url}?column={obj.pk}"

    def items(self, obj: ColumnNode) -> list[Document]:
        return _latest(public_documents().filter(column__in=obj.ids))
