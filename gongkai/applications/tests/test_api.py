"""The disclosure-on-request JSON API at ``/api/v1/applications``: the whole case path
through it with the stored deadlines, the public endpoints (tracking, online
submission, the deadline calculator), permissions, CSRF and the Chinese errors."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, letter_actions, tracking
from gongkai.applications.models import (
    Application,
    Complaint,
    Dispute,
    Letter,
    LetterStatus,
    Status,
)
from gongkai.applications.tests.conftest import COMPANY, PERSON, register
from gongkai.audit.models import Event

D = datetime.date
URL = "/api/v1/applications/"


class Clock:
    """``actions.today`` for these tests; moved forward step by step."""

    def __init__(self) -> None:
        self.today = D(2024, 12, 31)

    def __call__(self) -> datetime.date:
        return self.today


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(actions, "today", clock)
    return clock


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def put(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.put(url, data, content_type="application/json")


def events(application_id: int) -> list[str]:
    rows = Event.objects.filter(object_pk=str(application_id), action__startswith="applications.")
    return list(rows.order_by("created_at", "id").values_list("action", flat=True))


def deadlines_of(body: dict[str, Any]) -> tuple[Any, ...]:
    d = body["deadlines"]
    return (
        body["status"],
        d["clock_start_on"],
        d["reply_due_on"],
        d["latest_due_on"],
        d["paused_workdays"],
        d["workdays_left"],
    )


# --- the whole path ----------------------------------------------------------------------


def test_email_application_goes_from_registration_to_archive_through_the_api(
    binhe: Agency, hank: User, clock: Clock
) -> None:
    client = as_user(hank)
    clock.today = D(2024, 9, 27)

    created = post(
        client, URL, PERSON | {"channel": "email", "submitted_on": "2024-09-26"}
    )  # one handling agency: ``agency`` may be left out
    assert created.status_code == 201, created.json()
    case = created.json()
    url = f"{URL}{case['id']}"
    assert (case["status"], case["number"], case["agency"]) == (
        "pending",
        "〔2024〕0001号",
        binhe.pk,
    )
    assert (case["received_on"], case["alert_kind"], case["alert_due_on"]) == (
        None,
        "confirm",
        "2024-09-26",
    )
    assert case["allowed_actions"] == ["confirm_receipt", "withdraw"]

    body = post(client, f"{url}/confirm", {"confirmed_on": "2024-09-27", "note": "电话确认"}).json()
    # 9-29 is a make-up Sunday; 10-1 … 10-7 National Day; 10-12 a make-up Saturday
    assert body["received_on"] == "2024-09-27"
    assert body["deadlines"]["correction_notice_due_on"] == "2024-10-12"
    assert deadlines_of(body) == ("processing", "2024-09-27", "2024-10-30", "2024-11-27", 0, 20)

    clock.today = D(2024, 10, 8)
    body = post(
        client,
        f"{url}/correction",
        {"items": "请写明所需信息的年份", "deadline": "2024-10-18", "notified_on": "2024-10-08"},
    ).json()
    assert deadlines_of(body) == ("correction", "2024-09-27", None, None, 0, None)
    assert (body["deadlines"]["correction_deadline"], body["alert_kind"]) == (
        "2024-10-18",
        "correction",
    )

    clock.today = D(2024, 10, 14)
    body = post(client, f"{url}/correction/received", {"received_on": "2024-10-14"}).json()
    assert deadlines_of(body) == ("processing", "2024-10-14", "2024-11-11", "2024-12-09", 0, 20)

    clock.today = D(2024, 10, 16)
    body = post(
        client,
        f"{url}/consult",
        {
            "kind": "third_party",
            "party": "中卫市某某商贸有限公司",
            "sent_on": "2024-10-15",
            "delivered_on": "2024-10-16",
        },
    ).json()
    assert deadlines_of(body) == ("consultation", "2024-10-14", None, None, 0, None)
    consultation = body["consultations"][0]
    assert (consultation["due_on"], consultation["is_open"]) == ("2024-11-06", True)
    assert body["deadlines"]["clock_paused"] is True

    clock.today = D(2024, 10, 25)
    body = post(
        client,
        f"{url}/consultations/{consultation['id']}/finish",
        {"answered_on": "2024-10-25", "answer": "object", "opinion": "涉及商业秘密"},
    ).json()
    # 10-16 … 10-25 (8 working days) are not counted
    assert deadlines_of(body) == ("processing", "2024-10-14", "2024-11-21", "2024-12-19", 8, 19)
    assert body["consultations"][0]["answer_label"] == "不同意公开"

    clock.today = D(2024, 11, 20)
    body = post(
        client,
        f"{url}/extend",
        {"days": 20, "approver": "张主任", "reason": "需要检索档案", "decided_on": "2024-11-20"},
    ).json()
    assert deadlines_of(body) == ("extended", "2024-10-14", "2024-12-19", "2024-12-19", 8, 21)

    clock.today = D(2024, 12, 18)
    body = post(
        client,
        f"{url}/reply",
        {
            "outcome": "refused.third_party",
            "reasoning": "第三方不同意公开，涉及其商业秘密",
            "third_party_interest": "trade_secret",
            "replied_on": "2024-12-18",
        },
    ).json()
    assert (body["status"], body["on_time"], body["closed_on"]) == ("replied", True, "2024-12-18")
    assert (body["report_row"], body["legacy_row"]) == ("refused.third_party", "3.3.4b")
    assert body["deadlines"]["reply_due_on"] == "2024-12-19"  # kept as decided against

    clock.today = D(2024, 12, 19)
    refused = post(client, f"{url}/deliver", {"delivered_on": "2024-12-19", "method": "email"})
    assert (refused.status_code, refused.json()["detail"]) == (
        400,
        "请先出具答复告知书，再登记送达",
    )
    reply_letter = Letter.objects.get(application_id=case["id"], kind="reply")
    issued = post(client, f"/api/v1/applications/letters/{reply_letter.pk}/issue", {})
    assert issued.status_code == 200
    body = post(client, f"{url}/deliver", {"delivered_on": "2024-12-19", "method": "email"}).json()
    assert (body["status"], body["delivered_on"], body["delivered_by"]) == (
        "delivered",
        "2024-12-19",
        "email",
    )

    drafts = Letter.objects.filter(application_id=case["id"], status=LetterStatus.DRAFT)
    assert sorted(drafts.values_list("kind", flat=True)) == [
        "consultation",
        "correction",
        "extension",
        "receipt",
    ]
    refused = post(client, f"{url}/archive", {"on": "2024-12-20"})
    assert (refused.status_code, refused.json()["detail"]) == (
        400,
        "还有未出具的文书草稿，请出具或删除后再归档",
    )
    drafts.delete()  # issuing letters is tested with the letters
    clock.today = D(2024, 12, 20)
    body = post(client, f"{url}/archive", {"on": "2024-12-20"}).json()
    assert (body["status"], body["archived_on"], body["allowed_actions"]) == (
        "archived",
        "2024-12-20",
        [],
    )
    assert [e for e in events(case["id"]) if e != "applications.letter_drafted"] == [
        "applications.registered",
        "applications.confirm_receipt",
        "applications.request_correction",
        "applications.receive_correction",
        "applications.start_consultation",
        "applications.finish_consultation",
        "applications.extend",
        "applications.reply",
        "applications.letter_issued",
        "applications.deliver",
        "applications.archive",
    ]


def test_fee_is_quoted_charged_paid_and_pauses_the_reply_clock(
    binhe: Agency, hank: User, clock: Clock
) -> None:
    clock.today = D(2024, 10, 14)
    a = register(binhe, hank, submitted_on=D(2024, 10, 14))
    client = as_user(hank)
    url = f"{URL}{a.pk}"

    quote = post(client, f"{url}/fee/quote", {"method": "per_page", "pages": "120"})
    assert quote.status_code == 200
    assert quote.json() == {
        "method": "per_page",
        "method_label": "按量计收",
        "amount": "1100",
        "free": False,
        "nth_in_month": None,
        "pages": 120,
        "lines": [
            {"description": "第1–30页（30页）", "quantity": 30, "rate": "0", "amount": "0"},
            {"description": "第31–100页（70页）", "quantity": 70, "rate": "10", "amount": "700"},
            {"description": "第101–200页（20页）", "quantity": 20, "rate": "20", "amount": "400"},
        ],
        "explanation": [
            "第1–30页（30页）：30 × 0 元 = 0 元",
            "第31–100页（70页）：70 × 10 元 = 700 元",
            "第101–200页（20页）：20 × 20 元 = 400 元",
        ],
    }
    free = post(client, f"{url}/fee/quote", {"method": "per_item"}).json()
    assert (free["amount"], free["free"], free["nth_in_month"]) == ("0", True, 1)
    assert Application.objects.get(pk=a.pk).status == Status.PROCESSING

    charged = post(
        client, f"{url}/fee", {"method": "per_page", "pages": 120, "notice_on": "2024-10-14"}
    ).json()
    assert (charged["status"], charged["deadlines"]["reply_due_on"]) == ("awaiting_fee", None)
    fee = charged["fee"]
    assert (fee["amount"], fee["payment_due_on"], fee["explanation"][1]) == (
        "1100.00",
        "2024-11-11",
        "第31–100页（70页）：70 × 10 元 = 700 元",
    )
    assert (charged["alert_kind"], charged["alert_due_on"]) == ("payment", "2024-11-11")

    clock.today = D(2024, 10, 21)
    wrong = post(client, f"{url}/fee/paid", {"paid_on": "2024-10-21", "amount": "100"})
    assert (wrong.status_code, wrong.json()["detail"]) == (
        400,
        "实缴金额（100 元）与应缴金额（1100.00 元）不一致",
    )
    paid = post(
        client,
        f"{url}/fee/paid",
        {"paid_on": "2024-10-21", "amount": 1100, "receipt_number": "NO.123"},
    ).json()
    # 10-15 … 10-21 (5 working days) are not counted: 20 + 5 from 10-14
    assert (paid["status"], paid["deadlines"]["paused_workdays"]) == ("processing", 5)
    assert paid["deadlines"]["reply_due_on"] == "2024-11-18"
    assert (paid["fee"]["paid_amount"], paid["fee"]["receipt_number"]) == ("1100.00", "NO.123")

    again = post(client, f"{url}/fee/abandon", {"on": "2024-12-20"})
    assert (again.status_code, again.json()["detail"]) == (
        409,
        "该申请当前为“办理中”，只有待缴费的申请可以进行此操作",
    )


def test_transfer_withdraw_and_note(binhe: Agency, hank: User, clock: Clock) -> None:
    client = as_user(hank)
    a = register(binhe, hank, submitted_on=D(2024, 12, 2))
    b = register(binhe, hank, channel="fax", submitted_on=D(2024, 12, 2))

    unknown = post(
        client,
        f"{URL}{a.pk}/transfer",
        {"responsible_unknown": "yes", "reasoning": "该信息由上级部门制作", "on": "2024-12-03"},
    ).json()
    assert (unknown["status"], unknown["outcome"], unknown["responsible_agency"]) == (
        "transferred",
        "unavailable.not_responsible",
        "",
    )
    flag = post(client, f"{URL}{b.pk}/transfer", {"responsible_unknown": "maybe"})
    assert flag.json()["errors"] == {"responsible_unknown": "无法确定负责机关只能是 true 或 false"}

    withdrawn = post(client, f"{URL}{b.pk}/withdraw", {"reason": "申请人电话撤回"}).json()
    # never received (fax not confirmed): not counted, no outcome
    assert (withdrawn["status"], withdrawn["outcome"], withdrawn["closed_on"]) == (
        "withdrawn",
        "",
        None,
    )
    noted = post(client, f"{URL}{b.pk}/note", {"note": "  申请人系重复来电  "}).json()
    assert noted["internal_note"] == "申请人系重复来电"


# --- errors ------------------------------------------------------------------------------


def test_bad_fields_are_422_with_chinese_messages_and_nothing_is_saved(
    binhe: Agency, hank: User
) -> None:
    client = as_user(hank)
    a = register(binhe, hank, channel="email", submitted_on=D(2024, 12, 2))
    url = f"{URL}{a.pk}"
    before = events(a.pk)

    bad_date = post(client, f"{url}/confirm", {"confirmed_on": "2024-02-30", "note": "电话确认"})
    assert bad_date.status_code == 422
    assert bad_date.json() == {
        "detail": "确认日期不是有效日期（格式：2025-01-31）",
        "errors": {"confirmed_on": "确认日期不是有效日期（格式：2025-01-31）"},
    }
    missing = post(client, f"{url}/confirm", {"note": "电话确认"})
    assert missing.json()["errors"] == {"confirmed_on": "请填写确认日期"}
    no_body = client.post(f"{url}/confirm", "", content_type="application/json")
    assert (no_body.status_code, no_body.json()["errors"]) == (
        422,
        {"confirmed_on": "请填写确认日期"},
    )
    odd_type = post(client, f"{url}/confirm", {"confirmed_on": 20241203, "note": ["电话"]})
    assert odd_type.json()["errors"] == {
        "confirmed_on": "确认日期不是有效日期（格式：2025-01-31）",
        "note": "确认方式格式不正确",
    }
    nul = post(client, f"{url}/confirm", {"confirmed_on": "2024-12-03", "note": "电话\u0000"})
    assert nul.json()["errors"] == {"note": "确认方式格式不正确"}
    no_note = post(client, f"{url}/confirm", {"confirmed_on": "2024-12-03"})
    assert (no_note.status_code, no_note.json()["detail"]) == (
        400,
        "请写明与申请人确认的方式（如电话确认、回复邮件）",
    )
    assert Application.objects.get(pk=a.pk).status == Status.PENDING
    assert events(a.pk) == before

    post(client, f"{url}/confirm", {"confirmed_on": "2024-12-03", "note": "电话确认"})
    days = post(client, f"{url}/extend", {"days": "二十", "approver": "张主任", "reason": "检索"})
    assert days.json()["errors"] == {"days": "延长工作日数应为整数"}
    too_long = post(client, f"{url}/extend", {"days": 25, "approver": "张主任", "reason": "检索"})
    assert (too_long.status_code, too_long.json()["detail"]) == (
        400,
        "延长期限应为 1 到 20 个工作日",
    )
    empty_reply = post(client, f"{url}/reply", {"outcome": "refused.third_party"})
    assert empty_reply.status_code == 422
    assert empty_reply.json()["errors"] == {
        "reasoning": "请填写答复的理由和依据",
        "third_party_interest": "请选择所保护的第三方权益（商业秘密、个人隐私或其他）",
    }
    assert Application.objects.get(pk=a.pk).status == Status.PROCESSING
    assert Application.objects.get(pk=a.pk).extension_days == 0


def test_step_not_allowed_from_the_current_status_is_409(binhe: Agency, hank: User) -> None:
    client = as_user(hank)
    a = register(binhe, hank, channel="online", submitted_on=D(2024, 12, 2))

    response = post(
        client, f"{URL}{a.pk}/reply", {"outcome": "granted", "replied_on": "2024-12-03"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "该申请当前为“待确认”，只有延期办理中、办理中的申请可以进行此操作",
        "errors": {},
    }
    archived = post(client, f"{URL}{a.pk}/archive")
    assert archived.json()["detail"] == (
        "该申请当前为“待确认”，只有视为放弃、已送达、已转办/告知、已撤回的申请可以进行此操作"
    )
    assert Application.objects.get(pk=a.pk).status == Status.PENDING


def test_registration_with_bad_fields_saves_nothing(binhe: Agency, hank: User) -> None:
    response = post(
        as_user(hank),
        URL,
        PERSON
        | {
            "id_number": "640502199001011230",
            "phone": "12345",
            "channel": "registered_mail",
            "submitted_on": "2024-12-02",
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "id_number": "居民身份证号码不正确（校验位或出生日期有误），请核对",
        "phone": "联系电话格式不正确：请填写11位手机号码或带区号的固定电话",
        "signed_on": "挂号信等需签收的信函请填写签收日期",
    }
    assert Application.objects.count() == 0


# --- permissions -------------------------------------------------------------------------


def test_other_agency_gets_404_read_only_403_anonymous_401(
    binhe: Agency, hank: User, wendy: User, olga: User, bob: User, outsider: User
) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 12, 2))
    url = f"{URL}{a.pk}"
    note = {"note": "不应保存"}

    hidden = post(as_user(wendy), f"{url}/note", note)
    assert (hidden.status_code, hidden.json()["detail"]) == (404, "没有找到该申请")
    assert as_user(wendy).get(url).status_code == 404
    assert as_user(hank).get(f"{URL}99999999999").status_code == 404
    assert as_user(wendy).get(URL).json()["total"] == 0
    assert as_user(olga).get(url).status_code == 200
    assert as_user(olga).get(url).json()["allowed_actions"] == []
    refused = post(as_user(olga), f"{url}/note", note)
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "只有本机关的依申请公开办理人或公开办管理员可以办理该申请",
    )
    # a publisher of the agency does not see applicants' files at all
    assert as_user(bob).get(url).status_code == 404
    assert post(as_user(bob), f"{url}/note", note).status_code == 404
    registered = post(as_user(olga), URL, PERSON | {"channel": "in_person"})
    assert (registered.status_code, registered.json()["detail"]) == (
        403,
        "只有依申请公开办理人或公开办管理员可以登记申请",
    )
    foreign = post(
        as_user(wendy),
        URL,
        PERSON | {"agency": binhe.pk, "channel": "in_person", "submitted_on": "2024-12-02"},
    )
    assert foreign.status_code == 403
    stray = post(as_user(hank), f"{url}/consultations/999/finish", {"answered_on": "2024-12-03"})
    assert (stray.status_code, stray.json()["detail"]) == (404, "没有找到该征求意见")
    assert Client().get(URL).status_code == 401
    assert Client().get(url).status_code == 401
    assert post(Client(), f"{url}/note", note).status_code == 401
    assert as_user(outsider).get(URL).json()["total"] == 0
    assert Application.objects.get(pk=a.pk).internal_note == ""
    assert Application.objects.count() == 1


def test_csrf_token_is_required_with_the_session(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 12, 2))
    client = Client(enforce_csrf_checks=True)
    client.force_login(hank)
    url = f"{URL}{a.pk}/note"

    refused = post(client, url, {"note": "甲"})
    assert refused.status_code == 403
    assert Application.objects.get(pk=a.pk).internal_note == ""

    token = "x" * 32
    client.cookies["csrftoken"] = token
    accepted = client.post(
        url, {"note": "甲"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    assert Application.objects.get(pk=a.pk).internal_note == "甲"


# --- list and detail ---------------------------------------------------------------------


def test_list_filters_by_status_year_due_agency_and_text(
    binhe: Agency, wenchang: Agency, hank: User, alice: User, clock: Clock
) -> None:
    clock.today = D(2024, 10, 28)
    overdue = register(binhe, hank, submitted_on=D(2024, 9, 2))  # due 2024-09-30
    soon = register(binhe, hank, submitted_on=D(2024, 9, 27), applicant_name="赵六")  # 10-30
    pending = register(binhe, hank, channel="online", submitted_on=D(2024, 10, 28))
    elsewhere = register(wenchang, alice, submitted_on=D(2024, 10, 8))
    client = as_user(alice)

    def ids(**params: Any) -> list[int]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [elsewhere.pk, pending.pk, soon.pk, overdue.pk]
    assert ids(agency=binhe.pk) == [pending.pk, soon.pk, overdue.pk]
    assert ids(status="pending") == [pending.pk]
    assert ids(due="overdue") == [overdue.pk]
    assert ids(due="soon") == [pending.pk, soon.pk]  # confirm today; reply 10-30
    assert ids(q="赵六") == [soon.pk]
    assert ids(q="〔2024〕0002号", agency=binhe.pk) == [soon.pk]
    assert ids(q=pending.tracking_code.lower()) == [pending.pk]
    assert ids(year=2023) == []
    page = client.get(URL, {"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], [i["id"] for i in page["items"]]) == (
        4,
        2,
        [pending.pk, soon.pk],
    )
    item = client.get(URL, {"q": "赵六"}).json()["items"][0]
    assert (item["reply_due_on"], item["workdays_left"], item["status_label"]) == (
        "2024-10-30",
        2,
        "办理中",
    )
    assert client.get(URL, {"due": "later"}).json()["errors"] == {
        "due": "due 只能是 overdue（已超期）或 soon（3个工作日内到期）"
    }
    assert client.get(URL, {"status": "lost"}).json()["errors"] == {"status": "办理状态“lost”无效"}
    assert client.get(URL, {"year": "今年"}).json()["errors"] == {"year": "登记年度应为整数"}


def test_detail_shows_staff_fields_and_letters(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    actions.update_note(actor=hank, application=a, note="申请人曾多次来电")

    body = as_user(hank).get(f"{URL}{a.pk}").json()

    assert body["internal_note"] == "申请人曾多次来电"
    assert (body["applicant_name"], body["id_number"], body["channel_label"]) == (
        "王小明",
        PERSON["id_number"],
        "当面提交",
    )
    assert (body["deadlines"]["regime"], body["deadlines"]["regime_label"]) == (
        "2019",
        "2019年《条例》：20个工作日，可延长20个工作日",
    )
    # 12-31 is 44 working days after the 10-30 due date
    assert (body["deadlines"]["workdays_left"], body["can_handle"]) == (-44, True)
    letter = body["letters"][0]
    assert (letter["kind"], letter["kind_label"], letter["status"], letter["number"]) == (
        "receipt",
        "登记回执",
        "draft",
        "",
    )
    assert letter["page_url"] == f"/workbench/applications/letters/{letter['id']}/"
    letters = as_user(hank).get(f"{URL}{a.pk}/letters").json()
    assert letters[0]["body"] == Letter.objects.get(pk=letter["id"]).body
    assert "〔2024〕0001号" in letters[0]["body"]


# --- public endpoints ----------------------------------------------------------------------


def test_deadline_endpoint_gives_the_statutory_dates(db: None) -> None:
    client = Client()

    new = client.get(f"{URL}deadline", {"received": "2024-09-27"}).json()
    assert new == {
        "received": "2024-09-27",
        "regime": "2019",
        "regime_label": "2019年《条例》：20个工作日，可延长20个工作日",
        "reply_workdays": 20,
        "max_extension_workdays": 20,
        "correction_notice_due_on": "2024-10-12",
        "reply_due_on": "2024-10-30",
        "latest_due_on": "2024-11-27",
        "provisional": False,
    }
    old = client.get(f"{URL}deadline", {"received": "2019-05-14"}).json()
    assert (old["regime"], old["correction_notice_due_on"]) == ("2007", "2019-05-23")
    assert (old["reply_due_on"], old["latest_due_on"]) == ("2019-06-04", "2019-06-26")
    assert client.get(f"{URL}deadline", {"received": "2099-03-02"}).json()["provisional"] is True
    bad = client.get(f"{URL}deadline", {"received": "2024-9-31"})
    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        {"received": "收到申请日期不是有效日期（格式：2025-01-31）"},
    )
    assert client.get(f"{URL}deadline").json()["errors"] == {"received": "请填写收到申请日期"}


def _issue(letter: Letter, on: datetime.date, number: str) -> Letter:
    """Issue a letter in the database (rendering is the letters' business)."""
    letter.status = LetterStatus.ISSUED
    letter.issued_on = on
    letter.number = number
    letter.pdf.save("notice.pdf", ContentFile(b"%PDF-1.4 test notice"), save=False)
    letter.save()
    return letter


def test_tracking_shows_status_and_issued_notices_never_the_note(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    actions.update_note(actor=hank, application=a, note="绝密备注：申请人疑似职业索取者")
    receipt = _issue(a.letters.get(kind="receipt"), D(2024, 9, 27), "滨河镇依申回〔2024〕1号")
    client = Client()

    found = post(
        client, f"{URL}track", {"code": a.tracking_code.lower(), "verifier": "138-9555-1234"}
    )

    assert found.status_code == 200
    body = found.json()
    assert "绝密备注" not in found.content.decode()
    assert "internal_note" not in body
    notice = body.pop("notices")
    assert body == {
        "tracking_code": a.tracking_code,
        "number": "〔2024〕0001号",
        "agency": "中卫市沙坡头区滨河镇人民政府",
        "status": "processing",
        "status_label": "办理中",
        "submitted_on": "2024-09-27",
        "received_on": "2024-09-27",
        "reply_due_on": "2024-10-30",
        "due_provisional": False,
        "clock_paused": False,
        "closed_on": None,
        "outcome_label": "",
    }
    assert [(n["id"], n["title"], n["number"], n["issued_on"]) for n in notice] == [
        (receipt.pk, receipt.title, "滨河镇依申回〔2024〕1号", "2024-09-27")
    ]
    pdf = client.get(notice[0]["download_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == b"%PDF-1.4 test notice"
    forged = client.get(f"{URL}notices/{receipt.pk}/pdf", {"token": "forged"})
    assert (forged.status_code, forged.json()["detail"]) == (
        404,
        "下载链接无效或已过期，请重新查询",
    )

    by_id = post(
        client, f"{URL}track", {"code": a.tracking_code, "verifier": PERSON["id_number"][-4:]}
    )
    assert by_id.status_code == 200
    wrong = post(client, f"{URL}track", {"code": a.tracking_code, "verifier": "13800000000"})
    unknown = post(client, f"{URL}track", {"code": "NOSUCHCODE", "verifier": "13895551234"})
    for response in (wrong, unknown):
        assert (response.status_code, response.json()["detail"]) == (
            404,
            "没有找到该申请，请核对查询码和手机号码（或证件号码后四位）",
        )


def test_tracking_is_limited_after_too_many_failed_lookups(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    client = Client()
    right = {"code": a.tracking_code, "verifier": "13895551234"}

    for _ in range(tracking.LOOKUPS_PER_HOUR):
        assert post(client, f"{URL}track", {"code": "WRONG", "verifier": "0000"}).status_code == 404
    assert post(client, f"{URL}track", right).status_code == 429
    limited = post(client, f"{URL}track", {"code": "WRONG", "verifier": "0000"})
    assert (limited.status_code, limited.json()["detail"]) == (
        429,
        "查询失败次数过多：每小时最多 20 次，请稍后再试",
    )
    assert post(Client(REMOTE_ADDR="10.0.0.9"), f"{URL}track", right).status_code == 200


def test_online_submission_is_registered_pending_confirmation(
    binhe: Agency, settings: Any, clock: Clock
) -> None:
    settings.GONGKAI_PORTAL_APPLICATIONS_PER_HOUR = 2
    client = Client()

    created = post(client, f"{URL}submit", COMPANY | {"agency": binhe.pk})

    assert created.status_code == 201, created.json()
    body = created.json()
    a = Application.objects.get(tracking_code=body["tracking_code"])
    assert body == {
        "tracking_code": a.tracking_code,
        "number": "〔2024〕0001号",
        "agency": "中卫市沙坡头区滨河镇人民政府",
        "status": "pending",
        "status_label": "待确认",
    }
    assert (a.channel, a.via_portal, a.submitted_on, a.created_by) == (
        "online",
        True,
        D(2024, 12, 31),
        None,
    )

    invalid = post(client, f"{URL}submit", COMPANY | {"credit_code": "", "contact_person": " "})
    assert invalid.status_code == 422
    assert invalid.json()["errors"] == {
        "agency": "请选择受理机关",
        "credit_code": "请填写统一社会信用代码",
        "contact_person": "请填写联系人姓名",
    }
    unknown = post(
        client, f"{URL}submit", PERSON | {"agency": 99999, "delivery_method": "post", "address": ""}
    )
    assert unknown.json()["errors"] == {
        "agency": "没有找到该机关",
        "address": "选择邮寄时须填写通信地址",
    }
    assert Application.objects.count() == 1

    assert post(client, f"{URL}submit", PERSON | {"agency": binhe.pk}).status_code == 201
    limited = post(client, f"{URL}submit", PERSON | {"agency": binhe.pk})
    assert (limited.status_code, limited.json()["detail"]) == (
        429,
        "提交过于频繁：每小时最多提交 2 件申请，请稍后再试",
    )
    assert Application.objects.count() == 2


# --- letters -----------------------------------------------------------------------------


def test_draft_letter_is_edited_issued_and_then_frozen(
    binhe: Agency, hank: User, wendy: User, olga: User, clock: Clock
) -> None:
    clock.today = D(2024, 9, 30)
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    letter = a.letters.get(kind="receipt")
    client = as_user(hank)
    url = f"{URL}letters/{letter.pk}"

    assert put(as_user(wendy), url, {"title": "甲", "body": "乙"}).status_code == 404
    assert put(as_user(olga), url, {"title": "甲", "body": "乙"}).status_code == 403
    edited = put(client, url, {"title": "登记回执", "body": "王小明：\n你的申请已收到。"})
    assert edited.status_code == 200, edited.json()
    assert edited.json()["body"] == "王小明：\n你的申请已收到。"

    issued = post(client, f"{url}/issue", {"issued_on": "2024-09-30"})
    assert issued.status_code == 200, issued.json()
    body = issued.json()
    assert (body["status"], body["issued_on"], body["has_pdf"]) == ("issued", "2024-09-30", True)
    assert body["number"] != ""

    frozen = put(client, url, {"title": "登记回执", "body": "改动"})
    assert (frozen.status_code, frozen.json()["detail"]) == (409, letter_actions.FROZEN)
    assert Letter.objects.get(pk=letter.pk).body == "王小明：\n你的申请已收到。"
    again = post(client, f"{url}/issue")
    assert (again.status_code, again.json()["detail"]) == (409, "该文书已经出具")
    deleted = client.delete(url)
    assert (deleted.status_code, deleted.json()["detail"]) == (409, "该文书已出具，不能删除")


def test_draft_letter_is_deleted(binhe: Agency, hank: User) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    letter = a.letters.get(kind="receipt")

    response = as_user(hank).delete(f"{URL}letters/{letter.pk}")

    assert response.status_code == 204
    assert not Letter.objects.filter(pk=letter.pk).exists()


# --- disputes and complaints ----------------------------------------------------------------


def test_disputes_are_recorded_listed_and_updated(
    binhe: Agency, wenchang: Agency, hank: User, wendy: User, clock: Clock
) -> None:
    a = register(binhe, hank, submitted_on=D(2024, 9, 27))
    client = as_user(hank)

    created = post(
        client,
        f"{URL}disputes",
        {
            "application": a.pk,
            "kind": "reconsideration",
            "body": "中卫市沙坡头区人民政府",
            "claimant": "王小明",
            "filed_on": "2024-11-05",
        },
    )
    assert created.status_code == 201, created.json()
    dispute = created.json()
    assert (dispute["agency"], dispute["application"], dispute["result_label"]) == (
        binhe.pk,
        a.pk,
        "尚未审结",
    )
    bad = post(
        client,
        f"{URL}disputes",
        {"agency": binhe.pk, "kind": "appeal", "body": "", "claimant": "王", "filed_on": "11/5"},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"filed_on": "立案（受理）日期不是有效日期（格式：2025-01-31）"}
    bad = post(client, f"{URL}disputes", {"agency": binhe.pk, "kind": "appeal", "claimant": "王"})
    assert bad.json()["errors"] == {
        "kind": "请选择类型：行政复议、未经复议直接起诉或复议后起诉",
        "body": "请填写复议机关或受理法院",
        "filed_on": "请填写立案（受理）日期",
    }
    foreign = post(
        as_user(wendy),
        f"{URL}disputes",
        {"agency": binhe.pk, "kind": "reconsideration", "body": "区政府", "claimant": "王"},
    )
    assert foreign.json()["errors"] == {"agency": "没有找到该机关"}
    assert Dispute.objects.count() == 1

    updated = put(
        client,
        f"{URL}disputes/{dispute['id']}",
        {
            "kind": "reconsideration",
            "body": "中卫市沙坡头区人民政府",
            "claimant": "王小明",
            "filed_on": "2024-11-05",
            "result": "upheld",
            "closed_on": "2024-12-20",
        },
    )
    assert (updated.status_code, updated.json()["result_label"]) == (200, "结果维持")
    assert [d["id"] for d in client.get(f"{URL}disputes", {"year": 2024}).json()] == [dispute["id"]]
    assert client.get(f"{URL}disputes", {"year": 2023}).json() == []
    assert as_user(wendy).get(f"{URL}disputes").json() == []
    assert put(as_user(wendy), f"{URL}disputes/{dispute['id']}", {}).status_code == 404


def test_complaints_are_recorded_listed_and_updated(binhe: Agency, hank: User, olga: User) -> None:
    client = as_user(hank)

    created = post(
        client,
        f"{URL}complaints",
        {
            "agency": binhe.pk,
            "complainant": "李四",
            "received_on": "2024-10-08",
            "subject": "未按期答复",
        },
    )
    assert created.status_code == 201, created.json()
    complaint = created.json()
    assert (complaint["agency_name"], complaint["handled_on"]) == (
        "中卫市沙坡头区滨河镇人民政府",
        None,
    )
    refused = post(
        as_user(olga),
        f"{URL}complaints",
        {"agency": binhe.pk, "complainant": "李四", "received_on": "2024-10-08", "subject": "甲"},
    )
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "只有本机关的依申请公开办理人或公开办管理员可以办理该申请",
    )
    bad = put(
        client,
        f"{URL}complaints/{complaint['id']}",
        {
            "complainant": "李四",
            "received_on": "2024-10-08",
            "subject": "未按期答复",
            "handled_on": "2024-10-01",
        },
    )
    assert bad.json()["errors"] == {"handled_on": "办结日期不能早于收到日期"}
    done = put(
        client,
        f"{URL}complaints/{complaint['id']}",
        {
            "complainant": "李四",
            "received_on": "2024-10-08",
            "subject": "未按期答复",
            "handled_on": "2024-10-20",
            "result": "已责令整改",
        },
    ).json()
    assert (done["handled_on"], done["result"]) == ("2024-10-20", "已责令整改")
    assert [c["id"] for c in as_user(olga).get(f"{URL}complaints").json()] == [complaint["id"]]
    assert Complaint.objects.count() == 1


# --- documentation -------------------------------------------------------------------------


def test_openapi_schema_lists_the_endpoints(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()
    assert Client().get("/api/docs").status_code == 200

    paths = {p for p in schema["paths"] if p.startswith("/api/v1/applications/")}
    assert {
        "/api/v1/applications/track",
        "/api/v1/applications/submit",
        "/api/v1/applications/deadline",
        "/api/v1/applications/",
        "/api/v1/applications/{application_id}",
        "/api/v1/applications/{application_id}/confirm",
        "/api/v1/applications/{application_id}/correction/received",
        "/api/v1/applications/{application_id}/consultations/{consultation_id}/finish",
        "/api/v1/applications/{application_id}/fee/quote",
        "/api/v1/applications/{application_id}/archive",
        "/api/v1/applications/letters/{letter_id}/issue",
        "/api/v1/applications/disputes/{dispute_id}",
        "/api/v1/applications/complaints/{complaint_id}",
    } <= paths
    assert len(paths) == 30
    confirm = schema["components"]["schemas"]["ConfirmIn"]
    assert confirm["required"] == ["confirmed_on"]
    assert confirm["properties"]["confirmed_on"]["title"] == "确认日期"
