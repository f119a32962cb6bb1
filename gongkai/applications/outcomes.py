"""Where each outcome lands in the annual reports, and what a reply must record.

2021 form (table 三, codes of report_forms.md): rules.md §1.7. Two outcomes share a row
where the form does not tell them apart: 已主动公开 is counted as （一）予以公开, and
不属于本机关 as （四）1.本机关不掌握相关政府信息 (both marked UNCONFIRMED/DERIVED in the
spec); a withdrawal is （六）3.其他.

2019 form: the same, with （六） a single row ``other``.

Legacy 2014 form (rows 3.3.1–3.3.8, 3.3.4a–f; DERIVED): 已主动公开 → 3.3.1; 予以公开 →
3.3.2; 部分公开 → 3.3.3; refusals → 3.3.4 and one sub-row (third-party refusals by the
interest protected: 商业秘密 b, 个人隐私 c; internal-affairs and process information were
"不是《条例》所指政府信息" e; the other legal grounds f); 不属于本机关 → 3.3.5; 不存在 and
需另行制作 → 3.3.6; 补正 outcomes → 3.3.7; 不予处理 (told to use another route) → 3.3.8.
Withdrawn and unpaid-fee cases were not answered: no 3.3 row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.applications.models import Outcome, ThirdPartyInterest

ROW_2021: dict[str, str] = {
    Outcome.GRANTED: "granted",
    Outcome.ALREADY_PUBLIC: "granted",
    Outcome.PARTIAL: "partial",
    Outcome.REFUSED_STATE_SECRET: "refused.state_secret",
    Outcome.REFUSED_LAW_FORBIDS: "refused.law_forbids",
    Outcome.REFUSED_SECURITY_STABILITY: "refused.security_stability",
    Outcome.REFUSED_THIRD_PARTY: "refused.third_party",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "refused.internal_affairs",
    Outcome.REFUSED_PROCESS_INFO: "refused.process_info",
    Outcome.REFUSED_ENFORCEMENT_FILE: "refused.enforcement_file",
    Outcome.REFUSED_QUERY_PROCEDURE: "refused.query_procedure",
    Outcome.NOT_HELD: "unavailable.not_held",
    Outcome.NOT_RESPONSIBLE: "unavailable.not_held",
    Outcome.NEEDS_CREATION: "unavailable.needs_creation",
    Outcome.STILL_UNCLEAR: "unavailable.still_unclear",
    Outcome.PETITION: "not_processed.petition",
    Outcome.REPEAT: "not_processed.repeat",
    Outcome.PUBLICATION: "not_processed.publication",
    Outcome.EXCESSIVE: "not_processed.excessive",
    Outcome.CONFIRM_REISSUE: "not_processed.confirm_reissue",
    Outcome.NO_CORRECTION: "other.no_correction",
    Outcome.UNPAID_FEE: "other.unpaid_fee",
    Outcome.WITHDRAWN: "other.other",
    Outcome.OTHER: "other.other",
}


def row_2019(row_2021: str) -> str:
    """The 2019 trial form has one （六） row."""
    return "other" if row_2021.startswith("other.") else row_2021


_LEGACY_REFUSAL: dict[str, str] = {
    Outcome.REFUSED_STATE_SECRET: "3.3.4a",
    Outcome.REFUSED_SECURITY_STABILITY: "3.3.4d",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "3.3.4e",
    Outcome.REFUSED_PROCESS_INFO: "3.3.4e",
    Outcome.REFUSED_LAW_FORBIDS: "3.3.4f",
    Outcome.REFUSED_ENFORCEMENT_FILE: "3.3.4f",
    Outcome.REFUSED_QUERY_PROCEDURE: "3.3.4f",
}

_LEGACY: dict[str, str] = {
    Outcome.ALREADY_PUBLIC: "3.3.1",
    Outcome.GRANTED: "3.3.2",
    Outcome.PARTIAL: "3.3.3",
    Outcome.NOT_RESPONSIBLE: "3.3.5",
    Outcome.NOT_HELD: "3.3.6",
    Outcome.NEEDS_CREATION: "3.3.6",
    Outcome.STILL_UNCLEAR: "3.3.7",
    Outcome.NO_CORRECTION: "3.3.7",
    Outcome.PETITION: "3.3.8",
    Outcome.REPEAT: "3.3.8",
    Outcome.PUBLICATION: "3.3.8",
    Outcome.EXCESSIVE: "3.3.8",
    Outcome.CONFIRM_REISSUE: "3.3.8",
    Outcome.OTHER: "3.3.8",
}


def legacy_row(outcome: str, third_party_interest: str = "") -> str:
    """The legacy form's 3.3.x row (a 3.3.4 sub-row for refusals), or "" when the case
    was not answered (withdrawn, unpaid fee)."""
    if outcome == Outcome.REFUSED_THIRD_PARTY:
        return "3.3.4c" if third_party_interest == ThirdPartyInterest.PRIVACY else "3.3.4b"
    if outcome in _LEGACY_REFUSAL:
        return _LEGACY_REFUSAL[outcome]
    return _LEGACY.get(outcome, "")


#: Outcomes the handler records with :func:`~gongkai.applications.actions.reply`
#: (the others come from 视为放弃, 撤回 and 转办/告知).
REPLY_OUTCOMES: tuple[str, ...] = tuple(
    o
    for o in Outcome.values
    if o
    not in (
        Outcome.NO_CORRECTION,
        Outcome.UNPAID_FEE,
        Outcome.WITHDRAWN,
        Outcome.NOT_RESPONSIBLE,
    )
)
REFUSALS: tuple[str, ...] = tuple(o for o in Outcome.values if o.startswith("refused."))

#: Articles of the 条例 each reply letter cites.
_R = "《中华人民共和国政府信息公开条例》"
ARTICLES: dict[str, str] = {
    Outcome.GRANTED: f"{_R}第三十六条第（二）项",
    Outcome.ALREADY_PUBLIC: f"{_R}第三十六条第（一）项",
    Outcome.PARTIAL: f"{_R}第三十七条",
    Outcome.REFUSED_STATE_SECRET: f"{_R}第十四条、第三十六条第（三）项",
    Outcome.REFUSED_LAW_FORBIDS: f"{_R}第十四条、第三十六条第（三）项",
    Outcome.REFUSED_SECURITY_STABILITY: f"{_R}第十四条、第三十六条第（三）项",
    Outcome.REFUSED_THIRD_PARTY: f"{_R}第十五条、第三十二条、第三十六条第（三）项",
    Outcome.REFUSED_INTERNAL_AFFAIRS: f"{_R}第十六条第一款、第三十六条第（三）项",
    Outcome.REFUSED_PROCESS_INFO: f"{_R}第十六条第二款、第三十六条第（三）项",
    Outcome.REFUSED_ENFORCEMENT_FILE: f"{_R}第十六条第二款、第三十六条第（三）项",
    Outcome.REFUSED_QUERY_PROCEDURE: f"{_R}第三十六条第（七）项",
    Outcome.NOT_HELD: f"{_R}第三十六条第（四）项",
    Outcome.NOT_RESPONSIBLE: f"{_R}第三十六条第（五）项",
    Outcome.NEEDS_CREATION: f"{_R}第三十八条",
    Outcome.STILL_UNCLEAR: f"{_R}第三十条",
    Outcome.PETITION: f"{_R}第三十九条第一款",
    Outcome.REPEAT: f"{_R}第三十六条第（六）项",
    Outcome.PUBLICATION: f"{_R}第三十九条第二款",
    Outcome.EXCESSIVE: f"{_R}第三十五条",
    Outcome.CONFIRM_REISSUE: f"{_R}第三十九条",
    Outcome.NO_CORRECTION: f"{_R}第三十条",
    Outcome.UNPAID_FEE: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    Outcome.WITHDRAWN: "",
    Outcome.OTHER: "",
}


#: The 2007 条例 (国务院令第492号) applied to applications received before 2019-05-15:
#: 第二十一条 listed the replies, 第二十二条 separation, 第十四条第四款 secrets and privacy.
_R2007 = "《中华人民共和国政府信息公开条例》（国务院令第492号）"
OLD_ARTICLES: dict[str, str] = {
    Outcome.GRANTED: f"{_R2007}第二十一条第（一）项",
    Outcome.ALREADY_PUBLIC: f"{_R2007}第二十一条第（一）项",
    Outcome.PARTIAL: f"{_R2007}第二十二条",
    Outcome.REFUSED_STATE_SECRET: f"{_R2007}第十四条第四款、第二十一条第（二）项",
    Outcome.REFUSED_THIRD_PARTY: f"{_R2007}第十四条第四款、第二十一条第（二）项",
    Outcome.NOT_HELD: f"{_R2007}第二十一条第（三）项",
    Outcome.NOT_RESPONSIBLE: f"{_R2007}第二十一条第（三）项",
    Outcome.STILL_UNCLEAR: f"{_R2007}第二十一条第（四）项",
    Outcome.NO_CORRECTION: f"{_R2007}第二十一条第（四）项",
}


def article(outcome: str, regime: str = "2019") -> str:
    """The articles a letter cites for ``outcome``: the 2019 条例's, or for an application
    received under the 2007 条例 that regulation's (its name alone where it had no
    article of its own for the outcome; other refusals: 第二十一条第（二）项)."""
    current = ARTICLES.get(outcome, "")
    if regime != "2007" or not current:
        return current
    if outcome in OLD_ARTICLES:
        return OLD_ARTICLES[outcome]
    if outcome in REFUSALS:
        return f"{_R2007}第二十一条第（二）项"
    return _R2007


def missing_fields(outcome: str, values: Mapping[str, Any]) -> dict[str, str]:
    """``{field: 中文错误}`` for what this outcome must record and does not.

    A refusal needs its reasoning (the ground is the outcome itself), a third-party
    refusal also the interest protected; a partial disclosure needs what was withheld,
    on which ground and why; 已主动公开 needs where it is published; 不属于本机关 needs the
    responsible agency unless it cannot be determined; 不予处理 and 其他 need the reason.
    """

    def blank(name: str) -> bool:
        return not str(values.get(name) or "").strip()

    errors: dict[str, str] = {}
    needs_reason = outcome in REFUSALS or outcome.startswith(("not_processed.", "unavailable."))
    if (needs_reason or outcome == Outcome.OTHER) and blank("reasoning"):
        errors["reasoning"] = "请填写答复的理由和依据"
    if outcome == Outcome.REFUSED_THIRD_PARTY and blank("third_party_interest"):
        errors["third_party_interest"] = "请选择所保护的第三方权益（商业秘密、个人隐私或其他）"
    interest = str(values.get("third_party_interest") or "").strip()
    if interest and interest not in ThirdPartyInterest.values:
        errors["third_party_interest"] = f"第三方权益的取值“{interest}”无效"
    if outcome == Outcome.PARTIAL:
        if blank("withheld_description"):
            errors["withheld_description"] = "部分公开须写明不予公开的内容"
        ground = str(values.get("withheld_ground") or "")
        if ground not in REFUSALS:
            errors["withheld_ground"] = "部分公开须选择不予公开部分的法定理由"
        elif ground == Outcome.REFUSED_THIRD_PARTY and blank("third_party_interest"):
            errors["third_party_interest"] = "请选择所保护的第三方权益（商业秘密、个人隐私或其他）"
        if blank("reasoning"):
            errors["reasoning"] = "部分公开须说明不予公开部分的理由"
    if outcome == Outcome.ALREADY_PUBLIC and blank("where_published"):
        errors["where_published"] = "请写明该信息已公开的获取途径（网址、公报期号等）"
    if (
        outcome == Outcome.NOT_RESPONSIBLE
        and blank("responsible_agency")
        and not values.get("responsible_unknown")
    ):
        errors["responsible_agency"] = (
            "请填写负责公开该信息的机关；确实无法确定的，请勾选“无法确定负责机关”"
        )
    return errors
