from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"

    def ready(self) -> None:
        from gongkai.audit import signals

        signals.connect()
