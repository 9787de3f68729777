"""Guard: every page of the foundation's staff screens has exactly one <h1>."""

import pytest

PAGES = [
    "/staff/",
    "/staff/units/",
    "/staff/units/new/",
    "/staff/units/import/",
    "/staff/programmes/",
    "/staff/programmes/new/",
    "/staff/programmes/2023/",
    "/staff/programmes/2023/edit/",
    "/staff/programmes/2023/tracks/",
    "/staff/programmes/2023/deadlines/",
    "/staff/programmes/2023/slots/",
    "/staff/programmes/2023/guests/",
    "/staff/programmes/2023/attachments/",
    "/staff/programmes/2023/participants/",
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_staff_page_has_one_h1(client_as, language):
    client = client_as("county_office")
    for url in PAGES:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_no_inline_script_or_style_in_the_foundations_templates():
    from pathlib import Path

    import gongkai

    root = Path(gongkai.__file__).resolve().parent
    offenders = []
    for app in ("core", "units", "programmes", "workbench"):
        for template in (root / app / "templates").rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            if "style=" in text or "<script>" in text or "<style" in text:
                offenders.append(template.name)
    assert offenders == []
