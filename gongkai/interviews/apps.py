from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "gongkai.interviews"
    label = "interviews"
