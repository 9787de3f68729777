from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.city import services as city_services
from gongkai.ops import demo


class Command(BaseCommand):
    help = "Migrate, load the 2023 programme and demo accounts, print them, and serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up the data, then exit")
        parser.add_argument(
            "--keep-passwords",
            action="store_true",
            help="do not ask the demo accounts to change the published password at first sign-in",
        )
        parser.add_argument(
            "--counties",
            type=int,
            default=0,
            help="2: two counties side by side (jingbian.localhost, hengshan.localhost) and the "
            "city's supervisor and administrator",
        )

    def handle(
        self,
        *args,
        host: str,
        port: int,
        no_serve: bool,
        keep_passwords: bool,
        counties: int = 0,
        **options,
    ):
        from django.conf import settings

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        # The demo accounts sign in with the password alone unless GONGKAI_REQUIRE_2FA is set
        # explicitly; production keeps the default (two-factor on for staff roles).
        import os

        if not os.environ.get("GONGKAI_REQUIRE_2FA"):
            settings.GONGKAI_REQUIRE_2FA = False
        call_command("migrate", interactive=False, verbosity=0)
        if counties > 1:
            self._load_counties(counties, keep_passwords, port)
        else:
            programme = demo.load_demo(must_change_password=not keep_passwords)
            self.stdout.write(self.style.SUCCESS(f"Loaded {programme}"))
            self.stdout.write("")
            self.stdout.write("Demo accounts (演示账号) — password / 密码: " + demo.DEMO_PASSWORD)
            for account in demo.DEMO_ACCOUNTS:
                self.stdout.write(
                    f"  {account.username:<10} {account.role:<15} {account.display_name}"
                )
        if not keep_passwords:
            self.stdout.write(
                "At first sign-in each account chooses its own password "
                "(首次登录须修改密码; --keep-passwords skips this)."
            )
        self.stdout.write("")
        if no_serve:
            return
        if counties <= 1:
            self.stdout.write(f"Portal 门户:     http://{host}:{port}/")
            self.stdout.write(f"Staff login 登录: http://{host}:{port}/accounts/login/")
        self.stdout.flush()
        import uvicorn

        # One process serves pages and the /live/ endpoint for the demo; see docs/deployment.md
        # for WSGI page workers and ASGI live workers in production.
        uvicorn.run(
            "gongkai.conf.asgi:application", host=host, port=port, log_level="info", lifespan="off"
        )

    def _load_counties(self, count: int, keep_passwords: bool, port: int) -> None:
        loaded = demo.load_counties(count, must_change_password=not keep_passwords)
        # The city's ranking shows figures at once (the demo runs no task worker).
        for year in city_services.years():
            city_services.refresh_provisional_scores(year)
        self.stdout.write(self.style.SUCCESS("Loaded " + ", ".join(c.name for c in loaded)))
        self.stdout.write("Demo accounts (演示账号) — password / 密码: " + demo.DEMO_PASSWORD)
        for county, demo_county in zip(loaded, demo.DEMO_COUNTIES, strict=False):
            url = f"http://{demo_county.hosts.split()[0]}:{port}/"
            self.stdout.write("")
            self.stdout.write(f"{county.name}  {url}  (staff login: {url}accounts/login/)")
            for account in demo.accounts_of(demo_county):
                self.stdout.write(
                    f"  {account.username:<12} {account.role:<15} {account.display_name}"
                )
        self.stdout.write("")
        first = f"http://{demo.FIRST_COUNTY.hosts.split()[0]}:{port}/"
        self.stdout.write(
            f"City 市级 (sign in on any county's address, e.g. {first}accounts/login/)"
        )
        for account in demo.CITY_ACCOUNTS:
            self.stdout.write(f"  {account.username:<16} {account.role:<15} {account.display_name}")
