"""Annual-report figures computed from the documents (rules.md §3 and §2.3; codes of
shared/spec/report_forms.md). Each function runs a fixed number of aggregate queries
over the agency's whole subtree, whatever the number of documents.

Counting rules:

- 主动公开政府信息数 (legacy 1.1) counts a document once however many channels carried
  it: proactive documents first published in the year (a later withdrawal does not
  undo that they were disclosed — :meth:`DocumentQuerySet.disclosed_in`).
- The channel rows (1.2.1–1.2.5) count distinct documents per channel by the date the
  channel carried them (:attr:`Publication.published_on`), so a document may appear in
  several rows; 1.2.5 counts 其他方式 and 查阅点 together, a document once.
- 制发 / 废止 / 现行有效 of 规章 and 行政规范性文件 (legacy 1.1b, 2021 table 二) follow
  their 印发日期 and 废止日期, whatever the document's workflow status: a normative
  document issued in the year is counted even while its publication is pending.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.publishing.models import (
    CHANNEL_ROWS,
    Disclosure,
    Document,
    Publication,
    Status,
    Validity,
)

LEGACY_CODES = ("1.1", "1.1a", "1.1b", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5")
#: Table-二 cells that documents cannot give (licensing, penalty and coercion decisions,
#: fee income come from the case-handling systems); they are returned as ``None``.
NOT_FROM_DOCUMENTS = (
    "art20_5.licensing",
    "art20_6.penalty",
    "art20_6.coercion",
    "art20_8.fees_10k_yuan",
)


def proactive_legacy(agency: Agency, year: int) -> dict[str, int]:
    """Rows 1.1–1.2.5 of the 2014 form for ``agency`` and everything below it (two
    queries)."""
    totals = (
        Document.objects.in_subtree(agency)
        .disclosed_in(year)
        .aggregate(
            total=Count("id"),
            normative=Count("id", filter=Q(is_normative=True)),
        )
    )
    issued = (
        Document.objects.in_subtree(agency)
        .filter(is_normative=True, issued_on__year=year)
        .aggregate(n=Count("id"))
    )
    channels = _channel_rows(agency, year)
    return {
        "1.1": totals["total"],
        "1.1a": totals["normative"],
        "1.1b": issued["n"],
        **channels,
    }


def _channel_rows(agency: Agency, year: int) -> dict[str, int]:
    rows = sorted(set(CHANNEL_ROWS.values()))
    counts = Publication.objects.filter(
        document__agency__path__startswith=agency.path,
        document__disclosure=Disclosure.PROACTIVE,
        document__status__in=(Status.PUBLISHED, Status.WITHDRAWN),
        published_on__year=year,
    ).aggregate(
        **{
            row: Count(
                "document",
                distinct=True,
                filter=Q(channel__in=[c for c, r in CHANNEL_ROWS.items() if r == row]),
            )
            for row in rows
        }
    )
    return {row: counts[row] for row in rows}


def proactive_2021(agency: Agency, year: int) -> dict[str, int | None]:
    """Table 二 of the 2021 form, as far as documents give it (one query).

    ``art20_1.{regulation,normative}.{issued,repealed,in_force}``: issued = 印发日期 in
    the year; repealed = 废止日期 in the year; in force = issued on or before 31 December
    and neither repealed nor declared 失效 by then. The licensing, penalty, coercion and
    fee cells (:data:`NOT_FROM_DOCUMENTS`) are not counted from documents — they come
    from the systems that handle those cases — and are ``None`` here."""
    end = datetime.date(year, 12, 31)
    ended = Q(repealed_on__lte=end) | Q(
        validity__in=(Validity.EXPIRED, Validity.REPEALED), validity_changed_on__lte=end
    )
    aggregates: dict[str, Any] = {}
    for kind, flag in (("regulation", "is_regulation"), ("normative", "is_normative")):
        mine = Q(**{flag: True})
        aggregates[f"{kind}_issued"] = Count("id", filter=mine & Q(issued_on__year=year))
        aggregates[f"{kind}_repealed"] = Count("id", filter=mine & Q(repealed_on__year=year))
        aggregates[f"{kind}_in_force"] = Count("id", filter=mine & Q(issued_on__lte=end) & ~ended)
    row = (
        Document.objects.in_subtree(agency)
        .filter(Q(is_regulation=True) | Q(is_normative=True))
        .aggregate(**aggregates)
    )
    out: dict[str, int | None] = {}
    for kind in ("regulation", "normative"):
        for column in ("issued", "repealed", "in_force"):
            out[f"art20_1.{kind}.{column}"] = row[f"{kind}_{column}"]
    out.update(dict.fromkeys(NOT_FROM_DOCUMENTS))
    return out


def on_time(agency: Agency, year: int) -> dict[str, Any]:
    """``{"total", "on_time", "late", "rate"}`` of proactive documents published in
    ``year`` within 20 working days of being formed (one query)."""
    return Document.objects.in_subtree(agency).on_time_rate(year)
