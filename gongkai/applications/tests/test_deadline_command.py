"""``gongkai deadline``: exact output, and exit status 2 with a Chinese message on bad
input. Dates are counted by hand (see test_deadlines.py for the holiday notices)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO_ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_prints_the_dates_across_national_day() -> None:
    assert run("--received", "2024-09-27") == (
        "收到申请日期：2024-09-27\n"
        "适用规定：2019年《条例》：20个工作日，可延长20个工作日\n"
        "补正告知期限：2024-10-12\n"  # 9-29 and 10-12 are make-up working days
        "答复期限：2024-10-30\n"
        "最迟答复期限（延长20个工作日）：2024-11-27\n"
    )


def test_json() -> None:
    assert run("--received", "2024-09-27", "--json") == (
        '{"received": "2024-09-27", "regime": "2019", "correction_notice_due": "2024-10-12", '
        '"reply_due": "2024-10-30", "latest_due": "2024-11-27", "provisional": false}\n'
    )


def test_paused_days_and_an_extension_move_the_due_date() -> None:
    # 20 + 10 + 8 = 38 working days from 9-27: 11-11 is 28 … 11-25 is 38;
    # latest 40 + 8 = 48: 12-9
    assert run("--received", "2024-09-27", "--paused", "8", "--extension", "10") == (
        "收到申请日期：2024-09-27\n"
        "适用规定：2019年《条例》：20个工作日，可延长20个工作日\n"
        "补正告知期限：2024-10-12\n"
        "不计入期限的工作日：8 个\n"
        "答复期限（已延长10个工作日）：2024-11-25\n"
        "最迟答复期限（延长20个工作日）：2024-12-09\n"
    )


def test_old_regime_before_2019_05_15() -> None:
    assert json.loads(run("--received", "2019-05-14", "--json")) == {
        "received": "2019-05-14",
        "regime": "2007",
        "correction_notice_due": "2019-05-23",
        "reply_due": "2019-06-04",
        "latest_due": "2019-06-26",
        "provisional": False,
    }
    assert json.loads(run("--received", "2019-05-15", "--json"))["reply_due"] == "2019-06-13"


def test_across_the_2025_spring_festival() -> None:
    data = json.loads(run("--received", "2025-01-24", "--json"))
    assert (data["correction_notice_due"], data["reply_due"], data["latest_due"]) == (
        "2025-02-10",
        "2025-02-27",
        "2025-03-27",
    )


def test_a_period_reaching_2027_is_provisional() -> None:
    assert run("--received", "2026-12-21") == (
        "收到申请日期：2026-12-21\n"
        "适用规定：2019年《条例》：20个工作日，可延长20个工作日\n"
        "补正告知期限：2026-12-30\n"
        "答复期限：2027-01-18\n"  # 2027 counted Monday–Friday
        "最迟答复期限（延长20个工作日）：2027-02-15\n"
        "注意：期限涉及尚未录入节假日安排的年度，以上日期为暂定日期\n"
    )
    assert json.loads(run("--received", "2026-12-21", "--json"))["provisional"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "请用 --received 指定收到申请日期，如 --received 2024-09-27"),
        (("--received", "2024-13-01"), "收到申请日期“2024-13-01”不存在"),
        (
            ("--received", "27/09/2024"),
            "收到申请日期“27/09/2024”无法识别，应为 YYYY-MM-DD 格式，如 2027-01-01",
        ),
        (
            ("--received", "2008-04-30"),
            "收到申请日期不能早于 2008-05-01（《政府信息公开条例》施行之日）",
        ),
        (
            ("--received", "2024-09-27", "--paused", "-1"),
            "不计入期限的工作日数“-1”无效，应为 0 到 3650 之间的整数",
        ),
        (
            ("--received", "2024-09-27", "--paused", "八"),
            "不计入期限的工作日数“八”无效，应为 0 到 3650 之间的整数",
        ),
        (
            ("--received", "2024-09-27", "--extension", "21"),
            "延长工作日数“21”无效，应为 0 到 20 之间的整数"
            "（2019年《条例》：20个工作日，可延长20个工作日）",
        ),
        (
            ("--received", "2019-05-14", "--extension", "16"),
            "延长工作日数“16”无效，应为 0 到 15 之间的整数"
            "（2007年《条例》：15个工作日，可延长15个工作日）",
        ),
        (("--received", "9999-12-20"), "计算结果超出可以表示的日期范围"),
    ],
)
def test_bad_input_is_refused_with_exit_status_2(args: tuple[str, ...], message: str) -> None:
    assert fails(*args) == message


def _gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GONGKAI_VAR_DIR": str(tmp_path)}  # keep the developer's var/ out
    return subprocess.run(
        [sys.executable, "manage.py", "deadline", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_command_line_exits_2_with_the_message_on_stderr(tmp_path: Path) -> None:
    proc = _gongkai(tmp_path, "--received", "2024-02-30")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "收到申请日期“2024-02-30”不存在" in proc.stderr
    proc = _gongkai(tmp_path, "--received", "2024-09-27", "--no-such-option")
    assert proc.returncode == 2
