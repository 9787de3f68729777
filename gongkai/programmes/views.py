from django.shortcuts import get_object_or_404, render

from gongkai.accounts import rules
from gongkai.accounts.rules import staff_required
from gongkai.programmes.models import Programme


@staff_required
def programme_list(request):
    programmes = Programme.objects.order_by("-year")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@staff_required
def programme_detail(request, year: int):
    programme = get_object_or_404(
        Programme.objects.prefetch_related(
            "tracks", "deadlines", "slots__slot_units__unit", "guests__unit", "participants"
        ),
        year=year,
    )
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "can_edit": rules.can_manage_programme(request.user)},
    )
