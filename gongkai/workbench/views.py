from django.shortcuts import render

from gongkai.accounts.rules import staff_required
from gongkai.programmes.models import Programme
from gongkai.programmes.services import calendar
from gongkai.workbench.services import tasks_for


@staff_required
def home(request):
    # The newest programme whose notice is out: a draft for next year (being set up by the
    # county) does not replace this year's tasks until it is published.
    programmes = Programme.objects.prefetch_related(
        "deadlines", "tracks", "slots__slot_units__unit", "participants"
    ).order_by("-year")
    programme = programmes.published().first() or programmes.first()
    return render(
        request,
        "workbench/home.html",
        {
            "programme": programme,
            "tasks": tasks_for(request.user, programme),
            "calendar": calendar(programme) if programme else [],
        },
    )
