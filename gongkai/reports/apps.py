from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from django.urls import reverse

        from gongkai.backoffice import history, nav
        from gongkai.reports.access import can_review, get_batch_for_user, get_figures_for_user
        from gongkai.reports.models import HistoricalFigures, ReviewBatch

        nav.add(nav.NavItem("年报审查", "reports:batch_list", visible=can_review, order=60))
        history.register(
            ReviewBatch, get_batch_for_user, lambda b: reverse("reports:batch_detail", args=[b.pk])
        )
        history.register(
            HistoricalFigures,
            get_figures_for_user,
            lambda f: reverse("reports:figures_detail", args=[f.pk]),
        )
