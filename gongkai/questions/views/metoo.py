"""同问 (+1) on a published question, from the preview, live or archive page.

The button sits inside question items that are shared by every viewer (cached pages, live
events), so it cannot carry a per-visitor CSRF token: the view is CSRF-exempt and instead
refuses a request whose Origin (or, without one, Referer) is another site. It changes nothing
but a counter, once per browser, rate-limited per address."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.lib import ratelimit
from gongkai.questions import metoo
from gongkai.questions.models import Question

LIMIT = (120, 3600)  # per address an hour: a room sharing one Wi-Fi still fits


def _same_site(request: HttpRequest) -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return urlsplit(source).netloc == request.get_host()


def _back(request: HttpRequest, question: Question | None, pk: int) -> str:
    referer = request.headers.get("Referer", "")
    parts = urlsplit(referer)
    if referer and parts.netloc == request.get_host() and parts.path.startswith("/"):
        path = parts.path + (f"?{parts.query}" if parts.query else "")
    elif question is not None:
        path = reverse("interviews:detail", args=[question.interview_id])
    else:
        path = "/"
    return f"{path}#question-{pk}"


@csrf_exempt
@require_POST
def me_too(request: HttpRequest, pk: int) -> HttpResponse:
    if not _same_site(request):
        return render(
            request,
            "403.html",
            {"reason": _("Please use the button on the interview's page.")},
            status=403,
        )
    is_fetch = request.headers.get("X-Requested-With") == "fetch"
    if not ratelimit.hit("questions-metoo", ratelimit.client_ip(request), *LIMIT):
        if is_fetch:
            return HttpResponse(_("Too many at once. Please try again later."), status=429)
        messages.error(request, _("Too many at once. Please try again later."))
        return HttpResponseRedirect(_back(request, None, pk))
    token = request.COOKIES.get(metoo.COOKIE) or metoo.new_voter_token()
    question = None
    try:
        question, added = metoo.me_too(pk, token)
    except Question.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        if is_fetch:
            return HttpResponse(exc.messages[0], status=409)
        messages.error(request, exc.messages[0])
    else:
        if not is_fetch:
            messages.success(
                request,
                _("Thank you: your “me too” is counted.")
                if added
                else _("You have already added your voice to this question."),
            )
    if is_fetch:
        response = HttpResponse(
            metoo.render_item(question) if question is not None else "", status=200
        )
    else:
        response = HttpResponseRedirect(_back(request, question, pk))
    response.set_cookie(
        metoo.COOKIE,
        token,
        max_age=metoo.COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
