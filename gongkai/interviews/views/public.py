"""The portal's interview column: 预告 / 直播中 / 往期回顾, and each interview's page."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.interviews import exports, parts
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.live.services import last_event_id
from gongkai.portal.cache import public_page
from gongkai.programmes.models import Programme


def _public_interviews():
    return (
        Interview.objects.public()
        .select_related("unit", "programme", "receipt", "recorded_video")
        .prefetch_related("receipt__people")
    )


@public_page
def index(request):
    interviews = list(_public_interviews())
    programme = (
        Programme.objects.published()
        .prefetch_related("slots__slot_units__unit", "guests__unit")
        .first()
    )
    # Live and coming interviews soonest first; 往期回顾 newest first, as on the home page.
    sections = [
        (status, [i for i in interviews if i.status == status])
        for status in (InterviewStatus.LIVE, InterviewStatus.PREVIEW)
    ]
    archived = [i for i in interviews if i.status == InterviewStatus.ARCHIVED]
    sections.append((InterviewStatus.ARCHIVED, archived[::-1]))
    return render(
        request,
        "interviews/index.html",
        {"sections": sections, "programme": programme},
    )


@public_page
def detail(request, pk: int):
    try:
        interview = _public_interviews().get(pk=pk)
    except (Interview.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    context = {
        "interview": interview,
        # Read before the content below: see gongkai.live.services.last_event_id.
        "live_after": last_event_id(interview.channel)
        if interview.status in (InterviewStatus.PREVIEW, InterviewStatus.LIVE)
        else None,
        "guests": interview.guests(),
        # Only a video record the service center approved (先审后发).
        "video": interview.published_video,
        "feed_lines": [],
        "photos": [],
        "links": [],
    }
    if interview.status in (InterviewStatus.LIVE, InterviewStatus.ARCHIVED):
        context["feed_lines"] = list(interview.feed_lines.all())
        context["photos"] = list(interview.photos.all())
    if interview.status == InterviewStatus.ARCHIVED:
        context["links"] = list(interview.links.all())
    # What other apps show on the page (the questions app: the ask form and the questions).
    # A preview shows the "ask" slot and the questions approved so far (with their answers as
    # they come); a live or archived interview the "questions" slot (with the form while live).
    slots = ("ask", "questions") if interview.status == InterviewStatus.PREVIEW else ("questions",)
    context["parts"] = parts.render_parts(request, interview, (*slots, "consultations"))
    return render(request, "interviews/detail.html", context)


@public_page
def calendar(request):
    """Every booked interview of the published programmes as an iCalendar feed."""
    interviews = (
        Interview.objects.filter(programme__notice_published=True, starts_at__isnull=False)
        .select_related("unit")
        .order_by("starts_at")
    )
    body = exports.calendar_ics(
        interviews,
        name=_("Online interviews"),
        host=request.get_host().split(":")[0],
        base_url=request.build_absolute_uri("/interviews/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interviews.ics"'
    return response
