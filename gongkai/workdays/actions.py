"""Every change to the stored holiday schedules. The back-office pages and the
``gongkai workdays import`` command call these; each runs in a transaction and writes
an audit event on the year's :class:`HolidaySchedule` (its history page is the record
of who entered which day)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from gongkai.accounts.models import User
from gongkai.audit.events import diff, record_event, snapshot
from gongkai.workdays import hooks
from gongkai.workdays.csvfile import CsvDay, RowError, read_schedule_csv
from gongkai.workdays.models import FIRST_YEAR, LAST_YEAR, HolidaySchedule, ScheduleDay

SCHEDULE_FIELDS = ("year", "notice")
DAY_FIELDS = ("date", "is_workday", "note")
NOTICE_MAX_LENGTH = HolidaySchedule._meta.get_field("notice").max_length or 200
NOTE_MAX_LENGTH = ScheduleDay._meta.get_field("note").max_length or 100


class ScheduleError(ValueError):
    """A schedule change was refused; ``str(error)`` is the Chinese message for users."""


class ScheduleImportError(ScheduleError):
    """A CSV file was refused; ``errors`` lists every problem, with line numbers."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"文件中有 {len(errors)} 处错误，未导入任何数据")


@dataclass(frozen=True)
class YearImport:
    schedule: HolidaySchedule
    schedule_created: bool
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        text = f"{self.schedule.year}年：新增 {self.created} 天，更新 {self.updated} 天"
        if self.unchanged:
            text += f"，{self.unchanged} 天无变化"
        return text + ("（新建年度安排）" if self.schedule_created else "")


@dataclass(frozen=True)
class ImportResult:
    years: tuple[YearImport, ...]

    @property
    def created(self) -> int:
        return sum(y.created for y in self.years)

    @property
    def updated(self) -> int:
        return sum(y.updated for y in self.years)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ScheduleError(f"年度应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")


def _clean_notice(notice: str) -> str:
    notice = notice.strip()
    if len(notice) > NOTICE_MAX_LENGTH:
        raise ScheduleError(f"依据不能超过 {NOTICE_MAX_LENGTH} 个字")
    return notice


def _day_text(is_workday: bool, note: str) -> str:
    return ("上班" if is_workday else "休息") + (f"（{note}）" if note else "")


@transaction.atomic
def create_schedule(*, actor: User | None, year: int, notice: str = "") -> HolidaySchedule:
    """Record that ``year``'s State Council notice has been entered (the year becomes
    known: its computations are no longer provisional)."""
    _check_year(year)
    notice = _clean_notice(notice)
    if HolidaySchedule.objects.filter(year=year).exists():
        raise ScheduleError(f"{year}年节假日安排已录入")
    try:
        with transaction.atomic():
            schedule = HolidaySchedule.objects.create(year=year, notice=notice, entered_by=actor)
    except IntegrityError:
        raise ScheduleError(f"{year}年节假日安排已录入") from None
    record_event(
        actor=actor,
        obj=schedule,
        action="workdays.schedule_created",
        summary=f"录入{year}年节假日安排",
        changes=diff({}, snapshot(schedule, SCHEDULE_FIELDS), HolidaySchedule),
    )
    hooks.schedule_changed([year])
    return schedule


@transaction.atomic
def update_schedule(
    *, actor: User | None, schedule: HolidaySchedule, notice: str
) -> HolidaySchedule:
    """Change the notice a year's schedule is based on."""
    schedule = HolidaySchedule.objects.select_for_update().get(pk=schedule.pk)
    before = snapshot(schedule, SCHEDULE_FIELDS)
    schedule.notice = _clean_notice(notice)
    changes = diff(before, snapshot(schedule, SCHEDULE_FIELDS), HolidaySchedule)
    if changes:
        schedule.save(update_fields=["notice", "updated_at"])
        record_event(
            actor=actor,
            obj=schedule,
            action="workdays.schedule_updated",
            summary=f"修改{schedule.year}年节假日安排依据",
            changes=changes,
        )
    return schedule


@transaction.atomic
def set_schedule_day(
    *,
    actor: User | None,
    schedule: HolidaySchedule,
    date: datetime.date,
    is_workday: bool,
    note: str = "",
) -> ScheduleDay:
    """Store (create or change) one special day of ``schedule``'s year."""
    if date.year != schedule.year:
        raise ScheduleError(f"日期 {date.isoformat()} 不在 {schedule.year} 年内")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ScheduleError(f"说明不能超过 {NOTE_MAX_LENGTH} 个字")
    day = ScheduleDay.objects.select_for_update().filter(date=date).first()
    before = snapshot(day, DAY_FIELDS) if day is not None else {}
    if day is None:
        day = ScheduleDay(schedule=schedule, date=date)
    day.schedule, day.is_workday, day.note = schedule, is_workday, note
    changes = diff(before, snapshot(day, DAY_FIELDS), ScheduleDay)
    if not changes:
        return day
    day.save()
    hooks.schedule_changed([date.year])
    adding = not before
    record_event(
        actor=actor,
        obj=schedule,
        action="workdays.day_added" if adding else "workdays.day_changed",
        summary=f"{'新增' if adding else '修改'}特殊日期 {date.isoformat()}"
        f" {_day_text(is_workday, note)}",
        changes=changes,
    )
    return day


@transaction.atomic
def remove_schedule_day(*, actor: User | None, day: ScheduleDay) -> None:
    """Delete a stored day; the date falls back to the package or the Mon–Fri rule."""
    schedule = day.schedule
    before = snapshot(day, DAY_FIELDS)
    day.delete()
    hooks.schedule_changed([schedule.year])
    record_event(
        actor=actor,
        obj=schedule,
        action="workdays.day_removed",
        summary=f"删除特殊日期 {before['date']}",
        changes=diff(before, {}, ScheduleDay),
    )


@transaction.atomic
def import_schedule_csv(*, actor: User | None, data: bytes | str) -> ImportResult:
    """Import a ``date,is_workday,note`` CSV file. Every row is checked first; when any
    row is bad :class:`ScheduleImportError` lists the problems and nothing is stored.
    Otherwise each year present gets a schedule (if it has none) and its days are
    created or changed; one audit event per year."""
    rows, errors = read_schedule_csv(data)
    if errors:
        raise ScheduleImportError(errors)
    by_year: dict[int, list[CsvDay]] = defaultdict(list)
    for row in rows:
        by_year[row.date.year].append(row)
    result = ImportResult(
        tuple(_import_year(actor, year, by_year[year]) for year in sorted(by_year))
    )
    hooks.schedule_changed(by_year)
    return result


def _import_year(actor: User | None, year: int, rows: list[CsvDay]) -> YearImport:
    schedule, schedule_created = HolidaySchedule.objects.select_for_update().get_or_create(
        year=year, defaults={"entered_by": actor}
    )
    existing = {
        day.date: day
        for day in ScheduleDay.objects.select_for_update().filter(date__in=[r.date for r in rows])
    }
    changed: list[ScheduleDay] = []
    changes: dict[str, dict[str, object]] = {}
    created = updated = 0
    for row in rows:
        old = existing.get(row.date)
        if old is not None and (old.is_workday, old.note) == (row.is_workday, row.note):
            continue
        created += old is None
        updated += old is not None
        changed.append(
            ScheduleDay(schedule=schedule, date=row.date, is_workday=row.is_workday, note=row.note)
        )
        changes[row.date.isoformat()] = {
            "label": row.date.isoformat(),
            "before": _day_text(old.is_workday, old.note) if old is not None else None,
            "after": _day_text(row.is_workday, row.note),
        }
    ScheduleDay.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["date"],
        update_fields=["schedule", "is_workday", "note"],
    )
    result = YearImport(schedule, schedule_created, created, updated, len(rows) - len(changed))
    record_event(
        actor=actor,
        obj=schedule,
        action="workdays.schedule_imported",
        summary=f"导入节假日安排 {result}",
        changes=changes,
    )
    return result
