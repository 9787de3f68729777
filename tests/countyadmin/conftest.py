import pytest
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.counties import resolve, scope
from gongkai.counties.models import County, default_county_id


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def city_user(username: str, role: str) -> User:
    with scope.all_counties():
        return User.objects.create_user(username=username, password="test-pass-123!", role=role)


@pytest.fixture
def city_admin(db) -> Client:
    client = Client()
    client.force_login(city_user("city-admin", Role.ADMIN))
    return client


@pytest.fixture
def first_county(db) -> County:
    return County.objects.get(pk=default_county_id())


@pytest.fixture
def hengshan(db) -> County:
    county = County.objects.create(name="横山区", slug="hengshan", hosts="hengshan.localhost")
    resolve.forget()
    return county
