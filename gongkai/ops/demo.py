"""Demo data: the 2023 programme, demo accounts for every role, and each app's demo content.

Apps add their own demo content by defining ``load_demo(programme)`` in ``<app>/demo.py``;
``gongkai demo`` calls them in INSTALLED_APPS order. Every loader is idempotent.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from gongkai.accounts.models import Role, User
from gongkai.counties import resolve, scope
from gongkai.counties.models import County
from gongkai.programmes.models import Programme
from gongkai.programmes.services import load_builtin
from gongkai.units.models import Unit

DEMO_PASSWORD = "gongkai-demo-2023"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_name: str | None
    display_name: str


DEMO_ACCOUNTS = [
    DemoAccount("county", Role.COUNTY_OFFICE, "靖边县人民政府办公室", "县政府办 王主任"),
    DemoAccount("service", Role.SERVICE_CENTER, "县政务信息化服务中心", "服务中心 李工"),
    DemoAccount("media", Role.MEDIA_CENTER, "县融媒体中心", "融媒体中心 张编辑"),
    DemoAccount("nongye", Role.UNIT_STAFF, "县农业农村局", "农业农村局 刘科员"),
    DemoAccount("zhenjing", Role.UNIT_STAFF, "镇靖镇", "镇靖镇 赵干事"),
    DemoAccount("tongji", Role.UNIT_STAFF, "县统计局", "统计局 陈科员"),
    DemoAccount("assessor", Role.ASSESSOR, None, "考核组 周老师"),
    DemoAccount("admin", Role.ADMIN, None, "系统管理员"),
]


# ``gongkai demo --counties 2``: the second county and the city's own accounts.
@dataclass(frozen=True)
class DemoCounty:
    name: str
    slug: str
    hosts: str
    prefix: str  # of its demo accounts' usernames (usernames are unique deployment-wide)
    place: str  # replaces 靖边 in the template's unit names


FIRST_COUNTY = DemoCounty(
    "靖边县", "jingbian", "jingbian.localhost\nlocalhost\n127.0.0.1", "", "靖边"
)
OTHER_COUNTIES = [DemoCounty("横山区", "hengshan", "hengshan.localhost", "hs_", "横山")]
DEMO_COUNTIES = [FIRST_COUNTY, *OTHER_COUNTIES]
CITY_ACCOUNTS = [
    DemoAccount("city_supervisor", Role.SUPERVISOR, None, "市政务公开办 孙科长"),
    DemoAccount("city_admin", Role.ADMIN, None, "市级系统管理员"),
]


def accounts_of(county: DemoCounty) -> list[DemoAccount]:
    """The demo accounts of ``county``: the first county's as they always were, another's with
    its prefix and its own name in the unit names."""
    if not county.prefix:
        return DEMO_ACCOUNTS
    return [
        DemoAccount(
            county.prefix + a.username,
            a.role,
            _local_name(a.unit_name, county) if a.unit_name else None,
            a.display_name,
        )
        for a in DEMO_ACCOUNTS
    ]


def _local_name(name: str, county: DemoCounty) -> str:
    return name.replace(FIRST_COUNTY.name, county.name).replace(FIRST_COUNTY.place, county.place)


@transaction.atomic
def create_demo_accounts(
    password: str = DEMO_PASSWORD,
    *,
    must_change_password: bool = False,
    accounts: list[DemoAccount] | None = None,
    city_wide: bool = False,
) -> list[User]:
    """The demo's accounts. ``gongkai demo`` asks each to choose its own password at first
    sign-in (a published password must not stay in use); tests keep the published one.
    Accounts are made in the county in scope (``city_wide``: accounts of no county)."""
    users = []
    for account in DEMO_ACCOUNTS if accounts is None else accounts:
        unit = Unit.objects.get(name=account.unit_name) if account.unit_name else None
        existing = User._base_manager.filter(username=account.username).first()
        if existing is not None:
            users.append(existing)
            continue
        user = User(
            username=account.username,
            role=account.role,
            unit=unit,
            display_name=account.display_name,
            must_change_password=must_change_password,
        )
        user.city_wide = city_wide
        user.set_password(password)
        user.save()
        users.append(user)
    return users


def load_app_demos(programme: Programme) -> list[str]:
    loaded = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load_demo") and config.name != "gongkai.ops":
            module.load_demo(programme)
            loaded.append(config.label)
    return loaded


def load_demo(*, must_change_password: bool = False) -> Programme:
    programme = load_builtin(2023)
    create_demo_accounts(must_change_password=must_change_password)
    load_app_demos(programme)
    return programme


def load_counties(count: int, *, must_change_password: bool = False) -> list[County]:
    """``gongkai demo --counties N``: the whole demo in the first county (靖边县, answering
    jingbian.localhost), the same in each other county (横山区 on hengshan.localhost: the
    2023 notice as its template, its own units, programme and ``hs_`` accounts), and the
    city's supervisor and administrator (accounts of no county)."""
    wanted = DEMO_COUNTIES[: max(count, 1)]
    if count > len(DEMO_COUNTIES):
        raise ValueError(f"the demo has at most {len(wanted)} counties")
    counties = []
    for demo_county in wanted:
        county = _county(demo_county)
        with scope.activate(county):
            loaded = Programme.objects.filter(year=2023).first()
            programme = loaded if loaded and demo_county.prefix else load_builtin(2023)
            if demo_county.prefix and loaded is None:
                for unit in Unit.objects.filter(name__contains=FIRST_COUNTY.place):
                    unit.name = _local_name(unit.name, demo_county)
                    unit.save(update_fields=["name"])
            create_demo_accounts(
                must_change_password=must_change_password, accounts=accounts_of(demo_county)
            )
            load_app_demos(programme)
        counties.append(county)
    with scope.all_counties():
        create_demo_accounts(
            must_change_password=must_change_password, accounts=CITY_ACCOUNTS, city_wide=True
        )
    resolve.forget()
    return counties


def _county(demo_county: DemoCounty) -> County:
    if demo_county is FIRST_COUNTY:
        from gongkai.counties.models import default_county_id

        county = County.objects.get(pk=default_county_id())
    else:
        county = County.objects.filter(slug=demo_county.slug).first() or County(
            name=demo_county.name, slug=demo_county.slug
        )
    if not county.hosts:
        county.hosts = demo_county.hosts
        county.save()
    return county
