"""Guides are versioned (a published version is never edited), columns form a tree of at
most three levels per agency, themes get generated codes; every change is audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from gongkai.accounts.models import Role
from gongkai.agencies import actions as agency_actions
from gongkai.audit.models import Event
from gongkai.publishing import catalogue, theme_actions
from gongkai.publishing.catalogue import CatalogueError
from gongkai.publishing.models import Column, Document, Freshness, Guide, Status, Theme

pytestmark = pytest.mark.django_db

FULL = {
    "scope": "公开范围",
    "arrangement": "编排体系",
    "how_to_obtain": "获取方式",
    "how_to_apply": "申请办理",
    "fees": "不收费",
    "remedies": "复议诉讼",
}


def events(obj, action):
    return list(Event.objects.for_object(obj).filter(action=f"catalogue.{action}"))


# --- guides ----------------------------------------------------------------------------


def test_first_draft_is_version_1_and_unpublished(carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    assert (guide.version, guide.is_published, guide.created_by) == (1, False, carol)
    assert guide.scope == "公开范围"
    [event] = events(guide, "guide_drafted")
    assert event.summary == "起草第1版指南"
    assert event.changes["fees"] == {"label": "收费标准", "before": "", "after": "不收费"}


def test_editing_the_draft_updates_it_in_place(carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    same = catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "  一般不收费  "})
    assert same.pk == guide.pk
    assert Guide.objects.count() == 1
    guide.refresh_from_db()
    assert guide.fees == "一般不收费"
    [event] = events(guide, "guide_updated")
    assert event.changes == {
        "fees": {"label": "收费标准", "before": "不收费", "after": "一般不收费"}
    }


def test_saving_an_unchanged_draft_writes_no_event(carol, binhe):
    catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    assert events(guide, "guide_updated") == []


def test_after_publishing_a_new_version_copies_the_latest(carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=first)
    second = catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "按109号收费"})
    assert second.pk != first.pk
    assert (second.version, second.is_published) == (2, False)
    assert second.scope == "公开范围"  # copied from version 1
    first.refresh_from_db()
    assert (first.fees, first.is_published) == ("不收费", True)  # never edited
    [event] = events(second, "guide_drafted")
    assert event.summary == "起草第2版指南（基于第1版）"
    assert list(event.changes) == ["fees"]


def test_a_new_version_identical_to_the_published_one_is_refused(carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=first)
    with pytest.raises(ValidationError) as exc:
        catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    assert exc.value.messages == ["内容与第1版相同，没有需要保存的修改"]
    assert Guide.objects.count() == 1


def test_unknown_guide_field_is_refused(carol, binhe):
    with pytest.raises(ValidationError) as exc:
        catalogue.draft_guide(actor=carol, agency=binhe, fields={"phone": "110"})
    assert exc.value.messages == ["指南没有这些内容项：phone"]


def test_too_long_text_is_refused_by_field(carol, binhe):
    with pytest.raises(ValidationError) as exc:
        catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "费" * 20001})
    assert exc.value.message_dict == {"fees": ["“收费标准”不能超过20000字"]}


def test_publishing_needs_every_part(carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields={"scope": "范围"})
    with pytest.raises(CatalogueError) as exc:
        catalogue.publish_guide(actor=carol, guide=guide)
    assert str(exc.value) == (
        "以下内容尚未填写，不能发布：信息编排体系、获取方式、依申请公开的办理、收费标准、监督和救济"
    )
    guide.refresh_from_db()
    assert guide.is_published is False


def test_a_published_version_cannot_be_published_again(carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=guide)
    with pytest.raises(CatalogueError) as exc:
        catalogue.publish_guide(actor=carol, guide=guide)
    assert str(exc.value) == "第1版已经发布，不能重复发布"


def test_only_the_newest_version_can_be_published(carol, binhe):
    old = Guide.objects.create(agency=binhe, version=1, **FULL)
    Guide.objects.create(agency=binhe, version=2, **FULL)
    with pytest.raises(CatalogueError) as exc:
        catalogue.publish_guide(actor=carol, guide=old)
    assert str(exc.value) == "只能发布最新版本（第2版），历史版本不能再发布"


def test_publishing_freezes_the_office_contacts_in_the_event(carol, binhe):
    binhe = agency_actions.update_agency(
        actor=None,
        agency=binhe,
        data={"office_name": "滨河镇党政办公室", "office_hours": "工作日 9:00-17:00"},
    )
    agency_actions.add_reading_point(
        actor=None, agency=binhe, name="滨河镇便民服务中心", address="滨河大道1号", hours="工作日"
    )
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=guide)
    agency_actions.update_agency(actor=None, agency=binhe, data={"office_phone": "0955-1234567"})
    frozen = catalogue.published_contacts(guide)
    assert frozen is not None
    assert frozen["office_name"] == "滨河镇党政办公室"
    assert frozen["office_phone"] == "0955-8800002"  # as it was when published
    assert frozen["reading_points"] == "滨河镇便民服务中心：滨河大道1号（开放时间：工作日）"
    [event] = events(guide, "guide_published")
    assert event.summary == "发布第1版指南"
    assert event.changes["office_hours"]["label"] == "办公时间"
    assert event.changes["is_published"] == {"label": "已发布", "before": False, "after": True}


def test_a_draft_has_no_frozen_contacts(carol, binhe):
    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    assert catalogue.published_contacts(guide) is None


def test_published_guide_is_the_newest_published_version(carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=first)
    catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "新"})
    assert catalogue.published_guide(binhe) == first
    assert catalogue.latest_guide(binhe).version == 2


def test_discarding_a_draft_keeps_the_published_version(carol, binhe):
    first = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    catalogue.publish_guide(actor=carol, guide=first)
    second = catalogue.draft_guide(actor=carol, agency=binhe, fields={"fees": "新"})
    catalogue.discard_guide_draft(actor=carol, guide=second)
    assert list(Guide.objects.values_list("version", flat=True)) == [1]
    with pytest.raises(CatalogueError) as exc:
        catalogue.discard_guide_draft(actor=carol, guide=first)
    assert str(exc.value) == "已发布的版本不能删除"


def test_default_guide_text_of_a_township_has_the_rural_items(binhe):
    text = catalogue.default_guide_text(binhe)
    assert set(text) == set(Guide.TEXT_FIELDS)
    assert "第十九条、第二十条、第二十一条" in text["scope"]
    assert "宅基地使用情况审核" in text["scope"]
    assert "联系电话：0955-8800002" in text["how_to_apply"]
    assert "7个工作日内一次性告知" in text["how_to_apply"]
    assert "20个工作日内予以答复" in text["how_to_apply"]
    assert "国办函〔2020〕109号" in text["fees"]
    assert "每件100元" in text["fees"]
    assert "向中卫市沙坡头区人民政府申请行政复议" in text["remedies"]
    assert "行政诉讼" in text["remedies"]


def test_default_guide_text_of_the_district(district):
    text = catalogue.default_guide_text(district)
    assert "第十九条、第二十条的规定" in text["scope"]
    assert "宅基地" not in text["scope"]
    assert "向上一级人民政府申请行政复议" in text["remedies"]
    assert f"“{district.code}/2024-00001”" in text["arrangement"]


def test_default_guide_text_can_be_published_as_it_is(carol, binhe):
    guide = catalogue.draft_guide(
        actor=None, agency=binhe, fields=catalogue.default_guide_text(binhe)
    )
    assert catalogue.publish_guide(actor=None, guide=guide).is_published


# --- columns ---------------------------------------------------------------------------


def col(agency, name, parent=None, freshness=Freshness.OTHER, actor=None):
    return catalogue.create_column(
        actor=actor, agency=agency, name=name, parent=parent, freshness=freshness
    )


def test_new_columns_are_appended_and_audited(carol, binhe):
    a = col(binhe, "通知公告", freshness=Freshness.NOTICE_POLICY, actor=carol)
    b = col(binhe, "工作动态", freshness=Freshness.NEWS)
    assert (a.sort_order, b.sort_order) == (0, 1)
    [event] = events(a, "column_created")
    assert event.summary == "新建栏目“通知公告”"
    assert event.actor == carol
    assert event.changes["freshness"]["after"] == "通知公告、政策文件类（6个月）"


def test_column_name_is_required_and_unique_among_siblings(binhe):
    col(binhe, "通知公告")
    with pytest.raises(ValidationError) as exc:
        col(binhe, "  ")
    assert exc.value.message_dict == {"name": ["请填写栏目名称"]}
    with pytest.raises(ValidationError) as exc:
        col(binhe, "通知公告")
    assert exc.value.message_dict == {"name": ["同一上级栏目下已有名为“通知公告”的栏目"]}


def test_same_name_is_allowed_under_another_parent(binhe):
    a, b = col(binhe, "政策文件"), col(binhe, "重点领域")
    col(binhe, "其他", parent=a)
    assert col(binhe, "其他", parent=b).name == "其他"


def test_parent_must_belong_to_the_same_agency(binhe, wenchang):
    other = col(wenchang, "通知公告")
    with pytest.raises(ValidationError) as exc:
        col(binhe, "下级", parent=other)
    assert exc.value.message_dict == {"parent": ["上级栏目必须属于同一机构的公开目录"]}


def test_columns_are_at_most_three_levels(binhe):
    a = col(binhe, "一级")
    b = col(binhe, "二级", parent=a)
    c = col(binhe, "三级", parent=b)
    with pytest.raises(ValidationError) as exc:
        col(binhe, "四级", parent=c)
    assert exc.value.message_dict == {"parent": ["栏目最多3级，放在“三级”下会超过3级"]}


def test_moving_a_subtree_may_not_exceed_three_levels(binhe):
    a = col(binhe, "甲")
    b = col(binhe, "乙", parent=a)
    x = col(binhe, "丙")
    col(binhe, "丁", parent=x)
    with pytest.raises(ValidationError) as exc:
        catalogue.update_column(actor=None, column=x, fields={"parent": b})
    assert exc.value.message_dict == {"parent": ["栏目最多3级，放在“乙”下会超过3级"]}
    assert catalogue.update_column(actor=None, column=x, fields={"parent": a}).parent == a


def test_a_column_cannot_move_under_its_own_descendant(binhe):
    a = col(binhe, "甲")
    b = col(binhe, "乙", parent=a)
    for target in (a, b):
        with pytest.raises(ValidationError) as exc:
            catalogue.update_column(actor=None, column=a, fields={"parent": target})
        assert exc.value.message_dict == {"parent": ["不能把栏目移到它自己或它的下级栏目之下"]}


def test_update_records_before_and_after(carol, binhe):
    a = col(binhe, "动态")
    parent = col(binhe, "新闻")
    catalogue.update_column(
        actor=carol,
        column=a,
        fields={"name": "工作动态", "freshness": Freshness.NEWS, "parent": parent},
    )
    [event] = events(a, "column_updated")
    assert event.summary == "修改栏目“工作动态”"
    assert event.changes["name"] == {"label": "栏目名称", "before": "动态", "after": "工作动态"}
    assert event.changes["freshness"] == {
        "label": "更新类别",
        "before": "其他",
        "after": "动态要闻类（2周）",
    }
    assert event.changes["parent"] == {"label": "上级栏目", "before": None, "after": "新闻"}
    a.refresh_from_db()
    assert a.sort_order == 0  # first child of its new parent


def test_move_up_and_down_swaps_neighbours(carol, binhe):
    a, b, c = col(binhe, "甲"), col(binhe, "乙"), col(binhe, "丙")
    catalogue.move_column(actor=carol, column=c, direction="up")
    order = list(Column.objects.filter(agency=binhe).order_by("sort_order"))
    assert [x.name for x in order] == ["甲", "丙", "乙"]
    [event] = events(c, "column_moved")
    assert event.summary == "上移栏目“丙”"
    assert event.changes["sort_order"] == {"label": "排序", "before": 2, "after": 1}
    with pytest.raises(CatalogueError) as exc:
        catalogue.move_column(actor=carol, column=a, direction="up")
    assert str(exc.value) == "“甲”已经排在最前"
    with pytest.raises(CatalogueError) as exc:
        catalogue.move_column(actor=carol, column=b, direction="down")
    assert str(exc.value) == "“乙”已经排在最后"


def test_deactivating_a_column_deactivates_its_children(carol, binhe):
    a = col(binhe, "政策文件")
    b = col(binhe, "规范性文件", parent=a)
    done = catalogue.deactivate_column(actor=carol, column=a)
    assert [c.name for c in done] == ["政策文件", "规范性文件"]
    b.refresh_from_db()
    assert b.is_active is False
    [event] = events(b, "column_deactivated")
    assert event.summary == "停用栏目“规范性文件”（随上级栏目“政策文件”停用）"
    with pytest.raises(CatalogueError) as exc:
        catalogue.reactivate_column(actor=carol, column=b)
    assert str(exc.value) == "上级栏目“政策文件”已停用，请先启用上级栏目"
    catalogue.reactivate_column(actor=carol, column=a)
    assert catalogue.reactivate_column(actor=carol, column=b).is_active is True


def test_deactivating_twice_is_refused(binhe):
    a = col(binhe, "甲")
    catalogue.deactivate_column(actor=None, column=a)
    with pytest.raises(CatalogueError) as exc:
        catalogue.deactivate_column(actor=None, column=a)
    assert str(exc.value) == "栏目“甲”已经停用"


def test_a_column_with_documents_cannot_be_deleted(carol, binhe):
    a = col(binhe, "通知公告")
    Document.objects.create(
        agency=binhe,
        title="通知",
        formed_on=datetime.date(2024, 1, 2),
        disclosure="proactive",
        status=Status.DRAFT,
        column=a,
    )
    assert catalogue.can_delete_column(a) is False
    with pytest.raises(CatalogueError) as exc:
        catalogue.delete_column(actor=carol, column=a)
    assert str(exc.value) == "栏目“通知公告”已有信息，不能删除，只能停用"
    assert Column.objects.filter(pk=a.pk).exists()


def test_a_column_with_children_cannot_be_deleted(binhe):
    a = col(binhe, "甲")
    col(binhe, "乙", parent=a)
    with pytest.raises(CatalogueError) as exc:
        catalogue.delete_column(actor=None, column=a)
    assert str(exc.value) == "栏目“甲”下还有下级栏目，请先删除或移走下级栏目"


def test_an_empty_never_used_column_is_deleted_with_an_event(carol, binhe):
    a = col(binhe, "临时栏目")
    pk = a.pk
    assert catalogue.can_delete_column(a) is True
    catalogue.delete_column(actor=carol, column=a)
    assert not Column.objects.filter(pk=pk).exists()
    event = Event.objects.get(action="catalogue.column_deleted")
    assert (event.object_pk, event.summary) == (str(pk), "删除栏目“临时栏目”")
    assert event.changes["name"] == {"label": "栏目名称", "before": "临时栏目", "after": None}


def test_a_column_that_once_published_cannot_be_deleted(binhe):
    a = col(binhe, "曾用栏目")
    Column.objects.filter(pk=a.pk).update(
        last_published_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC)
    )
    a.refresh_from_db()
    with pytest.raises(CatalogueError):
        catalogue.delete_column(actor=None, column=a)


def test_default_columns_of_a_township(carol, binhe):
    created = catalogue.default_columns(binhe, actor=carol)
    top = [c.name for c in Column.objects.filter(agency=binhe, parent=None).order_by("sort_order")]
    assert top == [
        "机构概况",
        "政策文件",
        "通知公告",
        "工作动态",
        "人事信息",
        "规划计划",
        "财政预决算",
        "重点领域信息公开",
        "政府信息公开年报",
    ]
    key = Column.objects.get(agency=binhe, name="重点领域信息公开")
    children = list(key.children.order_by("sort_order").values_list("name", flat=True))
    assert "宅基地审批" in children
    assert "筹资筹劳" in children
    assert "社会救助" in children
    policy = Column.objects.get(agency=binhe, name="政策文件")
    assert list(policy.children.values_list("name", "freshness")) == [
        ("规范性文件", "notice_policy"),
        ("其他文件", "notice_policy"),
    ]
    assert Column.objects.get(agency=binhe, name="工作动态").freshness == Freshness.NEWS
    assert Column.objects.get(agency=binhe, name="人事信息").freshness == Freshness.PERSONNEL_PLAN
    assert len(created) == Column.objects.filter(agency=binhe).count()
    assert Event.objects.filter(action="catalogue.column_created").count() == len(created)


def test_default_columns_of_a_department_have_no_rural_items(finance):
    catalogue.default_columns(finance)
    names = set(Column.objects.filter(agency=finance).values_list("name", flat=True))
    assert "宅基地审批" not in names
    assert {"行政许可", "行政处罚", "政府采购", "社会救助"} <= names


def test_default_columns_only_for_an_agency_without_columns(binhe):
    col(binhe, "已有栏目")
    with pytest.raises(CatalogueError) as exc:
        catalogue.default_columns(binhe)
    assert str(exc.value) == "中卫市沙坡头区滨河镇人民政府已有栏目，不能再套用标准栏目"


# --- themes ----------------------------------------------------------------------------


def test_who_may_manage_themes(alice, carol, olga, bob):
    assert theme_actions.can_manage_themes(alice) is True
    assert theme_actions.can_manage_themes(carol) is False  # township office
    assert theme_actions.can_manage_themes(olga) is False
    assert theme_actions.can_manage_themes(bob) is False
    assert theme_actions.can_manage_themes(make_user("root", None, is_superuser=True)) is True
    assert theme_actions.can_manage_themes(make_user("x", None, Role.OFFICE_ADMIN)) is False


def test_a_new_level_1_theme_gets_the_next_code(alice):
    theme = theme_actions.create_theme(actor=alice, name="数字政府")
    assert (theme.code, theme.parent) == ("23", None)  # 01–22 are seeded
    [event] = events(theme, "theme_created")
    assert event.summary == "新增主题分类“23 数字政府”"


def test_a_new_level_2_theme_gets_the_next_code_below_its_parent(alice):
    parent = Theme.objects.get(code="02")
    theme = theme_actions.create_theme(actor=alice, name="营商环境", parent=parent)
    assert theme.code == "02.07"  # 02.01–02.06 are seeded
    assert theme.parent == parent
    first = theme_actions.create_theme(
        actor=alice, name="第一个", parent=Theme.objects.get(code="01")
    )
    assert first.code == "01.01"


def test_themes_have_only_two_levels(alice):
    child = Theme.objects.get(code="02.01")
    with pytest.raises(ValidationError) as exc:
        theme_actions.create_theme(actor=alice, name="三级", parent=child)
    assert exc.value.message_dict == {"parent": ["主题分类只有两级，只能在一级分类下添加"]}


def test_theme_names_are_unique_within_a_level(alice):
    with pytest.raises(ValidationError) as exc:
        theme_actions.create_theme(actor=alice, name="综合政务")
    assert exc.value.message_dict == {"name": ["同一级已有名为“综合政务”的主题分类"]}


def test_renaming_a_theme_is_audited(alice):
    theme = Theme.objects.get(code="02.01")
    theme_actions.rename_theme(actor=alice, theme=theme, name="政务公开和政务服务")
    [event] = events(theme, "theme_renamed")
    assert event.changes["name"] == {
        "label": "名称",
        "before": "政务公开",
        "after": "政务公开和政务服务",
    }


def test_deactivating_a_level_1_theme_deactivates_its_children(alice):
    parent = Theme.objects.get(code="18")
    done = theme_actions.deactivate_theme(actor=alice, theme=parent)
    assert [t.code for t in done] == ["18", "18.01", "18.02", "18.03"]
    child = Theme.objects.get(code="18.01")
    assert child.is_active is False
    with pytest.raises(CatalogueError) as exc:
        theme_actions.reactivate_theme(actor=alice, theme=child)
    assert str(exc.value) == "上级分类“民族、宗教”已停用，请先启用上级分类"
    theme_actions.reactivate_theme(actor=alice, theme=parent)
    assert theme_actions.reactivate_theme(actor=alice, theme=child).is_active is True


def test_no_new_theme_under_a_deactivated_parent(alice):
    parent = Theme.objects.get(code="19")
    theme_actions.deactivate_theme(actor=alice, theme=parent)
    with pytest.raises(ValidationError) as exc:
        theme_actions.create_theme(actor=alice, name="新", parent=parent)
    assert exc.value.message_dict == {"parent": ["“对外事务”已停用，请先启用"]}


def test_publishing_a_guide_or_changing_columns_refreshes_the_public_pages(
    carol, binhe, django_capture_on_commit_callbacks
):
    from gongkai.portal.cache import current_generation

    guide = catalogue.draft_guide(actor=carol, agency=binhe, fields=FULL)
    start = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.publish_guide(actor=carol, guide=guide)
    assert current_generation() == start + 1
    column = col(binhe, "通知公告")
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.deactivate_column(actor=carol, column=column)
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.reactivate_column(actor=carol, column=column)
    assert current_generation() == start + 3
