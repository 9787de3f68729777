from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "gongkai.questions"
    label = "questions"
