"""The 政府公报: published documents compiled into a numbered issue (2018年第3期).

An issue is edited (documents added, removed, put in order) while it is 编辑中; while
it is edited its documents are only a list on the issue and count nowhere. Publishing
it prints the PDF and records one gazette :class:`Publication` per document — those
are what the annual report counts. A published issue is never edited again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.publishing import printing
from gongkai.publishing.models import (
    Channel,
    Document,
    GazetteIssue,
    GazetteStatus,
    Publication,
)
from gongkai.publishing.querysets import DocumentQuerySet

FIRST_YEAR = 1990
MAX_NUMBER = 999
MAX_DOCUMENTS = 200
ISSUE_FIELDS = ("agency", "year", "number", "status", "published_on")


class GazetteError(Exception):
    """A gazette step that cannot be taken; the message is for the user."""


def _log(
    actor: User | None,
    issue: GazetteIssue,
    action: str,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> None:
    record_event(
        actor=actor,
        obj=issue,
        action=f"publishing.gazette_{action}",
        summary=summary,
        changes=changes,
        agency=issue.agency,
    )


def _locked(issue: GazetteIssue) -> GazetteIssue:
    return GazetteIssue.objects.select_for_update().select_related("agency").get(pk=issue.pk)


def _editable(issue: GazetteIssue) -> GazetteIssue:
    issue = _locked(issue)
    if issue.status != GazetteStatus.DRAFT:
        raise GazetteError(f"{issue}已出版，不能再修改")
    return issue


def _quoted(titles: Iterable[str]) -> str:
    return "、".join(f"“{t}”" for t in titles)


def issue_label(issue: GazetteIssue) -> str:
    return f"{issue.year}年第{issue.number}期"


def next_number(agency: Agency, year: int) -> int:
    last = GazetteIssue.objects.filter(agency=agency, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def eligible_documents(agency: Agency) -> DocumentQuerySet:
    """What an agency's gazette may carry: published proactive documents of its subtree."""
    return Document.objects.public().in_subtree(agency)


def issue_documents(issue: GazetteIssue) -> list[Document]:
    """The issue's documents in order: its gazette publications once published, the
    edited list before."""
    if issue.status == GazetteStatus.PUBLISHED:
        items = (
            Publication.objects.filter(gazette_issue=issue)
            .select_related("document__agency")
            .order_by("position", "id")
        )
        return [item.document for item in items]
    ids = [int(pk) for pk in issue.document_ids]
    found = Document.objects.select_related("agency").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def document_counts(issues: Iterable[GazetteIssue]) -> dict[int, int]:
    """How many documents each issue carries (published: its gazette publications)."""
    issues = list(issues)
    counts = {i.pk: len(i.document_ids) for i in issues if i.status == GazetteStatus.DRAFT}
    published = [i.pk for i in issues if i.status == GazetteStatus.PUBLISHED]
    rows = (
        Publication.objects.filter(gazette_issue__in=published)
        .values("gazette_issue")
        .annotate(n=Count("id"))
        .values_list("gazette_issue", "n")
    )
    counts.update(dict(rows))
    return counts


def candidates(issue: GazetteIssue, query: str = "") -> DocumentQuerySet:
    """Documents that may still be added to ``issue``, newest first, optionally
    matching ``query`` in the title or 索引号."""
    qs = eligible_documents(issue.agency).exclude(pk__in=issue.document_ids)
    query = query.strip()
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(index_no__icontains=query))
    return qs.select_related("agency").order_by("-published_at", "-id")


@transaction.atomic
def create_issue(
    *, actor: User | None, agency: Agency, year: int, number: int | None = None
) -> GazetteIssue:
    """Open a new issue for editing; without ``number`` it takes the year's next one."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year + 1:
        raise GazetteError(f"年份应在 {FIRST_YEAR} 年至 {this_year + 1} 年之间")
    # Serialise numbering per agency: two people opening "the next issue" at once get
    # consecutive numbers instead of a unique-constraint error.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    if number is None:
        number = next_number(agency, year)
    if not 1 <= number <= MAX_NUMBER:
        raise GazetteError(f"期号应在 1 至 {MAX_NUMBER} 之间")
    if GazetteIssue.objects.filter(agency=agency, year=year, number=number).exists():
        raise GazetteError(f"{agency.name}政府公报{year}年第{number}期已存在")
    issue = GazetteIssue.objects.create(agency=agency, year=year, number=number)
    _log(
        actor,
        issue,
        "created",
        f"新建政府公报{issue_label(issue)}",
        changes=diff({}, snapshot(issue, ISSUE_FIELDS), GazetteIssue),
    )
    return issue


@transaction.atomic
def add_documents(
    *, actor: User | None, issue: GazetteIssue, documents: Iterable[Document]
) -> GazetteIssue:
    """Add documents at the end of the issue. Each must be a published proactive
    document of the issue's agency or one below it, and appear once."""
    issue = _editable(issue)
    wanted: list[int] = []
    title: dict[int, str] = {}
    for document in documents:
        if document.pk in wanted:
            raise GazetteError(f"“{document.title}”重复选择了")
        wanted.append(document.pk)
        title[document.pk] = document.title
    if not wanted:
        raise GazetteError("请选择要收录的信息")
    current = [int(pk) for pk in issue.document_ids]
    already = [title[pk] for pk in wanted if pk in current]
    if already:
        raise GazetteError(f"已收录在本期：{_quoted(already)}")
    allowed = eligible_documents(issue.agency).in_bulk(wanted)
    refused = [title[pk] for pk in wanted if pk not in allowed]
    if refused:
        raise GazetteError(
            f"只能收录本机构及下级机构已发布的主动公开信息，以下信息不符合：{_quoted(refused)}"
        )
    if len(current) + len(wanted) > MAX_DOCUMENTS:
        raise GazetteError(f"每期最多收录 {MAX_DOCUMENTS} 条信息")
    issue.document_ids = current + wanted
    issue.save(update_fields=["document_ids"])
    titles = _quoted([allowed[pk].title for pk in wanted])
    _log(actor, issue, "documents_added", f"{issue_label(issue)}收录 {len(wanted)} 条：{titles}")
    return issue


@transaction.atomic
def remove_document(*, actor: User | None, issue: GazetteIssue, document: Document) -> GazetteIssue:
    issue = _editable(issue)
    current = [int(pk) for pk in issue.document_ids]
    if document.pk not in current:
        raise GazetteError(f"“{document.title}”不在本期中")
    current.remove(document.pk)
    issue.document_ids = current
    issue.save(update_fields=["document_ids"])
    _log(actor, issue, "document_removed", f"{issue_label(issue)}移除“{document.title}”")
    return issue


@transaction.atomic
def reorder(*, actor: User | None, issue: GazetteIssue, order: Sequence[int]) -> GazetteIssue:
    """Put the issue's documents in ``order`` (every one of them, each once)."""
    issue = _editable(issue)
    current = [int(pk) for pk in issue.document_ids]
    order = [int(pk) for pk in order]
    if sorted(order) != sorted(current):
        raise GazetteError("排序须包含本期的全部信息，且每条只出现一次")
    if order != current:
        issue.document_ids = order
        issue.save(update_fields=["document_ids"])
        _log(
            actor,
            issue,
            "reordered",
            f"调整{issue_label(issue)}的信息顺序",
            changes={"document_ids": {"label": "收录信息", "before": current, "after": order}},
        )
    return issue


def move_document(
    *, actor: User | None, issue: GazetteIssue, document: Document, by: int
) -> GazetteIssue:
    """Move one document ``by`` places (−1 up, +1 down); at either end nothing moves."""
    current = [int(pk) for pk in issue.document_ids]
    if document.pk not in current:
        raise GazetteError(f"“{document.title}”不在本期中")
    index = current.index(document.pk)
    target = max(0, min(len(current) - 1, index + by))
    current.insert(target, current.pop(index))
    return reorder(actor=actor, issue=issue, order=current)


@transaction.atomic
def publish_issue(
    *, actor: User | None, issue: GazetteIssue, published_on: datetime.date
) -> GazetteIssue:
    """出版: print the PDF and record a gazette publication for each document."""
    issue = _editable(issue)
    documents = issue_documents(issue)
    if not documents:
        raise GazetteError("本期尚未收录任何信息，不能出版")
    if published_on > timezone.localdate():
        raise GazetteError("出版日期不能晚于今天")
    public = set(eligible_documents(issue.agency).filter(pk__in=[d.pk for d in documents]))
    gone = [d for d in documents if d not in public]
    if len(documents) != len(issue.document_ids) or gone:
        titles = _quoted(d.title for d in gone) or "部分信息已删除"
        raise GazetteError(f"以下信息已撤回或不再公开，请先从本期移除：{titles}")
    for document in documents:
        if document.published_at is None:
            continue
        day = timezone.localtime(document.published_at).date()
        if published_on < day:
            raise GazetteError(
                f"出版日期不能早于所收录信息的发布日期（“{document.title}”于"
                f"{day.year}年{day.month}月{day.day}日发布）"
            )
    before = snapshot(issue, ISSUE_FIELDS)
    issue.status = GazetteStatus.PUBLISHED
    issue.published_on = published_on
    pdf = printing.gazette_pdf(issue, documents)
    label = issue_label(issue)
    Publication.objects.bulk_create(
        Publication(
            document=document,
            channel=Channel.GAZETTE,
            published_on=published_on,
            reference=label,
            gazette_issue=issue,
            position=position,
            recorded_by=actor,
        )
        for position, document in enumerate(documents, start=1)
    )
    for document in documents:
        record_event(
            actor=actor,
            obj=document,
            action="publishing.channel_recorded",
            summary=f"登记发布渠道：政府公报 {published_on.isoformat()}（{label}）",
            agency=document.agency,
        )
    issue.pdf.save(
        f"gazette-{issue.agency_id}-{issue.year}-{issue.number}.pdf", ContentFile(pdf), save=False
    )
    issue.save(update_fields=["status", "published_on", "pdf"])
    _log(
        actor,
        issue,
        "published",
        f"出版政府公报{label}，收录 {len(documents)} 条信息",
        changes=diff(before, snapshot(issue, ISSUE_FIELDS), GazetteIssue),
    )
    return issue
