"""Statutory periods of disclosure on request, counted in working days (rules.md §1.4,
§1.6). Pure date arithmetic over a :class:`~gongkai.workdays.calendar.WorkdayCalendar`;
the actions store the results on the application.

Counting: the day after the trigger day is day 1; weekends and statutory holidays are
skipped; make-up working days (调休) count. A period that crosses a year without a
holiday schedule is *provisional* (never an error).

- 补正告知: within 7 working days of receipt, once (第三十条).
- 答复: 20 working days from receipt, or from receipt of the corrected application
  (第三十三条); extended by at most 20 more with the office head's approval. Received
  before 2019-05-15: 15 + 15 (2007 条例第二十四条).
- Consultation of a third party (第三十二条) or a co-maker (第三十四条): the party answers
  within 15 working days of receiving the letter; the days from sending the letter to
  the answer are not counted in the reply period.
- Fee: payment within 20 working days from the day after the applicant receives the
  notice; the days from the notice to payment are not counted in the reply period
  unless ``GONGKAI_FEE_PAUSES_REPLY_CLOCK`` is off (rules.md §1.6, §7 item 3).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.workdays.calendar import WorkdayCalendar, WorkdayDate

#: The 2007 条例 took effect on this date; there is no statutory period before it.
OLD_REGIME_FROM = datetime.date(2008, 5, 1)
#: The 2019 条例 applies to applications received on or after this date.
NEW_REGIME_FROM = datetime.date(2019, 5, 15)
CORRECTION_NOTICE_WORKDAYS = 7
CONSULTATION_WORKDAYS = 15
PAYMENT_WORKDAYS = 20


@dataclass(frozen=True)
class Periods:
    regime: str  # "2019" or "2007"
    reply: int
    max_extension: int
    correction_notice: int = CORRECTION_NOTICE_WORKDAYS
    consultation: int = CONSULTATION_WORKDAYS
    payment: int = PAYMENT_WORKDAYS

    @property
    def label(self) -> str:
        if self.regime == "2007":
            return "2007年《条例》：15个工作日，可延长15个工作日"
        return "2019年《条例》：20个工作日，可延长20个工作日"


NEW_PERIODS = Periods(regime="2019", reply=20, max_extension=20)
OLD_PERIODS = Periods(regime="2007", reply=15, max_extension=15)


def periods_for(received_on: datetime.date) -> Periods:
    return OLD_PERIODS if received_on < NEW_REGIME_FROM else NEW_PERIODS


def receipt_date(
    channel: str,
    *,
    submitted_on: datetime.date,
    signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
) -> datetime.date | None:
    """The Art. 31 receipt date, or ``None`` while a confirmation is still needed.

    当面: the day it was handed in; 挂号等需签收: the day the office signed for it;
    平信: the day the office confirmed with the applicant (on the day the letter came);
    传真 and 网络: the day both sides confirmed."""
    if channel == "in_person":
        return submitted_on
    if channel == "registered_mail":
        return signed_on or submitted_on
    return confirmed_on


@dataclass(frozen=True)
class Pause:
    """Days not counted in the reply period: after ``start`` up to and including
    ``end`` (``end`` None: still running)."""

    start: datetime.date
    end: datetime.date | None


def merge(pauses: Iterable[Pause]) -> list[Pause]:
    """Overlapping pauses (two consultations at once) merged, so no day is removed twice."""
    out: list[Pause] = []
    for p in sorted(pauses, key=lambda p: p.start):
        if out and (out[-1].end is None or p.start <= out[-1].end):
            last = out[-1]
            end = None if last.end is None or p.end is None else max(last.end, p.end)
            out[-1] = Pause(last.start, end)
        else:
            out.append(p)
    return out


@dataclass(frozen=True)
class ReplyDeadline:
    due: datetime.date | None  # None while a pause is still running
    latest: datetime.date | None  # with the longest extension the law allows
    paused_workdays: int
    provisional: bool
    periods: Periods


def reply_deadline(
    cal: WorkdayCalendar,
    *,
    clock_start: datetime.date,
    periods: Periods,
    extension_days: int = 0,
    pauses: Iterable[Pause] = (),
) -> ReplyDeadline:
    merged = merge(pauses)
    paused = 0
    provisional = False
    running = False
    for p in merged:
        if p.end is None:
            running = True
            continue
        count = cal.between(p.start, p.end)
        paused += count.count
        provisional = provisional or count.provisional
    if running:
        return ReplyDeadline(None, None, paused, provisional, periods)
    due: WorkdayDate = cal.add(clock_start, periods.reply + extension_days + paused)
    latest = cal.add(clock_start, periods.reply + periods.max_extension + paused)
    return ReplyDeadline(
        due.date,
        latest.date,
        paused,
        provisional or due.provisional or latest.provisional,
        periods,
    )


def workdays_left(cal: WorkdayCalendar, today: datetime.date, due: datetime.date) -> int | None:
    """Working days from today to ``due``: 0 on the due day, negative when overdue
    (the number of working days past it); ``None`` when the two dates are too far apart
    for the calendar to count (a date typed with the wrong year) — one such case must not
    break the lists, the case page or the e-mail."""
    try:
        if due >= today:
            return cal.between(today, due).count
        return -cal.between(due, today).count
    except ValueError:
        return None
