"""Locking and unlocking the year's scores, and the history of its locks (snapshots).

Each lock is a snapshot; the county office may unlock with a reason (the snapshot stays in the
history) and lock again, which takes a new snapshot. Both ask first on a page of their own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.accounts.rules import predicate_required
from gongkai.assessment import rules as assessment_rules
from gongkai.assessment import services
from gongkai.assessment.forms import UnlockForm
from gongkai.assessment.models import Adjustment, Objection, Snapshot
from gongkai.assessment.views import _programme


@require_http_methods(["GET", "HEAD", "POST"])
@predicate_required(assessment_rules.can_lock)
def lock(request, year: int):
    """GET: what locking freezes, and the button; POST: lock."""
    programme = _programme(request, year)
    if request.method != "POST":
        table = services.compute_scores(programme)
        if table.locked:
            return redirect("assessment:locks", year=year)
        context = {
            "programme": programme,
            "units": len(table.units),
            "indicators": len(table.leaves),
            "adjustments": Adjustment.objects.filter(indicator__programme=programme).count(),
            "open_objections": Objection.objects.filter(
                programme=programme, answered_at__isnull=True
            ).count(),
            "earlier_locks": Snapshot.objects.filter(programme=programme).count(),
        }
        return render(request, "assessment/lock_confirm.html", context)
    try:
        services.lock_year(programme, by=request.user)
        messages.success(
            request, _("The scores are locked. Later changes of the data do not alter them.")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assessment:ranking", year=year)


@require_http_methods(["GET", "HEAD", "POST"])
@predicate_required(assessment_rules.can_unlock)
def unlock(request, year: int):
    """GET: what unlocking reopens, and the reason asked; POST: unlock (the snapshot stays)."""
    programme = _programme(request, year)
    snapshot = Snapshot.objects.locking(programme).select_related("locked_by").first()
    if snapshot is None:
        messages.info(request, _("The scores of this year are not locked."))
        return redirect("assessment:locks", year=year)
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unlock_year(programme, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "The scores are unlocked: they follow the data again until the next lock. "
                    "The locked snapshot is kept in the history."
                ),
            )
            return redirect("assessment:ranking", year=year)
    return render(
        request,
        "assessment/unlock_confirm.html",
        {"programme": programme, "snapshot": snapshot, "form": form},
        status=400 if form.errors else 200,
    )


@predicate_required(assessment_rules.can_view_all_scores)
def history(request, year: int):
    """Every lock of the year, newest first: who locked, who unlocked and why."""
    programme = _programme(request, year)
    snapshots = list(
        Snapshot.objects.filter(programme=programme)
        .select_related("locked_by", "unlocked_by")
        .defer("data")
    )
    return render(
        request,
        "assessment/locks.html",
        {
            "programme": programme,
            "snapshots": snapshots,
            "locked": any(s.unlocked_at is None for s in snapshots),
            "can_lock": assessment_rules.can_lock(request.user),
            "can_unlock": assessment_rules.can_unlock(request.user),
        },
    )


@predicate_required(assessment_rules.can_view_all_scores)
def snapshot_detail(request, year: int, pk: int):
    """The ranking as one lock froze it."""
    programme = _programme(request, year)
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("locked_by", "unlocked_by"), pk=pk, programme=programme
    )
    return render(
        request,
        "assessment/lock_detail.html",
        {
            "programme": programme,
            "snapshot": snapshot,
            "table": services.table_from_snapshot(snapshot),
        },
    )
