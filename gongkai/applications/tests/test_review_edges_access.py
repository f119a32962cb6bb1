"""Review of the edges: who reaches what. Another agency's staff, a read-only account,
a publisher without the handler role and an anonymous visitor, through every page,
download, list filter, statistics link and API endpoint; CSRF on every POST; user text
escaped on every page; the public tracking answer and its signed links."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, dispute_actions, letter_actions
from gongkai.applications.api.public import NOTICE_SALT
from gongkai.applications.models import (
    Application,
    Complaint,
    Consultation,
    Dispute,
    Letter,
    LetterKind,
    LetterStatus,
    LetterTemplate,
)
from gongkai.applications.tests.conftest import PERSON
from gongkai.audit.models import Event

D = datetime.date
TODAY = D(2024, 12, 31)
API = "/api/v1/applications/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
XSS = "<script>alert(1)</script>"
NOTE = "内部备注：请示法制办ZX-7781"
PARTY = "第三方某商贸有限公司"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: TODAY)


@dataclass
class World:
    """One case of 滨河镇 with everything that hangs on it."""

    application: Application
    consultation: Consultation
    receipt: Letter  # issued, with its PDF
    draft: Letter  # the consultation letter, a draft
    dispute: Dispute
    complaint: Complaint


def client_for(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def build(binhe: Agency, hank: User, text: str = "") -> World:
    a = actions.register_application(
        actor=hank,
        agency=binhe,
        values=PERSON
        | {
            "channel": "in_person",
            "submitted_on": D(2024, 12, 2),
            "applicant_name": f"王小明{text}",
            "description": f"请公开低保资金发放情况{text}",
        },
        attachments=[("身份证.pdf", PDF, "identity")],
    )
    receipt = Letter.objects.get(application=a, kind=LetterKind.RECEIPT)
    letter_actions.issue_letter(actor=hank, letter=receipt, issued_on=D(2024, 12, 3))
    actions.update_note(actor=hank, application=a, note=NOTE + text)
    consultation = actions.start_consultation(
        actor=hank, application=a, kind="third_party", party=PARTY + text[:20],
        sent_on=D(2024, 12, 4),
    )  # fmt: skip
    draft = Letter.objects.get(application=a, kind=LetterKind.CONSULTATION)
    dispute = dispute_actions.record_dispute(
        actor=hank,
        agency=binhe,
        application=a,
        values={"kind": "reconsideration", "body": "中卫市人民政府", "claimant": f"王小明{text}",
                "filed_on": D(2024, 12, 20), "summary": f"不服答复{text}"},
    )  # fmt: skip
    complaint = dispute_actions.record_complaint(
        actor=hank,
        agency=binhe,
        application=a,
        values={"complainant": f"王小明{text}", "received_on": D(2024, 12, 21),
                "subject": f"投诉未按期答复{text}"},
    )  # fmt: skip
    a.refresh_from_db()
    receipt.refresh_from_db()
    return World(a, consultation, receipt, draft, dispute, complaint)


@pytest.fixture
def world(binhe: Agency, hank: User) -> World:
    return build(binhe, hank)


def read_urls(w: World, binhe: Agency) -> list[str]:
    a = w.application
    attachment = a.attachments.get()
    return [
        reverse("applications:detail", args=[a.pk]),
        reverse("applications:attachment", args=[a.pk, attachment.pk]),
        reverse("application_letters:detail", args=[w.receipt.pk]),
        reverse("application_letters:download", args=[w.receipt.pk, "pdf"]),
        reverse("application_letters:download", args=[w.receipt.pk, "docx"]),
        reverse("application_letters:detail", args=[w.draft.pk]),
        reverse("application_letters:download", args=[w.draft.pk, "pdf"]),
        f"{API}{a.pk}",
        f"{API}{a.pk}/letters",
    ]


def handle_urls(w: World, binhe: Agency) -> list[tuple[str, str]]:
    """(method, url) of every change to the case, its letters, records and templates."""
    a, c = w.application, w.consultation
    steps = [
        "confirm", "correction", "correction_received", "abandon_no_correction", "consult",
        "extend", "fee", "fee_paid", "abandon_unpaid_fee", "reply", "transfer", "withdraw",
        "deliver", "archive", "note", "attach",
    ]  # fmt: skip
    return [
        *(("post", reverse(f"applications:{s}", args=[a.pk])) for s in steps),
        ("get", reverse("applications:fee", args=[a.pk]) + "?method=per_page&pages=40"),
        ("post", reverse("applications:finish_consultation", args=[c.pk])),
        ("get", reverse("application_letters:new", args=[a.pk])),
        ("post", reverse("application_letters:update", args=[w.draft.pk])),
        ("post", reverse("application_letters:issue", args=[w.draft.pk])),
        ("post", reverse("application_letters:delete", args=[w.draft.pk])),
        ("get", reverse("applications:dispute_edit", args=[w.dispute.pk])),
        ("post", reverse("applications:dispute_edit", args=[w.dispute.pk])),
        ("get", reverse("applications:complaint_edit", args=[w.complaint.pk])),
        ("post", reverse("applications:complaint_edit", args=[w.complaint.pk])),
        ("get", reverse("applications:dispute_new") + f"?application={a.pk}"),
        ("get", reverse("applications:complaint_new") + f"?application={a.pk}"),
        ("post", f"{API}{a.pk}/note"),
        ("post", f"{API}{a.pk}/consultations/{c.pk}/finish"),
        ("post", f"{API}{a.pk}/fee/quote"),
        ("put", f"{API}letters/{w.draft.pk}"),
        ("post", f"{API}letters/{w.draft.pk}/issue"),
        ("delete", f"{API}letters/{w.draft.pk}"),
        ("put", f"{API}disputes/{w.dispute.pk}"),
        ("put", f"{API}complaints/{w.complaint.pk}"),
    ]


def template_urls(binhe: Agency) -> list[tuple[str, str]]:
    return [
        ("get", reverse("application_letters:template_edit", args=[binhe.pk, "receipt"])),
        ("post", reverse("application_letters:template_edit", args=[binhe.pk, "receipt"])),
        ("post", reverse("application_letters:template_reset", args=[binhe.pk, "receipt"])),
        ("get", reverse("application_letters:layout_upload", args=[binhe.pk])),
        ("post", reverse("application_letters:layout_reset", args=[binhe.pk])),
        ("get", reverse("application_letters:layout_download", args=[binhe.pk])),
    ]


def call(client: Client, method: str, url: str) -> Any:
    if url.startswith(API):
        return getattr(client, method)(url, {"note": "改"}, content_type="application/json")
    if method == "get":
        return client.get(url)
    return client.post(url, {"note": "改", "title": "改", "body": "改", "on": "2024-12-31"})


def state(w: World) -> tuple[Any, ...]:
    a = Application.objects.get(pk=w.application.pk)
    return (
        a.status, a.internal_note, Event.objects.count(), Letter.objects.count(),
        Letter.objects.get(pk=w.draft.pk).body, LetterTemplate.objects.count(),
        Dispute.objects.get(pk=w.dispute.pk).summary,
        Complaint.objects.get(pk=w.complaint.pk).subject,
    )  # fmt: skip


# --- who reaches what ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wendy", "dave", "outsider"])
def test_staff_of_another_agency_cannot_see_or_change_anything(
    world: World, binhe: Agency, wendy: User, dave: User, outsider: User, name: str
) -> None:
    user = {"wendy": wendy, "dave": dave, "outsider": outsider}[name]
    client = client_for(user)
    before = state(world)
    for url in read_urls(world, binhe):
        assert client.get(url).status_code == 404, url
    for method, url in [*handle_urls(world, binhe), *template_urls(binhe)]:
        # without any role, the register-type pages refuse before looking for the case
        expected = {403, 404} if name == "outsider" else {404}
        assert call(client, method, url).status_code in expected, (method, url)
    assert state(world) == before


def test_list_filters_figure_links_and_api_filters_show_nothing_of_another_agency(
    world: World, binhe: Agency, wendy: User
) -> None:
    a = world.application
    client = client_for(wendy)
    pages = [
        (reverse("applications:list"), {}),
        (reverse("applications:list"), {"agency": binhe.pk}),
        (reverse("applications:list"), {"agency": binhe.pk, "row": "new", "year": 2024}),
        (reverse("applications:list"), {"q": a.tracking_code}),
        (reverse("applications:list"), {"letters": "draft", "due": "soon"}),
        (reverse("applications:dispute_list"), {"agency": binhe.pk, "year": 2024}),
        (reverse("applications:dispute_list"),
         {"agency": binhe.pk, "row": "reconsideration.total", "year": 2024}),
        (reverse("applications:dispute_list"), {"agency": binhe.pk, "row": "legacy.6",
                                                 "year": 2024}),
    ]  # fmt: skip
    for path, params in pages:
        html = client.get(path, params).content.decode()
        assert a.number not in html and "王小明" not in html, (path, params)
    stats = client.get(reverse("application_stats:index"), {"agency": binhe.pk, "year": 2024})
    assert stats.status_code == 400
    assert "请选择您可以查看的机构" in stats.content.decode()
    export = client.get(reverse("application_stats:export"), {"agency": binhe.pk, "year": 2024})
    assert (export.status_code, export.content.decode()) == (400, "请选择您可以查看的机构")
    for params in ({"agency": binhe.pk}, {"q": a.tracking_code}, {"status": "consultation"}):
        assert client.get(API, params).json()["total"] == 0, params
    assert client.get(f"{API}disputes").json() == []
    assert client.get(f"{API}complaints").json() == []
    # the office admin of 文昌镇 cannot edit 滨河镇's templates through the agency choice
    assert (
        client.get(reverse("application_letters:templates"), {"agency": binhe.pk}).status_code
        == 403
    )


def test_a_publisher_of_the_agency_sees_no_application(
    world: World, binhe: Agency, bob: User
) -> None:
    # 信息发布员 of 滨河镇: the case files hold applicants' ID numbers and scans
    client = client_for(bob)
    before = state(world)
    for url in read_urls(world, binhe):
        assert client.get(url).status_code == 404, url
    for method, url in handle_urls(world, binhe):
        assert call(client, method, url).status_code in (403, 404), (method, url)
    assert client.get(API).json()["total"] == 0
    assert "依申请公开</a>" not in client.get(reverse("backoffice:home")).content.decode()
    assert state(world) == before


@pytest.mark.parametrize("name", ["olga"])
def test_read_only_and_publisher_see_the_case_but_change_nothing(
    world: World, binhe: Agency, olga: User, bob: User, name: str
) -> None:
    # 只读 of the district (sees its subtree)
    client = client_for({"olga": olga, "bob": bob}[name])
    before = state(world)
    for url in read_urls(world, binhe):
        assert client.get(url).status_code == 200, url
    for method, url in handle_urls(world, binhe):
        assert call(client, method, url).status_code == 403, (method, url)
    for method, url in template_urls(binhe):
        assert call(client, method, url).status_code == 403, (method, url)
    assert client.get(reverse("application_letters:templates")).status_code == 403
    assert client.get(reverse("applications:register")).status_code == 403
    response = client.post(
        f"{API}disputes",
        {"agency": str(binhe.pk), "kind": "reconsideration", "body": "法院", "claimant": "王",
         "filed_on": "2024-12-01"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["detail"] == "只有本机关的依申请公开办理人或公开办管理员可以办理该申请"
    page = client.get(reverse("applications:detail", args=[world.application.pk]))
    assert 'method="post"' not in page.content.decode().split('id="main"')[1]
    assert state(world) == before


def test_anonymous_visitors_are_sent_to_login_or_refused_in_chinese(
    world: World, binhe: Agency
) -> None:
    client = Client()
    before = state(world)
    for url in read_urls(world, binhe):
        response = client.get(url)
        if url.startswith(API):
            assert response.status_code == 401
            assert response.json()["detail"] == "请先登录（工作人员接口使用登录后的会话 Cookie）"
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
    for method, url in [*handle_urls(world, binhe), *template_urls(binhe)]:
        assert call(client, method, url).status_code in (302, 401), (method, url)
    assert state(world) == before


# --- CSRF ---------------------------------------------------------------------------------------


def test_every_post_needs_the_csrf_token(
    world: World, binhe: Agency, hank: User, carol: User
) -> None:
    before = state(world)
    for user, urls in ((hank, handle_urls(world, binhe)), (carol, template_urls(binhe))):
        client = client_for(user, enforce_csrf_checks=True)
        for method, url in urls:
            if method == "get":
                continue
            response = call(client, method, url)
            assert response.status_code == 403, (method, url)
            if url.startswith(API):
                assert response.json()["detail"] == (
                    "CSRF 校验失败：请在请求头 X-CSRFToken 中携带 csrftoken Cookie 的值"
                )
    public = Client(enforce_csrf_checks=True)
    for url in (
        reverse("application_portal:apply"),
        reverse("application_portal:track"),
        reverse("application_portal:track_end"),
    ):
        assert public.post(url, {"code": "X", "verifier": "1234"}).status_code == 403, url
    assert state(world) == before


# --- escaping ---------------------------------------------------------------------------------


def test_user_text_is_escaped_on_every_page(binhe: Agency, hank: User, alice: User) -> None:
    w = build(binhe, hank, XSS)
    a = w.application
    actions.finish_consultation(
        actor=hank, consultation=w.consultation, answered_on=D(2024, 12, 20), answer="object",
        opinion=f"不同意{XSS}",
    )  # fmt: skip
    actions.reply(
        actor=hank, application=Application.objects.get(pk=a.pk), outcome="refused.third_party",
        values={"reasoning": f"涉及商业秘密{XSS}", "third_party_interest": "trade_secret"},
        replied_on=D(2024, 12, 30),
    )  # fmt: skip
    reply = Letter.objects.get(application=a, kind=LetterKind.REPLY)
    letter_actions.update_letter(actor=hank, letter=reply, title=f"答复{XSS}", body=f"正文{XSS}")
    letter_actions.save_template(
        actor=alice, agency=binhe, kind="receipt", body=f"{{{{ applicant }}}}：已登记。{XSS}"
    )
    client = client_for(alice)
    pages = [
        reverse("applications:list"),
        reverse("applications:list") + f"?q={XSS}",
        reverse("applications:detail", args=[a.pk]),
        reverse("application_letters:detail", args=[reply.pk]),
        reverse("application_letters:detail", args=[w.draft.pk]),
        reverse("application_letters:new", args=[a.pk]),
        reverse("applications:dispute_list"),
        reverse("applications:dispute_edit", args=[w.dispute.pk]),
        reverse("applications:complaint_edit", args=[w.complaint.pk]),
        reverse("application_letters:template_edit", args=[binhe.pk, "receipt"]),
        reverse("application_stats:index") + "?year=2024",
    ]
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert XSS not in html, url
    detail = client.get(reverse("applications:detail", args=[a.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    bad_form = client.post(
        reverse("applications:register"),
        PERSON | {"agency": binhe.pk, "channel": XSS, "submitted_on": XSS, "applicant_name": XSS},
    )
    assert bad_form.status_code == 400
    assert XSS not in bad_form.content.decode()

    # the public side: the tracking page of the same case
    public = Client()
    public.post(
        reverse("application_portal:track"), {"code": a.tracking_code, "verifier": PERSON["phone"]}
    )
    html = public.get(reverse("application_portal:track")).content.decode()
    assert a.number in html
    assert XSS not in html
    echoed = Client().post(reverse("application_portal:track"), {"code": XSS, "verifier": XSS})
    assert XSS not in echoed.content.decode()


# --- the public tracking answer ---------------------------------------------------------------


def test_tracking_api_shows_no_note_draft_consultation_or_third_party(
    world: World, binhe: Agency
) -> None:
    a = world.application
    # the consultation letter issued too: still not the applicant's
    world.draft.status = LetterStatus.ISSUED
    world.draft.number = "滨河镇依申征〔2024〕1号"
    world.draft.issued_on = TODAY
    world.draft.issued_at = timezone.now()
    world.draft.pdf.save("c.pdf", ContentFile(PDF), save=False)
    world.draft.save()
    response = Client().post(
        f"{API}track", {"code": a.tracking_code, "verifier": PERSON["phone"]},
        content_type="application/json",
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200
    for secret in (NOTE, "ZX-7781", PARTY, "征询函", "滨河镇依申征", PERSON["id_number"]):
        assert secret not in text, secret
    notices = response.json()["notices"]
    assert [n["id"] for n in notices] == [world.receipt.pk]


def test_signed_notice_links_open_only_their_own_letter(
    world: World, binhe: Agency, hank: User
) -> None:
    other = build(binhe, hank)
    client = Client()
    url = f"{API}notices/{{}}/pdf"

    def token(application: Application, letter: Letter) -> str:
        return signing.dumps([application.pk, letter.pk], salt=NOTICE_SALT)

    good = client.get(
        url.format(world.receipt.pk), {"token": token(world.application, world.receipt)}
    )
    assert good.status_code == 200
    refused = [
        # a token for one letter used on another letter's address
        (other.receipt.pk, token(world.application, world.receipt)),
        # a token naming another case than the letter's
        (other.receipt.pk, token(world.application, other.receipt)),
        # the consultation letter (not the applicant's), even with a valid token
        (world.draft.pk, token(world.application, world.draft)),
        # signed with another salt (e.g. another feature's token)
        (world.receipt.pk, signing.dumps([world.application.pk, world.receipt.pk])),
    ]
    for pk, tok in refused:
        response = client.get(url.format(pk), {"token": tok})
        assert (response.status_code, response.json()["detail"]) == (
            404,
            "下载链接无效或已过期，请重新查询",
        ), pk
