"""Security headers on every response; uploads served with safe headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.security.headers import DEFAULT_CSP
from tests.fixtures.pages import heading, not_found, to_sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/staff/"])
def test_headers_strict_csp_and_companions(client_as, url):
    response = client_as("unit_staff").get(url)
    assert response["Content-Security-Policy"] == DEFAULT_CSP
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_headers_csrf_enforced_on_login(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert heading(response, 403) == "表单已过期"  # the page explains what to do next
    assert "_auth_user_id" not in client.session


def test_check_deploy_clean_with_production_env(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 20 + "-production-secret-key-not-in-repo-9f8e7d6c5b4a",
        "FIELD_ENCRYPTION_KEY": "5a8Ojz2Vd7bQk3tK0m1yQm9v1Y3pYb0kq8m0uJ6x2lE=",
        "SECURE_HTTPS": "true",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "gongkai.jingbian.gov.cn",
        "GONGKAI_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser fixtures, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_repository_keys(tmp_path):
    env = {
        **os.environ,
        "SECURE_HTTPS": "true",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "gongkai.jingbian.gov.cn",
        "GONGKAI_DATA_DIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "FIELD_ENCRYPTION_KEY"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "core.E002" in result.stderr


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "poster.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "form.html").write_text("<script>alert(1)</script>")
    return tmp_path


def test_media_public_file_served_inline_with_safe_headers(client, media, db):
    response = client.get("/media/public/poster.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.fixture
def held_scan(media, personas):
    """``scans/form.html`` held by a draft policy attachment of the unit_staff persona's unit."""
    from gongkai.policies.models import PolicyAttachment
    from tests.policies.conftest import make_document

    document = make_document(personas["unit_staff"].unit)
    return PolicyAttachment.objects.create(document=document, title="表", file="scans/form.html")


def test_media_private_file_needs_sign_in_and_downloads(client, client_as, held_scan):
    response = client.get("/media/scans/form.html")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client_as("unit_staff").get("/media/scans/form.html")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_media_private_file_of_another_unit_or_of_no_row_is_404(client_as, held_scan, media):
    other = client_as("other_unit_staff").get("/media/scans/form.html")
    assert not_found(other) and "alert(1)" not in other.content.decode()
    (media / "scans" / "stray.pdf").write_bytes(b"%PDF-1.4")
    stray = client_as("service_center").get("/media/scans/stray.pdf")
    assert not_found(stray) and "Content-Disposition" not in stray


@pytest.mark.parametrize(
    "path",
    [
        "/media/public/../scans/form.html",
        "/media/public/%2e%2e/%2e%2e/etc/passwd",
        "/media/public/missing.png",
    ],
)
def test_media_no_path_traversal(client, media, path, db):
    response = client.get(path)
    assert to_sign_in(response) if response.status_code == 302 else not_found(response)
    assert "alert(1)" not in response.content.decode() and "root:" not in response.content.decode()


def test_media_accel_redirect_for_nginx(client_as, held_scan, settings):
    settings.GONGKAI_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client_as("unit_staff").get("/media/scans/form.html")
    assert response["X-Accel-Redirect"] == "/protected-media/scans/form.html"


@pytest.mark.parametrize(
    "method,data", [("get", {"q": "a\x00b"}), ("post", {"username": "x\x00", "password": "y"})]
)
def test_nul_bytes_refused_with_clear_message(client, method, data, db):
    response = getattr(client, method)("/accounts/login/", data)
    assert response.status_code == 400
    assert "\\0" in response.content.decode()  # names the character, in either language
    assert response["Content-Security-Policy"] == DEFAULT_CSP
