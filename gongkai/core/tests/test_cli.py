import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_console_script_lists_our_commands_and_djangos():
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    for command in ("demo", "serve", "worker", "workdays", "migrate", "createsuperuser"):
        assert f"    {command}\n" in result.stdout, command


def test_demo_refuses_reset_in_production(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "GONGKAI_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "gk.example.gov.cn",
        "GONGKAI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "demo", "--reset"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "生产环境（GONGKAI_ENV=production）不能重建演示数据" in result.stderr
