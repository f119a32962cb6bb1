from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.workdays import hooks

        def recompute_due_dates(years: frozenset[int]) -> None:
            from gongkai.applications.actions import recompute_due_dates

            recompute_due_dates(years)

        hooks.on_schedule_change(recompute_due_dates)
