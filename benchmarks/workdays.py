"""How fast deadlines are computed: add_workdays(date, 20) over random dates 2019–2027.

Run with `make bench` (or `.venv/bin/python benchmarks/workdays.py`). Uses a throw-away
SQLite database in a temporary folder, with one stored override year (2027).
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["GONGKAI_VAR_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from gongkai.workdays.calendar import WorkdayCalendar, add_workdays  # noqa: E402
from gongkai.workdays.models import HolidaySchedule, ScheduleDay  # noqa: E402

N = 20_000


def main() -> None:
    call_command("migrate", verbosity=0)
    schedule = HolidaySchedule.objects.create(year=2027, notice="benchmark")
    ScheduleDay.objects.create(schedule=schedule, date=datetime.date(2027, 1, 1), is_workday=False)
    rng = random.Random(42)
    start = datetime.date(2019, 1, 1)
    dates = [start + datetime.timedelta(days=rng.randrange(9 * 365)) for _ in range(N)]

    t0 = time.perf_counter()
    cal = WorkdayCalendar()
    for day in dates:
        cal.add(day, 20)
    shared = time.perf_counter() - t0

    t0 = time.perf_counter()
    for day in dates[: N // 10]:
        add_workdays(day, 20)
    fresh = time.perf_counter() - t0

    print(f"add_workdays(d, 20), one calendar for {N} dates: {N / shared:,.0f} deadlines/s")
    print(f"add_workdays(d, 20), fresh calendar per call:   {N / 10 / fresh:,.0f} deadlines/s")


if __name__ == "__main__":
    main()
