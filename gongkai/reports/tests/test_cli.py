import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.reports.formspec import LEGACY_VALUE_CODES

from .material import HONGZE_2023, PINGTAN_2025, SEED

ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("report", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_parse_json_has_every_code_of_the_form(db):
    code, out, _ = run("parse", str(SEED), "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["form"], data["year"], data["agency"]) == ("2014", 2018, "中卫市沙坡头区")
    assert list(data["rows"]) == list(LEGACY_VALUE_CODES)
    assert data["rows"]["1.1"] == 10947
    assert data["rows"]["7"] == "0"  # 七、依申请公开信息收取的费用 (money: a decimal string)
    assert data["rows"]["8.4"] == "5"  # 专项经费, printed "5 万" in a 万元 cell
    assert [(n["kind"], n["cell"]) for n in data["notes"]] == [("unit_stripped", "rows.8.4")]


def test_check_exits_1_when_a_report_has_errors():
    code, out, _ = run("check", str(HONGZE_2023))
    assert code == 1
    assert "review.group_total" in out


def test_check_exits_0_on_a_consistent_report():
    code, out, _ = run("check", str(PINGTAN_2025), "--json")
    assert code == 0
    [report] = json.loads(out)["reports"]
    assert report["agency"] == "平潭综合实验区"
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_check_exits_2_for_an_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run("check", str(empty))
    assert code == 2
    assert "文件是空的" in err


def test_parse_exits_2_for_a_missing_file(tmp_path):
    code, _, err = run("parse", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "找不到文件" in err


def test_parse_exits_2_for_a_report_of_unknown_form(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(
        "某某区2023年政府信息公开工作年度报告\n一、总体情况\n今年工作很好。", encoding="utf-8"
    )
    code, _, err = run("parse", str(other))
    assert code == 2
    assert "无法识别报告的统计表格式" in err


@pytest.mark.parametrize("verb", ["parse", "check"])
def test_missing_arguments_exit_2(verb):
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", verb],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "required" in result.stderr or "必需" in result.stderr


def test_real_cli_exit_code_for_errors_is_1():
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "check", str(HONGZE_2023)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr


def test_image_only_pdf_exits_2_with_a_clear_message(tmp_path):
    from .test_sources import PNG, render_pdf

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(
        render_pdf(f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}">')
    )
    code, _, err = run("check", str(scan))
    assert code == 2
    assert "该 PDF 没有文字层（可能是扫描件）" in err


def test_review_stores_a_batch_from_files_on_the_server(district):
    from gongkai.reports.models import ReviewBatch

    code, out, _ = run(
        "review", str(HONGZE_2023), str(SEED), "--agency", "spt", "--title", "服务器上的年报"
    )
    assert code == 0
    batch = ReviewBatch.objects.get()
    assert (batch.title, batch.agency) == ("服务器上的年报", district)
    assert batch.reports.count() == 2
    assert f"已建立审查批次“服务器上的年报”（编号 {batch.pk}）：2 份报告" in out


def test_review_with_unknown_agency_exits_2(db):
    code, _, err = run("review", str(SEED), "--agency", "nope", "--title", "x")
    assert code == 2
    assert "没有标识为 nope 的机构" in err
