import datetime

from ninja import Router, Schema

from gongkai.workdays.calendar import add_workdays

router = Router(tags=["工作日"])


class WorkdayDateOut(Schema):
    date: datetime.date
    provisional: bool


@router.get("/add", response=WorkdayDateOut, summary="计算第 n 个工作日")
def add(request, start: datetime.date, days: int) -> WorkdayDateOut:  # type: ignore[no-untyped-def]
    result = add_workdays(start, days)
    return WorkdayDateOut(date=result.date, provisional=result.provisional)
