"""sitemap.xml: the disclosure landing page, each active agency's 公开目录 and (when
published) 公开指南, and every public document with its last change.

Written as a plain view and template so it needs no ``django.contrib.sitemaps`` (nor
``django.contrib.sites``). One file holds up to 50,000 addresses, far more than a
district publishes; a sitemap index would be the next step if that ever changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import in_tree_order
from gongkai.portal.cache import cache_public_page
from gongkai.portal.disclosure_views import public_documents
from gongkai.publishing.models import Guide

MAX_URLS = 50_000


@dataclass(frozen=True)
class SitemapUrl:
    location: str
    lastmod: datetime.date | None = None


def sitemap_urls(request: HttpRequest) -> Iterator[SitemapUrl]:
    absolute = request.build_absolute_uri
    yield SitemapUrl(absolute(reverse("portal:disclosure_home")))
    agencies = Agency.objects.active().annotate(
        has_guide=Exists(Guide.objects.filter(agency=OuterRef("pk"), is_published=True))
    )
    for agency in in_tree_order(agencies.only("pk", "parent_id", "slug", "sort_order")):
        yield SitemapUrl(absolute(reverse("portal:agency_disclosure", args=[agency.slug])))
        if agency.has_guide:  # type: ignore[attr-defined]
            yield SitemapUrl(absolute(reverse("portal:agency_guide", args=[agency.slug])))
    documents = public_documents().order_by("-published_at", "-id").values_list("pk", "updated_at")
    for pk, updated_at in documents[: MAX_URLS - 1000].iterator(chunk_size=2000):
        yield SitemapUrl(
            absolute(reverse("portal:document", args=[pk])), timezone.localdate(updated_at)
        )


@require_safe
@cache_public_page(timeout=3600)
def sitemap(request: HttpRequest) -> HttpResponse:
    xml = render_to_string("portal/disclosure/sitemap.xml", {"urls": sitemap_urls(request)})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
