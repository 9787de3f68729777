from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import rules
from gongkai.audit import display
from gongkai.audit import rules as audit_rules
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record_export
from gongkai.lib.xlsx import append_row, csv_safe

EXPORT_LIMIT = 100_000


def _filtered(request):
    entries = AuditEntry.objects.select_related("user")
    model = request.GET.get("model", "")[:100]
    action = request.GET.get("action", "")
    if model:
        entries = entries.filter(model=model)
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        try:
            day = dt.date.fromisoformat(request.GET.get(key, ""))
        except ValueError:
            continue
        entries = entries.filter(**{lookup: day})
    return entries, {"model": model, "action": action}


@rules.predicate_required(audit_rules.can_read_audit)
def entry_list(request):
    entries, filters = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "record": display.record_text(entry),
            "changes": display.changes(entry),
        }
        for entry in page
    ]
    return render(
        request,
        "audit/entry_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "model": filters["model"],
            "actions": AuditEntry.Action.choices,
            "can_export": audit_rules.can_export_audit(request.user),
            "query": query.urlencode(),
        },
    )


# Column headings of the CSV/xlsx export, in the auditor's language.
HEADERS = [
    gettext_lazy("When (Beijing time)"),
    gettext_lazy("Who"),
    gettext_lazy("Action"),
    gettext_lazy("Record type"),
    gettext_lazy("Record id"),
    gettext_lazy("Record"),
    gettext_lazy("Changes"),
    gettext_lazy("IP address"),
]


def _rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        yield [
            display.local_time(entry.at),
            entry.username,
            entry.get_action_display(),
            display.model_label(entry.model),
            entry.object_id,
            entry.object_repr,
            display.changes_text(entry)[:30000],
            entry.ip or "",
        ]


@rules.predicate_required(audit_rules.can_export_audit)
def entry_export(request, fmt: str):
    entries, filters = _filtered(request)
    entries = entries[:EXPORT_LIMIT]
    rows = list(_rows(entries))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly
        writer = csv.writer(buffer)
        writer.writerow([str(h) for h in HEADERS])
        writer.writerows([csv_safe(c) for c in row] for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Audit log")[:31])
        sheet.append([str(h) for h in HEADERS])
        for row in rows:
            append_row(sheet, [str(c) for c in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    record_export(what="audit.AuditEntry", rows=len(rows), fmt=fmt, filters=request.GET.dict())
    return response
