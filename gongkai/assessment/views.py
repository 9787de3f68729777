from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.assessment import exports, indicator_tree, services
from gongkai.assessment import rules as assessment_rules
from gongkai.assessment.forms import AdjustmentForm, AnswerForm, IndicatorForm, ObjectionForm
from gongkai.assessment.models import Indicator, Objection, Snapshot
from gongkai.assessment.registry import explanation
from gongkai.audit.services import record
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import Programme
from gongkai.programmes.years import programme_for_year, selected_programme
from gongkai.units.models import Unit

uses_assessment = predicate_required(assessment_rules.can_use_assessment)


def _programme(request, year: int) -> Programme:
    """The year in the URL, if the user may see it (a draft: coordinators only), else 404."""
    return programme_for_year(
        request,
        year,
        Programme.objects.prefetch_related("deadlines", "slots__slot_units", "participants"),
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@uses_assessment
def home(request):
    programme = selected_programme(request)  # ?year= or the current published year
    if programme is None:
        return render(request, "assessment/empty.html")
    if not assessment_rules.can_view_all_scores(request.user):
        return redirect("assessment:unit", year=programme.year, unit_id=request.user.unit_id)
    return redirect("assessment:ranking", year=programme.year)


@predicate_required(assessment_rules.can_view_all_scores)
def ranking(request, year: int):
    programme = _programme(request, year)
    table = services.compute_scores(programme)
    return render(
        request,
        "assessment/ranking.html",
        {
            "programme": programme,
            "table": table,
            "can_lock": assessment_rules.can_lock(request.user) and not table.locked,
            "can_unlock": assessment_rules.can_unlock(request.user) and table.locked,
            "can_configure": assessment_rules.can_configure(request.user),
        },
    )


@predicate_required(assessment_rules.can_view_all_scores)
def ranking_print(request, year: int):
    programme = _programme(request, year)
    return render(
        request,
        "assessment/print.html",
        {"programme": programme, "table": services.compute_scores(programme)},
    )


@predicate_required(assessment_rules.can_view_all_scores)
def report_xlsx(request, year: int):
    programme = _programme(request, year)
    base_url = settings.GONGKAI_SITE_URL or request.build_absolute_uri("/")
    content = exports.report_xlsx(programme, services.compute_scores(programme), base_url=base_url)
    record("export", model="assessment.Report", object_repr=f"{year} assessment report")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="assessment-{year}.xlsx"'
    return response


@predicate_required(assessment_rules.can_view_all_scores)
def progress_dashboard(request, year: int):
    programme = _programme(request, year)
    now = timezone.now()
    rows = services.progress(programme, now)
    return render(
        request,
        "assessment/progress.html",
        {
            "programme": programme,
            "rows": rows,
            "overdue": services.overdue_by_unit(programme, rows, now),
            "today": timezone.localtime(now, COUNTY_TZ).date(),
            "media_grace_days": services.MEDIA_GRACE_DAYS,
        },
    )


@uses_assessment
def unit_detail(request, year: int, unit_id: int):
    if not assessment_rules.can_view_unit_scores(request.user, unit_id):
        raise Http404
    programme = _programme(request, year)
    unit = get_object_or_404(Unit, pk=unit_id)
    table = services.compute_scores(programme)
    score = table.for_unit(unit.pk)
    if score is None:
        raise Http404
    objections = Objection.objects.filter(programme=programme, unit=unit).select_related(
        "indicator"
    )
    leaves = Indicator.objects.filter(programme=programme, children__isnull=True)
    return render(
        request,
        "assessment/unit.html",
        {
            "programme": programme,
            "unit": unit,
            "score": score,
            "table": table,
            "objections": objections,
            "can_adjust": assessment_rules.can_adjust(request.user) and not table.locked,
            "can_object": assessment_rules.can_object(request.user, unit.pk),
            "can_view_all": assessment_rules.can_view_all_scores(request.user),
            "objection_form": ObjectionForm(indicators=leaves),
            "adjust_form": AdjustmentForm(),
        },
    )


@require_POST
@predicate_required(assessment_rules.can_adjust)
def adjust(request, year: int, unit_id: int, indicator_id: int):
    programme = _programme(request, year)
    unit = get_object_or_404(Unit, pk=unit_id)
    indicator = get_object_or_404(
        Indicator, pk=indicator_id, programme=programme, children__isnull=True
    )
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjust_point(
                indicator,
                unit,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("The point was adjusted."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Please give the points (a number, 0 or more) and a reason."))
    return redirect("assessment:unit", year=year, unit_id=unit.pk)


@require_POST
@uses_assessment
def objection_new(request, year: int, unit_id: int):
    _require(assessment_rules.can_object(request.user, unit_id))
    programme = _programme(request, year)
    leaves = list(Indicator.objects.filter(programme=programme, children__isnull=True))
    form = ObjectionForm(request.POST, indicators=leaves)
    if form.is_valid():
        indicator = next((i for i in leaves if i.pk == form.cleaned_data["indicator"]), None)
        try:
            services.raise_objection(
                programme,
                request.user.unit,
                text=form.cleaned_data["text"],
                by=request.user,
                indicator=indicator,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your objection was sent to the assessors."))
    else:
        messages.error(request, _("Please write what you object to and why."))
    return redirect("assessment:unit", year=year, unit_id=unit_id)


@predicate_required(assessment_rules.can_view_all_scores)
def objection_list(request, year: int):
    programme = _programme(request, year)
    objections = Objection.objects.filter(programme=programme).select_related(
        "unit", "indicator", "raised_by", "answered_by"
    )
    return render(
        request,
        "assessment/objections.html",
        {
            "programme": programme,
            "objections": objections,
            "can_answer": assessment_rules.can_adjust(request.user),
            "form": AnswerForm(),
        },
    )


@require_POST
@predicate_required(assessment_rules.can_adjust)
def objection_answer(request, year: int, pk: int):
    objection = get_object_or_404(Objection, pk=pk, programme__year=year)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.answer_objection(objection, answer=form.cleaned_data["answer"], by=request.user)
        messages.success(request, _("The answer was saved; the unit can read it."))
    else:
        messages.error(request, _("Please write an answer."))
    return redirect("assessment:objections", year=year)


@predicate_required(assessment_rules.can_configure)
def indicators(request, year: int):
    programme = _programme(request, year)
    locked = Snapshot.objects.locking(programme).exists()
    if request.method == "POST":
        refused = _refuse_if_locked(request, programme)
        if refused is not None:
            return refused
        if request.POST.get("action") == "create-default":
            indicator_tree.create_default_indicators(programme)
            messages.success(request, _("The default indicators were created."))
            return redirect("assessment:indicators", year=year)
        errors = []
        changes = []
        for indicator in programme.indicators.filter(children__isnull=True):
            raw = request.POST.get(f"weight-{indicator.pk}")
            if raw is None:
                continue
            try:
                weight = Decimal(raw.strip())
                if weight < 0 or weight > 1000:
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors.append(
                    _("“%(name)s”: please enter a number of points between 0 and 1000.")
                    % {"name": indicator.name}
                )
                continue
            if weight != indicator.weight:
                changes.append((indicator, weight))
        if errors:
            for error in errors:
                messages.error(request, error)
        else:
            try:
                for indicator, weight in changes:
                    indicator_tree.set_weight(indicator, weight)
                messages.success(request, _("The points were saved; the ranking now uses them."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("assessment:indicators", year=year)
    nodes = list(programme.indicators.all())
    parents = {n.parent_id for n in nodes if n.parent_id}
    groups = [n for n in nodes if n.parent_id is None]
    children: dict[int, list] = {}
    for n in nodes:
        if n.parent_id:
            children.setdefault(n.parent_id, []).append(n)
    rows = []

    def walk(node, depth):
        rows.append({"node": node, "depth": depth, "leaf": node.pk not in parents})
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    for group in groups:
        walk(group, 0)
    total = sum((n.weight for n in nodes if n.pk not in parents), Decimal("0"))
    for row in rows:
        # What earns the points and what loses them, from the rule's parameters for this year.
        code = row["node"].rule
        row["rule"] = (explanation(code, programme) or code) if code else ""
    return render(
        request,
        "assessment/indicators.html",
        {"programme": programme, "rows": rows, "total": total, "locked": locked},
    )


def _refuse_if_locked(request, programme: Programme):
    """A locked year's indicators stay as they were scored: back to the tree with the reason."""
    if Snapshot.objects.locking(programme).exists():
        messages.error(
            request,
            _(
                "The scores of %(year)s are locked, so its indicators can no longer be changed. "
                "Set up the indicators of the next year instead."
            )
            % {"year": programme.year},
        )
        return redirect("assessment:indicators", year=programme.year)
    return None


@predicate_required(assessment_rules.can_configure)
def indicator_form(request, year: int, pk: int | None = None):
    """Add an indicator (a group, or an assessment point with its rule) or change one."""
    programme = _programme(request, year)
    indicator = (
        get_object_or_404(Indicator, pk=pk, programme=programme)
        if pk is not None
        else Indicator(programme=programme)
    )
    refused = _refuse_if_locked(request, programme)
    if refused is not None:
        return refused
    if request.method == "POST":
        form = IndicatorForm(request.POST, instance=indicator, programme=programme)
        if form.is_valid():
            try:
                indicator_tree.save_indicator(form.instance)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    (_("“%(name)s” was added.") if pk is None else _("“%(name)s” was saved."))
                    % {"name": form.instance.name},
                )
                return redirect("assessment:indicators", year=year)
    else:
        initial = {}
        parent = request.GET.get("parent", "")
        if pk is None and parent.isdigit():
            initial["parent"] = int(parent)
        form = IndicatorForm(instance=indicator, programme=programme, initial=initial)
    return render(
        request,
        "assessment/indicator_form.html",
        {"programme": programme, "form": form, "indicator": indicator if pk else None},
        status=400 if form.errors else 200,
    )


@predicate_required(assessment_rules.can_configure)
def indicator_delete(request, year: int, pk: int):
    programme = _programme(request, year)
    indicator = get_object_or_404(Indicator, pk=pk, programme=programme)
    refused = _refuse_if_locked(request, programme)
    if refused is not None:
        return refused
    if request.method == "POST":
        try:
            indicator_tree.delete_indicator(indicator)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(name)s” was deleted.") % {"name": indicator.name})
        return redirect("assessment:indicators", year=year)
    return render(
        request,
        "assessment/indicator_delete.html",
        {
            "programme": programme,
            "indicator": indicator,
            "impact": indicator_tree.deletion_impact(indicator),
        },
    )
