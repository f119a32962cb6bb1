"""What the applications API reads and answers about letters, reconsiderations,
lawsuits and complaints (:mod:`gongkai.applications.api.records`); the loose input
fields and the case schemas are in :mod:`gongkai.applications.schemas`.
"""

from __future__ import annotations

import datetime

from ninja import Schema

from gongkai.applications.schemas import DateText, IntText, LooseIn, Text, YearText, named

# --- letters -----------------------------------------------------------------------------


class LetterTextIn(LooseIn):
    title: Text = named("标题")
    body: Text = named("正文")


class IssueIn(LooseIn):
    issued_on: DateText = named("出具日期", "默认今天")


# --- disputes and complaints ----------------------------------------------------------------


class YearQuery(LooseIn):
    year: YearText = named("年度")


class DisputeFields(LooseIn):
    kind: Text = named("类型", "reconsideration、litigation_direct 或 litigation_after_review")
    case_number: Text = named("案号")
    body: Text = named("复议机关/受理法院")
    claimant: Text = named("申请人/原告")
    filed_on: DateText = named("立案（受理）日期")
    summary: Text = named("案由及请求")
    result: Text = named("结果", "upheld、corrected、other 或 pending（默认）")
    closed_on: DateText = named("审结日期")
    result_note: Text = named("结果说明")


class DisputeIn(DisputeFields):
    agency: IntText = named("机关", "机关 id，默认为关联申请的机关")
    application: IntText = named("关联申请", "申请 id")


class DisputeOut(Schema):
    id: int
    agency: int
    agency_name: str
    application: int | None
    kind: str
    kind_label: str
    case_number: str
    body: str
    claimant: str
    filed_on: datetime.date
    summary: str
    result: str
    result_label: str
    closed_on: datetime.date | None
    result_note: str


class ComplaintFields(LooseIn):
    complainant: Text = named("举报投诉人")
    received_on: DateText = named("收到日期")
    subject: Text = named("举报投诉事项")
    handled_on: DateText = named("办结日期")
    result: Text = named("处理结果")


class ComplaintIn(ComplaintFields):
    agency: IntText = named("机关", "机关 id，默认为关联申请的机关")
    application: IntText = named("关联申请", "申请 id")


class ComplaintOut(Schema):
    id: int
    agency: int
    agency_name: str
    application: int | None
    complainant: str
    received_on: datetime.date
    subject: str
    handled_on: datetime.date | None
    result: str
