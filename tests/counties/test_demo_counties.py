"""``gongkai demo --counties 2``: two counties side by side, each with its own host name, units,
programme and accounts, and the city's supervisor and administrator."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.counties import resolve, scope
from gongkai.counties.models import County
from gongkai.ops.demo import DEMO_PASSWORD


def test_demo_with_two_counties(programme, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("demo", "--counties", "2", "--no-serve", "--keep-passwords", stdout=out)
    text = out.getvalue()
    for expected in (
        "http://jingbian.localhost:8000/",
        "http://hengshan.localhost:8000/",
        "hs_county",
        "city_supervisor",
        "city_admin",
    ):
        assert expected in text
    resolve.forget()
    jingbian, hengshan = County.objects.order_by("pk")[:2]
    assert hengshan.slug == "hengshan" and "jingbian.localhost" in jingbian.host_list()
    with scope.all_counties():
        users = {u.username: u for u in User.objects.all()}
    assert users["county"].county_id == jingbian.pk
    assert users["hs_county"].county_id == hengshan.pk
    assert users["city_supervisor"].county_id is None
    assert users["city_supervisor"].role == Role.SUPERVISOR
    with scope.activate(hengshan):
        from gongkai.units.models import Unit

        assert Unit.objects.filter(name="横山区人民政府办公室").exists()
    # Each county's staff sign in on their own host; the supervisor on both.
    for host, username, ok in [
        ("hengshan.localhost", "hs_county", True),
        ("hengshan.localhost", "county", False),
        ("jingbian.localhost", "county", True),
        ("jingbian.localhost", "city_supervisor", True),
        ("hengshan.localhost", "city_supervisor", True),
    ]:
        client = Client(HTTP_HOST=host)
        client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
        assert ("_auth_user_id" in client.session) is ok, (host, username)
    # The city's ranking has its figures at once: the demo runs no task worker.
    client = Client(HTTP_HOST="jingbian.localhost")
    client.post("/accounts/login/", {"username": "city_supervisor", "password": DEMO_PASSWORD})
    html = client.get("/city/ranking/").content.decode()
    assert html.count("暂定，计算于") == 2 and "正在计算" not in html
    resolve.forget()
