"""Reading and checking a published report through the JSON API (public, rate-limited
like the portal's checker; nothing is stored)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from gongkai.core.ratelimit import allow, client_ip
from gongkai.reports.actions import MAX_FILE_BYTES, review_files

router = Router(tags=["年度报告"])
CALLS_PER_HOUR = 60


class FindingOut(Schema):
    severity: str
    rule: str
    message: str
    cells: list[str]
    numbers: dict[str, Any]
    sentence: str


class CheckOut(Schema):
    report: dict[str, Any]  # the report_forms.md JSON shape, with "notes"
    findings: list[FindingOut]
    score: int


def _read(request: HttpRequest, file: UploadedFile) -> Any:
    if not allow("report-api", client_ip(request), limit=CALLS_PER_HOUR, window_seconds=3600):
        raise HttpError(429, f"请求过于频繁：每小时最多 {CALLS_PER_HOUR} 次")
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise HttpError(413, "文件超过 10 MB")
    [result], _ = review_files([(file.name or "report", file.read())])
    if result.report is None:
        raise HttpError(422, f"无法读取：{result.unreadable}")
    return result


@router.post("/parse", response=dict[str, Any], summary="读取一份已发布的年度报告")
def parse(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    return _read(request, file).report.as_json()


@router.post("/check", response=CheckOut, summary="读取并检查一份已发布的年度报告")
def check(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    result = _read(request, file)
    return {
        "report": result.report.as_json(),
        "findings": result.findings_json,
        "score": result.score,
    }
