"""Reading the tables of the 2021 form and the 2019 trial form."""

from __future__ import annotations

from typing import Any

from gongkai.reports.formspec import FormId, empty_tables
from gongkai.reports.result import ParseNote


def parse_national(text: str, form: FormId) -> tuple[dict[str, Any], list[ParseNote]]:
    return empty_tables(form), []
