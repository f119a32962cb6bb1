"""URLs of the 政府信息公开 pages, in the portal namespace (``portal:disclosure_home``,
``portal:document`` …), added to :mod:`gongkai.portal.urls` as they are: every page
under ``/xxgk/``, and ``/sitemap.xml`` at the site root."""

from django.urls import URLPattern, path

from gongkai.portal import disclosure_views as views
from gongkai.portal.cache import cache_public_page
from gongkai.portal.feeds import AgencyFeed, ColumnFeed
from gongkai.portal.sitemaps import sitemap

PREFIX = "xxgk/"

urlpatterns: list[URLPattern] = [
    path(f"{PREFIX}", views.disclosure_home, name="disclosure_home"),
    path(f"{PREFIX}search/", views.search, name="search"),
    path(f"{PREFIX}documents/<int:pk>/", views.document_detail, name="document"),
    path(f"{PREFIX}documents/<int:pk>/print/", views.document_print, name="document_print"),
    path(f"{PREFIX}attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path(f"{PREFIX}<slug:slug>/", views.agency_disclosure, name="agency_disclosure"),
    path(f"{PREFIX}<slug:slug>/guide/", views.agency_guide, name="agency_guide"),
    path(f"{PREFIX}<slug:slug>/feed/", cache_public_page()(AgencyFeed()), name="agency_feed"),
    path(
        f"{PREFIX}<slug:slug>/columns/<int:pk>/feed/",
        cache_public_page()(ColumnFeed()),
        name="column_feed",
    ),
    path("sitemap.xml", sitemap, name="sitemap"),
]
