"""``gongkai pii scan``: exact output; exit 0 / 1 / 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.pii.tests.helpers import docx_bytes, make_id, minimal_pdf

REPO_ROOT = Path(__file__).resolve().parents[3]
ID = make_id()
MASKED_ID = ID[:6] + "********" + ID[-4:]


def run(*args: str) -> str:
    out = StringIO()
    call_command("pii", *args, stdout=out)
    return out.getvalue()


def run_failing(*args: str, returncode: int) -> tuple[str, CommandError]:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("pii", *args, stdout=out)
    assert caught.value.returncode == returncode
    return out.getvalue(), caught.value


@pytest.fixture
def names(tmp_path: Path) -> Path:
    path = tmp_path / "名单.txt"
    path.write_text(
        f"姓名,身份证号,电话\n张三,{ID},13812345678\n李四,住滨河镇新北村三组25号,0955-7012345\n",
        encoding="gb18030",
    )
    return path


def test_text_output_never_shows_full_numbers_and_exits_1(names):
    out, error = run_failing("scan", str(names), returncode=1)
    assert out == (
        f"{names}:2:4 身份证号 {MASKED_ID} 建议遮盖为 {MASKED_ID}\n"
        f"{names}:2:23 手机号码 138****5678 建议遮盖为 138****5678\n"
        f"{names}:3:5 详细住址 滨河镇新北村三组25号 建议遮盖为 滨河镇新北村****\n"
        f"{names}:3:17 固定电话 0955-7012345 建议遮盖为 0955-*****45（仅提示，不阻止发布）\n"
        "共发现 4 处个人信息，其中 3 处须遮盖或填写公开理由后才能发布\n"
    )
    assert ID not in out
    assert str(error) == "发现 3 处须遮盖的个人信息，遮盖或填写公开理由后才能发布"


def test_json_output_includes_values_and_positions(names):
    out, _ = run_failing("scan", str(names), "--json", returncode=1)
    data = json.loads(out)
    assert (data["total"], data["blocking"], data["errors"]) == (4, 3, [])
    [report] = data["files"]
    assert (report["file"], report["kind"], report["note"]) == (str(names), "txt", "")
    assert report["hits"][0] == {
        "kind": "id18",
        "label": "身份证号",
        "start": 14,
        "end": 32,
        "line": 2,
        "column": 4,
        "value": ID,
        "masked": MASKED_ID,
        "blocks_publication": True,
    }
    assert [h["blocks_publication"] for h in report["hits"]] == [True, True, True, False]


def test_clean_file_and_landlines_only_exit_0(tmp_path):
    clean = tmp_path / "通知.txt"
    clean.write_text("卫政发〔2018〕12号\n", encoding="utf-8")
    assert run("scan", str(clean)) == "未发现个人信息\n"
    office = tmp_path / "指南.txt"
    office.write_text("办公电话：0955-7012345\n", encoding="utf-8")
    assert run("scan", str(office)) == (
        f"{office}:1:6 固定电话 0955-7012345 建议遮盖为 0955-*****45（仅提示，不阻止发布）\n"
        "共发现 1 处个人信息，其中 0 处须遮盖或填写公开理由后才能发布\n"
    )


def test_docx_lines_are_paragraphs(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("名单")
    document.add_paragraph(f"张三 {ID}")
    path = tmp_path / "名单.docx"
    path.write_bytes(docx_bytes(document))
    out, _ = run_failing("scan", str(path), returncode=1)
    assert out.splitlines()[0] == f"{path}:2:4 身份证号 {MASKED_ID} 建议遮盖为 {MASKED_ID}"


def test_images_and_textless_pdfs_are_flagged_for_manual_review(tmp_path):
    image = tmp_path / "照片.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    scanned = tmp_path / "扫描件.pdf"
    scanned.write_bytes(minimal_pdf(""))
    assert run("scan", str(image), str(scanned)) == (
        f"{image}: 图片中的文字无法自动检查，请人工核对\n"
        f"{scanned}: PDF 没有文字层（可能是扫描件），无法自动检查，请人工核对\n"
        "未发现个人信息\n"
    )


def test_missing_and_unsupported_files_exit_2(tmp_path, names):
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00")
    missing = tmp_path / "none.txt"
    out, error = run_failing("scan", str(missing), str(program), str(names), returncode=2)
    assert str(error) == (
        f"无法读取文件“{missing}”：文件不存在\n"
        "不支持的附件类型：文件“setup.exe”（支持 PDF、DOCX、XLSX、PNG、JPEG、GIF、WEBP、TXT、CSV）"
    )
    assert out.endswith("共发现 4 处个人信息，其中 3 处须遮盖或填写公开理由后才能发布\n")
    out, _ = run_failing("scan", str(missing), returncode=2)
    assert out == ""
    out, _ = run_failing("scan", str(missing), "--json", returncode=2)
    assert json.loads(out)["errors"] == [
        {"file": str(missing), "message": f"无法读取文件“{missing}”：文件不存在"}
    ]


def test_a_directory_is_not_a_file(tmp_path):
    _, error = run_failing("scan", str(tmp_path), returncode=2)
    assert str(error) == f"无法读取文件“{tmp_path}”：这是一个目录"


def test_no_file_or_no_subcommand_exits_2():
    _, error = run_failing("scan", returncode=2)
    assert str(error) == "请指定要检查的文件"
    _, error = run_failing(returncode=2)
    assert str(error) == "请指定子命令：scan"


def _gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"GONGKAI_VAR_DIR": str(tmp_path)}  # keep the developer's var/ out
    return subprocess.run(
        [sys.executable, "manage.py", "pii", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_command_line_exit_statuses(tmp_path, names):
    proc = _gongkai(tmp_path, "scan", str(names), str(tmp_path / "none.txt"))
    assert proc.returncode == 2
    assert "无法读取文件" in proc.stderr
    proc = _gongkai(tmp_path, "scan", str(names))
    assert proc.returncode == 1
    assert ID not in proc.stdout
    assert "发现 3 处须遮盖的个人信息" in proc.stderr
