from django.core.checks import Error, register

from gongkai.questions.conf import bench_views_enabled, captcha_disabled


@register(deploy=True)
def captcha_enabled_in_production(app_configs, **kwargs):
    if captcha_disabled():
        return [
            Error(
                "QUESTIONS_CAPTCHA_DISABLED is on: anyone can flood the question form.",
                hint="Unset QUESTIONS_CAPTCHA_DISABLED; it is only for bench/question_intake.py.",
                id="questions.E001",
            )
        ]
    if bench_views_enabled():
        return [
            Error(
                "QUESTIONS_BENCH_VIEWS is on: an unchecked insert view is mounted.",
                hint="Unset QUESTIONS_BENCH_VIEWS; it is only for bench/question_intake.py.",
                id="questions.E002",
            )
        ]
    return []
