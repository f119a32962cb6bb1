from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def _stamp() -> Path:
    return Path(settings.STATIC_ROOT) / ".collected"


def _static_files_changed() -> bool:
    """Whether any static source file is newer than the last collection (compressing
    every file again takes several seconds, so an unchanged tree is not collected)."""
    stamp = _stamp()
    if not stamp.exists():
        return True
    collected = stamp.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if os.path.getmtime(storage.path(path)) > collected:
                return True
    return False


class Command(BaseCommand):
    help = "用 gunicorn 启动生产服务器（静态文件由 whitenoise 提供）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("GONGKAI_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )

    def handle(self, *args: Any, bind: str, workers: int, **options: Any) -> None:
        if _static_files_changed():
            self.stdout.write("正在整理静态文件……")
            call_command("collectstatic", interactive=False, verbosity=0)
            _stamp().touch()
        self.stdout.write(f"gongkai 正在 http://{bind}/ 上运行（Ctrl+C 停止）")
        self.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", "gongkai.wsgi:application",
            "--bind", bind, "--workers", str(workers),
            "--access-logfile", "-", "--timeout", "60",
        ]  # fmt: skip
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
        if settings.HUEY_IMMEDIATE:
            os.environ["GONGKAI_HUEY_IMMEDIATE"] = "1"
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
