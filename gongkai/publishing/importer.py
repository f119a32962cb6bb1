"""Bulk import of 政府信息 (``gongkai import documents FILE``, the API's ``POST /import``,
the demo and the benchmark all call :func:`import_documents`).

A file is CSV (UTF-8 or GB18030), XLSX or JSONL (one object per line); headers are
Chinese or English (:data:`FIELDS`). Every row is checked first, in Python, with the
rules of :func:`gongkai.publishing.actions.check_rules` and the field limits of the
model; agencies, 栏目, 主题分类, 查阅点 and existing 索引号 are each looked up with one
query for the whole file. A file with any bad row is rejected whole (nothing written)
unless ``skip_bad`` is given, in which case the good rows are imported and the bad ones
are returned for the rejects file.

What a row becomes:

- with 发布日期 (and 主动公开): a published document — it was already made public
  elsewhere, so it does not go through review again; its own 索引号 is kept as it is
  (historical variants of rules.md §5.4 accepted), otherwise one is generated in the
  national form, serials taken per 前段码 and year in blocks; a 政府网站 publication
  plus any channels of the row (:data:`CHANNEL_SYNTAX`); it is search-indexed after
  the commit. No webhooks are sent for historical publications.
- without 发布日期: a draft that goes through 保密审查 and 审批 like any other.

Everything is written with ``bulk_create`` in one transaction, with one audit event for
the file (``publishing.imported``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import json
import multiprocessing as mp
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.access import manageable_agencies
from gongkai.agencies.models import Agency, AgencyKind, ReadingPoint
from gongkai.audit.events import record_event
from gongkai.lib.codes import normalize_code
from gongkai.lib.tables import TableError, decode_text
from gongkai.pii.scanner import scan
from gongkai.publishing import html, indexno
from gongkai.publishing.actions import PROACTIVE_DEADLINE_WORKDAYS
from gongkai.publishing.models import (
    Channel,
    Column,
    Disclosure,
    Document,
    FiveCategory,
    GazetteIssue,
    GazetteStatus,
    Genre,
    IndexSerial,
    KeyArea,
    Publication,
    Status,
    Theme,
    Validity,
    WithholdGround,
)
from gongkai.workdays.calendar import WorkdayCalendar

MAX_ROWS = 100_000
BATCH = 1000

#: field → accepted header texts (the first is the Chinese label used in messages).
FIELDS: dict[str, tuple[str, ...]] = {
    "agency": ("机构标识", "发布机构", "机构", "agency"),
    "title": ("标题", "名称", "title"),
    "body": ("正文", "body"),
    "body_html": ("正文HTML", "body_html"),
    "doc_number": ("发文字号", "文号", "doc_number"),
    "formed_on": ("成文日期", "生成日期", "formed_on"),
    "published_at": ("发布日期", "published_at"),
    "index_no": ("索引号", "index_no"),
    "theme": ("主题分类", "theme"),
    "genre": ("体裁", "体裁分类", "genre"),
    "summary": ("内容概述", "summary"),
    "keywords": ("关键词", "主题词", "keywords"),
    "source": ("信息来源", "source"),
    "column": ("栏目", "column"),
    "validity": ("有效性", "validity"),
    "validity_changed_on": ("失效/废止日期", "失效日期", "validity_changed_on"),
    "is_regulation": ("规章", "is_regulation"),
    "is_normative": ("规范性文件", "行政规范性文件", "is_normative"),
    "issued_on": ("印发日期", "issued_on"),
    "repealed_on": ("废止日期", "repealed_on"),
    "is_policy": ("政策文件", "is_policy"),
    "five_category": ("五公开类别", "five_category"),
    "key_area": ("重点领域", "key_area"),
    "disclosure": ("公开属性", "disclosure"),
    "withhold_ground": ("不公开依据", "withhold_ground"),
    "withhold_reason": ("不公开理由", "withhold_reason"),
    "channels": ("发布渠道", "channels"),
}
LABEL = {name: headers[0] for name, headers in FIELDS.items()}
TEXT_FIELDS = ("title", "doc_number", "summary", "keywords", "source", "withhold_reason")
LIMITS = {
    name: limit
    for name in TEXT_FIELDS
    if (limit := getattr(Document._meta.get_field(name), "max_length", None))
}

CHANNEL_SYNTAX = """\
发布渠道（channels）：用分号分隔多个渠道，每项为 渠道[:说明][@日期]，例如
  weibo;wechat@2018-03-06;gazette:2018-3;reading_point:滨河镇便民服务中心政府信息查阅点
渠道：website 网站、gazette 公报、weibo 微博、wechat 微信、other_media 其他（报刊、
广播电视、新闻网站）、reading_point 查阅点（也可写中文）。说明：公报为期次（2018-3 或
2018年第3期，必填），查阅点为本机构查阅点名称（不填为第一个查阅点），其他渠道为期次或
链接。日期为该渠道发布的日期，不填为发布日期。已发布的主动公开信息总有政府网站渠道。
公报期次属于发布机构所在的人民政府，平台中没有的期次导入时建立为“已出版”。"""

CHANNEL_WORDS: dict[str, str] = (
    {c.value: c.value for c in Channel}
    | {str(c.label): c.value for c in Channel}
    | {
        "网站": Channel.WEBSITE,
        "公报": Channel.GAZETTE,
        "微博": Channel.WEIBO,
        "微信": Channel.WECHAT,
        "其他": Channel.OTHER_MEDIA,
        "其他方式": Channel.OTHER_MEDIA,
        "报刊": Channel.OTHER_MEDIA,
        "广播电视": Channel.OTHER_MEDIA,
        "新闻网站": Channel.OTHER_MEDIA,
        "查阅点": Channel.READING_POINT,
    }
)
TRUE_WORDS = frozenset({"是", "1", "true", "yes", "y", "√", "有"})
FALSE_WORDS = frozenset({"否", "0", "false", "no", "n", "×", "无", ""})

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
)
_TIME = re.compile(r"(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
_CHANNEL_ITEM = re.compile(
    r"^(?P<name>[^:：@]+?)\s*(?:[:：]\s*(?P<detail>.*?))?\s*"
    r"(?:@(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?))?$"
)
_GAZETTE_ISSUE = re.compile(r"^(\d{4})(?:-|年第)(\d{1,3})期?$")
_DATE_HINT = "（应写作 2018-03-05、2018/3/5 或 2018年3月5日）"


@dataclass(frozen=True)
class ImportFile:
    """An uploaded file: its name decides nothing but the JSONL/CSV/XLSX guess."""

    name: str
    data: bytes


@dataclass
class RowError:
    line: int  # 0: about the whole file
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}" if self.line else self.message


@dataclass
class Rejected:
    line: int
    values: dict[str, Any]  # the row as read, keyed by the file's own headers
    errors: list[str]


@dataclass
class ImportReport:
    filename: str
    dry_run: bool = False
    skip_bad: bool = False
    rows: int = 0
    imported: int = 0
    published: int = 0
    drafts: int = 0
    indexed: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pii_hits: int = 0
    pii_lines: list[int] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    unreadable: str = ""

    @property
    def ok(self) -> bool:
        return not self.unreadable and not self.errors

    @property
    def exit_code(self) -> int:
        """0 imported (or valid, with ``dry_run``; bad rows skipped with ``skip_bad``);
        1 refused, nothing written; 2 the file cannot be read."""
        if self.unreadable:
            return 2
        if not self.errors:
            return 0
        good = self.rows - len(self.rejected)
        file_level = any(e.line == 0 for e in self.errors)
        return 0 if self.skip_bad and good > 0 and not file_level else 1

    def summary(self) -> list[str]:
        out: list[str] = []
        if self.unreadable:
            return [f"无法读取文件“{self.filename}”：{self.unreadable}"]
        if self.exit_code == 1:
            out.append(f"文件“{self.filename}”未导入：{len(self.errors)} 处错误，未写入任何数据。")
        elif self.dry_run:
            good = self.rows - len(self.rejected)
            out.append(f"校验完成（未写入）：{self.rows} 行中 {good} 行可以导入。")
        else:
            out.append(
                f"已导入政府信息 {self.imported} 条（已发布 {self.published} 条，"
                f"草稿 {self.drafts} 条），文件“{self.filename}”。"
            )
            if self.indexed:
                out.append(f"已建立全文检索 {self.indexed} 条。")
        if self.rejected and self.exit_code == 0:
            out.append(f"跳过有错误的行 {len(self.rejected)} 行。")
        if self.pii_hits:
            lines = "、".join(str(n) for n in self.pii_lines[:20])
            more = " 等" if len(self.pii_lines) > 20 else ""
            out.append(
                f"警告：{len(self.pii_lines)} 条信息的标题或正文中发现疑似个人信息共 "
                f"{self.pii_hits} 处（第 {lines}{more} 行）。历史发布内容已原样导入，"
                "请逐条核查，必要时撤回后重新发布遮盖后的版本。"
            )
        out.extend(f"警告：{w}" for w in self.warnings)
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "imported": self.imported,
            "published": self.published,
            "drafts": self.drafts,
            "indexed": self.indexed,
            "errors": [{"line": e.line, "message": str(e)} for e in self.errors],
            "rejected_lines": [r.line for r in self.rejected],
            "warnings": self.warnings,
            "pii_hits": self.pii_hits,
            "pii_lines": self.pii_lines,
            "unreadable": self.unreadable,
            "summary": self.summary(),
        }


# --- reading ---------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (line, values keyed by header)
    broken: list[RowError] = field(default_factory=list)  # JSONL lines that are not objects


def read_table(name: str, data: bytes) -> Table:
    """The rows of a CSV, XLSX or JSONL file with the line number a person sees.

    (Not :func:`gongkai.lib.tables.read_records`: that caps files at 5,000 rows and
    turns XLSX date-times into dates, which loses the 发布日期's time.)"""
    if not data.strip():
        raise TableError("文件是空的")
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        table = _read_jsonl(decode_text(data))
    elif lower.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        table = _table(_xlsx_rows(data))
    elif lower.endswith(".xls"):
        raise TableError("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV")
    else:
        table = _table(_csv_rows(decode_text(data)))
    if len(table.rows) > MAX_ROWS:
        raise TableError(
            f"文件行数过多（{len(table.rows)} 行），一次最多导入 {MAX_ROWS} 行，请分成几个文件"
        )
    return table


def _csv_rows(text: str) -> list[tuple[int, list[Any]]]:
    csv.field_size_limit(16 * 1024 * 1024)  # bodies are long; the default is 128 KB
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise TableError(f"CSV 文件格式有误（第{reader.line_num}行）：{exc}") from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from None
    rows = [
        (n, list(row))
        for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
    ]
    book.close()
    return rows


def _table(rows: list[tuple[int, list[Any]]]) -> Table:
    rows = [(n, r) for n, r in rows if any(_text(c) for c in r)]
    if not rows:
        raise TableError("文件中没有数据")
    header = [_text(h) for h in rows[0][1]]
    out = []
    for line, row in rows[1:]:
        out.append((line, {h: row[i] if i < len(row) else "" for i, h in enumerate(header) if h}))
    return Table([h for h in header if h], out)


def _read_jsonl(text: str) -> Table:
    header: dict[str, None] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    broken: list[RowError] = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            broken.append(RowError(line, f"不是有效的 JSON（{exc.msg}）"))
            rows.append((line, {"原始内容": raw}))
            continue
        if not isinstance(value, dict):
            broken.append(RowError(line, "每行应为一个 JSON 对象"))
            rows.append((line, {"原始内容": raw}))
            continue
        header.update(dict.fromkeys(str(k) for k in value))
        rows.append((line, {str(k): v for k, v in value.items()}))
    if not rows:
        raise TableError("文件中没有数据")
    return Table(list(header), rows, broken)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_text(v) for v in value)
    return str(value).strip()


def _header_key(text: str) -> str:
    return text.replace("*", "").replace("＊", "").strip().lower()


HEADER_FIELDS = {_header_key(h): name for name, headers in FIELDS.items() for h in headers}


# --- values ------------------------------------------------------------------------------


def parse_date(text: str) -> datetime.date:
    """``2018-03-05``, ``2018/3/5``, ``2018年3月5日`` or ``2018.3.5``; ValueError if not."""
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(_DATE_HINT)


def parse_datetime(text: str) -> datetime.datetime:
    """A date (midnight, Asia/Shanghai) or a date and a time, optionally with an offset."""
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
        rest = text[m.end() :]
        if not rest:
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
        t = _TIME.fullmatch(rest)
        if not t:
            break
        moment = datetime.datetime.combine(day, datetime.time(int(t[1]), int(t[2]), int(t[3] or 0)))
        if t[4] is None:
            return timezone.make_aware(moment)
        offset = t[4].replace(":", "")
        if offset == "Z":
            return moment.replace(tzinfo=datetime.UTC)
        minutes = int(offset[1:3]) * 60 + int(offset[3:5])
        tz = datetime.timezone(
            datetime.timedelta(minutes=minutes if offset[0] == "+" else -minutes)
        )
        return moment.replace(tzinfo=tz)
    raise ValueError("（应写作 2018-03-05 或 2018-03-05 10:30）")


def _choices(enum: Any) -> dict[str, str]:
    words: dict[str, str] = {}
    for value, label in enum.choices:
        words[value] = value
        words[str(label)] = value
        words.setdefault(str(label).split("（")[0], value)
    return words


GENRE_WORDS = _choices(Genre)
VALIDITY_WORDS = _choices(Validity)
FIVE_WORDS = _choices(FiveCategory)
KEY_AREA_WORDS = _choices(KeyArea)
DISCLOSURE_WORDS = _choices(Disclosure)
GROUND_WORDS = _choices(WithholdGround)


# --- what is looked up once per file -----------------------------------------------------


@dataclass
class _Lookups:
    agencies: dict[str, Agency]
    allowed: set[int] | None  # None: any agency (no actor, or a superuser)
    columns: dict[int, dict[str, Column]]  # agency id → path or unique name → column
    themes: dict[str, Theme]
    taken_index: set[str]
    reading_points: dict[int, list[ReadingPoint]]
    gazette_agency: dict[int, Agency]  # document agency id → agency whose gazette it is
    calendar: WorkdayCalendar
    due: dict[datetime.date, tuple[datetime.date, bool]] = field(default_factory=dict)

    def due_for(self, formed_on: datetime.date) -> tuple[datetime.date, bool]:
        if formed_on not in self.due:
            result = self.calendar.add(formed_on, PROACTIVE_DEADLINE_WORKDAYS)
            self.due[formed_on] = (result.date, result.provisional)
        return self.due[formed_on]


def _lookups(
    records: list[dict[str, str]], actor: User | None, default_agency: Agency | None
) -> _Lookups:
    keys = {r.get("agency", "") for r in records} - {""}
    codes = {normalize_code(k) for k in keys}
    agencies: dict[str, Agency] = {}
    for agency in Agency.objects.filter(Q(slug__in=keys) | Q(code__in=codes) | Q(name__in=keys)):
        for key in (agency.slug, agency.code, agency.name):
            if key:
                agencies.setdefault(key, agency)
    if default_agency is not None:
        agencies.setdefault(default_agency.slug, default_agency)
    involved = {a.pk: a for a in agencies.values()}
    allowed = None
    if actor is not None and not actor.is_superuser:
        allowed = set(manageable_agencies(actor).values_list("pk", flat=True))

    columns: dict[int, dict[str, Column]] = defaultdict(dict)
    if any(r.get("column") for r in records):
        every = list(Column.objects.filter(agency__in=list(involved)))
        by_id = {c.pk: c for c in every}
        names: dict[tuple[int, str], list[Column]] = defaultdict(list)
        for column in every:
            parts, node = [column.name], column
            while node.parent_id is not None and node.parent_id in by_id:
                node = by_id[node.parent_id]
                parts.insert(0, node.name)
            column.agency = involved[column.agency_id]
            columns[column.agency_id]["/".join(parts)] = column
            names[(column.agency_id, column.name)].append(column)
        for (agency_id, name), found in names.items():
            if len(found) == 1:
                columns[agency_id].setdefault(name, found[0])

    themes: dict[str, Theme] = {}
    if any(r.get("theme") for r in records):
        every_theme = list(Theme.objects.all())
        theme_by_id = {t.pk: t for t in every_theme}
        for theme in every_theme:
            themes[theme.code] = theme
            parent = theme_by_id.get(theme.parent_id) if theme.parent_id else None
            if parent is not None:
                themes[f"{parent.name}\\{theme.name}"] = theme
                themes[f"{parent.name}/{theme.name}"] = theme
            else:
                themes.setdefault(theme.name, theme)

    given = [r["index_no"] for r in records if r.get("index_no")]
    taken: set[str] = set()
    for start in range(0, len(given), 5000):
        chunk = given[start : start + 5000]
        taken.update(Document.objects.filter(index_no__in=chunk).values_list("index_no", flat=True))

    channels = " ".join(r.get("channels", "") for r in records).lower()
    points: dict[int, list[ReadingPoint]] = defaultdict(list)
    if "reading_point" in channels or "查阅点" in channels:
        for point in ReadingPoint.objects.filter(agency__in=list(involved)).order_by(
            "sort_order", "id"
        ):
            points[point.agency_id].append(point)
    gazette_agency: dict[int, Agency] = {}
    if "gazette" in channels or "公报" in channels:
        ancestor_ids = {int(p) for a in involved.values() for p in a.path.strip("/").split("/")}
        ancestors = {a.pk: a for a in Agency.objects.filter(pk__in=ancestor_ids)}
        for agency in involved.values():
            chain = [ancestors[int(p)] for p in agency.path.strip("/").split("/")]
            governments = [a for a in chain if a.kind == AgencyKind.GOVERNMENT]
            gazette_agency[agency.pk] = governments[-1] if governments else chain[0]
    return _Lookups(
        agencies, allowed, columns, themes, taken, points, gazette_agency, WorkdayCalendar()
    )


# --- checking one row --------------------------------------------------------------------


@dataclass
class _Channel:
    channel: str
    reference: str
    day: datetime.date | None
    gazette: tuple[int, int] | None = None
    reading_point: ReadingPoint | None = None


@dataclass
class _Row:
    line: int
    document: Document
    channels: list[_Channel]
    index_given: bool
    pii: int


def _bool(row: Mapping[str, str], name: str, errors: list[str]) -> bool:
    text = row.get(name, "").strip().lower()
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        errors.append(f"{LABEL[name]}“{row[name]}”应填写“是”或“否”")
    return False


def _date(row: Mapping[str, str], name: str, errors: list[str]) -> datetime.date | None:
    text = row.get(name, "")
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        hint = "" if any(f.fullmatch(text) for f in _DATE_FORMS) else str(exc)
        errors.append(f"{LABEL[name]}“{text}”不是有效日期{hint}")
        return None


def _choice(row: Mapping[str, str], name: str, words: dict[str, str], errors: list[str]) -> str:
    text = row.get(name, "")
    if not text:
        return ""
    value = words.get(text) or words.get(text.lower())
    if value is None:
        labels = "、".join(dict.fromkeys(k for k, v in words.items() if k != v and "（" not in k))
        errors.append(f"{LABEL[name]}“{text}”不是可选的值（可填：{labels}）")
        return ""
    return value


def _validity(
    row: Mapping[str, str], formed_on: datetime.date | None, today: datetime.date, errors: list[str]
) -> tuple[str, datetime.date | None, datetime.date | None]:
    """有效性 with its date; a 废止日期 alone means 废止 on that day."""
    given = _choice(row, "validity", VALIDITY_WORDS, errors)
    changed_on = _date(row, "validity_changed_on", errors)
    repealed_on = _date(row, "repealed_on", errors)
    if repealed_on is not None and given and given != Validity.REPEALED:
        errors.append("填写了废止日期，有效性应为“废止”")
    validity = given or (Validity.REPEALED if repealed_on is not None else Validity.VALID)
    if validity == Validity.REPEALED:
        changed_on = changed_on or repealed_on
    if validity != Validity.VALID and changed_on is None and not row.get("validity_changed_on"):
        errors.append(f"有效性为“{Validity(validity).label}”时须填写失效/废止日期")
    if validity == Validity.VALID and changed_on is not None:
        errors.append("有效性为“有效”时不应填写失效/废止日期")
    for day, label in ((changed_on, "失效/废止日期"), (repealed_on, "废止日期")):
        if day is not None and formed_on is not None and day < formed_on:
            errors.append(f"{label}不能早于成文日期")
        if day is not None and day > today:
            errors.append(f"{label}不能晚于今天")
    return validity, changed_on, repealed_on


def _check(
    line: int,
    row: dict[str, str],
    look: _Lookups,
    default_agency: Agency | None,
    actor: User | None,
    now: datetime.datetime,
) -> tuple[_Row | None, list[str]]:
    errors: list[str] = []
    today = timezone.localdate(now)
    key = row.get("agency", "")
    agency = look.agencies.get(key) or look.agencies.get(normalize_code(key)) if key else None
    if key and agency is None:
        errors.append(f"找不到机构“{key}”（请填写机构标识或统一社会信用代码）")
    elif agency is None:
        agency = default_agency
        if agency is None:
            errors.append("发布机构不能为空（请填写机构标识或统一社会信用代码）")
    if agency is not None and look.allowed is not None and agency.pk not in look.allowed:
        errors.append(f"无权为“{agency.name}”导入政府信息（须为该机构或上级机构的公开办管理员）")

    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        values[name] = row.get(name, "")
        limit = LIMITS.get(name)
        if limit and len(values[name]) > limit:
            errors.append(f"{LABEL[name]}不能超过 {limit} 个字（现为 {len(values[name])} 个）")
    if not values["title"]:
        errors.append("标题不能为空")
    formed_on = _date(row, "formed_on", errors)
    if not row.get("formed_on"):
        errors.append("成文日期不能为空")
    elif formed_on is not None and formed_on > today:
        errors.append("成文日期不能晚于今天")
    published_at = None
    if row.get("published_at"):
        try:
            published_at = parse_datetime(row["published_at"])
        except ValueError as exc:
            errors.append(f"发布日期“{row['published_at']}”不是有效的日期或时间{exc}")
    if published_at is not None:
        if published_at > now:
            errors.append("发布日期不能晚于现在")
        elif formed_on is not None and timezone.localtime(published_at).date() < formed_on:
            errors.append("发布日期不能早于成文日期")

    disclosure = _choice(row, "disclosure", DISCLOSURE_WORDS, errors) or Disclosure.PROACTIVE
    ground = _choice(row, "withhold_ground", GROUND_WORDS, errors)
    if disclosure == Disclosure.PROACTIVE:
        ground, values["withhold_reason"] = "", ""
    else:
        if not ground and row.get("withhold_ground", "") == "":
            label = Disclosure(disclosure).label
            errors.append(
                f"公开属性为“{label}”时，须选择《条例》规定的不予主动公开依据（负面清单）"
            )
        if published_at is not None:
            errors.append(f"公开属性为“{Disclosure(disclosure).label}”的信息不应有发布日期")

    is_regulation = _bool(row, "is_regulation", errors)
    is_normative = _bool(row, "is_normative", errors)
    issued_on = _date(row, "issued_on", errors)
    if (is_normative or is_regulation) and not row.get("issued_on"):
        errors.append("规章和行政规范性文件须填写印发日期")
    if issued_on and issued_on > today:
        errors.append("印发日期不能晚于今天")
    validity, changed_on, repealed_on = _validity(row, formed_on, today, errors)
    if validity == Validity.REPEALED and (is_normative or is_regulation):
        repealed_on = repealed_on or changed_on

    theme = None
    if row.get("theme"):
        theme = look.themes.get(row["theme"])
        if theme is None:
            errors.append(
                f"主题分类“{row['theme']}”不存在（填写代码如 02.01，或“综合政务\\政务公开”）"
            )
    column = None
    if row.get("column") and agency is not None:
        path = re.sub(r"\s*[/／›>]\s*", "/", row["column"])
        column = look.columns.get(agency.pk, {}).get(path)
        if column is None:
            errors.append(f"“{agency.name}”的公开目录中没有栏目“{row['column']}”")

    index_no = row.get("index_no", "")
    if index_no:
        try:
            index_no = indexno.check_historical(index_no)
        except indexno.IndexNumberError as exc:
            errors.append(str(exc))
        if published_at is None:
            errors.append("只有已发布的信息（填写了发布日期）才能填写索引号")
        elif index_no in look.taken_index:
            errors.append(f"索引号“{index_no}”已被其他信息使用")
    elif published_at is not None and agency is not None and disclosure == Disclosure.PROACTIVE:
        try:
            indexno.prefix_for(agency)
        except indexno.IndexNumberError as exc:
            errors.append(f"{exc}；请在文件中填写索引号")

    channels = _channels(row.get("channels", ""), agency, published_at, today, look, errors)
    if channels and (published_at is None or disclosure != Disclosure.PROACTIVE):
        errors.append("只有已发布的主动公开信息才能填写发布渠道")

    genre = _choice(row, "genre", GENRE_WORDS, errors) or Genre.OTHER
    five_category = _choice(row, "five_category", FIVE_WORDS, errors)
    key_area = _choice(row, "key_area", KEY_AREA_WORDS, errors)
    is_policy = _bool(row, "is_policy", errors)
    if errors or agency is None or formed_on is None:
        return None, errors

    document = Document(
        agency=agency,
        **values,
        formed_on=formed_on,
        published_at=published_at,
        index_no=index_no or None,
        theme=theme,
        genre=genre,
        column=column,
        validity=validity,
        validity_changed_on=changed_on,
        is_regulation=is_regulation,
        is_normative=is_normative,
        issued_on=issued_on,
        repealed_on=repealed_on,
        is_policy=is_policy,
        five_category=five_category,
        key_area=key_area,
        disclosure=disclosure,
        withhold_ground=ground,
        status=Status.PUBLISHED if published_at is not None else Status.DRAFT,
        created_by=actor,
    )
    if disclosure == Disclosure.PROACTIVE:
        document.due_on, document.due_provisional = look.due_for(formed_on)
        if published_at is not None:
            document.on_time = timezone.localtime(published_at).date() <= document.due_on
    return _Row(line, document, channels, bool(index_no), 0), errors


PARALLEL_FROM = 2000  # rows; below this the texts are prepared in this process
TEXT_CHUNK = 250


def _texts(chunk: list[tuple[str, str, str]]) -> list[tuple[str, str, int]]:
    """``(body_html, body_text, blocking personal-data hits)`` for each ``(title, body,
    body_html)``: the sanitised body, its text, and the scanner's count."""
    out = []
    for title, body, raw_html in chunk:
        body_html = html.sanitize(raw_html) if raw_html else ""
        if not body_html and body:
            body_html = html.text_to_html(body)
        body_text = html.plain_text(body_html)
        hits = sum(1 for hit in scan(f"{title}\n{body_text}") if hit.blocks_publication)
        out.append((body_html, body_text, hits))
    return out


@contextlib.contextmanager
def _texts_of(records: list[dict[str, str]]) -> Iterator[Iterator[tuple[str, str, int]]]:
    """The :func:`_texts` of every record, in order. For a large file they are computed
    by forked worker processes (one per CPU) while the caller checks the rows; the
    workers only run this pure function and never touch the database connection they
    inherit (they end with ``os._exit``)."""
    items = [(r.get("title", ""), r.get("body", ""), r.get("body_html", "")) for r in records]
    chunks = [items[i : i + TEXT_CHUNK] for i in range(0, len(items), TEXT_CHUNK)]
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        yield itertools.chain.from_iterable(map(_texts, chunks))
        return
    with mp.get_context("fork").Pool(workers) as pool:
        yield itertools.chain.from_iterable(pool.imap(_texts, chunks))


def _channels(
    text: str,
    agency: Agency | None,
    published_at: datetime.datetime | None,
    today: datetime.date,
    look: _Lookups,
    errors: list[str],
) -> list[_Channel]:
    out: list[_Channel] = []
    seen: set[tuple[str, Any]] = set()
    for item in (p.strip() for p in re.split(r"[;；\n]", text)):
        if not item:
            continue
        m = _CHANNEL_ITEM.match(item)
        channel = CHANNEL_WORDS.get(m["name"].strip().lower()) if m else None
        if m is None or channel is None:
            errors.append(
                f"发布渠道“{item}”无法识别（如 weibo、wechat@2018-03-06、gazette:2018-3）"
            )
            continue
        detail = (m["detail"] or "").strip()
        day = None
        if m["date"]:
            try:
                day = parse_date(m["date"])
            except ValueError:
                errors.append(f"发布渠道“{item}”中的日期不是有效日期")
                continue
            if day > today:
                errors.append(f"发布渠道“{item}”的日期不能晚于今天")
            elif published_at is not None and day < timezone.localtime(published_at).date():
                errors.append(f"发布渠道“{item}”的日期不能早于发布日期")
        found = _Channel(channel, detail[:300], day)
        if channel == Channel.GAZETTE:
            issue = _GAZETTE_ISSUE.match(detail)
            if issue is None:
                errors.append(f"发布渠道“{item}”须写明公报期次，如 gazette:2018-3")
                continue
            found.gazette = (int(issue[1]), int(issue[2]))
            found.reference = f"{issue[1]}年第{int(issue[2])}期"
        elif channel == Channel.READING_POINT and agency is not None:
            points = look.reading_points.get(agency.pk, [])
            named = [p for p in points if p.name == detail] if detail else points[:1]
            if not named:
                errors.append(
                    f"“{agency.name}”没有查阅点“{detail}”"
                    if detail
                    else f"“{agency.name}”没有设置政府信息查阅点，不能登记查阅点渠道"
                )
                continue
            found.reading_point, found.reference = named[0], ""
        identity = (channel, found.gazette or found.reading_point or found.reference)
        if identity in seen:
            errors.append(f"发布渠道“{item}”重复")
            continue
        seen.add(identity)
        out.append(found)
    return out


# --- the import ------------------------------------------------------------------------


def import_documents(
    rows_or_path: str | os.PathLike[str] | ImportFile | Iterable[Mapping[str, Any]],
    *,
    actor: User | None,
    default_agency: Agency | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Check and import a file (a path or an :class:`ImportFile`) or rows (mappings
    keyed by field names or headers). Never raises for bad input: the report says."""
    if isinstance(rows_or_path, ImportFile | str | os.PathLike):
        if isinstance(rows_or_path, ImportFile):
            name, data = rows_or_path.name, rows_or_path.data
        else:
            path = Path(rows_or_path)
            name = path.name
            try:
                data = path.read_bytes()
            except OSError as exc:
                return ImportReport(name, unreadable=f"无法打开文件（{exc.strerror}）")
        report = ImportReport(name, dry_run=dry_run, skip_bad=skip_bad)
        try:
            table = read_table(name, data)
        except TableError as exc:
            report.unreadable = str(exc)
            return report
    else:
        report = ImportReport("接口提交的数据", dry_run=dry_run, skip_bad=skip_bad)
        given = [dict(r) for r in rows_or_path]
        header = list(dict.fromkeys(k for r in given for k in r))
        table = Table(header, [(n, r) for n, r in enumerate(given, start=1)])
    report.header = table.header
    report.rows = len(table.rows)
    _run(table, report, actor, default_agency)
    return report


def _run(
    table: Table, report: ImportReport, actor: User | None, default_agency: Agency | None
) -> None:
    mapping: dict[str, str] = {}
    for header in table.header:
        name = HEADER_FIELDS.get(_header_key(header))
        if name is None:
            report.warnings.append(f"未识别的列“{header}”，已忽略")
        elif name in mapping.values():
            report.warnings.append(f"列“{header}”与前面的列重复，已忽略")
        else:
            mapping[header] = name
    if not table.rows:
        report.errors.append(RowError(0, "文件中没有数据行"))
        return
    missing = [LABEL[n] for n in ("title", "formed_on") if n not in mapping.values()]
    if "agency" not in mapping.values() and default_agency is None:
        missing.insert(0, LABEL["agency"])
    if missing:
        report.errors.append(RowError(0, f"缺少必需的列：{'、'.join(missing)}"))
        return
    broken = {e.line: e for e in table.broken}
    records = [
        {name: _text(values.get(header)) for header, name in mapping.items()}
        for _, values in table.rows
    ]
    look = _lookups(records, actor, default_agency)
    now = timezone.now()
    good: list[_Row] = []
    first_line: dict[str, int] = {}
    with _texts_of(records) as texts:  # bodies and the personal-data scan, in parallel
        checked = [
            (None, [broken[line].message])
            if line in broken
            else _check(line, record, look, default_agency, actor, now)
            for (line, _), record in zip(table.rows, records, strict=True)
        ]
        for (row, _), (body_html, body_text, pii) in zip(checked, texts, strict=True):
            if row is not None:
                row.document.body_html, row.document.body_text, row.pii = body_html, body_text, pii
    for (line, values), record, (row, errors) in zip(table.rows, records, checked, strict=True):
        number = record.get("index_no", "")
        if number and number in first_line:
            errors.append(f"索引号“{number}”与第{first_line[number]}行重复")
            row = None
        elif number:
            first_line[number] = line
        if errors:
            report.errors.extend(RowError(line, message) for message in errors)
            report.rejected.append(Rejected(line, values, errors))
        elif row is not None:
            good.append(row)
            if row.pii:
                report.pii_hits += row.pii
                report.pii_lines.append(line)
    if report.errors and not report.skip_bad:
        return
    if report.dry_run or not good:
        return
    try:
        documents = _write(good, look, actor, report)
    except indexno.IndexNumberError as exc:
        report.errors.append(RowError(0, f"{exc}，未写入任何数据"))
        return
    except IntegrityError:
        report.errors.append(
            RowError(0, "保存时发生冲突（可能有人同时导入了相同的索引号），未写入任何数据，请重试")
        )
        return
    report.document_ids = [d.pk for d in documents]
    report.imported = len(documents)
    report.published = sum(1 for d in documents if d.status == Status.PUBLISHED)
    report.drafts = report.imported - report.published


@transaction.atomic
def _write(
    rows: list[_Row], look: _Lookups, actor: User | None, report: ImportReport
) -> list[Document]:
    documents = [r.document for r in rows]
    given = [d.index_no for r in rows if r.index_given and (d := r.document).index_no]
    indexno.reserve_imported(given)
    _number([d for d in documents if d.status == Status.PUBLISHED and not d.index_no])
    Document.objects.bulk_create(documents, batch_size=BATCH)
    Publication.objects.bulk_create(_publications(rows, look, actor), batch_size=BATCH)
    _touch_columns(documents)
    agencies = list(dict.fromkeys(d.agency for d in documents))
    published = sum(1 for d in documents if d.status == Status.PUBLISHED)
    ids = sorted(d.pk for d in documents)
    record_event(
        actor=actor,
        obj=agencies[0],
        action="publishing.imported",
        summary=f"导入政府信息 {len(documents)} 条（文件 {report.filename[:120]}）",
        changes={
            "file": {"label": "文件", "before": None, "after": report.filename},
            "imported": {"label": "导入条数", "before": None, "after": len(documents)},
            "published": {"label": "其中已发布", "before": None, "after": published},
            "agencies": {
                "label": "发布机构",
                "before": None,
                "after": "、".join(a.name for a in agencies[:10])
                + (f" 等 {len(agencies)} 个" if len(agencies) > 10 else ""),
            },
            "ids": {"label": "信息编号", "before": None, "after": f"{ids[0]}–{ids[-1]}"},
        },
        agency=agencies[0] if len(agencies) == 1 else _common_ancestor(agencies),
    )
    public = [d for d in documents if d.status == Status.PUBLISHED and d.is_public]
    transaction.on_commit(lambda: _after_import(public, report))
    return documents


def take_serials(prefix: str, year: int, count: int) -> range:
    """``count`` consecutive 索引号 serials of ``prefix`` and ``year``, taken with one
    atomic ``UPDATE`` (the counter row stays locked until the transaction ends)."""
    IndexSerial.objects.get_or_create(prefix=prefix, year=year)
    IndexSerial.objects.filter(prefix=prefix, year=year).update(last=F("last") + count)
    last = IndexSerial.objects.values_list("last", flat=True).get(prefix=prefix, year=year)
    if last > indexno.MAX_SERIAL:
        raise indexno.IndexNumberError(
            f"{prefix} {year}年的索引号顺序号已用完（最多 {indexno.MAX_SERIAL} 个）"
        )
    return range(last - count + 1, last + 1)


def _number(documents: list[Document]) -> None:
    """National-form 索引号 for published documents that came without one, in the order
    they were published."""
    groups: dict[tuple[str, int], list[Document]] = defaultdict(list)
    for document in documents:
        year = _published_on(document).year
        groups[(indexno.prefix_for(document.agency), year)].append(document)
    for (prefix, year), group in groups.items():
        group.sort(key=lambda d: d.published_at or d.formed_on)
        for document, serial in zip(group, take_serials(prefix, year, len(group)), strict=True):
            document.index_no = f"{prefix}/{year}-{serial:05d}"


def _publications(rows: list[_Row], look: _Lookups, actor: User | None) -> list[Publication]:
    wanted: dict[tuple[int, int, int], datetime.date] = {}
    for row in rows:
        for channel in row.channels:
            if channel.gazette is not None:
                day = channel.day or _published_on(row.document)
                issue_key = (look.gazette_agency[row.document.agency_id].pk, *channel.gazette)
                wanted[issue_key] = min(day, wanted.get(issue_key, day))
    issues: dict[tuple[int, int, int], GazetteIssue] = {}
    if wanted:
        agency_ids = {k[0] for k in wanted}
        for found in GazetteIssue.objects.filter(
            agency_id__in=agency_ids, year__in={k[1] for k in wanted}
        ):
            issues[(found.agency_id, found.year, found.number)] = found
        missing = [
            GazetteIssue(
                agency_id=key[0],
                year=key[1],
                number=key[2],
                status=GazetteStatus.PUBLISHED,
                published_on=day,
            )
            for key, day in wanted.items()
            if key not in issues
        ]
        for created in GazetteIssue.objects.bulk_create(missing):
            issues[(created.agency_id, created.year, created.number)] = created
    out: list[Publication] = []
    for row in rows:
        document = row.document
        if document.status != Status.PUBLISHED or not document.is_public:
            continue
        day = _published_on(document)
        listed = {c.channel: c for c in row.channels}
        website = listed.get(Channel.WEBSITE) or _Channel(Channel.WEBSITE, "", None)
        for channel in [website, *(c for c in row.channels if c.channel != Channel.WEBSITE)]:
            issue: GazetteIssue | None = None
            if channel.gazette is not None:
                issue = issues[(look.gazette_agency[document.agency_id].pk, *channel.gazette)]
            out.append(
                Publication(
                    document=document,
                    channel=channel.channel,
                    published_on=channel.day or day,
                    reference=channel.reference,
                    gazette_issue=issue,
                    reading_point=channel.reading_point,
                    recorded_by=actor,
                )
            )
    return out


def _published_on(document: Document) -> datetime.date:
    if document.published_at is None:
        raise ValueError("not a published document")
    return timezone.localtime(document.published_at).date()


def _touch_columns(documents: list[Document]) -> None:
    latest: dict[int, datetime.datetime] = {}
    for d in documents:
        if d.column_id is not None and d.published_at is not None and d.is_public:
            latest[d.column_id] = max(d.published_at, latest.get(d.column_id, d.published_at))
    for column_id, when in latest.items():
        Column.objects.filter(
            Q(last_published_at__isnull=True) | Q(last_published_at__lt=when), pk=column_id
        ).update(last_published_at=when)


def _common_ancestor(agencies: list[Agency]) -> Agency:
    """The agency the import event is filed under when rows belong to several: the
    first agency whose subtree holds them all, else the first agency."""
    for agency in sorted(agencies, key=lambda a: len(a.path)):
        if all(a.path.startswith(agency.path) for a in agencies):
            return agency
    return agencies[0]


def _after_import(documents: list[Document], report: ImportReport) -> None:
    from gongkai.publishing.effects import invalidate_public_pages

    report.indexed = index_documents(documents)
    invalidate_public_pages()


def index_documents(documents: list[Document]) -> int:
    """Search-index freshly imported documents (they have no attachments yet). One call,
    so the search app prepares the batches in its worker processes."""
    from gongkai.search import Entry, index_entries

    return index_entries(
        Entry(
            key=d.pk,
            title=d.title,
            body=d.body_text,
            extra="",
            agency_id=d.agency_id,
            agency_path=d.agency.path,
            column_id=d.column_id,
            theme=d.theme.code if d.theme is not None else "",
            genre=str(d.genre),  # plain str, not the enum: entries are pickled to workers
            year=d.formed_on.year,
            validity=str(d.validity),
            published_at=d.published_at,
        )
        for d in documents
        if d.published_at is not None
    )


# --- the rejects file -------------------------------------------------------------------


def write_rejects(report: ImportReport, path: str | os.PathLike[str]) -> None:
    """The bad rows as they were read, with an extra 错误 column: JSON lines when
    ``path`` ends in ``.jsonl``, otherwise CSV (UTF-8 with BOM, for Excel)."""
    target = Path(path)
    if target.suffix.lower() in (".jsonl", ".ndjson"):
        with target.open("w", encoding="utf-8") as out:
            for rejected in report.rejected:
                values = {k: _jsonable(v) for k, v in rejected.values.items()}
                values["错误"] = "；".join(rejected.errors)
                out.write(json.dumps(values, ensure_ascii=False) + "\n")
        return
    header = list(dict.fromkeys([*report.header, *(k for r in report.rejected for k in r.values)]))
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([*header, "错误"])
        for rejected in report.rejected:
            writer.writerow(
                [_text(rejected.values.get(h)) for h in header] + ["；".join(rejected.errors)]
            )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return _text(value)
    return value
