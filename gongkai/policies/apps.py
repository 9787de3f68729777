from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "gongkai.policies"
    label = "policies"
