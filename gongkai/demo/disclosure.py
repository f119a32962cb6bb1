"""The demo district's 政府信息公开: a published guide and a catalogue for every agency,
the 2018 documents behind the seed report's figures, and a few current documents in
every workflow state.

The seed (中卫市沙坡头区2018年政府信息公开工作年度报告, rules.md §3 rows 1.1–1.2.5) says
10,947 items were disclosed in 2018: 52 in the gazette, 4,876 on the website, 894 on
Weibo, 1,233 on WeChat, 3,892 by other means (of which 92 supplied to the district
service centre's reading point and 2,352 to the units' own reading points), with 15
normative documents issued and published. The five channel figures add up to exactly
10,947, so every 2018 document here is carried by exactly one channel; the annual-report
figures then come out of :mod:`gongkai.publishing.stats` as individual records, never as
stored totals. (Demo-data compromise: documents of the other channels are published on
the portal too, but only the website ones carry a 政府网站 publication record, so that
row 1.2.2 stays 4,876.) The gazette follows the seed as well: published quarterly, three
issues in 2018.

Everything is generated deterministically (``random.Random(2018)``); the 2018 documents
are written with ``bulk_create``, the current ones through the publishing actions so
that their history pages are real.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, AgencyKind, ReadingPoint
from gongkai.audit.events import record_event
from gongkai.pii.scanner import id_check_char
from gongkai.publishing import actions, catalogue, html
from gongkai.publishing.catalogue_defaults import KEY_AREAS as CATALOGUE_AREAS
from gongkai.publishing.catalogue_defaults import RURAL_AREAS, default_guide_text
from gongkai.publishing.importer import index_documents, take_serials
from gongkai.publishing.models import (
    Channel,
    Column,
    Disclosure,
    Document,
    GazetteIssue,
    GazetteStatus,
    Publication,
    Review,
    Status,
    Theme,
)
from gongkai.workdays.calendar import WorkdayCalendar

YEAR = 2018
TOTAL = 10947
WEBSITE, WEIBO, WECHAT, OTHER_MEDIA = 4876, 894, 1233, 3892 - 92 - 2352
SERVICE_CENTRE_ITEMS = 92  # 主动向区政务服务中心提供政府信息 92 条
UNIT_READING_POINT_ITEMS = 2352  # 各部门（单位）、乡镇主动向本单位查阅点提供 2352 条
GAZETTE_ISSUES = (
    (1, datetime.date(2018, 6, 29), 18),
    (2, datetime.date(2018, 9, 28), 17),
    (3, datetime.date(2018, 12, 28), 17),
)
GAZETTE_ITEMS = sum(n for _, _, n in GAZETTE_ISSUES)  # 52
#: the 15 normative documents: 卫沙政规发 1–10 (district government), 卫沙政办规发 1–5
NORMATIVE_BY_ROOT, NORMATIVE_BY_OFFICE = 10, 5
OFFICE_GAZETTE_ITEMS = 15  # the office's items in the gazette, its normative ones included
LATE_SHARE = 0.05


@dataclass
class CatalogueSummary:
    guides: int = 0
    columns: int = 0
    documents_2018: int = 0
    current_documents: int = 0
    channels: Counter[str] = field(default_factory=Counter)


@dataclass
class _Plan:
    """One 2018 document before it becomes a row."""

    agency: Agency
    channel: str  # a Channel value, or "service_centre" (the district centre's point)
    normative: int = 0  # 1-based number of the normative document, 0 if none


def load_demo_catalogue(root: Agency) -> CatalogueSummary:
    """Guides, catalogues and documents for ``root`` and its units (loaded by
    :func:`gongkai.demo.district.load_demo_district`)."""
    rng = random.Random(YEAR)  # noqa: S311 - demo data, not security
    agencies = in_demo_order(list(root.subtree()))
    users = {u.username: u for u in User.objects.filter(agency__in=agencies)}
    summary = CatalogueSummary()
    with transaction.atomic():
        for agency in agencies:
            admin = users.get(f"{agency.slug}-admin")
            guide = catalogue.draft_guide(
                actor=admin, agency=agency, fields=default_guide_text(agency)
            )
            catalogue.publish_guide(actor=admin, guide=guide)
            summary.columns += len(catalogue.default_columns(agency, actor=admin))
            summary.guides += 1
        columns = _leaf_columns(agencies)
        documents = _documents_2018(rng, root, agencies, columns, users, summary)
        summary.documents_2018 = len(documents)
        summary.current_documents = _current_documents(rng, agencies, columns, users)
    return summary


def _leaf_columns(agencies: list[Agency]) -> dict[int, dict[str, Column]]:
    """Agency id → column path ("政策文件/规范性文件") → column, for the columns that
    hold documents (no children)."""
    every = list(Column.objects.filter(agency__in=agencies))
    by_id = {c.pk: c for c in every}
    parents = {c.parent_id for c in every if c.parent_id is not None}
    out: dict[int, dict[str, Column]] = defaultdict(dict)
    for column in every:
        if column.pk in parents:
            continue
        parent = by_id.get(column.parent_id) if column.parent_id else None
        out[column.agency_id][f"{parent.name}/{column.name}" if parent else column.name] = column
    return out


# --- 2018 -------------------------------------------------------------------------------


def _allocate(total: int, weights: list[float]) -> list[int]:
    """``total`` split by ``weights``, largest remainders first (exact sum)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[
        : total - sum(counts)
    ]:
        counts[i] += 1
    return counts


def _plans(rng: random.Random, root: Agency, agencies: list[Agency]) -> list[_Plan]:
    counts = _allocate(TOTAL, [weight(a) for a in agencies])
    office = next(a for a in agencies if a.slug == f"{root.slug}-zfb")
    units = [a for a in agencies if a.pk != root.pk]
    at_points = dict(
        zip(
            (a.pk for a in units),
            _allocate(UNIT_READING_POINT_ITEMS, [counts[agencies.index(a)] for a in units]),
            strict=True,
        )
    )
    pool = (
        [Channel.WEBSITE] * WEBSITE
        + [Channel.WEIBO] * WEIBO
        + [Channel.WECHAT] * WECHAT
        + [Channel.OTHER_MEDIA] * OTHER_MEDIA
    )
    rng.shuffle(pool)
    plans: list[_Plan] = []
    for agency, count in zip(agencies, counts, strict=True):
        own: list[_Plan] = []
        if agency.pk == root.pk:
            own += [_Plan(agency, Channel.GAZETTE, n) for n in range(1, NORMATIVE_BY_ROOT + 1)]
            others = GAZETTE_ITEMS - OFFICE_GAZETTE_ITEMS - NORMATIVE_BY_ROOT
            own += [_Plan(agency, Channel.GAZETTE) for _ in range(others)]
            own += [_Plan(agency, "service_centre") for _ in range(SERVICE_CENTRE_ITEMS)]
        elif agency.pk == office.pk:
            numbers = range(NORMATIVE_BY_ROOT + 1, NORMATIVE_BY_ROOT + NORMATIVE_BY_OFFICE + 1)
            own += [_Plan(agency, Channel.GAZETTE, n) for n in numbers]
            others = OFFICE_GAZETTE_ITEMS - NORMATIVE_BY_OFFICE
            own += [_Plan(agency, Channel.GAZETTE) for _ in range(others)]
        own += [_Plan(agency, Channel.READING_POINT) for _ in range(at_points.get(agency.pk, 0))]
        own += [_Plan(agency, pool.pop()) for _ in range(count - len(own))]
        plans += own
    return plans


def _documents_2018(
    rng: random.Random,
    root: Agency,
    agencies: list[Agency],
    columns: dict[int, dict[str, Column]],
    users: dict[str, User],
    summary: CatalogueSummary,
) -> list[Document]:
    calendar = Workdays(WorkdayCalendar(), datetime.date(2017, 10, 1), datetime.date(2019, 2, 28))
    days = [d for d in calendar.days if d.year == YEAR]
    themes = {t.code: t for t in Theme.objects.all()}
    points = _reading_points(agencies)
    issues = {issue.number: issue for issue in _gazette(root)}
    gazette_slots = [(issues[n], day) for n, day, items in GAZETTE_ISSUES for _ in range(items)]
    rng.shuffle(gazette_slots)
    writer = Writer(rng, themes)
    documents: list[Document] = []
    publications: list[tuple[Document, datetime.date, str, Any]] = []
    for plan in _plans(rng, root, agencies):
        agency = plan.agency
        target: Any = points.get(agency.pk)  # the issue, or the reading point
        if plan.channel == Channel.GAZETTE:
            target, day = gazette_slots.pop()
            formed = calendar.before(day, rng.randint(3, 18))
        else:
            day = rng.choice(days)
            late = rng.random() < LATE_SHARE
            formed = calendar.before(day, rng.randint(21, 45) if late else rng.randint(0, 8))
        item = writer.item(agency, plan.channel, plan.normative, columns[agency.pk])
        due = calendar.after(formed, actions.PROACTIVE_DEADLINE_WORKDAYS)
        published_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)))
        )
        body_html = html.text_to_html(item.body)
        document = Document(
            agency=agency,
            title=item.title,
            body_html=body_html,
            body_text=html.plain_text(body_html),
            doc_number=item.doc_number,
            formed_on=formed,
            published_at=published_at,
            theme=item.theme,
            genre=item.genre,
            summary=item.summary,
            keywords=item.keywords,
            source=agency.short_name or agency.name,
            column=item.column,
            is_normative=plan.normative > 0,
            issued_on=formed if plan.normative else None,
            is_policy=item.is_policy,
            five_category=item.five_category,
            key_area=item.key_area,
            disclosure=Disclosure.PROACTIVE,
            status=Status.PUBLISHED,
            due_on=due,
            on_time=day <= due,
            created_by=users.get(f"{agency.slug}-publisher"),
        )
        documents.append(document)
        publications.append((document, day, plan.channel, target))
    _number(documents)
    Document.objects.bulk_create(documents, batch_size=1000)
    Document.objects.filter(agency__in=agencies, published_at__year=YEAR).update(
        created_at=F("published_at"), updated_at=F("published_at")
    )
    Publication.objects.bulk_create(_publication_rows(publications, root, summary), batch_size=1000)
    _touch_columns(documents)
    for agency, count in Counter(d.agency for d in documents).items():
        record_event(
            actor=None,
            obj=agency,
            action="publishing.imported",
            summary=f"导入政府信息 {count} 条（演示数据：{YEAR}年主动公开的政府信息）",
            agency=agency,
        )
    transaction.on_commit(lambda: index_documents(documents))
    return documents


def _gazette(root: Agency) -> list[GazetteIssue]:
    return GazetteIssue.objects.bulk_create(
        GazetteIssue(
            agency=root,
            year=YEAR,
            number=number,
            status=GazetteStatus.PUBLISHED,
            published_on=day,
        )
        for number, day, _ in GAZETTE_ISSUES
    )


def _reading_points(agencies: list[Agency]) -> dict[int, ReadingPoint]:
    """Each agency's first reading point (for the root: its 政务服务中心 one)."""
    points: dict[int, ReadingPoint] = {}
    for point in ReadingPoint.objects.filter(agency__in=agencies).order_by("sort_order", "id"):
        points.setdefault(point.agency_id, point)
    return points


def _number(documents: list[Document]) -> None:
    """National-form 索引号 per agency in publication order (IndexSerial moves on)."""
    by_agency: dict[int, list[Document]] = defaultdict(list)
    for document in documents:
        by_agency[document.agency_id].append(document)
    for group in by_agency.values():
        group.sort(key=lambda d: (d.published_at, d.title))
        prefix = group[0].agency.code
        for document, serial in zip(group, take_serials(prefix, YEAR, len(group)), strict=True):
            document.index_no = f"{prefix}/{YEAR}-{serial:05d}"


def _publication_rows(
    publications: list[tuple[Document, datetime.date, str, Any]],
    root: Agency,
    summary: CatalogueSummary,
) -> list[Publication]:
    """One row per document (its only channel); gazette items numbered by date."""
    rows: list[Publication] = []
    positions: Counter[int] = Counter()
    for document, day, channel, target in sorted(publications, key=lambda p: (p[1], p[0].pk)):
        row = Publication(document=document, published_on=day, channel=channel)
        if channel == Channel.GAZETTE:
            positions[target.pk] += 1
            row.gazette_issue, row.position = target, positions[target.pk]
            row.reference = str(target)
        elif channel in ("service_centre", Channel.READING_POINT):
            row.channel, row.reading_point = Channel.READING_POINT, target
        elif channel == Channel.WEBSITE:
            row.reference = root.website or "本平台"
        else:
            row.reference = channel_reference(channel, document.pk)
        summary.channels[row.channel] += 1
        rows.append(row)
    return rows


def _touch_columns(documents: list[Document]) -> None:
    latest: dict[int, datetime.datetime] = {}
    for document in documents:
        if document.column_id is not None and document.published_at is not None:
            latest[document.column_id] = max(
                document.published_at, latest.get(document.column_id, document.published_at)
            )
    changed = []
    for column in Column.objects.filter(pk__in=list(latest)):
        column.last_published_at = latest[column.pk]
        changed.append(column)
    Column.objects.bulk_update(changed, ["last_published_at"])


# --- now ----------------------------------------------------------------------------------

ALL_YES = {key: True for key, _ in Review.QUESTIONS}
#: (what happens to it, working days since it was formed)
CURRENT = (
    ("draft", 24),  # overdue
    ("draft", 17),  # due within five working days
    ("in_review", 5),
    ("in_approval", 8),
    ("scheduled", 3),
    ("published", 6),
    ("published", 2),
    ("withdrawn", 12),
    ("pii", 4),
)


def fake_id_number(rng: random.Random) -> str:
    """A checksum-valid, made-up resident ID number of 沙坡头区 (640502)."""
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 45))
    first17 = f"640502{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def _current_documents(
    rng: random.Random,
    agencies: list[Agency],
    columns: dict[int, dict[str, Column]],
    users: dict[str, User],
) -> int:
    """A few documents of this year per agency in every workflow state, their deadlines
    close to today so the to-do lists show overdue and due-soon items."""
    today = timezone.localdate()
    calendar = Workdays(WorkdayCalendar(), today - datetime.timedelta(days=90), today)
    tomorrow = calendar.next_workday(today)
    writer = Writer(rng, {t.code: t for t in Theme.objects.all()})
    made = 0
    for agency in agencies:
        publisher = users[f"{agency.slug}-publisher"]
        reviewer = users[f"{agency.slug}-reviewer"]
        approver = users[f"{agency.slug}-approver"]
        for state, age in CURRENT:
            item = writer.item(agency, Channel.WEBSITE, 0, columns[agency.pk], year=today.year)
            body = item.body
            if state == "pii":
                body = pii_body(agency, rng, fake_id_number(rng))
            document = actions.create_document(
                actor=publisher,
                agency=agency,
                fields={
                    "title": item.title,
                    "doc_number": item.doc_number,
                    "formed_on": calendar.before(today, age),
                    "column": item.column,
                    "theme": item.theme,
                    "genre": item.genre,
                    "summary": item.summary,
                    "keywords": item.keywords,
                    "source": agency.short_name or agency.name,
                    "five_category": item.five_category,
                    "key_area": item.key_area,
                    "is_policy": item.is_policy,
                    "disclosure": Disclosure.PROACTIVE,
                    "body_html": html.text_to_html(body),
                },
            )
            made += 1
            if state == "draft":
                continue
            actions.submit_document(actor=publisher, document=document)
            if state in ("in_review", "pii"):
                continue
            actions.review_document(actor=reviewer, document=document, answers=ALL_YES)
            if state == "in_approval":
                continue
            when = None
            if state == "scheduled":
                when = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))
            actions.approve_document(actor=approver, document=document, publish_at=when)
            if state == "withdrawn":
                actions.withdraw_document(
                    actor=publisher, document=document, notice=WITHDRAWAL_NOTICE
                )
    return made


# --- working days -----------------------------------------------------------------------


class Workdays:
    """The working days of a span, for stepping n working days back or forward."""

    def __init__(self, calendar: WorkdayCalendar, start: datetime.date, end: datetime.date):
        span = (end - start).days + 40
        every = (start + datetime.timedelta(days=i) for i in range(span))
        self.days = [d for d in every if calendar.status(d).is_workday]
        self._index = {d: i for i, d in enumerate(self.days)}

    def _at_or_before(self, day: datetime.date) -> int:
        while day not in self._index:
            day -= datetime.timedelta(days=1)
        return self._index[day]

    def before(self, day: datetime.date, n: int) -> datetime.date:
        return self.days[self._at_or_before(day) - n]

    def after(self, day: datetime.date, n: int) -> datetime.date:
        """The n-th working day after ``day`` (``day`` itself not counted)."""
        return self.days[self._at_or_before(day) + n]

    def next_workday(self, day: datetime.date) -> datetime.date:
        return self.after(day, 1)


# --- words --------------------------------------------------------------------------------

WITHDRAWAL_NOTICE = "该信息部分数据有误，已撤回，更正后将重新发布。"

#: slug suffix → (relative number of 2018 documents, topics, 主题分类 code, 发文字号 prefix)
PROFILES: dict[str, tuple[int, tuple[str, ...], str, str]] = {
    "": (
        700,
        (
            "优化营商环境",
            "脱贫攻坚",
            "生态立区",
            "创新驱动",
            "城乡环境综合整治",
            "“放管服”改革",
            "安全生产",
            "乡村振兴",
        ),
        "02.01",
        "卫沙政",
    ),
    "zfb": (
        600,
        ("政务公开", "政务督查", "“12345”政务服务热线", "政府网站管理", "建议提案办理", "应急值守"),
        "02.01",
        "卫沙政办",
    ),
    "fgj": (
        380,
        ("重点项目建设", "价格监测", "招商引资", "粮食安全", "社会信用体系建设"),
        "03.01",
        "卫沙发改",
    ),
    "czj": (
        420,
        ("预算管理", "国库集中支付", "政府采购", "惠农补贴“一卡通”发放", "财政资金绩效评价"),
        "04.01",
        "卫沙财",
    ),
    "mzj": (
        470,
        ("城乡低保", "特困人员供养", "高龄津贴发放", "社会组织管理", "养老服务", "临时救助"),
        "17.01",
        "卫沙民",
    ),
    "sjj": (
        190,
        ("预算执行审计", "经济责任审计", "扶贫资金审计", "政府投资项目审计"),
        "04.03",
        "卫沙审",
    ),
    "tjj": (
        250,
        ("经济运行监测", "统计执法检查", "第四次全国经济普查", "农业统计调查"),
        "03.02",
        "卫沙统",
    ),
    "jyj": (
        520,
        ("义务教育均衡发展", "学前教育", "校园安全", "学生资助", "控辍保学"),
        "11.02",
        "卫沙教",
    ),
    "wjj": (
        500,
        ("家庭医生签约服务", "健康扶贫", "爱国卫生运动", "基本公共卫生服务", "计划免疫"),
        "13.01",
        "卫沙卫健",
    ),
    "rsj": (
        430,
        ("就业创业", "农民工工资支付", "社会保险扩面", "职业技能培训", "劳动保障监察"),
        "15.01",
        "卫沙人社",
    ),
    "zjj": (
        400,
        ("棚户区改造", "农村危房改造", "建筑施工安全", "老旧小区改造", "物业管理"),
        "10.01",
        "卫沙建",
    ),
    "nyj": (
        480,
        ("农机购置补贴", "高标准农田建设", "枸杞产业发展", "农田水利建设", "动物防疫"),
        "06.01",
        "卫沙农",
    ),
    "sfj": (
        260,
        ("普法宣传", "人民调解", "法律援助", "社区矫正", "公共法律服务"),
        "16.02",
        "卫沙司",
    ),
    "jtj": (280, ("农村公路建设", "道路运输安全", "城乡公交", "治超治限"), "07.02", "卫沙交"),
    "wlj": (360, ("全域旅游", "文化惠民", "文物保护", "文化市场执法"), "12.01", "卫沙文旅"),
    "scj": (
        440,
        ("食品安全抽检", "“双随机、一公开”监管", "特种设备安全", "商事制度改革"),
        "09.01",
        "卫沙市监",
    ),
    "yjj": (
        380,
        ("安全生产大检查", "防汛抗旱", "应急演练", "烟花爆竹经营许可", "危险化学品监管"),
        "09.03",
        "卫沙应急",
    ),
}
TOWNSHIP_TOPICS = (
    "精准扶贫",
    "农村人居环境整治",
    "城乡低保",
    "农村危房改造",
    "土地承包经营权流转",
    "防汛抗旱",
    "村级财务公开",
    "平安建设",
    "移风易俗",
)
VILLAGES: dict[str, tuple[str, ...]] = {
    "binhe": ("新北村", "沙渠村", "郭滩村", "黄湾村", "新星村"),
    "wenchang": ("文萃社区", "鼓楼社区", "东关村", "新华社区", "中央大道社区"),
    "dongyuan": ("东园村", "郭庄村", "金沙村", "柳庄村", "新滩村"),
    "rouyuan": ("柔新村", "迎春村", "沙坡村", "镇靖村", "夹渠村"),
    "zhenluo": ("镇罗村", "观音村", "镇关村", "红武村", "倪滩村"),
    "xuanhe": ("宣和村", "张洪村", "丰台村", "东台村", "兆丰村"),
    "yongkang": ("永康村", "丰盛村", "阳沟村", "彩达村", "新桥村"),
    "changle": ("常乐村", "枣林村", "上滩村", "马路滩村", "沙坡头村"),
    "yingshuiqiao": ("迎水村", "孟家湾村", "姚滩村", "长流水村", "黑林村"),
    "xingren": ("兴仁村", "团结村", "拓寨村", "高庄村", "双达村"),
    "xiangshan": ("香山村", "红泉村", "深井村", "景庄村", "米粮川村"),
}
PROJECTS = (
    "沙坡头区第三中学教学综合楼建设",
    "双桥三期棚户区改造",
    "滨河大道提升改造",
    "迎水桥镇污水处理厂扩建",
    "宣和镇高效节水灌溉",
    "香山乡人畜饮水巩固提升",
    "沙坡头区人民医院住院部改扩建",
    "常乐镇美丽村庄建设",
    "柔远镇农村公路硬化",
    "东园镇设施农业园区",
    "文昌镇老旧小区改造",
    "镇罗镇枸杞标准化种植基地",
    "沙坡头区全民健身中心",
    "兴仁镇压砂瓜品牌建设",
    "永康镇农村污水治理",
)
NORMATIVE = (
    "沙坡头区农业特色优势产业贷款担保基金管理办法（试行）",
    "沙坡头区重大行政决策规则（试行）",
    "沙坡头区城乡居民临时救助实施办法",
    "沙坡头区农村危房改造补助资金管理办法",
    "沙坡头区城市建成区烟花爆竹禁燃限放管理规定",
    "沙坡头区政府投资项目管理办法",
    "沙坡头区建档立卡贫困家庭学生资助实施办法",
    "沙坡头区城乡最低生活保障审核审批办法",
    "沙坡头区集体土地上房屋征收与补偿安置办法",
    "沙坡头区农村集体资产清产核资工作实施办法",
    "沙坡头区政府门户网站信息发布管理办法",
    "沙坡头区政务公开工作考核办法",
    "沙坡头区“12345”政务服务热线管理办法",
    "沙坡头区行政规范性文件制定和备案管理办法",
    "沙坡头区政府信息公开保密审查办法",
)
#: The office's own documents the seed report cites (title, 发文字号, column).
LANDMARKS = (
    ("关于印发沙坡头区2018年政务公开工作要点的通知", "卫沙政办发〔2018〕99号", "政策文件/其他文件"),
    (
        "关于印发《沙坡头区2018年政务公开工作推进方案》的通知",
        "卫沙政办发〔2018〕100号",
        "政策文件/其他文件",
    ),
    ("关于区政府门户网站信息发布管理的通知", "卫沙政办发〔2018〕57号", "通知公告"),
)
#: channel → [(column path or "重点领域", weight)]
COLUMN_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    Channel.WEIBO: (("工作动态", 0.8), ("通知公告", 0.2)),
    Channel.WECHAT: (("工作动态", 0.75), ("通知公告", 0.25)),
    Channel.OTHER_MEDIA: (("工作动态", 0.7), ("通知公告", 0.15), ("重点领域", 0.15)),
    Channel.READING_POINT: (
        ("通知公告", 0.3),
        ("政策文件/其他文件", 0.2),
        ("重点领域", 0.35),
        ("财政预决算", 0.1),
        ("规划计划", 0.05),
    ),
    Channel.WEBSITE: (
        ("工作动态", 0.38),
        ("通知公告", 0.2),
        ("政策文件/其他文件", 0.1),
        ("重点领域", 0.2),
        ("人事信息", 0.04),
        ("规划计划", 0.04),
        ("财政预决算", 0.025),
        ("机构概况", 0.01),
        ("政府信息公开年报", 0.005),
    ),
}
TITLES: dict[str, tuple[str, ...]] = {
    "工作动态": (
        "{unit}召开{topic}工作推进会",
        "{unit}扎实推进{topic}工作",
        "{unit}开展{topic}专项督查",
        "{unit}召开{year}年{topic}工作会议",
        "{unit}举办{topic}业务培训班",
        "{place}：{topic}工作见实效",
        "{unit}部署{season}{topic}工作",
        "{unit}开展{topic}“回头看”工作",
    ),
    "通知公告": (
        "关于做好{year}年{topic}工作的通知",
        "关于开展{topic}专项检查的通知",
        "{unit}关于{topic}有关事项的公告",
        "关于{year}年{month}月{topic}情况的通报",
        "{unit}{year}年{topic}情况公示",
        "关于进一步加强{topic}工作的通知",
    ),
    "政策文件/其他文件": (
        "{org}关于印发《{year}年{topic}工作实施方案》的通知",
        "{org}关于进一步加强{topic}工作的意见",
        "{org}关于成立{topic}工作领导小组的通知",
        "{org}关于印发《{topic}工作考核办法》的通知",
    ),
    "人事信息": (
        "{unit}{year}年公开招聘工作人员公告",
        "{unit}{year}年公开招聘工作人员拟聘用人员公示",
        "{unit}{year}年度公务员年度考核结果公示",
        "{unit}关于干部任前公示的公告",
    ),
    "规划计划": (
        "{unit}{year}年工作要点",
        "{unit}{year}年{topic}工作计划",
        "{unit}“十三五”{topic}规划中期评估报告",
    ),
    "财政预决算": (
        "{unit}{year}年部门预算公开",
        "{unit}{last}年部门决算公开",
        "{unit}{year}年“三公”经费预算情况说明",
    ),
    "机构概况": ("{unit}主要职责", "{unit}内设机构及联系方式", "{unit}领导班子成员及分工"),
    "政府信息公开年报": ("{org}{last}年政府信息公开工作年度报告",),
    "社会救助": (
        "{place}{year}年{month}月农村低保动态管理情况公示",
        "{unit}{year}年第{quarter}季度城乡低保资金发放情况公示",
        "{unit}{year}年{month}月临时救助对象公示",
    ),
    "行政许可": ("{unit}{year}年{month}月行政许可办理结果公示",),
    "行政处罚": ("{unit}{year}年{month}月行政处罚案件信息公开",),
    "行政事业性收费": ("{unit}行政事业性收费项目及标准",),
    "政府采购": ("{project}项目竞争性磋商公告", "{project}项目中标（成交）结果公告"),
    "重大建设项目": ("关于{project}项目建议书的批复", "{project}项目开工建设情况公示"),
    "公共资源配置": ("{project}项目招标公告", "{project}项目中标候选人公示"),
    "安全生产": ("关于{year}年{month}月安全生产大检查情况的通报",),
    "生态环境": ("{unit}{year}年{month}月环境保护督察整改情况",),
    "乡村振兴政策落实": ("{place}{year}年产业扶持资金发放情况公示",),
    "农田水利工程建设运营": ("{place}{year}年高效节水灌溉项目建设情况公示",),
    "农村土地承包经营权流转": ("{place}土地承包经营权流转情况公示",),
    "宅基地审批": ("{unit}{year}年第{quarter}批农村宅基地审批结果公示",),
    "征地补偿": ("{project}项目征收土地补偿安置方案公告",),
    "房屋征收": ("{project}项目房屋征收补偿方案（征求意见稿）",),
    "筹资筹劳": ("{place}{year}年“一事一议”筹资筹劳方案公示",),
}
OPENINGS = (
    "为深入贯彻落实上级有关决策部署，",
    "为进一步推动{topic}工作提质增效，",
    "按照年初确定的工作目标，",
    "根据有关法律法规和政策规定，",
)
MIDDLES = (
    "截至目前，已完成{topic}相关任务{n}项，涉及资金{money}万元，惠及群众{people}人。",
    "{unit}坚持问题导向，建立工作台账，明确责任分工和完成时限，逐项推进落实。",
    "各相关单位要提高思想认识，压实工作责任，加强协调配合，确保各项任务按期完成。",
    "对检查中发现的{n}个问题，已全部建立整改清单，限期整改到位，并将整改情况予以公开。",
    "下一步，将继续加大{topic}工作力度，强化督查考核，推动各项政策措施落地见效。",
)
CLOSINGS = (
    "如有疑问，请在工作日内与{unit}联系，联系电话：{phone}。",
    "特此公告。",
    "以上内容，请各单位认真抓好落实。",
    "欢迎社会各界监督，监督电话：{phone}。",
)
CHANNEL_REFERENCES: dict[str, tuple[str, ...]] = {
    Channel.WEIBO: ("@沙坡头发布",),
    Channel.WECHAT: ("“沙坡头发布”微信公众号",),
    Channel.OTHER_MEDIA: ("《中卫日报》", "沙坡头区广播电视台", "中卫新闻网", "《沙坡头政务》报刊"),
}
GENRE_ENDINGS = (
    ("批复", "reply"),
    ("通知", "notice"),
    ("通报", "bulletin"),
    ("公告", "announcement"),
    ("公示", "publicity"),
    ("意见", "opinion"),
    ("要点", "plan"),
    ("计划", "plan"),
    ("方案", "plan"),
    ("报告", "report"),
    ("办法", "measures"),
    ("征求意见稿）", "other"),
)
KEY_AREAS = {
    "财政预决算": "fiscal",
    "人事信息": "personnel",
    "行政许可": "licensing",
    "行政处罚": "penalty",
    "行政事业性收费": "fees",
    "政府采购": "procurement",
    "重大建设项目": "major_projects",
    "公共资源配置": "public_resources",
    "社会救助": "poverty_relief",
    "安全生产": "safety",
    "生态环境": "environment",
    "乡村振兴政策落实": "poverty_relief",
}
FIVE = {
    "政策文件": "decision",
    "规划计划": "decision",
    "通知公告": "execution",
    "工作动态": "execution",
    "财政预决算": "management",
    "人事信息": "management",
    "机构概况": "management",
    "重点领域信息公开": "result",
    "政府信息公开年报": "result",
}
SEASONS = ("春季", "夏季", "秋季", "冬季")
CN_NUMBERS = "一二三四"


def suffix(agency: Agency) -> str:
    return agency.slug.split("-", 1)[1] if "-" in agency.slug else ""


def weight(agency: Agency) -> float:
    if agency.kind == AgencyKind.TOWNSHIP:
        return 300
    return PROFILES.get(suffix(agency), (300,))[0]


def in_demo_order(agencies: list[Agency]) -> list[Agency]:
    return sorted(agencies, key=lambda a: (a.depth, a.sort_order, a.pk))


def channel_reference(channel: str, key: int) -> str:
    options = CHANNEL_REFERENCES.get(channel, ("",))
    return options[key % len(options)]


def pii_body(agency: Agency, rng: random.Random, id_number: str) -> str:
    place = rng.choice(VILLAGES.get(suffix(agency), ("城区",)))
    return (
        f"经{place}村民代表会议评议、{agency.short_name or agency.name}审核，现将{year_now()}年"
        f"农村危房改造补助对象予以公示：户主王某某（身份证号：{id_number}），补助资金2.1万元。\n"
        f"公示期为5个工作日。如有异议，请向{agency.office_name or agency.name}反映，"
        f"联系电话：{agency.office_phone or '0955-8806097'}。"
    )


def year_now() -> int:
    return timezone.localdate().year


@dataclass
class Item:
    title: str
    body: str
    doc_number: str
    column: Column | None
    theme: Theme | None
    genre: str
    summary: str
    keywords: str
    is_policy: bool
    five_category: str
    key_area: str


def _genre(title: str, path: str) -> str:
    found = next((g for end, g in GENRE_ENDINGS if title.endswith(end)), None)
    return found or ("news" if path == "工作动态" else "other")


class Writer:
    """Titles and bodies that read like a district's catalogue."""

    def __init__(self, rng: random.Random, themes: dict[str, Theme]) -> None:
        self.rng = rng
        self.themes = themes
        self.numbers: Counter[tuple[int, int]] = Counter()
        self.landmarks = list(LANDMARKS)
        self.reports: set[tuple[int, int]] = set()

    def item(
        self,
        agency: Agency,
        channel: str,
        normative: int,
        columns: dict[str, Column],
        year: int = YEAR,
    ) -> Item:
        rng, key = self.rng, suffix(agency)
        township = agency.kind == AgencyKind.TOWNSHIP
        _, topics, theme_code, abbr = PROFILES.get(key, (0, TOWNSHIP_TOPICS, "06.04", ""))
        if township:
            topics, theme_code, abbr = TOWNSHIP_TOPICS, "06.04", f"{agency.short_name[:1]}政"
        unit = agency.short_name or agency.name
        topic = rng.choice(topics)
        doc_number = ""
        if normative:
            path = "政策文件/规范性文件"
            name = NORMATIVE[normative - 1]
            title = f"{agency.name}关于印发《{name}》的通知"
            number = normative if normative <= 10 else normative - 10
            doc_number = f"{abbr}规发〔{year}〕{number}号"
        elif key == "zfb" and channel == Channel.WEBSITE and self.landmarks and year == YEAR:
            title, doc_number, path = self.landmarks.pop(0)
            title = f"{agency.name}{title}"
        else:
            path = (
                "政策文件/其他文件" if channel == Channel.GAZETTE else self._column(channel, agency)
            )
            if path == "政府信息公开年报":  # one annual report per agency and year
                if (agency.pk, year) in self.reports:
                    path = "通知公告"
                self.reports.add((agency.pk, year))
            leaf = path.rsplit("/", 1)[-1]
            pattern = rng.choice(TITLES.get(path) or TITLES.get(leaf) or TITLES["通知公告"])
            title = pattern.format(
                unit=unit,
                org=agency.name,
                topic=topic,
                year=year,
                last=year - 1,
                month=rng.randint(1, 12),
                quarter=CN_NUMBERS[rng.randint(0, 3)],
                season=rng.choice(SEASONS),
                place=rng.choice(VILLAGES.get(key, (unit,))),
                project=rng.choice(PROJECTS),
            )
            if title.startswith("关于") and title.endswith(("通知", "意见", "通报")):
                title = f"{agency.name}{title}"
            if path.startswith("政策文件") or title.endswith(("的通知", "的意见", "的批复")):
                self.numbers[(agency.pk, year)] += 1
                serial = self.numbers[(agency.pk, year)] + (100 if key == "zfb" else 0)
                doc_number = f"{abbr}发〔{year}〕{serial}号"
        column = columns.get(path)
        leaf = path.split("/")[-1]
        theme = self.themes.get("15.03" if leaf == "人事信息" else theme_code)
        body = self._body(agency, unit, title, topic)
        return Item(
            title=title[:300],
            body=body,
            doc_number=doc_number,
            column=column,
            theme=theme,
            genre=_genre(title, path),
            summary=body.split("。", 1)[0][:100] + "。",
            keywords=",".join(dict.fromkeys([leaf, *(t for t in topics if t in title)])),
            is_policy=path.startswith("政策文件"),
            five_category=FIVE.get(path.split("/")[0], "execution"),
            key_area=KEY_AREAS.get(leaf, "other" if path.startswith("重点领域") else ""),
        )

    def _column(self, channel: str, agency: Agency) -> str:
        mix = COLUMN_MIX.get(channel, COLUMN_MIX[Channel.READING_POINT])
        path = self.rng.choices([p for p, _ in mix], weights=[w for _, w in mix])[0]
        if path == "重点领域":
            areas = RURAL_AREAS if agency.kind == AgencyKind.TOWNSHIP else CATALOGUE_AREAS
            path = f"重点领域信息公开/{self.rng.choice(areas)}"
        return path

    def _body(self, agency: Agency, unit: str, title: str, topic: str) -> str:
        rng = self.rng
        values = {
            "unit": unit,
            "topic": topic,
            "n": rng.randint(3, 48),
            "money": f"{rng.randint(12, 980)}.{rng.randint(10, 99)}",
            "people": rng.randint(120, 9800),
            "phone": agency.office_phone or "0955-8806097",
        }
        opening = rng.choice(OPENINGS).format(**values)
        first = f"{opening}{unit}认真做好{topic}相关工作。现将《{title}》有关情况说明如下。"
        middles = rng.sample(MIDDLES, rng.randint(3, 4))
        paragraphs = [first, *(m.format(**values) for m in middles)]
        paragraphs.append(rng.choice(CLOSINGS).format(**values))
        return "\n".join(paragraphs)
