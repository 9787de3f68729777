from django.shortcuts import render

from gongkai.programmes.models import Programme


def index(request):
    programmes = Programme.objects.published().order_by("-year")
    return render(request, "policies/index.html", {"programmes": programmes})
