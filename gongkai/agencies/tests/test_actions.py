import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.agencies import actions
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.audit.models import Event, ImmutableEventError


def test_agency_change_writes_an_audit_event_with_before_and_after(alice, binhe):
    actions.update_agency(actor=alice, agency=binhe, data={"office_phone": "0955-7000001"})
    event = Event.objects.for_object(binhe).get(action="agency.updated")
    assert event.actor == alice
    assert event.actor_name == "Alice"
    assert event.agency == binhe
    assert event.changes == {
        "office_phone": {"label": "联系电话", "before": "0955-8800002", "after": "0955-7000001"}
    }


def test_unchanged_save_writes_no_event(alice, binhe):
    actions.update_agency(actor=alice, agency=binhe, data={"office_phone": binhe.office_phone})
    assert not Event.objects.for_object(binhe).filter(action="agency.updated").exists()


def test_creation_is_recorded_as_system_when_no_actor(district):
    event = Event.objects.for_object(district).get()
    assert event.action == "agency.created"
    assert event.actor is None and event.actor_name == "系统"
    assert event.changes["name"]["after"] == "中卫市沙坡头区人民政府"


def test_events_cannot_be_edited_or_deleted(district):
    event = Event.objects.for_object(district).get()
    event.summary = "篡改"
    with pytest.raises(ImmutableEventError):
        event.save()
    with pytest.raises(ImmutableEventError):
        event.delete()
    with pytest.raises(ImmutableEventError):
        Event.objects.all().delete()
    with pytest.raises(ImmutableEventError):
        Event.objects.all().update(summary="篡改")


def test_invalid_credit_code_is_refused_and_nothing_saved(alice, binhe):
    with pytest.raises(ValidationError) as exc:
        actions.update_agency(actor=alice, agency=binhe, data={"code": "91350100M000100Y44"})
    assert exc.value.message_dict["code"] == ["统一社会信用代码校验位不正确，请核对"]
    binhe.refresh_from_db()
    assert binhe.code != "91350100M000100Y44"
    assert not Event.objects.for_object(binhe).filter(action="agency.updated").exists()


def test_moving_an_agency_moves_its_subtree(alice, district, binhe, finance):
    village = actions.create_agency(
        actor=alice, parent=binhe, name="某村委会", slug="spt-binhe-v1", kind=AgencyKind.OTHER
    )
    actions.update_agency(actor=alice, agency=binhe, data={"parent": finance})
    village.refresh_from_db()
    binhe.refresh_from_db()
    assert binhe.path == f"{finance.path}{binhe.pk:08d}/"
    assert village.path == f"{binhe.path}{village.pk:08d}/"
    assert (binhe.depth, village.depth) == (2, 3)
    assert village.is_within(finance)


def test_an_agency_cannot_move_below_itself(alice, binhe):
    village = actions.create_agency(
        actor=alice, parent=binhe, name="某村委会", slug="spt-binhe-v1", kind=AgencyKind.OTHER
    )
    with pytest.raises(ValidationError) as exc:
        actions.update_agency(actor=alice, agency=binhe, data={"parent": village})
    assert exc.value.message_dict["parent"] == ["不能把机构移到它自己或它的下级机构之下"]


def test_reading_point_changes_appear_in_agency_history(alice, binhe):
    point = actions.add_reading_point(
        actor=alice, agency=binhe, name="滨河镇查阅点", address="滨河镇便民服务中心"
    )
    actions.update_reading_point(actor=alice, point=point, data={"hours": "工作日"})
    actions.remove_reading_point(actor=alice, point=point)
    summaries = list(
        Event.objects.for_object(binhe).order_by("id").values_list("summary", flat=True)
    )
    assert summaries[-3:] == [
        "新增查阅点：滨河镇查阅点",
        "修改查阅点：滨河镇查阅点",
        "删除查阅点：滨河镇查阅点",
    ]


def test_edit_form_saves_and_history_page_shows_the_change(client, alice, binhe):
    client.force_login(alice)
    url = reverse("agencies:edit", args=[binhe.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(parent=binhe.parent_id, office_phone="0955-7123456", is_active="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    history = client.get(reverse("backoffice:history", args=["agencies.agency", binhe.pk]))
    assert "0955-7123456" in history.content.decode()
    assert "0955-8800002" in history.content.decode()


def test_edit_form_shows_chinese_error_for_bad_code(client, alice, binhe):
    client.force_login(alice)
    url = reverse("agencies:edit", args=[binhe.pk])
    data = {
        "name": binhe.name,
        "slug": binhe.slug,
        "kind": binhe.kind,
        "parent": binhe.parent_id,
        "code": "12345",
        "sort_order": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "机构代码应为18位统一社会信用代码或9位组织机构代码，现为5位"
    ]
    assert Agency.objects.get(pk=binhe.pk).code != "12345"


def test_history_shows_choice_labels_in_form_order(alice, binhe):
    actions.update_agency(
        actor=alice, agency=binhe, data={"kind": AgencyKind.OTHER, "name": "滨河镇（改）"}
    )
    event = Event.objects.for_object(binhe).get(action="agency.updated")
    assert [name for name, _ in event.change_rows()] == ["name", "kind"]
    assert event.changes["kind"] == {"label": "机构类型", "before": "乡镇街道", "after": "其他"}


def test_tree_order_puts_children_under_parents_by_sort_order(
    alice, district, binhe, wenchang, finance
):
    from gongkai.agencies.querysets import in_tree_order

    actions.update_agency(actor=alice, agency=finance, data={"sort_order": 1})
    actions.update_agency(actor=alice, agency=binhe, data={"sort_order": 3})
    actions.update_agency(actor=alice, agency=wenchang, data={"sort_order": 2})
    village = actions.create_agency(
        actor=alice, parent=binhe, name="某村委会", slug="spt-binhe-v1", kind=AgencyKind.OTHER
    )
    ordered = in_tree_order(Agency.objects.order_by("-id"))
    assert [a.slug for a in ordered] == [
        "spt",
        "spt-czj",
        "spt-wenchang",
        "spt-binhe",
        village.slug,
    ]
