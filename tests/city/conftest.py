"""City-level accounts and a second county for the city's pages."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.counties import resolve, scope
from gongkai.counties.models import County, default_county_id

B_HOST = "hengshan.localhost"


def city_account(username: str, role: str) -> User:
    with scope.all_counties():
        user = User.objects.create_user(username=username, password="test-pass-123!", role=role)
    assert user.county_id is None
    return user


@pytest.fixture
def county_a(db) -> County:
    return County.objects.get(pk=default_county_id())


@pytest.fixture
def county_b(county_a) -> County:
    county = County.objects.create(name="横山区", slug="hengshan", hosts=B_HOST, sort_order=200)
    resolve.forget()
    return county


@pytest.fixture
def supervisor(db) -> User:
    return city_account("city-supervisor", Role.SUPERVISOR)


@pytest.fixture
def city_admin(db) -> User:
    return city_account("city-admin", Role.ADMIN)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
