from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gongkai.workbench"
    label = "workbench"

    def ready(self) -> None:
        from gongkai.programmes.review import register_days_off
        from gongkai.workdays.dates import days_off

        # The year-setup review finds dates on holidays with the county's working-day
        # calendar (programmes and workdays do not import each other).
        register_days_off(days_off)
