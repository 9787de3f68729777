"""Build the evidence bundle (佐证材料) in the foreground, without the background worker."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.assessment import services
from gongkai.assessment.bundle.county import build_county_bundle
from gongkai.assessment.bundle.pdf import unit_bundle_pdf
from gongkai.assessment.models import BundleState, CountyBundle
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit


class Command(BaseCommand):
    help = "Build a unit's evidence bundle PDF (--unit) or the county's ZIP (stored, as the page does)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", help="a unit's name or id: write its PDF to --output")
        parser.add_argument("--output", help="where to write the unit's PDF")

    def handle(self, *args, year, unit=None, output=None, **options):
        programme = Programme.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"No programme for {year}.")
        if unit:
            found = (
                Unit.objects.filter(pk=int(unit))
                if unit.isdigit()
                else Unit.objects.filter(name=unit)
            )
            target = found.first()
            if target is None:
                raise CommandError(f"No unit {unit!r}.")
            path = Path(output or f"bundle-{year}-{target.pk}.pdf")
            path.write_bytes(unit_bundle_pdf(services.compute_scores(programme), target.pk, year))
            self.stdout.write(f"wrote {path}")
            return
        bundle = CountyBundle.objects.create(programme=programme)
        bundle = build_county_bundle(bundle.pk)
        if bundle.state != BundleState.READY:
            raise CommandError(f"The build failed: {bundle.error}")
        self.stdout.write(f"county bundle {bundle.pk}: {bundle.done} units, {bundle.file.name}")
