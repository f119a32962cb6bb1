from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务（huey 消费者：期限提醒、定时发布、节假日安排检查等）。"

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("run_huey")
