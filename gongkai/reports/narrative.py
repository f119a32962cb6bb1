"""What the prose of an annual report says in figures.

:func:`find_claims` reads the narrative text and returns the figures it states about
cells of the statistics tables ("共收到政府信息公开申请 154 件", "行政复议 36 起",
"按时办结完毕", "未收取信息处理费" …). It knows nothing about the tables: the checker
(:mod:`gongkai.reports.checker`) compares each claim with the cells it describes.

Precision matters more than recall: a sentence is only read when its wording ties the
figure to a cell unambiguously. Figures written as approximations ("7700余条", "近 100
件"), years, dates, article numbers and figures about other matters (service halls,
hotlines, 人大建议) are never read. A figure that only covers part of what the cell
counts (one channel, "其中…", one 乡镇 or 部门) is a claim ``at_most``: the cell must
be at least that figure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.reports.formspec import (
    APPLICATION_ROWS_2019,
    APPLICATION_ROWS_2021,
    LEGACY_ROWS,
    RESULT_GROUPS,
    application_rows,
)


@dataclass(frozen=True)
class Claim:
    """One figure stated by the prose.

    ``kind`` is one of: ``received``, ``completed``, ``carried_over``,
    ``carried_forward``, ``outcome.<granted|partial|refused|unavailable|not_processed|
    other|already_public|not_ours>``, ``reconsideration``, ``litigation``, ``on_time``,
    ``no_fee``, ``fee``, ``proactive``, ``channel.<gazette|website|weibo|weixin>``,
    ``responses``. ``value`` is None for ``on_time`` and ``no_fee``; a statement that
    there was none ("没有因信息公开引起的行政复议") has value 0 and an empty ``unit``.
    """

    kind: str
    value: int | Decimal | None
    unit: str
    sentence: str  # the sentence as printed (white space tidied)
    phrase: str  # the words that state the figure (normalised)
    at_most: bool = False  # the figure covers only part of the cell
    channel: str = ""  # for ``received``: legacy channel row (3.1.1 … 3.1.4) named


# --- text normalisation --------------------------------------------------------------


_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)")
_BLANKS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full → half width), no white space except one blank between two digits
    (so table rows "21 0 0" do not run together), Chinese quotes unified."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"')
    # in C, not a Python callback per blank: mark digit-blank-digit, drop blanks, unmark
    text = _DIGIT_GAP.sub("\x00", text)
    return _BLANKS.sub("", text).replace("\x00", " ")


def tidy(text: str) -> str:
    """A sentence for display: line breaks and blanks between Chinese characters
    removed, other runs of white space shown as one blank."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def _table_labels() -> tuple[str, ...]:
    labels = {label for _, label, _ in LEGACY_ROWS}
    labels |= {label for _, label in APPLICATION_ROWS_2021 + APPLICATION_ROWS_2019}
    labels |= {"(不同渠道和方式公开相同信息计1条)", "(不同方式回应同一热点或舆情计1次)"}
    folded = {normalise(label) for label in labels}
    return tuple(sorted((label for label in folded if len(label) >= 4), key=len, reverse=True))


#: Printed table labels; removed before reading so that "计1条", "收到申请数" … inside
#: a flattened table are never read as prose.
_LABELS = _table_labels()
_CLAUSE_END = re.compile(r"[,:]")
_LONG = 400  # a "sentence" longer than this is a flattened table: split it at lines
_DIGIT = re.compile(r"\d")
#: Every count and channel pattern reads a number directly followed by one of these
#: units; a clause without such a figure skips them all (a cheap pre-filter).
_FIGURE = re.compile(r"\d(?:件|条|份|宗|个|起|次)")
#: Words every figure-less claim (on time, fees, no reconsideration/litigation) needs.
_STATE_HINT = re.compile(r"办结|答复|办理|收费|收取|免费|免收|复议|诉讼")


def _sentences(text: str) -> Iterator[tuple[str, str]]:
    """(sentence as printed, normalised sentence with table labels cut out)."""
    for raw in re.split(r"[。；;！？!?]", text):
        if not _DIGIT.search(raw):
            continue  # nothing to read (checked first: normalising is the slow part)
        parts = raw.splitlines() if len(raw) > _LONG else [_unheaded(raw)]
        for part in parts:
            if not _DIGIT.search(part):
                continue
            norm = normalise(part)
            for label in _LABELS:
                if label in norm:
                    norm = norm.replace(label, "|")
            if re.search(r"\d", norm):
                yield tidy(part), norm


_HEADING = re.compile(
    r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^，,。]{0,30}"
)


def _unheaded(raw: str) -> str:
    """The sentence without the section headings printed on lines of their own above
    it ("八、政府信息依申请公开工作情况")."""
    lines = raw.splitlines()
    while len(lines) > 1 and (not lines[0].strip() or _HEADING.fullmatch(lines[0])):
        lines.pop(0)
    return "\n".join(lines)


# --- reading one clause ---------------------------------------------------------------

_NUM = r"(?<![\d.])(?P<n>\d+)"
_COUNT_UNIT = r"(?P<u>件|条|起|宗|次|个|份)"
#: Words before a figure that make it an approximation.
_APPROX_BEFORE = ("约", "近", "逾", "超过", "大约")
_APPROX_AFTER = ("余", "多", "以上", "左右")
#: Words that make a figure cover only part of what a cell counts.
_PART_WORDS = ("其中", "乡镇", "街道", "部门", "区直", "县直", "市直", "单位", "下属")
#: Words that turn a statement into an intention ("确保按时办结").
_INTENT_WORDS = ("确保", "力争", "争取", "要求", "应当", "必须", "将", "务必", "做到")
_APPLICATION_CONTEXT = ("信息公开申请", "依申请", "公开申请")
_CHANNELS = {
    "3.1.1": ("当面", "现场"),
    "3.1.2": ("传真",),
    "3.1.3": ("网络", "网上", "在线", "互联网", "电子邮件", "网站"),
    "3.1.4": ("信函", "邮寄", "来信"),
}


def _approximate(clause: str, match: re.Match[str]) -> bool:
    before = clause[: match.start("n")]
    after_unit = clause[match.end("u") :]
    return before.endswith(_APPROX_BEFORE) or after_unit.startswith(_APPROX_AFTER)


def _partial(prefix: str) -> bool:
    return any(word in prefix for word in _PART_WORDS)


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    needs: tuple[str, ...] = ()  # the sentence must contain one of these
    avoid: tuple[str, ...] = ()  # … and none of these in the clause
    part_when: tuple[str, ...] = ()  # extra words that make the figure a part


def _p(kind: str, regex: str, **options: tuple[str, ...]) -> _Pattern:
    return _Pattern(kind, re.compile(regex), **options)


_OTHER_MATTERS = ("复议", "诉讼", "举报", "投诉", "咨询", "信访", "建议", "提案")
_FILLER = r"(?:的)?(?:有|共|为|达)?"
#: Between "5 件" and "行政复议": neither a figure nor another kind of case.
_CASE_FILLER = r"(?:涉及|因)?(?:(?!行政复议|行政诉讼)[^\d,:|申]){0,16}?"
_COUNT_PATTERNS: tuple[_Pattern, ...] = (
    _p(
        "received",
        r"(?:收到|受理|新收|接收|接到)(?P<mid>[^\d,:|]{0,24}?)申请(?:公开)?(?:共|总数|数)?(?:为|达)?"
        + _NUM
        + r"(?P<u>件|条|份|宗|个)",
        needs=("信息公开", "依申请"),
        avoid=_OTHER_MATTERS,
    ),
    _p(
        "received",
        r"(?:收到|受理|新收|接收|接到)(?:了)?" + _NUM + r"(?P<u>件|条|份|宗|个)"
        r"(?P<mid>[^\d,:|]{0,16}?)(?:依申请公开|信息公开申请|公开申请)",
        avoid=_OTHER_MATTERS,
    ),
    _p(
        "completed",
        r"(?<![未不])(?:共|已|全部|累计)?办结(?:了)?(?:申请)?" + _NUM + r"(?P<u>件|条)",
        needs=_APPLICATION_CONTEXT,
        avoid=_OTHER_MATTERS,
    ),
    _p(
        "carried_over",
        r"上一?年度?结转(?:的)?(?:政府信息公开申请|申请)?(?:数量|数)?"
        + _FILLER
        + _NUM
        + r"(?P<u>件)",
    ),
    _p(
        "carried_forward",
        r"(?<!上)(?<!上年)(?:结转|转入?)(?:至|到|入)?(?:下一?年度?|次年|明年|\d{4}年度?)"
        r"(?:继续)?(?:办理)?(?:答复)?" + _FILLER + _NUM + r"(?P<u>件)",
        needs=("申请",),
    ),
    _p(
        "outcome.granted",
        r"(?<![不分])(?:同意公开|予以公开)(?:答复)?" + _FILLER + _NUM + r"(?P<u>件)",
        needs=("申请",),
    ),
    _p("outcome.partial", r"部分公开(?:答复)?" + _FILLER + _NUM + r"(?P<u>件)", needs=("申请",)),
    _p(
        "outcome.refused",
        r"(?:不予公开|不同意公开)(?:答复)?" + _FILLER + _NUM + r"(?P<u>件)",
        needs=("申请",),
    ),
    _p(
        "outcome.unavailable",
        r"无法提供(?:答复)?" + _FILLER + _NUM + r"(?P<u>件)",
        needs=("申请",),
    ),
    _p(
        "outcome.not_processed",
        r"不予处理(?:答复)?" + _FILLER + _NUM + r"(?P<u>件)",
        needs=("申请",),
    ),
    _p("outcome.other", r"其他处理" + _FILLER + _NUM + r"(?P<u>件)", needs=("申请",)),
    _p(
        "outcome.already_public",
        _NUM + r"(?P<u>件)(?:为|属于)(?:已)?主动公开(?:的)?范围",
        needs=("申请",),
    ),
    _p(
        "outcome.already_public",
        r"属于已?主动公开范围(?:的)?" + _FILLER + _NUM + r"(?P<u>件)",
        needs=("申请",),
    ),
    _p(
        "outcome.not_ours",
        _NUM + r"(?P<u>件)不属于[^\d,:|]{0,12}?(?:公开)?(?:范围|职责)",
        needs=("申请",),
    ),
    _p(
        "reconsideration",
        r"行政复议(?:案件|申请)?(?:数|数量)?" + _FILLER + _NUM + r"(?P<u>件|起|宗|次|个)",
    ),
    _p("reconsideration", _NUM + r"(?P<u>件|起|宗)" + _CASE_FILLER + "行政复议"),
    _p(
        "litigation",
        r"行政诉讼(?:案件)?(?:数|数量)?" + _FILLER + _NUM + r"(?P<u>件|起|宗|次|个)",
    ),
    _p("litigation", _NUM + r"(?P<u>件|起|宗)" + _CASE_FILLER + "行政诉讼"),
    _p(
        "proactive",
        r"主动公开(?:了)?(?:政府)?信息(?:共|总计|合计|累计)?" + _NUM + r"(?P<u>条)",
        part_when=("通过", "网站", "公报", "微博", "微信", "公众号", "新媒体", "平台"),
    ),
    _p(
        "responses",
        r"回应(?:了)?[^\d,:|]{0,16}?(?:热点|舆情|关切)(?P<mid>[^\d,:|]{0,10}?)"
        + _NUM
        + r"(?P<u>次)",
        avoid=("不同方式", "计1次"),
        part_when=("通过",),
    ),
)

_CHANNEL_WORDS = {
    "gazette": ("政府公报", "公报"),
    "website": ("政府网站", "门户网站", "网站"),
    "weibo": ("政务微博", "微博"),
    "weixin": ("政务微信", "微信"),
}
_NOT_A_CHANNEL = ("新闻网站", "报刊", "电视", "传统", "新媒体", "查阅点", "广播")
_CHANNEL = re.compile(
    r"通过(?P<ch>[^\d,:|]{1,20}?)(?:主动)?(?:公开|发布)(?:了)?(?:政府|政务)?信息"
    r"(?:共|总计|合计|累计)?" + _NUM + r"(?P<u>条)"
)

_ON_TIME = re.compile(
    r"按时办结完毕"
    r"|(?:均|全部|都|一律)(?:已)?(?:在|于)(?:法定|规定)(?:的)?(?:期限|时限|时间)内?"
    r"(?:予以|进行)?(?:办结|答复|办理)"
    r"|(?:均|全部|都|一律)(?:已)?按(?:时|期|法定期限|规定时限)(?:予以)?(?:办结|答复|办理)"
    r"|按时(?:办结|答复)率(?:达到?|为)?100%"
)
_NO_FEE = re.compile(r"(?:未|没有|不|无|免)(?:收取|收费)|未发生[^\d,:|]{0,12}?收费|免费提供|免收")
_FEE = re.compile(
    r"收取(?:了)?[^\d,:|]{0,16}?(?:费|费用)(?:共|合计|总计|为)?"
    r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?P<u>万元|元)"
)
_FEE_CONTEXT = ("信息处理费", "依申请", "信息公开")
_NONE_OF = re.compile(r"(?:没有|未发生|未收到|未出现)(?:因|涉及|有关)?[^\d,:|]{0,24}?")
_OUTCOME_WORDS = ("纠错", "纠正", "败诉", "撤销", "确认违法", "被")


def find_claims(text: str) -> list[Claim]:
    """Every figure the prose of ``text`` states about a table cell, in text order."""
    claims: list[Claim] = []
    for sentence, norm in _sentences(text):
        if not _FIGURE.search(norm) and not _STATE_HINT.search(norm):
            continue  # no figure with a unit and no on-time/fee/case words: nothing to read
        # a pattern that needs a word the sentence lacks is skipped for all its clauses
        patterns = [
            p for p in _COUNT_PATTERNS if not p.needs or any(word in norm for word in p.needs)
        ]
        offset = 0
        for clause in _CLAUSE_END.split(norm):
            prefix = norm[:offset]
            claims.extend(_clause_claims(sentence, norm, prefix, clause, patterns))
            offset += len(clause) + 1
    return claims


def _clause_claims(
    sentence: str, norm: str, prefix: str, clause: str, patterns: list[_Pattern]
) -> Iterator[Claim]:
    make = _maker(sentence, prefix, clause)
    intent = any(word in clause for word in _INTENT_WORDS)
    figure = _FIGURE.search(clause) is not None
    if not figure:
        patterns = []  # every count pattern reads a figure followed by its unit
    for pattern in patterns:
        if any(word in clause for word in pattern.avoid):
            continue
        for match in pattern.regex.finditer(clause):
            if _approximate(clause, match) or intent:
                continue
            if pattern.kind == "received" and not _about_requests(match):
                continue
            if _combined(pattern.kind, clause, match):
                continue
            yield make(pattern, match)
    if figure:
        yield from _channel_claims(make, clause, intent)
    if not intent:
        yield from _state_claims(sentence, norm, clause)


def _maker(sentence: str, prefix: str, clause: str) -> Callable[[_Pattern, re.Match[str]], Claim]:
    def make(pattern: _Pattern, match: re.Match[str]) -> Claim:
        before = prefix + clause[: match.start()]
        part = _partial(before) or any(word in clause for word in pattern.part_when)
        channel = ""
        if pattern.kind == "received":
            channel = _channel_row(match.group(0))
        return Claim(
            kind=pattern.kind,
            value=int(match.group("n")),
            unit=match.group("u"),
            sentence=sentence,
            phrase=match.group(0),
            at_most=part,
            channel=channel,
        )

    return make


def _about_requests(match: re.Match[str]) -> bool:
    return "信息公开" in match.group(0) or "依申请" in match.group(0)


#: A figure that follows a kind of case belongs to it ("行政复议36起、行政诉讼9起").
_CASE_BEFORE = re.compile(
    r"(?:行政复议|行政诉讼)(?:案件|申请)?(?:数|数量)?(?:的)?(?:有|共|为|达)?$"
)
_OTHER_CASE = {"reconsideration": "行政诉讼", "litigation": "行政复议"}


def _combined(kind: str, clause: str, match: re.Match[str]) -> bool:
    """ "行政复议、行政诉讼共 5 件": one figure for both kinds of case."""
    other = _OTHER_CASE.get(kind)
    if other is None:
        return False
    if match.start("n") == match.start():  # "5 件…行政复议": look after it
        after = clause[match.end() :]
        before = clause[: match.start()]
        return other in re.split(r"\d", after)[0] or bool(_CASE_BEFORE.search(before))
    before = clause[: match.start()]
    return other in re.split(r"\d", before)[-1]


def _channel_row(words: str) -> str:
    named = [row for row, keys in _CHANNELS.items() if any(key in words for key in keys)]
    return named[0] if len(named) == 1 else ""


def _channel_claims(
    make: Callable[[_Pattern, re.Match[str]], Claim], clause: str, intent: bool
) -> Iterator[Claim]:
    if intent:
        return
    for match in _CHANNEL.finditer(clause):
        words = match.group("ch")
        if any(word in words for word in _NOT_A_CHANNEL) or _approximate(clause, match):
            continue
        named = [ch for ch, keys in _CHANNEL_WORDS.items() if any(key in words for key in keys)]
        if len(named) == 1:
            yield make(_Pattern(f"channel.{named[0]}", _CHANNEL), match)


def _state_claims(sentence: str, norm: str, clause: str) -> Iterator[Claim]:
    """Claims without a figure: on time, no fee, no reconsideration/litigation."""
    on_time = _ON_TIME.search(clause)
    if on_time and not re.search(r"(?:未|不|没有)" + re.escape(on_time.group(0)), clause):
        yield Claim("on_time", None, "", sentence, on_time.group(0))
    fee_context = any(word in norm for word in _FEE_CONTEXT)
    if fee_context and "缴纳" not in clause and "行政事业性收费" not in clause:
        fee = _FEE.search(clause)
        if fee:
            yield Claim("fee", Decimal(fee.group("n")), fee.group("u"), sentence, fee.group(0))
        else:
            no_fee = _NO_FEE.search(clause)
            if no_fee and "费" in norm:
                yield Claim("no_fee", None, "", sentence, no_fee.group(0))
    for kind, word in (("reconsideration", "行政复议"), ("litigation", "行政诉讼")):
        none = re.search(_NONE_OF.pattern + r"(?:行政复议(?:和|及|、|或))?" + word, clause)
        if none and not any(w in clause[none.start() :] for w in _OUTCOME_WORDS):
            yield Claim(kind, 0, "", sentence, none.group(0))


# --- which cells a claim describes ------------------------------------------------------

#: What each kind of claim is about, as the checker's messages say it.
TEXT_WHAT: dict[str, str] = {
    "received": "收到政府信息公开申请",
    "completed": "办结申请",
    "carried_over": "上年结转申请",
    "carried_forward": "结转下年度办理申请",
    "outcome.granted": "予以公开",
    "outcome.partial": "部分公开",
    "outcome.refused": "不予公开",
    "outcome.unavailable": "无法提供",
    "outcome.not_processed": "不予处理",
    "outcome.other": "其他处理",
    "outcome.already_public": "属于已主动公开范围",
    "outcome.not_ours": "不属于本机关公开范围",
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
    "proactive": "主动公开政府信息",
    "channel.gazette": "通过政府公报公开政府信息",
    "channel.website": "通过政府网站公开政府信息",
    "channel.weibo": "通过政务微博公开政府信息",
    "channel.weixin": "通过政务微信公开政府信息",
    "responses": "回应热点或舆情",
}


@dataclass(frozen=True)
class Described:
    """The cells a claim states: the table's figure is the sum of ``paths``; a figure
    equal to the sum of one of the ``alternatives`` agrees with the text too."""

    paths: tuple[str, ...]
    where: str  # the table's figure, as the messages name it
    alternatives: tuple[tuple[str, ...], ...] = ()


_NEW, _OVER = "applications.new.total", "applications.carried_over.total"
_DIRECT = "review_litigation.litigation_direct.total"
_AFTER = "review_litigation.litigation_after_review.total"
_NATIONAL: dict[str, Described] = {
    # "受理" may count last year's applications too.
    "received": Described((_NEW,), "表格“一、本年新收政府信息公开申请数量”总计", ((_NEW, _OVER),)),
    "completed": Described(("applications.total.total",), "表格“（七）总计”"),
    "carried_over": Described((_OVER,), "表格“二、上年结转政府信息公开申请数量”总计"),
    "carried_forward": Described(
        ("applications.carried_forward.total",), "表格“四、结转下年度继续办理”总计"
    ),
    "reconsideration": Described(("review_litigation.reconsideration.total",), "表格行政复议总计"),
    # A text may speak of one litigation group only.
    "litigation": Described((_DIRECT, _AFTER), "表格行政诉讼总计", ((_DIRECT,), (_AFTER,))),
}
_OUTCOME_CAPTIONS = {"granted": "（一）予以公开", "partial": "（二）部分公开", **RESULT_GROUPS}
#: kind → legacy row (rules.md §3) and its label.
_LEGACY: dict[str, tuple[str, str]] = {
    "received": ("3.1", "（一）收到申请数"),
    "completed": ("3.2", "（二）申请办结数"),
    "outcome.already_public": ("3.3.1", "1.属于已主动公开范围数"),
    "outcome.granted": ("3.3.2", "2.同意公开答复数"),
    "outcome.partial": ("3.3.3", "3.同意部分公开答复数"),
    "outcome.refused": ("3.3.4", "4.不同意公开答复数"),
    "outcome.not_ours": ("3.3.5", "5.不属于本行政机关公开数"),
    "reconsideration": ("4", "四、行政复议数量"),
    "litigation": ("5", "五、行政诉讼数量"),
    "proactive": ("1.1", "（一）主动公开政府信息数"),
    "channel.gazette": ("1.2.1", "1.政府公报公开政府信息数"),
    "channel.website": ("1.2.2", "2.政府网站公开政府信息数"),
    "channel.weibo": ("1.2.3", "3.政务微博公开政府信息数"),
    "channel.weixin": ("1.2.4", "4.政务微信公开政府信息数"),
    "responses": ("2.1", "（一）回应公众关注热点或重大舆情数"),
}


def describe(form: str, claim: Claim) -> Described | None:
    """The cells of ``form`` that ``claim`` states; None when the form has none (the
    2019/2021 tables have no proactive totals, the 2014 form no carried-over rows)."""
    if form == "2014":
        if claim.kind not in _LEGACY:
            return None
        code, label = _LEGACY[claim.kind]
        channel = ((f"rows.{claim.channel}",),) if claim.channel else ()
        return Described((f"rows.{code}",), f"统计表“{label}”", channel)
    if form not in ("2019", "2021"):
        return None
    group = claim.kind.removeprefix("outcome.")
    if claim.kind.startswith("outcome.") and group in _OUTCOME_CAPTIONS:
        rows = [
            row
            for row, _ in application_rows("2019" if form == "2019" else "2021")
            if row == group or row.startswith(group + ".")
        ]
        total = "总计" if len(rows) == 1 else "各项合计"
        paths = tuple(f"applications.{row}.total" for row in rows)
        return Described(paths, f"表格“{_OUTCOME_CAPTIONS[group]}”{total}")
    return _NATIONAL.get(claim.kind)
