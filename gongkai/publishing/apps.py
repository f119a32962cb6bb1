from collections.abc import Iterable

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from django.urls import reverse

        from gongkai.agencies.access import manageable_agencies
        from gongkai.backoffice import history, nav, todos
        from gongkai.publishing.access import get_document_for_user, get_gazette_for_user
        from gongkai.publishing.catalogue import get_column_for_user, get_guide_for_user
        from gongkai.publishing.freshness import freshness_todos
        from gongkai.publishing.models import Column, Document, GazetteIssue, Guide, Theme
        from gongkai.publishing.reminders import document_todos
        from gongkai.publishing.theme_actions import get_theme_for_user
        from gongkai.publishing.webhooks import webhook_failures_todos
        from gongkai.search import Entry, register_source
        from gongkai.workdays import hooks

        def recompute_due_dates(years: frozenset[int]) -> None:
            from gongkai.publishing.actions import recompute_due_dates

            recompute_due_dates(years)

        nav.add(nav.NavItem("政府信息", "publishing:list", order=20))
        todos.provider(document_todos)
        history.register(
            Document,
            get_document_for_user,
            lambda d: reverse("publishing:detail", args=[d.pk]),
        )
        hooks.on_schedule_change(recompute_due_dates)

        def search_source() -> Iterable[Entry]:
            from gongkai.publishing.effects import entries

            return entries()

        register_source(search_source)

        nav.add(nav.NavItem("主动公开统计", "publishing:statistics", order=28))
        nav.add(nav.NavItem("政府公报", "publishing_channels:gazette_list", order=24))
        nav.add(nav.NavItem("推送记录", "publishing_channels:delivery_list", order=26))
        nav.add(
            nav.NavItem(
                "推送接口",
                "publishing_channels:webhook_list",
                visible=lambda u: manageable_agencies(u).exists(),
                order=27,
            )
        )
        todos.provider(webhook_failures_todos)
        history.register(
            GazetteIssue,
            get_gazette_for_user,
            lambda i: reverse("publishing_channels:gazette_detail", args=[i.pk]),
        )

        nav.add(nav.NavItem("公开目录与指南", "publishing_catalogue:index", order=30))
        todos.provider(freshness_todos)
        history.register(
            Guide,
            get_guide_for_user,
            lambda g: reverse("publishing_catalogue:guide_version", args=[g.pk]),
        )
        history.register(
            Column,
            get_column_for_user,
            lambda c: reverse("publishing_catalogue:columns", args=[c.agency_id]),
        )
        history.register(
            Theme, get_theme_for_user, lambda t: reverse("publishing_catalogue:themes")
        )
