from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.accounts import rules
from gongkai.audit.models import AuditEntry


@rules.predicate_required(rules.can_read_audit)
def entry_list(request):
    entries = AuditEntry.objects.select_related("user")
    model = request.GET.get("model")
    if model:
        entries = entries.filter(model=model)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page, "model": model})
