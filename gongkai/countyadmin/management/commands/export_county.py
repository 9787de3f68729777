"""``gongkai export_county SLUG FILE.zip``: one county's rows and uploaded files in one ZIP
(``gongkai.countyadmin.transfer``); ``gongkai import_county FILE.zip`` restores it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.counties.models import County
from gongkai.countyadmin import transfer


class Command(BaseCommand):
    help = "Export one county (its rows as JSON, personal data as ciphertext, and its files)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the county's short code, e.g. hengshan")
        parser.add_argument("path", help="the ZIP file to write")

    def handle(self, *args, slug: str, path: str, **options):
        county = County.objects.filter(slug=slug).first()
        if county is None:
            known = ", ".join(County.objects.values_list("slug", flat=True))
            raise CommandError(f"No county with the short code {slug!r}. Known: {known}.")
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        counts = transfer.export_county(county, target)
        self.stdout.write(
            self.style.SUCCESS(f"{county.name} exported to {target} ({sum(counts.values())} rows).")
        )
