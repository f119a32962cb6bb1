"""Annual-report statistics of disclosure on request (stats.py) and the statistics page,
on a small caseload built through the real actions.

滨河镇 in 2025 (dates in comments; the expected figures are counted by hand):

    a1  自然人  传真（确认 03-03）  延期10日，03-10 予以公开          → granted, 3.3.2
    a2  商业企业 当面 03-04          04-03 部分公开（超期）            → partial, 3.3.3
    a3  自然人  网络 04-01 未确认即撤回                               → counts nowhere
    a4  自然人  当面 05-06          05-08 撤回                        → other.other
    a5  自然人  当面 06-02          补正未补，06-23 视为放弃          → other.no_correction, 3.3.7
    a6  商业企业 当面 07-01          收费未缴，07-31 视为放弃          → other.unpaid_fee
    a7  自然人  挂号（签收 08-01）   08-05 告知不属于本机关            → unavailable.not_held, 3.3.5
    a8  自然人  电子邮件（确认 12-22）年末未办结                      → carried forward
    a10 自然人  当面 10-09          10-15 不予公开（第三方，个人隐私）→ refused.third_party, 3.3.4c
    a11 自然人  当面 11-03          缴费700元（11-10），11-20 予以公开 → granted, 3.3.2

文昌镇: w1 自然人 当面 2025-09-01, 09-05 不予公开（国家秘密）.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, dispute_actions, stats
from gongkai.applications.models import Application
from gongkai.applications.tests.conftest import COMPANY, register

D = datetime.date
ZERO7 = dict.fromkeys(
    ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org"), 0
)


def cells(**counts: int) -> dict[str, int]:
    """A table-三 row: the given applicant columns, zeros elsewhere, and the total."""
    row = ZERO7 | counts
    return row | {"total": sum(row.values())}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2026, 6, 30))


REASON = {"reasoning": "依据《条例》作出答复"}


@pytest.fixture
def cases(binhe: Agency, wenchang: Agency, hank: User, wendy: User) -> dict[str, Application]:
    made: dict[str, Application] = {}
    a1 = register(
        binhe,
        hank,
        channel="fax",
        submitted_on=D(2025, 3, 3),
        confirmed_on=D(2025, 3, 3),
        confirmation_note="电话确认",
    )
    actions.extend(
        actor=hank,
        application=a1,
        days=10,
        approver="张主任",
        reason="需要检索",
        decided_on=D(2025, 3, 5),
    )
    made["a1"] = actions.reply(
        actor=hank, application=a1, outcome="granted", values=REASON, replied_on=D(2025, 3, 10)
    )
    a2 = register(binhe, hank, submitted_on=D(2025, 3, 4), **COMPANY)
    made["a2"] = actions.reply(
        actor=hank,
        application=a2,
        outcome="partial",
        values=REASON
        | {
            "withheld_description": "投标人报价",
            "withheld_ground": "refused.third_party",
            "third_party_interest": "trade_secret",
        },
        replied_on=D(2025, 4, 3),
    )
    a3 = register(binhe, hank, channel="online", submitted_on=D(2025, 4, 1))
    made["a3"] = actions.withdraw(actor=hank, application=a3, reason="书面撤回", on=D(2025, 4, 2))
    a4 = register(binhe, hank, submitted_on=D(2025, 5, 6))
    made["a4"] = actions.withdraw(actor=hank, application=a4, reason="书面撤回", on=D(2025, 5, 8))
    a5 = register(binhe, hank, submitted_on=D(2025, 6, 2))
    actions.request_correction(
        actor=hank,
        application=a5,
        items="请写明年份",
        deadline=D(2025, 6, 20),
        notified_on=D(2025, 6, 3),
    )
    made["a5"] = actions.abandon_no_correction(actor=hank, application=a5, on=D(2025, 6, 23))
    a6 = register(binhe, hank, submitted_on=D(2025, 7, 1), **COMPANY)
    fee = actions.issue_fee_notice(
        actor=hank, application=a6, method="per_page", pages=150, notice_on=D(2025, 7, 2)
    )
    # July 2025 has no holidays: 20 working days after 07-02 is Wednesday 07-30.
    assert fee.payment_due_on == D(2025, 7, 30)
    made["a6"] = actions.abandon_unpaid_fee(actor=hank, application=a6, on=D(2025, 7, 31))
    a7 = register(binhe, hank, channel="registered_mail", submitted_on=D(2025, 8, 1))
    made["a7"] = actions.transfer(
        actor=hank,
        application=a7,
        responsible_agency="中卫市自然资源局",
        reasoning="该信息由自然资源局制作",
        on=D(2025, 8, 5),
    )
    made["a8"] = register(
        binhe,
        hank,
        channel="email",
        submitted_on=D(2025, 12, 21),
        confirmed_on=D(2025, 12, 22),
        confirmation_note="回复邮件确认",
    )
    a10 = register(binhe, hank, submitted_on=D(2025, 10, 9))
    made["a10"] = actions.reply(
        actor=hank,
        application=a10,
        outcome="refused.third_party",
        values=REASON | {"third_party_interest": "privacy"},
        replied_on=D(2025, 10, 15),
    )
    a11 = register(binhe, hank, submitted_on=D(2025, 11, 3))
    actions.issue_fee_notice(
        actor=hank, application=a11, method="per_page", pages=100, notice_on=D(2025, 11, 4)
    )
    actions.record_payment(
        actor=hank, application=a11, paid_on=D(2025, 11, 10), amount=Decimal("700")
    )
    made["a11"] = actions.reply(
        actor=hank, application=a11, outcome="granted", values=REASON, replied_on=D(2025, 11, 20)
    )
    w1 = register(wenchang, wendy, submitted_on=D(2025, 9, 1))
    made["w1"] = actions.reply(
        actor=wendy,
        application=w1,
        outcome="refused.state_secret",
        values=REASON,
        replied_on=D(2025, 9, 5),
    )
    return made


@pytest.fixture
def disputes(binhe: Agency, wenchang: Agency, hank: User) -> None:
    def record(agency: Agency, kind: str, filed: D, result: str, closed: D | None) -> None:
        dispute_actions.record_dispute(
            actor=hank,
            agency=agency,
            values={
                "kind": kind,
                "body": "中卫市人民政府",
                "claimant": "王小明",
                "filed_on": filed,
                "result": result,
                "closed_on": closed,
            },
        )

    record(binhe, "reconsideration", D(2025, 4, 10), "upheld", D(2025, 6, 1))
    # decided in 2026: still 尚未审结 in the 2025 report
    record(binhe, "reconsideration", D(2025, 11, 1), "corrected", D(2026, 1, 15))
    record(binhe, "litigation_direct", D(2025, 5, 1), "pending", None)
    record(wenchang, "litigation_after_review", D(2025, 7, 1), "other", D(2025, 9, 1))
    # filed in 2024: counted in 2024 (pending on 31 December 2024), not in 2025
    record(binhe, "reconsideration", D(2024, 12, 20), "upheld", D(2025, 2, 1))
    for received in (D(2025, 9, 9), D(2026, 1, 5)):
        dispute_actions.record_complaint(
            actor=hank,
            agency=binhe,
            values={"complainant": "李四", "received_on": received, "subject": "未按期答复"},
        )


# --- table 三 -------------------------------------------------------------------------------


def test_table3_counts_each_case_in_its_row_and_applicant_column(binhe, cases) -> None:
    table = stats.table3(binhe, 2025)
    assert list(table) == [
        "new",
        "carried_over",
        "granted",
        "partial",
        "refused.state_secret",
        "refused.law_forbids",
        "refused.security_stability",
        "refused.third_party",
        "refused.internal_affairs",
        "refused.process_info",
        "refused.enforcement_file",
        "refused.query_procedure",
        "unavailable.not_held",
        "unavailable.needs_creation",
        "unavailable.still_unclear",
        "not_processed.petition",
        "not_processed.repeat",
        "not_processed.publication",
        "not_processed.excessive",
        "not_processed.confirm_reissue",
        "other.no_correction",
        "other.unpaid_fee",
        "other.other",
        "total",
        "carried_forward",
    ]
    expected = {row: cells() for row in table}
    expected |= {
        # a3 was withdrawn before its receipt was confirmed: not received, not counted
        "new": cells(natural_person=7, commercial=2),
        "granted": cells(natural_person=2),
        "partial": cells(commercial=1),
        "refused.third_party": cells(natural_person=1),
        "unavailable.not_held": cells(natural_person=1),  # a7, 不属于本机关
        "other.no_correction": cells(natural_person=1),
        "other.unpaid_fee": cells(commercial=1),
        "other.other": cells(natural_person=1),  # a4, withdrawn after receipt
        "total": cells(natural_person=6, commercial=2),
        "carried_forward": cells(natural_person=1),  # a8
    }
    assert table == expected


def test_the_district_counts_its_whole_subtree(district, binhe, wenchang, cases) -> None:
    table = stats.table3(district, 2025)
    assert table["new"] == cells(natural_person=8, commercial=2)
    assert table["refused.state_secret"] == cells(natural_person=1)
    assert table["total"] == cells(natural_person=7, commercial=2)
    assert stats.table3(wenchang, 2025)["total"] == cells(natural_person=1)


def test_the_2019_form_has_one_other_row(binhe, cases) -> None:
    table = stats.table3(binhe, 2025, form="2019")
    assert "other.other" not in table
    assert list(table)[-4:] == [
        "not_processed.confirm_reissue",
        "other",
        "total",
        "carried_forward",
    ]
    assert table["other"] == cells(natural_person=2, commercial=1)
    assert table["total"] == cells(natural_person=6, commercial=2)


def test_table3_refuses_the_legacy_form(binhe) -> None:
    with pytest.raises(ValueError, match="表三只有2019年和2021年格式，没有“2014”格式"):
        stats.table3(binhe, 2018, form="2014")  # type: ignore[arg-type]


def test_next_year_carries_over_what_was_carried_forward(binhe, cases) -> None:
    table = stats.table3(binhe, 2026)
    assert table["carried_over"] == cells(natural_person=1)
    assert table["new"] == cells()
    assert table["total"] == cells()
    assert table["carried_forward"] == cells(natural_person=1)  # a8 is still open


def test_application_received_in_december_and_replied_in_january(district, binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2025, 12, 20))
    actions.reply(
        actor=hank, application=a, outcome="granted", values=REASON, replied_on=D(2026, 1, 10)
    )
    for agency in (binhe, district):
        y2025 = stats.table3(agency, 2025)
        y2026 = stats.table3(agency, 2026)
        assert y2025["new"] == cells(natural_person=1)
        assert y2025["total"] == cells()
        assert y2025["carried_forward"] == cells(natural_person=1)
        assert y2026["carried_over"] == cells(natural_person=1)
        assert y2026["new"] == cells()
        assert y2026["granted"] == y2026["total"] == cells(natural_person=1)
        assert y2026["carried_forward"] == cells()
    assert list(stats.carried_forward_cases(district, 2025)) == [a]
    assert not stats.carried_forward_cases(district, 2026).exists()


# --- the filters behind the figures (the case list's ``row`` parameter) ---------------------


def test_each_row_filter_selects_the_cases_counted(binhe, cases) -> None:
    def selected(row: str, year: int = 2025) -> set[str]:
        pks = set(
            Application.objects.in_subtree(binhe)
            .filter(stats.application_filter(row, year))
            .values_list("pk", flat=True)
        )
        return {name for name, a in cases.items() if a.pk in pks}

    assert selected("granted") == {"a1", "a11"}
    assert selected("other.other") == {"a4"}
    assert selected("other") == {"a4", "a5", "a6"}
    assert selected("carried_forward") == {"a8"}
    assert selected("carried_over", 2026) == {"a8"}
    assert selected("new") == {"a1", "a2", "a4", "a5", "a6", "a7", "a8", "a10", "a11"}
    assert selected("legacy.3.2.2") == {"a1"}
    assert selected("legacy.3.3.4") == {"a10"}
    assert selected("legacy.7") == {"a11"}


def test_an_unknown_row_is_refused_with_a_message() -> None:
    with pytest.raises(stats.UnknownRow, match=re.escape("没有“granted.partly”这一统计行")):
        stats.application_filter("granted.partly", 2025)
    with pytest.raises(stats.UnknownRow, match=re.escape("没有“legacy.4.4”这一统计行")):
        stats.dispute_filter("legacy.4.4", 2025)
    with pytest.raises(stats.UnknownRow, match=re.escape("没有“reconsideration.won”这一统计行")):
        stats.dispute_filter("reconsideration.won", 2025)


def test_row_target_names_the_list_to_open() -> None:
    assert stats.row_target("granted") == "applications"
    assert stats.row_target("legacy.3.1.2") == "applications"
    assert stats.row_target("legacy.7") == "applications"
    assert stats.row_target("legacy.4.1") == "disputes"
    assert stats.row_target("legacy.5") == "disputes"
    assert stats.row_target("reconsideration.pending") == "disputes"
    assert stats.row_target("legacy.6") == "complaints"


# --- table 四 -------------------------------------------------------------------------------


def z(**counts: int) -> dict[str, int]:
    row = dict.fromkeys(("upheld", "corrected", "other", "pending"), 0) | counts
    return row | {"total": sum(row.values())}


def test_table4_counts_disputes_filed_in_the_year_as_known_on_31_december(
    district, binhe, disputes
) -> None:
    assert stats.table4(binhe, 2025) == {
        "reconsideration": z(upheld=1, pending=1),
        "litigation_direct": z(pending=1),
        "litigation_after_review": z(),
    }
    assert stats.table4(district, 2025)["litigation_after_review"] == z(other=1)
    assert stats.table4(binhe, 2024)["reconsideration"] == z(pending=1)
    assert stats.table4(binhe, 2026) == {
        "reconsideration": z(),
        "litigation_direct": z(),
        "litigation_after_review": z(),
    }


# --- the legacy form ------------------------------------------------------------------------


def test_legacy_rows(binhe, district, cases, disputes) -> None:
    rows = stats.legacy(binhe, 2025)
    assert rows == {
        "3.1": 9,
        "3.1.1": 6,  # a2 a4 a5 a6 a10 a11
        "3.1.2": 1,  # a1 fax
        "3.1.3": 1,  # a8 e-mail (a3, online, was never received)
        "3.1.4": 1,  # a7 registered mail
        "3.2": 8,
        "3.2.1": 7,
        "3.2.2": 1,  # a1 was extended
        "3.3": 6,  # withdrawn a4 and unpaid a6 have no answer row
        "3.3.1": 0,
        "3.3.2": 2,
        "3.3.3": 1,
        "3.3.4": 1,
        "3.3.4a": 0,
        "3.3.4b": 0,
        "3.3.4c": 1,
        "3.3.4d": 0,
        "3.3.4e": 0,
        "3.3.4f": 0,
        "3.3.5": 1,
        "3.3.6": 0,
        "3.3.7": 1,
        "3.3.8": 0,
        "4": 2,
        "4.1": 1,
        "4.2": 0,
        "4.3": 1,  # decided only in 2026
        "5": 1,
        "5.1": 0,
        "5.2": 0,
        "5.3": 1,
        "6": 1,
        "7": Decimal("0.07"),  # 700 元
    }
    assert isinstance(rows["7"], Decimal)
    district_rows = stats.legacy(district, 2025)
    assert (district_rows["3.3.4"], district_rows["3.3.4a"]) == (2, 1)
    assert (district_rows["5"], district_rows["5.3"]) == (2, 2)


def test_fees_collected_and_their_10k_yuan_form(binhe, cases) -> None:
    assert stats.fees_collected(binhe, 2025) == Decimal("700.00")
    assert stats.fees_collected(binhe, 2026) == Decimal("0.00")
    assert stats.legacy(binhe, 2026)["7"] == Decimal(0)


def test_summary(binhe, cases) -> None:
    s = stats.summary(binhe, 2025)
    assert (s.received, s.closed, s.replied, s.replied_on_time) == (9, 8, 5, 4)
    assert s.on_time_rate == Decimal("80.0")  # a2 replied after its due date 04-01
    assert s.carried_forward == 1
    assert s.fees_yuan == Decimal("700.00")
    # working days from the clock start to the reply, pauses not counted:
    # a1 03-03→03-10: 5; a2 03-04→04-03: 22 (20th is 04-01; Qingming is 04-04);
    # a7 08-01→08-05: 2; a10 10-09→10-15: 5 (make-up Saturday 10-11 counts);
    # a11 11-03→11-20: 13, less 4 days waiting for the fee (11-05…11-10) = 9.
    assert s.average_workdays == Decimal("8.6")  # 43 / 5
    assert s.average_provisional is False
    empty = stats.summary(binhe, 2024)
    assert (empty.on_time_rate, empty.average_workdays) == (None, None)


# --- the page ---------------------------------------------------------------------------------


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page(user: User, **params: Any) -> tuple[int, str]:
    response = client_for(user).get(reverse("application_stats:index"), params)
    return response.status_code, response.content.decode()


def test_page_shows_table3_with_printed_labels_and_links(alice, district, cases) -> None:
    status, html = page(alice, agency=district.pk, year=2025)
    assert status == 200
    assert "三、收到和处理政府信息公开申请情况（2021年格式）" in html
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    assert '<th scope="row" rowspan="22">三、本年度办理结果</th>' in html
    assert '<th scope="row" rowspan="8">（三）不予公开</th>' in html
    assert (
        '<th scope="row" colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</th>'
        in html
    )
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in html
    link = (
        f'<td data-code="granted/natural_person"><a href="/workbench/applications/?agency='
        f'{district.pk}&amp;year=2025&amp;row=granted&amp;applicant_kind=natural_person">2</a></td>'
    )
    assert link in html
    total = (
        f'<td data-code="new/total"><a href="/workbench/applications/?agency={district.pk}'
        f'&amp;year=2025&amp;row=new">10</a></td>'
    )
    assert total in html
    assert '<td data-code="granted/research">0</td>' in html
    assert "四、政府信息公开行政复议、行政诉讼情况" in html
    assert "政府信息公开情况统计表（2014年格式）" not in html
    assert "截至2025年12月31日未办结、结转下年度继续办理的申请" in html
    assert 'row=carried_forward">1 件</a>' in html
    # the district adds 文昌镇's w1, answered on time: 5 of 6
    assert "作出答复 6 件，按期答复 5 件，按期答复率 83.3%" in html


def test_page_links_disputes_to_the_dispute_list(alice, district, disputes) -> None:
    _, html = page(alice, agency=district.pk, year=2025)
    assert (
        f'<td data-code="reconsideration.upheld/total"><a href="/workbench/applications/disputes/'
        f'?agency={district.pk}&amp;year=2025&amp;row=reconsideration.upheld">1</a></td>'
    ) in html
    assert '<td data-code="litigation_direct.corrected/total">0</td>' in html


def test_page_uses_the_2019_form_for_2020_and_shows_legacy_rows_on_request(alice, district) -> None:
    _, html = page(alice, agency=district.pk, year=2020)
    assert "（2019年试行格式）" in html
    assert '<th scope="row" rowspan="20">三、本年度办理结果</th>' in html
    assert '<th scope="row" colspan="2">（六）其他处理</th>' in html
    assert "3.其他" not in html
    assert "政府信息公开情况统计表（2014年格式）" not in html
    _, html = page(alice, agency=district.pk, year=2020, legacy="on")
    assert "政府信息公开情况统计表（2014年格式）第三至七项" in html
    assert '<td data-code="legacy.7/total">0</td>' in html


def test_page_for_2018_shows_only_the_legacy_table(alice, district) -> None:
    _, html = page(alice, agency=district.pk, year=2018)
    assert "政府信息公开情况统计表（2014年格式）第三至七项" in html
    assert "（一）收到申请数" in html and "七、依申请公开信息收取的费用" in html
    assert "三、收到和处理政府信息公开申请情况" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "1999"}, "年度应在 2008 到 {this_year} 之间"),
        ({"year": "2031"}, "年度应在 2008 到 {this_year} 之间"),
        ({"year": "二〇二五"}, "年度应为四位数字，如 2025"),
        ({"agency": "999999"}, "请选择您可以查看的机构"),
    ],
)
def test_bad_choices_re_render_the_form_with_a_message(alice, params, message) -> None:
    status, html = page(alice, **params)
    assert status == 400
    assert message.format(this_year=timezone.localdate().year) in html
    assert "三、收到和处理政府信息公开申请情况" not in html


def test_an_agency_the_user_cannot_see_is_refused(dave, binhe) -> None:
    status, html = page(dave, agency=binhe.pk, year=2025)
    assert status == 400
    assert "请选择您可以查看的机构" in html


def test_a_user_without_agency_gets_403_and_anonymous_goes_to_login(outsider, client) -> None:
    assert client_for(outsider).get(reverse("application_stats:index")).status_code == 403
    response = client.get(reverse("application_stats:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_excel_export_has_the_same_tables(alice, district, cases, disputes) -> None:
    response = client_for(alice).get(
        reverse("application_stats:export"), {"agency": district.pk, "year": 2025, "legacy": "on"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="applications-2025-{district.pk}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "政府信息公开情况统计表",
    ]
    t3 = book["三、收到和处理政府信息公开申请情况"]
    assert (
        t3["A1"].value
        == "中卫市沙坡头区人民政府2025年度 三、收到和处理政府信息公开申请情况（2021年格式）"
    )
    assert "A3:C5" in {str(r) for r in t3.merged_cells.ranges}
    # rows 3–5 are the header; row 6 is 一、本年新收…, its seven figures in D–J
    assert t3["A6"].value == "一、本年新收政府信息公开申请数量"
    assert [t3.cell(6, c).value for c in range(4, 11)] == [8, 2, 0, 0, 0, 0, 10]
    assert t3["A8"].value == "三、本年度办理结果"
    assert t3["B8"].value == "（一）予以公开"
    assert [t3.cell(8, c).value for c in range(4, 11)] == [2, 0, 0, 0, 0, 0, 2]
    assert t3["A30"].value == "四、结转下年度继续办理"
    assert t3.cell(30, 10).value == 1
    t4 = book["四、政府信息公开行政复议、行政诉讼情况"]
    assert [t4.cell(6, c).value for c in range(1, 16)] == [
        1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1,
    ]  # fmt: skip
    legacy = book["政府信息公开情况统计表"]
    rows = {legacy.cell(r, 1).value: legacy.cell(r, 3).value for r in range(4, legacy.max_row + 1)}
    assert rows["（一）收到申请数"] == 10
    assert rows["七、依申请公开信息收取的费用"] == 0.07


def test_excel_export_of_bad_input_is_a_400_with_the_message(alice) -> None:
    response = client_for(alice).get(reverse("application_stats:export"), {"year": "1999"})
    assert response.status_code == 400
    year = timezone.localdate().year
    assert response.content.decode() == f"年度应在 2008 到 {year} 之间"


@pytest.mark.browser
def test_choosing_agency_and_year_in_the_browser(page, alice, district, binhe, cases) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from gongkai.core.testing import log_in

    log_in(page, "alice", PASSWORD)
    page.goto(reverse("application_stats:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("依申请公开统计")
    page.get_by_label("机构（含下级机构）").select_option(label=binhe.name)
    page.get_by_label("年度", exact=True).select_option("2025")
    page.get_by_role("button", name="查看").click()
    table = page.get_by_role("table", name="三、收到和处理政府信息公开申请情况（2021年格式）")
    expect(table).to_be_visible()
    new_total = table.locator('td[data-code="new/total"] a')
    expect(new_total).to_have_text("9")
    expect(new_total).to_have_attribute(
        "href", f"/workbench/applications/?agency={binhe.pk}&year=2025&row=new"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename == f"applications-2025-{binhe.pk}.xlsx"
