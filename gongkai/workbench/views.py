from django.shortcuts import render

from gongkai.accounts.rules import staff_required
from gongkai.programmes.models import Programme
from gongkai.programmes.services import calendar
from gongkai.programmes.years import selected_programme
from gongkai.workbench.services import workbench_tasks


@staff_required
def home(request):
    # ?year= or the current published year: a draft for next year (being set up by the
    # county) does not replace this year's tasks until it is published, and only the
    # coordinators may open it.
    programme = selected_programme(
        request,
        Programme.objects.prefetch_related(
            "deadlines", "tracks", "slots__slot_units__unit", "participants"
        ),
    )
    return render(
        request,
        "workbench/home.html",
        {
            "programme": programme,
            "tasks": workbench_tasks(request.user, programme),
            "calendar": calendar(programme) if programme else [],
        },
    )
