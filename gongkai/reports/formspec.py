"""The annual-report forms: every cell's canonical code (shared/spec/report_forms.md)
and its exact printed label (shared/spec/rules.md §2–§3).

Three national forms:
- ``2021``: 国办公开办函〔2021〕30号, report years 2021 onward;
- ``2019``: the trial format of 国办公开办函〔2019〕60号, report years 2019–2020;
- ``2014``: the legacy 统计表 of 国办发〔2014〕32号, report years 2014–2018.

Everything that computes, parses, checks or prints a report uses these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

FormId = Literal["2014", "2019", "2021"]
FORMS: tuple[FormId, ...] = ("2014", "2019", "2021")
#: A table that is a local variant (e.g. Fujian's 指标名称/计量单位/本年度/历年累计),
#: recognised but not read as a national form.
LOCAL_FORM = "local"


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    money: bool = False  # 万元, a decimal; every other cell is a non-negative integer


# --- form 2021, table 二 (proactive) -------------------------------------------------
#: (block caption, row label, column header, code)
PROACTIVE_2021: tuple[tuple[str, str, str, str], ...] = (
    ("第二十条第（一）项", "规章", "本年制发件数", "art20_1.regulation.issued"),
    ("第二十条第（一）项", "规章", "本年废止件数", "art20_1.regulation.repealed"),
    ("第二十条第（一）项", "规章", "现行有效件数", "art20_1.regulation.in_force"),
    ("第二十条第（一）项", "行政规范性文件", "本年制发件数", "art20_1.normative.issued"),
    ("第二十条第（一）项", "行政规范性文件", "本年废止件数", "art20_1.normative.repealed"),
    ("第二十条第（一）项", "行政规范性文件", "现行有效件数", "art20_1.normative.in_force"),
    ("第二十条第（五）项", "行政许可", "本年处理决定数量", "art20_5.licensing"),
    ("第二十条第（六）项", "行政处罚", "本年处理决定数量", "art20_6.penalty"),
    ("第二十条第（六）项", "行政强制", "本年处理决定数量", "art20_6.coercion"),
    ("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）", "art20_8.fees_10k_yuan"),
)

# --- form 2019, table 二 (proactive) -------------------------------------------------
_MADE = (
    ("本年新制作数量", "made"),
    ("本年新公开数量", "published"),
    ("对外公开总数量", "total_public"),
)
_ITEMS = (("上一年项目数量", "previous"), ("本年增/减", "change"), ("处理决定数量", "decisions"))
PROACTIVE_2019: tuple[tuple[str, str, str, str], ...] = (
    *(("第二十条第（一）项", "规章", h, f"art20_1.regulation.{c}") for h, c in _MADE),
    *(("第二十条第（一）项", "规范性文件", h, f"art20_1.normative.{c}") for h, c in _MADE),
    *(("第二十条第（五）项", "行政许可", h, f"art20_5.licensing.{c}") for h, c in _ITEMS),
    *(
        ("第二十条第（五）项", "其他对外管理服务事项", h, f"art20_5.other_services.{c}")
        for h, c in _ITEMS
    ),
    *(("第二十条第（六）项", "行政处罚", h, f"art20_6.penalty.{c}") for h, c in _ITEMS),
    *(("第二十条第（六）项", "行政强制", h, f"art20_6.coercion.{c}") for h, c in _ITEMS),
    ("第二十条第（八）项", "行政事业性收费", "上一年项目数量", "art20_8.fees.previous"),
    ("第二十条第（八）项", "行政事业性收费", "本年增/减", "art20_8.fees.change"),
    ("第二十条第（九）项", "政府集中采购", "采购项目数量", "art20_9.procurement.count"),
    ("第二十条第（九）项", "政府集中采购", "采购总金额", "art20_9.procurement.amount_10k_yuan"),
)
#: 2019 cells that may be negative (本年增/减) or decimal (采购总金额, 万元).
SIGNED_2019 = frozenset(code for *_, code in PROACTIVE_2019 if code.endswith(".change"))
MONEY_CODES = frozenset({"art20_8.fees_10k_yuan", "art20_9.procurement.amount_10k_yuan"})

# --- forms 2019/2021, table 三 (applications) ----------------------------------------
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_CODES = tuple(code for code, _ in APPLICANT_COLUMNS)

_ROWS_HEAD: tuple[tuple[str, str], ...] = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("refused.state_secret", "1.属于国家秘密"),
    ("refused.law_forbids", "2.其他法律行政法规禁止公开"),
    ("refused.security_stability", "3.危及“三安全一稳定”"),
    ("refused.third_party", "4.保护第三方合法权益"),
    ("refused.internal_affairs", "5.属于三类内部事务信息"),
    ("refused.process_info", "6.属于四类过程性信息"),
    ("refused.enforcement_file", "7.属于行政执法案卷"),
    ("refused.query_procedure", "8.属于行政查询事项"),
    ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.still_unclear", "3.补正后申请内容仍不明确"),
    ("not_processed.petition", "1.信访举报投诉类申请"),
    ("not_processed.repeat", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"),
)
_ROWS_OTHER_2021: tuple[tuple[str, str], ...] = (
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (
        "other.unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other.other", "3.其他"),
)
_ROWS_TAIL: tuple[tuple[str, str], ...] = (
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
)
APPLICATION_ROWS_2021 = _ROWS_HEAD + _ROWS_OTHER_2021 + _ROWS_TAIL
APPLICATION_ROWS_2019 = (*_ROWS_HEAD, ("other", "（六）其他处理"), *_ROWS_TAIL)
#: Group captions of the result rows (merged cells in the printed table).
RESULT_GROUPS: dict[str, str] = {
    "refused": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

# --- forms 2019/2021, table 四 (review and litigation) --------------------------------
REVIEW_GROUPS: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼 · 未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼 · 复议后起诉"),
)
REVIEW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

# --- form 2014 (legacy) --------------------------------------------------------------
#: (code, exact label, unit); unit "" marks a heading row that carries no value.
LEGACY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("1", "一、主动公开情况", ""),
    ("1.1", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"),
    ("1.1a", "其中：主动公开规范性文件数", "条"),
    ("1.1b", "制发规范性文件总数", "件"),
    ("1.2", "（二）通过不同渠道和方式公开政府信息的情况", ""),
    ("1.2.1", "1.政府公报公开政府信息数", "条"),
    ("1.2.2", "2.政府网站公开政府信息数", "条"),
    ("1.2.3", "3.政务微博公开政府信息数", "条"),
    ("1.2.4", "4.政务微信公开政府信息数", "条"),
    ("1.2.5", "5.其他方式公开政府信息数", "条"),
    ("2", "二、回应解读情况", ""),
    ("2.1", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"),
    ("2.2", "（二）通过不同渠道和方式回应解读的情况", ""),
    ("2.2.1", "1.参加或举办新闻发布会总次数", "次"),
    ("2.2.1a", "其中：主要负责同志参加新闻发布会次数", "次"),
    ("2.2.2", "2.政府网站在线访谈次数", "次"),
    ("2.2.2a", "其中：主要负责同志参加政府网站在线访谈次数", "次"),
    ("2.2.3", "3.政策解读稿件发布数", "篇"),
    ("2.2.4", "4.微博微信回应事件数", "次"),
    ("2.2.5", "5.其他方式回应事件数", "次"),
    ("3", "三、依申请公开情况", ""),
    ("3.1", "（一）收到申请数", "件"),
    ("3.1.1", "1.当面申请数", "件"),
    ("3.1.2", "2.传真申请数", "件"),
    ("3.1.3", "3.网络申请数", "件"),
    ("3.1.4", "4.信函申请数", "件"),
    ("3.2", "（二）申请办结数", "件"),
    ("3.2.1", "1.按时办结数", "件"),
    ("3.2.2", "2.延期办结数", "件"),
    ("3.3", "（三）申请答复数", "件"),
    ("3.3.1", "1.属于已主动公开范围数", "件"),
    ("3.3.2", "2.同意公开答复数", "件"),
    ("3.3.3", "3.同意部分公开答复数", "件"),
    ("3.3.4", "4.不同意公开答复数", "件"),
    ("3.3.4a", "其中：涉及国家秘密", "件"),
    ("3.3.4b", "涉及商业秘密", "件"),
    ("3.3.4c", "涉及个人隐私", "件"),
    ("3.3.4d", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
    ("3.3.4e", "不是《条例》所指政府信息", "件"),
    ("3.3.4f", "法律法规规定的其他情形", "件"),
    ("3.3.5", "5.不属于本行政机关公开数", "件"),
    ("3.3.6", "6.申请信息不存在数", "件"),
    ("3.3.7", "7.告知作出更改补充数", "件"),
    ("3.3.8", "8.告知通过其他途径办理数", "件"),
    ("4", "四、行政复议数量", "件"),
    ("4.1", "（一）维持具体行政行为数", "件"),
    ("4.2", "（二）被依法纠错数", "件"),
    ("4.3", "（三）其他情形数", "件"),
    ("5", "五、行政诉讼数量", "件"),
    ("5.1", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
    ("5.2", "（二）被依法纠错数", "件"),
    ("5.3", "（三）其他情形数", "件"),
    ("6", "六、举报投诉数量", "件"),
    ("7", "七、依申请公开信息收取的费用", "万元"),
    ("8", "八、机构建设和保障经费情况", ""),
    ("8.1", "（一）政府信息公开工作专门机构数", "个"),
    ("8.2", "（二）设置政府信息公开查阅点数", "个"),
    ("8.3", "（三）从事政府信息公开工作人员数", "人"),
    ("8.3.1", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
    ("8.3.2", "2.兼职人员数", "人"),
    (
        "8.4",
        "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面经费）",
        "万元",
    ),
    ("9", "九、政府信息公开会议和培训情况", ""),
    ("9.1", "（一）召开政府信息公开工作会议或专题会议数", "次"),
    ("9.2", "（二）举办各类培训班数", "次"),
    ("9.3", "（三）接受培训人员数", "人次"),
)
LEGACY_VALUE_CODES = tuple(code for code, _, unit in LEGACY_ROWS if unit)
LEGACY_MONEY_CODES = frozenset(code for code, _, unit in LEGACY_ROWS if unit == "万元")


def application_rows(form: FormId) -> tuple[tuple[str, str], ...]:
    return APPLICATION_ROWS_2019 if form == "2019" else APPLICATION_ROWS_2021


def proactive_cells(form: FormId) -> tuple[tuple[str, str, str, str], ...]:
    return PROACTIVE_2019 if form == "2019" else PROACTIVE_2021


def empty_tables(form: FormId) -> dict[str, Any]:
    """The JSON shape of report_forms.md with every cell of ``form`` set to 0."""
    if form == "2014":
        return {"rows": {code: (Decimal(0) if code in LEGACY_MONEY_CODES else 0)
                         for code in LEGACY_VALUE_CODES}}  # fmt: skip
    return {
        "proactive": {
            code: (Decimal(0) if code in MONEY_CODES else 0) for *_, code in proactive_cells(form)
        },
        "applications": {
            row: dict.fromkeys(APPLICANT_CODES, 0) for row, _ in application_rows(form)
        },
        "review_litigation": {
            group: dict.fromkeys((c for c, _ in REVIEW_COLUMNS), 0) for group, _ in REVIEW_GROUPS
        },
    }


def form_for_year(year: int) -> FormId:
    """The national form in use for a report year."""
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "2014"
