from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.programmes import services


class Command(BaseCommand):
    help = "Load an annual programme from its JSON data (default: the built-in 2023 notice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "source", nargs="?", default="2023", help="a year with built-in data, or a JSON file"
        )

    def handle(self, *args, source: str, **options):
        if source.isdigit():
            if int(source) not in services.BUILTIN:
                raise CommandError(f"No built-in data for {source}; pass a JSON file instead.")
            programme = services.load_builtin(int(source))
        else:
            path = Path(source)
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
            programme = services.load_programme(path)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded programme {programme.year}: {programme.title}")
        )
