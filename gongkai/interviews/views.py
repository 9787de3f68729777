from django.shortcuts import render

from gongkai.programmes.models import Programme


def index(request):
    programme = (
        Programme.objects.published()
        .prefetch_related("slots__slot_units__unit", "guests__unit")
        .first()
    )
    return render(request, "interviews/index.html", {"programme": programme})
