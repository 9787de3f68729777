from django.shortcuts import render

from gongkai.accounts.rules import staff_required
from gongkai.programmes.models import Programme
from gongkai.programmes.services import calendar
from gongkai.workbench.services import tasks_for


@staff_required
def home(request):
    programme = (
        Programme.objects.prefetch_related(
            "deadlines", "tracks", "slots__slot_units__unit", "participants"
        )
        .order_by("-year")
        .first()
    )
    return render(
        request,
        "workbench/home.html",
        {
            "programme": programme,
            "tasks": tasks_for(request.user, programme),
            "calendar": calendar(programme) if programme else [],
        },
    )
