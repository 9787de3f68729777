"""Public pages: asking (no account), the private lookup by code, the published statistics."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.http import HtmxHttpRequest
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.lib import ratelimit
from gongkai.lib.params import posted
from gongkai.portal.cache import render_around
from gongkai.questions import captcha, conf, receipts, services
from gongkai.questions.forms import PUBLIC_STATUS_LABELS, AskForm, LookupForm, RateForm
from gongkai.questions.models import Answer, Question
from gongkai.questions.views import parts


def _public_interview(pk: int) -> Interview:
    queryset = Interview.objects.exclude(status=InterviewStatus.DRAFT).select_related("unit")
    return get_object_or_404(queryset, pk=pk)


def _variant(request: HttpRequest) -> str:
    value = request.GET.get("captcha") or request.POST.get("captcha_variant")
    return captcha.IMAGE if value == captcha.IMAGE else captcha.TEXT


def _ask_page(request, interview, form, *, status=200, refusal: str = "") -> HttpResponse:
    if interview.get_deferred_fields():  # the intake's slim copy: load what the page shows
        interview = _public_interview(interview.pk)
    if form.is_bound:
        form.new_challenge(_variant(request))
    if getattr(request, "htmx", False):
        # The form embedded in the preview/live page, replaced in place (see ask.js).
        return render(
            request,
            "questions/_ask_form.html",
            {
                "interview": interview,
                "form": form,
                "refusal": refusal,
                "fragment": True,
                "takes_questions": services.takes_questions(interview),
            },
            status=status,
        )
    return render(
        request,
        "questions/ask.html",
        {
            "interview": interview,
            "form": form,
            "refusal": refusal,
            "takes_questions": services.takes_questions(interview),
        },
        status=status,
    )


@require_GET
def interview_questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The questions of one interview on their own page (the interview pages embed the same)."""
    interview = _public_interview(pk)
    context = {
        "interview": interview,
        "ask": parts.ask_part(request, interview),
        "questions": parts.questions_list(request, interview),
    }
    return render(request, "questions/interview_questions.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    variant = _variant(request)
    if request.method == "GET":
        return _ask_page(request, _public_interview(pk), AskForm(captcha_variant=variant))
    # The accepted path reads no interview row (services.intake_interview holds it for a
    # second); a refusal page loads the whole interview, with its unit, to show it.
    interview = services.intake_interview(pk)
    if interview is None:
        raise Http404
    form = AskForm(request.POST, captcha_variant=variant)
    if not services.takes_questions(interview):
        refusal = _("This interview no longer takes questions. Thank you for your interest.")
        return _ask_page(request, interview, form, status=409, refusal=refusal)
    # Per-address first, counted on every attempt: junk from one address uses up only that
    # address's allowance. The interview's shared bucket counts only questions that passed the
    # form and the CAPTCHA from an address within its allowance, so nobody can close the intake
    # for everyone by posting junk. Both counters are one Redis round trip (hit_in_turn).
    valid = form.is_valid()
    ip_count, ip_window = conf.ip_limit()
    checks = [("questions-ip", ratelimit.client_ip(request), ip_count, ip_window)]
    if valid:
        iv_count, iv_window = conf.interview_limit()
        checks.append(("questions-interview", str(interview.pk), iv_count, iv_window))
    allowed = ratelimit.hit_in_turn(checks)
    if not allowed[0]:
        minutes = max(1, ratelimit.retry_after(ip_window) // 60)
        refusal = _(
            "You have sent several questions in a short time. Please wait about %(m)s minutes "
            "and send again; your text is kept below."
        ) % {"m": minutes}
        response = _ask_page(request, interview, form, status=429, refusal=refusal)
        response["Retry-After"] = str(ratelimit.retry_after(ip_window))
        return response
    if not valid:
        return _ask_page(request, interview, form, status=400)
    if not allowed[1]:
        refusal = _(
            "Many people are asking right now. Please send again in a minute; your text is kept "
            "below."
        )
        response = _ask_page(request, interview, form, status=429, refusal=refusal)
        response["Retry-After"] = str(ratelimit.retry_after(iv_window))
        return response
    data = form.cleaned_data
    question, code = services.ask_question(
        interview,
        nickname=data["nickname"],
        text=data["text"],
        kind=data["kind"],
        phone=data["phone"],
        is_public=data["is_public"],
    )
    if request.htmx:  # the card the live page swaps in place of its form
        return HttpResponse(receipts.receipt_card(question, code))
    # The whole page without JavaScript: the portal's chrome around the receipt is rendered once
    # per language, care mode and interview (the template shows only the interview's pk).
    return render_around(
        request,
        "questions/asked.html",
        {"interview": interview},
        "receipt",
        receipts.receipt_body(question, code),
    )


@never_cache
@require_GET
def captcha_image(request: HttpRequest, token: str) -> HttpResponse:
    code = captcha.image_code(token)
    if code is None:
        raise Http404
    return HttpResponse(captcha.render_png(code), content_type="image/png")


def _lookup_result(question: Question | None) -> dict:
    if question is None:
        return {}
    shown = question.answering_question
    answer = Answer.objects.filter(question=shown, published_at__isnull=False).first()
    return {
        "question": question,
        "status_text": PUBLIC_STATUS_LABELS[question.status],
        "answer": answer,
        "rate_form": RateForm(initial={"code": ""}) if answer else None,
    }


def _lookup_allowed(request: HttpRequest) -> bool:
    count, window = conf.lookup_limit()
    return ratelimit.hit("questions-lookup", ratelimit.client_ip(request), count, window)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """The asker's own view of one question, by the private code (no account)."""
    form = LookupForm(posted(request))
    context: dict = {"form": form}
    status = 200
    if request.method == "POST":
        if not _lookup_allowed(request):
            context["refusal"] = _("Too many attempts. Please wait ten minutes and try again.")
            status = 429
        elif form.is_valid():
            question = services.find_by_code(form.cleaned_data["code"])
            if question is None:
                form.add_error(
                    "code", _("No question has this code. Please check it and try again.")
                )
                status = 404
            else:
                context.update(_lookup_result(question))
                context["code"] = form.cleaned_data["code"]
        else:
            status = 400
    return render(request, "questions/lookup.html", context, status=status)


@never_cache
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    form = RateForm(request.POST)
    context: dict = {"form": LookupForm(request.POST)}
    if not _lookup_allowed(request):
        context["refusal"] = _("Too many attempts. Please wait ten minutes and try again.")
        return render(request, "questions/lookup.html", context, status=429)
    question = services.find_by_code(request.POST.get("code", ""))
    if question is None:
        context["refusal"] = _("No question has this code. Please check it and try again.")
        return render(request, "questions/lookup.html", context, status=404)
    if form.is_valid():
        try:
            question = services.rate_answer(
                question, satisfaction=form.cleaned_data["satisfaction"]
            )
            context["rated"] = True
        except ValidationError as exc:
            context["refusal"] = " ".join(exc.messages)
    context.update(_lookup_result(question))
    context["code"] = request.POST.get("code", "")
    if not form.is_valid():
        context["rate_form"] = form
        return render(request, "questions/lookup.html", context, status=400)
    return render(request, "questions/lookup.html", context)


@require_GET
def stats_page(request: HttpRequest) -> HttpResponse:
    """The statistics are one page, the portal's 互动数据 (``portal:stats``), where this app
    adds its breakdown (``gongkai.questions.portal.stats_section``)."""
    return redirect("portal:stats", permanent=True)
