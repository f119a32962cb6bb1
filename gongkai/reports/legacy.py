"""Reading the legacy 2014 统计表."""

from __future__ import annotations

from typing import Any

from gongkai.reports.formspec import empty_tables
from gongkai.reports.result import ParseNote


def parse_legacy(text: str) -> tuple[dict[str, Any], list[ParseNote]]:
    return empty_tables("2014"), []
