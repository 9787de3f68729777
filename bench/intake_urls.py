"""URLs of the intake benchmark's server: the application's own, plus the bare insert view
the question intake is measured against (bench/question_intake.py). Never mounted in the
product: only ``bench/intake_settings.py`` names this module."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.conf.urls import urlpatterns as app_urlpatterns
from gongkai.questions.models import Question
from gongkai.workdays.dates import add_workdays


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest, pk: int) -> HttpResponse:
    """The yardstick: one Question row (and the audit row every save writes), no checks."""
    import secrets

    now = timezone.now()
    Question.objects.create(
        interview_id=pk,
        nickname=request.POST.get("nickname", "bench")[:30],
        text=request.POST.get("text", "")[:1000],
        lookup_hash=secrets.token_hex(32),
        due_date=add_workdays(now.date(), 0),
    )
    return HttpResponse("ok", status=201)


# First: the bare view pays the same middleware as the intake, and no more URL resolution.
urlpatterns = [path("__bench/interview/<int:pk>/insert/", bare_insert), *app_urlpatterns]
