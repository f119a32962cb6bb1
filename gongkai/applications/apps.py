from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from django.urls import reverse

        from gongkai.agencies.access import manageable_agencies
        from gongkai.applications.access import get_application_for_user, may_see_cases
        from gongkai.applications.models import Application
        from gongkai.applications.reminders import application_todos
        from gongkai.backoffice import history, nav, todos
        from gongkai.workdays import hooks

        def recompute_due_dates(years: frozenset[int]) -> None:
            from gongkai.applications.actions import recompute_due_dates

            recompute_due_dates(years)

        hooks.on_schedule_change(recompute_due_dates)
        nav.add(nav.NavItem("依申请公开", "applications:list", visible=may_see_cases, order=40))
        nav.add(nav.NavItem("依申请公开统计", "application_stats:index", order=42))
        nav.add(
            nav.NavItem(
                "复议诉讼和投诉", "applications:dispute_list", visible=may_see_cases, order=44
            )
        )
        nav.add(
            nav.NavItem(
                "告知书模板",
                "application_letters:templates",
                visible=lambda u: manageable_agencies(u).exists(),
                order=46,
            )
        )
        todos.provider(application_todos)
        history.register(
            Application,
            get_application_for_user,
            lambda a: reverse("applications:detail", args=[a.pk]),
        )
