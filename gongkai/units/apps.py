from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "gongkai.units"
    label = "units"
