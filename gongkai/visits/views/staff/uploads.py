"""Photos and videos of an activity, uploaded for the service center's review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import no_store
from gongkai.visits.forms import MediaUploadForm
from gongkai.visits.services import media
from gongkai.visits.views.staff.common import activity_url, detail_context, get_activity, staff_only


@require_POST
@staff_only
@no_store
def media_upload(request, pk: int):
    activity = get_activity(request, pk, write=True)
    form = MediaUploadForm(request.POST, request.FILES)
    xhr = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    if form.is_valid():
        try:
            item = media.upload_media(
                activity,
                form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            text = _("Uploaded; it waits for the service center's review.")
            if item.date_flag:
                text += " " + _(
                    "Its capture date is far from the activity date: the reviewer will check it."
                )
            messages.success(request, text)
            url = activity_url(pk, "after", "media")
            return JsonResponse({"ok": True, "redirect": url}) if xhr else redirect(url)
    if xhr:
        return JsonResponse(
            {"ok": False, "errors": [str(e) for errs in form.errors.values() for e in errs]},
            status=400,
        )
    return render(
        request,
        "visits/staff/activity.html",
        detail_context(request, activity, upload_form=form),
        status=400,
    )
