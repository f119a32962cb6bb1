"""Importing a year's schedule from CSV: all rows are checked first; a bad file
imports nothing and says, row by row, what is wrong."""

from __future__ import annotations

import datetime

import pytest

from gongkai.audit.models import Event
from gongkai.workdays import actions
from gongkai.workdays.calendar import add_workdays
from gongkai.workdays.models import HolidaySchedule, ScheduleDay

D = datetime.date
pytestmark = pytest.mark.django_db

GOOD_2027 = (
    "date,is_workday,note\n"
    "2027-01-01,0,元旦\n"
    "2027/2/6,休息,春节\n"
    "2027-02-08,否,春节\n"
    "2027-02-20,上班,春节调休上班\n"
    "2027-02-21,班,春节调休上班\n"
    "2027-05-03,false,劳动节\n"
    "2027-09-26,TRUE,\n"
    "2027-10-01,休,国庆节\n"
    "2027-10-09,1,国庆节调休上班\n"
)


def stored():
    return [(d.date, d.is_workday, d.note) for d in ScheduleDay.objects.order_by("date")]


def test_import_creates_the_schedule_and_its_days(alice):
    result = actions.import_schedule_csv(actor=alice, data=GOOD_2027.encode("utf-8"))
    [year] = result.years
    assert (year.schedule.year, year.schedule_created, year.created, year.updated) == (
        2027,
        True,
        9,
        0,
    )
    assert str(year) == "2027年：新增 9 天，更新 0 天（新建年度安排）"
    schedule = HolidaySchedule.objects.get(year=2027)
    assert schedule.entered_by == alice
    assert stored()[:3] == [
        (D(2027, 1, 1), False, "元旦"),
        (D(2027, 2, 6), False, "春节"),
        (D(2027, 2, 8), False, "春节"),
    ]
    assert (D(2027, 2, 20), True, "春节调休上班") in stored()
    assert (D(2027, 9, 26), True, "") in stored()
    # 2027 is now known: results are final and follow the stored days
    assert add_workdays(D(2026, 12, 25), 10) == (D(2027, 1, 11), False)


def test_import_writes_one_event_per_year_with_the_count(alice):
    data = "date,is_workday,note\n2027-01-01,0,元旦\n2028-01-03,0,元旦\n2028-01-08,1,\n"
    actions.import_schedule_csv(actor=alice, data=data)
    imported = Event.objects.filter(action="workdays.schedule_imported").order_by("id")
    assert [e.summary for e in imported] == [
        "导入节假日安排 2027年：新增 1 天，更新 0 天（新建年度安排）",
        "导入节假日安排 2028年：新增 2 天，更新 0 天（新建年度安排）",
    ]
    assert imported[0].changes == {
        "2027-01-01": {"label": "2027-01-01", "before": None, "after": "休息（元旦）"}
    }
    assert imported[0].object_pk == str(HolidaySchedule.objects.get(year=2027).pk)


def test_import_with_chinese_headers_bom_and_gb18030(alice):
    text = "日期,是否工作日,说明\n2027-01-01,是,更正\n"
    actions.import_schedule_csv(actor=alice, data="\ufeff".encode() + text.encode("utf-8"))
    assert stored() == [(D(2027, 1, 1), True, "更正")]
    text = "日期,是否工作日,说明\n2027-01-01,休息,元旦\n"
    actions.import_schedule_csv(actor=alice, data=text.encode("gb18030"))
    assert stored() == [(D(2027, 1, 1), False, "元旦")]


def test_import_updates_existing_days_and_keeps_the_schedule(alice):
    schedule = actions.create_schedule(actor=alice, year=2027, notice="通知")
    actions.set_schedule_day(
        actor=alice, schedule=schedule, date=D(2027, 1, 1), is_workday=True, note="错误"
    )
    data = "date,is_workday,note\n2027-01-01,0,元旦\n2027-01-02,0,元旦\n2027-10-09,1,\n"
    result = actions.import_schedule_csv(actor=alice, data=data)
    [year] = result.years
    assert (year.schedule.pk, year.schedule_created, year.created, year.updated) == (
        schedule.pk,
        False,
        2,
        1,
    )
    assert stored()[0] == (D(2027, 1, 1), False, "元旦")
    # importing the same file again changes nothing
    again = actions.import_schedule_csv(actor=alice, data=data).years[0]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert str(again) == "2027年：新增 0 天，更新 0 天，3 天无变化"


def test_bad_file_imports_nothing_and_lists_every_bad_row(alice):
    data = (
        "date,is_workday,note\n"
        "2027-01-01,0,元旦\n"  # good, but must not be imported
        "2027-02-30,0,春节\n"
        "2027.2.6,0,春节\n"
        "2027-02-07,maybe,春节\n"
        "\n"
        "2027-01-01,1,重复\n"
        ",1,\n"
        "2027-02-08,,\n"
        "1999-10-01,0,国庆节\n"
        "2027-02-09,0,春节,多余\n"
        f"2027-02-10,0,{'长' * 101}\n"
    )
    with pytest.raises(actions.ScheduleImportError) as caught:
        actions.import_schedule_csv(actor=alice, data=data.encode("utf-8"))
    assert str(caught.value) == "文件中有 9 处错误，未导入任何数据"
    assert [str(e) for e in caught.value.errors] == [
        "第3行：日期“2027-02-30”不存在",
        "第4行：日期“2027.2.6”无法识别，应为 YYYY-MM-DD 格式，如 2027-01-01",
        "第5行：是否工作日“maybe”无法识别，"
        "应为 1 或 0（也可写 true/false、是/否、上班/休息、班/休）",
        "第7行：日期 2027-01-01 与第2行重复",
        "第8行：缺少日期",
        "第9行：缺少是否工作日",
        "第10行：日期 1999-10-01 超出可录入的年份（2000–2099）",
        "第11行：列数多于表头（应为 3 列）",
        "第12行：说明不能超过 100 个字",
    ]
    assert not HolidaySchedule.objects.exists()
    assert not ScheduleDay.objects.exists()
    assert not Event.objects.filter(action__startswith="workdays.").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的，表头应为 date,is_workday,note（或 日期,是否工作日,说明）"),
        (
            "日期,放假,说明\n2027-01-01,0,元旦\n".encode(),
            "第1行：无法识别的列“放假”，表头应为 date,is_workday,note（或 日期,是否工作日,说明）",
        ),
        (
            b"date,note\n2027-01-01,x\n",
            "第1行：缺少“是否工作日”列，表头应为 date,is_workday,note（或 日期,是否工作日,说明）",
        ),
        (b"date,is_workday,note\n\n", "文件中没有数据行"),
        (b"\xff\xfe\x00d\x00a", "文件编码无法识别，请另存为 UTF-8 或 GB18030 编码的 CSV 文件"),
    ],
)
def test_unusable_file_is_refused_with_one_message(alice, data, message):
    with pytest.raises(actions.ScheduleImportError) as caught:
        actions.import_schedule_csv(actor=alice, data=data)
    assert [str(e) for e in caught.value.errors] == [message]
    assert not HolidaySchedule.objects.exists()
