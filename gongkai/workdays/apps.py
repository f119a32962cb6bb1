from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from django.urls import reverse

        from gongkai.backoffice import history, nav, todos
        from gongkai.workdays.access import get_schedule_for_user
        from gongkai.workdays.models import HolidaySchedule
        from gongkai.workdays.reminders import schedule_todos

        nav.add(nav.NavItem("工作日历", "workdays:schedule_list", order=80))
        todos.provider(schedule_todos)
        history.register(
            HolidaySchedule,
            get_schedule_for_user,
            lambda s: reverse("workdays:year_detail", args=[s.year]),
        )
