from django.apps import AppConfig


class PiiConfig(AppConfig):
    name = "gongkai.pii"
    verbose_name = "个人信息保护"

    def ready(self) -> None:
        from gongkai.pii import checks  # noqa: F401  (registers the system checks)
