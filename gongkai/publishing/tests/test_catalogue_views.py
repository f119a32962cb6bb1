"""Back-office pages of guides, columns, themes and the freshness check: everyone who may
see an agency looks; its office admins change; agencies one cannot see are 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from conftest import PASSWORD
from gongkai.agencies import actions as agency_actions
from gongkai.audit.models import Event
from gongkai.publishing import catalogue
from gongkai.publishing.models import Column, Document, Freshness, Guide, Status, Theme
from gongkai.urls import urlpatterns as project_urls

if not any(getattr(p, "namespace", None) == "publishing_catalogue" for p in project_urls):
    project_urls = [
        *project_urls,
        path("workbench/catalogue/", include("gongkai.publishing.urls_catalogue")),
    ]
urlpatterns = project_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

FULL = {
    "scope": "公开范围",
    "arrangement": "编排体系",
    "how_to_obtain": "获取方式",
    "how_to_apply": "申请办理",
    "fees": "不收费",
    "remedies": "复议诉讼",
}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(name, *args):
    return reverse(f"publishing_catalogue:{name}", args=args)


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_index_is_mounted_under_the_workbench():
    assert url("index") == "/workbench/catalogue/"


def test_anonymous_users_are_sent_to_login(client, binhe):
    for target in (url("index"), url("guide", binhe.pk), url("columns", binhe.pk), url("themes")):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={target}"


def test_index_lists_visible_agencies_with_guide_and_column_state(client, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=guide)
    catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "新"})
    catalogue.create_column(actor=carol, agency=binhe, name="年报")
    page = html(login(client, carol).get(url("index")))
    assert "中卫市沙坡头区滨河镇人民政府" in page
    assert "文昌镇" not in page  # carol sees her own subtree only
    assert "现行第1版" in page
    assert "有草稿（第2版）" in page
    assert "1 个栏目" in page
    assert "超期 0 个，空白 1 个" in page


# --- guides ----------------------------------------------------------------------------


def test_new_guide_form_starts_from_the_standard_text(client, carol, binhe):
    page = html(login(client, carol).get(url("guide_edit", binhe.pk)))
    assert "起草指南第1版" in page
    assert "国办函〔2020〕109号" in page
    assert "联系电话：0955-8800002" in page


def test_saving_the_form_creates_a_draft_and_publishing_it(client, carol, binhe):
    login(client, carol)
    response = client.post(url("guide_edit", binhe.pk), FULL)
    assert response.status_code == 302
    assert response["Location"] == url("guide", binhe.pk)
    guide = Guide.objects.get(agency=binhe)
    assert (guide.version, guide.is_published, guide.fees) == (1, False, "不收费")
    page = html(client.get(url("guide", binhe.pk)))
    assert "草稿：第1版" in page
    assert "尚未发布政府信息公开指南" in page
    response = client.post(url("guide_publish", guide.pk))
    assert response["Location"] == url("guide", binhe.pk)
    guide.refresh_from_db()
    assert guide.is_published is True
    page = html(client.get(url("guide", binhe.pk)))
    assert "现行版本：第1版" in page
    assert "已发布第1版指南。" in page


def test_editing_after_publication_starts_version_2(client, carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=first)
    login(client, carol)
    page = html(client.get(url("guide_edit", binhe.pk)))
    assert "第1版已发布，不能再修改" in page
    client.post(url("guide_edit", binhe.pk), FULL | {"fees": "按规定收费"})
    assert list(Guide.objects.order_by("version").values_list("version", "fees")) == [
        (1, "不收费"),
        (2, "按规定收费"),
    ]


def test_unchanged_new_version_shows_the_error_on_the_form(client, carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=first)
    page = html(login(client, carol).post(url("guide_edit", binhe.pk), FULL))
    assert "内容与第1版相同，没有需要保存的修改" in page
    assert Guide.objects.count() == 1


def test_publishing_an_incomplete_draft_shows_a_chinese_error(client, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields={"scope": "范围"})
    login(client, carol)
    response = client.post(url("guide_publish", guide.pk), follow=True)
    assert "以下内容尚未填写，不能发布：信息编排体系" in response.content.decode()
    guide.refresh_from_db()
    assert guide.is_published is False


def test_publisher_and_readonly_may_look_but_not_change(client, bob, olga, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    for user in (bob, olga):
        login(client, user)
        page = html(client.get(url("guide", binhe.pk)))
        assert "政府信息公开指南" in page
        assert url("guide_edit", binhe.pk) not in page
        assert client.get(url("guide_edit", binhe.pk)).status_code == 403
        assert client.post(url("guide_publish", guide.pk)).status_code == 403
        assert client.post(url("guide_discard", guide.pk)).status_code == 403
    guide.refresh_from_db()
    assert guide.is_published is False


def test_agencies_one_cannot_see_are_404(client, dave, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    column = catalogue.create_column(actor=carol, agency=binhe, name="年报")
    login(client, dave)
    for target in (
        url("guide", binhe.pk),
        url("guide_edit", binhe.pk),
        url("guide_version", guide.pk),
        url("columns", binhe.pk),
        url("column_edit", column.pk),
    ):
        assert client.get(target).status_code == 404
    assert client.post(url("guide_publish", guide.pk)).status_code == 404


def test_version_page_shows_the_contacts_frozen_at_publication(client, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=guide)
    agency_actions.update_agency(actor=None, agency=binhe, data={"office_phone": "0955-7777777"})
    page = html(login(client, carol).get(url("guide_version", guide.pk)))
    assert "以下为本版本发布时的信息。" in page
    assert "0955-8800002" in page
    assert "0955-7777777" not in page


def test_version_list_shows_who_published(client, alice, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=alice, guide=guide)
    page = html(login(client, carol).get(url("guide", binhe.pk)))
    assert "· Carol" in page  # drafted by
    assert "· Alice" in page  # published by


def test_diff_shows_removed_and_added_lines(client, carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL | {"fees": "甲\n乙"})
    catalogue.publish_guide(actor=carol, guide=first)
    catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "甲\n丙"})
    login(client, carol)
    page = html(client.get(url("guide_diff", binhe.pk), {"old": 1, "new": 2}))
    assert "第1版 → 第2版" in page
    assert '<del><span class="visually-hidden">删除：</span>乙</del>' in page
    assert '<ins><span class="visually-hidden">新增：</span>丙</ins>' in page
    assert page.count("无变化") == 5
    page = html(client.get(url("guide_diff", binhe.pk), {"old": 2, "new": 2}))
    assert "请选择两个不同的版本进行比较" in page


def test_discarding_a_draft(client, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    login(client, carol).post(url("guide_discard", guide.pk))
    assert Guide.objects.count() == 0


def test_guide_history_page_is_registered(client, carol, binhe, monkeypatch):
    from gongkai.backoffice import history

    monkeypatch.setattr(history, "_registry", dict(history._registry))
    history.register(Guide, catalogue.get_guide_for_user, lambda g: url("guide_version", g.pk))
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    page = html(
        login(client, carol).get(reverse("backoffice:history", args=["publishing.guide", guide.pk]))
    )
    assert "起草第1版指南" in page


# --- columns ---------------------------------------------------------------------------


def test_column_tree_shows_counts_and_states(client, carol, binhe, django_assert_max_num_queries):
    parent = catalogue.create_column(
        actor=carol, agency=binhe, name="政策文件", freshness=Freshness.NOTICE_POLICY
    )
    child = catalogue.create_column(
        actor=carol,
        agency=binhe,
        name="规范性文件",
        freshness=Freshness.NOTICE_POLICY,
        parent=parent,
    )
    for i in range(3):
        Document.objects.create(
            agency=binhe,
            column=child,
            title=f"文件{i}",
            formed_on=datetime.date(2024, 1, 2),
            disclosure="proactive",
            status=Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )
    catalogue.create_column(actor=carol, agency=binhe, name="年报")
    login(client, carol)
    with django_assert_max_num_queries(16):
        page = html(client.get(url("columns", binhe.pk)))
    assert "规范性文件" in page
    assert "<td>3</td>" in page
    assert "空白栏目" in page
    assert "栏目更新问题达到单项否决标准" not in page


def test_empty_agency_can_apply_the_standard_columns(client, carol, binhe):
    login(client, carol)
    assert "套用标准栏目" in html(client.get(url("columns", binhe.pk)))
    response = client.post(url("columns_default", binhe.pk), follow=True)
    page = response.content.decode()
    assert "宅基地审批" in page
    assert "栏目更新问题达到单项否决标准" in page  # every new leaf is blank
    assert Column.objects.filter(agency=binhe, name="工作动态", freshness="news").exists()


def test_creating_a_column_through_the_form(client, carol, binhe):
    parent = catalogue.create_column(actor=carol, agency=binhe, name="政策文件")
    login(client, carol)
    response = client.post(
        url("column_create", binhe.pk),
        {"name": "规范性文件", "parent": parent.pk, "freshness": "notice_policy"},
    )
    assert response["Location"] == url("columns", binhe.pk)
    column = Column.objects.get(name="规范性文件")
    assert (column.parent, column.freshness, column.agency) == (parent, "notice_policy", binhe)


def test_form_errors_are_in_chinese(client, carol, binhe, wenchang):
    catalogue.create_column(actor=carol, agency=binhe, name="通知公告")
    foreign = catalogue.create_column(actor=None, agency=wenchang, name="外机构栏目")
    login(client, carol)
    page = html(
        client.post(url("column_create", binhe.pk), {"name": "通知公告", "freshness": "other"})
    )
    assert "同一上级栏目下已有名为“通知公告”的栏目" in page
    page = html(
        client.post(
            url("column_create", binhe.pk),
            {"name": "下级", "parent": foreign.pk, "freshness": "other"},
        )
    )
    assert "选择一个有效的选项" in page
    page = html(client.post(url("column_create", binhe.pk), {"name": "", "freshness": "other"}))
    assert "这个字段是必填项。" in page


def test_editing_a_column_offers_no_parent_below_itself(client, carol, binhe):
    a = catalogue.create_column(actor=carol, agency=binhe, name="甲")
    b = catalogue.create_column(actor=carol, agency=binhe, name="乙", parent=a)
    other = catalogue.create_column(actor=carol, agency=binhe, name="丙")
    login(client, carol)
    form = client.get(url("column_edit", a.pk)).context["form"]
    values = [value for value, _ in form.fields["parent"].choices]
    assert other.pk in values
    assert a.pk not in values and b.pk not in values
    response = client.post(
        url("column_edit", a.pk), {"name": "甲", "parent": other.pk, "freshness": "news"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.parent, a.freshness) == (other, "news")


def test_move_deactivate_reactivate_and_delete_buttons(client, carol, binhe):
    a = catalogue.create_column(actor=carol, agency=binhe, name="甲")
    b = catalogue.create_column(actor=carol, agency=binhe, name="乙")
    login(client, carol)
    client.post(url("column_move", b.pk, "up"))
    assert list(Column.objects.order_by("sort_order").values_list("name", flat=True)) == [
        "乙",
        "甲",
    ]
    response = client.post(url("column_move", b.pk, "up"), follow=True)
    assert "“乙”已经排在最前" in response.content.decode()
    assert client.post(url("column_move", b.pk, "sideways")).status_code == 404
    client.post(url("column_deactivate", a.pk))
    a.refresh_from_db()
    assert a.is_active is False
    client.post(url("column_reactivate", a.pk))
    a.refresh_from_db()
    assert a.is_active is True
    assert "可以删除" in html(client.get(url("column_delete", a.pk)))
    client.post(url("column_delete", a.pk))
    assert not Column.objects.filter(pk=a.pk).exists()


def test_buttons_are_post_only_and_for_office_admins(client, bob, carol, binhe):
    a = catalogue.create_column(actor=carol, agency=binhe, name="甲")
    login(client, bob)
    assert client.get(url("column_deactivate", a.pk)).status_code == 405
    assert client.post(url("column_deactivate", a.pk)).status_code == 403
    assert client.get(url("column_edit", a.pk)).status_code == 403
    assert client.get(url("column_create", binhe.pk)).status_code == 403
    assert client.post(url("columns_default", binhe.pk)).status_code == 403
    page = html(client.get(url("columns", binhe.pk)))
    assert "甲" in page and "停用" not in page


def test_column_history_shows_before_and_after(client, carol, binhe, monkeypatch):
    from gongkai.backoffice import history

    monkeypatch.setattr(history, "_registry", dict(history._registry))
    history.register(Column, catalogue.get_column_for_user, lambda c: url("columns", c.agency_id))
    column = catalogue.create_column(actor=carol, agency=binhe, name="动态")
    catalogue.update_column(actor=carol, column=column, fields={"name": "工作动态"})
    page = html(
        login(client, carol).get(
            reverse("backoffice:history", args=["publishing.column", column.pk])
        )
    )
    assert "修改栏目“工作动态”" in page
    assert "<td>动态</td><td>工作动态</td>" in page


# --- themes ----------------------------------------------------------------------------


def test_theme_page_lists_both_levels(client, carol):
    page = html(login(client, carol).get(url("themes")))
    assert "综合政务" in page
    assert "02.01" in page
    assert "新增一级分类" not in page  # carol is a township admin


def test_district_admin_adds_renames_and_deactivates_themes(client, alice):
    login(client, alice)
    parent = Theme.objects.get(code="02")
    response = client.post(url("theme_create"), {"parent": parent.pk, "name": "营商环境"})
    assert response["Location"] == url("themes")
    theme = Theme.objects.get(name="营商环境")
    assert theme.code == "02.07"
    client.post(url("theme_create"), {"name": "数字政府"})
    assert Theme.objects.get(name="数字政府").code == "23"
    client.post(url("theme_edit", theme.pk), {"name": "优化营商环境"})
    theme.refresh_from_db()
    assert theme.name == "优化营商环境"
    client.post(url("theme_deactivate", theme.pk))
    theme.refresh_from_db()
    assert theme.is_active is False
    assert Event.objects.filter(action__startswith="catalogue.theme_").count() == 4


def test_township_admin_cannot_change_themes(client, carol):
    theme = Theme.objects.get(code="02.01")
    login(client, carol)
    assert client.get(url("theme_create")).status_code == 403
    assert client.post(url("theme_edit", theme.pk), {"name": "改"}).status_code == 403
    assert client.post(url("theme_deactivate", theme.pk)).status_code == 403


def test_theme_form_shows_a_chinese_error(client, alice):
    page = html(login(client, alice).post(url("theme_create"), {"name": "综合政务"}))
    assert "同一级已有名为“综合政务”的主题分类" in page


# --- freshness -------------------------------------------------------------------------


def test_freshness_page_lists_problems_per_agency(client, alice, binhe, wenchang, finance):
    for i in range(5):
        catalogue.create_column(actor=None, agency=binhe, name=f"空白{i}")
    catalogue.create_column(actor=None, agency=wenchang, name="工作动态", freshness="news")
    page = html(login(client, alice).get(url("freshness")))
    assert "2 个机构有超期未更新或空白的栏目" in page
    assert "其中 <strong>1 个达到单项否决标准</strong>" in page
    assert "空白栏目 5 个，达到单项否决标准（5个及以上）" in page
    assert "空白栏目：从未发布过信息（动态要闻类，应 14 天内更新）" in page
    assert "尚未建立公开目录的机构（2）" in page  # the district and finance


def test_freshness_page_for_one_agency(client, alice, binhe, wenchang):
    catalogue.create_column(actor=None, agency=binhe, name="滨河空白")
    catalogue.create_column(actor=None, agency=wenchang, name="文昌空白")
    page = html(login(client, alice).get(url("freshness"), {"agency": binhe.pk}))
    assert "滨河空白" in page
    assert "文昌空白" not in page


def test_freshness_page_is_scoped_to_what_one_may_see(client, carol, dave, binhe, wenchang):
    catalogue.create_column(actor=None, agency=wenchang, name="文昌空白")
    login(client, carol)
    assert "文昌空白" not in html(client.get(url("freshness")))
    assert client.get(url("freshness"), {"agency": wenchang.pk}).status_code == 404


def test_draft_version_page_shows_the_live_contacts(client, carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    page = html(login(client, carol).get(url("guide_version", guide.pk)))
    assert "以下为机构资料中的当前信息，发布时留存。" in page
    assert "0955-8800002" in page
    assert url("guide_edit", binhe.pk) in page


def test_delete_page_of_a_column_in_use_explains_why_not(client, carol, binhe):
    parent = catalogue.create_column(actor=carol, agency=binhe, name="甲")
    catalogue.create_column(actor=carol, agency=binhe, name="乙", parent=parent)
    login(client, carol)
    page = html(client.get(url("column_delete", parent.pk)))
    assert "该栏目有下级栏目或已有信息，不能删除" in page
    response = client.post(url("column_delete", parent.pk), follow=True)
    assert "栏目“甲”下还有下级栏目，请先删除或移走下级栏目" in response.content.decode()
    assert Column.objects.filter(pk=parent.pk).exists()


def test_theme_rename_form_is_prefilled(client, alice):
    theme = Theme.objects.get(code="02.01")
    page = html(login(client, alice).get(url("theme_edit", theme.pk)))
    assert "修改主题分类：02.01 政务公开" in page
    assert 'value="政务公开"' in page
