from django.core.management.base import BaseCommand

from gongkai.portal import cache, search


class Command(BaseCommand):
    help = "Rebuild the portal's search index from every registered kind of published content."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="Only these kinds (default: all).")

    def handle(self, *args, kinds=None, **options):
        unknown = set(kinds or []) - set(search.providers())
        if unknown:
            known = ", ".join(sorted(search.providers()))
            self.stderr.write(f"Unknown kind(s): {', '.join(sorted(unknown))}. Known: {known}")
            raise SystemExit(2)
        counts = search.reindex(kinds or None)
        cache.bump()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
