"""Exporting one county (command and download) and importing it as a new county."""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.counties import scope
from gongkai.counties.models import County
from gongkai.countyadmin import transfer
from gongkai.units.models import Unit
from gongkai.visits.models import Representative
from gongkai.workdays.models import DayOverride
from tests.interviews.conftest import png_upload


@pytest.fixture
def hengshan_data(city_admin, programme, hengshan):
    """County B with a programme (its own units), an account, a representative (encrypted ID
    number), a working day of its own, and a logo; plus a city-wide day that is not B's."""
    city_admin.post(
        "/counties/new/",
        {
            "name": "子洲县",
            "slug": "zizhou",
            "hosts": "zizhou.localhost",
            "template": "builtin-2023",
            "year": "2024",
        },
    )
    county = County.objects.get(slug="zizhou")
    city_admin.post(
        "/counties/zizhou/",
        {"site_name": "子洲县政务公开", "colour": "#123456", "logo_file": png_upload()},
    )
    county.refresh_from_db()
    with scope.activate(county):
        Representative.objects.create(
            name="张三",
            id_number="610824199001011234",
            phone_encrypted="13800000000",
            address="子洲县双湖峪镇",
            consent_at=timezone.now(),
        )
        DayOverride.objects.create(date=dt.date(2024, 10, 8), is_workday=False, note="县庆")
    with scope.all_counties():
        DayOverride.objects.create(date=dt.date(2024, 10, 1), is_workday=False, note="国庆")
    return county


def counts_of(county: County) -> dict[str, int]:
    with scope.activate(county):
        return {
            m._meta.label: n
            for m in transfer.county_models()
            if (n := transfer.rows_of(m, county).count())
        }


def test_the_export_holds_the_countys_rows_and_files_only(hengshan_data, tmp_path):
    target = tmp_path / "zizhou.zip"
    call_command("export_county", "zizhou", str(target), stdout=io.StringIO())
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = json.loads(archive.read("rows.json"))
        names = archive.namelist()
    assert manifest["county"]["name"] == "子洲县"
    assert manifest["counts"] == counts_of(hengshan_data)
    units = [r for r in rows if r["model"] == "units.unit"]
    assert units and {r["fields"]["county"] for r in units} == {hengshan_data.pk}
    days = [r["fields"]["note"] for r in rows if r["model"] == "workdays.dayoverride"]
    assert days == ["县庆"]  # not the city's 国庆
    users = {r["fields"]["username"] for r in rows if r["model"] == "accounts.user"}
    assert users == {"zizhou-county", "zizhou-service", "zizhou-media"}
    # Personal data stays ciphertext.
    representative = next(r for r in rows if r["model"] == "visits.representative")
    assert "610824199001011234" not in json.dumps(representative, ensure_ascii=False)
    assert "13800000000" not in archive_text(target)
    assert f"media/{hengshan_data.logo.name}" in names


def archive_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_the_export_is_built_in_the_background_and_downloaded(
    city_admin, client_as, hengshan_data, settings, django_capture_on_commit_callbacks
):
    from gongkai.audit.models import AuditEntry
    from gongkai.countyadmin.models import CountyExport

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    office = client_as("county_office")
    assert office.post("/counties/zizhou/export/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = city_admin.post("/counties/zizhou/export/")
    assert response.status_code == 302
    with scope.all_counties():
        export = CountyExport.objects.get()
    assert export.state == "ready" and export.file.name.startswith("private/county-exports/")
    url = f"/counties/zizhou/exports/{export.pk}.zip"
    assert url in city_admin.get("/counties/zizhou/").content.decode()
    assert office.get(url).status_code == 403
    assert client_as(None).get(f"/media/{export.file.name}").status_code == 302  # sign in
    assert office.get(f"/media/{export.file.name}").status_code == 404
    response = city_admin.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="gongkai-zizhou-{export.pk}.zip"'
    )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert json.loads(archive.read("manifest.json"))["counts"] == counts_of(hengshan_data)
    with scope.all_counties():
        assert AuditEntry.objects.filter(action="export", model="counties.County").exists()
    # A second export does not carry the first one's ZIP.
    assert "countyadmin.CountyExport" not in counts_of(hengshan_data)


def test_an_export_imports_as_a_new_county_with_its_rows_and_files(hengshan_data, tmp_path):
    before = counts_of(hengshan_data)
    target = tmp_path / "zizhou.zip"
    call_command("export_county", "zizhou", str(target), stdout=io.StringIO())
    logo = hengshan_data.logo.name
    logo_bytes = default_storage.open(logo).read()
    # The county leaves this deployment (renamed, its accounts renamed, its logo file gone)...
    County.objects.filter(pk=hengshan_data.pk).update(
        name="旧子洲", slug="old", hosts="old.localhost"
    )
    with scope.all_counties():
        for user in User.objects.filter(county=hengshan_data):
            user.username = "old-" + user.username
            user.save()
    default_storage.delete(logo)
    # ... and comes back from its file.
    out = io.StringIO()
    call_command("import_county", str(target), stdout=out)
    assert "子洲县 (zizhou) imported" in out.getvalue()
    restored = County.objects.get(slug="zizhou")
    assert restored.pk != hengshan_data.pk
    assert counts_of(restored) == before
    assert counts_of(County.objects.get(slug="old")) == before  # the old one is untouched
    assert restored.colour == "#123456" and restored.logo.name == logo
    assert default_storage.open(logo).read() == logo_bytes
    with scope.activate(restored):
        representative = Representative.objects.get()
        assert representative.id_number == "610824199001011234"  # same key, readable again
        assert set(Unit.objects.values_list("county", flat=True)) == {restored.pk}
        office = User.objects.get(username="zizhou-county")
        assert office.role == Role.COUNTY_OFFICE and office.unit.county_id == restored.pk
        assert office.unit.special_role == "county_office"


def test_an_import_refuses_accounts_that_exist(hengshan_data, tmp_path):
    target = tmp_path / "zizhou.zip"
    call_command("export_county", "zizhou", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="zizhou-county"):
        call_command(
            "import_county",
            str(target),
            "--name",
            "新县",
            "--slug",
            "xin",
            "--hosts",
            "xin.localhost",
        )
    assert not County.objects.filter(slug="xin").exists()


def test_an_import_of_a_file_that_is_no_export_says_so(db, tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a county export"):
        call_command("import_county", str(bad))
