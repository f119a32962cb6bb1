"""Column freshness (栏目更新检查, rules.md §5.1–5.2).

A column "should be updated" within a period set by its class: 动态要闻 2 weeks,
通知公告/政策文件 6 months, 人事/规划计划 1 year (UNCONFIRMED, a setting); 其他 has no
period. A column's latest update is the newest document currently published in it or in
its active sub-columns. A *blank* column is an active leaf column that never carried a
published document. Per agency the three 单项否决 thresholds of 国办秘函〔2019〕19号
are checked (our reading — DERIVED: leaf columns are counted so that a parent and its
children do not count twice, except that rule 1 names first-level notice/policy columns):

1. news columns not updated in 2 weeks + first-level notice/policy columns not updated
   in 6 months, together ≥ 5;
2. ≥ 10 leaf columns that should be updated and are not (blank ones included);
3. ≥ 5 blank columns.

Everything is computed from two queries (the columns, one aggregate over documents).
The daily job is :func:`run_inspection`; the home-page to-do is :func:`freshness_todos`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.agencies.access import manageable_agencies
from gongkai.agencies.models import Agency
from gongkai.backoffice.todos import Todo
from gongkai.publishing.models import Column, Disclosure, Document, Freshness, Status

VETO_NEWS_AND_NOTICE = 5
VETO_NOT_UPDATED = 10
VETO_BLANK = 5
#: More agencies at veto level than this are summed up in one to-do.
MAX_AGENCY_TODOS = 3

_SETTINGS = {
    Freshness.NEWS: ("GONGKAI_FRESHNESS_DAYS_NEWS", 14),
    Freshness.NOTICE_POLICY: ("GONGKAI_FRESHNESS_DAYS_NOTICE_POLICY", 183),
    Freshness.PERSONNEL_PLAN: ("GONGKAI_FRESHNESS_DAYS_PERSONNEL_PLAN", 365),
}


def period_days(freshness: str) -> int | None:
    """Days within which a column of this class must be updated (None: no period)."""
    if freshness not in _SETTINGS:
        return None
    name, default = _SETTINGS[Freshness(freshness)]
    return int(getattr(settings, name, default))


@dataclass
class ColumnFacts:
    """What the checks know about one column."""

    column: Column
    path: str
    depth: int
    #: sorts columns depth-first, siblings by (sort_order, id)
    tree_key: tuple[tuple[int, int], ...] = ()
    is_leaf: bool = True
    published: int = 0  #: documents currently published directly in this column
    documents: int = 0  #: documents of any status directly in this column
    ever_published: bool = False
    last_published_at: datetime.datetime | None = None  #: newest in the active subtree
    period: int | None = None
    days_since: int | None = None
    stale: bool = False
    blank: bool = False

    @property
    def status_label(self) -> str:
        if not self.column.is_active:
            return "已停用"
        if self.blank:
            return "空白栏目"
        if self.stale:
            return "超期未更新"
        return "正常"

    @property
    def last_published_on(self) -> datetime.date | None:
        if self.last_published_at is None:
            return None
        return timezone.localtime(self.last_published_at).date()


@dataclass(frozen=True)
class StaleColumn:
    """A column flagged by the check: not updated within its period, blank, or both."""

    column: Column
    agency: Agency
    path: str
    is_stale: bool
    is_blank: bool
    is_leaf: bool
    depth: int
    period: int | None
    last_published_on: datetime.date | None
    days_since: int | None

    @property
    def reason(self) -> str:
        label = Freshness(self.column.freshness).label.split("（")[0]
        if self.is_blank:
            period = f"（{label}，应 {self.period} 天内更新）" if self.is_stale else ""
            return f"空白栏目：从未发布过信息{period}"
        if self.last_published_on is None:
            return f"{label}栏目，目前没有在发布的信息（应 {self.period} 天内更新）"
        return f"{label}栏目，已 {self.days_since} 天未更新（应 {self.period} 天内更新）"


@dataclass
class AgencyFreshness:
    agency: Agency
    columns: list[StaleColumn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_veto(self) -> bool:
        return bool(self.warnings)

    @property
    def stale_count(self) -> int:
        return sum(1 for c in self.columns if c.is_stale)

    @property
    def blank_count(self) -> int:
        return sum(1 for c in self.columns if c.is_blank)


def column_facts(columns: Sequence[Column], today: datetime.date) -> dict[int, ColumnFacts]:
    """Facts for ``columns`` (all columns of the agencies concerned, active or not, with
    ``parent`` loaded), from one aggregate query over their documents."""
    by_pk = {c.pk: c for c in columns}
    rows = (
        Document.objects.filter(column__in=list(by_pk))
        .values("column")
        .annotate(
            documents=Count("id"),
            published=Count("id", filter=_public()),
            ever=Count("id", filter=_disclosed()),
            last=Max("published_at", filter=_public()),
        )
        .order_by()
    )
    stats = {row["column"]: row for row in rows}
    facts: dict[int, ColumnFacts] = {}
    for column in columns:
        names: list[str] = []
        keys: list[tuple[int, int]] = []
        node: Column | None = column
        depth = 0
        while node is not None and depth <= 5:
            names.append(node.name)
            keys.append((node.sort_order, node.pk))
            node = by_pk.get(node.parent_id) if node.parent_id is not None else None
            depth += 1
        row = stats.get(column.pk, {})
        facts[column.pk] = ColumnFacts(
            column=column,
            path=" › ".join(reversed(names)),
            depth=depth,
            tree_key=tuple(reversed(keys)),
            published=row.get("published", 0),
            documents=row.get("documents", 0),
            ever_published=bool(row.get("ever")) or column.last_published_at is not None,
            last_published_at=row.get("last"),
            period=period_days(column.freshness),
        )
    # Roll the newest publication up the active tree, deepest columns first.
    for item in sorted(facts.values(), key=lambda f: -f.depth):
        parent = facts.get(item.column.parent_id or 0)
        if parent is None or not item.column.is_active:
            continue
        parent.is_leaf = False
        if item.last_published_at is not None and (
            parent.last_published_at is None or item.last_published_at > parent.last_published_at
        ):
            parent.last_published_at = item.last_published_at
    for item in facts.values():
        if not item.column.is_active:
            continue
        day = item.last_published_on
        item.days_since = (today - day).days if day is not None else None
        if item.period is not None:
            item.stale = item.days_since is None or item.days_since > item.period
        item.blank = item.is_leaf and not item.ever_published
    return facts


def _public() -> Q:
    return Q(status=Status.PUBLISHED, disclosure=Disclosure.PROACTIVE)


def _disclosed() -> Q:
    return Q(
        status__in=(Status.PUBLISHED, Status.WITHDRAWN),
        disclosure=Disclosure.PROACTIVE,
        published_at__isnull=False,
    )


def _columns_of(agencies: Iterable[Agency]) -> list[Column]:
    ids = [a.pk for a in agencies]
    return list(
        Column.objects.filter(agency__in=ids, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__path")
    )


def stale_columns(agencies: Iterable[Agency], today: datetime.date) -> list[StaleColumn]:
    """Active columns of ``agencies`` not updated within their period, or blank."""
    columns = _columns_of(agencies)
    facts = column_facts(columns, today)
    columns.sort(key=lambda c: (c.agency.path, facts[c.pk].tree_key))
    return [
        StaleColumn(
            column=f.column,
            agency=f.column.agency,
            path=f.path,
            is_stale=f.stale,
            is_blank=f.blank,
            is_leaf=f.is_leaf,
            depth=f.depth,
            period=f.period,
            last_published_on=f.last_published_on,
            days_since=f.days_since,
        )
        for f in (facts[c.pk] for c in columns)
        if f.column.is_active and (f.stale or f.blank)
    ]


def veto_warnings(columns: Sequence[StaleColumn]) -> list[str]:
    """The 单项否决 thresholds reached by one agency's flagged columns."""
    news = sum(
        1 for c in columns if c.is_stale and c.is_leaf and c.column.freshness == Freshness.NEWS
    )
    notice = sum(
        1
        for c in columns
        if c.is_stale and c.depth == 1 and c.column.freshness == Freshness.NOTICE_POLICY
    )
    not_updated = sum(1 for c in columns if c.is_leaf and (c.is_stale or c.is_blank))
    blank = sum(1 for c in columns if c.is_blank)
    warnings = []
    if news + notice >= VETO_NEWS_AND_NOTICE:
        warnings.append(
            f"动态要闻类栏目超期未更新 {news} 个、一级通知公告政策文件类栏目超期未更新 "
            f"{notice} 个，合计 {news + notice} 个，达到单项否决标准（合计5个及以上）"
        )
    if not_updated >= VETO_NOT_UPDATED:
        warnings.append(
            f"应更新而未更新的栏目 {not_updated} 个（含空白栏目），达到单项否决标准（10个及以上）"
        )
    if blank >= VETO_BLANK:
        warnings.append(f"空白栏目 {blank} 个，达到单项否决标准（5个及以上）")
    return warnings


def inspect(agencies: Iterable[Agency], today: datetime.date) -> list[AgencyFreshness]:
    """Per agency (in ``agencies`` order) with at least one flagged column: the flagged
    columns and the veto warnings."""
    agencies = list(agencies)
    grouped: dict[int, AgencyFreshness] = {}
    for item in stale_columns(agencies, today):
        grouped.setdefault(item.agency.pk, AgencyFreshness(agency=item.agency)).columns.append(item)
    for result in grouped.values():
        result.warnings = veto_warnings(result.columns)
    return [grouped[a.pk] for a in agencies if a.pk in grouped]


def check_url(agency: Agency | None = None) -> str:
    url = reverse("publishing_catalogue:freshness")
    return f"{url}?agency={agency.pk}" if agency is not None else url


def freshness_todos(user: User, today: datetime.date) -> list[Todo]:
    """Home-page to-dos for office admins: one per agency at 单项否决 level (one in all
    when there are many), and one summary of the other flagged columns."""
    if not (user.is_superuser or user.has_role(Role.OFFICE_ADMIN)):
        return []
    results = inspect(manageable_agencies(user).active().order_by("path"), today)
    vetoed = [r for r in results if r.has_veto]
    if len(vetoed) > MAX_AGENCY_TODOS:
        names = "、".join(r.agency.display_short for r in vetoed[:MAX_AGENCY_TODOS])
        todos = [
            Todo(
                title=f"{len(vetoed)} 个机构的栏目更新问题达到单项否决标准",
                detail=f"涉及{names}等{len(vetoed)}个机构。请及时更新栏目内容，或停用不再维护的栏目。",
                url=check_url(),
                level="danger",
            )
        ]
    else:
        todos = [
            Todo(
                title=f"{r.agency.display_short}栏目更新问题达到单项否决标准",
                detail="；".join(r.warnings),
                url=check_url(r.agency),
                level="danger",
            )
            for r in vetoed
        ]
    others = [r for r in results if not r.has_veto]
    if others:
        count = sum(len(r.columns) for r in others)
        names = "、".join(r.agency.display_short for r in others[:3])
        more = f"等{len(others)}个机构" if len(others) > 3 else ""
        todos.append(
            Todo(
                title=f"{count} 个栏目超期未更新或为空白栏目",
                detail=f"涉及{names}{more}。请及时更新栏目内容，或停用不再维护的栏目。",
                url=check_url(),
                level="warning",
            )
        )
    return todos


@dataclass
class InspectionRun:
    results: list[AgencyFreshness]
    emailed: int = 0

    @property
    def vetoed(self) -> list[AgencyFreshness]:
        return [r for r in self.results if r.has_veto]


def _admins() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_grants__role=Role.OFFICE_ADMIN, agency__isnull=False
        )
        .exclude(email="")
        .select_related("agency")
        .distinct()
        .order_by("pk")
    )


def _email(admin: User, problems: list[AgencyFreshness]) -> EmailMessage:
    lines = [
        f"{admin.display_name}：",
        "",
        "今天的栏目更新检查发现以下机构的问题达到单项否决标准：",
        "",
    ]
    for result in problems:
        lines.append(f"【{result.agency.name}】")
        lines.extend(f"  · {warning}" for warning in result.warnings)
        lines.append(f"  详情：{settings.SITE_URL}{check_url(result.agency)}")
        lines.append("")
    lines.append("请及时更新栏目内容，或停用不再维护的栏目。")
    lines.append("（本邮件由系统每日自动发送，问题消除后即停止。）")
    return EmailMessage(
        subject=f"【政务公开平台】栏目更新检查：{len(problems)}个机构达到单项否决标准",
        body="\n".join(lines) + "\n",
        to=[admin.email],
    )


def run_inspection(today: datetime.date) -> InspectionRun:
    """The daily check of every active agency; each office admin who manages an agency
    at 单项否决 level (its own or one above it) gets one email listing them."""
    run = InspectionRun(results=inspect(Agency.objects.active().order_by("path"), today))
    if not run.vetoed:
        return run
    messages = []
    for admin in _admins():
        path = admin.agency.path if admin.agency is not None else None
        mine = [r for r in run.vetoed if path and r.agency.path.startswith(path)]
        if mine:
            messages.append(_email(admin, mine))
    if messages:
        run.emailed = get_connection().send_messages(messages) or 0
    return run
