from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "gongkai.visits"
    label = "visits"
