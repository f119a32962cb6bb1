"""Checking rows: lookups made once per file, then every row in Python."""

from __future__ import annotations

import contextlib
import datetime
import itertools
import multiprocessing as mp
import os
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.access import manageable_agencies
from gongkai.agencies.models import Agency, AgencyKind, ReadingPoint
from gongkai.lib.codes import normalize_code
from gongkai.pii.scanner import scan
from gongkai.publishing import html, indexno
from gongkai.publishing.actions import PROACTIVE_DEADLINE_WORKDAYS
from gongkai.publishing.importer.fields import (
    _CHANNEL_ITEM,
    _DATE_FORMS,
    _GAZETTE_ISSUE,
    CHANNEL_WORDS,
    FALSE_WORDS,
    LABEL,
    LIMITS,
    TEXT_FIELDS,
    TRUE_WORDS,
)
from gongkai.publishing.importer.reading import (
    DISCLOSURE_WORDS,
    FIVE_WORDS,
    GENRE_WORDS,
    GROUND_WORDS,
    KEY_AREA_WORDS,
    VALIDITY_WORDS,
    parse_date,
    parse_datetime,
)
from gongkai.publishing.models import (
    Channel,
    Column,
    Disclosure,
    Document,
    Genre,
    Status,
    Theme,
    Validity,
)
from gongkai.workdays.calendar import WorkdayCalendar

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
