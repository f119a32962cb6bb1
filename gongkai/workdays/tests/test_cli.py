"""``gongkai workdays …``: exact output, and exit status 2 with a Chinese message on
bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.workdays.models import HolidaySchedule, ScheduleDay

REPO_ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return caught.value


def test_add_prints_the_date():
    assert run("add", "2024-09-27", "20") == "2024-10-30\n"


def test_add_json():
    assert run("add", "2024-09-27", "20", "--json") == (
        '{"date": "2024-10-30", "provisional": false}\n'
    )


def test_add_into_an_unknown_year_says_provisional():
    assert run("add", "2026-12-25", "10") == "2027-01-08 provisional\n"
    assert json.loads(run("add", "2026-12-25", "10", "--json")) == {
        "date": "2027-01-08",
        "provisional": True,
    }


def test_between_prints_the_count():
    assert run("between", "2024-09-27", "2024-10-30") == "20\n"
    assert run("between", "2026-12-31", "2027-01-04") == "2 provisional\n"
    assert run("between", "2024-09-27", "2024-10-30", "--json") == (
        '{"workdays": 20, "provisional": false}\n'
    )


def test_is_prints_workday_or_holiday():
    assert run("is", "2024-09-29") == "workday\n"
    assert run("is", "2024-10-01") == "holiday\n"
    assert run("is", "2027-01-02") == "holiday provisional\n"
    assert json.loads(run("is", "2024-10-01", "--json")) == {
        "date": "2024-10-01",
        "workday": False,
        "provisional": False,
        "note": "国庆节",
    }


def test_import_runs_as_the_system(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("日期,是否工作日,说明\n2027-01-01,休息,元旦\n", encoding="gb18030")
    assert run("import", str(path)) == "已导入 2027年：新增 1 天，更新 0 天（新建年度安排）\n"
    assert HolidaySchedule.objects.get(year=2027).entered_by is None
    assert ScheduleDay.objects.get().note == "元旦"
    assert run("add", "2026-12-25", "10") == "2027-01-11\n"


def test_import_json(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("date,is_workday,note\n2027-01-01,0,元旦\n", encoding="utf-8")
    assert json.loads(run("import", str(path), "--json")) == {
        "years": [
            {"year": 2027, "created": 1, "updated": 0, "unchanged": 0, "schedule_created": True}
        ]
    }


def test_import_of_a_bad_file_lists_the_errors_and_imports_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,is_workday,note\n2027-01-01,0,元旦\n2027-13-01,0,\n", encoding="utf-8")
    error = fails("import", str(path))
    assert str(error) == "文件中有 1 处错误，未导入任何数据\n第3行：日期“2027-13-01”不存在"
    assert not ScheduleDay.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2024-13-01", "3"), "起算日期“2024-13-01”不存在"),
        (
            ("add", "27/09/2024", "3"),
            "起算日期“27/09/2024”无法识别，应为 YYYY-MM-DD 格式，如 2027-01-01",
        ),
        (("add", "2024-09-27", "-1"), "工作日数“-1”无效，应为 0 到 3650 之间的整数"),
        (("add", "2024-09-27", "twenty"), "工作日数“twenty”无效，应为 0 到 3650 之间的整数"),
        (("add", "2024-09-27", "3651"), "工作日数“3651”无效，应为 0 到 3650 之间的整数"),
        (("add", "2024-09-27", "1.5"), "工作日数“1.5”无效，应为 0 到 3650 之间的整数"),
        (("add", "2024-09-27"), "缺少参数：工作日数"),
        (("add",), "缺少参数：起算日期"),
        (("add", "9999-12-30", "5"), "计算结果超出可以表示的日期范围"),
        (("between", "2024-09-27"), "缺少参数：结束日期"),
        (("between", "2024-09-27", "2024-02-30"), "结束日期“2024-02-30”不存在"),
        (("is", "tomorrow"), "日期“tomorrow”无法识别，应为 YYYY-MM-DD 格式，如 2027-01-01"),
        (("import",), "缺少参数：CSV 文件路径"),
        (("import", "/no/such/file.csv"), "无法读取文件“/no/such/file.csv”：文件不存在"),
    ],
)
def test_bad_input_is_refused_with_exit_status_2(args, message):
    assert str(fails(*args)) == message


def _gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GONGKAI_VAR_DIR": str(tmp_path)}  # keep the developer's var/ out
    return subprocess.run(
        [sys.executable, "manage.py", "workdays", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_command_line_exits_2_with_the_message_on_stderr(tmp_path):
    proc = _gongkai(tmp_path, "add", "2024-13-01", "20")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "起算日期“2024-13-01”不存在" in proc.stderr


def test_command_line_argparse_errors_also_exit_2(tmp_path):
    proc = _gongkai(tmp_path, "add", "2024-09-27", "20", "--no-such-option")
    assert proc.returncode == 2
    proc = _gongkai(tmp_path)
    assert proc.returncode == 2
    assert "请指定子命令：add、between、is 或 import" in proc.stderr
