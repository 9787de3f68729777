"""The evidence bundle (佐证材料): a unit's numbered PDF, the county's ZIP with its progress."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongkai.accounts.rules import predicate_required
from gongkai.assessment import rules as assessment_rules
from gongkai.assessment import services
from gongkai.assessment.bundle.county import start_county_bundle
from gongkai.assessment.bundle.pdf import unit_bundle_pdf
from gongkai.assessment.models import BundleState, CountyBundle
from gongkai.assessment.views import _programme, uses_assessment
from gongkai.audit.services import record
from gongkai.security.media import media_response
from gongkai.units.models import Unit


@uses_assessment
def unit_bundle(request, year: int, unit_id: int):
    if not assessment_rules.can_download_bundle(request.user, unit_id):
        raise Http404
    programme = _programme(request, year)
    unit = get_object_or_404(Unit, pk=unit_id)
    table = services.compute_scores(programme)
    if table.for_unit(unit.pk) is None:
        raise Http404
    content = unit_bundle_pdf(table, unit.pk, programme.year)
    record("export", instance=unit, object_repr=f"{year} evidence bundle: {unit.name}")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bundle-{year}-{unit.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@predicate_required(assessment_rules.can_build_county_bundle)
def county_bundle(request, year: int):
    programme = _programme(request, year)
    if request.method == "POST":
        running = CountyBundle.objects.filter(
            programme=programme, state__in=[BundleState.QUEUED, BundleState.RUNNING]
        ).first()
        if running is None:
            start_county_bundle(programme, by=request.user)
            messages.success(
                request, _("The county bundle is being built. This page shows how far it is.")
            )
        else:
            messages.info(
                request, _("A county bundle is already being built; wait for it to finish.")
            )
        return redirect("assessment:bundle", year=year)
    latest = CountyBundle.objects.filter(programme=programme).first()
    table = services.compute_scores(programme)
    return render(
        request,
        "assessment/bundle.html",
        {"programme": programme, "bundle": latest, "table": table},
    )


@predicate_required(assessment_rules.can_build_county_bundle)
def county_bundle_status(request, year: int, pk: int):
    programme = _programme(request, year)
    bundle = get_object_or_404(CountyBundle, pk=pk, programme=programme)
    return render(
        request, "assessment/_bundle_status.html", {"programme": programme, "bundle": bundle}
    )


@predicate_required(assessment_rules.can_build_county_bundle)
def county_bundle_download(request, year: int, pk: int):
    programme = _programme(request, year)
    bundle = get_object_or_404(CountyBundle, pk=pk, programme=programme, state=BundleState.READY)
    record("export", instance=bundle, object_repr=f"{year} county evidence bundle downloaded")
    response = media_response(bundle.file.name, public=False)
    response["Content-Disposition"] = f'attachment; filename="bundle-{year}-county.zip"'
    return response
