from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机构"

    def ready(self) -> None:
        from django.urls import reverse

        from gongkai.accounts.access import get_staff_for_user
        from gongkai.accounts.models import User
        from gongkai.agencies.access import get_agency_for_user
        from gongkai.agencies.models import Agency
        from gongkai.backoffice import history, nav

        nav.add(nav.NavItem("首页", "backoffice:home", order=0))
        nav.add(nav.NavItem("机构管理", "agencies:list", order=10))
        nav.add(nav.NavItem("工作人员", "staff:list", order=20))
        history.register(
            Agency, get_agency_for_user, lambda a: reverse("agencies:detail", args=[a.pk])
        )
        history.register(User, get_staff_for_user, lambda u: reverse("staff:list"))
