"""The project's URLs plus the pages these tests need, whether or not they are mounted
in ``gongkai/urls.py`` yet (used with ``@pytest.mark.urls``)."""

from django.urls import URLResolver, include, path

import gongkai.urls

_mounted = {p.namespace for p in gongkai.urls.urlpatterns if isinstance(p, URLResolver)}

urlpatterns = list(gongkai.urls.urlpatterns)
if "publishing_channels" not in _mounted:
    urlpatterns.append(path("workbench/publishing/", include("gongkai.publishing.urls_channels")))
if "publishing" not in _mounted:
    urlpatterns.append(path("workbench/documents/", include("gongkai.publishing.urls")))
