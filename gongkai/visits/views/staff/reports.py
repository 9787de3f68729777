"""附件1 (page and .xlsx) and the per-unit compliance page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from gongkai.accounts.rules import sees_all
from gongkai.audit.services import record
from gongkai.visits import exports
from gongkai.visits.services import unit_compliance
from gongkai.visits.views.staff.common import current_programme, staff_only, user_activities


def _attachment_rows(request, programme):
    return (
        user_activities(request.user)
        .filter(programme=programme)
        .order_by("unit__sort_order", "unit__name", "starts_at")
    )


@staff_only
def attachment_1(request):
    programme = current_programme(request)
    return render(
        request,
        "visits/staff/attachment_1.html",
        {
            "programme": programme,
            "rows": _attachment_rows(request, programme),
            "title": exports.title(programme),
            "note": exports.note(programme),
            "headings": exports.headings(),
        },
    )


@staff_only
def attachment_1_xlsx(request):
    programme = current_programme(request)
    data = exports.attachment_1_xlsx(programme, list(_attachment_rows(request, programme)))
    record("export", model="visits.Activity", object_repr=f"Attachment 1 ({programme.year})")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attachment-1-{programme.year}.xlsx"'
    return response


@staff_only
def compliance_view(request):
    programme = current_programme(request)
    rows = unit_compliance.compliance(programme)
    if not sees_all(request.user):
        rows = [r for r in rows if r.unit.pk == request.user.unit_id]
    return render(request, "visits/staff/compliance.html", {"programme": programme, "rows": rows})
