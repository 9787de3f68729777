from django.shortcuts import render

from gongkai.programmes.models import Programme


def index(request):
    programme = Programme.objects.published().prefetch_related("tracks").first()
    return render(request, "visits/index.html", {"programme": programme})
