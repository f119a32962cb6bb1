"""栏目更新检查 (rules.md §5.1–5.2): a column is stale when nothing was published in it
(or below it) within its class's period, blank when a leaf never carried a published
document; per agency the three 单项否决 thresholds are reported, on the home page and in
a daily email."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import include, path
from django.utils import timezone

from gongkai.backoffice.todos import todos_for
from gongkai.publishing import catalogue
from gongkai.publishing.freshness import (
    freshness_todos,
    inspect,
    period_days,
    run_inspection,
    stale_columns,
    veto_warnings,
)
from gongkai.publishing.models import Column, Document, Freshness, Status
from gongkai.urls import urlpatterns as project_urls

if not any(getattr(p, "namespace", None) == "publishing_catalogue" for p in project_urls):
    project_urls = [
        *project_urls,
        path("workbench/catalogue/", include("gongkai.publishing.urls_catalogue")),
    ]
urlpatterns = project_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

TODAY = datetime.date(2024, 10, 30)
TZ = timezone.get_default_timezone()


def col(agency, name, freshness=Freshness.OTHER, parent=None):
    return catalogue.create_column(
        actor=None, agency=agency, name=name, freshness=freshness, parent=parent
    )


def doc(column, days_ago, *, status=Status.PUBLISHED, disclosure="proactive"):
    day = TODAY - datetime.timedelta(days=days_ago)
    return Document.objects.create(
        agency=column.agency,
        column=column,
        title=f"{column.name}{days_ago}",
        formed_on=day,
        disclosure=disclosure,
        withhold_ground="" if disclosure == "proactive" else "process_info",
        status=status,
        published_at=datetime.datetime(day.year, day.month, day.day, 10, tzinfo=TZ),
    )


def flagged(agency):
    return {c.path: c for c in stale_columns([agency], TODAY)}


def test_default_periods():
    assert period_days(Freshness.NEWS) == 14
    assert period_days(Freshness.NOTICE_POLICY) == 183
    assert period_days(Freshness.PERSONNEL_PLAN) == 365
    assert period_days(Freshness.OTHER) is None


def test_periods_come_from_settings(settings):
    settings.GONGKAI_FRESHNESS_DAYS_NEWS = 7
    assert period_days(Freshness.NEWS) == 7


def test_news_column_is_stale_after_14_days(binhe):
    fresh, stale = col(binhe, "动态甲", Freshness.NEWS), col(binhe, "动态乙", Freshness.NEWS)
    doc(fresh, 14)
    doc(stale, 15)
    result = flagged(binhe)
    assert list(result) == ["动态乙"]
    item = result["动态乙"]
    assert (item.is_stale, item.is_blank, item.days_since, item.period) == (True, False, 15, 14)
    assert item.last_published_on == datetime.date(2024, 10, 15)
    assert item.reason == "动态要闻类栏目，已 15 天未更新（应 14 天内更新）"


def test_notice_column_is_stale_after_six_months_and_personnel_after_a_year(binhe):
    doc(col(binhe, "通知甲", Freshness.NOTICE_POLICY), 183)
    doc(col(binhe, "通知乙", Freshness.NOTICE_POLICY), 184)
    doc(col(binhe, "人事甲", Freshness.PERSONNEL_PLAN), 365)
    doc(col(binhe, "人事乙", Freshness.PERSONNEL_PLAN), 366)
    assert sorted(flagged(binhe)) == ["人事乙", "通知乙"]


def test_a_shorter_setting_flags_earlier(binhe, settings):
    settings.GONGKAI_FRESHNESS_DAYS_NEWS = 7
    doc(col(binhe, "动态", Freshness.NEWS), 8)
    assert list(flagged(binhe)) == ["动态"]


def test_other_columns_have_no_period_but_may_be_blank(binhe):
    doc(col(binhe, "机构概况"), 2000)
    col(binhe, "年报")
    result = flagged(binhe)
    assert list(result) == ["年报"]
    assert (result["年报"].is_stale, result["年报"].is_blank) == (False, True)
    assert result["年报"].reason == "空白栏目：从未发布过信息"


def test_a_blank_news_column_is_both_stale_and_blank(binhe):
    col(binhe, "动态", Freshness.NEWS)
    item = flagged(binhe)["动态"]
    assert (item.is_stale, item.is_blank) == (True, True)
    assert item.reason == "空白栏目：从未发布过信息（动态要闻类，应 14 天内更新）"


def test_only_currently_published_proactive_documents_count(binhe):
    withdrawn = col(binhe, "撤回过", Freshness.NEWS)
    doc(withdrawn, 1, status=Status.WITHDRAWN)
    draft_only = col(binhe, "只有草稿", Freshness.NEWS)
    doc(draft_only, 1, status=Status.DRAFT)
    on_request = col(binhe, "依申请", Freshness.NEWS)
    doc(on_request, 1, disclosure="on_request")
    result = flagged(binhe)
    # A withdrawn document was published once: the column is stale, not blank.
    assert (result["撤回过"].is_stale, result["撤回过"].is_blank) == (True, False)
    assert result["撤回过"].reason == "动态要闻类栏目，目前没有在发布的信息（应 14 天内更新）"
    assert result["只有草稿"].is_blank is True
    assert result["依申请"].is_blank is True


def test_a_parent_is_as_fresh_as_its_newest_child_and_is_never_blank(binhe):
    parent = col(binhe, "政策文件", Freshness.NOTICE_POLICY)
    child = col(binhe, "规范性文件", Freshness.NOTICE_POLICY, parent=parent)
    col(binhe, "其他文件", Freshness.NOTICE_POLICY, parent=parent)
    doc(child, 10)
    result = flagged(binhe)
    assert list(result) == ["政策文件 › 其他文件"]
    assert result["政策文件 › 其他文件"].is_blank is True


def test_inactive_columns_are_not_checked_and_do_not_make_a_parent(binhe):
    parent = col(binhe, "重点领域")
    child = col(binhe, "宅基地审批", parent=parent)
    catalogue.deactivate_column(actor=None, column=child)
    assert list(flagged(binhe)) == ["重点领域"]  # now a blank leaf itself
    catalogue.deactivate_column(actor=None, column=parent)
    assert flagged(binhe) == {}


def test_inactive_agencies_are_not_checked(binhe):
    col(binhe, "年报")
    binhe.is_active = False
    binhe.save()
    assert stale_columns([binhe], TODAY) == []


def test_five_blank_columns_reach_the_veto(binhe):
    for i in range(4):
        col(binhe, f"空白{i}")
    assert inspect([binhe], TODAY)[0].warnings == []
    col(binhe, "空白4")
    [result] = inspect([binhe], TODAY)
    assert result.warnings == ["空白栏目 5 个，达到单项否决标准（5个及以上）"]
    assert result.has_veto is True


def test_news_and_first_level_notice_columns_count_together(binhe):
    for i in range(3):
        doc(col(binhe, f"动态{i}", Freshness.NEWS), 30)
    policy = col(binhe, "政策文件", Freshness.NOTICE_POLICY)
    doc(col(binhe, "规范性文件", Freshness.NOTICE_POLICY, parent=policy), 200)
    assert inspect([binhe], TODAY)[0].warnings == []  # 3 news + 1 first-level notice
    doc(col(binhe, "通知公告", Freshness.NOTICE_POLICY), 200)
    assert inspect([binhe], TODAY)[0].warnings == [
        "动态要闻类栏目超期未更新 3 个、一级通知公告政策文件类栏目超期未更新 2 个，"
        "合计 5 个，达到单项否决标准（合计5个及以上）"
    ]


def test_ten_leaf_columns_not_updated_reach_the_veto(binhe):
    for i in range(6):
        doc(col(binhe, f"人事{i}", Freshness.PERSONNEL_PLAN), 400)
    for i in range(4):
        col(binhe, f"空白{i}")
    [result] = inspect([binhe], TODAY)
    assert result.warnings == [
        "应更新而未更新的栏目 10 个（含空白栏目），达到单项否决标准（10个及以上）"
    ]
    assert (result.stale_count, result.blank_count) == (6, 4)


def test_veto_warnings_of_nothing_is_empty():
    assert veto_warnings([]) == []


def test_inspect_lists_only_agencies_with_problems_in_the_given_order(binhe, wenchang, finance):
    col(wenchang, "空白")
    col(binhe, "空白")
    doc(col(finance, "动态", Freshness.NEWS), 1)
    assert [r.agency for r in inspect([wenchang, finance, binhe], TODAY)] == [wenchang, binhe]


def test_the_check_uses_two_queries(binhe, wenchang, django_assert_num_queries):
    for agency in (binhe, wenchang):
        parent = col(agency, "政策文件", Freshness.NOTICE_POLICY)
        doc(col(agency, "规范性文件", Freshness.NOTICE_POLICY, parent=parent), 300)
        col(agency, "空白")
    with django_assert_num_queries(2):
        assert len(stale_columns([binhe, wenchang], TODAY)) == 6


def blank_columns(agency, n=5):
    for i in range(n):
        col(agency, f"空白{i}")


def test_office_admins_get_a_danger_todo_per_vetoed_agency(alice, carol, bob, binhe, wenchang):
    blank_columns(binhe)
    col(wenchang, "年报")
    todos = freshness_todos(alice, TODAY)
    assert [(t.title, t.level) for t in todos] == [
        ("中卫市沙坡头区滨河镇人民政府栏目更新问题达到单项否决标准", "danger"),
        ("1 个栏目超期未更新或为空白栏目", "warning"),
    ]
    assert todos[0].detail == "空白栏目 5 个，达到单项否决标准（5个及以上）"
    assert todos[0].url == f"/workbench/catalogue/freshness/?agency={binhe.pk}"
    assert todos[1].detail == (
        "涉及中卫市沙坡头区文昌镇人民政府。请及时更新栏目内容，或停用不再维护的栏目。"
    )
    assert [t.level for t in freshness_todos(carol, TODAY)] == ["danger"]
    assert freshness_todos(bob, TODAY) == []


def test_no_todo_when_every_column_is_fresh(alice, binhe):
    doc(col(binhe, "动态", Freshness.NEWS), 3)
    assert freshness_todos(alice, TODAY) == []


def test_the_todo_provider_can_be_registered_on_the_home_page(alice, binhe, monkeypatch):
    from gongkai.backoffice import todos

    monkeypatch.setattr(todos, "_providers", list(todos._providers))  # restored afterwards
    todos.provider(freshness_todos)
    blank_columns(binhe)
    titles = [t.title for t in todos_for(alice, TODAY)]
    assert "中卫市沙坡头区滨河镇人民政府栏目更新问题达到单项否决标准" in titles


def test_daily_inspection_emails_the_admins_above_a_vetoed_agency(alice, carol, dave, binhe):
    blank_columns(binhe)
    run = run_inspection(TODAY)
    assert [r.agency for r in run.vetoed] == [binhe]
    assert run.emailed == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"alice@example.gov.cn", "carol@example.gov.cn"}  # not dave
    message = by_recipient["carol@example.gov.cn"]
    assert message.subject == "【政务公开平台】栏目更新检查：1个机构达到单项否决标准"
    assert message.body.startswith("Carol：\n\n今天的栏目更新检查发现")
    assert "【中卫市沙坡头区滨河镇人民政府】\n  · 空白栏目 5 个，达到单项否决标准" in message.body
    assert f"{settings.SITE_URL}/workbench/catalogue/freshness/?agency={binhe.pk}" in message.body


def test_daily_inspection_sends_nothing_below_the_veto(alice, binhe):
    blank_columns(binhe, 4)
    run = run_inspection(TODAY)
    assert len(run.results) == 1
    assert (run.vetoed, run.emailed) == ([], 0)
    assert mail.outbox == []


def test_the_periodic_task_runs_the_inspection_for_today(alice, binhe, monkeypatch):
    from gongkai.publishing.tasks_freshness import inspect_column_freshness

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    blank_columns(binhe)
    assert inspect_column_freshness.call_local() == 1
    assert mail.outbox[0].to == ["alice@example.gov.cn"]


def test_columns_keep_their_stored_last_published_time_as_not_blank(binhe):
    column = col(binhe, "历史栏目")
    Column.objects.filter(pk=column.pk).update(
        last_published_at=datetime.datetime(2019, 1, 1, tzinfo=TZ)
    )
    assert flagged(binhe) == {}


def test_flagged_columns_come_in_tree_order(binhe):
    first = col(binhe, "甲")
    col(binhe, "乙")
    col(binhe, "甲一", parent=first)
    col(binhe, "甲二", parent=first)
    assert [c.path for c in stale_columns([binhe], TODAY)] == ["甲 › 甲一", "甲 › 甲二", "乙"]


def test_many_vetoed_agencies_make_one_todo(alice, binhe, wenchang, finance, district):
    for agency in (district, binhe, wenchang, finance):
        blank_columns(agency)
    [todo] = freshness_todos(alice, TODAY)
    assert todo.title == "4 个机构的栏目更新问题达到单项否决标准"
    assert todo.level == "danger"
    assert todo.url == "/workbench/catalogue/freshness/"
    assert todo.detail.startswith("涉及中卫市沙坡头区人民政府、")
    assert todo.detail.endswith("等4个机构。请及时更新栏目内容，或停用不再维护的栏目。")
