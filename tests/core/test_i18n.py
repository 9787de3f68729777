"""Chinese by default, English on request; every message of the foundation's apps translated."""

import re
from pathlib import Path

import pytest
from django.test import Client

import gongkai

PACKAGE = Path(gongkai.__file__).resolve().parent


def test_portal_home_is_chinese_by_default(db):
    body = Client().get("/").content.decode()
    assert "在线访谈" in body
    assert "走进政府" in body
    assert "工作人员登录" in body
    assert "长者模式" in body


def test_portal_home_in_english_after_choosing_english(db):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert "Online interviews" in body
    assert "在线访谈" not in body
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "在线访谈" in client.get("/").content.decode()


def test_portal_home_follows_accept_language(db):
    assert "Online interviews" in Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    body = Client().get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "在线访谈" in body


def test_staff_pages_speak_plain_chinese(client_as):
    client = client_as("service_center")
    assert "工作台" in client.get("/staff/").content.decode()
    units = client.get("/staff/units/").content.decode()
    assert "单位名录" in units and "镇/便民服务中心" in units
    detail = client.get("/staff/programmes/2023/").content.decode()
    assert "访谈嘉宾" in detail and "在线访谈" in detail


@pytest.mark.parametrize("app", ["core", "units", "programmes", "workbench"])
def test_every_message_is_translated(app):
    po = PACKAGE / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    assert po.with_suffix(".mo").exists()
    text = po.read_text(encoding="utf-8")
    untranslated = []
    for block in text.split("\n\n")[1:]:
        if "#, fuzzy" in block:
            untranslated.append(block)
        if re.search(r'^msgstr(\[0\])? ""$', block, re.M) and not re.search(
            r'^msgstr(\[0\])? ""\n"', block, re.M
        ):
            untranslated.append(block)
    assert untranslated == []
