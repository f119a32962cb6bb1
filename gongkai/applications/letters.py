"""Composing letters (告知书): the title, recipient and body text of a notice or reply
from the case's facts.

The wording lives in Django text templates, one per kind and one per reply outcome:
``templates/applications/letters/text/<kind>.txt`` and ``text/reply/<outcome>.txt``.
An agency may replace any of them with its own text (:class:`LetterTemplate`). Both are
rendered by one restricted engine against the same *plain* variables (strings, numbers,
lists of dicts — never model instances; :data:`VARIABLES` documents them), and agency
text may only use the simple tags of :data:`ALLOWED_TAGS` (no include, load, url …;
checked with the other upload checks in :mod:`gongkai.applications.letter_render`).

Body text is one paragraph per line (blank lines and indentation are dropped). Dates
print as 2024年10月30日; a date computed while that year's holiday schedule was missing
is marked （暂定） and explained by a closing note.

Letter numbers (文号): ``<机关简称><类型代字>〔<出具年度>〕<序号>号``, one sequence per
agency, year of issue and kind, e.g. ``滨河镇依申告〔2025〕3号``. The 简称 is the agency's
short name; without one, its full name less 人民政府 and less its parent's name
(中卫市沙坡头区滨河镇人民政府 under 中卫市沙坡头区人民政府 → 滨河镇). The 代字 per kind
are :data:`NUMBER_CODES`. Rendering to DOCX/PDF: :mod:`gongkai.applications.letter_render`.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.template import Context, Engine, Library, Node, NodeList, defaultfilters, defaulttags
from django.template.base import FilterExpression, Parser, Token
from django.template.defaulttags import ForNode
from django.utils.safestring import SafeString

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications import deadlines, outcomes
from gongkai.applications.models import (
    Application,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    Fee,
    LetterKind,
    LetterTemplate,
    Outcome,
    ThirdPartyInterest,
)
from gongkai.core.templatetags.gongkai import cn_date

logger = logging.getLogger(__name__)

TEXT_DIR = Path(__file__).parent / "templates" / "applications" / "letters" / "text"
TRACKING_PATH = "/yishenqing/track/"

#: Every outcome a reply letter can have: the reply outcomes, 不属于本机关 (transfer) and
#: the two 视为放弃 notices (no correction, unpaid fee). A withdrawal needs no letter.
ABANDONMENTS = (Outcome.NO_CORRECTION, Outcome.UNPAID_FEE)
LETTER_OUTCOMES: tuple[str, ...] = tuple(
    o
    for o in Outcome.values
    if o in outcomes.REPLY_OUTCOMES or o == Outcome.NOT_RESPONSIBLE or o in ABANDONMENTS
)
#: Replies that refuse or do not provide information carry the remedies sentence.
REMEDY_OUTCOMES = frozenset(LETTER_OUTCOMES) - {Outcome.GRANTED, Outcome.ALREADY_PUBLIC}

TITLES: dict[str, str] = {
    LetterKind.RECEIPT: "政府信息公开申请登记回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.CONSULTATION: "政府信息公开第三方意见征询函",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.FEE: "政府信息公开信息处理费收费通知书",
    LetterKind.REPLY: "政府信息公开申请答复告知书",
}
CO_MAKER_TITLE = "政府信息公开征求意见函"

#: 类型代字 of the letter numbers, one sequence each.
NUMBER_CODES: dict[str, str] = {
    LetterKind.RECEIPT: "依申收",
    LetterKind.CORRECTION: "依申补",
    LetterKind.CONSULTATION: "依申征",
    LetterKind.EXTENSION: "依申延",
    LetterKind.FEE: "依申费",
    LetterKind.REPLY: "依申告",
}

#: Tags agency templates may use (Django's simple built-ins; nothing that loads files,
#: other templates or libraries).
# fmt: off
ALLOWED_TAGS = frozenset({
    "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith",
    "firstof", "now", "comment", "endcomment", "cycle", "filter", "endfilter",
    "ifchanged", "endifchanged", "spaceless", "endspaceless", "templatetag",
    "verbatim", "endverbatim", "widthratio",
})
# fmt: on

PROVISIONAL = "（暂定）"
PROVISIONAL_NOTE = (
    "注：标注“暂定”的日期，是在当年法定节假日安排公布前按工作日推算的；"
    "节假日安排公布后如有变化，以重新推算的日期为准。"
)
UNDECIDED = "（待定）"
INVALID = "\x00INVALID:%s\x00"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

CHANNEL_PHRASES: dict[str, str] = {
    "in_person": "当面提交的方式",
    "registered_mail": "挂号信函",
    "ordinary_mail": "平常信函",
    "fax": "传真",
    "online": "网上申请平台",
    "email": "电子邮件",
}

#: Why withheld content of a partial disclosure is withheld, by legal ground.
GROUND_PHRASES: dict[str, str] = {
    Outcome.REFUSED_STATE_SECRET: "属于依法确定为国家秘密的政府信息",
    Outcome.REFUSED_LAW_FORBIDS: "属于法律、行政法规禁止公开的政府信息",
    Outcome.REFUSED_SECURITY_STABILITY: "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    Outcome.REFUSED_THIRD_PARTY: "涉及第三方的{interest}，公开会对第三方合法权益造成损害",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
    Outcome.REFUSED_PROCESS_INFO: (
        "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
    ),
    Outcome.REFUSED_ENFORCEMENT_FILE: "属于行政执法案卷信息",
    Outcome.REFUSED_QUERY_PROCEDURE: "属于法律、行政法规对信息的获取有特别规定的情形",
}


@dataclass(frozen=True)
class Composed:
    title: str
    recipient: str
    body: str


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    scope: str = "全部文书"


_VARIABLE_TABLE = """
agency | 受理机关全称
agency_short | 受理机关简称
office | 政府信息公开工作机构名称（未设置时为机关全称）
office_address | 办公地址
office_phone | 联系电话
contact | 联系方式句子，如“如有疑问，请与本机关联系（联系电话：…）。”
recipient | 收件人（申请人或被征求意见方）
you | 对收件人的称呼：你、你单位、你（单位）或贵机关
applicant | 申请人姓名或名称
number | 登记号，如〔2024〕0012号
tracking_code | 查询码
tracking_url | 申请进度查询网址
channel | 申请方式，如“当面提交的方式”“网上申请平台”
submitted_on | 申请提交日期
received_on | 收到申请日期（条例第三十一条）
description | 所需信息的内容描述
document_number | 文件名称或文号
requested_form | 指定提供载体形式：纸质或电子
delivery_method | 获取信息方式：邮寄、自行领取、电子邮件、网上获取
reply_period | 法定答复期限的工作日数（20，2019年5月15日前收到的为15）
reply_article | 答复期限条款：第三十三条（旧条例第二十四条）
reply_due_on | 答复期限（暂定的带“（暂定）”）
latest_due_on | 含最长延期的最迟答复期限
correction_requested_on | 补正告知日期 | 补正告知书、答复告知书
correction_items | 需补正事项 | 补正告知书
correction_deadline | 补正期限 | 补正告知书
correction_received_on | 收到补正日期 | 答复告知书
extension_days | 延长的工作日数 | 延期答复告知书
extension_reason | 延期理由 | 延期答复告知书
extension_article | 延期条款：第三十三条第二款 | 延期答复告知书
extended_on | 延期决定日期 | 延期答复告知书
consultation_kind | third_party（第三方）或 co_maker（共同制作机关） | 征询函
consultation_party | 被征求意见方 | 征询函
consultation_sent_on | 征询函发出日期 | 征询函
consultation_due_on | 对方答复期限（收到后15个工作日） | 征询函
fee_method | 计收方式：按件计收或按量计收 | 收费通知书
fee_nth_in_month | 按件计收时为当月第几件申请 | 收费通知书
fee_pages | 按量计收时的页数 | 收费通知书
fee_lines | 计算明细列表，每项有 description、quantity、rate、amount | 收费通知书
fee_amount | 应缴金额（元，两位小数） | 收费通知书
fee_notice_on | 收费通知日期 | 收费通知书
fee_payment_due_on | 缴费期限 | 收费通知书
fee_pauses_clock | 缴费期间是否不计入答复期限（真/假） | 收费通知书
outcome | 答复类型代码，如 granted、refused.third_party | 答复告知书
outcome_label | 答复类型名称 | 答复告知书
article | 该答复类型依据的条例条款 | 答复告知书
reasoning | 答复的理由和依据 | 答复告知书
reply_summary | 答复内容摘要（提供的信息） | 答复告知书
withheld_description | 部分公开时不予公开的部分 | 答复告知书
withheld_ground | 不予公开部分的理由（完整短语） | 答复告知书
withheld_article | 不予公开部分依据的条款 | 答复告知书
third_party_interest | 涉及的第三方权益：商业秘密、个人隐私或其他合法权益 | 答复告知书
third_party_objected | 曾书面征求第三方意见且第三方不同意公开（真/假） | 答复告知书
where_published | 已公开的获取途径 | 答复告知书
responsible_agency | 负责公开的机关 | 答复告知书
responsible_contact | 该机关联系方式 | 答复告知书
replied_on | 答复（办结）日期 | 答复告知书
remedies | 救济途径句子（行政复议60日、行政诉讼6个月） | 答复告知书
provisional_note | 有暂定日期时的说明句子，否则为空
today | 生成文书的日期
"""
#: The variables every letter template can use (the downloadable reference), from the
#: table above: name | meaning | the letters it is filled for (default: all).
VARIABLES: tuple[Variable, ...] = tuple(
    Variable(*(part.strip() for part in line.split("|")))
    for line in _VARIABLE_TABLE.strip().split("\n")
)


# --- small text helpers ------------------------------------------------------------


def clean_text(text: str) -> str:
    """User text safe for DOCX/PDF: no control characters, ``\\n`` line ends."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def normalise(text: str) -> str:
    """One paragraph per line: lines stripped, empty lines dropped."""
    lines = (line.strip() for line in clean_text(text).split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs(body: str) -> list[str]:
    text = normalise(body)
    return text.split("\n") if text else []


def _clause(text: str) -> str:
    """Text used inside a sentence: one line, no closing punctuation."""
    return re.sub(r"\s+", " ", clean_text(text)).strip().rstrip("。；;，,.．！!")


def _sentence(text: str) -> str:
    """Text used as its own sentence(s): closed with 。 unless it already ends a sentence."""
    text = normalise(text)
    if text and text[-1] not in "。！？!?；;：:”」）)":
        text += "。"
    return text


def _date(value: datetime.date | None, provisional: bool = False) -> str:
    if value is None:
        return UNDECIDED
    return cn_date(value) + (PROVISIONAL if provisional else "")


def _money(value: Any) -> str:
    return f"{Decimal(str(value)):.2f}"


def _number(value: Any) -> str:
    """10.00 → 10; 12.5 → 12.5."""
    d = Decimal(str(value))
    return f"{d:f}" if d != d.to_integral() else str(d.to_integral())


def agency_short(agency: Agency) -> str:
    """The 简称 used in letter numbers (see the module docstring)."""
    if agency.short_name:
        return agency.short_name
    name = agency.name.removesuffix("人民政府")
    parent = agency.parent
    if parent is not None:
        base = parent.name.removesuffix("人民政府")
        if base and name.startswith(base) and len(name) > len(base):
            name = name[len(base) :]
    return name or agency.name


def format_number(agency: Agency, kind: str, year: int, n: int) -> str:
    tail = f"{NUMBER_CODES[kind]}〔{year}〕{n}号"
    return agency_short(agency)[: 60 - len(tail)] + tail


def title_for(kind: str, consultation: Consultation | None = None) -> str:
    if (
        kind == LetterKind.CONSULTATION
        and consultation is not None
        and consultation.kind == ConsultationKind.CO_MAKER
    ):
        return CO_MAKER_TITLE
    return TITLES[kind]


def slot_label(kind: str, outcome: str = "") -> str:
    label = LetterKind(kind).label
    return f"{label}（{Outcome(outcome).label}）" if outcome else label


def template_name(kind: str, outcome: str = "") -> str:
    if kind not in LetterKind.values:
        raise ValueError(f"unknown letter kind {kind!r}")
    if kind == LetterKind.REPLY:
        if outcome not in LETTER_OUTCOMES:
            raise ValueError(f"no reply letter for outcome {outcome!r}")
        return f"reply/{outcome}.txt"
    return f"{kind}.txt"


def default_source(kind: str, outcome: str = "") -> str:
    """The platform's wording of a letter, as an agency template starts from it."""
    return (TEXT_DIR / template_name(kind, outcome)).read_text(encoding="utf-8")


# --- the variables -------------------------------------------------------------------


def _contact(agency: Agency) -> str:
    parts = []
    if agency.office_name:
        parts.append(f"联系机构：{agency.office_name}")
    if agency.office_address:
        parts.append(f"地址：{agency.office_address}")
    if agency.office_phone:
        parts.append(f"联系电话：{agency.office_phone}")
    if not parts:
        return ""
    return "如有疑问，请与本机关联系（" + "；".join(parts) + "）。"


def reconsideration_body(agency: Agency) -> str:
    """The people's government above the agency, which hears reconsiderations of its
    departments and of the governments below it (行政复议法 2023, 第二十四条); blank
    when the tree does not tell."""
    parent = agency.parent
    if parent is not None and parent.kind == AgencyKind.GOVERNMENT:
        return parent.name
    return ""


def remedies_sentence(agency: Agency, you: str) -> str:
    body = reconsideration_body(agency)
    where = f"向{body}" if body else ""
    return (
        f"{you}如对本答复不服，可以自收到本答复之日起60日内依法{where}申请行政复议，"
        f"也可以自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
    )


def _fee_context(fee: Fee | None) -> dict[str, Any]:
    if fee is None:
        return {
            "fee_method": "",
            "fee_nth_in_month": "",
            "fee_pages": "",
            "fee_lines": [],
            "fee_amount": "",
            "fee_notice_on": "",
            "fee_payment_due_on": "",
        }
    lines = [
        {
            "description": str(line.get("description", "")),
            "quantity": line.get("quantity", ""),
            "rate": _number(line.get("rate", 0)),
            "amount": _money(line.get("amount", 0)),
        }
        for line in (fee.lines or [])
    ]
    return {
        "fee_method": fee.get_method_display(),
        "fee_nth_in_month": fee.nth_in_month or "",
        "fee_pages": fee.pages or "",
        "fee_lines": lines,
        "fee_amount": _money(fee.amount),
        "fee_notice_on": _date(fee.notice_on),
        "fee_payment_due_on": _date(fee.payment_due_on, fee.due_provisional),
    }


def letter_context(
    application: Application,
    kind: str,
    *,
    outcome: str = "",
    consultation: Consultation | None = None,
    fee: Fee | None = None,
    objected: bool | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """The plain variables of one letter (see :data:`VARIABLES`)."""
    from gongkai.applications import actions

    a = application
    agency = a.agency
    saved = a.pk is not None
    if fee is None and saved and (kind == LetterKind.FEE or outcome == Outcome.UNPAID_FEE):
        fee = Fee.objects.filter(application=a).first()
    if objected is None:
        objected = saved and a.consultations.filter(answer=ConsultationAnswer.OBJECT).exists()
    periods = deadlines.periods_for(a.received_on or a.submitted_on)
    old = periods.regime == "2007"
    if kind == LetterKind.CONSULTATION and consultation is not None:
        co_maker = consultation.kind == ConsultationKind.CO_MAKER
        you = "贵机关" if co_maker else "你（单位）"
        recipient = consultation.party
    else:
        you = "你单位" if a.is_organisation else "你"
        recipient = a.applicant_name
    provisional = {
        LetterKind.RECEIPT: a.due_provisional,
        LetterKind.EXTENSION: a.due_provisional,
        LetterKind.CONSULTATION: consultation is not None and consultation.due_provisional,
        LetterKind.FEE: fee is not None and fee.due_provisional,
    }.get(LetterKind(kind), False)
    interest = (
        ThirdPartyInterest(a.third_party_interest).label if a.third_party_interest else "合法权益"
    )
    ground = GROUND_PHRASES.get(a.withheld_ground, "").format(interest=interest)
    today = today or actions.today()
    context: dict[str, Any] = {
        "agency": agency.name,
        "agency_short": agency_short(agency),
        "office": agency.office_name or agency.name,
        "office_address": agency.office_address,
        "office_phone": agency.office_phone,
        "contact": _contact(agency),
        "recipient": recipient,
        "you": you,
        "applicant": a.applicant_name,
        "number": a.number,
        "tracking_code": a.tracking_code,
        "tracking_url": settings.SITE_URL + TRACKING_PATH,
        "channel": CHANNEL_PHRASES.get(a.channel, a.get_channel_display()),
        "submitted_on": _date(a.submitted_on),
        "received_on": _date(a.received_on),
        "description": _clause(a.description),
        "document_number": _clause(a.document_number),
        "requested_form": a.get_requested_form_display(),
        "delivery_method": a.get_delivery_method_display(),
        "reply_period": periods.reply,
        "reply_article": "第二十四条" if old else "第三十三条",
        "reply_due_on": _date(a.reply_due_on, a.due_provisional),
        "latest_due_on": _date(a.latest_due_on, a.due_provisional),
        "correction_requested_on": _date(a.correction_requested_on),
        "correction_items": normalise(a.correction_items),
        "correction_deadline": _date(a.correction_deadline),
        "correction_received_on": cn_date(a.correction_received_on),
        "extension_days": a.extension_days,
        "extension_reason": _clause(a.extension_reason),
        "extension_article": "第二十四条第二款" if old else "第三十三条第二款",
        "extended_on": _date(a.extended_on),
        "consultation_kind": consultation.kind if consultation else "",
        "consultation_party": consultation.party if consultation else "",
        "consultation_sent_on": _date(consultation.sent_on) if consultation else "",
        "consultation_due_on": (
            _date(consultation.due_on, consultation.due_provisional) if consultation else ""
        ),
        **_fee_context(fee),
        "fee_pauses_clock": actions.fee_pauses_reply_clock(),
        "outcome": outcome,
        "outcome_label": Outcome(outcome).label if outcome else "",
        "article": outcomes.article(outcome, periods.regime),
        "reasoning": _sentence(a.reasoning),
        "reply_summary": _clause(a.reply_summary),
        "withheld_description": _clause(a.withheld_description),
        "withheld_ground": ground,
        "withheld_article": outcomes.article(a.withheld_ground, periods.regime),
        "third_party_interest": interest,
        "third_party_objected": objected,
        "where_published": _clause(a.where_published),
        "responsible_agency": a.responsible_agency,
        "responsible_contact": _clause(a.responsible_contact),
        "replied_on": _date(a.closed_on),
        "remedies": remedies_sentence(agency, you) if outcome in REMEDY_OUTCOMES else "",
        "provisional_note": PROVISIONAL_NOTE if provisional else "",
        "today": cn_date(today),
    }
    return context


# --- rendering -----------------------------------------------------------------------


# --- the restricted engine ----------------------------------------------------------------
#
# Office admins write the agency templates, and every case action renders them. Django's
# full tag and filter set lets a short template run for hours or fill the memory (three
# nested loops over a long string literal, ``|center:"999999999"``, a ``{% with %}`` that
# doubles a string sixty times). The engine therefore knows only the tags of
# ALLOWED_TAGS and the filters of SAFE_FILTERS, and one rendering may run at most
# MAX_LOOP_ITERATIONS loop iterations and produce at most MAX_TEXT_CHARS characters in
# loops (or in one ``add``).

MAX_LOOP_ITERATIONS = 1000
MAX_TEXT_CHARS = 100_000
TOO_MANY_ITERATIONS = f"模板中的循环次数过多（每份文书最多 {MAX_LOOP_ITERATIONS} 次）"
TOO_LONG = f"模板生成的正文过长（最多 {MAX_TEXT_CHARS} 个字符）"

#: Filters agency templates may use: none of them makes text much longer than its input.
# fmt: off
SAFE_FILTERS = frozenset({
    "add", "capfirst", "cut", "date", "default", "default_if_none", "divisibleby",
    "first", "last", "length", "lower", "pluralize", "slice", "time", "title",
    "truncatechars", "truncatewords", "upper", "wordcount", "yesno",
})
# fmt: on


class TemplateLimitError(Exception):
    """A rendering went past a limit of the restricted engine (message in Chinese)."""


class _Budget:
    def __init__(self) -> None:
        self.iterations = 0
        self.chars = 0


_BUDGET_KEY = "gongkai.applications.letters.budget"


def _budget(context: Context) -> _Budget:
    """The counters of the rendering ``context`` belongs to."""
    store = cast(dict[str, Any], context.render_context.dicts[0])
    budget = store.get(_BUDGET_KEY)
    if not isinstance(budget, _Budget):
        budget = store[_BUDGET_KEY] = _Budget()
    return budget


class _LimitedForNode(ForNode):
    def render(self, context: Context) -> SafeString | str:
        values = cast(FilterExpression, self.sequence).resolve(context, ignore_failures=True)
        budget = _budget(context)
        budget.iterations += len(values) if hasattr(values, "__len__") else 0
        if budget.iterations > MAX_LOOP_ITERATIONS:
            raise TemplateLimitError(TOO_MANY_ITERATIONS)
        return super().render(context)


class _MeteredNode(Node):
    """One node of a loop's body; counts what it renders against the budget."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.token = node.token
        self.origin = node.origin

    def render(self, context: Context) -> SafeString | str:
        text = str(self.node.render_annotated(context))
        budget = _budget(context)
        budget.chars += len(text)
        if budget.chars > MAX_TEXT_CHARS:
            raise TemplateLimitError(TOO_LONG)
        return text


def _do_for(parser: Parser, token: Token) -> _LimitedForNode:
    node = defaulttags.do_for(parser, token)
    body = NodeList(_MeteredNode(cast(Node, n)) for n in node.nodelist_loop)
    return _LimitedForNode(
        node.loopvars, node.sequence, node.is_reversed, body, node.nodelist_empty
    )


def _add(value: Any, arg: Any) -> Any:
    result = defaultfilters.add(value, arg)
    if hasattr(result, "__len__") and len(result) > MAX_TEXT_CHARS:
        raise TemplateLimitError(TOO_LONG)
    return result


def _library() -> Library:
    library = Library()
    for name in ALLOWED_TAGS & set(defaulttags.register.tags):
        library.tags[name] = defaulttags.register.tags[name]
    library.tags["for"] = _do_for
    for name in SAFE_FILTERS:
        library.filters[name] = defaultfilters.register.filters[name]
    library.filters["add"] = _add
    return library


RESTRICTED_LIBRARY = _library()


def _engine(string_if_invalid: str = "") -> Engine:
    engine = Engine(
        dirs=[str(TEXT_DIR)],
        app_dirs=False,
        autoescape=False,
        string_if_invalid=string_if_invalid,
    )
    engine.template_builtins = [RESTRICTED_LIBRARY]  # instead of Django's full set
    return engine


ENGINE = _engine()
CHECK_ENGINE = _engine(INVALID)


def render_source(source: str, context: dict[str, Any]) -> str:
    """Render template text (an agency's) to a normalised body."""
    template = ENGINE.from_string(source)
    return normalise(template.render(Context(context, autoescape=False)))


def render_default(kind: str, outcome: str, context: dict[str, Any]) -> str:
    template = ENGINE.get_template(template_name(kind, outcome))
    return normalise(template.render(Context(context, autoescape=False)))


def agency_source(agency_id: int, kind: str, outcome: str = "") -> str:
    """The agency's own wording of this letter, or "" for the platform's."""
    body = (
        LetterTemplate.objects.filter(agency_id=agency_id, kind=kind, outcome=outcome)
        .values_list("body", flat=True)
        .first()
    )
    return body or ""


def compose(
    application: Application,
    kind: str,
    *,
    outcome: str = "",
    consultation: Consultation | None = None,
    today: datetime.date | None = None,
) -> Composed:
    """The letter's title, recipient and body from the agency's template or the
    default. An agency template that fails on this case's data falls back to the
    default wording (a broken template must never block the case's action)."""
    context = letter_context(
        application, kind, outcome=outcome, consultation=consultation, today=today
    )
    body = ""
    custom = agency_source(application.agency_id, kind, outcome)
    if custom:
        try:
            body = render_source(custom, context)
        except Exception:
            logger.exception("agency letter template failed; using the default wording")
            body = ""
    if not body:
        body = render_default(kind, outcome, context)
    return Composed(title_for(kind, consultation), context["recipient"], body)
