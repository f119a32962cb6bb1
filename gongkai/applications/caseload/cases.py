"""What a simulated caseload is made of: the plan of each case, its disputes and
complaints, and a remembering working-day calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Status
from gongkai.workdays.calendar import WorkdayCalendar, WorkdayCount, WorkdayDate

D = datetime.date
DAY = datetime.timedelta(days=1)


@dataclass
class ConsultationPlan:
    kind: str
    sent_on: D
    delivered_on: D
    due_on: D
    due_provisional: bool
    answered_on: D | None = None  # None: still open at ``as_of``
    answer: str = ""


@dataclass
class FeePlan:
    method: str
    amount: Decimal
    notice_on: D
    notice_received_on: D
    payment_due_on: D
    due_provisional: bool
    pages: int | None = None
    nth_in_month: int | None = None
    paid_on: D | None = None


@dataclass
class Case:
    """One simulated application: the facts of its timeline up to ``as_of`` and, after
    :func:`plan`, the unsaved :class:`Application` with every stored field."""

    index: int
    agency: Agency
    applicant: dict[str, str]
    channel: str
    submitted_on: D
    signed_on: D | None = None
    confirmed_on: D | None = None
    received_on: D | None = None
    withdrawn_on: D | None = None  # withdrawn (before or after receipt)
    correction_requested_on: D | None = None
    correction_deadline: D | None = None
    correction_received_on: D | None = None
    consultations: list[ConsultationPlan] = field(default_factory=list)
    extension_days: int = 0
    extended_on: D | None = None
    fee: FeePlan | None = None
    outcome: str = ""
    third_party_interest: str = ""
    withheld_ground: str = ""
    closed_on: D | None = None
    status: str = Status.PROCESSING
    application: Application | None = None

    @property
    def applicant_kind(self) -> str:
        return self.applicant["applicant_kind"]


@dataclass
class DisputePlan:
    case: Case
    kind: str
    filed_on: D
    result: str
    closed_on: D | None


@dataclass
class ComplaintPlan:
    case: Case
    received_on: D


@dataclass
class Caseload:
    as_of: D
    cases: list[Case]
    disputes: list[DisputePlan]
    complaints: list[ComplaintPlan]


class MemoCalendar(WorkdayCalendar):
    """The same answers as :class:`WorkdayCalendar`, remembered per argument."""

    def __init__(self) -> None:
        super().__init__()
        self._adds: dict[tuple[D, int], WorkdayDate] = {}
        self._betweens: dict[tuple[D, D], WorkdayCount] = {}

    def add(self, start: D, n: int) -> WorkdayDate:
        key = (start, n)
        if key not in self._adds:
            self._adds[key] = super().add(start, n)
        return self._adds[key]

    def between(self, start: D, end: D) -> WorkdayCount:
        key = (start, end)
        if key not in self._betweens:
            self._betweens[key] = super().between(start, end)
        return self._betweens[key]
