from django.shortcuts import render

from gongkai.accounts.rules import staff_required
from gongkai.units.models import Unit


@staff_required
def unit_list(request):
    units = Unit.objects.all()
    return render(request, "units/unit_list.html", {"units": units})
