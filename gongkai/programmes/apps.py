from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "gongkai.programmes"
    label = "programmes"

    def ready(self) -> None:
        from gongkai.programmes import unit_history

        unit_history.connect()
