"""The public portal shell: home, the published notices with their attachments. No personal
data is ever rendered here."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.core.middleware import CARE_COOKIE
from gongkai.programmes.models import Programme, TrackKind
from gongkai.units.models import Unit


def home(request):
    programme = (
        Programme.objects.published()
        .prefetch_related("tracks", "slots__slot_units__unit", "guests__unit")
        .first()
    )
    return render(request, "portal/home.html", {"programme": programme, "track_kinds": TrackKind})


def notice_list(request):
    programmes = Programme.objects.published().order_by("-year")
    return render(request, "portal/notice_list.html", {"programmes": programmes})


def _published_programme(year: int) -> Programme:
    return get_object_or_404(
        Programme.objects.published().prefetch_related(
            "attachments", "deadlines", "tracks", "slots__slot_units__unit"
        ),
        year=year,
    )


def notice_detail(request, year: int):
    programme = _published_programme(year)
    return render(request, "portal/notice_detail.html", {"programme": programme})


def attachment_detail(request, year: int, number: int):
    programme = _published_programme(year)
    attachment = next((a for a in programme.attachments.all() if a.number == number), None)
    if attachment is None:
        raise Http404
    context = {"programme": programme, "attachment": attachment}
    if number == 1:
        # 附件1 lists every implementing unit; the rows are filled by the units' plans.
        context["units"] = Unit.objects.implementing().filter(programmes=programme)
    return render(request, f"portal/attachment_{number}.html", context)


def stats(request):
    return render(request, "portal/stats.html")


def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_POST
def care_toggle(request):
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if getattr(request, "care_mode", False):
        response.delete_cookie(CARE_COOKIE)
    else:
        response.set_cookie(
            CARE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response
