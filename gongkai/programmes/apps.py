from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "gongkai.programmes"
    label = "programmes"
