from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "gongkai.live"
    label = "live"
