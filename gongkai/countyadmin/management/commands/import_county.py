"""``gongkai import_county FILE.zip``: restore a county exported by ``gongkai export_county``
as a new county of this deployment (nothing of the other counties is touched)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.countyadmin import transfer


class Command(BaseCommand):
    help = "Import a county exported by export_county as a new county."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the ZIP file written by export_county")
        parser.add_argument("--name", default="", help="another name for the county")
        parser.add_argument("--slug", default="", help="another short code for the county")
        parser.add_argument(
            "--hosts",
            default=None,
            help="its host names, comma-separated (default: those in the file)",
        )

    def handle(self, *args, path: str, name: str, slug: str, hosts: str | None, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        try:
            result = transfer.import_county(
                source,
                name=name,
                slug=slug,
                hosts=None if hosts is None else "\n".join(h.strip() for h in hosts.split(",")),
            )
        except transfer.TransferError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.county.name} ({result.county.slug}) imported: {total} rows, "
                f"{result.files} files."
            )
        )
        for label, count in sorted(result.left_out.items()):
            self.stdout.write(f"  left out {count} {label} (their key named a row not exported)")
