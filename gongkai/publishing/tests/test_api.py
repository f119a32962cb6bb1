"""The documents JSON API: the whole workflow through it, permissions, Chinese errors and
the public endpoints that show only public documents.

The router is mounted here at ``/api/v1/documents`` on a test API placed before the
project's URLs, so these tests do not depend on where ``gongkai/api.py`` mounts it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.publishing.api import router
from gongkai.publishing.models import Attachment, Document, Status
from gongkai.publishing.tests.conftest import ALL_YES, draft, publish
from gongkai.urls import urlpatterns as project_urls

test_api = NinjaAPI(title="test", urls_namespace="documents-api-test")
test_api.add_router("/v1/documents", router)
urlpatterns = [path("api/", test_api.urls), *project_urls]

pytestmark = pytest.mark.urls(__name__)

URL = "/api/v1/documents/"
FAKE_ID = "11010519491231002X"


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def events(document_id: int) -> list[str]:
    rows = Event.objects.filter(object_pk=str(document_id), action__startswith="publishing.")
    return list(rows.order_by("created_at", "id").values_list("action", flat=True))


def test_draft_review_approval_publication_and_withdrawal_through_the_api(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    publisher, reviewer, approver = as_user(bob), as_user(rita), as_user(paul)

    created = post(
        publisher,
        URL,
        {
            "agency": "spt-binhe",
            "title": "滨河镇2024年秋季征兵工作公告",
            "formed_on": "2024-08-01",
            "disclosure": "proactive",
            "body_html": "<p>根据《征兵工作条例》，现将有关事项公告如下。</p>",
        },
    )
    assert created.status_code == 201, created.json()
    doc = created.json()
    assert (doc["status"], doc["status_label"], doc["due_on"]) == ("draft", "草稿", "2024-08-29")
    url = f"{URL}{doc['id']}"

    changed = publisher.patch(
        url, {"doc_number": "滨政发〔2024〕9号"}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert Document.objects.get(pk=doc["id"]).doc_number == "滨政发〔2024〕9号"
    assert post(publisher, f"{url}/submit").json()["status"] == "in_review"
    reviewed = post(reviewer, f"{url}/review", ALL_YES | {"comment": "同意公开"})
    assert reviewed.json()["status"] == "in_approval"
    approved = post(approver, f"{url}/approve", {"comment": "同意"})
    assert approved.status_code == 200
    assert approved.json()["status"] == "published"
    assert approved.json()["index_no"].endswith("/" + str(timezone.localdate().year) + "-00001")

    public = Client().get(url)
    assert public.status_code == 200
    assert public.json()["body_html"] == "<p>根据《征兵工作条例》，现将有关事项公告如下。</p>"
    assert public.json()["url"] == f"/xxgk/documents/{doc['id']}/"

    withdrawn = post(publisher, f"{url}/withdraw", {"notice": "公告内容有误，已重新发布"})
    assert withdrawn.json()["status"] == "withdrawn"
    public = Client().get(url).json()
    assert (public["status"], public["withdrawal_notice"], public["body_html"]) == (
        "withdrawn",
        "公告内容有误，已重新发布",
        "",
    )
    assert events(doc["id"]) == [
        "publishing.created",
        "publishing.updated",
        "publishing.submitted",
        "publishing.review_passed",
        "publishing.published",
        "publishing.withdrawn",
    ]
    assert Event.objects.filter(object_pk=str(doc["id"]), actor=paul).count() == 1


def test_return_schedule_validity_attachment_and_mask(
    bob: User, rita: User, paul: User, binhe: Agency
) -> None:
    document = draft(binhe, bob, body_html=f"<p>户主身份证号{FAKE_ID}。</p>")
    url = f"{URL}{document.pk}"
    publisher, reviewer = as_user(bob), as_user(rita)

    upload = publisher.post(
        f"{url}/attachments",
        {"file": SimpleUploadedFile("名单.txt", "补助名单：共12户。".encode())},
    )
    assert upload.status_code == 201, upload.json()
    assert Attachment.objects.get(document=document).name == "名单.txt"
    masked = post(publisher, f"{url}/mask")
    assert masked.json() == {"masked": 1, "files": [], "blocked": []}
    assert FAKE_ID not in Document.objects.get(pk=document.pk).body_html

    post(publisher, f"{url}/submit")
    returned = post(reviewer, f"{url}/return", {"comment": "请补充发文字号"})
    assert returned.json()["status"] == "draft"
    post(publisher, f"{url}/submit")
    post(reviewer, f"{url}/review", ALL_YES)
    later = "2099-01-01T09:00:00+08:00"
    scheduled = post(as_user(paul), f"{url}/approve", {"publish_at": later})
    assert scheduled.json()["status"] == "scheduled"

    other = publish(draft(binhe, bob), bob, rita, paul)
    changed = post(
        publisher, f"{URL}{other.pk}/validity", {"validity": "expired", "on": "2024-12-31"}
    )
    assert changed.status_code == 200
    assert changed.json()["validity"] == "expired"


def test_permissions_hide_other_agencies_and_refuse_other_steps(
    bob: User, dave: User, rita: User, binhe: Agency, wenchang: Agency
) -> None:
    document = draft(binhe, bob)
    url = f"{URL}{document.pk}"

    hidden = post(as_user(dave), f"{url}/submit")
    assert (hidden.status_code, hidden.json()["detail"]) == (404, "没有找到该信息")
    refused = post(as_user(bob), f"{url}/review", ALL_YES)
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "只有本机构的保密审查员可以进行保密审查",
    )
    foreign = post(
        as_user(bob),
        URL,
        {
            "agency": "spt-wenchang",
            "title": "甲",
            "formed_on": "2024-01-02",
            "disclosure": "proactive",
        },
    )
    assert (foreign.status_code, foreign.json()["detail"]) == (403, "您不能为该机构起草政府信息")
    assert post(Client(), f"{url}/submit").status_code == 401
    assert Document.objects.get(pk=document.pk).status == Status.DRAFT


def test_csrf_token_is_required_with_the_session(bob: User, binhe: Agency) -> None:
    document = draft(binhe, bob)
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)

    response = client.post(f"{URL}{document.pk}/submit")

    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).status == Status.DRAFT


def test_validation_errors_are_422_with_chinese_field_messages(bob: User, binhe: Agency) -> None:
    client = as_user(bob)

    response = post(
        client, URL, {"title": "  ", "formed_on": "2024-01-02", "disclosure": "withheld"}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "title": ["请填写标题"],
        "withhold_ground": [
            "公开属性为“不予公开”时，须选择《条例》规定的不予主动公开依据（负面清单）"
        ],
    }
    missing = post(client, URL, {"title": "甲", "disclosure": "proactive"})
    assert missing.json() == {
        "detail": "请填写成文日期",
        "errors": {"formed_on": ["请填写成文日期"]},
    }
    document = draft(binhe, bob)
    wrong_step = post(client, f"{URL}{document.pk}/withdraw", {"notice": "撤回"})
    assert (wrong_step.status_code, wrong_step.json()["detail"]) == (
        400,
        "该信息当前状态为“草稿”，不能执行此操作",
    )
    assert Document.objects.count() == 1


def test_public_endpoints_list_only_published_proactive_documents(
    bob: User, rita: User, paul: User, binhe: Agency, wenchang: Agency
) -> None:
    published = publish(draft(binhe, bob, title="滨河镇已发布的公示"), bob, rita, paul)
    hidden = draft(binhe, bob, title="滨河镇草稿")
    client = Client()

    listed = client.get(URL, {"agency": "spt"}).json()
    assert (listed["total"], [d["title"] for d in listed["items"]]) == (1, ["滨河镇已发布的公示"])
    assert client.get(URL, {"agency": "spt-wenchang"}).json()["total"] == 0
    assert client.get(URL, {"year": 2023}).json()["total"] == 0
    assert client.get(f"{URL}{published.pk}").status_code == 200
    assert client.get(f"{URL}{hidden.pk}").status_code == 404
    assert client.get(URL, {"validity": "maybe"}).status_code == 422
    assert client.get(URL, {"agency": "nowhere"}).json()["detail"] == "没有找到该机构"


def test_import_endpoint_is_for_office_admins(alice: User, bob: User, binhe: Agency) -> None:
    csv_text = "机构标识,标题,成文日期,发布日期\nspt-binhe,滨河镇历史公告,2020-05-06,2020-05-08\n"

    refused = as_user(bob).post(
        f"{URL}import", {"file": SimpleUploadedFile("docs.csv", csv_text.encode())}
    )
    done = as_user(alice).post(
        f"{URL}import", {"file": SimpleUploadedFile("docs.csv", csv_text.encode())}
    )

    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "只有公开办管理员可以批量导入政府信息",
    )
    assert done.status_code == 200
    assert (done.json()["imported"], done.json()["published"]) == (1, 1)
    assert Document.objects.get().created_by == alice


def test_search_returns_highlighted_hits_of_public_documents_only(
    bob: User, rita: User, paul: User, binhe: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = publish(
            draft(binhe, bob, title="滨河镇枸杞产业扶持资金发放公示"), bob, rita, paul
        )
        draft(binhe, bob, title="滨河镇枸杞产业发展规划（草稿）")

    response = Client().get(f"{URL}search", {"q": "枸杞", "agency": "spt"})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    hit = body["hits"][0]
    assert (hit["id"], hit["index_no"]) == (published.pk, published.index_no)
    assert "<mark>枸杞</mark>" in hit["title_html"]
    assert Client().get(f"{URL}search", {"q": " "}).json()["errors"] == {"q": ["请输入检索词"]}
