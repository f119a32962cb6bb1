"""Disclosure on request (依申请公开) through the JSON API, mounted at
``/api/v1/applications``.

Public (no login): ``POST /track`` (the tracking page's answer), ``POST /submit`` (an
online application), ``GET /deadline`` (the statutory dates for a receipt date) and the
signed PDF links of the notices that ``/track`` lists.

Staff: the back office's work, one endpoint per action of
:mod:`gongkai.applications.actions`. They authenticate with the back-office session
(``django_auth``: the session cookie plus the CSRF token in ``X-CSRFToken`` on every
POST/PUT/DELETE). Cases are found with :mod:`gongkai.applications.access` exactly as the
pages find them: another agency's case is 404, seeing without the right to handle is 403.

Errors are ``{"detail": 中文说明, "errors": {字段: 说明}}``: 400 a step the rules refuse,
403, 404, 409 a step not allowed from the case's (or letter's) current status, 422 bad
fields, 429 too many requests.

The endpoints live in :mod:`.public`, :mod:`.cases` and :mod:`.records` (each its own
router, mounted here in that order, which is the order of the OpenAPI document);
:mod:`.common` holds the error answers and the serialisers.
"""

from ninja import Router

from gongkai.applications.api import cases, public, records

router = Router(tags=["依申请公开"])
router.add_router("", public.router)
router.add_router("", cases.router)
router.add_router("", records.router)
