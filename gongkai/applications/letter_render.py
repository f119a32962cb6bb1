"""Rendering a letter to DOCX and PDF, and checking what office admins upload (their
wording templates and Word layouts) against an invented sample case.

DOCX: docxtpl with the agency's own Word layout (a :class:`LetterTemplate` without kind)
or the platform's default (:mod:`gongkai.applications.letter_layout`). Layouts are
rendered in Jinja's *sandboxed* environment with autoescaping, since office admins
upload them. PDF: WeasyPrint from ``applications/letters/print/letter.html`` with the
Noto CJK fonts (the same sheet is the preview on the letter's page); the agency layout
affects the DOCX only.

Both take the variables of :func:`layout_context`. A draft is rendered with a 草稿 mark,
without number or date.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template import Context, TemplateSyntaxError
from docx import Document as open_docx
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from gongkai.agencies.models import Agency
from gongkai.applications import fees
from gongkai.applications.letter_layout import default_layout_bytes
from gongkai.applications.letters import (
    ALLOWED_TAGS,
    CHECK_ENGINE,
    INVALID,
    MAX_LOOP_ITERATIONS,
    MAX_TEXT_CHARS,
    SAFE_FILTERS,
    VARIABLES,
    TemplateLimitError,
    clean_text,
    letter_context,
    normalise,
    paragraphs,
)
from gongkai.applications.models import (
    Application,
    Consultation,
    Fee,
    Letter,
    LetterKind,
    LetterTemplate,
    Outcome,
)
from gongkai.core.templatetags.gongkai import cn_date
from gongkai.publishing.printing import render_pdf as weasy_pdf

MAX_LAYOUT_BYTES = 5 * 1024 * 1024
MAX_TEMPLATE_CHARS = 20000
_INVALID_RE = re.compile(INVALID.replace("%s", "(.*?)"))
_TAG_RE = re.compile(r"\{%-?\s*(\w+)")
_TOKEN_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_QUOTED_RE = re.compile(r"\"[^\"]*\"|'[^']*'")
_FILTER_RE = re.compile(r"\|\s*(\w+)")
_FILTER_TAG_RE = re.compile(r"\{%-?\s*filter\s+(\w+)")
DRAFT_NUMBER = "（文号在出具时生成）"
DRAFT_DATE = "（出具日期）"
PDF_TEMPLATE = "applications/letters/print/letter.html"


@dataclass(frozen=True)
class LayoutVariable:
    name: str
    label: str


#: What a Word layout may use.
LAYOUT_VARIABLES: tuple[LayoutVariable, ...] = (
    LayoutVariable("agency", "出具机关全称"),
    LayoutVariable("title", "文书标题"),
    LayoutVariable("number", "文号"),
    LayoutVariable("recipient", "收件人"),
    LayoutVariable("paragraphs", "正文段落列表：{%p for p in paragraphs %}{{ p }}{%p endfor %}"),
    LayoutVariable("body", "整段正文（段落之间自动分段）"),
    LayoutVariable("signature", "落款机关"),
    LayoutVariable("issued_on", "出具日期，如2024年10月30日"),
    LayoutVariable("application_number", "申请登记号"),
    LayoutVariable("applicant", "申请人"),
    LayoutVariable("draft", "是否草稿（真/假）"),
)
LAYOUT_NAMES = frozenset(v.name for v in LAYOUT_VARIABLES)


class LayoutNotAllowed(ValueError):
    """A Word layout uses template syntax that layouts may not use (message in Chinese)."""


#: Jinja filters a Word layout may use: none makes text much longer than its input.
LAYOUT_FILTERS = frozenset(
    {"capitalize", "count", "d", "default", "e", "escape", "first", "last", "length"}
    | {"lower", "string", "striptags", "title", "trim", "truncate", "upper", "wordcount"}
)
#: Template syntax a Word layout may use: variables, filters of LAYOUT_FILTERS, tests,
#: comparisons, ``if`` and one level of ``for``. No calls (``range``, ``lipsum``, string
#: methods like ``ljust``), no ``**``, ``%`` or ``*`` on text, no ``set``/``with``/
#: ``macro``, no ``autoescape`` blocks: each of them lets a small upload run for hours,
#: fill the memory or put raw XML into the letters.
_LAYOUT_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.If,
    nodes.For, nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test,
    nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos,
    nodes.CondExpr, nodes.Concat, nodes.Add, nodes.Sub, nodes.Mul, nodes.Tuple, nodes.List,
    nodes.Keyword,
)  # fmt: skip
_NODE_NAMES: dict[type[nodes.Node], str] = {
    nodes.Call: "函数或方法调用",
    nodes.Pow: "乘方运算（**）",
    nodes.Mul: "对文字的乘法运算（*）",
    nodes.Mod: "取模或格式化运算（%）",
    nodes.Div: "除法运算（/）",
    nodes.FloorDiv: "整除运算（//）",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.With: "{% with %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from … import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.Scope: "{% autoescape %}",
    nodes.ScopedEvalContextModifier: "{% autoescape %}",
    nodes.EvalContextModifier: "{% autoescape %}",
    nodes.Dict: "字典",
}
_LOOP_NUMBERS = frozenset({"length", "index", "index0", "revindex", "revindex0"})


def _small_number(node: nodes.Node) -> bool:
    """A number literal, or ``loop.length``/``loop.index`` (docxtpl's ``{% hm %}``
    writes ``{{ 2 * loop.length }}``)."""
    if isinstance(node, nodes.Const):
        value = node.value
        return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= 1000
    return (
        isinstance(node, nodes.Getattr)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "loop"
        and node.attr in _LOOP_NUMBERS
    )


def check_layout_syntax(node: nodes.Node, *, in_loop: bool = False) -> None:
    """Refuse the template syntax a Word layout may not use (:data:`_LAYOUT_NODES`)."""

    def refuse(what: str) -> LayoutNotAllowed:
        return LayoutNotAllowed(
            f"Word 版式模板中不能使用{what}；只能使用变量、if 判断和一层 for 循环"
        )

    if not isinstance(node, _LAYOUT_NODES):
        raise refuse(_NODE_NAMES.get(type(node), f"“{type(node).__name__}”写法"))
    if isinstance(node, nodes.Filter) and node.name not in LAYOUT_FILTERS:
        raise refuse(f"过滤器 |{node.name}")
    if isinstance(node, nodes.Mul) and not (_small_number(node.left) and _small_number(node.right)):
        raise refuse(_NODE_NAMES[nodes.Mul])
    if isinstance(node, nodes.For):
        if in_loop:
            raise refuse("嵌套的 {% for %} 循环")
        if node.recursive:
            raise refuse("递归循环")
    for child in node.iter_child_nodes():
        check_layout_syntax(child, in_loop=in_loop or isinstance(node, nodes.For))


class LayoutSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with autoescaping, without globals (``range``,
    ``lipsum`` …), with the filters of :data:`LAYOUT_FILTERS` only, and refusing at
    parse time (so also in layouts stored before these checks, and in the document
    properties and footnotes docxtpl renders too) what :func:`check_layout_syntax`
    refuses."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in LAYOUT_FILTERS}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        check_layout_syntax(tree)
        return tree


def sandbox() -> ImmutableSandboxedEnvironment:
    return LayoutSandbox()


def layout_context(letter: Letter, *, draft: bool | None = None) -> dict[str, Any]:
    """The variables of the printed letter (its stored text, number and date)."""
    if draft is None:
        draft = not letter.is_issued
    application = letter.application
    agency = application.agency
    paras = paragraphs(letter.body)
    return {
        "agency": agency.name,
        "title": clean_text(letter.title),
        "number": letter.number or (DRAFT_NUMBER if draft else ""),
        "recipient": clean_text(letter.recipient),
        "paragraphs": paras,
        "body": "\a".join(paras),
        "signature": agency.name,
        "issued_on": cn_date(letter.issued_on) or (DRAFT_DATE if draft else ""),
        "application_number": application.number,
        "applicant": clean_text(application.applicant_name),
        "draft": draft,
    }


def sample_layout_context() -> dict[str, Any]:
    paras = [
        "你于2024年9月26日通过网上申请平台向本机关提出的政府信息公开申请收悉。",
        "经审查，你申请公开的政府信息属于可以公开的政府信息。",
    ]
    return {
        "agency": "示例镇人民政府",
        "title": "政府信息公开申请答复告知书",
        "number": "示例镇依申告〔2024〕1号",
        "recipient": "王某某",
        "paragraphs": paras,
        "body": "\a".join(paras),
        "signature": "示例镇人民政府",
        "issued_on": "2024年10月30日",
        "application_number": "〔2024〕0012号",
        "applicant": "王某某",
        "draft": False,
    }


def agency_layout(agency_id: int) -> bytes | None:
    """The agency's uploaded Word layout, if any."""
    row = LetterTemplate.objects.filter(agency_id=agency_id, kind="", outcome="").first()
    if row is None or not row.layout:
        return None
    with row.layout.open("rb") as handle:
        return bytes(handle.read())


def fill_layout(layout: bytes, context: dict[str, Any]) -> bytes:
    template = DocxTemplate(io.BytesIO(layout))
    template.render(context, jinja_env=sandbox())
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


class LayoutError(Exception):
    """The agency's layout cannot render a letter; the message is for the user."""


def render_docx(letter: Letter, *, draft: bool | None = None) -> bytes:
    custom = agency_layout(letter.application.agency_id)
    context = layout_context(letter, draft=draft)
    if custom is None:
        return fill_layout(default_layout_bytes(), context)
    try:
        return fill_layout(custom, context)
    except Exception as exc:
        raise LayoutError(
            f"本机关的 Word 版式模板无法生成文书（{exc}），请修改版式模板或恢复默认版式"
        ) from exc


def render_pdf(letter: Letter, *, draft: bool | None = None) -> bytes:
    context = {"sheet": layout_context(letter, draft=draft)}
    return weasy_pdf(PDF_TEMPLATE, context)


def check_layout(data: bytes) -> None:
    """Check an uploaded Word layout: a DOCX docxtpl can render with the sample letter,
    using ``{{ body }}`` or the ``paragraphs`` loop and no unknown variables.
    Raises ``ValidationError({"layout": 中文说明})``."""

    def error(message: str) -> ValidationError:
        return ValidationError({"layout": message})

    if len(data) > MAX_LAYOUT_BYTES:
        raise error(f"Word 版式模板不能超过 {MAX_LAYOUT_BYTES // (1024 * 1024)} MB")
    try:
        template = DocxTemplate(io.BytesIO(data))
        names = template.get_undeclared_template_variables(jinja_env=sandbox())
    except LayoutNotAllowed as exc:
        raise error(str(exc)) from None
    except Exception as exc:
        raise error(f"Word 版式模板无法读取或有语法错误：{exc}") from None
    if "body" not in names and "paragraphs" not in names:
        raise error(
            "Word 版式模板中须有正文：写入 {{ body }}，或段落循环 "
            "{%p for p in paragraphs %}{{ p }}{%p endfor %}"
        )
    unknown = sorted(names - LAYOUT_NAMES)
    if unknown:
        raise error(
            "Word 版式模板中有未定义的变量：" + "、".join("{{ " + name + " }}" for name in unknown)
        )
    try:
        rendered = fill_layout(data, sample_layout_context())
        body = open_docx(io.BytesIO(rendered)).element.body
        text = "".join(node.text or "" for node in body.iter(qn("w:t")))
    except LayoutNotAllowed as exc:  # in the document properties or footnotes
        raise error(str(exc)) from None
    except Exception as exc:
        raise error(f"Word 版式模板无法生成文书：{exc}") from None
    if "经审查" not in text:
        # the body must land in the document's main text, not only in a header
        raise error("Word 版式模板生成的文书中没有正文，请把正文放在文档主体中")


# --- checking agency wording templates ------------------------------------------------


def sample_context(agency: Agency, kind: str, outcome: str = "") -> dict[str, Any]:
    """The variables of an invented case, to check and preview agency templates."""
    d = datetime.date
    application = Application(
        agency=agency,
        year=2024,
        serial=12,
        tracking_code="ABCDEFGH23",
        applicant_kind="natural_person",
        applicant_name="王某某",
        phone="13800000000",
        description="请公开本机关2024年城乡居民最低生活保障资金发放情况",
        document_number="",
        requested_form="electronic",
        delivery_method="email",
        channel="online",
        submitted_on=d(2024, 9, 26),
        received_on=d(2024, 9, 27),
        reply_due_on=d(2024, 12, 19),
        latest_due_on=d(2024, 12, 19),
        correction_requested_on=d(2024, 10, 8),
        correction_deadline=d(2024, 10, 18),
        correction_items="请写明所需信息的年份和具体项目",
        correction_received_on=d(2024, 10, 14),
        extension_days=20,
        extension_reason="所申请的信息需要调取档案逐项核对",
        extended_on=d(2024, 11, 20),
        outcome=outcome,
        reasoning="（示例）此处显示办理人填写的理由和依据",
        withheld_description="第三方的银行账户信息",
        withheld_ground=Outcome.REFUSED_THIRD_PARTY if outcome == Outcome.PARTIAL else "",
        third_party_interest="trade_secret",
        responsible_agency="某某局",
        responsible_contact="0955-0000000",
        where_published="本机关门户网站政府信息公开专栏",
        reply_summary="2024年城乡低保资金发放汇总表",
        closed_on=d(2024, 12, 18),
    )
    quote = fees.per_page(150)
    fee = Fee(
        application=application,
        method="per_page",
        pages=150,
        amount=quote.amount,
        lines=[line.as_dict() for line in quote.lines],
        notice_on=d(2024, 11, 1),
        notice_received_on=d(2024, 11, 4),
        payment_due_on=d(2024, 12, 2),
    )
    consultation = Consultation(
        application=application,
        kind="third_party",
        party="某某商贸有限公司",
        sent_on=d(2024, 10, 15),
        delivered_on=d(2024, 10, 16),
        due_on=d(2024, 11, 6),
    )
    return letter_context(
        application,
        kind,
        outcome=outcome,
        consultation=consultation if kind == LetterKind.CONSULTATION else None,
        fee=fee,
        objected=True,
        today=d(2024, 12, 18),
    )


#: Django's (English) template syntax errors that office admins meet most, in Chinese.
_SYNTAX_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Unclosed tag on line (\d+): '(\w+)'"), "第{0}行的 {{% {1} %}} 没有结束标签"),
    (
        re.compile(r"Invalid block tag on line (\d+): '(\w+)'"),
        "第{0}行的 {{% {1} %}} 没有对应的开始标签，或者不能用在这里",
    ),
    (
        re.compile(r"Variables and attributes may not begin with underscores: '(.*)'"),
        "变量名和属性名不能以下划线开头：{0}",
    ),
    (re.compile(r"Empty variable tag on line (\d+)"), "第{0}行有空的 {{{{ }}}}"),
    (re.compile(r"Invalid filter: '(\w+)'"), "不能使用过滤器 |{0}"),
    (re.compile(r"Could not parse the remainder: '(.*)' from '(.*)'"), "无法识别“{1}”中的“{0}”"),
)


def syntax_message(exc: TemplateSyntaxError) -> str:
    """Django's message of a template syntax error, in Chinese when we know it (the
    original otherwise)."""
    text = str(exc)
    for pattern, message in _SYNTAX_MESSAGES:
        match = pattern.search(text)
        if match:
            return message.format(*match.groups())
    return text


def _filters(source: str) -> list[str]:
    """The filter names used in the tags and variables of template text (quoted
    arguments left out: ``default:"a|b"`` uses ``default`` only)."""
    names = _FILTER_TAG_RE.findall(source)  # {% filter upper %}
    for token in _TOKEN_RE.findall(source):
        names += _FILTER_RE.findall(_QUOTED_RE.sub("", token))
    return names


def check_source(source: str, *, agency: Agency, kind: str, outcome: str = "") -> str:
    """Check an agency's template text; the body it gives for the sample case.
    Raises ``ValidationError({"body": 中文说明})``."""

    def error(message: str) -> ValidationError:
        return ValidationError({"body": message})

    source = clean_text(source)
    if not source.strip():
        raise error("请填写正文模板")
    if len(source) > MAX_TEMPLATE_CHARS:
        raise error(f"正文模板不能超过 {MAX_TEMPLATE_CHARS} 个字符")
    bad = sorted({tag for tag in _TAG_RE.findall(source) if tag not in ALLOWED_TAGS})
    if bad:
        names = "、".join("{% " + tag + " %}" for tag in bad)
        raise error(f"模板中不能使用标签 {names}；只能使用 if、for、with、firstof 等简单标签")
    bad = sorted(set(_filters(source)) - SAFE_FILTERS)
    if bad:
        names = "、".join(f"|{name}" for name in bad)
        allowed = "、".join(sorted(SAFE_FILTERS))
        raise error(f"模板中不能使用过滤器 {names}；可以使用的过滤器：{allowed}")
    try:
        template = CHECK_ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise error(f"模板语法有误：{syntax_message(exc)}") from None
    context = sample_context(agency, kind, outcome)
    try:
        raw = template.render(Context(context, autoescape=False))
    except TemplateLimitError as exc:
        raise error(str(exc)) from None
    except Exception as exc:
        raise error(f"模板无法用示例案件生成正文：{exc}") from None
    unknown = sorted(set(_INVALID_RE.findall(raw)))
    if unknown:
        names = "、".join("{{ " + name + " }}" for name in unknown)
        raise error(f"模板中有未定义的变量 {names}，可用的变量见“变量说明”")
    body = normalise(raw)
    if not body:
        raise error("模板用示例案件生成的正文为空")
    return body


def reference_text() -> str:
    """The variables reference as a plain-text download."""
    lines = [
        "告知书正文模板变量说明",
        "",
        "写法：{{ 变量名 }}，例如 {{ you }}于{{ submitted_on }}提出的政府信息公开申请。",
        "可用标签：" + "、".join(sorted(t for t in ALLOWED_TAGS if not t.startswith("end"))),
        "可用过滤器：" + "、".join(sorted(SAFE_FILTERS)),
        f"每份文书的循环最多 {MAX_LOOP_ITERATIONS} 次，"
        f"循环生成的文字最多 {MAX_TEXT_CHARS} 个字符。",
        "每一行为一个自然段；空行和行首空格会被忽略。",
        "",
    ]
    width = max(len(v.name) for v in VARIABLES)
    for v in VARIABLES:
        lines.append(f"{{{{ {v.name} }}}}".ljust(width + 6) + f"{v.label}（适用：{v.scope}）")
    return "\n".join(lines) + "\n"
