"""Letters: the wording of every kind and reply outcome, agency templates, the DOCX and
PDF, issuing (numbers, freezing) and the e-mail to the applicant."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import docx
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pdfminer.high_level import extract_text

from gongkai.applications import actions, letter_actions, letters
from gongkai.applications.actions import ApplicationError
from gongkai.applications.letter_layout import build_default_layout, default_layout_bytes
from gongkai.applications.letter_render import check_layout, render_docx, render_pdf
from gongkai.applications.models import (
    Application,
    Letter,
    LetterCounter,
    LetterKind,
    LetterTemplate,
    Outcome,
)
from gongkai.applications.outcomes import ARTICLES, REPLY_OUTCOMES
from gongkai.applications.tests.conftest import COMPANY, register
from gongkai.audit.models import Event

D = datetime.date
REMEDIES = (
    "你如对本答复不服，可以自收到本答复之日起60日内依法向中卫市沙坡头区人民政府申请行政复议，"
    "也可以自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
)
OPENING = (
    "你于2024年9月27日通过当面提交的方式向本机关提出的政府信息公开申请（登记号：〔2024〕0001号）"
    "收悉，本机关收到申请的日期为2024年9月27日。"
    "你申请公开的内容为：“请公开滨河镇2024年城乡居民最低生活保障资金发放情况”。"
)
CONTACT = "如有疑问，请与本机关联系（联系电话：0955-8800002）。"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2024, 12, 31))


def latest(application: Application, kind: str) -> Letter:
    return application.letters.filter(kind=kind).order_by("-pk").first()  # type: ignore[return-value]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- wording of each kind --------------------------------------------------------------


def test_receipt_states_the_receipt_date_reply_deadline_and_tracking_code(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    letter = latest(a, LetterKind.RECEIPT)
    assert letter.title == "政府信息公开申请登记回执"
    assert letter.recipient == "王小明"
    assert letter.status == "draft" and letter.number == ""
    assert letter.body.split("\n") == [
        "你于2024年9月27日通过当面提交的方式向本机关提出的政府信息公开申请已收到，"
        f"登记号为〔2024〕0001号，查询码为{a.tracking_code}。"
        "你申请公开的内容为：“请公开滨河镇2024年城乡居民最低生活保障资金发放情况”。",
        "根据《中华人民共和国政府信息公开条例》第三十一条的规定，本机关收到申请的日期为2024年9月27日。"
        "本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起20个工作日内，"
        "即于2024年10月30日前作出答复；需要延长答复期限的，将另行书面告知。"
        "征求第三方和其他机关意见所需时间不计算在答复期限内。",
        "你可以凭查询码和申请时填写的联系电话（或证件号码后四位），"
        "通过 http://127.0.0.1:8000/yishenqing/track/ 查询申请的办理进度。",
        CONTACT,
    ]


def test_an_organisation_is_addressed_as_你单位(binhe, hank) -> None:
    a = register(binhe, hank, **COMPANY)
    body = latest(a, LetterKind.RECEIPT).body
    assert body.startswith("你单位于2024年9月27日通过当面提交的方式")
    assert latest(a, LetterKind.RECEIPT).recipient == "中卫市某某商贸有限公司"


def test_provisional_deadline_is_marked_and_explained(binhe, hank, monkeypatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2027, 12, 20))
    a = register(binhe, hank, submitted_on=D(2027, 12, 20))
    assert a.due_provisional is True
    body = latest(a, LetterKind.RECEIPT).body
    assert (
        f"即于{a.reply_due_on.year}年{a.reply_due_on.month}月{a.reply_due_on.day}日（暂定）前"
        in body
    )
    assert body.endswith(letters.PROVISIONAL_NOTE)


def test_correction_notice_cites_article_30_and_lists_the_items(binhe, hank) -> None:
    a = register(binhe, hank)
    actions.request_correction(
        actor=hank,
        application=a,
        items="请写明所需信息的年份\n请写明具体的发放项目",
        deadline=D(2024, 10, 18),
        notified_on=D(2024, 10, 8),
    )
    letter = latest(a, LetterKind.CORRECTION)
    assert letter.title == "政府信息公开申请补正告知书"
    assert letter.body.split("\n") == [
        OPENING,
        "经审查，你的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        "现一次性告知你需要补正的事项如下：",
        "请写明所需信息的年份",
        "请写明具体的发放项目",
        "请你于2024年10月18日前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
        "你无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        CONTACT,
    ]


def test_third_party_letter_cites_article_32_and_its_answer_date(binhe, hank) -> None:
    a = register(binhe, hank)
    c = actions.start_consultation(
        actor=hank,
        application=a,
        kind="third_party",
        party="某公司",
        sent_on=D(2024, 10, 15),
        delivered_on=D(2024, 10, 16),
    )
    letter = latest(a, LetterKind.CONSULTATION)
    assert letter.consultation == c
    assert letter.recipient == "某公司"
    assert letter.title == "政府信息公开第三方意见征询函"
    assert (
        "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你（单位）的意见。"
        in (letter.body)
    )
    assert (
        "请你（单位）自收到本函之日起15个工作日内，即于2024年11月6日前书面提出意见" in letter.body
    )
    assert "本机关于2024年9月27日收到一件政府信息公开申请（登记号：〔2024〕0001号）" in letter.body
    assert "王小明" not in letter.body  # the applicant is not named to the third party
    assert not letter.for_applicant


def test_co_maker_letter_cites_article_34(binhe, hank) -> None:
    a = register(binhe, hank)
    actions.start_consultation(
        actor=hank,
        application=a,
        kind="co_maker",
        party="中卫市沙坡头区民政局",
        sent_on=D(2024, 10, 15),
    )
    letter = latest(a, LetterKind.CONSULTATION)
    assert letter.title == "政府信息公开征求意见函"
    assert "经审查，该政府信息由本机关与贵机关共同制作。" in letter.body
    assert (
        "根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。"
        "请贵机关自收到本函之日起15个工作日内，即于2024年11月5日前书面提出意见；"
        "逾期未提出意见的，视为同意公开。"
    ) in letter.body


def test_extension_notice_gives_the_new_reply_date(binhe, hank) -> None:
    a = register(binhe, hank)
    actions.extend(
        actor=hank,
        application=a,
        days=20,
        approver="张主任",
        reason="需要调取档案逐项核对。",
        decided_on=D(2024, 10, 28),
    )
    letter = latest(a, LetterKind.EXTENSION)
    assert letter.title == "政府信息公开申请延期答复告知书"
    assert letter.body.split("\n")[1] == (
        "因需要调取档案逐项核对，本机关不能在法定期限内作出答复。"
        "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
        "经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，"
        "本机关将于2024年11月27日前作出答复。"
    )


def test_fee_notice_lists_the_fee_lines_amount_and_payment_date(binhe, hank) -> None:
    a = register(binhe, hank)
    fee = actions.issue_fee_notice(
        actor=hank,
        application=a,
        method="per_page",
        pages=150,
        notice_on=D(2024, 10, 8),
        notice_received_on=D(2024, 10, 9),
    )
    assert fee.payment_due_on == D(2024, 11, 5)  # 10-12 is a make-up working Saturday
    letter = latest(a, LetterKind.FEE)
    assert letter.title == "政府信息公开信息处理费收费通知书"
    assert letter.body.split("\n")[1:7] == [
        "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号）的规定，本机关决定对该申请收取信息处理费。"
        "计收方式为按量计收，所提供的政府信息共150页，计算如下：",
        "1. 第1–30页（30页）：30 × 0 元 = 0.00 元",
        "2. 第31–100页（70页）：70 × 10 元 = 700.00 元",
        "3. 第101–200页（50页）：50 × 20 元 = 1000.00 元",
        "合计应缴纳信息处理费人民币1700.00元。",
        "请你自收到本通知之日的次日起20个工作日内，即于2024年11月5日前缴纳；"
        "具体缴费方式请向本机关政府信息公开工作机构咨询。自本通知发出至缴费的期间，"
        "不计算在答复期限内。你逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]


# --- every reply outcome ------------------------------------------------------------------

REASON = "经核查本机关2024年度档案，情况如上"
FACTS: dict[str, Any] = {
    "reasoning": REASON,
    "where_published": "滨河镇人民政府网站“政府信息公开”专栏",
    "reply_summary": "2024年低保资金发放汇总表",
    "withheld_description": "低保对象的身份证号码",
    "withheld_ground": Outcome.REFUSED_THIRD_PARTY,
    "third_party_interest": "privacy",
}
#: A fact of the case each letter must state, by outcome.
EXPECTED: dict[str, str] = {
    Outcome.GRANTED: "本机关决定予以公开，提供的政府信息为：2024年低保资金发放汇总表。"
    "现按你要求的电子形式，以电子邮件方式向你提供。",
    Outcome.ALREADY_PUBLIC: "现告知你获取该政府信息的方式和途径："
    "滨河镇人民政府网站“政府信息公开”专栏。",
    Outcome.PARTIAL: "你申请公开的政府信息中，低保对象的身份证号码涉及第三方的个人隐私，"
    "公开会对第三方合法权益造成损害，根据《中华人民共和国政府信息公开条例》"
    "第十五条、第三十二条、第三十六条第（三）项的规定，不予公开。理由如下："
    f"{REASON}。",
    Outcome.REFUSED_STATE_SECRET: "属于依法确定为国家秘密的政府信息",
    Outcome.REFUSED_LAW_FORBIDS: "属于法律、行政法规禁止公开的政府信息",
    Outcome.REFUSED_SECURITY_STABILITY: "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    Outcome.REFUSED_THIRD_PARTY: "涉及第三方的个人隐私，公开会对第三方合法权益造成损害。",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
    Outcome.REFUSED_PROCESS_INFO: "讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    Outcome.REFUSED_ENFORCEMENT_FILE: "属于行政执法案卷信息",
    Outcome.REFUSED_QUERY_PROCEDURE: "请你依照有关法律、行政法规的规定办理",
    Outcome.NOT_HELD: "经检索，本机关没有制作或者获取你所申请的政府信息，该政府信息不存在。",
    Outcome.NOT_RESPONSIBLE: "现告知你：该政府信息由中卫市沙坡头区民政局负责公开"
    "（联系方式：0955-7012345），你可以向该机关提出申请。",
    Outcome.NEEDS_CREATION: "需要本机关对现有政府信息进行加工、分析或者另行制作",
    Outcome.STILL_UNCLEAR: "本机关已于2024年10月8日一次性告知你补正申请内容。"
    "经审查，你补正后的申请内容仍不明确",
    Outcome.PETITION: "提出的是信访、投诉、举报等诉求",
    Outcome.REPEAT: "已获答复的政府信息公开申请内容重复",
    Outcome.PUBLICATION: "你可以通过以下途径获取：滨河镇人民政府网站“政府信息公开”专栏。",
    Outcome.EXCESSIVE: "申请公开政府信息的数量、频次明显超过合理范围",
    Outcome.CONFIRM_REISSUE: "要求本机关确认或者重新出具你已经获取的信息",
    Outcome.OTHER: f"经审查，本机关对你的申请处理如下：{REASON}。",
}


def test_every_reply_and_transfer_outcome_has_a_letter() -> None:
    assert set(letters.LETTER_OUTCOMES) == {
        *REPLY_OUTCOMES,
        Outcome.NOT_RESPONSIBLE,
        Outcome.NO_CORRECTION,
        Outcome.UNPAID_FEE,
    }
    assert set(EXPECTED) == set(ANSWERS)
    for outcome in letters.LETTER_OUTCOMES:
        source = letters.default_source(LetterKind.REPLY, outcome)
        assert ("{{ article }}" in source) == bool(ARTICLES[outcome])


def _answered(binhe, hank, outcome: str) -> Application:
    a = register(binhe, hank)
    if outcome == Outcome.NOT_RESPONSIBLE:
        return actions.transfer(
            actor=hank,
            application=a,
            responsible_agency="中卫市沙坡头区民政局",
            responsible_contact="0955-7012345",
            reasoning=REASON,
            on=D(2024, 10, 20),
        )
    if outcome == Outcome.STILL_UNCLEAR:
        a = actions.request_correction(
            actor=hank,
            application=a,
            items="请写明年份",
            deadline=D(2024, 10, 18),
            notified_on=D(2024, 10, 8),
        )
        a = actions.receive_correction(actor=hank, application=a, received_on=D(2024, 10, 14))
    return actions.reply(
        actor=hank, application=a, outcome=outcome, values=FACTS, replied_on=D(2024, 10, 25)
    )


#: Outcomes the handler answers with (the 视为放弃 notices are tested below).
ANSWERS = tuple(o for o in letters.LETTER_OUTCOMES if o not in letters.ABANDONMENTS)


@pytest.mark.parametrize("outcome", ANSWERS)
def test_reply_letter_states_article_facts_and_remedies(binhe, hank, outcome) -> None:
    a = _answered(binhe, hank, outcome)
    letter = latest(a, LetterKind.REPLY)
    assert letter.outcome == outcome
    assert letter.title == "政府信息公开申请答复告知书"
    paragraphs = letter.body.split("\n")
    if outcome == Outcome.STILL_UNCLEAR:
        assert paragraphs[0] == OPENING.replace(
            "2024年9月27日。", "2024年9月27日，收到补正后申请的日期为2024年10月14日。"
        )
    else:
        assert paragraphs[0] == OPENING
    if ARTICLES[outcome]:
        assert f"根据{ARTICLES[outcome]}的规定" in letter.body
    assert EXPECTED[outcome] in letter.body
    if outcome not in (Outcome.GRANTED, Outcome.ALREADY_PUBLIC):
        assert f"{REASON}。" in letter.body
        assert paragraphs[-2:] == [REMEDIES, CONTACT]
    else:
        assert "行政复议" not in letter.body
        assert paragraphs[-1] == CONTACT


def test_third_party_refusal_mentions_the_objection_of_the_consulted_party(binhe, hank) -> None:
    a = register(binhe, hank)
    c = actions.start_consultation(
        actor=hank, application=a, kind="third_party", party="某公司", sent_on=D(2024, 10, 8)
    )
    actions.finish_consultation(
        actor=hank, consultation=c, answered_on=D(2024, 10, 10), answer="object"
    )
    a.refresh_from_db()
    actions.reply(
        actor=hank,
        application=a,
        outcome=Outcome.REFUSED_THIRD_PARTY,
        values={"reasoning": "涉及商业秘密", "third_party_interest": "trade_secret"},
        replied_on=D(2024, 10, 25),
    )
    body = latest(a, LetterKind.REPLY).body
    assert (
        "涉及第三方的商业秘密，公开会对第三方合法权益造成损害。"
        "本机关已依法书面征求第三方的意见，第三方不同意公开。"
    ) in body


def test_transfer_without_a_known_agency_says_so(binhe, hank) -> None:
    a = register(binhe, hank)
    actions.transfer(
        actor=hank,
        application=a,
        responsible_agency="",
        responsible_unknown=True,
        reasoning="该信息不是本机关制作或保存的",
        on=D(2024, 10, 20),
    )
    assert "本机关无法确定负责公开该政府信息的行政机关。" in latest(a, LetterKind.REPLY).body


# --- agency templates --------------------------------------------------------------------


def test_agency_template_is_used_for_new_letters(binhe, wenchang, hank, wendy, carol) -> None:
    letter_actions.save_template(
        actor=carol,
        agency=binhe,
        kind=LetterKind.RECEIPT,
        body="{{ applicant }}：\n　　你的申请（{{ number }}）已于{{ received_on }}登记。\n",
    )
    a = register(binhe, hank)
    assert (
        latest(a, LetterKind.RECEIPT).body
        == "王小明：\n你的申请（〔2024〕0001号）已于2024年9月27日登记。"
    )
    other = register(wenchang, wendy)
    assert latest(other, LetterKind.RECEIPT).body.startswith("你于2024年9月27日")
    event = Event.objects.get(action="applications.letter_template_saved")
    assert event.summary == "修改告知书模板：登记回执"
    assert event.changes["body"]["before"] == "（平台默认）"


def test_reply_template_applies_to_its_outcome_only(binhe, hank, carol) -> None:
    letter_actions.save_template(
        actor=carol,
        agency=binhe,
        kind=LetterKind.REPLY,
        outcome=Outcome.NOT_HELD,
        body="经检索，没有该信息。{{ article }}",
    )
    a = _answered(binhe, hank, Outcome.NOT_HELD)
    assert latest(a, LetterKind.REPLY).body == (
        "经检索，没有该信息。《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    )
    b = _answered(binhe, hank, Outcome.NEEDS_CREATION)
    assert latest(b, LetterKind.REPLY).body.startswith("你于2024年9月27日")


def test_reset_template_goes_back_to_the_default(binhe, hank, carol) -> None:
    letter_actions.save_template(actor=carol, agency=binhe, kind="receipt", body="已登记。")
    assert letter_actions.reset_template(actor=carol, agency=binhe, kind="receipt") is True
    assert letter_actions.reset_template(actor=carol, agency=binhe, kind="receipt") is False
    a = register(binhe, hank)
    assert latest(a, LetterKind.RECEIPT).body.startswith("你于2024年9月27日")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("  \n", "请填写正文模板"),
        (
            "{% include 'x.txt' %}{% load static %}",
            "模板中不能使用标签 {% include %}、{% load %}；"
            "只能使用 if、for、with、firstof 等简单标签",
        ),
        (
            "{{ applicant_nam }}你好",
            "模板中有未定义的变量 {{ applicant_nam }}，可用的变量见“变量说明”",
        ),
        ("{% if you %}没有结束", "模板语法有误："),
        ("{{ you|date:'Y' }}{% if False %}x{% endif %}", "模板用示例案件生成的正文为空"),
    ],
)
def test_bad_template_is_rejected_with_a_chinese_message(binhe, carol, source, message) -> None:
    with pytest.raises(ValidationError) as info:
        letter_actions.save_template(actor=carol, agency=binhe, kind="receipt", body=source)
    assert info.value.message_dict["body"][0].startswith(message)
    assert not LetterTemplate.objects.exists()


def test_a_template_that_breaks_on_real_data_falls_back_to_the_default(binhe, hank) -> None:
    LetterTemplate.objects.create(agency=binhe, kind="receipt", body="{% if %}")
    a = register(binhe, hank)
    assert latest(a, LetterKind.RECEIPT).body.startswith("你于2024年9月27日")


def test_reply_template_slot_must_be_a_letter_outcome(binhe, carol) -> None:
    with pytest.raises(ApplicationError, match="请选择有效的答复类型"):
        letter_actions.save_template(
            actor=carol, agency=binhe, kind="reply", outcome="other.withdrawn", body="x"
        )


# --- editing and issuing ----------------------------------------------------------------------


def test_update_changes_a_draft_and_is_audited(binhe, hank) -> None:
    a = register(binhe, hank)
    letter = latest(a, LetterKind.RECEIPT)
    letter_actions.update_letter(
        actor=hank, letter=letter, title="登记回执", body="第一段\n\n  第二段  \n"
    )
    letter.refresh_from_db()
    assert (letter.title, letter.body) == ("登记回执", "第一段\n第二段")
    event = Event.objects.filter(action="applications.letter_updated").get()
    assert event.summary == "修改登记回执草稿"
    assert set(event.changes) == {"title", "body"}
    with pytest.raises(ValidationError) as info:
        letter_actions.update_letter(actor=hank, letter=letter, title=" ", body="\n")
    assert info.value.message_dict == {"title": ["请填写标题"], "body": ["正文不能为空"]}


def test_issuing_numbers_renders_stores_and_freezes(binhe, hank) -> None:
    a = register(binhe, hank)
    letter = letter_actions.issue_letter(actor=hank, letter=latest(a, LetterKind.RECEIPT))
    assert letter.status == "issued"
    assert letter.number == "滨河镇依申收〔2024〕1号"
    assert letter.issued_on == D(2024, 12, 31)
    assert letter.issued_by == hank
    assert letter.docx.name.endswith(".docx") and letter.pdf.name.endswith(".pdf")
    event = Event.objects.get(action="applications.letter_issued")
    assert (
        event.summary
        == "出具政府信息公开申请登记回执（滨河镇依申收〔2024〕1号），出具日期2024年12月31日"
    )
    assert event.object_pk == str(a.pk)

    with pytest.raises(ApplicationError) as info:
        letter_actions.update_letter(actor=hank, letter=letter, title="x", body="y")
    assert str(info.value) == "该文书已出具，不能修改；如需更正，请另行生成文书"
    with pytest.raises(ApplicationError, match=r"^该文书已出具，不能删除$"):
        letter_actions.delete_letter(actor=hank, letter=letter)
    with pytest.raises(ApplicationError, match=r"^该文书已经出具$"):
        letter_actions.issue_letter(actor=hank, letter=letter)
    letter.refresh_from_db()
    assert letter.title == "政府信息公开申请登记回执"


def test_issued_docx_has_the_letter_in_the_default_layout(binhe, hank) -> None:
    a = register(binhe, hank)
    letter = letter_actions.issue_letter(actor=hank, letter=latest(a, LetterKind.RECEIPT))
    with letter.docx.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    texts = [p.text for p in document.paragraphs]
    body = letter.body.split("\n")
    assert texts[:5] == [
        "中卫市沙坡头区滨河镇人民政府",
        "政府信息公开申请登记回执",
        "滨河镇依申收〔2024〕1号",
        "",
        "王小明：",
    ]
    assert texts[5 : 5 + len(body)] == body
    assert texts[-2:] == ["中卫市沙坡头区滨河镇人民政府", "2024年12月31日"]
    assert document.core_properties.title == "政府信息公开申请登记回执"
    assert document.sections[0].header.paragraphs[0].text == ""


def test_draft_docx_is_marked_and_has_no_number(binhe, hank) -> None:
    a = register(binhe, hank)
    document = docx.Document(io.BytesIO(render_docx(latest(a, LetterKind.RECEIPT))))
    assert document.sections[0].header.paragraphs[0].text == "草稿（未出具，仅供核对）"
    assert document.paragraphs[2].text == "（文号在出具时生成）"


def test_issued_pdf_is_a_pdf_with_the_text(binhe, hank) -> None:
    a = register(binhe, hank)
    letter = letter_actions.issue_letter(actor=hank, letter=latest(a, LetterKind.RECEIPT))
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    text = flat(extract_text(io.BytesIO(data)))
    assert "政府信息公开申请登记回执" in text
    assert "滨河镇依申收〔2024〕1号" in text
    assert "本机关收到申请的日期为2024年9月27日" in text
    assert "2024年12月31日" in text
    assert "草稿" not in text


def test_draft_pdf_is_marked(binhe, hank) -> None:
    a = register(binhe, hank)
    text = flat(extract_text(io.BytesIO(render_pdf(latest(a, LetterKind.RECEIPT)))))
    assert "草稿" in text and "（文号在出具时生成）" in text


def test_numbers_run_per_agency_year_and_kind_without_gaps(
    binhe, wenchang, hank, wendy, monkeypatch
) -> None:
    def issue(application: Application, kind: str, on: D | None = None) -> str:
        return letter_actions.issue_letter(
            actor=None, letter=latest(application, kind), issued_on=on
        ).number

    first, second = register(binhe, hank), register(binhe, hank)
    other = register(wenchang, wendy)
    assert issue(first, "receipt") == "滨河镇依申收〔2024〕1号"

    def boom(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("渲染失败")

    with monkeypatch.context() as m:
        m.setattr(letter_actions, "render_pdf", boom)
        with pytest.raises(RuntimeError):
            issue(second, "receipt")
    assert latest(second, "receipt").status == "draft"
    assert issue(second, "receipt") == "滨河镇依申收〔2024〕2号"
    assert issue(other, "receipt") == "文昌镇依申收〔2024〕1号"
    actions.extend(
        actor=hank,
        application=first,
        days=5,
        approver="张主任",
        reason="需要检索",
        decided_on=D(2024, 10, 28),
    )
    assert issue(first, "extension") == "滨河镇依申延〔2024〕1号"
    monkeypatch.setattr(actions, "today", lambda: D(2025, 1, 2))
    third = register(binhe, hank, submitted_on=D(2024, 12, 30))
    assert issue(third, "receipt", D(2025, 1, 2)) == "滨河镇依申收〔2025〕1号"
    counters = LetterCounter.objects.filter(agency=binhe).order_by("year", "kind")
    assert [(c.year, c.kind, c.last) for c in counters] == [
        (2024, "extension", 1),
        (2024, "receipt", 2),
        (2025, "receipt", 1),
    ]


def test_issue_date_must_be_between_submission_and_today(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    letter = latest(a, LetterKind.RECEIPT)
    with pytest.raises(ApplicationError, match=r"^出具日期不能晚于今天$"):
        letter_actions.issue_letter(actor=hank, letter=letter, issued_on=D(2025, 1, 1))
    with pytest.raises(ApplicationError, match=r"^出具日期不能早于申请提交日期$"):
        letter_actions.issue_letter(actor=hank, letter=letter, issued_on=D(2024, 9, 26))
    assert not LetterCounter.objects.exists()


def test_agency_short_name_is_used_in_the_number(binhe, hank) -> None:
    binhe.short_name = "滨河"
    binhe.save(update_fields=["short_name"])
    a = register(binhe, hank)
    letter = letter_actions.issue_letter(actor=hank, letter=latest(a, "receipt"))
    assert letter.number == "滨河依申收〔2024〕1号"


def test_delete_removes_a_draft(binhe, hank) -> None:
    a = register(binhe, hank)
    letter_actions.delete_letter(actor=hank, letter=latest(a, "receipt"))
    assert not a.letters.exists()
    assert Event.objects.filter(action="applications.letter_deleted").get().summary == (
        "删除政府信息公开申请登记回执草稿"
    )


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("correction", "该申请没有告知补正，不能生成补正告知书"),
        ("consultation", "请选择要发函的征求意见记录"),
        ("extension", "该申请没有延期，不能生成延期答复告知书"),
        ("fee", "该申请没有收费，不能生成收费通知书"),
        ("reply", "该申请尚未作出答复（或已撤回），不能生成答复告知书"),
        ("nonsense", "请选择有效的文书类型"),
    ],
)
def test_a_letter_needs_the_facts_of_its_kind(binhe, hank, kind, message) -> None:
    a = register(binhe, hank)
    with pytest.raises(ApplicationError) as info:
        letter_actions.draft_letter(actor=hank, application=a, kind=kind)
    assert str(info.value) == message


# --- e-mail ----------------------------------------------------------------------------------


def test_issuing_e_mails_the_applicant_the_pdf(
    binhe, hank, django_capture_on_commit_callbacks
) -> None:
    a = register(binhe, hank)
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_actions.issue_letter(actor=hank, letter=latest(a, "receipt"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wxm@example.com"]
    assert message.subject == (
        "【中卫市沙坡头区滨河镇人民政府】政府信息公开申请登记回执（滨河镇依申收〔2024〕1号）"
    )
    assert "出具政府信息公开申请登记回执，文号：滨河镇依申收〔2024〕1号。" in message.body
    assert f"查询码 {a.tracking_code}" in message.body
    assert "http://127.0.0.1:8000/yishenqing/track/" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "政府信息公开申请登记回执（滨河镇依申收〔2024〕1号）.pdf"
    assert mimetype == "application/pdf"
    with letter.pdf.open("rb") as handle:
        assert content == handle.read()
    assert Event.objects.filter(action="applications.letter_emailed").count() == 1


def test_no_e_mail_without_address_or_for_a_third_party(
    binhe, hank, django_capture_on_commit_callbacks
) -> None:
    company = register(binhe, hank, **(COMPANY | {"email": ""}))
    a = register(binhe, hank)
    actions.start_consultation(
        actor=hank, application=a, kind="third_party", party="某公司", sent_on=D(2024, 10, 8)
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter_actions.issue_letter(actor=hank, letter=latest(company, "receipt"))
        letter_actions.issue_letter(actor=hank, letter=latest(a, "consultation"))
    assert mail.outbox == []


# --- Word layouts --------------------------------------------------------------------------------


def _layout(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_default_layout_file_matches_its_builder() -> None:
    built = docx.Document(io.BytesIO(build_default_layout()))
    stored = docx.Document(io.BytesIO(default_layout_bytes()))
    assert [p.text for p in stored.paragraphs] == [p.text for p in built.paragraphs]
    check_layout(default_layout_bytes())


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (
            ("{{ title }}", "没有正文"),
            "Word 版式模板中须有正文：写入 {{ body }}，或段落循环 "
            "{%p for p in paragraphs %}{{ p }}{%p endfor %}",
        ),
        (("{{ body }}", "{{ seal }}"), "Word 版式模板中有未定义的变量：{{ seal }}"),
        (("{{ body }}{% if %}",), "Word 版式模板无法读取或有语法错误："),
        (("{{ body }}{{ title.__class__.__mro__ }}",), "Word 版式模板无法生成文书："),
    ],
)
def test_bad_layout_is_rejected(texts, message) -> None:
    with pytest.raises(ValidationError) as info:
        check_layout(_layout(*texts))
    assert info.value.message_dict["layout"][0].startswith(message)


def test_agency_layout_is_used_for_the_docx(binhe, hank, carol) -> None:
    letter_actions.upload_layout(
        actor=carol,
        agency=binhe,
        name="我们的版式.docx",
        data=_layout("{{ agency }}（自定义版式）", "{{ number }}", "{{ body }}"),
    )
    a = register(binhe, hank)
    letter = letter_actions.issue_letter(actor=hank, letter=latest(a, "receipt"))
    with letter.docx.open("rb") as handle:
        texts = [p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs]
    assert texts[:2] == ["中卫市沙坡头区滨河镇人民政府（自定义版式）", "滨河镇依申收〔2024〕1号"]
    assert texts[2:] == letter.body.split("\n")
    assert Event.objects.get(action="applications.letter_layout_uploaded").summary == (
        "上传告知书 Word 版式模板“我们的版式.docx”"
    )
    assert letter_actions.reset_layout(actor=carol, agency=binhe) is True
    assert not LetterTemplate.objects.exists()


def test_layout_upload_must_be_a_docx(binhe, carol) -> None:
    with pytest.raises(ValidationError) as info:
        letter_actions.upload_layout(actor=carol, agency=binhe, name="a.docx", data=b"hello")
    assert info.value.message_dict["layout"] == [
        "文件“a.docx”的内容不是Word文档（DOCX），请检查后重新上传"
    ]


def test_no_correction_notice_says_the_application_is_deemed_abandoned(binhe, hank) -> None:
    a = register(binhe, hank)
    a = actions.request_correction(
        actor=hank,
        application=a,
        items="请写明年份",
        deadline=D(2024, 10, 18),
        notified_on=D(2024, 10, 8),
    )
    actions.abandon_no_correction(actor=hank, application=a, on=D(2024, 10, 21))
    letter = latest(a, LetterKind.REPLY)
    assert letter.outcome == Outcome.NO_CORRECTION
    assert letter.body.split("\n")[0] == OPENING
    assert (
        "本机关已于2024年10月8日一次性告知你补正申请内容，补正期限至2024年10月18日。"
        "你无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        "视为你放弃申请，本机关不再处理该政府信息公开申请。"
    ) in letter.body
    assert "行政复议" in letter.body


def test_unpaid_fee_notice_names_the_fee_and_its_due_date(binhe, hank) -> None:
    a = register(binhe, hank)
    fee = actions.issue_fee_notice(
        actor=hank, application=a, method="per_page", pages=150, notice_on=D(2024, 10, 8)
    )
    # 20 working days from the day after 10-08, counting the make-up Saturday 10-12:
    # 10-09 … 10-12 are days 1–4, 10-14 … 11-01 days 5–19, Monday 11-04 day 20
    assert fee.payment_due_on == D(2024, 11, 4)
    actions.abandon_unpaid_fee(actor=hank, application=a, on=D(2024, 11, 5))
    letter = latest(a, LetterKind.REPLY)
    assert letter.outcome == Outcome.UNPAID_FEE
    assert (
        "本机关已于2024年10月8日向你发出收费通知，告知应缴纳信息处理费人民币1700.00元，"
        "缴费期限至2024年11月4日。你逾期未缴纳，根据《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号）的规定，视为你放弃申请，本机关不再处理该政府信息公开申请。"
    ) in letter.body
