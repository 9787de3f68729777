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


@transaction.atomic
def create_demo_accounts(
    password: str = DEMO_PASSWORD, *, must_change_password: bool = False
) -> list[User]:
    """The demo's accounts. ``gongkai demo`` asks each to choose its own password at first
    sign-in (a published password must not stay in use); tests keep the published one."""
    users = []
    for account in DEMO_ACCOUNTS:
        unit = Unit.objects.get(name=account.unit_name) if account.unit_name else None
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "role": account.role,
                "unit": unit,
                "display_name": account.display_name,
                "must_change_password": must_change_password,
            },
        )
        if created:
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
